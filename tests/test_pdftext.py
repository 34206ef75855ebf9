"""The PDF's text layer equals the printed text (publisher/pdftext.py).

Every translated paragraph of every configured locale's PDF is found in the
text pdftotext and pypdf read back, after NFC normalization, with whitespace,
line-end hyphens and the bidi marks pdftotext adds removed (they are layout,
not text).  Right-to-left paragraphs are compared word by word, each word
with its marks: both tools order mixed-direction runs (numbers, punctuation)
visually, which no text layer can change.
"""

from __future__ import annotations

import re
import subprocess
import unicodedata
from html.parser import HTMLParser
from pathlib import Path

import pypdf
import pytest

from publisher.build import build
from publisher.config import load_settings
from publisher.locales import locale_info
from publisher.pdf import PdfJob, render_pdf

from conftest import copy_project

BIDI_MARKS = dict.fromkeys(map(ord, "\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
                                    "\u2066\u2067\u2068\u2069"))
LAYOUT = re.compile(r"[\s\u2010\u00ad-]+")
BLOCKS = ("h1", "h2", "h3", "h4", "p", "li", "td", "th")

# Text that WeasyPrint 70 alone gives back wrong, one paragraph per script.
SCRIPTS = {
    "hi": "अंतरराष्ट्रीय सहयोग एवं विकास के लिए किसी भी समझौते",
    "bn": "আন্তর্জাতিক সহযোগিতা ক্ষেত্রে বিজ্ঞান ও প্রযুক্তি",
    "ta": "தமிழ் மொழி கொண்டு பேசுகிறோம் கை கொ",
    "th": "ภาษาไทยเป็นภาษาที่สวยงาม น้ำ ผู้ใหญ่",
    "ar": "تُعَدُّ الشَّرَاكَةُ بَيْنَ الْبَلَدَيْنِ مُهِمَّةً",
    "he": "בְּרֵאשִׁית בָּרָא אֱלֹהִים אֵת הַשָּׁמַיִם",
    "vi": "Tiếng Việt có dấu: người, được, nghiêng",
    "en": "cafe\u0301 x\u0303 naïve office",
}


def plain(text: str) -> str:
    return LAYOUT.sub("", unicodedata.normalize("NFC", text).translate(BIDI_MARKS))


RTL_WORD = re.compile(r"[\u0590-\u05ff\u0600-\u06ff\u0750-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]+")


def words(text: str) -> list[str]:
    """The right-to-left words of a text, with their marks (the tools order
    the digits and Latin letters between them visually)."""
    return RTL_WORD.findall(unicodedata.normalize("NFC", text).translate(BIDI_MARKS))


def pdftotext(path: Path) -> str:
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


def pypdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(path).pages)


class _Blocks(HTMLParser):
    """The text of each block of a page's article."""

    def __init__(self) -> None:
        super().__init__()
        self.blocks: list[str] = []
        self._current: list[str] | None = None
        self._article = False

    def handle_starttag(self, tag, attrs):
        self._article |= tag == "article"
        if self._article and tag in BLOCKS:
            self._current = []

    def handle_endtag(self, tag):
        if tag in BLOCKS and self._current is not None:
            self.blocks.append("".join(self._current))
            self._current = None
        self._article &= tag != "article"

    def handle_data(self, data):
        if self._current is not None:
            self._current.append(data)


def article_blocks(html: str) -> list[str]:
    parser = _Blocks()
    parser.feed(html)
    return [block for block in parser.blocks if block.strip()]


def missing(paragraphs: list[str], extracted: str, rtl: bool) -> list[str]:
    if rtl:
        found = set(words(extracted))
        return [w for p in paragraphs for w in words(p) if w not in found]
    flat = plain(extracted)
    return [p for p in paragraphs if plain(p) not in flat]


def test_extends_the_weasyprint_function_it_was_made_from():
    """Fails when WeasyPrint changes draw_first_line: re-make the copy in
    publisher/pdftext.py from the new source, then update EXTENDED_SHA256."""
    import weasyprint.draw.text as text

    from publisher import pdftext

    assert pdftext.source_digest(pdftext.ORIGINAL) == pdftext.EXTENDED_SHA256, (
        f"WeasyPrint's {pdftext.EXTENDED} is not the one publisher/pdftext.py extends")
    assert pdftext.install()
    assert text.draw_first_line is pdftext.draw_first_line


