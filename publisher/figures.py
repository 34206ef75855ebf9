"""Figures: numbers, years, percentages, amounts and dates that translators
never retype.

Extraction turns each figure of a segment into a placeholder that still shows
the source figure: ``By {1995}, {27,785} projects``.  Translators move the
placeholder; the build writes the figure the way the target locale writes it
(CLDR through Babel: ``27.785`` in German, ``27 785`` in French, Arabic-Indic
digits where a locale's numbering system asks for them).

Placeholder syntax (in sources and in catalogs)::

    {27,785}            a figure as the source writes it; its kind is guessed:
                        grouped or decimal numbers are quantities, a number
                        without grouping (1995, 12345) is a numeral whose
                        digits are localized but never grouped, 12% is a percent
    {1995:year}         a kind given by the author: number, numeral, year,
                        percent, date (ISO 2024-03-01), or a currency code
                        such as USD or EUR for an amount
    \\{                 a literal brace

This module is pure: it parses, compares and formats; it reads no files.
"""

from __future__ import annotations

import copy
import datetime as _dt
import re
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from babel import Locale
from babel.dates import format_date
from babel.numbers import format_currency, get_decimal_symbol, get_group_symbol

#: The flag on catalog entries that carry figure placeholders.  GNU gettext
#: keeps only the flags it knows (msgcat and msgmerge drop others), and this
#: one makes Poedit and Weblate highlight {...} as placeholders.  The figures
#: are never handed to str.format: this module substitutes them.
FLAG = "python-brace-format"

#: The note translators see on such entries.
NOTE = ("figures in braces, such as {1995}, are written by the build in your "
        "language's style: keep each one unchanged, and move it where your sentence needs it")

KINDS = ("number", "numeral", "year", "percent", "date")

#: First digit (zero) of the numbering systems whose digits are contiguous.
_ZERO = {
    "latn": "0", "arab": "\u0660", "arabext": "\u06f0", "deva": "\u0966", "beng": "\u09e6",
    "guru": "\u0a66", "gujr": "\u0ae6", "orya": "\u0b66", "tamldec": "\u0be6", "telu": "\u0c66",
    "knda": "\u0ce6", "mlym": "\u0d66", "thai": "\u0e50", "laoo": "\u0ed0", "tibt": "\u0f20",
    "mymr": "\u1040", "khmr": "\u17e0", "mong": "\u1810", "fullwide": "\uff10",
}

PLACEHOLDER = re.compile(r"(?<!\\)\{([^{}\n]{1,80})\}")


class FigureError(ValueError):
    """A placeholder cannot be read, or a translation's placeholders do not
    match its source's."""


@dataclass(frozen=True)
class Figure:
    """One placeholder: its text as written between the braces, the value and kind."""

    text: str
    value: Decimal | _dt.date
    kind: str               # number, numeral, percent, date, or a currency code
    fraction_digits: int = 0


@lru_cache(maxsize=None)
def _symbols(locale: str) -> tuple[str, str]:
    return get_group_symbol(locale), get_decimal_symbol(locale)


@lru_cache(maxsize=None)
def number_pattern(locale: str) -> re.Pattern:
    """How the source locale writes a figure in running text."""
    group, decimal = (re.escape(s) for s in _symbols(locale))
    number = (rf"(?:\d{{1,3}}(?:{group}\d{{3}})+(?:{decimal}\d+)?"
              rf"|\d+(?:{decimal}\d+)?)")
    # Not a figure: a number inside a word, code, path or time (G20, COVID-19,
    # 10:30), one with leading zeros (0800, 007: identifiers), or one that
    # continues a digit group the pattern could not take whole (1 000 000 in
    # an English text, 1,0000).
    return re.compile(
        rf"(?<![\w\-/.:#@$€£¥{{\\])(?<!\d[,. \u00a0\u202f])(?!0\d){number}"
        rf"(?:[ \u00a0]?%)?(?![\w\-%}}])(?![.,:/ \u00a0\u202f]\d)")


_VERBATIM = re.compile(r"(`+)(?:.|\n)*?\1|\]\([^)]*\)|<[^<>\s]+>|\\.")


