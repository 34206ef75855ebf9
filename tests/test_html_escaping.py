"""Where translations meet HTML and CSS: escaping in every place a
translation or a front-matter field lands on the page, the template
functions (gettext, ngettext, pgettext, css_gettext), CSS strings, template
errors.  Each pins a behaviour a user can see through the public functions.
(Mutation runs of render/html.py, benchmarks/mutation.py scope html, found
the gaps these fill; benchmarks/README.md lists them.)"""

from __future__ import annotations

import os

import pytest

from publisher.catalogs.model import Catalog, Message
from publisher.catalogs.translations import Translations
from publisher.core.errors import PublisherError
from publisher.render.html import (
    Cover,
    Localizer,
    css_string,
    font_stack,
    make_environment,
    render_document_page,
    render_template,
)
from publisher.sources.config import parse_settings
from publisher.sources.documents import parse_document
from publisher.translate.document import translate_document

SOURCE = """---
title: Hello
summary: A summary
section: News
---

Some text.
"""


def translations(locale, pairs=(), plurals=(), header=None):
    messages = [Message(msgid=k, msgstr=v) for k, v in pairs]
    messages += [Message(msgid=s, msgid_plural=p, msgstr_plural=list(forms)) for s, p, forms in plurals]
    catalog = Catalog(messages=messages)
    if header:
        catalog.set_header_field("Plural-Forms", header)
    return Translations(catalog, locale)


@pytest.fixture
def settings(tmp_path):
    return parse_settings({"locales": ["fr", "de", "ar"]}, tmp_path)


def page(settings, locale, pairs, cover=None):
    document = translate_document(parse_document(SOURCE, "doc.md"), translations(locale, pairs), "en")
    return render_document_page(settings, make_environment(settings),
                                Localizer(translations(locale), "en"), document, cover)


# -- the page's own text is escaped ---------------------------------------------------

def test_a_translated_title_and_summary_are_text_on_the_page(settings):
    # (a translation that adds a tag is refused before it gets here; these are
    # the characters a translation may have and that must be escaped)
    html = page(settings, "fr", [("Hello", "R&D: 1 < 2"), ("A summary", 'Résumé "1 < 2" &amp;')])
    assert "<title>R&amp;D: 1 &lt; 2</title>" in html
    assert '<meta name="description" content="Résumé &#34;1 &lt; 2&#34; &amp;amp;">' in html
    assert '<p class="summary">Résumé &#34;1 &lt; 2&#34; &amp;amp;</p>' in html


def test_a_cover_occasion_in_another_language_is_marked_and_escaped(settings):
    html = page(settings, "fr", [], Cover(occasion="<i>Visite</i> d'État", occasion_locale="de"))
    assert '<span lang="de" dir="ltr">&lt;i&gt;Visite&lt;/i&gt; d&#39;État</span>' in html


# -- the template functions -----------------------------------------------------------

def render(settings, localizer, text, **variables):
    return make_environment(settings).from_string(text).render(**localizer.context(), **variables)


def test_templates_have_every_gettext_function(settings):
    localizer = Localizer(translations("fr", [("Home", "Accueil <1>")]), "en")
    out = render(settings, localizer, "{{ gettext('Home') }}|{{ _('Home') }}|"
                                      "{{ pgettext('menu', 'Home') }}|{{ css_gettext('Home') }}|"
                                      "{{ ngettext('one', 'many', 2) }}")
    assert out == 'Accueil &lt;1&gt;|Accueil &lt;1&gt;|Home|"Accueil \\3c 1\\3e "|many'


def test_trans_blocks_are_trimmed_and_their_figures_written_the_locale_way(settings):
    localizer = Localizer(translations("fr", [("Hello wide world", "Bonjour le monde")],
                                       [("%(count)s document", "%(count)s documents",
                                         ["%(count)s document", "%(count)s documents"])],
                                       "nplurals=2; plural=(n > 1);"), "en")
    out = render(settings, localizer, "{% trans %}Hello\n    wide world{% endtrans %}|"
                                      "{% trans count=n %}{{ count }} document{% pluralize %}"
                                      "{{ count }} documents{% endtrans %}", n=27785)
    assert out == "Bonjour le monde|27\u202f785 documents"


def test_placeholder_values_are_escaped_and_numbers_take_the_locale_digits():
    localizer = Localizer(translations("ar", [("%(n)s of %(who)s", "%(n)s من %(who)s")]), "en",
                          numbering="arab")
    assert localizer.gettext("%(n)s of %(who)s", n=12, who="<b>Ana</b>") == \
        "١٢ من &lt;b&gt;Ana&lt;/b&gt;"
    assert localizer.gettext("%(n)s of %(who)s", n=True, who="x") == "True من x"


