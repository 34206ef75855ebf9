"""The script matrix: every CLDR locale whose script the installed fonts
draw, grouped by script and by the conventions that change how a page is
written (numbering system, calendar, the shape of the long date), one cell
each; every cell built as HTML, PDF (with a cover) and bilingual PDF from
real text in its language, in one project and one build, then checked.

The cells come from the data (``publisher.core.fonts.drawn_locales`` and
CLDR through Babel), never from a hand-made list.  The text is the Universal
Declaration of Human Rights (``tests/data/udhr/texts.json``, see
``vendor.py`` there); a language the declaration lacks is written in CLDR's
own words of that language (the names of languages and territories it
gives in that language, joined by its list pattern), which is real text in
the language though not sentences.

Used by ``tests/test_scripts_matrix.py`` (a few cells in the normal suite,
the whole matrix with ``PUBLISHER_MATRIX=all``, as ``make matrix`` sets) and
by ``benchmarks/scripts_matrix.py`` (the report: cells passing per check,
time, text layer per extractor).
"""

from __future__ import annotations

import datetime as _dt
import json
import re
import shutil
import subprocess
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

HERE = Path(__file__).parent
TEXTS = HERE / "data" / "udhr" / "texts.json"
SOURCE = "en"
DATE = _dt.date(2027, 3, 14)
DOCUMENT = "declaration"
EDITION = "delegation"

#: The checks every cell runs, in the order the report lists them.
CHECKS = ("glyphs", "page", "columns", "breaks", "leading", "digits", "spaces", "text-pdftotext",
          "text-pypdf", "text-pdfjs", "visual", "pdf-ua")

#: Locales of the fast subset (the normal test suite): the scripts the issue
#: found broken; each must be a cell of the full matrix.
FAST = ("km", "my", "dv", "ar_BH", "si")


@dataclass(frozen=True)
class Cell:
    locale: str
    script: str
    numbering: str
    calendar: str
    date_shape: str
    also: tuple[str, ...] = ()      # the other drawn locales this cell stands for


def date_shape(locale: str) -> str:
    """The fields of a locale's long date pattern, in order (literals dropped)."""
    from babel.dates import get_date_format

    pattern = re.sub(r"'[^']*'", "", str(get_date_format("long", locale=locale).pattern))
    return " ".join(m.group(0) for m in re.finditer(r"([A-Za-z])\1*", pattern))


@lru_cache(maxsize=1)
def texts() -> dict:
    return json.loads(TEXTS.read_text("utf-8"))


def text_key(locale: str) -> str:
    from publisher.core.locales import script_of

    return f"{locale.split('_')[0]}_{script_of(locale)}"


def all_cells() -> list[Cell]:
    """One cell per (script, numbering system, calendar, long date shape) of
    the drawn locales; its locale is the shortest name among those with text
    of the declaration, else the shortest."""
    from publisher.core.calendars import default_calendar
    from publisher.core.fonts import drawn_locales
    from publisher.core.locales import script_of
    from publisher.figures.numbers import numbering_system

    groups: dict[tuple, list[str]] = defaultdict(list)
    for locale in drawn_locales():
        key = (script_of(locale), numbering_system(locale, None), default_calendar(locale),
               date_shape(locale))
        groups[key].append(locale)
    have = texts()
    cells = []
    for key, names in sorted(groups.items()):
        ranked = sorted(names, key=lambda n: (text_key(n) not in have, not has_cldr_words(n),
                                              n.count("_"), len(n), n))
        cells.append(Cell(ranked[0], *key, also=tuple(n for n in names if n != ranked[0])))
    return cells


def chosen_cells(which: str) -> list[Cell]:
    """``fast`` (the normal suite), ``all``, or a comma-separated list of locales."""
    cells = all_cells()
    if which == "all":
        return cells
    wanted = FAST if which == "fast" else tuple(which.split(","))
    by_locale = {cell.locale: cell for cell in cells}
    missing = [name for name in wanted if name not in by_locale]
    if missing:
        raise ValueError(f"not a cell of the matrix: {', '.join(missing)}")
    return [by_locale[name] for name in wanted]


