"""The package's own page words: its catalogs of the templates' strings
(publisher/locales), their lookup after a project's own templates.po along
the locale's fallback chain, what `check` asks of a project, and pages read
back in every shipped language (HTML) and in a sample of scripts (PDF)."""

from __future__ import annotations

import datetime as _dt
import re
import shutil
import subprocess
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner

from publisher.build.editions import _cover, _localizer, render_editions_index
from publisher.build.pipeline import BuildReport, build, make_localizers, plan_build, read_catalogs
from publisher.catalogs.checks import check_catalog
from publisher.catalogs.model import Message
from publisher.catalogs.pagewords import _chain, package_catalog_path, package_keys, package_locales, page_words
from publisher.catalogs.pofile import encode_po, read_po, write_po
from publisher.catalogs.translations import Translations
from publisher.cli import main
from publisher.core.locales import locale_info
from publisher.extract.pagewords import package_template
from publisher.extract.pot import load_documents
from publisher.figures.numbers import format_number
from publisher.render.html import Localizer, make_environment, render_chooser, render_document_page, render_locale_index
from publisher.sources.config import load_settings
from publisher.sources.editions import Edition
from publisher.sources.lookup import PACKAGE_DOMAIN, PACKAGE_LOCALES
from publisher.translate.document import translate_document

from projects import make_project

DATE = _dt.date(2027, 3, 14)
DOCUMENTS = 3
DOCUMENT = "---\ntitle: Report\ndate: 2027-03-14\n---\n\nThe text of the report.\n"


def words(locale: str) -> dict[str, object]:
    """The package's translations for ``locale`` (its first catalog on the chain), by msgid."""
    catalog = read_po(package_catalog_path(locale))
    return {m.msgid: (m.msgstr_plural if m.is_plural else m.msgstr)
            for m in catalog.messages if not m.is_header and not m.obsolete}


class _Page(HTMLParser):
    """The page words of a built page: the skip link, the languages menu's
    name, the first heading, the dateline, the download link, the count."""

    def __init__(self) -> None:
        super().__init__()
        self.found: dict[str, str] = {}
        self._in: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        cls = attrs.get("class") or ""
        if tag == "nav" and "languages" in cls:
            self.found["languages"] = attrs.get("aria-label", "")
        key = ("skip" if tag == "a" and cls == "skip" else
               "pdf" if tag == "a" and attrs.get("type") == "application/pdf" else
               "h1" if tag == "h1" else "dateline" if tag == "p" and cls == "dateline" else
               "count" if tag == "p" and cls == "count" else "title" if tag == "title" else None)
        if key is not None and key not in self.found:
            self._in = key
            self.found[key] = ""

    def handle_endtag(self, tag):
        self._in = None

    def handle_data(self, data):
        if self._in:
            self.found[self._in] += data


def read_page(text: str) -> dict[str, str]:
    parser = _Page()
    parser.feed(text)
    footer = re.search(r"@bottom-center \{ content: (.*?); \}", text).group(1)
    found = {key: value.strip() for key, value in parser.found.items()}
    found["footer"] = "".join(re.findall(r'"((?:[^"\\]|\\.)*)"', footer))
    return found


def css_text(text: str) -> str:
    """What the footer's CSS strings say, as read_page joins them."""
    return "".join(re.split(r"%\(\w+\)s", text))


def plural_form(locale: str, forms: list[str], n: int) -> str:
    return page_words(None, locale).lookup_plural("%(count)s document", n) or forms[0]


# -- the catalogs ------------------------------------------------------------------

def test_page_words_are_looked_for_along_the_locale_chain():
    # core.locales.fallback_chain (tests/test_locale_chain.py tests it for every CLDR locale)
    assert _chain("de_AT") == ("de_AT", "de")
    assert _chain("es_MX") == ("es_MX", "es_419", "es")
    assert _chain("pt_AO") == ("pt_AO", "pt_PT", "pt")
    assert _chain("zh_TW") == ("zh_TW", "zh_Hant_TW", "zh_Hant")     # never zh (Hans)
    assert _chain("zh_CN") == ("zh_CN", "zh")
    assert _chain("sr_Latn") == ("sr_Latn",)                          # never Cyrillic sr
    assert _chain("nb_NO") == ("nb_NO", "nb", "no")
    assert _chain("en_XA") == ()                                      # pseudo-locales


