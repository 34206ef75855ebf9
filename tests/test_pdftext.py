"""The PDF's text layer equals the printed text (publisher/render/pdftext.py).

Every translated paragraph of every configured locale's PDF is found in the
text pdftotext and pypdf read back, after NFC normalization, with whitespace,
line-end hyphens and the bidi marks pdftotext adds removed (they are layout,
not text).  Right-to-left paragraphs are compared word by word, each word
with its marks, and a word counts when one of the tools gives it back
exactly: both order mixed-direction runs (numbers, punctuation) visually
in places, pdftotext puts raised harakat and points on lines of their own,
pypdf ignores /ActualText, so it cannot read Nastaliq (Urdu), whose
letters share glyphs that only their dots tell apart, and pdftotext writes
a combining mark before its base in a right-to-left word (it is put back).  Text is read page by page: a
paragraph that runs over a page break is found as its beginning on one page
and its end on the next, so the running header and footer between its
halves (page furniture, not the paragraph) are skipped, while a character
lost or changed at the break still goes unfound.
"""

from __future__ import annotations

import re
import subprocess
import unicodedata
from html.parser import HTMLParser
from pathlib import Path

import pypdf
import pytest

from publisher.core.locales import locale_info
from publisher.render.pdf import PdfJob, render_pdf

# The bidi marks the tools add, and the word joiner that publisher/render/pdftext.py
# gives the glyphs standing for no character of their own (invisible,
# ignorable: a Thai sara am drawn as two glyphs, a Nastaliq dot).
BIDI_MARKS = dict.fromkeys(map(ord, "\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
                                    "\u2066\u2067\u2068\u2069\u2060"))
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
    "fa": "همکاری\u200cهای بین\u200cالمللی علمی",
    "ur": "سائنس و ٹیکنالوجی میں چین تاریخِ اشاعت مثلاً",
    "vi": "Tiếng Việt có dấu: người, được, nghiêng",
    "en": "cafe\u0301 x\u0303 naïve office",
}


def plain(text: str) -> str:
    return LAYOUT.sub("", unicodedata.normalize("NFC", text).translate(BIDI_MARKS))


RTL_BLOCKS = re.compile(r"[\u0590-\u05ff\u0600-\u06ff\u0750-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")
JOINERS = "\u200c\u200d"


def _word_character(character: str) -> bool:
    """Letters, marks and digits of the right-to-left scripts, and the zero
    width (non-)joiner inside a word (Persian "بین\u200cالمللی"); not their
    punctuation, which the tools set apart from the word by bidi marks."""
    if character in JOINERS:
        return True
    return bool(RTL_BLOCKS.match(character)) and unicodedata.category(character)[0] in "LMN"


def words(text: str) -> list[str]:
    """The right-to-left words of a text, with their marks (the tools order
    the digits and Latin letters between them visually)."""
    text = unicodedata.normalize("NFC", text)  # bidi marks are not word characters
    return "".join(c if _word_character(c) else " " for c in text).split()


def pdftotext_pages(path: Path, half: str | None = None) -> list[str]:
    """Each page's text; with ``half`` ("left" or "right"), only that half
    of each page (one column of a bilingual page: pdftotext may read two
    columns line by line across)."""
    crop = []
    if half:
        width, height = pypdf.PdfReader(path).pages[0].mediabox.upper_right
        middle = int(float(width) / 2)
        crop = ["-x", "0" if half == "left" else str(middle), "-y", "0",
                "-W", str(middle + 1), "-H", str(int(float(height)) + 1)]
    text = subprocess.run(["pdftotext", *crop, str(path), "-"], capture_output=True, text=True,
                          check=True).stdout
    return text.split("\f")


def pdftotext(path: Path) -> str:
    return "\n".join(pdftotext_pages(path))


def pypdf_pages(path: Path) -> list[str]:
    return [page.extract_text() for page in pypdf.PdfReader(path).pages]


def pypdf_text(path: Path) -> str:
    return "\n".join(pypdf_pages(path))


def marks_after_base(word: str) -> str:
    """A right-to-left word as pdftotext writes it, each combining mark put
    back after its base: pdftotext reverses such words character by
    character, so a mark comes out before its letter although the span's
    /ActualText holds them in order (Urdu "تاریخِ" comes out "تاریِخ")."""
    out, marks = [], []
    for character in word:
        if unicodedata.category(character).startswith("M"):
            marks.append(character)
        else:
            out.append(character)
            out.extend(marks)
            marks = []
    return "".join(out + marks)


