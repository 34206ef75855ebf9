"""update merges the header as ``msgmerge --lang=LOCALE`` does, GNU msgmerge
as the oracle: known fields once (the last value), in gettext's order,
whatever their case; Language set; the template's Report-Msgid-Bugs-To and
POT-Creation-Date; other lines kept in their order."""

from __future__ import annotations

import random
import shutil
import subprocess
from pathlib import Path

import pytest

from publisher.catalogs.merge import STANDARD_FIELDS, merge
from publisher.catalogs.pofile import encode_po, parse_po

pytestmark = pytest.mark.skipif(shutil.which("msgmerge") is None,
                                reason="GNU msgmerge is not installed")

VALUES = {
    "Project-Id-Version": ["report 1.0", "old"], "Report-Msgid-Bugs-To": ["bugs@example.org"],
    "POT-Creation-Date": ["2025-01-01 10:00+0000"], "PO-Revision-Date": ["2026-02-03 04:05+0100"],
    "Last-Translator": ["Ana <ana@example.org>", "Bo <bo@example.org>"],
    "Language-Team": ["German <de@example.org>"], "Language": ["fr", "", "de"],
    "MIME-Version": ["1.0"], "Content-Transfer-Encoding": ["8bit"],
}
OTHERS = ["X-Generator: Poedit 3.4", "Plural-Forms: nplurals=2; plural=(n != 1);",
          "X-Poedit-SourceCharset: UTF-8", "X-Custom: one", "X-Custom: two"]


def old_header(r: random.Random) -> str:
    lines = ["Content-Type: text/plain; charset=UTF-8"]
    for name, values in VALUES.items():
        for _ in range(r.choice([0, 1, 1, 2])):
            shown = r.choice([name, name.lower(), name.upper()]) if r.random() < 0.2 else name
            lines.append(f"{shown}: {r.choice(values)}")
    lines += r.sample(OTHERS, r.randint(0, len(OTHERS)))
    r.shuffle(lines)
    return "".join(f'"{line}\\n"\n' for line in lines)


def template_header(r: random.Random) -> str:
    lines = ["Content-Type: text/plain; charset=UTF-8"]
    if r.random() < 0.8:
        lines.insert(0, "Report-Msgid-Bugs-To: new-bugs@example.org")
    if r.random() < 0.8:
        lines.insert(0, "POT-Creation-Date: 2026-11-28 12:00+0000")
    return "".join(f'"{line}\\n"\n' for line in lines)


def header_of(data: bytes) -> str:
    return data.decode("utf-8").split("\n\n", 1)[0]


@pytest.mark.parametrize("seed", range(40))
def test_headers_merge_as_msgmerge_lang_merges_them(seed, tmp_path: Path):
    r = random.Random(seed)
    locale = r.choice(["de", "pt_BR", "ar"])
    old = f'msgid ""\nmsgstr ""\n{old_header(r)}\nmsgid "a"\nmsgstr "A"\n'
    pot = f'msgid ""\nmsgstr ""\n{template_header(r)}\nmsgid "a"\nmsgstr ""\n'
    (tmp_path / "old.po").write_text(old, "utf-8")
    (tmp_path / "new.pot").write_text(pot, "utf-8")
    gnu = subprocess.run(["msgmerge", "--quiet", "--previous", f"--lang={locale}", "-o", "-",
                          "old.po", "new.pot"], cwd=tmp_path, capture_output=True,
                         check=True).stdout
    ours = encode_po(merge(parse_po(pot.encode()), parse_po(old.encode()), locale, "d"))
    assert header_of(ours) == header_of(gnu), old


def test_the_standard_order_is_gettexts():
    assert STANDARD_FIELDS[0] == "Project-Id-Version" and STANDARD_FIELDS[-1] == \
        "Content-Transfer-Encoding" and "Plural-Forms" not in STANDARD_FIELDS