def test_every_package_catalog_is_complete_valid_and_current():
    template = package_template()
    assert encode_po(template) == (PACKAGE_LOCALES / f"{PACKAGE_DOMAIN}.pot").read_bytes(), \
        "run python -m publisher.extract.pagewords"
    shipped = package_locales()
    assert len(shipped) >= 60 and "en" in shipped
    msgfmt = shutil.which("msgfmt")
    for locale in shipped:
        path = package_catalog_path(locale)
        catalog = read_po(path)
        assert catalog.header_field("Language") == locale
        assert catalog.header_field("Plural-Forms") == locale_info(locale).plural_forms, locale
        assert any("second pass" in line for line in catalog.header.translator_comments), locale
        result = check_catalog(catalog, path=str(path), folder_locale=locale,
                               domain=PACKAGE_DOMAIN, template=template)
        assert result.ok and result.percent == 100.0 and not result.problems, \
            (locale, [p.message for p in result.problems])
        if msgfmt:
            run = subprocess.run([msgfmt, "--check", "-o", "/dev/null", str(path)],
                                 capture_output=True, text=True)
            assert run.returncode == 0 and "warning" not in run.stderr, (locale, run.stderr)


# -- HTML of every shipped catalog ---------------------------------------------------

@pytest.fixture(scope="module")
def every_language(tmp_path_factory) -> tuple[Path, list[str], dict]:
    """An English project's pages in every shipped locale and a few territory
    variants (no catalogs: the page words are the package's), read back by
    locale: {"report": ..., "index": ...}.  Each locale is rendered as the
    project's only translation, so that its page stays small."""
    root = tmp_path_factory.mktemp("every-language")
    variants = ["de_AT", "es_MX", "fr_CA", "pt_AO", "zh_TW", "ar_EG", "en_GB", "sr_Latn_BA",
                "nb_NO"]
    locales = [l for l in package_locales() if l != "en"] + variants
    make_project(root, {"report": DOCUMENT}, translate=False)
    project = load_settings(root)
    (document,) = load_documents(project)
    pages = {}
    for locale in ["en", *locales]:
        settings = replace(project, locales=(locale,))
        plan = plan_build(settings, [locale], ("html",), root / "dist", None, None, False)
        plan, catalogs = read_catalogs(settings, plan, BuildReport())
        localizers = make_localizers(settings, plan, catalogs)
        env = make_environment(settings)
        translated = translate_document(document, Translations(None, locale), "en",
                                        settings.numbering_for(locale), "latn",
                                        settings.calendar_for(locale), None)
        pages[locale] = {
            "report": read_page(render_document_page(settings, env, localizers[locale],
                                                     translated)),
            "index": read_page(render_locale_index(settings, env, localizers[locale],
                                                   [translated] * DOCUMENTS))}
        if locale == "en":
            pages[None] = {"chooser": read_page(render_chooser(settings, env, localizers, 1))}
    return root, ["en", *locales], pages


def test_every_shipped_catalog_reads_back_from_the_html(every_language):
    root, locales, pages = every_language
    settings = load_settings(root)
    for locale in locales:
        chain = [name for name in _chain(locale) if name in package_locales()]
        assert chain, locale
        expected = words(chain[0])
        localizer = Localizer(page_words(None, locale), "en", settings.numbering_for(locale),
                              calendar=settings.calendar_for(locale))
        page, index = pages[locale]["report"], pages[locale]["index"]
        assert page["skip"] == expected["Skip to content"], locale
        assert page["languages"] == expected["Languages"], locale
        assert page["pdf"] == expected["Download PDF"], locale
        assert page["footer"] == css_text(expected["Page %(page)s of %(pages)s"]), locale
        assert page["dateline"] == expected["Published %(date)s"].replace(
            "%(date)s", localizer.long_date(DATE)), locale
        assert index["h1"] == index["title"] == expected["Documents"], locale
        forms = expected["%(count)s document"]
        form = forms[Translations(read_po(package_catalog_path(chain[0])), chain[0]).plural_index(DOCUMENTS)]
        assert index["count"] == form.replace(
            "%(count)s", format_number(DOCUMENTS, locale, settings.numbering_for(locale))), locale
    assert pages[None]["chooser"]["h1"] == "Choose a language"     # the source locale's