def cldr_text(locale: str) -> dict:
    """Text in a language the declaration lacks: CLDR's names (languages,
    territories) in that language, joined by its list pattern."""
    from babel import Locale
    from babel.lists import format_list

    data = Locale.parse(locale)
    own = data.languages.get(data.language) or data.get_display_name(locale) or locale
    territories = [data.territories[code] for code in ("001", "002", "009", "019", "142", "150")
                   if code in data.territories]
    languages = [data.languages[code] for code in ("en", "fr", "ar", "zh", "ru", "es", "hi")
                 if code in data.languages]
    months = list(data.months["format"]["wide"].values())
    days = list(data.days["format"]["wide"].values())
    para = lambda words: format_list(words, locale=locale)  # noqa: E731
    heads = [own, data.territories.get("001") or own] + territories[1:]
    articles = {}
    for i, number in enumerate(("1", "3", "4", "5", "6", "9")):
        pool = [territories, languages, months, days, languages[::-1], territories[::-1]][i]
        articles[number] = [heads[i % len(heads)] + f" {number}", para(pool or [own])]
    return {"source": "CLDR (Babel's locale data)", "title": own,
            "preamble": heads[1], "paragraphs": [para(languages or [own]), para(months or [own])],
            "articles": articles}


def has_cldr_words(locale: str) -> bool:
    from babel import Locale

    return len(Locale.parse(locale).languages) > 20


def text_for(locale: str) -> dict:
    """The declaration in the locale's language; else CLDR's words in it;
    else (a locale CLDR knows by name only: mn_Mong, bm_Nkoo) the text of
    another language of its script, said so in ``source``."""
    key = text_key(locale)
    if key in texts():
        return texts()[key]
    if has_cldr_words(locale):
        return cldr_text(locale)
    script = key.split("_", 1)[1]
    for other, text in sorted(texts().items()):
        if other.endswith(f"_{script}"):
            return {**text, "source": text["source"] + f" (for {locale})"}
    from publisher.core.fonts import drawn_locales
    from publisher.core.locales import script_of

    for other in drawn_locales():
        if script_of(other) == script and has_cldr_words(other):
            return {**cldr_text(other), "source": f"CLDR's words of {other} (for {locale})"}
    return cldr_text(locale)


def document_markdown(text: dict) -> str:
    a = text["articles"]
    esc = lambda s: s.replace("|", "\\|")  # noqa: E731
    return f"""---
title: {json.dumps(text['title'], ensure_ascii=False)}
summary: {json.dumps(a['1'][1], ensure_ascii=False)}
date: {DATE.isoformat()}
---

## {text['preamble']}

{text['paragraphs'][0]}

{text['paragraphs'][1]}

## {a['1'][0]}

{a['1'][1]}

- {a['3'][1]}
- {a['4'][1]}
- {a['6'][1]}

| {esc(a['3'][0])} | {esc(a['5'][0])} |
|---|---|
| {esc(a['5'][1])} | {esc(a['9'][1])} |
"""


def _pairs(source: dict, target: dict) -> dict[str, str]:
    """Source message -> its translation, passage by passage."""
    pairs = {source["title"]: target["title"], source["preamble"]: target["preamble"]}
    for s, t in zip(source["paragraphs"], target["paragraphs"]):
        pairs[s] = t
    for number, (head, body) in source["articles"].items():
        pairs[head], pairs[body] = target["articles"][number]
    return pairs


def make_matrix_project(root: Path, cells: list[Cell]) -> Path:
    """One project: the declaration in English, every cell's locale with its
    catalog translated from the declaration in its language, and an edition
    with every locale (cover lines with figures)."""
    from click.testing import CliRunner

    from publisher.catalogs.pofile import read_po, write_po
    from publisher.cli import main

    source = texts()["en_Latn"]
    locales = [cell.locale for cell in cells]
    (root / "documents").mkdir(parents=True)
    (root / "editions").mkdir()
    listed = ", ".join(json.dumps(l) for l in locales)
    (root / "publisher.toml").write_text(f'source_locale = "{SOURCE}"\nlocales = [{listed}]\n',
                                         "utf-8")
    (root / "documents" / f"{DOCUMENT}.md").write_text(document_markdown(source), "utf-8")
    (root / "editions" / f"{EDITION}.toml").write_text(
        f'occasion = "Visit of the delegation"\ncover = ["Geneva, 12 to 14 May 2027"]\n'
        f'date = 2027-05-12\ndocuments = ["{DOCUMENT}"]\nlocales = [{listed}]\n'
        f'contents = "Contents"\n', "utf-8")
    runner = CliRunner()
    for args in (["extract"], ["update"]):
        result = runner.invoke(main, ["--project", str(root), *args])
        assert result.exit_code == 0, (args, result.output)
    for locale in locales:
        pairs = _pairs(source, text_for(locale))
        for path in (root / "locales" / locale / "LC_MESSAGES").glob("*.po"):
            catalog = read_po(path)
            for message in catalog.messages:
                if message.is_header or message.obsolete:
                    continue
                text = pairs.get(message.msgid)
                if text is None:
                    continue
                message.msgstr = text
                message.set_fuzzy(False)
            write_po(path, catalog)
    return root