def extract(path: Path, rtl: bool, half: str | None = None) -> list[str]:
    """The pages' text, as pdftotext reads it; for right-to-left text, also
    with marks put back after their bases, and as pypdf reads it (see the
    module's docstring)."""
    pages = pdftotext_pages(path, half)
    if not rtl:
        return pages
    repaired = [" ".join(marks_after_base(word) for word in words(page)) for page in pages]
    return pages + repaired + pypdf_pages(path)


class _Blocks(HTMLParser):
    """The text of each block inside the elements ``inside`` accepts (by tag
    and attributes): a page's article, or one column of a bilingual page."""

    def __init__(self, inside) -> None:
        super().__init__()
        self.blocks: list[str] = []
        self._current: list[str] | None = None
        self._inside = inside
        self._open: list[bool] = []  # per open element: does it start a region?
        self._depth = 0

    def handle_starttag(self, tag, attrs):
        if tag in VOID:
            return
        starts = self._inside(tag, dict(attrs))
        self._open.append(starts)
        self._depth += starts
        if self._depth and tag in BLOCKS:
            self._current = []

    def handle_endtag(self, tag):
        if tag in VOID or not self._open:
            return
        if tag in BLOCKS and self._current is not None:
            self.blocks.append("".join(self._current))
            self._current = None
        self._depth -= self._open.pop()

    def handle_data(self, data):
        if self._current is not None:
            self._current.append(data)


VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}


def blocks(html: str, inside) -> list[str]:
    parser = _Blocks(inside)
    parser.feed(html)
    return [block for block in parser.blocks if block.strip()]


def article_blocks(html: str) -> list[str]:
    return blocks(html, lambda tag, attrs: tag == "article")


def column_blocks(html: str, column: str) -> list[str]:
    """The blocks of one column ("source" or "target") of a bilingual page's
    rows (its title header excepted)."""
    return blocks(html, lambda tag, attrs: tag == "div" and column in attrs.get("class", "").split())


DIGITS = re.compile(r"\d+")


def _bodies(pages: list[str]) -> list[str]:
    """Each page's text without its furniture: the lines among its first and
    last few found, digits aside, at another page's top or bottom too
    (running header, "Page 1 of 2").  Setting aside too much can only fail a
    paragraph."""
    masked = [[DIGITS.sub("#", plain(line)) for line in page.splitlines()] for page in pages]
    bodies = []
    for k, lines in enumerate(masked):
        edges = [[line for line in other if line] for other in masked]
        elsewhere = [line for j, other in enumerate(edges) if j != k
                     for line in other[:3] + other[-3:]]

        def furniture(line: str) -> bool:
            # A footer cut by a column's edge may keep a little more or less.
            return not line or line in elsewhere or len(line) >= 4 and any(
                len(other) >= 4 and (line in other or other in line) for other in elsewhere)

        # Furniture among a page's first and last few lines (extraction may
        # put a column's first line before the running header).
        raw = pages[k].splitlines()
        edge = set(range(min(4, len(lines)))) | set(range(max(0, len(lines) - 4), len(lines)))
        kept = [raw[i] for i in range(len(lines)) if not (i in edge and furniture(lines[i]))]
        bodies.append(plain("\n".join(kept)))
    return bodies


def _found(paragraph: str, pages: list[str], bodies: list[str]) -> bool:
    """On one page, or begun at the end of one page's body and ended at the
    beginning of the next one's."""
    if any(paragraph in page for page in pages + bodies):
        return True
    for body, following in zip(bodies, bodies[1:]):
        for cut in range(1, len(paragraph)):
            if body.endswith(paragraph[:cut]) and following.startswith(paragraph[cut:]):
                return True
    return False


def missing(paragraphs: list[str], extracted: str | list[str], rtl: bool) -> list[str]:
    """The paragraphs (right-to-left: words) not found in the extracted
    text, a string or one string per page."""
    pages = [extracted] if isinstance(extracted, str) else extracted
    if rtl:
        found = {w for page in pages for w in words(page)}
        return [w for p in paragraphs for w in words(p) if w not in found]
    flat, bodies = [plain(page) for page in pages], _bodies(pages)
    return [p for p in paragraphs if not _found(plain(p), flat, bodies)]