def test_every_matrix_locale_takes_the_first_catalog_on_its_chain():
    """Each of the 1,129 locales the fonts draw gets its page words from the
    first package catalog along its CLDR chain (the source text where the
    package has none): the same words the HTML test above reads back from
    that catalog's pages."""
    from markupsafe import Markup

    from publisher.core.fonts import drawn_locales
    from publisher.core.locales import fallback_chain

    shipped = set(package_locales())
    wrong = []
    for locale in drawn_locales():
        chain = [name for name in fallback_chain(locale) if name in shipped]
        localizer = Localizer(page_words(None, locale), "en", "latn")
        expected = words(chain[0]) if chain else {}
        for msgid in ("Skip to content", "Download PDF", "Contents"):
            got = Markup(localizer.gettext(msgid)).unescape()     # as the page shows it
            if got != expected.get(msgid, msgid):
                wrong.append((locale, msgid, got))
    assert not wrong, wrong[:10]


def test_territories_take_their_parents_words(every_language):
    _, _, pages = every_language
    assert pages["de_AT"]["report"]["skip"] == "Zum Inhalt springen"
    assert pages["pt_AO"]["report"]["pdf"] == "Transferir PDF"      # pt_PT's
    assert pages["es_MX"]["report"]["pdf"] == "Descargar PDF"       # es_419 has none: es
    assert pages["zh_TW"]["report"]["pdf"] == "下載 PDF"            # zh_Hant's, not zh's
    assert pages["sr_Latn_BA"]["report"]["languages"] == "Jezici"   # sr_Latn's, not sr's
    assert pages["nb_NO"]["report"]["pdf"] == "Last ned PDF"        # no's (Bokmål)


# -- a project's own words ---------------------------------------------------------------

def _german_project_with_one_word_of_its_own(tmp_path):
    """A German project whose templates catalog translates only "Skip to
    content" (the rest is the package's): root, settings, path, catalog."""
    root = make_project(tmp_path / "site", {"report": DOCUMENT}, locales=("de",))
    settings = load_settings(root)
    po = settings.po_path("de", settings.templates_domain)
    catalog = read_po(po)
    for message in catalog.messages:        # the package's words, not the English copies
        if not message.is_header:
            message.msgstr, message.msgstr_plural = "", [""] * len(message.msgstr_plural)
    next(m for m in catalog.messages if m.msgid == "Skip to content").msgstr = "Direkt zum Inhalt"
    write_po(po, catalog)
    return root, settings, po, catalog

def test_a_project_translation_overrides_the_package_and_check_asks_only_its_own(tmp_path):
    root, settings, po, catalog = _german_project_with_one_word_of_its_own(tmp_path)
    catalog.messages = [m for m in catalog.messages if m.is_header or m.msgid != "Languages"]
    write_po(po, catalog)
    check = CliRunner().invoke(main, ["--project", str(root), "check"])
    assert check.exit_code == 0, check.output
    build(settings, formats=("html",))
    page = read_page((root / "dist/de/report.html").read_text("utf-8"))
    assert page["skip"] == "Direkt zum Inhalt"                  # the project's own
    assert page["footer"] == "Seite  von "                      # the package's
    assert page["languages"] == "Sprachen"
    assert page["dateline"] == "Veröffentlicht am 14. März 2027"
    # A string the project's templates add is the project's to translate.
    document = (root / "templates").mkdir() or root / "templates" / "document.html"
    document.write_text('{% extends "base.html" %}{% block main %}<p class="home">'
                        '{{ _("Home") }}</p>{{ document.body }}{% endblock %}', "utf-8")
    assert CliRunner().invoke(main, ["--project", str(root), "extract"]).exit_code == 0
    assert CliRunner().invoke(main, ["--project", str(root), "update"]).exit_code == 0
    check = CliRunner().invoke(main, ["--project", str(root), "check"])
    assert check.exit_code == 1 and "“Home” has no translation" in check.output
    assert "1 untranslated" in check.output, check.output      # not the package's ten
    catalog = read_po(po)
    next(m for m in catalog.messages if m.msgid == "Home").msgstr = "Startseite"
    write_po(po, catalog)
    assert CliRunner().invoke(main, ["--project", str(root), "check"]).exit_code == 0