@dataclass
class MatrixBuild:
    root: Path
    out: Path
    cells: list[Cell]
    seconds: dict[str, float] = field(default_factory=dict)


def build_matrix(root: Path, cells: list[Cell], jobs: int = 2) -> MatrixBuild:
    """Make the project and build it once: HTML, PDF with a cover, bilingual
    PDF, and the edition (one PDF per locale)."""
    import time

    from publisher.build.editions import build_edition
    from publisher.build.pipeline import build
    from publisher.render.html import Cover
    from publisher.sources.config import load_settings

    started = time.perf_counter()
    make_matrix_project(root, cells)
    made = time.perf_counter()
    settings = load_settings(root)
    out = root / "dist"
    report = build(settings, output=out, jobs=jobs, cover=Cover(occasion="Visit of the delegation"))
    assert not getattr(report, "failed", None), report
    built = time.perf_counter()
    build_edition(settings, EDITION, output=out, jobs=jobs)
    done = time.perf_counter()
    return MatrixBuild(root, out, cells, {"project": made - started, "build": built - made,
                                          "edition": done - built})


# -- reading the outputs ------------------------------------------------------

_SPACE = re.compile(r"[\s\u200b-\u200f\u202a-\u202e\u2060\u2066-\u2069\u00ad\u180b-\u180f]+")


def squash(text: str) -> str:
    """Text without whitespace, bidi and zero-width controls, NFC: what two
    extractors must agree on whatever spaces they guess.  The word joiner
    (U+2060, invisible and ignorable by default) is what the text layer gives
    a glyph beyond its cluster's characters (``pdftext.FILLER``: Thai sara am,
    a Khmer vowel drawn in two parts)."""
    return unicodedata.normalize("NFC", _SPACE.sub("", unicodedata.normalize("NFC", text))
                                 ).replace("\u2010", "")


@dataclass
class Line:
    text: str
    x0: float
    y0: float
    x1: float
    y1: float


@dataclass
class Page:
    width: float
    height: float
    blocks: list[list[Line]]


#: A horizontal gap between two words wider than this (pt) is a gutter
#: between columns or cells, never a space between words.
GUTTER = 12


def _line(run: list) -> Line:
    boxes = [box for _, box in run]
    return Line(" ".join(text for text, _ in run), min(b[0] for b in boxes),
                min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))


def read_layout(pdf: Path) -> list[Page]:
    """Pages, blocks and lines with their boxes (poppler's ``pdftotext
    -bbox-layout``: positions from the PDF, heights from the fonts' ascent
    and descent)."""
    from xml.etree import ElementTree

    out = subprocess.run(["pdftotext", "-enc", "UTF-8", "-bbox-layout", str(pdf), "-"],
                         capture_output=True, check=True).stdout.decode("utf-8", "replace")
    out = re.sub(r"<!DOCTYPE[^>]*>", "", out).replace('xmlns="http://www.w3.org/1999/xhtml"', "")
    root = ElementTree.fromstring(out)
    pages = []
    for page in root.iter("page"):
        blocks = []
        for block in page.iter("block"):
            lines = []
            for line in block.iter("line"):
                # poppler joins text at one height across a gutter (two
                # columns, two table cells) into one line: split it there
                run: list = []
                for word in line.iter("word"):
                    box = [float(word.get(k)) for k in ("xMin", "yMin", "xMax", "yMax")]
                    if run and box[0] - run[-1][1][2] > GUTTER:
                        lines.append(_line(run))
                        run = []
                    run.append((word.text or "", box))
                if run:
                    lines.append(_line(run))
            blocks.append(lines)
        pages.append(Page(float(page.get("width")), float(page.get("height")), blocks))
    return pages


#: What print.css hides (``display: none``): classes, and links inside a
#: partial-translation notice (a link to the source page means nothing on paper).
PRINT_HIDDEN = frozenset({"skip", "masthead", "actions", "formats", "footnotes", "footnote-ref"})