def test_ngettext_fills_num_and_checks_the_translation_against_both_sources():
    empty = Localizer(translations("fr"), "en")
    assert empty.ngettext("%(num)s file", "%(num)s files", 1) == "1 file"
    assert empty.ngettext("%(num)s file", "%(num)s files", 3) == "3 files"
    assert empty.ngettext("one file", "%(num)s files", 5) == "5 files"
    assert empty.ngettext("%(num)s file", "many files", 1) == "1 file"
    de = Localizer(translations("de", plurals=[("%(name)s's file", "%(num)s files",
                                                ["%(name)s: eine Datei", "%(num)s Dateien"])],
                                header="nplurals=2; plural=(n != 1);"), "en")
    assert de.ngettext("%(name)s's file", "%(num)s files", 1, name="Ana") == "Ana: eine Datei"
    assert de.ngettext("%(name)s's file", "%(num)s files", 5, name="Ana") == "5 Dateien"


def test_css_gettext_gives_css_strings_and_the_given_counters():
    de = Localizer(translations("de", [("Page %(page)s of %(pages)s", 'Seite %(page)s von %(pages)s'),
                                       ("Draft", 'Entwurf "1"'), ("%(x)s", "%(x)s")]), "en")
    assert de.css_gettext("Page %(page)s of %(pages)s", page="counter(page)",
                          pages="counter(pages)") == '"Seite " counter(page) " von " counter(pages)'
    assert de.css_gettext("Draft") == '"Entwurf \\22 1\\22 "'
    assert de.css_gettext("Page %(page)s of %(pages)s", page="counter(page)") == \
        '"Seite " counter(page) " von " ""'
    assert de.css_gettext("%(x)s") == '""'
    fr = Localizer(translations("fr"), "en")
    assert fr.css_gettext("Page %(page)s of %(pages)s", page="P", pages="N") == '"Page " P " of " N'
    assert fr.fallbacks == ["Page %(page)s of %(pages)s"]


def test_font_stack_is_a_css_list_ending_in_serif():
    assert font_stack(("Noto Sans", 'A "B"')) == '"Noto Sans", "A \\22 B\\22 ", serif'


# -- templates: errors and containment ------------------------------------------------

def test_a_broken_project_template_is_an_error_with_its_file_and_line(settings):
    folder = settings.root / "templates"
    folder.mkdir()
    (folder / "broken.html").write_text("<p>\n\n{{ oops( }}\n", "utf-8")
    with pytest.raises(PublisherError) as info:
        render_template(make_environment(settings), "broken.html", {})
    error = info.value
    assert error.path == str(folder / "broken.html") and error.line == 3
    assert error.message == "template error: unexpected '}', expected ')'"
    assert error.hint == ("fix the template (a project's templates/ folder overrides "
                          "the default of the same name)")
    with pytest.raises(PublisherError) as info:
        render_template(make_environment(settings), "missing.html", {})
    assert (info.value.path, info.value.line, info.value.message) == \
        ("missing.html", None, "template error: missing.html")


def test_a_template_may_link_inside_the_project_but_not_out_of_it(settings, tmp_path):
    folder = settings.root / "templates"
    (settings.root / "shared").mkdir()
    folder.mkdir()
    (settings.root / "shared" / "inside.html").write_text("inside", "utf-8")
    os.symlink(settings.root / "shared" / "inside.html", folder / "inside.html")
    assert render_template(make_environment(settings), "inside.html", {}) == "inside"
    outside = tmp_path.parent / f"{tmp_path.name}-outside.html"
    outside.write_text("secret", "utf-8")
    os.symlink(outside, folder / "outside.html")
    with pytest.raises(PublisherError) as info:
        render_template(make_environment(settings), "outside.html", {})
    assert info.value.path == str(folder / "outside.html")
    assert info.value.message.startswith("the template is a symlink to ")


# -- what a document page shows of its front matter -----------------------------------

FULL = """---
title: Hello
summary: A summary
section: News
author: Ana
date: 2026-03-01
---

Some text.
"""


def full_page(settings, pairs, cover=None, text=FULL, marks=None):
    document = translate_document(parse_document(text, "doc.md"), translations("fr", pairs), "en")
    document.proof_marks.update(marks or {})
    return render_document_page(settings, make_environment(settings),
                                Localizer(translations("fr"), "en"), document, cover)


def test_the_front_matter_reaches_its_places_on_the_page(settings):
    html = full_page(settings, [("Hello", "Bonjour"), ("A summary", "Résumé"), ("Some text.", "Du texte.")],
                     Cover(occasion="Visite d'État"))
    assert "<title>Bonjour</title>" in html and "<h1>Bonjour</h1>" in html
    assert '<meta name="description" content="Résumé">' in html
    assert '<meta name="keywords" content="News">' in html
    assert '<meta name="author" content="Ana">' in html
    assert '<p class="summary">Résumé</p>' in html
    # an untranslated field is shown in the source language, marked as such
    assert '<p class="cover-section"><span lang="en" dir="ltr">News</span></p>' in html
    assert '<p class="cover-title">Bonjour</p>' in html
    assert "<p class=\"cover-occasion\">Visite d&#39;État</p>" in html
    assert '<p class="cover-date"><time datetime="2026-03-01">1 mars 2026</time></p>' in html
    assert '<time datetime="2026-03-01">Published 1 mars 2026</time>' in html
    assert "<p>Du texte.</p>" in html