def test_stats_count_what_the_project_must_translate_as_check_does(tmp_path):
    """The package's page words are not the project's to translate: stats
    leaves them out of its counts (and says how many), as check does; the
    project's own translation of one counts as its own."""
    import json

    root, settings, po, catalog = _german_project_with_one_word_of_its_own(tmp_path)
    entries = len([m for m in catalog.active() if not m.is_header])
    result = CliRunner().invoke(main, ["--project", str(root), "stats", "--format", "json"])
    assert result.exit_code == 0, result.output
    row = next(r for r in json.loads(result.output)["catalogs"] if r["domain"] == "templates")
    assert (row["translated"], row["untranslated"], row["package"]) == (1, 0, entries - 1)
    text = CliRunner().invoke(main, ["--project", str(root), "stats"]).output
    assert f"not counted: {entries - 1} template strings" in text
    # A string the project's templates add is counted as the project's to do.
    document = (root / "templates").mkdir() or root / "templates" / "document.html"
    document.write_text('{% extends "base.html" %}{% block main %}<p class="home">'
                        '{{ _("Home") }}</p>{{ document.body }}{% endblock %}', "utf-8")
    assert CliRunner().invoke(main, ["--project", str(root), "extract"]).exit_code == 0
    assert CliRunner().invoke(main, ["--project", str(root), "update"]).exit_code == 0
    result = CliRunner().invoke(main, ["--project", str(root), "stats", "--format", "json"])
    row = next(r for r in json.loads(result.output)["catalogs"] if r["domain"] == "templates")
    assert (row["translated"], row["untranslated"]) == (1, 1), row


def test_a_missing_templates_catalog_is_no_failure_when_the_package_says_it_all(tmp_path):
    root = make_project(tmp_path / "site", {"report": DOCUMENT}, locales=("fr",))
    settings = load_settings(root)
    settings.po_path("fr", "templates").unlink()
    check = CliRunner().invoke(main, ["--project", str(root), "check"])
    assert check.exit_code == 0, check.output
    report = build(settings, formats=("html",))     # and the build has nothing to warn of
    assert report.missing_catalogs == [] and report.fallbacks == {}


# -- editions ---------------------------------------------------------------------------

def test_edition_covers_use_the_locale_digits_and_the_index_its_words(tmp_path):
    root = make_project(tmp_path / "site", {"report": DOCUMENT})
    text = (root / "publisher.toml").read_text("utf-8").replace('source_locale = "en"',
                                                                'source_locale = "fr"')
    (root / "publisher.toml").write_text(text, "utf-8")
    settings = load_settings(root)
    edition = Edition(name="visit", path=root / "editions/visit.toml", shown="editions/visit.toml",
                      documents=("report",), locales=("ar_EG",), occasion="Visit & talks 2027",
                      cover=("Beijing, 12-14 May 2027", "G20 summit"), date=DATE)
    texts = Localizer(page_words(None, "ar_EG"), "fr", "arab")
    cover = _cover(edition, texts, texts, "ar_EG")
    # Untranslated cover text is shown as the source language's, with the
    # page's digits (and escaped once).
    marked = '<span lang="fr" dir="ltr">{}</span>'
    assert cover["lines"] == [marked.format("Beijing, ١٢-١٤ May ٢٠٢٧"), marked.format("G20 summit")]
    assert cover["heading"] == marked.format("Visit &amp; talks ٢٠٢٧")
    assert "٢٠٢٧" in cover["date"]
    page = render_editions_index(settings, make_environment(settings), [], {})
    assert "<h1>Éditions</h1>" in page and "<title>Éditions</title>" in page
    contents = _localizer(settings, "de", "editions", None)
    assert str(contents.gettext("Contents")) == "Inhalt"    # the default heading
    # no templates.po: no news for German, a warning for a language the package has no words for
    bare = next(c for c in ("wo", "xh", "ee", "ln", "ff") if not package_keys(c))
    report = BuildReport()
    _localizer(settings, "de", "templates", report)
    _localizer(settings, bare, "templates", report)
    assert [p.parent.parent.name for p in report.missing_catalogs] == [bare]


def test_a_project_translation_that_breaks_its_placeholders_gives_way_to_the_package():
    from publisher.catalogs.model import Catalog

    catalog = Catalog(header=None, messages=[
        Message(msgid="Published %(date)s", msgstr="Veröffentlicht am %(datum)s"),
        Message(msgid="%(count)s document", msgid_plural="%(count)s documents",
                msgstr_plural=["%(anzahl)s Dokument", "%(anzahl)s Dokumente"])])
    localizer = Localizer(page_words(catalog, "de"), "en")
    assert str(localizer.gettext("Published %(date)s", date="heute")) == "Veröffentlicht am heute"
    assert str(localizer.ngettext("%(count)s document", "%(count)s documents", 2, count=2)) == \
        "2 Dokumente"
    assert localizer.fallbacks == []