def _verbatim(text: str) -> list[tuple[int, int]]:
    """Spans of inline Markdown that are never figures nor placeholders: code,
    link destinations, autolinks and backslash escapes."""
    return [match.span() for match in _VERBATIM.finditer(text)]


def _placeholder_matches(text: str) -> list[re.Match]:
    """The placeholders of ``text``, outside code, link destinations and autolinks."""
    spans = _verbatim(text)
    return [m for m in PLACEHOLDER.finditer(text) if not any(a <= m.start() < b for a, b in spans)]


def _replace_placeholders(text: str, replace) -> str:
    out, position = [], 0
    for match in _placeholder_matches(text):
        out.append(text[position:match.start()])
        out.append(replace(match))
        position = match.end()
    out.append(text[position:])
    return "".join(out)


def _protected(text: str) -> list[tuple[int, int]]:
    """Spans where no figure is looked for: the verbatim spans and the
    placeholders already written."""
    return _verbatim(text) + [m.span() for m in _placeholder_matches(text)]


def mark_figures(text: str, source_locale: str) -> str:
    """``text`` with each figure written as a placeholder: ``27,785`` -> ``{27,785}``.

    Placeholders the author already wrote (``{1995:year}``) are kept; figures
    in code, link destinations and autolinks are left alone.
    """
    spans = _protected(text)
    out, position = [], 0
    for match in number_pattern(source_locale).finditer(text):
        start, end = match.span()
        if any(a <= start < b for a, b in spans):
            continue
        out.append(text[position:start])
        out.append("{" + match.group(0) + "}")
        position = end
    out.append(text[position:])
    return "".join(out)


def parse_figure(text: str, source_locale: str) -> Figure:
    """The figure a placeholder's text denotes (FigureError if it denotes none)."""
    body, _, kind = text.partition(":")
    body, kind = body.strip(), kind.strip()
    if kind == "date":
        try:
            return Figure(text, _dt.date.fromisoformat(body), "date")
        except ValueError:
            raise FigureError(f"{{{text}}}: a date is written YYYY-MM-DD") from None
    group, decimal = _symbols(source_locale)
    percent = body.endswith("%")
    digits = body.rstrip("%").rstrip(" \u00a0")
    if not re.fullmatch(rf"\d{{1,3}}(?:{re.escape(group)}\d{{3}})+(?:{re.escape(decimal)}\d+)?"
                        rf"|\d+(?:{re.escape(decimal)}\d+)?", digits):
        raise FigureError(f"{{{text}}} is not a figure; write a literal brace as \\{{")
    grouped = group in digits
    plain = digits.replace(group, "").replace(decimal, ".")
    try:
        value = Decimal(plain)
    except InvalidOperation:
        raise FigureError(f"{{{text}}} is not a number") from None
    fraction = len(plain.partition(".")[2])
    if not kind:
        kind = "percent" if percent else ("number" if grouped or fraction else "numeral")
    elif kind == "year":
        kind = "numeral"
    elif kind == "quantity":
        kind = "number"
    if kind not in KINDS and not re.fullmatch(r"[A-Z]{3}", kind):
        raise FigureError(f"{{{text}}}: unknown kind {kind!r}; use number, numeral, year, "
                          "percent, date or a currency code such as EUR")
    return Figure(text, value, kind, fraction)


def placeholders(text: str) -> list[str]:
    """The placeholder texts of ``text``, in order (the part between the braces)."""
    return [match.group(1) for match in _placeholder_matches(text)]


def figures(text: str, source_locale: str) -> list[Figure]:
    return [parse_figure(p, source_locale) for p in placeholders(text)]


def compare(msgid: str, msgstr: str) -> list[str]:
    """What is wrong with the translation's placeholders, one sentence each."""
    expected, found = Counter(placeholders(msgid)), Counter(placeholders(msgstr))
    problems = []
    for text, count in expected.items():
        if found[text] < count:
            problems.append(f"the figure {{{text}}} is missing" if found[text] == 0 else
                            f"the figure {{{text}}} appears {found[text]} time(s), "
                            f"the source has it {count} time(s)")
        elif found[text] > count:
            problems.append(f"the figure {{{text}}} appears {found[text]} time(s), "
                            f"the source has it {count} time(s)")
    for text in found:
        if text not in expected:
            problems.append(f"{{{text}}} is not a figure of the source; copy the source's "
                            "placeholders unchanged")
    return problems


