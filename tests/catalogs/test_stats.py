"""Catalog statistics: msgfmt --statistics's counts, percent, words left, layouts."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from publisher.catalogs.model import Catalog, Message
from publisher.catalogs.pofile import encode_po, read_po
from publisher.catalogs.stats import (
    CatalogStats,
    bar,
    catalog_stats,
    count_words,
    format_json,
    format_text,
    read_stats,
    totals,
)

FIXTURES = Path(__file__).parent / "fixtures"
ROOT = Path(__file__).resolve().parents[2]
STATISTICS = re.compile(r"(\d+) (translated message|fuzzy translation|untranslated message)")


def msgfmt_statistics(path: Path) -> tuple[int, int, int] | None:
    """msgfmt's counts, None if it refuses the file (a byte order mark)."""
    done = subprocess.run(["msgfmt", "--statistics", "-o", os.devnull, str(path)],
                          capture_output=True, text=True, env={**os.environ, "LC_ALL": "C"})
    if done.returncode != 0:
        return None
    found = {kind: int(n) for n, kind in STATISTICS.findall(done.stderr)}
    return (found.get("translated message", 0), found.get("fuzzy translation", 0),
            found.get("untranslated message", 0))


def tricky() -> Catalog:
    """Every case msgfmt counts in its own way."""
    return Catalog(header=Message(msgid="", msgstr="Content-Type: text/plain; charset=UTF-8\n"
                                  "Plural-Forms: nplurals=2; plural=(n != 1);\n", flags=["fuzzy"]),
                   messages=[
                       Message("Done", "Fertig"),
                       Message("Fuzzy one", "Unscharf", flags=["fuzzy"]),
                       Message("Fuzzy and empty", "", flags=["fuzzy"]),
                       Message("Empty"),
                       Message("%(n)s file", msgid_plural="%(n)s files",
                               msgstr_plural=["%(n)s Datei", ""]),
                       Message("%(n)s day", msgid_plural="%(n)s days",
                               msgstr_plural=["", "%(n)s Tage"]),
                       Message("Old", "Alt", obsolete=True),
                   ])


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="msgfmt is not installed")
def test_counts_are_msgfmts(tmp_path: Path) -> None:
    tricky_path = tmp_path / "tricky.po"
    tricky_path.write_bytes(encode_po(tricky()))
    paths = [tricky_path, *sorted(FIXTURES.glob("*.po")),
             *sorted((ROOT / "locales").glob("*/LC_MESSAGES/*.po"))]
    compared = 0
    for path in paths:
        expected = msgfmt_statistics(path)
        if expected is None:
            continue
        row = catalog_stats(read_po(path), str(path), None, None)
        assert (row.translated, row.fuzzy, row.untranslated) == expected, path
        compared += 1
    assert compared >= len(paths) - 1


def test_counts_percent_and_words_left() -> None:
    row = catalog_stats(tricky(), "x.po", "de", "x")
    assert (row.translated, row.fuzzy, row.untranslated, row.obsolete) == (2, 1, 3, 1)
    assert row.total == 6 and row.percent == 33.3
    # Words of the fuzzy and untranslated entries (both msgids of a plural).
    assert row.words == count_words("Fuzzy one Fuzzy and empty Empty %(n)s day %(n)s days") == 10


def test_percent_is_rounded_down_so_that_100_means_complete() -> None:
    assert CatalogStats("x", None, None, translated=999, untranslated=1).percent == 99.9
    assert CatalogStats("x", None, None).percent == 100.0


def test_words_are_runs_with_a_letter_or_digit() -> None:
    assert count_words("Hello, world — {27,785} projects!") == 4
    assert count_words(" - … ") == 0


def test_bar() -> None:
    assert bar(100.0) == "█" * 20
    assert bar(0.0) == "░" * 20
    assert bar(52.5) == "█" * 10 + "▌" + "░" * 9
    assert all(len(bar(p / 10)) == 20 for p in range(0, 1001, 7))


def test_an_unreadable_file_gives_its_line(tmp_path: Path) -> None:
    path = tmp_path / "fr.po"
    path.write_text('msgid "a"\nmsgstr "b\n', "utf-8")
    row = read_stats(path, "fr.po", "fr", None)
    assert row.problem and row.line == 2 and row.locale == "fr"


def test_the_locale_comes_from_the_folder_else_the_header(tmp_path: Path) -> None:
    path = tmp_path / "messages.po"
    path.write_bytes(encode_po(Catalog(header=Message(msgid="", msgstr="Language: pt_BR\n"))))
    assert read_stats(path, "messages.po", "messages", None).locale == "pt_BR"
    assert read_stats(path, "messages.po", "fr", None).locale == "fr"


def test_layouts() -> None:
    rows = [catalog_stats(tricky(), "de/a.po", "de", "a"),
            CatalogStats("de/b.po", "de", "b", translated=4),
            CatalogStats("fr/a.po", "fr", "a", problem="no closing quote", line=3)]
    text = format_text(rows)
    lines = text.splitlines()
    assert lines[0].split() == ["locale", "catalog", "translated", "fuzzy", "untranslated",
                                "obsolete", "progress", "words", "left"]
    assert [line.split()[:2] for line in lines[1:5]] == [["de", "a"], ["de", "b"],
                                                          ["de", "(total)"], ["fr", "a"]]
    assert lines[3].split()[2:6] == ["6", "1", "3", "1"]
    assert "error: fr/a.po:3: no closing quote" in text
    data = json.loads(format_json(rows))
    assert data["ok"] is False
    assert data["catalogs"][0] | {} == {**data["catalogs"][0], "translated": 2, "fuzzy": 1,
                                        "untranslated": 3, "obsolete": 1, "total": 6,
                                        "percent": 33.3, "words_to_translate": 10}
    assert [(r["locale"], r["translated"]) for r in data["locales"]] == [("de", 6), ("fr", 0)]
    assert totals(rows)[0].words == 10
