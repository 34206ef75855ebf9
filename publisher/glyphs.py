"""Which characters a locale's fonts can draw.

fontconfig (``fc-match``) finds the file of each font family configured for
the locale, fontTools reads the file's character map.  Each family and each
file is looked up once per process.  Nothing here loads the PDF renderer.
"""

from __future__ import annotations

import shutil
import subprocess
from functools import lru_cache

from .catalogs.checks import FontCoverage


def _same_family(a: str, b: str) -> bool:
    """Family names as fontconfig compares them: case and blanks ignored."""
    return a.replace(" ", "").casefold() == b.replace(" ", "").casefold()


def _pattern(family: str) -> str:
    """A family name as a fontconfig pattern (its special characters escaped)."""
    return "".join("\\" + c if c in "\\-:,=" else c for c in family)


@lru_cache(maxsize=None)
def font_face(family: str) -> tuple[str, int] | None:
    """The file and face index of the family's regular face (None if not installed)."""
    try:
        out = subprocess.run(["fc-match", "--format", "%{family}\t%{file}\t%{index}",
                              _pattern(family)], capture_output=True, text=True, check=False,
                             timeout=30).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    names, _, rest = out.partition("\t")
    path, _, index = rest.partition("\t")
    if not path or not any(_same_family(name, family) for name in names.split(",")):
        return None      # fontconfig substituted another family
    return path, int(index) if index.isdigit() else 0


@lru_cache(maxsize=None)
def character_map(path: str, index: int = 0) -> frozenset[int]:
    """The code points a font file's face maps to glyphs (empty if unreadable)."""
    from fontTools.ttLib import TTFont, TTLibError

    try:
        with TTFont(path, fontNumber=index, lazy=True) as font:
            return frozenset(font.getBestCmap() or {})
    except (OSError, TTLibError, KeyError, ValueError, AssertionError):
        return frozenset()


@lru_cache(maxsize=None)
def coverage(families: tuple[str, ...]) -> FontCoverage:
    """What a font stack can draw: the union of its installed families' maps."""
    if shutil.which("fc-match") is None:
        return FontCoverage(families, unavailable="fontconfig (fc-match) is not installed, so "
                            "glyph coverage was not checked; install fontconfig and the fonts "
                            "`publisher doctor` lists")
    found, codepoints = [], set()
    for family in families:
        face = font_face(family)
        if face is not None:
            found.append(family)
            codepoints |= character_map(*face)
    return FontCoverage(families, tuple(found), frozenset(codepoints))
