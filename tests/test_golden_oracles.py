"""The golden extraction files, checked by tools that are not publisher
(tests/golden/extract/README.md): what test_extract.py compares the code's
output with was not written by that code."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import polib
import pytest

GOLDEN = Path(__file__).parent / "golden" / "extract"
FIGURES = ("figures in braces, such as {1995}, are written by the build in your language's "
           "style: keep each one unchanged, and move it where your sentence needs it")

# blocks.md, entry by entry, read off the Markdown source: (msgid, extracted
# comments, references, flags).
BLOCKS = [
    ("A *short* guide", ["front matter: title"], ["blocks.md:2"], []),
    ("Every kind of block, folded over lines.", ["front matter: summary"], ["blocks.md:3"], []),
    ("Testing", ["front matter: section"], ["blocks.md:7"], []),
    ("First heading", ["heading"], ["blocks.md:11"], []),
    ('A paragraph with *emphasis*, **strong text**, `code` and a '
     '[link](https://example.org/page "Title").', ["paragraph"], ["blocks.md:13"], []),
    ("Setext heading", ["heading", "the button on the printed form"], ["blocks.md:18"], []),
    ("A list item", ["list item"], ["blocks.md:21"], []),
    ("Another item with a\\\nhard break", ["list item"], ["blocks.md:22"], []),
    ("Ordered *one*", ["list item"], ["blocks.md:25"], []),
    ("Name", ["table header cell"], ["blocks.md:27"], []),
    ("Value", ["table header cell"], ["blocks.md:27"], []),
    ("Alpha", ["table cell"], ["blocks.md:29"], []),
    ("A chart of *cooperation* projects", ["image alt text"], ["blocks.md:32"], []),
    ("A paragraph with an image ![inline](icon.png) inside it.", ["paragraph"],
     ["blocks.md:34", "blocks.md:36"], []),
    ("A quotation that says %(name)s and {50 %} literally.", ["paragraph", FIGURES],
     ["blocks.md:38"], ["python-brace-format"]),
]


def test_polib_reads_the_entries_listed_by_hand():
    catalog = polib.pofile(str(GOLDEN / "blocks.expect.pot"))
    found = [(e.msgid, e.comment.split("\n"), [f"{f}:{l}" for f, l in e.occurrences], e.flags)
             for e in catalog if not e.obsolete]
    assert found == BLOCKS
    assert all(e.msgstr == "" for e in catalog)


@pytest.mark.skipif(not shutil.which("msgcat"), reason="needs GNU gettext")
@pytest.mark.parametrize("golden", sorted(GOLDEN.glob("*.expect.pot")), ids=lambda p: p.stem)
def test_gettext_lays_out_the_golden_files_as_they_are(golden):
    again = subprocess.run(["msgcat", str(golden)], capture_output=True, check=True).stdout
    assert again == golden.read_bytes()
    subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(golden)], check=True)