def html_blocks(html: str, lang: str, printed: bool = False) -> list[str]:
    """The text of each block (headings, paragraphs, list items, cells) of
    the page's body in language ``lang``; with ``printed``, without what the
    print stylesheet hides."""
    from html.parser import HTMLParser

    blocks: list[str] = []
    hiding = ("style", "script", "title", "nav", "header", "footer")

    class Reader(HTMLParser):
        def __init__(self):
            super().__init__()
            self.stack: list[tuple[str, str, bool]] = []
            self.text: list[str] | None = None
            self.skip = 0

        def handle_starttag(self, tag, attrs):
            attrs = dict(attrs)
            here = attrs.get("lang") or (self.stack[-1][1] if self.stack else "")
            if tag in ("wbr", "br", "img", "meta", "link", "hr", "input"):
                return
            classes = set((attrs.get("class") or "").split())
            hidden = tag in hiding or printed and bool(
                classes & PRINT_HIDDEN or tag == "a" and any(
                    "partial-translation" in c for _, _, _, c in self.stack))
            self.stack.append((tag, here, hidden, " ".join(classes)))
            self.skip += hidden
            if tag in ("h1", "h2", "h3", "p", "li", "td", "th") and not self.skip:
                self.text = []

        def handle_endtag(self, tag):
            if not self.stack or tag in ("wbr", "br"):
                return
            while self.stack:
                name, here, hidden, _ = self.stack.pop()
                self.skip -= hidden
                if name == tag:
                    break
            if tag in ("h1", "h2", "h3", "p", "li", "td", "th") and self.text is not None:
                if here.replace("-", "_").split("_")[0] == lang.split("_")[0]:
                    text = "".join(self.text).strip()
                    if text:
                        blocks.append(text)
                self.text = None

        def handle_data(self, data):
            if self.text is not None and not self.skip:
                self.text.append(data)

    reader = Reader()
    reader.feed(html)
    return blocks


# -- the checks ----------------------------------------------------------------

@dataclass
class Result:
    cell: Cell
    check: str
    ok: bool
    detail: str = ""
    skipped: bool = False


def _pdfs(build: MatrixBuild, locale: str) -> dict[str, Path]:
    return {"pdf": build.out / locale / f"{DOCUMENT}.pdf",
            "bilingual": build.out / locale / f"{DOCUMENT}-bilingual.pdf",
            "edition": build.out / "editions" / EDITION / f"{locale}.pdf"}


def shaping_problems(text: str, families: tuple[str, ...], script: str) -> list[str]:
    """Where HarfBuzz, shaping ``text`` with the first installed family of
    ``families`` that draws ``script``, gives .notdef (no glyph) or a dotted
    circle the text does not have (a mark it could not attach)."""
    import uharfbuzz as hb

    from publisher.core.fonts import BASE_SCRIPTS, character_map, draws_script, find_font

    face = None
    for family in families:
        found = find_font(family)
        if found is not None and (script in BASE_SCRIPTS or draws_script(found, script)):
            face = found
            break
    if face is None:
        return [f"no installed family of {', '.join(families)} draws {script}"]
    font = _hb_font(str(face.path), face.index)
    cmap = character_map(face)
    problems = []
    for word in set(text.split()):
        if not all(ord(c) in cmap or unicodedata.category(c) in ("Cf", "Zs") for c in word):
            continue        # another family of the stack draws it (the coverage check's part)
        buffer = hb.Buffer()
        buffer.add_str(word)
        buffer.guess_segment_properties()
        hb.shape(font, buffer)
        glyphs = [info.codepoint for info in buffer.glyph_infos]
        circle = font.get_nominal_glyph(0x25CC)
        if 0 in glyphs:
            problems.append(f"no glyph in {word!r}")
        elif circle and circle in glyphs and "\u25cc" not in word:
            problems.append(f"dotted circle in {word!r}")
    return problems


@lru_cache(maxsize=None)
def _hb_font(path: str, index: int):
    import uharfbuzz as hb

    blob = hb.Blob.from_file_path(path)
    return hb.Font(hb.Face(blob, index))


def check_glyphs(build: MatrixBuild, cell: Cell) -> Result:
    """Every character of the page in the fonts of its stack; every word
    shaped by HarfBuzz with the script's font without .notdef or a dotted
    circle (a mark it could not attach); no dotted circle in any PDF's text."""
    from publisher.gate.glyphs import coverage
    from publisher.sources.config import load_settings

    settings = load_settings(build.root)
    html = (build.out / cell.locale / f"{DOCUMENT}.html").read_text("utf-8")
    text = "\n".join(html_blocks(html, cell.locale))
    stack = tuple(settings.fonts_for(cell.locale))
    cover = coverage(stack, cell.locale)
    missing = sorted({c for c in text if not c.isspace() and ord(c) not in cover.codepoints
                      and unicodedata.category(c) != "Cf"})
    problems = []
    if missing:
        problems.append("no glyph for " + " ".join(f"U+{ord(c):04X}" for c in missing[:8]))
    problems += shaping_problems(text, stack, cell.script)[:4]
    circles = [name for name, pdf in _pdfs(build, cell.locale).items()
               if "\u25cc" in pdftotext(pdf)]
    if circles:
        problems.append("dotted circle in " + ", ".join(circles))
    return Result(cell, "glyphs", not problems, "; ".join(problems))


