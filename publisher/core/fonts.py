"""Fonts: which families a locale's script needs, where fontconfig finds a
family's face, and which characters it draws.

The house style: a serif family for body text where Noto has one for the
script, its sans otherwise, then the Latin families (for Latin words and
figures in the text) and the symbol families (minus and comparison signs,
arrows, currencies).  ``default_stack`` names them from the script alone
(pure); ``find_font`` and ``character_map`` are the edges that ask fontconfig
and read the fonts, shared by the glyph check, the web fonts, ``doctor`` and
the build, so they always agree on whether a font is there.  Nothing here
loads the PDF renderer.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .locales import fallback_chain

#: fontconfig patterns for the faces of a family.
STYLE_PATTERNS = {
    "Regular": ":weight=regular:slant=roman", "Bold": ":weight=bold:slant=roman",
    "Italic": ":weight=regular:slant=italic", "BoldItalic": ":weight=bold:slant=italic",
}


#: The families every stack ends with: Latin, Greek and Cyrillic text, then the
#: symbols real text uses that Noto Serif lacks (U+2212 minus, <= and the other
#: comparison and math signs, arrows).
BASE_FAMILIES = ("Noto Serif", "Noto Sans")
SYMBOL_FAMILIES = ("Noto Sans Math", "Noto Sans Symbols", "Noto Sans Symbols2")

#: Scripts the base families draw.
BASE_SCRIPTS = frozenset({"Latn", "Cyrl", "Grek"})

#: Where Noto's family name differs from CLDR's English name of the script, or
#: the script has no serif face and several sans ones (ISO 15924 -> families,
#: in house-style order).
SCRIPT_FAMILIES: dict[str, tuple[str, ...]] = {
    "Arab": ("Noto Naskh Arabic", "Noto Sans Arabic"),
    "Beng": ("Noto Serif Bengali", "Noto Sans Bengali"),
    "Orya": ("Noto Serif Oriya", "Noto Sans Oriya"),
    "Nkoo": ("Noto Sans NKo",),
    "Cans": ("Noto Sans Canadian Aboriginal",),
    "Hans": ("Noto Serif CJK SC", "Noto Sans CJK SC"),
    "Hant": ("Noto Serif CJK TC", "Noto Sans CJK TC"),
    "Hani": ("Noto Serif CJK SC", "Noto Sans CJK SC"),
    "Jpan": ("Noto Serif CJK JP", "Noto Sans CJK JP"),
    "Kore": ("Noto Serif CJK KR", "Noto Sans CJK KR"),
    "Hang": ("Noto Serif CJK KR", "Noto Sans CJK KR"),
}

#: Where a language writes its script in a style of its own.
LANGUAGE_FAMILIES: dict[str, tuple[str, ...]] = {
    "ur": ("Noto Nastaliq Urdu", "Noto Naskh Arabic", "Noto Sans Arabic"),
    # zh_HK and zh_MO fall back to it (core.locales.fallback_chain)
    "zh_Hant_HK": ("Noto Serif CJK HK", "Noto Sans CJK HK", "Noto Serif CJK TC", "Noto Sans CJK TC"),
}

#: Punctuation a script's writers take from another script that its Noto
#: face lacks: Adlam text uses the Arabic comma and question mark (U+060C,
#: U+061F), Yi text the full-width CJK comma and full stop (U+FF0C, U+3002).
#: Their families follow the script's own in the stack.
BORROWED_FAMILIES: dict[str, tuple[str, ...]] = {
    "Adlm": ("Noto Sans Arabic",),
    "Yiii": ("Noto Sans CJK SC",),
}

#: Unicode script property values (as fontTools names them) of each writing
#: system, to tell whether a font draws it.
SCRIPT_CHARACTERS: dict[str, tuple[str, ...]] = {
    "Hans": ("Hani",), "Hant": ("Hani",), "Jpan": ("Hani", "Hira", "Kana"),
    "Kore": ("Hang",),
}

CJK_SCRIPTS = frozenset({"Hans", "Hant", "Hani", "Jpan", "Kore", "Hang", "Hira", "Kana"})


def script_families(script: str, locale: str = "") -> tuple[str, ...]:
    """The Noto families of a script (ISO 15924 code), serif first; a
    ``locale`` (its language, or language and territory) may write the script
    in a style of its own.  Empty for the scripts the base families draw."""
    for key in fallback_chain(locale) if locale else ():
        if key in LANGUAGE_FAMILIES and script not in BASE_SCRIPTS:
            return LANGUAGE_FAMILIES[key]
    if script in BASE_SCRIPTS:
        return ()
    if script in SCRIPT_FAMILIES:
        return SCRIPT_FAMILIES[script]
    from babel import Locale

    name = Locale("en").scripts.get(script)
    if not name:
        return ()
    return (f"Noto Serif {name}", f"Noto Sans {name}")


def default_stack(script: str, locale: str = "",
                  base: tuple[str, ...] = BASE_FAMILIES + SYMBOL_FAMILIES) -> tuple[str, ...]:
    """The font stack of a locale written in ``script``: its script's
    families, then ``base`` (Latin and symbols).  Pure: names only."""
    own = script_families(script, locale) + BORROWED_FAMILIES.get(script, ())
    return own + tuple(family for family in base if family not in own)


def debian_package(script: str) -> str:
    """The Debian package of the Noto families of a script."""
    return "fonts-noto-cjk" if script in CJK_SCRIPTS else "fonts-noto-core"


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
            ["fc-match", "-f",
             "%{file}\\n%{index}\\n%{family}\\n%{weight}\\n%{slant}\\n%{matrix}\\n%{embolden}",
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
    # fontconfig answers a family without an italic (or bold) face with its
    # regular one slanted by a matrix (or emboldened): that is no real face.
    synthetic = [part.strip() for part in parts[5:7]]
    if any(part and part.lower() not in ("false", "1 0 0 1") for part in synthetic):
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


@lru_cache(maxsize=None)
def _script_points(path: str, index: int, mtime: int, size: int,
                   scripts: tuple[str, ...], enough: int) -> int:
    """How many of a face's characters belong to ``scripts``, counted up to
    ``enough`` (a CJK face has 60,000: asking each would take a second)."""
    from fontTools import unicodedata

    found = 0
    for point in sorted(_character_map(path, index, mtime, size)):
        if unicodedata.script(chr(point)) in scripts:
            found += 1
            if found >= enough:
                break
    return found


def draws_script(font: FontFile, script: str) -> bool:
    """Whether a face draws a script (ISO 15924): it has glyphs for a few
    dozen of its letters, not just a symbol or two that borrow them."""
    if script in BASE_SCRIPTS:
        scripts = (script,)
    else:
        scripts = SCRIPT_CHARACTERS.get(script, (script,))
    try:
        info = font.path.stat()
    except OSError:
        return False
    return _script_points(str(font.path), font.index, info.st_mtime_ns, info.st_size,
                          scripts, 20) >= 20


@dataclass(frozen=True)
class ScriptFonts:
    """What a locale's stack has for its script, from the installed fonts."""

    script: str                     # ISO 15924
    families: tuple[str, ...]       # the stack's installed families that draw it
    suggested: tuple[str, ...]      # Noto families of the script (to install)
    package: str                    # the Debian package that has them

    @property
    def ok(self) -> bool:
        return bool(self.families)