def test_extends_the_weasyprint_function_it_was_made_from():
    """Fails when WeasyPrint changes draw_first_line: re-make the copy in
    publisher/render/pdftext.py from the new source, then update EXTENDED_SHA256."""
    import weasyprint.draw.text as text

    from publisher.render import pdftext

    assert pdftext.source_digest(pdftext.ORIGINAL) == pdftext.EXTENDED_SHA256, (
        f"WeasyPrint's {pdftext.EXTENDED} is not the one publisher/render/pdftext.py extends")
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
    rtl = lang in ("ar", "he", "fa", "ur")
    # pdftotext puts raised harakat and points on lines of their own; pypdf
    # reads right-to-left lines exactly.  pypdf ignores /ActualText, so the
    # Indic, Thai and combining-mark clusters, and Nastaliq, whose letters
    # share glyphs, are read by pdftotext.
    if lang == "ur":
        extracted = extract(scripts_pdf, True)[:-len(pypdf_pages(scripts_pdf))]
    else:
        extracted = pypdf_text(scripts_pdf) if rtl else pdftotext(scripts_pdf)
    assert missing([SCRIPTS[lang]], extracted, rtl) == []
    if not rtl:
        # pypdf, like pdf.js, ignores /ActualText and reads glyph by glyph:
        # each glyph's own ToUnicode text, in the order drawn, is the text.
        assert missing([SCRIPTS[lang]], pypdf_text(scripts_pdf), False) == []


def test_no_glyph_stands_for_empty_text(scripts_pdf):
    """Every ToUnicode entry of every font maps to some text (an empty one
    is a malformed CMap for PDF/UA validators, and pdf.js then shows the
    glyph id as a character)."""
    reader = pypdf.PdfReader(scripts_pdf)
    entries = 0
    for font in reader.pages[0]["/Resources"]["/Font"].values():
        cmap = font.get_object()["/ToUnicode"].get_object().get_data().decode("latin-1")
        pairs = re.findall(r"<([0-9a-f]{4})> <([0-9a-f]*)>", cmap)
        entries += len(pairs)
        assert [code for code, text in pairs if not text] == [], font.get_object()["/BaseFont"]
    assert entries > 100


def _actual_texts(path: Path) -> list[str]:
    """The /ActualText strings of the first page's content stream."""
    import pikepdf

    with pikepdf.open(path) as pdf:
        return [str(operands[1].ActualText) for operands, operator
                in pikepdf.parse_content_stream(pdf.pages[0])
                if str(operator) == "BDC" and "/ActualText" in operands[1]]


def test_a_right_to_left_letter_with_its_points_is_read_once_and_in_no_span(scripts_pdf):
    """A Hebrew letter and its points, each its own glyph, carry their own
    characters: no /ActualText span (pdf.js ends a text item at each one and
    reads a right-to-left line's items from the left), and no span opened at
    the cluster's second glyph either (pdftotext then read the points twice)."""
    hebrew = [text for text in _actual_texts(scripts_pdf)
              if any("\u0590" <= c <= "\u05ff" for c in text)]
    # (a cluster drawn with a point moved down stays in its span: see pdftext.py)
    assert [text for text in hebrew if len(text) == 2] == []
    text = pdftotext(scripts_pdf)
    for point in {c for c in SCRIPTS["he"] if unicodedata.category(c) == "Mn"}:
        assert text.count(point) <= SCRIPTS["he"].count(point), hex(ord(point))


def test_a_cluster_is_cut_into_one_piece_per_glyph():
    from publisher.render.pdftext import FILLER, split_text

    assert split_text("कि", 2) == ["क", "ि"]
    assert split_text("क्ष", 1) == ["क्ष"]
    assert split_text("स्ति", 3) == ["स", "्", "ति"]
    # a two-part vowel drawn as two glyphs around its consonant
    assert "".join(split_text("கொ", 3)) == unicodedata.normalize("NFD", "கொ")
    assert split_text("ำ", 2) == ["ำ", FILLER]
    assert split_text("", 1) == [FILLER]


@pytest.fixture
def site(sample_build) -> tuple[Path, list[str]]:
    settings, _ = sample_build
    return settings.output_dir, list(settings.all_locales)


def test_every_locale_pdf_holds_every_translated_paragraph(site):
    out, locales = site
    problems = {}
    for locale in locales:
        rtl = locale_info(locale).direction == "rtl"
        for page in sorted((out / locale).glob("*.pdf")):
            if page.stem.endswith("-bilingual"):
                continue
            paragraphs = article_blocks(page.with_suffix(".html").read_text(encoding="utf-8"))
            assert paragraphs, page
            lost = missing(paragraphs, extract(page, rtl), rtl)
            if lost:
                problems[f"{locale}/{page.name}"] = lost[:3]
    assert problems == {}