@lru_cache(maxsize=None)
def pdftotext(pdf: Path) -> str:
    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True,
                          check=True).stdout.decode("utf-8", "replace")


def check_page(build: MatrixBuild, cell: Cell) -> Result:
    """No line outside the page, in any of the cell's PDFs."""
    out = []
    for name, pdf in _pdfs(build, cell.locale).items():
        for number, page in enumerate(read_layout(pdf), 1):
            for block in page.blocks:
                for line in block:
                    if line.x0 < -0.5 or line.x1 > page.width + 0.5 or line.y1 > page.height + 0.5:
                        out.append(f"{name} p{number}: {line.text[:30]!r} at x {line.x0:.0f}-{line.x1:.0f}")
    return Result(cell, "page", not out, "; ".join(out[:3]))


def baselines(lines: list[Line]) -> list[Line]:
    """One column's lines, the pieces of one line joined: poppler cuts a
    line into pieces where a mark is drawn raised outside /ActualText
    (N'Ko's tone marks), one piece a word or less, all on one baseline."""
    joined: list[Line] = []
    for line in sorted(lines, key=lambda l: (round(l.y1), l.x0)):
        last = joined[-1] if joined else None
        if last and abs(last.y1 - line.y1) < 2 and line.x0 - last.x1 < GUTTER:
            joined[-1] = Line(f"{last.text} {line.text}", min(last.x0, line.x0), min(last.y0, line.y0),
                              max(last.x1, line.x1), max(last.y1, line.y1))
        else:
            joined.append(line)
    return joined


def check_columns(build: MatrixBuild, cell: Cell) -> Result:
    """The bilingual PDF's two columns: no line of one reaching into the
    other, and neither collapsed (its widest line narrower than an eighth
    of the page)."""
    pdf = _pdfs(build, cell.locale)["bilingual"]
    problems = []
    for number, page in enumerate(read_layout(pdf), 1):
        middle = page.width / 2
        body = [line for block in page.blocks for line in block
                if 60 < line.y0 < page.height - 60]
        across = [l for l in body if l.x0 < middle - 20 and l.x1 > middle + 20]
        if across:
            problems.append(f"p{number}: a line across both columns: {across[0].text[:30]!r}")
        for side, lines in (("left", [l for l in body if l.x1 <= middle + 20]),
                            ("right", [l for l in body if l.x0 >= middle - 20])):
            lines = baselines(lines)
            widths = [l.x1 - l.x0 for l in lines]
            if len(lines) >= 6 and widths and max(widths) < page.width / 8:
                problems.append(f"p{number}: the {side} column collapsed ({max(widths):.0f} pt wide)")
    return Result(cell, "columns", not problems, "; ".join(problems[:3]))


def check_breaks(build: MatrixBuild, cell: Cell) -> Result:
    """In scripts without spaces: every line break of the PDF (body,
    headings, tables, the cover) falls on a word boundary of ICU's
    dictionary, or at a space or punctuation."""
    from publisher.core.segment import UNSPACED_SCRIPTS, word_breaks

    if cell.script not in UNSPACED_SCRIPTS:
        return Result(cell, "breaks", True, "spaced script", skipped=True)
    html = (build.out / cell.locale / f"{DOCUMENT}.html").read_text("utf-8")
    sources = html_blocks(html, cell.locale)
    bad, seen = [], 0
    for name, pdf in _pdfs(build, cell.locale).items():
        for page in read_layout(pdf):
            for block in page.blocks:
                for first, second in zip(block, block[1:]):
                    a, b = first.text.rstrip(), second.text.lstrip()
                    if not a or not b:
                        continue
                    if a[-1] in " -\u2010\u3002\u0e2f\u17d4\u17d5\u104a\u104b" or not \
                            unicodedata.category(a[-1]).startswith(("L", "M")):
                        continue
                    tail, head = squash(a)[-4:], squash(b)[:4]
                    for source in sources:
                        flat, where = _flatten(source)
                        at = flat.find(tail + head)
                        if at < 0:
                            continue
                        seen += 1
                        cut = where[at + len(tail)]
                        ok = cut in word_breaks(source) or source[cut - 1].isspace() \
                            or not unicodedata.category(source[cut - 1]).startswith(("L", "M"))
                        if not ok:
                            bad.append(f"{name}: {source[max(0, cut - 6):cut]}|{source[cut:cut + 6]}")
                        break
    return Result(cell, "breaks", not bad, "; ".join(bad[:4]) or f"{seen} line ends checked")