def script_fonts(script: str, stack: tuple[str, ...], locale: str = "") -> ScriptFonts:
    """Which installed families of ``stack`` draw ``script``."""
    found = []
    for family in stack:
        face = find_font(family)
        if face is not None and draws_script(face, script):
            found.append(family)
    suggested = script_families(script, locale) or BASE_FAMILIES[:1]
    return ScriptFonts(script, tuple(found), suggested, debian_package(script))


@lru_cache(maxsize=4096)
def families_with(chars: str) -> tuple[str, ...]:
    """Installed families (fontconfig) that draw every one of ``chars``, Noto
    families first; empty when none does or fontconfig is missing."""
    if not chars or not fontconfig_available():
        return ()
    charset = " ".join(f"{ord(c):x}" for c in sorted(set(chars)))
    try:
        result = subprocess.run(["fc-list", f":charset={charset}", "family"],
                                capture_output=True, text=True, timeout=30, check=False)
    except (OSError, subprocess.SubprocessError):
        return ()
    names = sorted({line.split(",")[0].strip() for line in result.stdout.splitlines()
                    if line.strip()})
    return tuple(sorted(names, key=lambda name: (not name.startswith("Noto"), len(name), name)))


def drawn_locales() -> tuple[str, ...]:
    """Every CLDR locale in Babel's data whose script an installed font of
    its default stack draws (language, script and territory names only: no
    variants, no ``root``), sorted.  The one answer to "which locales can a
    project on this machine publish"; the script matrix and the package's own
    page words are made for these."""
    from babel.localedata import locale_identifiers

    from .locales import _NAME, script_of

    found = []
    drawn: dict[tuple[str, str], bool] = {}
    for name in sorted(locale_identifiers()):
        if not _NAME.match(name):
            continue
        script = script_of(name)
        key = (script, "_".join(script_families(script, name)))
        if key not in drawn:
            drawn[key] = script_fonts(script, default_stack(script, name), name).ok
        if drawn[key]:
            found.append(name)
    return tuple(found)


#: The share of a script's glyphs whose height the line extent covers: the
#: tallest few (rare ligatures, ornaments) may reach into the next line's
#: space as they do in print; the rest never do.
EXTENT_SHARE = 0.95


