"""The sample, built end to end into a temporary folder, read back as a user would."""

from __future__ import annotations

import re
import subprocess
import unicodedata
from html.parser import HTMLParser

import pypdf
import pytest

from publisher.catalogs.pofile import read_po
from publisher.core.locales import locale_info, script_of
from publisher.sources.config import load_settings

from conftest import ROOT

# Every locale of the project, whatever it is when the tests run.
LOCALES = list(load_settings(ROOT).all_locales)
DOC = "china-st-cooperation"


def squash(text: str) -> str:
    """Text without whitespace, hyphenation, bidi controls or combining marks,
    for comparing.  (Text extraction from PDFs misplaces the vowel signs of
    shaped Devanagari and the diacritics of Arabic; the letters stay in order.)"""
    return "".join(c for c in unicodedata.normalize("NFC", text)
                   if not c.isspace() and c not in "-\u2010\u00ad"
                   and unicodedata.category(c) not in ("Cf", "Mn", "Mc", "Me"))


@pytest.fixture
def built(sample_build):
    return sample_build


def shown(catalog, msgid: str) -> str:
    """What a page shows for ``msgid``: its translation when the catalog has a
    finished one, else the source text (the build falls back to it)."""
    entry = catalog.find(msgid) if catalog is not None else None
    if entry is None or entry.fuzzy or not entry.msgstr:
        return msgid
    return entry.msgstr


def expected(settings, locale):
    """The title and first paragraph a locale's page shows, whatever its
    catalog holds: translated, or the source text where it is not."""
    source_locale = settings.source_locale
    path = settings.po_path(locale, DOC)
    catalog = read_po(path) if locale != source_locale and path.exists() else None
    source = read_po(settings.pot_path(DOC))
    title, paragraph = source.messages[0].msgid, source.messages[4].msgid
    return shown(catalog, title), shown(catalog, paragraph)


def unfinished(settings, locale: str, domain: str) -> set[str]:
    """The msgids of a catalog that have no finished translation (all of them
    when the locale has no catalog yet)."""
    path = settings.po_path(locale, domain)
    if not path.exists():
        return {m.msgid for m in read_po(settings.pot_path(domain)).messages if not m.is_header}
    return {m.msgid for m in read_po(path).messages
            if not m.is_header and not m.obsolete and (m.fuzzy or not m.translated)}


def test_every_page_and_pdf_is_written(built):
    settings, report = built
    out = settings.output_dir
    assert (out / "index.html").is_file()
    for locale in LOCALES:
        for name in (f"{DOC}.html", f"{DOC}.pdf", "index.html"):
            assert (out / locale / name).stat().st_size > 0, (locale, name)
    # The build reports a document's fallbacks exactly where its catalog has
    # unfinished entries; the catalogs' completeness is the gate's business.
    for locale in LOCALES:
        if locale == settings.source_locale:
            assert locale not in report.fallbacks
            continue
        for path in settings.document_paths():
            reported = report.fallbacks.get(locale, {}).get(path.stem, [])
            assert bool(reported) == bool(unfinished(settings, locale, path.stem)), (locale, path.stem)
    assert report.refused == []


class Root(HTMLParser):
    def __init__(self):
        super().__init__()
        self.root = None
        self.links = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.root = attrs
        if tag == "link" and attrs.get("rel") == "alternate":
            self.links.append(attrs["hreflang"])


@pytest.mark.parametrize("locale", LOCALES)
def test_html_has_lang_dir_and_translation(built, locale):
    settings, _ = built
    page = (settings.output_dir / locale / f"{DOC}.html").read_text("utf-8")
    parser = Root()
    parser.feed(page)
    assert parser.root == {"lang": locale.replace("_", "-"), "dir": locale_info(locale).direction}
    assert parser.links == [l.replace("_", "-") for l in LOCALES] + ["x-default"]
    title, _ = expected(settings, locale)
    assert title.replace("'", "&#39;") in page


@pytest.mark.parametrize("locale", LOCALES)
def test_pdf_text_fonts_and_language(built, locale):
    settings, _ = built
    pdf = settings.output_dir / locale / f"{DOC}.pdf"
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    title, paragraph = expected(settings, locale)
    assert squash(title) in squash(text)
    # Line order of extracted right-to-left text varies: compare word by word
    # (four-character pieces for Chinese and Japanese, written without spaces).
    words = [squash(w) for w in re.sub(r"\{[^}]*\}", " ", paragraph).split()]
    if script_of(locale) in ("Hans", "Hant", "Jpan"):
        joined = "".join(words)
        words = [joined[i:i + 4] for i in range(0, len(joined), 4)]
    words = [w for w in words if len(w) >= 3]
    found = [w for w in words if w in squash(text)]
    # The PDF's text layer maps each Devanagari glyph to one fixed string, so
    # words with a reph or a pre-base vowel sign come back misspelt (in
    # pdftotext and pypdf alike); most words still come back whole.
    share = 0.75 if locale == "hi" else 0.9
    assert len(words) > 20 and len(found) >= share * len(words), set(words) - set(found)
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    rows = fonts.splitlines()[2:]
    assert rows, "the PDF uses fonts"
    for row in rows:
        emb, sub = row.split()[-5], row.split()[-4]
        assert (emb, sub) == ("yes", "yes"), row
        assert "Noto" in row, row
    reader = pypdf.PdfReader(pdf)
    assert reader.trailer["/Root"]["/Lang"] == locale.replace("_", "-")
    assert squash(reader.metadata.title) == squash(title)


def test_pdf_footer_numbers_pages_in_the_locale(built):
    settings, _ = built
    for locale, words in {"de": "Seite 1 von", "fr": "Page 1 sur", "ru": "Страница 1 из"}.items():
        catalog = read_po(settings.po_path(locale, "templates"))
        footer = catalog.find("Page %(page)s of %(pages)s").msgstr
        first = footer.replace("%(page)s", "1").split("%(pages)s")[0]
        text = subprocess.run(["pdftotext", str(settings.output_dir / locale / f"{DOC}.pdf"), "-"],
                              capture_output=True, text=True, check=True).stdout
        assert squash(first) in squash(text), (locale, first)


def test_chooser_names_each_language_in_itself(built):
    settings, _ = built
    page = (settings.output_dir / "index.html").read_text("utf-8")
    for name, href in [("العربية", "ar/index.html"), ("Deutsch", "de/index.html"),
                       ("中文", "zh_CN/index.html"), ("हिन्दी", "hi/index.html")]:
        assert f'href="{href}"' in page and name in page