def _flatten(text: str) -> tuple[str, list[int]]:
    flat, where = [], []
    for index, char in enumerate(unicodedata.normalize("NFC", text)):
        if not _SPACE.fullmatch(char):
            flat.append(char)
            where.append(index)
    where.append(len(text))
    return "".join(flat), where


#: How far two lines' boxes may overlap, as a share of the box: Latin's own
#: headings (leading 1.3; Noto Serif's box as poppler draws it, 1.44 em) do by 10 %.
OVERLAP_SHARE = 0.1


def check_leading(build: MatrixBuild, cell: Cell) -> Result:
    """No two lines of a block overlap (boxes from the fonts' ascent and
    descent as the PDF gives them) by more than Latin headings do."""
    bad = []
    for name, pdf in _pdfs(build, cell.locale).items():
        for number, page in enumerate(read_layout(pdf), 1):
            for block in page.blocks:
                middle = page.width / 2
                # poppler joins the two columns' lines of a bilingual page at
                # one height into one line: those are no line of the page
                ordered = sorted((l for l in block if name != "bilingual"
                                  or not (l.x0 < middle - 20 and l.x1 > middle + 20)),
                                 key=lambda l: l.y0)
                for upper, lower in zip(ordered, ordered[1:]):
                    side = min(upper.x1, lower.x1) - max(upper.x0, lower.x0)
                    overlap = upper.y1 - lower.y0
                    allowed = OVERLAP_SHARE * max(upper.y1 - upper.y0, lower.y1 - lower.y0)
                    # two pieces of one line (poppler cuts a line at a mark it
                    # places apart) stand at the same height: not two lines
                    apart = lower.y0 - upper.y0 > 0.3 * (upper.y1 - upper.y0)
                    if side > 0 and overlap > allowed and apart:
                        bad.append(f"{name} p{number}: {overlap:.1f} pt under {upper.text[:20]!r}")
    return Result(cell, "leading", not bad, "; ".join(bad[:3]))


def native_digits(system: str) -> str:
    from publisher.figures.numbers import localize_digits

    return localize_digits("0123456789", system)


def check_digits(build: MatrixBuild, cell: Cell) -> Result:
    """Dates fully resolved (no CLDR pattern letters or placeholders like
    "M03") and, where the locale's numbering system is not Latin, page
    numbers and dates of pages, covers and the edition in its digits."""
    from publisher.core.calendars import format_long_date
    from publisher.figures.numbers import localize_digits

    problems = []
    expected = localize_digits(format_long_date(DATE, cell.locale, cell.calendar), cell.numbering)
    if re.search(r"\bM\d\d\b|MMM|\by{2,4}\b|\bd{1,2}\b|\bG{1,4}\b", expected):
        problems.append(f"unresolved date {expected!r}")
    pdfs = _pdfs(build, cell.locale)
    # poppler orders digits inside right-to-left lines visually: pypdf's
    # reading counts as well
    # poppler orders the words and digits of right-to-left lines visually
    # (and a line of two directions as it can): each word of the date
    # must be there, as pdftotext or pypdf reads it
    # (the words of the date are the text layer's part: the page must have
    # the date, the PDF its figures)
    html = (build.out / cell.locale / f"{DOCUMENT}.html").read_text("utf-8")
    if squash(expected) not in squash(re.sub(r"<[^>]+>", "", html)):
        problems.append(f"page: no {expected!r}")
    words = [w for w in re.split(r"[\s,،\u2e41\u060c-]+", expected) if w and
             any(c.isdigit() for c in w)]
    texts = (squash(pdftotext(pdfs["pdf"])), squash(pypdf_text(pdfs["pdf"])))
    lost = [w for w in words if not any(squash(w) in t for t in texts)]
    if lost:
        problems.append(f"pdf: no {' '.join(lost)!r} of {expected!r}")
    native = native_digits(cell.numbering)
    if native != "0123456789":
        for name, pdf in pdfs.items():
            for number, page in enumerate(read_layout(pdf), 1):
                lines = [l for block in page.blocks for l in block]
                footer = [l.text for l in lines if l.y0 > page.height - 60]
                if footer and not any(c in native for c in "".join(footer)):
                    problems.append(f"{name} p{number}: page number {' '.join(footer)!r}")
                for line in lines if name != "bilingual" else ():   # its source column is English
                    if re.search(r"2027|\b1[24]\b", line.text) and line.y0 > 60:
                        problems.append(f"{name} p{number}: Latin digits in {line.text[:40]!r}")
    return Result(cell, "digits", not problems, "; ".join(problems[:3]))


