"""What a machine has and lacks for building a project: fonts, libraries,
tools.  ``diagnose`` returns findings; the command line prints them."""

from __future__ import annotations

import shutil
from dataclasses import dataclass

from ..core.locales import native_names
from ..sources.config import Settings


@dataclass(frozen=True)
class Finding:
    level: str      # "ok", "warning" or "error"
    topic: str      # "fonts", "libraries", "tools", "locales"
    message: str
    hint: str = ""


def font_findings(settings: Settings) -> list[Finding]:
    """Each locale: the font its text is set in, or one line saying that no
    installed font draws its script and which Debian package does."""
    from ..core.fonts import find_font
    from ..gate.glyphs import script_font_problem

    findings = []
    names = native_names(settings.all_locales)
    for locale in settings.all_locales:
        stack = settings.fonts_for(locale)
        present = [f for f in stack if find_font(f) is not None]
        label = f"{locale} ({names[locale]})"
        missing = script_font_problem(locale, tuple(stack)) if present else None
        if missing is not None:
            findings.append(Finding("error", "fonts", missing))
        elif not present:
            findings.append(Finding("error", "fonts", f"{label}: none of {', '.join(stack)} is installed",
                                    "install Debian's fonts-noto-core and fonts-noto-cjk, or set "
                                    f"fonts.{locale} in the settings"))
        elif present[0] != stack[0] and _same_script_face(locale, stack[0], present[0]):
            # Debian ships only one face of several scripts (Noto Sans Thaana,
            # Yi, Ol Chiki...): nothing for the user to do
            findings.append(Finding("ok", "fonts", f"{label}: {present[0]} (the installed face of "
                                    f"its script; {stack[0]} is not installed)"))
        elif present[0] != stack[0]:
            from ..core.fonts import debian_package
            from ..core.locales import locale_info

            package = debian_package(locale_info(locale).script)
            findings.append(Finding("warning", "fonts", f"{label}: {stack[0]} is not installed; "
                                    f"{present[0]} is used instead",
                                    f"install Debian's {package} for {stack[0]}, or name the "
                                    f"fonts of fonts.{locale} in the settings"))
        else:
            findings.append(Finding("ok", "fonts", f"{label}: {stack[0]}"))
    return findings


def _same_script_face(locale: str, wanted: str, used: str) -> bool:
    """Whether ``used`` is another Noto face of the locale's own script, so
    that ``wanted`` missing changes the style (serif or sans), not the script."""
    from ..core.fonts import script_families
    from ..core.locales import locale_info

    own = script_families(locale_info(locale).script, locale)
    return wanted in own and used in own


def locale_findings(settings: Settings) -> list[Finding]:
    """Each locale: its direction, numbering system and catalogs."""
    from ..core.locales import locale_info

    findings = []
    names = native_names(settings.all_locales)
    domains = sorted(p.stem for p in settings.locales_dir.glob("*.pot")) if settings.locales_dir.is_dir() else []
    for locale in settings.all_locales:
        info = locale_info(locale)
        facts = (f"{locale} ({names[locale]}): {info.direction}, {info.nplurals} plural form(s), "
                 f"digits {settings.numbering_for(locale)}")
        if locale == settings.source_locale:
            findings.append(Finding("ok", "locales", facts + ", source language"))
            continue
        missing = [d for d in domains if not settings.po_path(locale, d).is_file()]
        if missing:
            findings.append(Finding("warning", "locales", facts + f", no catalog for {', '.join(missing)}",
                                    "run `publisher update`"))
        else:
            findings.append(Finding("ok", "locales", facts + f", {len(domains)} catalog(s)"))
    return findings


def library_findings() -> list[Finding]:
    from .pdf import fast_subsetting_available

    findings = []
    if fast_subsetting_available():
        findings.append(Finding("ok", "libraries", "HarfBuzz subsetter (libharfbuzz-subset0): fast font subsetting"))
    else:
        findings.append(Finding("warning", "libraries", "libharfbuzz-subset0 is missing: fonts are "
                                "subset by fontTools, and each Chinese, Japanese or Korean PDF takes "
                                "seconds instead of a fraction of one",
                                "apt-get install libharfbuzz-subset0"))
    from importlib.metadata import PackageNotFoundError, version

    try:
        weasy = version("weasyprint")
        major = int(weasy.split(".")[0])
        level = "ok" if major >= 70 else "error"
        findings.append(Finding(level, "libraries", f"WeasyPrint {weasy}",
                                "" if level == "ok" else "upgrade to 70 or later for its security fixes"))
    except (PackageNotFoundError, ValueError) as exc:  # missing, or an odd version string
        findings.append(Finding("error", "libraries", f"WeasyPrint cannot be found: {exc}",
                                "pip install 'weasyprint>=70'"))
    return findings


def tool_findings() -> list[Finding]:
    findings = []
    for tool, use in (("msgfmt", "compare statistics with GNU gettext"),
                      ("msgcat", "check canonical PO formatting against GNU gettext"),
                      ("pdftotext", "read PDFs back in the tests"),
                      ("pdffonts", "check embedded fonts in the tests")):
        if shutil.which(tool):
            findings.append(Finding("ok", "tools", f"{tool}: found"))
        else:
            findings.append(Finding("warning", "tools", f"{tool} is missing (used to {use})",
                                    "apt-get install gettext poppler-utils"))
    return findings


def diagnose(settings: Settings | None) -> list[Finding]:
    findings = library_findings() + tool_findings()
    if settings is not None:
        findings = locale_findings(settings) + font_findings(settings) + findings
    return findings
