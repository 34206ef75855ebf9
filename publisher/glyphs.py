"""Which characters a locale's fonts can draw (for the glyph check).

Fonts are found and read by :mod:`publisher.fonts`, the same lookups the web
fonts and ``doctor`` use.  Nothing here loads the PDF renderer.
"""

from __future__ import annotations

from functools import lru_cache

from .catalogs.checks import FontCoverage
from .fonts import character_map, find_font, fontconfig_available


@lru_cache(maxsize=None)
def coverage(families: tuple[str, ...]) -> FontCoverage:
    """What a font stack can draw: the union of its installed families' maps."""
    if not fontconfig_available():
        return FontCoverage(families, unavailable="fontconfig (fc-match) is not installed, so "
                            "glyph coverage was not checked; install fontconfig and the fonts "
                            "`publisher doctor` lists")
    found, codepoints = [], set()
    for family in families:
        face = find_font(family)
        if face is not None:
            found.append(family)
            codepoints |= character_map(face)
    return FontCoverage(families, tuple(found), frozenset(codepoints))