def test_fields_that_are_missing_or_not_text_are_left_out(settings):
    html = full_page(settings, [], Cover(occasion="  "), text="---\nsummary: 5\nsection: [a]\n"
                                                              "author: 7\ndate: soon\n---\n\nText.\n")
    assert "<title>doc</title>" in html and "<h1>doc</h1>" in html
    assert 'name="description"' not in html and 'class="summary"' not in html
    assert 'name="keywords"' not in html and 'name="author"' not in html
    assert "cover-section" not in html and "cover-occasion" not in html
    assert "<time" not in html and "Published" not in html


def test_proof_marks_surround_their_field(settings):
    from markupsafe import Markup
    html = full_page(settings, [("Hello", "Bonjour")],
                     marks={"title": (Markup('<mark class="t">'), Markup("</mark>"))})
    assert '<h1><mark class="t">Bonjour</mark></h1>' in html


def test_a_project_template_gets_every_field_of_the_document(settings):
    (settings.root / "templates").mkdir()
    (settings.root / "templates" / "document.html").write_text(
        "{{ document.name }}|{{ document.title }}|{{ document.title_text }}|{{ document.section_text }}|"
        "{{ document.author_text }}|{{ document.summary_text }}|{{ document.date }}", "utf-8")
    assert full_page(settings, [("Hello", "Bonjour")]) == \
        "doc|Bonjour|Bonjour|News|Ana|A summary|2026-03-01"
    assert full_page(settings, [], text="---\nsummary: 5\nsection: [a]\nauthor: 7\n---\n\nText.\n") == \
        "doc|doc|doc||||None"


def test_project_templates_render_with_strict_names_and_tidy_block_lines(settings):
    folder = settings.root / "templates"
    folder.mkdir()
    (folder / "lines.html").write_text("<ul>\n  {% for x in items %}\n  <li>{{ x }}</li>\n"
                                       "  {% endfor %}\n</ul>\n", "utf-8")
    (folder / "typo.html").write_text("<p>\n{{ titel }}\n", "utf-8")
    env = make_environment(settings)
    assert render_template(env, "lines.html", {"items": ["a", "b"]}) == \
        "<ul>\n  <li>a</li>\n  <li>b</li>\n</ul>\n"
    with pytest.raises(PublisherError) as info:
        render_template(env, "typo.html", {})
    assert info.value.message == "template error: 'titel' is undefined"
    assert info.value.path == str(folder / "typo.html") and info.value.line == 2


# -- pgettext, css_gettext, CSS strings, missing values --------------------------------

def localizer(locale, messages=()):
    return Localizer(Translations(Catalog(messages=list(messages)), locale), "en")


def test_pgettext_takes_the_translation_of_its_context_and_fills_it():
    fr = localizer("fr", [Message(msgid="Home", msgstr="Accueil"),
                          Message(msgid="Home", msgstr="Page d'accueil", msgctxt="menu"),
                          Message(msgid="%(n)s of <%(all)s>", msgstr="%(n)s sur <%(all)s>",
                                  msgctxt="pager")])
    assert fr.pgettext("menu", "Home") == "Page d&#39;accueil"
    assert fr.gettext("Home") == "Accueil"
    assert fr.pgettext("pager", "%(n)s of <%(all)s>", n=2, all="<b>") == \
        "2 sur &lt;&lt;b&gt;&gt;"
    assert fr.fallbacks == []
    assert fr.pgettext("footer", "Home") == "Home"       # no entry in that context
    assert fr.fallbacks == ["Home"]


def test_a_translation_with_placeholders_its_source_lacks_is_not_used():
    de = localizer("de", [Message(msgid="Page %(n)s", msgstr="Seite %(n)s %(secret)s",
                                  msgctxt="pager"),
                          Message(msgid="Page %(n)s", msgstr="Seite %(n)s von %(total)s")])
    assert de.pgettext("pager", "Page %(n)s", n=3, secret="x") == "Page 3"
    assert de.css_gettext("Page %(n)s", n="counter(page)", total="x") == '"Page " counter(page)'
    assert de.fallbacks == ["Page %(n)s"]


def test_the_source_locale_reports_no_fallbacks():
    en = localizer("en")
    assert en.gettext("Home") == "Home" and en.pgettext("menu", "Home") == "Home"
    assert en.css_gettext("Page") == '"Page"'
    assert en.fallbacks == []


def test_css_strings_escape_control_characters_and_nothing_else():
    assert css_string("a\nb\x7fc\x1f") == '"a\\a b\\7f c\\1f "'
    assert css_string("XX \x80 é") == '"XX \x80 é"'


def test_a_template_that_gives_too_few_values_shows_the_text_escaped():
    fr = localizer("fr", [Message(msgid="%(n)s of <%(all)s>", msgstr="%(n)s sur <%(all)s>")])
    assert fr.gettext("%(n)s of <%(all)s>", n=1) == "%(n)s sur &lt;%(all)s&gt;"
