"""The Makefile's targets run what exists: every script it names is in the repository."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_every_script_the_makefile_names_exists():
    recipes = "\n".join(line for line in (ROOT / "Makefile").read_text().splitlines()
                        if line.startswith("\t"))
    named = re.findall(r"(?<![\w/.])((?:benchmarks|tests|patches)/[\w/]+\.py)", recipes)
    assert named, "the Makefile names no script"
    assert [path for path in named if not (ROOT / path).is_file()] == []