def digit_systems() -> frozenset[str]:
    """The CLDR numbering systems whose digits publisher can write."""
    return frozenset(_ZERO)


#: CSS counter styles for page numbers in each numbering system.
COUNTER_STYLES = {
    "latn": "decimal", "arab": "arabic-indic", "arabext": "persian", "deva": "devanagari",
    "beng": "bengali", "guru": "gurmukhi", "gujr": "gujarati", "orya": "oriya",
    "telu": "telugu", "knda": "kannada", "mlym": "malayalam", "thai": "thai", "laoo": "lao",
    "tibt": "tibetan", "mymr": "myanmar", "khmr": "khmer", "mong": "mongolian",
    "fullwide": "decimal", "tamldec": "decimal",
}


def localize_digits(text: str, system: str) -> str:
    """``text`` with its ASCII digits written in ``system``'s digits."""
    return _digits(text, system)


def numbering_system(locale: str, setting: str | None = None) -> str:
    """The numbering system for ``locale``: the setting, else CLDR's default."""
    system = setting or Locale.parse(locale).default_numbering_system
    return system if system in _ZERO else "latn"


def _digits(text: str, system: str) -> str:
    zero = _ZERO.get(system, "0")
    if zero == "0":
        return text
    return "".join(chr(ord(zero) + ord(c) - 48) if "0" <= c <= "9" else c for c in text)


def format_figure(figure: Figure, locale: str, system: str = "latn") -> str:
    """A figure written the way ``locale`` writes it."""
    system = system if system in _ZERO else "latn"
    symbols = Locale.parse(locale).number_symbols
    separators = system if system in symbols else "latn"
    value = figure.value
    if figure.kind == "date":
        return _digits(format_date(value, format="long", locale=locale), system)
    if figure.kind == "numeral":   # digits as the source wrote them (0800 stays 0800)
        return _digits(figure.text.partition(":")[0].strip(), system)
    babel_locale = Locale.parse(locale)
    if figure.kind in ("number", "percent"):
        formats = babel_locale.percent_formats if figure.kind == "percent" else babel_locale.decimal_formats
        pattern = copy.copy(formats[None])
        pattern.frac_prec = (figure.fraction_digits, figure.fraction_digits)
        amount = value / 100 if figure.kind == "percent" else value
        text = pattern.apply(amount, babel_locale, numbering_system=separators)
    else:
        text = format_currency(value, figure.kind, locale=locale, numbering_system=separators)
    return _digits(text, system)


def format_number(value: int | float | Decimal, locale: str, system: str = "latn") -> str:
    """A count or amount written the way ``locale`` writes it."""
    figure = Figure(str(value), Decimal(str(value)), "number",
                    len(str(value).partition(".")[2]) if isinstance(value, float) else 0)
    return format_figure(figure, locale, system)


def render(text: str, source: str, source_locale: str, locale: str, system: str = "latn") -> str:
    """``text`` (a translation of ``source``, or ``source`` itself) with each
    placeholder replaced by its figure formatted for ``locale``.

    Raises FigureError when the placeholders of ``text`` are not exactly
    those of ``source``: a wrong figure is never printed.
    """
    problems = compare(source, text)
    if problems:
        raise FigureError("; ".join(problems))
    parsed = {p: parse_figure(p, source_locale) for p in placeholders(source)}
    return _replace_placeholders(text, lambda m: format_figure(parsed[m.group(1)], locale, system))


def skeleton(text: str) -> str:
    """``text`` with every placeholder emptied: two strings that differ only
    in their figures have the same skeleton."""
    return _replace_placeholders(text, lambda m: "{}")


def rename(text: str, mapping: dict[str, str]) -> str:
    """``text`` with each placeholder ``{a}`` written ``{mapping[a]}`` (others kept)."""
    return _replace_placeholders(text, lambda m: "{" + mapping.get(m.group(1), m.group(1)) + "}")


def plural_category(figure: Figure, locale: str) -> str | None:
    """The CLDR plural category of a figure's value in ``locale`` (None for dates)."""
    if figure.kind == "date":
        return None
    # The written fraction digits count (CLDR's v): 1 is "one" in English, 1.0 "other".
    return Locale.parse(locale).plural_form(figure.value)
