"""Which characters a locale's fonts can draw (for the glyph check), and
whether they draw the locale's script at all.

Fonts are found and read by :mod:`publisher.fonts`, the same lookups the web
fonts, the build and ``doctor`` use, over the same stack the pages name
(``Settings.fonts_for``), so the check and the renderer agree.  Nothing here
loads the PDF renderer.
"""

from __future__ import annotations

from functools import lru_cache

from ..catalogs.checks import FontCoverage
from ..core.fonts import character_map, families_with, find_font, fontconfig_available, script_fonts
from ..core.locales import locale_info, native_names


def script_font_problem(locale: str, families: tuple[str, ...]) -> str | None:
    """One line saying that no installed font of ``families`` draws the
    locale's script, naming the Debian package and the family that would;
    None when one does (or fontconfig cannot tell)."""
    if not fontconfig_available():
        return None
    info = locale_info(locale)
    found = script_fonts(info.script, families, locale)
    if found.ok:
        return None
    from babel import Locale

    script = Locale("en").scripts.get(info.script, info.script)
    label = f"{locale} ({native_names([locale])[locale]})"
    family = found.suggested[0]
    if find_font(family) is not None:
        fix = (f"{family} is installed: add it to fonts.{locale} of the settings, or remove "
               f"that entry to use the script's default fonts")
    else:
        fix = (f"install Debian's {found.package} ({family}), or name a font that has it in "
               f"fonts.{locale} of the settings")
    return (f"{label}: no installed font of its stack draws its {script} script, so its text "
            f"would come out in whatever font the machine falls back to; {fix}")


@lru_cache(maxsize=None)
def coverage(families: tuple[str, ...], locale: str | None = None) -> FontCoverage:
    """What a font stack can draw: the union of its installed families' maps.
    With ``locale``, a stack that lacks the locale's script is reported once
    (as ``unavailable``) instead of character by character."""
    if not fontconfig_available():
        return FontCoverage(families, unavailable="fontconfig (fc-match) is not installed, so "
                            "glyph coverage was not checked; install fontconfig and the fonts "
                            "`publisher doctor` lists")
    if locale is not None:
        missing = script_font_problem(locale, families)
        if missing is not None:
            return FontCoverage(families, unavailable=missing)
    found, codepoints = [], set()
    for family in families:
        face = find_font(family)
        if face is not None:
            found.append(family)
            codepoints |= character_map(face)
    return FontCoverage(families, tuple(found), frozenset(codepoints), advise=families_with)