#: A Latin word as poppler reads it: letters, figures and their punctuation.
_LATIN_WORD = re.compile(r"[A-Za-z0-9.,;:!?'\"()%/\u2010-\u2014-]+")
#: The widest a line of Latin text's narrowest space may be, as a share of
#: the height of its words' boxes (Noto Serif's space: 0.19 of it; Noto Serif
#: Sinhala's, twice as wide: 0.37; every other script's face, 0.23 at most).
SPACE_SHARE = 0.3


def latin_gaps(pdf: Path) -> list[tuple[str, float, list[float]]]:
    """Each line of Latin words (at least two, one with a letter) of
    ``pdf``'s pages, but their running header and footer: its text, the
    height of its words' boxes and the gaps between its words (pt)."""
    from xml.etree import ElementTree

    out = subprocess.run(["pdftotext", "-enc", "UTF-8", "-bbox-layout", str(pdf), "-"],
                         capture_output=True, check=True).stdout.decode("utf-8", "replace")
    out = re.sub(r"<!DOCTYPE[^>]*>", "", out).replace('xmlns="http://www.w3.org/1999/xhtml"', "")
    lines = []
    for page in ElementTree.fromstring(out).iter("page"):
        height = float(page.get("height"))
        for line in page.iter("line"):
            words = [(w.text or "", float(w.get("xMin")), float(w.get("xMax")),
                      float(w.get("yMax")) - float(w.get("yMin"))) for w in line.iter("word")]
            if len(words) < 2 or not 60 < float(line.get("yMin")) < height - 60 or not all(
                    _LATIN_WORD.fullmatch(text) for text, *_ in words):
                continue
            lettered = [h for text, _, _, h in words if re.search("[A-Za-z]", text)]
            gaps = [b[1] - a[2] for a, b in zip(words, words[1:])]
            if lettered and max(gaps) < GUTTER:      # one column's line, not two cells'
                lines.append((" ".join(text for text, *_ in words), max(lettered), gaps))
    return lines


def check_spaces(build: MatrixBuild, cell: Cell) -> Result:
    """Latin text on the cell's pages (a passage in the source language, an
    edition's cover lines) spaced by the Latin face: no line of it whose
    every space is wider than ``SPACE_SHARE`` of its words' height, as the
    space of a script's face is where that face draws the spaces, figures
    and punctuation of Latin text (Noto Serif Sinhala's, 0.5 em)."""
    problems, seen = [], 0
    for name, pdf in _pdfs(build, cell.locale).items():
        if not pdf.is_file():
            continue
        for text, height, gaps in latin_gaps(pdf):
            seen += 1
            if min(gaps) > SPACE_SHARE * height:
                problems.append(f"{name}: {text[:40]!r} spaces {min(gaps):.1f} pt at "
                                f"{height:.1f} pt")
    return Result(cell, "spaces", not problems, "; ".join(problems[:3]) or f"{seen} lines of Latin text")


def check_text(build: MatrixBuild, cell: Cell, extractor: str) -> Result:
    """Every block of the locale's text given back by ``extractor``, whole
    (whitespace and bidi controls aside), page by page of the PDF."""
    pdf = _pdfs(build, cell.locale)["pdf"]
    if extractor == "pdftotext":
        text = pdftotext(pdf)
    elif extractor == "pypdf":
        text = pypdf_text(pdf)
    else:
        text = pdfjs_text(pdf)
        if text is None:
            return Result(cell, f"text-{extractor}", True, "pdfjs-dist not installed", skipped=True)
    html = (build.out / cell.locale / f"{DOCUMENT}.html").read_text("utf-8")
    blocks = html_blocks(html, cell.locale, printed=True)
    flat = squash(text)
    lost = [b for b in blocks if squash(b) not in flat]
    return Result(cell, f"text-{extractor}", not lost,
                  f"{len(blocks) - len(lost)}/{len(blocks)} blocks" +
                  (f"; lost {lost[0][:30]!r}" if lost else ""))


@lru_cache(maxsize=None)
def pypdf_text(pdf: Path) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() or "" for page in PdfReader(str(pdf)).pages)


#: The one pdf.js reader (also benchmarks/text_extractors.py's): JSON lines, a PDF each.
PDFJS = HERE.parent / "benchmarks" / "pdfjs_text.mjs"


