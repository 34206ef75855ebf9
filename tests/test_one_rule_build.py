"""One rule, one place: every translation the build uses passes the checks
`publisher check` applies.  Each check code is listed here (a new code
fails `test_every_check_code_is_listed`): for each error about a
translation, a catalog that check refuses with that code, and the page the
build makes from it showing the source text instead; for the rest, why the
build has nothing to refuse (a warning, or a verdict on a whole catalog).

One project, one HTML build of all its locales."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from publisher.build.pipeline import build
from publisher.catalogs.checks import CODES
from publisher.catalogs.pofile import read_po, write_po
from publisher.gate.check import check_project
from publisher.sources.config import load_settings

from projects import make_project

FRONT = "---\ntitle: Report\ndate: 2026-03-01\n---\n\n"

#: code -> (the source paragraph, its translation in de, which check refuses with the code)
ENTRIES = {
    "E201": ("The budget was {27,785} euros.", "Der Haushalt betrug {27,786} Euro."),
    "E204": ("We counted {1,250} birds.", "Wir zählten {1,250}0 Vögel."),
    "E301": ("A *very* important point.", "Ein sehr wichtiger Punkt."),
    "E302": ("See [the archive](https://example.org/archive).",
             "Siehe [das Archiv](https://example.net/archiv)."),
    "E303": ("Plain words here.", "Schlichte <img src=x onerror=alert(1)> Worte."),
    "E304": ("Write to [us](mailto:office@example.org).",
             "Schreiben Sie [uns](javascript:alert(1))."),
    "E501": ("An old script sample.", "Ein Beispiel: \U00010000\U00010001."),
    "E601": ("Trailing space nowhere.", "Nirgends ein Leerzeichen am Ende. "),
    "E605": ("Words in their order.", "Worte in \u202eihrer Reihenfolge."),
    "E101": ("Left untranslated.", ""),
    "E102": ("Marked for review.", "Zur Prüfung markiert."),     # made fuzzy below
    "E103": ("Missing from the file.", None),                     # the entry is removed
}
#: code -> (template string, its translation in de)
TEMPLATE_STRINGS = {
    "E202": ("Page %(page)s of %(pages)s", "Blatt %(page)s"),
    "E203": ("Published %(date)s", "Erschienen am %(date)d"),
}


def package_word(locale: str, msgid: str) -> str:
    """The package's own translation of a template string (its page words)."""
    from publisher.catalogs.pagewords import package_translations

    return next(t.lookup(msgid) for t in package_translations(locale) if t.lookup(msgid))
#: code -> (locale, what is done to its catalogs); each such locale has every
#: string translated (by its source text, marked "T:" to be seen on the page)
CATALOGS = {
    "E401": "fr",    # Language says another locale
    "E402": "nl",    # Plural-Forms is not CLDR's for the locale
    "E403": "it",    # no charset
    "E404": "pl",    # a plural entry with fewer forms than the locale has (and the header says so)
    "E104": "es",    # a plural entry with one of its forms empty
    "E001": "sv",    # a catalog the strict reader refuses
    "E002": "da",    # no catalog for the document
}
#: codes with no translation for the build to refuse, and why
NOTHING_TO_REFUSE = {
    "E100": "the verdict on a whole catalog below its [check] threshold; each of its "
            "translations is checked on its own, and [publish] threshold decides "
            "whether the locale is published",
    "W003": "a warning about a publisher-ignore word",
    "W105": "an obsolete entry: the build never looks it up",
    "W106": "an entry the sources no longer have: the build never looks it up",
    "W107": "a catalog nothing uses: the build never reads it",
    "W305": "a warning: the translation keeps the source's markup, moved",
    "W502": "a warning: the fonts are missing, so glyphs could not be checked",
    "W602": "a warning: a copy of the source is a valid translation",
    "W603": "a warning about two catalogs together, each translation valid",
    "W604": "a warning: the build breaks the long word",
    "W701": "a warning: the glossary's term is missing",
    "W702": "a warning: the glossary's forbidden term is used",
}
PLURAL = "%(count)s document"


def test_every_check_code_is_listed():
    listed = set(ENTRIES) | set(TEMPLATE_STRINGS) | set(CATALOGS) | set(NOTHING_TO_REFUSE)
    assert listed == set(CODES)
    assert all(code.startswith("W") or code == "E100" for code in NOTHING_TO_REFUSE)


def edit(path: Path, change) -> None:
    catalog = read_po(path)
    change(catalog)
    write_po(path, catalog)


def entry(catalog, msgid: str):
    return next(m for m in catalog.messages if m.msgid == msgid)