@lru_cache(maxsize=None)
def _glyph_extent(path: str, index: int, mtime: int, size: int, scripts: tuple[str, ...]) -> float:
    """The height, in ems, from the lowest to the highest point of most of a
    face's glyphs of ``scripts`` (encoded ones, and the forms shaping
    substitutes: conjuncts, stacked and positioned marks), or of all its
    glyphs when none is encoded in them."""
    from fontTools import unicodedata
    from fontTools.pens.boundsPen import BoundsPen
    from fontTools.ttLib import TTFont, TTLibError

    try:
        with TTFont(path, fontNumber=index, lazy=True) as font:
            em = font["head"].unitsPerEm
            cmap = font.getBestCmap() or {}
            encoded = {name for point, name in cmap.items()
                       if unicodedata.script(chr(point)) in scripts}
            if not encoded:
                return 0.0
            others = set(cmap.values())
            names = sorted(encoded | {name for name in font.getGlyphOrder() if name not in others})
            tops, bottoms = [], []
            if "glyf" in font:      # TrueType outlines: each glyph's header has its bounds
                table = font["glyf"]
                for name in names:
                    glyph = table[name]
                    if getattr(glyph, "numberOfContours", 0):
                        tops.append(glyph.yMax)
                        bottoms.append(glyph.yMin)
            else:                   # CFF (the CJK faces): draw a sample
                glyphs = font.getGlyphSet()
                for name in names[::max(1, len(names) // 500)]:
                    pen = BoundsPen(glyphs)
                    glyphs[name].draw(pen)
                    if pen.bounds:
                        tops.append(pen.bounds[3])
                        bottoms.append(pen.bounds[1])
    except (OSError, TTLibError, KeyError, ValueError, AssertionError):
        return 0.0
    if not tops:
        return 0.0
    tops.sort()
    bottoms.sort()
    cut = min(len(tops) - 1, int(len(tops) * EXTENT_SHARE))
    return (tops[cut] - bottoms[len(bottoms) - 1 - cut]) / em


def line_extent(script: str, locale: str = "") -> float | None:
    """How tall a line of ``script`` really is, in ems: from the lowest to
    the highest point of most glyphs of the first installed family of the
    locale's stack that draws it (Latin's own serif for Latin, Greek and
    Cyrillic).  None when no such font is installed or fontconfig is missing."""
    found = _script_face(script, locale)
    if found is None:
        return None
    face, info, scripts = found
    return _glyph_extent(str(face.path), face.index, info.st_mtime_ns, info.st_size, scripts) or None


def _script_face(script: str, locale: str = ""):
    """The first installed face of the locale's stack that draws ``script``
    (Latin's own serif for the base scripts), its file's stat and the
    Unicode scripts to measure; None where there is none."""
    stack = default_stack(script, locale)
    scripts = SCRIPT_CHARACTERS.get(script, (script,))
    if script in BASE_SCRIPTS:
        stack, scripts = BASE_FAMILIES[:1], ("Latn",)
    for family in stack:
        face = find_font(family)
        if face is None or (script not in BASE_SCRIPTS and not draws_script(face, script)):
            continue
        try:
            return face, face.path.stat(), scripts
        except OSError:
            continue
    return None


#: Latin letters without ascenders or descenders: their height is the x-height.
X_LETTERS = "xvwzacemnorsu"


@lru_cache(maxsize=None)
def _letter_height(path: str, index: int, mtime: int, size: int, scripts: tuple[str, ...]) -> float:
    """The median height above the baseline, in ems, of a face's letters of
    ``scripts`` (Latin: its x-height letters); 0 where it cannot tell (a CFF
    face, no such letters)."""
    import statistics
    import unicodedata as ucd

    from fontTools import unicodedata
    from fontTools.ttLib import TTFont, TTLibError

    try:
        with TTFont(path, fontNumber=index, lazy=True) as font:
            if "glyf" not in font:
                return 0.0
            cmap, table, em = font.getBestCmap() or {}, font["glyf"], font["head"].unitsPerEm
            if scripts == ("Latn",):
                points = [ord(c) for c in X_LETTERS if ord(c) in cmap]
            else:
                points = [p for p in cmap if unicodedata.script(chr(p)) in scripts
                          and ucd.category(chr(p)) in ("Lo", "Ll")]
            tops = [table[cmap[p]].yMax for p in points
                    if getattr(table[cmap[p]], "numberOfContours", 0)]
    except (OSError, TTLibError, KeyError, ValueError, AssertionError):
        return 0.0
    return statistics.median(tops) / em if tops else 0.0


def letter_height(script: str, locale: str = "") -> float | None:
    """How tall the letters of ``script`` stand, in ems (the median of its
    letters; Latin's x-height for the base scripts), in the first installed
    family of the locale's stack that draws it; None where unknown."""
    found = _script_face(script, locale)
    if found is None:
        return None
    face, info, scripts = found
    return _letter_height(str(face.path), face.index, info.st_mtime_ns, info.st_size, scripts) or None
