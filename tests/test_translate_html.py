"""Translations are untrusted: they reach the page as text, never as markup."""

from html.parser import HTMLParser

import pytest

from publisher.catalogs.model import Catalog, Message
from publisher.catalogs.translations import Translations
from publisher.core.errors import CatalogError
from publisher.render.html import Localizer, css_string, make_environment, render_document_page
from publisher.sources.config import parse_settings
from publisher.sources.documents import parse_document
from publisher.translate.document import render_body, translate_document

SOURCE = """---
title: Hello
section: News
---

Some *text* here.

- one
- two

![A cat](cat.png)
"""


def catalog(pairs, header=None):
    result = Catalog(messages=[Message(msgid=k, msgstr=v) for k, v in pairs])
    if header:
        result.set_header_field("Plural-Forms", header)
    return result


class Collect(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags, self.attrs = [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs.extend(attrs)


def test_markup_in_a_document_translation_stays_text():
    doc = parse_document(SOURCE, "doc.md")
    hostile = ('<script>alert(1)</script> <img src=x onerror=alert(1)> '
               '[x](javascript:alert(1)) [f](file:///etc/passwd) *Texte* ici.')
    result = translate_document(doc, Translations(catalog([("Some *text* here.", hostile)]), "fr"), "en")
    html = render_body(result)
    parsed = Collect()
    parsed.feed(html)
    assert "script" not in parsed.tags and "img" in parsed.tags  # only the source's image
    assert not any(name == "onerror" for name, _ in parsed.attrs)
    assert not any(v and (v.startswith("javascript:") or v.startswith("file:")) for _, v in parsed.attrs)
    # The translation adds raw HTML and links the source does not have: the
    # source sentence is published instead, and the build says why.
    assert '<span lang="en" dir="ltr">Some <em>text</em> here.</span>' in html
    reason = next(f.reason for f in result.fallbacks if f.segment.text == "Some *text* here.")
    assert "raw HTML" in reason and "javascript:alert(1)" in reason


def test_markup_the_source_has_is_kept_in_the_translation():
    doc = parse_document(SOURCE, "doc.md")
    result = translate_document(doc, Translations(catalog([("Some *text* here.", "Du *texte* ici.")]), "fr"), "en")
    assert "<p>Du <em>texte</em> ici.</p>" in render_body(result)


def test_missing_translations_fall_back_marked_with_the_source_language():
    doc = parse_document(SOURCE, "doc.md")
    result = translate_document(doc, Translations(catalog([("one", "un"), ("A cat", "Un chat")]), "ar"), "en")
    html = render_body(result)
    assert '<li><span lang="en" dir="ltr">two</span></li>' in html
    assert 'alt="Un chat"' in html
    assert [f.segment.text for f in result.fallbacks] == ["Hello", "News", "Some *text* here.", "two"]
    assert result.meta_lang["title"] == "en"


def test_fuzzy_entries_are_not_used():
    doc = parse_document(SOURCE, "doc.md")
    fuzzy = catalog([("one", "un")])
    fuzzy.messages[0].flags.append("fuzzy")
    result = translate_document(doc, Translations(fuzzy, "fr"), "en")
    assert "one" in [f.segment.text for f in result.fallbacks]


@pytest.fixture
def settings(tmp_path):
    return parse_settings({"locales": ["fr", "ar"]}, tmp_path)


@pytest.mark.parametrize("hostile", [
    "<b>Accueil</b>", "%(secret)s", "%(date)500000000s", "{date.__class__}%", "%s",
])
def test_template_translations_are_escaped_or_refused(settings, hostile):
    localizer = Localizer(Translations(catalog([("Published %(date)s", hostile),
                                                ("Home", "<b>Accueil</b>")]), "fr"), "en")
    out = localizer.gettext("Published %(date)s", date="<i>1 mars</i>")
    assert "<b>" not in out and "<i>" not in out
    assert "&lt;i&gt;1 mars&lt;/i&gt;" in out or "&lt;b&gt;" in out
    if "%" in hostile:
        assert out.startswith("Published ")  # fell back to the source
        assert "Published %(date)s" in localizer.fallbacks


def test_plural_forms_follow_the_catalog_and_survive_bad_expressions():
    forms = Catalog(messages=[Message(msgid="%(count)s document", msgid_plural="%(count)s documents",
                                      msgstr_plural=["%(count)s документ", "%(count)s документа",
                                                     "%(count)s документов"])])
    forms.set_header_field("Plural-Forms", "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);")
    ru = Localizer(Translations(forms, "ru"), "en")
    assert ru.ngettext("%(count)s document", "%(count)s documents", 22, count=22) == "22 документа"
    assert ru.ngettext("%(count)s document", "%(count)s documents", 27785, count=27785) == "27\xa0785 документов"
    # A rule that fails only beyond the counts it is tried on: that count
    # shows the source text, the others their translation.
    forms.set_header_field("Plural-Forms", "nplurals=3; plural=n>5000 ? n%0 : n>1000 ? 7 : 0;")
    late = Localizer(Translations(forms, "ru"), "en")
    assert late.ngettext("%(count)s document", "%(count)s documents", 2, count=2) == "2 документ"
    assert late.ngettext("%(count)s document", "%(count)s documents", 2000, count=2000) == "2\xa0000 documents"
    assert late.ngettext("%(count)s document", "%(count)s documents", 6000, count=6000) == "6\xa0000 documents"
    # A rule the PO reader refuses is refused here too, never replaced.
    forms.set_header_field("Plural-Forms", "nplurals=3; plural=n%0;")
    forms.path = "locales/ru/LC_MESSAGES/templates.po"
    with pytest.raises(CatalogError, match="divides by zero") as info:
        Translations(forms, "ru")
    assert info.value.path == forms.path


def test_css_strings_cannot_escape_their_rule():
    value = css_string('"; } @import url(file:///etc/passwd); </style><script>')
    assert value.count('"') == 2 and "</style>" not in value and "<" not in value


def test_document_page_has_lang_dir_switcher_and_alternates(settings):
    doc = parse_document(SOURCE, "doc.md")
    result = translate_document(doc, Translations(catalog([]), "ar"), "en")
    html = render_document_page(settings, make_environment(settings),
                                Localizer(Translations(None, "ar"), "en"), result)
    assert '<html lang="ar" dir="rtl">' in html
    assert 'hreflang="x-default" href="../en/doc.html"' in html
    assert 'href="../fr/doc.html"' in html and 'aria-current="page">العربية' in html


FIGURES = """---
title: Report
---

By 1995, 27,785 projects had been carried out with over 93,981 people.
"""
MSGID = "By {1995}, {27,785} projects had been carried out with over {93,981} people."


@pytest.mark.parametrize("locale, translation, expected", [
    ("de", "Bis {1995} wurden {27,785} Projekte mit über {93,981} Personen durchgeführt.",
     "Bis 1995 wurden 27.785 Projekte mit über 93.981 Personen durchgeführt."),
    ("fr", "En {1995}, {27,785} projets avec plus de {93,981} personnes.",
     "En 1995, 27\u202f785 projets avec plus de 93\u202f981 personnes."),
])
def test_figures_are_written_the_locale_way(locale, translation, expected):
    doc = parse_document(FIGURES, "doc.md")
    assert doc.segments[1].text == MSGID
    result = translate_document(doc, Translations(catalog([(MSGID, translation)]), locale), "en")
    assert f"<p>{expected}</p>" in render_body(result)


@pytest.mark.parametrize("translation, problem", [
    ("Bis {1995} wurden Projekte mit über {93,981} Personen durchgeführt.", "{27,785} is missing"),
    ("Bis {1995} wurden {27,785} {27,785} Projekte mit {93,981}.", "appears 2 time(s)"),
    ("Bis {1995} wurden {27.785} Projekte mit über {93,981} Personen.", "{27.785} is not a figure"),
    ("Bis 1995 wurden 27.785 Projekte mit über 93.981 Personen.", "missing"),
])
def test_a_wrong_figure_is_never_printed(translation, problem):
    doc = parse_document(FIGURES, "doc.md")
    result = translate_document(doc, Translations(catalog([(MSGID, translation)]), "de"), "en")
    html = render_body(result)
    assert '<span lang="en" dir="ltr">By 1995, 27,785 projects' in html
    assert problem in result.fallbacks[-1].reason


def test_arabic_indic_digits_when_the_settings_ask():
    doc = parse_document(FIGURES, "doc.md")
    arabic = "بحلول عام {1995} نُفّذ {27,785} مشروعًا بمشاركة أكثر من {93,981} شخص."
    result = translate_document(doc, Translations(catalog([(MSGID, arabic)]), "ar"), "en", "arab")
    html = render_body(result)
    assert "١٩٩٥" in html and "٢٧٬٧٨٥" in html and "٩٣٬٩٨١" in html


@pytest.mark.parametrize("hostile", [
    "Du *texte* ici ![x](https://tracker.example/p.png).",
    "Du *texte* ici, [plus](https://evil.example/login).",
])
def test_links_and_images_a_translation_adds_are_not_published(hostile):
    doc = parse_document(SOURCE, "doc.md")
    result = translate_document(doc, Translations(catalog([("Some *text* here.", hostile)]), "fr"), "en")
    html = render_body(result)
    assert "example" not in html
    assert '<span lang="en" dir="ltr">Some <em>text</em> here.</span>' in html
    reason = next(f.reason for f in result.fallbacks if f.segment.text == "Some *text* here.")
    assert "not in the source" in reason


def test_a_literal_percent_in_a_plain_template_string_is_text():
    localizer = Localizer(Translations(catalog([("Download PDF", "Télécharger le PDF (100 % gratuit)")]), "fr"), "en")
    assert localizer.gettext("Download PDF") == "Télécharger le PDF (100 % gratuit)"
    assert localizer.gettext("Printed on 100% recycled paper") == "Printed on 100% recycled paper"
    assert localizer.fallbacks == ["Printed on 100% recycled paper"]