@pytest.fixture(scope="module")
def scripts_pdf(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("scripts")
    body = "".join(f'<p lang="{lang}" dir="{locale_info("ar" if lang == "he" else lang).direction}">'
                   f"{text}</p>" for lang, text in SCRIPTS.items())
    page = folder / "scripts.html"
    page.write_text(f'<!DOCTYPE html><html><head><meta charset="utf-8"></head><body>{body}'
                    "</body></html>", encoding="utf-8")
    render_pdf(PdfJob(page, folder / "scripts.pdf", (folder,)))
    return folder / "scripts.pdf"


@pytest.mark.parametrize("lang", sorted(SCRIPTS))
def test_every_script_comes_back_exactly(scripts_pdf, lang):
    rtl = lang in ("ar", "he")
    # pdftotext puts raised harakat and points on lines of their own; pypdf
    # reads right-to-left lines exactly.  pypdf ignores /ActualText, so the
    # Indic, Thai and combining-mark clusters are read by pdftotext.
    extracted = pypdf_text(scripts_pdf) if rtl else pdftotext(scripts_pdf)
    assert missing([SCRIPTS[lang]], extracted, rtl) == []


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> tuple[Path, list[str]]:
    root = copy_project(tmp_path_factory.mktemp("pdftext") / "project")
    settings = load_settings(root)
    build(settings, formats=("html", "pdf"))
    return root / "dist", list(settings.all_locales)


def test_every_locale_pdf_holds_every_translated_paragraph(site):
    out, locales = site
    problems = {}
    for locale in locales:
        rtl = locale_info(locale).direction == "rtl"
        for page in sorted((out / locale).glob("*.pdf")):
            paragraphs = article_blocks(page.with_suffix(".html").read_text(encoding="utf-8"))
            assert paragraphs, page
            text = pypdf_text(page) if rtl else pdftotext(page)
            lost = missing(paragraphs, text, rtl)
            if lost:
                problems[f"{locale}/{page.name}"] = lost[:3]
    assert problems == {}


def test_simple_scripts_are_also_exact_for_pypdf(site):
    out, locales = site
    for locale in locales:
        if locale_info(locale).direction == "rtl" or locale.split("_")[0] in ("hi", "bn", "ta",
                                                                              "th", "mr", "ne"):
            continue
        for page in sorted((out / locale).glob("*.pdf")):
            paragraphs = article_blocks(page.with_suffix(".html").read_text(encoding="utf-8"))
            assert missing(paragraphs, pypdf_text(page), False) == [], page


def test_without_the_extension_the_hindi_text_is_wrong(tmp_path):
    """The test above can fail: WeasyPrint's own drawing loses Hindi text."""
    from publisher import pdftext

    page = tmp_path / "hi.html"
    page.write_text(f'<meta charset="utf-8"><p lang="hi">{SCRIPTS["hi"]}</p>', encoding="utf-8")
    pdftext.uninstall()
    try:
        import weasyprint
        weasyprint.HTML(filename=str(page)).write_pdf(tmp_path / "hi.pdf")
    finally:
        pdftext.install()
    assert missing([SCRIPTS["hi"]], pdftotext(tmp_path / "hi.pdf"), False)


def test_another_weasyprint_is_reported_not_hidden(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from publisher import pdftext
    from publisher.cli import main

    root = tmp_path / "project"
    (root / "documents").mkdir(parents=True)
    (root / "publisher.toml").write_text('source_locale = "en"\nlocales = []\n', encoding="utf-8")
    (root / "documents" / "a.md").write_text("---\ntitle: A\n---\n\nText.\n", encoding="utf-8")
    monkeypatch.setattr(pdftext, "install", lambda: False)
    result = CliRunner().invoke(main, ["--project", str(root), "build", "--format", "pdf",
                                       "--jobs", "1"])
    assert result.exit_code == 0, result.output
    assert "not the one publisher's text layer extends" in result.output