def mark_all(catalog) -> None:
    """Every entry translated as "T:" + its source (plural forms likewise)."""
    for message in catalog.messages:
        if message.is_plural:
            message.msgstr_plural = [f"T:{message.msgid}"] * len(message.msgstr_plural)
        elif not message.msgstr or message.msgstr == message.msgid:
            message.msgstr = f"T:{message.msgid}" if "%(" not in message.msgid \
                else "T:" + message.msgid
        message.set_fuzzy(False)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    body = "\n\n".join(source for source, _ in ENTRIES.values())
    locales = ("de", *CATALOGS.values())
    root = make_project(tmp_path_factory.mktemp("one-rule") / "site",
                        {"report": FRONT + "# Report\n\n" + body + "\n"}, locales)
    po = root / "locales"
    de = po / "de/LC_MESSAGES"

    def german(catalog):
        for code, (source, translation) in ENTRIES.items():
            if translation is None:
                catalog.messages.remove(entry(catalog, source))
                continue
            entry(catalog, source).msgstr = translation
            if code == "E102":
                entry(catalog, source).set_fuzzy(True)
    edit(de / "report.po", german)

    def german_templates(catalog):
        for source, translation in TEMPLATE_STRINGS.values():
            entry(catalog, source).msgstr = translation
    edit(de / "templates.po", german_templates)
    for locale in CATALOGS.values():
        for path in (po / locale / "LC_MESSAGES").glob("*.po"):
            edit(path, mark_all)
    edit(po / "fr/LC_MESSAGES/report.po",
         lambda c: c.set_header_field("Language", "it"))
    edit(po / "nl/LC_MESSAGES/templates.po",
         lambda c: c.set_header_field("Plural-Forms", "nplurals=2; plural=(n > 1);"))
    edit(po / "it/LC_MESSAGES/report.po",
         lambda c: c.set_header_field("Content-Type", "text/plain"))

    def fewer_forms(catalog):
        entry(catalog, PLURAL).msgstr_plural = entry(catalog, PLURAL).msgstr_plural[:2]
        catalog.set_header_field("Plural-Forms", "nplurals=2; plural=(n != 1);")
    edit(po / "pl/LC_MESSAGES/templates.po", fewer_forms)

    def empty_form(catalog):
        entry(catalog, PLURAL).msgstr_plural[1] = ""
    edit(po / "es/LC_MESSAGES/templates.po", empty_form)
    path = po / "sv/LC_MESSAGES/report.po"
    path.write_text(path.read_text("utf-8") + '\nmsgid "broken\n', "utf-8")
    (po / "da/LC_MESSAGES/report.po").unlink()

    settings = load_settings(root)
    report = check_project(settings)
    problems = {(r.locale, r.domain): r.problems for r in report.catalogs}
    built = build(settings, formats=("html",))
    return root, problems, built


def page(root: Path, locale: str, name: str = "report") -> str:
    return (root / "dist" / locale / f"{name}.html").read_text("utf-8")


def body(html: str) -> str:
    """The document's own text on its page: its title and body."""
    title = html.split("<title>", 1)[1].split("</title>", 1)[0]
    return title + html.split('<div class="body">', 1)[1].split("</article>", 1)[0]


def codes(problems, locale, domain) -> set[str]:
    return {p.code for p in problems[(locale, domain)] if p.severity == "error"}


def shown(html: str, text: str) -> bool:
    """Whether ``text`` (as the page escapes it) is on the page."""
    from markupsafe import escape

    return str(escape(text)) in html or text in html


@pytest.mark.parametrize("code", sorted(CODES))
def test_the_build_falls_back_where_check_refuses(built, code):
    root, problems, report = built
    if code in NOTHING_TO_REFUSE:
        # never an error of check: nothing for the build to refuse
        assert code == "E100" or all(p.code != code or p.severity == "warning"
                                     for found in problems.values() for p in found)
        return
    if code in ENTRIES:
        source, translation = ENTRIES[code]
        found = codes(problems, "de", "report")
        if code == "E501" and code not in found:
            pytest.skip("the locale's fonts are not installed: no glyph check, here or there")
        assert code in found
        html = page(root, "de")
        if translation:
            assert not shown(html, translation.strip()), code
        # the source is shown, marked as the source language
        assert re.search(r'<span lang="en"[^>]*>[^<]*' + re.escape(source.split(" ")[0]), html), code
        lines = report.fallbacks["de"]["report"]
        if code not in ("E101", "E102", "E103"):
            assert any(f": {code} " in line for line in lines), (code, lines)
        return
    if code in TEMPLATE_STRINGS:
        source, translation = TEMPLATE_STRINGS[code]
        assert code in codes(problems, "de", "templates")
        html = page(root, "de")
        first = translation.split(" %")[0]
        # the refused translation is never shown; the package's own words are
        assert first not in html and package_word("de", source).split(" %")[0] in html, code
        return
    locale = CATALOGS[code]
    domain = "templates" if code in ("E402", "E404", "E104") else "report"
    if code == "E002":
        assert code in codes(problems, locale, "report")
        assert "T:" not in body(page(root, locale))
        return
    if code == "E001":
        assert code in codes(problems, locale, "report")
        assert locale in report.failed and not (root / "dist" / locale).exists()
        return
    assert code in codes(problems, locale, domain)
    html = page(root, locale) if domain == "report" else page(root, locale, "index")
    if code in ("E402",):
        # nothing of the refused catalog is used: the package's words instead
        assert package_word(locale, "Skip to content") in html and "T:Skip to content" not in html, code
        assert "T:Documents" not in html and "T:1 document" not in html, code
    elif code in ("E404", "E104"):
        assert "T:1 document" not in html, code
    else:
        assert "T:" not in body(html), code


def test_valid_translations_beside_them_are_used(built):
    root, problems, report = built
    # the other locales' catalogs, which check accepts, are used
    assert "T:Report" in page(root, "pl") and "T:Report" in page(root, "es")
    assert "T:Skip to content" in page(root, "fr")
    # the German page footer without %(pages)s is not printed: the package's
    # own German words are (the project's refused translation never is)
    footer = page(root, "de")
    assert 'content: "Seite " counter(page, decimal) " von "' in footer
    assert "Blatt" not in footer