def test_the_source_locale_has_its_page_words_and_a_project_may_change_them(tmp_path):
    root = make_project(tmp_path / "site", {"report": DOCUMENT})
    text = (root / "publisher.toml").read_text("utf-8").replace('source_locale = "en"',
                                                                'source_locale = "fr"')
    (root / "publisher.toml").write_text(text, "utf-8")
    settings = load_settings(root)
    build(settings, formats=("html",))
    page = read_page((root / "dist/fr/report.html").read_text("utf-8"))
    assert page["dateline"] == "Publié le 14 mars 2027" and page["skip"] == "Aller au contenu"
    # the source locale's own templates.po, where the project wants other words
    po = settings.po_path("fr", settings.templates_domain)
    po.parent.mkdir(parents=True)
    po.write_text('msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
                  'msgid "Published %(date)s"\nmsgstr "Paru le %(date)s"\n', "utf-8")
    build(settings, formats=("html",))
    page = read_page((root / "dist/fr/report.html").read_text("utf-8"))
    assert page["dateline"] == "Paru le 14 mars 2027" and page["skip"] == "Aller au contenu"


def test_page_words_shown_in_english_are_marked_as_english(tmp_path):
    """A language without the package's page words shows them in English:
    each element holding one says so (lang="en" dir="ltr": read aloud as
    English, its full stop at the end of the line on a right-to-left page);
    a page whose words are translated, or in English, carries no mark."""
    root = make_project(tmp_path / "site", {"report": DOCUMENT}, locales=("dv", "de"),
                        translate=False)
    build(load_settings(root), formats=("html",))
    english = ' lang="en" dir="ltr"'
    dv = (root / "dist/dv/report.html").read_text("utf-8")
    assert '<html lang="dv" dir="rtl">' in dv
    for start in ('<a class="skip" href="#main"', '<p class="dateline"'):
        assert start + english in dv, start
    # the notice's two strings both in English: one English paragraph
    assert f"<p{english}><span>Parts of this page are not translated yet" in dv
    assert 'hreflang="en">Read the page in' in dv
    assert english in (root / "dist/dv/index.html").read_text("utf-8")
    for page in ("dist/de/report.html", "dist/en/report.html"):
        text = (root / page).read_text("utf-8")
        assert '<a class="skip" href="#main">' in text and '<p class="dateline"><time' in text
    assert "<h1>Dokumente</h1>" in (root / "dist/de/index.html").read_text("utf-8")
    # one of them translated: each marked on its own
    po = root / "locales/dv/LC_MESSAGES/templates.po"
    catalog = read_po(po)
    next(m for m in catalog.messages if m.msgid == "Read the page in %(language)s").msgstr = \
        "\u0786\u07a8\u0794\u07aa\u0787\u07b0\u0788\u07a7 %(language)s"
    write_po(po, catalog)
    build(load_settings(root), formats=("html",))
    dv = (root / "dist/dv/report.html").read_text("utf-8")
    assert f"<p><span{english}>Parts of this page are not translated yet" in dv
    assert 'hreflang="en">\u0786\u07a8' in dv


def test_the_english_mark_follows_what_each_string_shows():
    """lang_of asks what gettext shows, string by string: a translated link
    beside an untranslated notice is not marked English."""
    catalog = read_po(package_catalog_path("fr"))
    for message in catalog.messages:
        if message.msgid != "Read the page in %(language)s" and not message.is_header:
            message.msgstr = ""
            message.msgstr_plural = ["" for _ in message.msgstr_plural]
    texts = Localizer(page_words(Translations(catalog, "dv"), "dv"), "en")
    english = ' lang="en" dir="ltr"'
    assert texts.lang_of("Read the page in %(language)s") == ""
    assert texts.lang_of("Parts of this page are not translated yet and are shown in %(language)s.") == english
    assert texts.lang_of("%(count)s document", "%(count)s documents", 5) == english
    assert Localizer(page_words(None, "de"), "en").lang_of("Contents") == ""
    assert Localizer(page_words(None, "en_GB"), "en").lang_of("Contents") == ""