def pdfjs_text(pdf: Path) -> str | None:
    """The text pdf.js reads (npm pdfjs-dist, through node), or None when
    node or pdfjs-dist is missing."""
    node = shutil.which("node")
    if node is None:
        return None
    result = subprocess.run([node, str(PDFJS), str(pdf)], capture_output=True, timeout=120)
    if result.returncode != 0:
        return None
    pages = json.loads(result.stdout.decode("utf-8"))["pages"]
    return "".join(page + "\n" for page in pages)


REFERENCES = HERE / "data" / "matrix-png"
#: A page differs from its reference when more than this share of its
#: pixels differ by more than a quarter of the grey scale.
VISUAL_SHARE = 0.01
VISUAL_DPI = 30
#: The page compared: the PDF's first after its cover, the bilingual PDF's first.
VISUAL_PAGES = {"pdf": 2, "bilingual": 1}


def page_png(pdf: Path, page: int, out: Path) -> Path:
    """Page ``page`` of ``pdf`` as a grey PNG at ``VISUAL_DPI``."""
    stem = out.with_suffix("")
    stem.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(["pdftoppm", "-png", "-gray", "-r", str(VISUAL_DPI), "-f", str(page), "-l",
                    str(page), "-singlefile", str(pdf), str(stem)], check=True)
    return stem.with_suffix(".png")


def visual_difference(png: Path, reference: Path) -> float:
    """The share of pixels that differ by more than 64 grey levels (1.0 when
    the sizes differ)."""
    from PIL import Image, ImageChops

    a, b = Image.open(png).convert("L"), Image.open(reference).convert("L")
    if a.size != b.size:
        return 1.0
    histogram = ImageChops.difference(a, b).histogram()
    return sum(histogram[65:]) / (a.size[0] * a.size[1])


def check_visual(build: MatrixBuild, cell: Cell) -> Result:
    """The PDF's first page after its cover and the bilingual PDF's first
    page against the stored references (tests/data/matrix-png), where the
    cell has them."""
    problems, compared = [], 0
    for name in ("pdf", "bilingual"):
        reference = REFERENCES / f"{cell.locale}-{name}.png"
        if not reference.is_file():
            continue
        png = page_png(_pdfs(build, cell.locale)[name], VISUAL_PAGES[name],
                       build.root / "png" / f"{cell.locale}-{name}.png")
        compared += 1
        share = visual_difference(png, reference)
        if share > VISUAL_SHARE:
            problems.append(f"{name}: {share:.1%} of the pixels differ from {reference.name}")
    if not compared:
        return Result(cell, "visual", True, "no reference", skipped=True)
    return Result(cell, "visual", not problems, "; ".join(problems))


def write_references(build: MatrixBuild, cells: list[Cell]) -> list[Path]:
    """Store the cells' first pages as the references of ``check_visual``."""
    REFERENCES.mkdir(parents=True, exist_ok=True)
    return [page_png(_pdfs(build, cell.locale)[name], VISUAL_PAGES[name],
                     REFERENCES / f"{cell.locale}-{name}.png")
            for cell in cells for name in ("pdf", "bilingual")]


def check_pdf_ua(build: MatrixBuild, cell: Cell) -> Result:
    """The cell's PDF, bilingual PDF and edition pack pass PDF/UA-1 in both
    validators (tests/pdfvalid.py: page-validation and pdfua)."""
    from pdfvalid import invalid

    pdfs = [path for path in _pdfs(build, cell.locale).values() if path.is_file()]
    if not pdfs:
        return Result(cell, "pdf-ua", False, "no PDF was built")
    found = invalid(pdfs, "pdf/ua-1", second=True)
    detail = "; ".join(f"{Path(path).name}: {', '.join(lines[:2])}" for path, lines in found.items())
    return Result(cell, "pdf-ua", not found, detail[:300] or f"{len(pdfs)} PDFs pass")


def run_checks(build: MatrixBuild, cell: Cell) -> list[Result]:
    """Every check of a cell; a check that cannot read the cell's output
    fails with the reason, the others still run."""
    checks = [("glyphs", check_glyphs), ("page", check_page), ("columns", check_columns),
              ("breaks", check_breaks), ("leading", check_leading), ("digits", check_digits),
              *((f"text-{name}", lambda b, c, name=name: check_text(b, c, name))
                for name in ("pdftotext", "pypdf", "pdfjs")),
              ("spaces", check_spaces), ("visual", check_visual), ("pdf-ua", check_pdf_ua)]
    results = []
    for name, check in checks:
        try:
            results.append(check(build, cell))
        except Exception as exc:  # noqa: BLE001 - reported as the cell's failure
            results.append(Result(cell, name, False, f"{type(exc).__name__}: {exc}"[:200]))
    return results