def test_every_bilingual_pdf_holds_both_columns(site):
    """Source and translation side by side: both come back, each read the
    way its direction needs."""
    out, locales = site
    problems, seen = {}, 0
    for locale in locales:
        for page in sorted((out / locale).glob("*-bilingual.pdf")):
            seen += 1
            html = page.with_suffix(".html").read_text(encoding="utf-8")
            for column, lang in (("source", locales[0]), ("target", locale)):
                paragraphs = column_blocks(html, column)
                assert paragraphs, (page, column)
                rtl = locale_info(lang).direction == "rtl"
                # Each column is read alone, and is on the left or the right.
                left = missing(paragraphs, extract(page, rtl, "left"), rtl)
                right = missing(paragraphs, extract(page, rtl, "right"), rtl)
                lost = [item for item in left if item in right]
                if lost:
                    problems[f"{locale}/{page.name} {column}"] = lost[:3]
    assert seen
    assert problems == {}


def test_left_to_right_scripts_are_also_exact_for_pypdf(site):
    """Indic and Thai too: pypdf ignores /ActualText, like pdf.js, so each
    glyph's own text must add up to the cluster's."""
    out, locales = site
    for locale in locales:
        if locale_info(locale).direction == "rtl":
            continue
        for page in sorted((out / locale).glob("*.pdf")):
            if page.stem.endswith("-bilingual"):
                continue
            paragraphs = article_blocks(page.with_suffix(".html").read_text(encoding="utf-8"))
            assert missing(paragraphs, pypdf_pages(page), False) == [], page


def test_without_the_extension_the_hindi_text_is_wrong(tmp_path):
    """The test above can fail: WeasyPrint's own drawing loses Hindi text."""
    from publisher.render import pdftext

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

    from publisher.cli import main
    from publisher.render import pdftext

    root = tmp_path / "project"
    (root / "documents").mkdir(parents=True)
    (root / "publisher.toml").write_text('source_locale = "en"\nlocales = []\n', encoding="utf-8")
    (root / "documents" / "a.md").write_text("---\ntitle: A\n---\n\nText.\n", encoding="utf-8")
    monkeypatch.setattr(pdftext, "install", lambda: False)
    result = CliRunner().invoke(main, ["--project", str(root), "build", "--format", "pdf",
                                       "--jobs", "1"])
    assert result.exit_code == 0, result.output
    assert "not the one publisher's text layer extends" in result.output


def test_a_paragraph_across_a_page_break_is_found_but_not_a_changed_one():
    """The page furniture between a paragraph's halves is skipped; a
    character lost or changed at the break is not."""
    pages = ["Title of the document\nBody one.\nThe paragraph begins here\nPage 1 of 2",
             "Title of the document\nand ends here.\nNext.\nPage 2 of 2"]
    assert missing(["The paragraph begins here and ends here."], pages, False) == []
    for wrong in ("The paragraph begins her and ends here.", "The paragraph begins here, ends here."):
        assert missing([wrong], pages, False) == [wrong]
    assert missing(["ends here. The paragraph begins here"], pages, False) != []


def test_a_zero_width_non_joiner_carried_in_the_text_layer_draws_nothing(tmp_path):
    """The joiners are drawn with the font's own glyph for them, so that the
    text layer keeps them (Persian "بین\u200cالمللی"); Noto's glyph for them
    is a visible bar, so it is drawn in text render mode 3: alefs with a
    non-joiner between each two (alef joins no following letter: the same
    shapes) print exactly as the alefs alone."""
    pixels = {}
    for name, text in (("plain", "ا" * 12), ("joiners", "\u200c".join("ا" * 12))):
        page = tmp_path / f"{name}.html"
        page.write_text('<!DOCTYPE html><html lang="fa" dir="rtl"><head><meta charset="utf-8">'
                        '<style>p { font: 40pt "Noto Naskh Arabic" }</style></head>'
                        f'<body><p>{text}</p></body></html>', encoding="utf-8")
        render_pdf(PdfJob(page, tmp_path / f"{name}.pdf", (tmp_path,)))
        subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile",
                        str(tmp_path / f"{name}.pdf"), str(tmp_path / name)], check=True)
        pixels[name] = (tmp_path / f"{name}.png").read_bytes()
    assert "\u200c" in pdftotext(tmp_path / "joiners.pdf")
    assert pixels["joiners"] == pixels["plain"]
