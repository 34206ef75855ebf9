"""Installed fonts: where fontconfig finds a family's face, and which
characters it draws.

The one place that asks fontconfig (``fc-match``) and reads character maps
(fontTools), shared by the glyph check, the web fonts and ``doctor``, so they
always agree on whether a font is there.  Nothing here loads the PDF renderer.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

#: fontconfig patterns for the faces of a family.
STYLE_PATTERNS = {
    "Regular": ":weight=regular:slant=roman", "Bold": ":weight=bold:slant=roman",
    "Italic": ":weight=regular:slant=italic", "BoldItalic": ":weight=bold:slant=italic",
}


@dataclass(frozen=True)
class FontFile:
    """One face of a family, found on this machine."""

    family: str
    style: str          # a key of STYLE_PATTERNS
    path: Path
    index: int          # the face's number inside a collection (.ttc)


def same_family(wanted: str, found: str) -> bool:
    """Whether ``found`` (fontconfig's comma-separated names) names ``wanted``;
    case and blanks are ignored, as fontconfig ignores them."""
    squash = lambda name: re.sub(r"\s+", "", name).casefold()  # noqa: E731
    return any(squash(wanted) == squash(name) for name in found.split(","))


def fontconfig_available() -> bool:
    return shutil.which("fc-match") is not None


def _pattern(name: str) -> str:
    """A family name as a fontconfig pattern (its special characters escaped)."""
    return re.sub(r"([\\\-:,=])", r"\\\1", name)


@lru_cache(maxsize=None)
def find_font(family: str, style: str = "Regular") -> FontFile | None:
    """The installed face of ``family`` in ``style``; None when fontconfig has
    no such family (it would answer with another) or no real face of the style."""
    try:
        result = subprocess.run(
            ["fc-match", "-f", "%{file}\\n%{index}\\n%{family}\\n%{weight}\\n%{slant}",
             _pattern(family) + STYLE_PATTERNS[style]],
            capture_output=True, text=True, timeout=30, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    parts = result.stdout.split("\n")
    if result.returncode != 0 or len(parts) < 5 or not parts[0]:
        return None
    path, index, found, weight, slant = parts[:5]
    if not same_family(family, found):
        return None
    try:
        bold, italic = float(weight) >= 180, float(slant) > 0
    except ValueError:
        return None
    if (bold, italic) != ("Bold" in style, "Italic" in style):
        return None
    if not (path.endswith((".ttf", ".otf", ".ttc", ".otc")) and Path(path).is_file()):
        return None
    return FontFile(family, style, Path(path), int(index or 0))


@lru_cache(maxsize=64)
def _character_map(path: str, index: int, mtime: int, size: int) -> frozenset[int]:
    from fontTools.ttLib import TTFont, TTLibError

    try:
        with TTFont(path, fontNumber=index, lazy=True) as font:
            return frozenset(font.getBestCmap() or {})
    except (OSError, TTLibError, KeyError, ValueError, AssertionError):
        return frozenset()


def character_map(font: FontFile) -> frozenset[int]:
    """The code points a face has glyphs for (empty if its file is unreadable)."""
    try:
        info = font.path.stat()
    except OSError:
        return frozenset()
    return _character_map(str(font.path), font.index, info.st_mtime_ns, info.st_size)
