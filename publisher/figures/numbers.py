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
    {4.2:numeral}       extraction writes the kind where the context decides
    {2500:number}       it (publisher.figurekinds): a decimal is a quantity
                        only next to a unit, percent, currency or comparison
    {1995:year}         a kind given by the author: number, numeral, year,
                        percent, date (ISO 2024-03-01), or a currency code
                        such as USD or EUR for an amount
    \\{                 a literal brace

This module is pure: it parses, compares and formats; it reads no files.
"""

from __future__ import annotations

import bisect
import datetime as _dt
import difflib
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation, localcontext
from functools import lru_cache

from babel import Locale
from babel.numbers import (
    get_currency_name,
    get_currency_precision,
    get_currency_symbol,
    get_decimal_symbol,
    get_group_symbol,
    list_currencies,
)

from ..core.calendars import format_long_date
from ..core.cldr.minimum_grouping import MINIMUM_GROUPING_DIGITS
from ..core.cldr.minimum_grouping import ROOT as _GROUPING_ROOT
from ..core.locales import cldr_name, fallback_chain
from .kinds import classify, source_words

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
    return get_group_symbol(cldr_name(locale)), get_decimal_symbol(cldr_name(locale))


#: Spaces authors type between digit groups where CLDR writes one of them.
_GROUP_SPACES = "\u202f\u00a0 \u2009"


@lru_cache(maxsize=None)
def source_symbols(locale: str) -> tuple[str, str]:
    """The group and decimal signs a source in ``locale`` may write: CLDR's
    for the Latin digits and for the locale's default numbering system
    (Arabic ``٬`` and ``٫``), a narrow no-break space, a no-break space or a
    plain space where CLDR groups with a space (French, Russian) or the
    decimal sign is a comma (German, Spanish: 75 000), both
    apostrophes where it groups with one (Swiss), and the full-width stop
    for Chinese and Japanese decimals."""
    babel_locale = Locale.parse(cldr_name(locale))
    groups, decimals = [], []
    systems = ["latn", babel_locale.default_numbering_system]
    systems += sorted(system for system in babel_locale.number_symbols
                      if system in ("arab", "arabext") and system not in systems)
    for index, system in enumerate(systems):
        symbols = babel_locale.number_symbols[system] if system in babel_locale.number_symbols else {}
        for name, out, other in (("group", groups, decimals), ("decimal", decimals, groups)):
            try:
                sign = symbols[name].strip("\u200e\u200f\u061c")
            except KeyError:
                continue
            # the Latin digits' and the default system's signs come first: a
            # further system's sign that is their other sign is left out
            # (Malay in Brunei groups with "." and its arabext data has "."
            # for the decimal)
            if sign and sign not in out and (index < 2 or sign not in other):
                out.append(sign)
    if any(g in _GROUP_SPACES for g in groups) or "," in decimals:
        # ISO 80000 and SI: a space groups digits wherever the decimal sign is a
        # comma (the RAE and DIN 5008 write 75 000 and 1 234 567 too)
        groups += [g for g in _GROUP_SPACES if g not in groups]
    if any(g in "'\u2019" for g in groups):
        groups += [g for g in "'\u2019" if g not in groups]
    if babel_locale.language in ("zh", "ja"):
        decimals.append("\uff0e")
    groups = [g for g in groups if g not in decimals]
    return "".join(groups), "".join(decimals)


def _class(signs: str) -> str:
    return "[" + "".join(re.escape(c) for c in signs) + "]"


def _grouped(locale: str, group: str) -> str:
    """A grouped integer as ``locale`` writes it: groups of three, and where
    CLDR groups the rest in twos (Hindi, Indian English: 12,34,567) those
    too."""
    primary, secondary = Locale.parse(cldr_name(locale)).decimal_formats[None].grouping
    threes = rf"\d{{1,3}}(?:{group}\d{{3}})+"
    if (primary, secondary) == (3, 3) or not 0 < primary < 3 and not 0 < secondary < 3:
        return threes
    # groups of two above the first (Hindi, Indian English: 12,34,567) or
    # throughout (Toki Pona: 2 77 85), as CLDR's pattern writes them
    return rf"(?:{threes}|\d{{1,{secondary}}}(?:{group}\d{{{secondary}}})*{group}\d{{{primary}}})"


#: Minus signs a source may write before a number.
_MINUS = "\\-\u2212"   # as written inside a regex character class

#: Letters and digits that join a number to a word; ideographs and kana do
#: not (Chinese and Japanese write 共有27,785家 with no space).
_WORDLIKE = r"[^\W\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]"
_PERCENT = "%\u066a\uff05"

#: Arabic writes the conjunctions and prepositions wa, bi, li, fa and ka
#: joined to the next word, a number included (و٢٧٬٧٨٥, ب20%).
_PROCLITIC = rf"(?<=(?<!{_WORDLIKE})[\u0648\u0628\u0644\u0641\u0643])"


@lru_cache(maxsize=None)
def number_pattern(locale: str) -> re.Pattern:
    """How the source locale writes a figure in running text."""
    group, decimal = (_class(s) for s in source_symbols(locale))
    number = (rf"(?:{_grouped(locale, group)}(?:{decimal}\d+)?"
              rf"|\d+(?:{decimal}\d+)?)")
    # Not a figure: a number inside a word, code, path or time (G20, COVID-19,
    # 10:30), one with leading zeros (0800, 007: identifiers), or one that
    # continues a digit group the pattern could not take whole (1 000 000 in
    # an English text, 1,0000, 3.2.1, 192.168.0.1).  A minus sign counts when
    # a space, a bracket or the start of the text comes before it (-3.5, not
    # UTC-5 nor 10-20).
    return re.compile(
        rf"(?=[{_MINUS}\d])(?:(?<!{_WORDLIKE})|{_PROCLITIC})(?<![{_MINUS}/.:#@{{\\])(?<!\d[,. \u00a0\u202f\u066b\u066c\uff0e\u00b7'\u2019])"
        rf"(?:[{_MINUS}](?=\d))?"
        rf"(?<!\w[{_MINUS}])(?!0\d){number}"
        rf"(?:[ \u00a0\u202f]?[{_PERCENT}])?(?!{_WORDLIKE})(?![\-%}}\u066a\uff05])"
        rf"(?![ \u00a0\u202f][{_PERCENT}])"    # never a number without the percent sign after it
        rf"(?![.,:/ \u00a0\u202f\u066b\u066c\uff0e\u00b7'\u2019]\d)")


_VERBATIM = re.compile(r"(`+)(?:.|\n)*?\1|\]\([^)]*\)|<[^<>\s]+>|\\.|\[\^[^\]\s]+\]|\]\[[^\]]*\]")


def _verbatim(text: str) -> list[tuple[int, int]]:
    """Spans of inline Markdown that are never figures nor placeholders: code,
    link destinations, autolinks, backslash escapes, footnote references
    (``[^1]``) and reference-link labels (``[text][1]``)."""
    return [match.span() for match in _VERBATIM.finditer(text)]


def _overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether [start, end) meets one of ``spans`` (sorted, not nested into
    each other's starts), in logarithmic time: a paragraph may hold
    thousands of figures."""
    index = bisect.bisect_right(spans, (start, float("inf")))
    if index and spans[index - 1][1] > start:
        return True
    return index < len(spans) and spans[index][0] < end


def _placeholder_matches(text: str) -> list[re.Match]:
    """The placeholders of ``text``, outside code, link destinations and autolinks."""
    spans = _verbatim(text)
    return [m for m in PLACEHOLDER.finditer(text) if not _overlaps(spans, m.start(), m.start() + 1)]


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
    placeholders already written (sorted)."""
    return sorted(_verbatim(text) + [m.span() for m in _placeholder_matches(text)])


@lru_cache(maxsize=None)
def range_pattern(locale: str) -> re.Pattern:
    """A range written with a hyphen whose ends are both quantities: a
    percent at its end (``7-8%``, ``0.5-2%``) or grouped ends
    (``1,000-10,000``).  Other hyphenated numbers (``10-20``, ``2019-20``,
    ``978-3-16``) are left alone."""
    group, decimal = (_class(s) for s in source_symbols(locale))
    plain = rf"\d+(?:{decimal}\d+)?"
    grouped = rf"{_grouped(locale, group)}(?:{decimal}\d+)?"
    edge = rf"(?!{_WORDLIKE})(?![\-%}}\u066a\uff05])(?![.,:/ \u00a0\u202f\u066b\u066c\uff0e]\d)"
    return re.compile(
        rf"(?=\d)(?<!{_WORDLIKE})(?<![\-\u2212/.:#@{{\\])(?<!\d[,. \u00a0\u202f\u066b\u066c\uff0e])(?:"
        rf"(?P<a>(?!0\d)(?!\d{{4}}){plain})-(?P<b>(?!0\d){plain}[ \u00a0\u202f]?[{_PERCENT}]){edge}"
        rf"|(?P<c>{grouped})-(?P<d>{grouped}){edge})")


def figure_spans(text: str, source_locale: str,
                 quantity: bool = False) -> list[tuple[int, int, str]]:
    """Where ``mark_figures`` finds figures in ``text``: (start, end, the
    placeholder's text between the braces), in order.

    What a figure is comes from its context (publisher.figurekinds): a
    decimal without a unit, percent, currency or comparison around it is a
    numeral (``4.2:numeral``), an ungrouped number with a unit is a
    quantity (``2500:number``).  ``quantity`` says the text is a cell of a
    table column of amounts (see :func:`table_quantity_cells`): its one
    figure is a quantity.
    """
    spans = _protected(text)
    group, decimal = source_symbols(source_locale)
    found = [m for m in number_pattern(source_locale).finditer(text)
             if not _overlaps(spans, m.start(), m.start() + 1)
             and not (" " in _digits_part(m.group(0)) and sum(c.isdigit() for c in m.group(0)) > MAX_DIGITS)]
    words = source_words(source_locale)
    kinds = classify(text, [(m.start(), m.end(), _grouped_amount(_digits_part(m.group(0)), group),
                             _is_percent(m.group(0))) for m in found], words,
                     [_has(m.group(0), decimal) for m in found])
    if quantity and len(found) == 1 and found[0].group(0) == without_emphasis(text):
        kinds = ["percent" if _is_percent(found[0].group(0)) else "number"]
    figures = [(m.start(), m.end(), m.group(0), kind) for m, kind in zip(found, kinds)]
    taken = sorted(spans + [(start, end) for start, end, _, _ in figures])
    for match in range_pattern(source_locale).finditer(text):
        if _overlaps(taken, match.start(), match.end()):
            continue
        for name in ("a", "b", "c", "d"):
            if match.group(name) is not None:
                written = match.group(name)
                figures.append((match.start(name), match.end(name), written,
                                "percent" if _is_percent(written) else "number"))
    out = []
    for start, end, written, kind in sorted(figures):
        guessed = "percent" if _is_percent(written) else (
            "number" if _has(_digits_part(written), group + decimal) else "numeral")
        if guessed == "numeral" and kind == "number" and len(written) < 4 and written[0].isdigit():
            kind = "numeral"        # 250 km: written the same either way, keep the placeholder short
        out.append((start, end, written + ("" if kind == guessed else ":" + kind)))
    return out


def _grouped_amount(written: str, group: str) -> bool:
    """Whether a figure's grouping alone makes it an amount.  A plain space
    between groups is also how lists are typed (ports 135 139 445, values
    100 200): with a plain space the first group must be shorter than three
    digits (27 785, 1 000 000), else the words around it decide (312 500 000 €),
    and without them it is printed as written."""
    if not _has(written, group):
        return False
    if " " not in written or _has(written, group.replace(" ", "")):
        return True
    return len(written.lstrip(_MINUS.replace("\\", "")).split(" ")[0]) < 3


def _has(text: str, signs: str) -> bool:
    return any(c in signs for c in text)


def _is_percent(written: str) -> bool:
    return written[-1:] in _PERCENT


def _digits_part(written: str) -> str:
    """A figure as written without its percent sign and the space before it."""
    return written.rstrip(_PERCENT).rstrip(" \u00a0\u202f") if _is_percent(written) else written


def mark_figures(text: str, source_locale: str, quantity: bool = False) -> str:
    """``text`` with each figure written as a placeholder: ``27,785`` -> ``{27,785}``,
    ``Django 4.2`` -> ``Django {4.2:numeral}`` (see :func:`figure_spans`).

    Placeholders the author already wrote (``{1995:year}``) are kept; figures
    in code, link destinations and autolinks are left alone.
    """
    out, position = [], 0
    for start, end, placeholder in figure_spans(text, source_locale, quantity):
        out.append(text[position:start])
        out.append("{" + placeholder + "}")
        position = end
    out.append(text[position:])
    return "".join(out)


_EMPHASIZED = re.compile(r"^([*_]{1,3})(.*)\1$", re.S)


def without_emphasis(cell: str) -> str:
    """A cell's text without the emphasis around all of it (``**1,030.7**``:
    a total row in bold is as much a figure as the rows above it)."""
    cell = cell.strip()
    match = _EMPHASIZED.match(cell)
    return match.group(2).strip() if match else cell


def table_quantity_cells(tokens, source_locale: str) -> set[int]:
    """The indexes of the ``inline`` tokens (markdown-it) that are body cells
    of a table column of amounts (publisher.figurekinds.quantity_column)."""
    from .kinds import quantity_column
    pattern = number_pattern(source_locale)
    group = source_symbols(source_locale)[0]
    columns: dict[int, tuple[str, list[tuple[int, str]]]] = {}
    result: set[int] = set()
    column, header = 0, False

    def finish() -> None:
        for head, cells in columns.values():
            if quantity_column(head, [without_emphasis(text) for _, text in cells], pattern, group,
                               source_words(source_locale)):
                result.update(index for index, _ in cells)
        columns.clear()

    for index, token in enumerate(tokens):
        if token.type == "table_open":
            columns.clear()
        elif token.type == "table_close":
            finish()
        elif token.type == "tr_open":
            column = 0
        elif token.type in ("th_open", "td_open"):
            header = token.type == "th_open"
        elif token.type in ("th_close", "td_close"):
            column += 1
        elif token.type == "inline" and index and tokens[index - 1].type in ("th_open", "td_open"):
            head, cells = columns.setdefault(column, ("", []))
            if header:
                columns[column] = (head + " " + token.content, cells)
            else:
                cells.append((index, token.content))
    return result


#: The longest figure publisher writes (digits); longer ones are refused.
MAX_DIGITS = 60


@lru_cache(maxsize=None)
def _currencies() -> frozenset[str]:
    return frozenset(list_currencies())


def _currency_problem(text: str, code: str, value: Decimal) -> str | None:
    if code not in _currencies():
        close = difflib.get_close_matches(code, sorted(_currencies()), n=3)
        hint = f" (did you mean {' or '.join(close)}?)" if close else ""
        return (f"{{{text}}}: {code} is not a currency code known to ISO 4217 and CLDR{hint}; "
                "write the amount's code, such as EUR or USD, or a kind: number, numeral, "
                "year, percent, date")
    places = get_currency_precision(code)
    with localcontext() as context:
        context.prec = MAX_DIGITS * 2 + 10
        if value != value.quantize(Decimal(1).scaleb(-places)):
            return (f"{{{text}}}: {code} is written with {places} decimal"
                    f"{'' if places == 1 else 's'}, so this amount would print rounded; "
                    f"write it with at most {places} non-zero decimal{'' if places == 1 else 's'}")
    return None


def parse_figure(text: str, source_locale: str) -> Figure:
    """The figure a placeholder's text denotes (FigureError if it denotes none)."""
    body, _, kind = text.partition(":")
    body, kind = body.strip(), kind.strip()
    if kind == "date":
        try:
            return Figure(text, _dt.date.fromisoformat(body), "date")
        except ValueError:
            raise FigureError(f"{{{text}}}: a date is written YYYY-MM-DD") from None
    group, decimal = source_symbols(source_locale)
    percent = _is_percent(body)
    digits = _digits_part(body)
    if not re.fullmatch(rf"[{_MINUS}]?(?:{_grouped(source_locale, _class(group))}(?:{_class(decimal)}\d+)?"
                        rf"|\d+(?:{_class(decimal)}\d+)?)", digits):
        raise FigureError(f"{{{text}}} is not a figure; write a literal brace as \\{{")
    if sum(c.isdigit() for c in digits) > MAX_DIGITS and kind not in ("numeral", "year"):
        raise FigureError(f"{{{text}}} has more than {MAX_DIGITS} digits; write it in words or "
                          "with a scale (2.5 billion), or in code (`...`) if it is not a figure")
    grouped = _has(digits, group)
    plain = "".join("" if c in group else "." if c in decimal else
                    str(unicodedata.digit(c)) if c.isdigit() else c for c in digits).replace("\u2212", "-")
    value = Decimal(plain)
    fraction = len(plain.partition(".")[2])
    if not kind:
        kind = "percent" if percent else ("number" if grouped or fraction else "numeral")
    elif kind == "year":
        kind = "numeral"
    elif kind == "quantity":
        kind = "number"
    if kind not in KINDS:
        if not re.fullmatch(r"[A-Za-z]{3}", kind):
            raise FigureError(f"{{{text}}}: unknown kind {kind!r}; use number, numeral, year, "
                              "percent, date or a currency code such as EUR")
        problem = _currency_problem(text, kind.upper(), value)
        if problem:
            raise FigureError(problem)
        kind = kind.upper()
    return Figure(text, value, kind, fraction)


def placeholders(text: str) -> list[str]:
    """The placeholder texts of ``text``, in order (the part between the braces)."""
    return [match.group(1) for match in _placeholder_matches(text)]


def printed_signs(text: str) -> str:
    """``text`` with each figure placeholder replaced by the characters of
    the source it prints whatever the page: none for a quantity, a date or
    a year (written in the page's digits and signs), a numeral's signs but
    not its digits (``{٣٫٢:numeral}`` prints ٫ between the page's digits)."""
    def signs(match: re.Match) -> str:
        written, _, kind = match.group(1).partition(":")
        if kind.strip() != "numeral":
            return ""
        return "".join(c for c in written.strip() if unicodedata.category(c) != "Nd")
    return _replace_placeholders(text, signs)


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


#: A word of running text: what lies between spaces, brackets and double quotes.
_WORD = re.compile(r"[^\s()\[\]{}<>\"“”„«»‹›]+")


def _latin_word(word: str) -> bool:
    return any(c.isalpha() and "LATIN" in unicodedata.name(c, "") for c in word)


def localize_numerals(text: str, system: str) -> str:
    """``text``, running text of a page whose figures are already written,
    with the ASCII digits of the numerals left as text (2020-10-25, 10:30,
    3.2.1, 192.168.0.1, ISO 8601-1:2019, digits a translator typed) written
    in ``system``'s digits: punctuation and spacing unchanged, nothing
    regrouped.  A word with a Latin letter keeps its digits (G20, COVID-19,
    UTF-8, x86_64, a bare address): it is written in Latin script.  For
    ``latn`` the text is returned as it is."""
    if _ZERO.get(system, "0") == "0" or not any("0" <= c <= "9" for c in text):
        return text

    def word(match: re.Match) -> str:
        written = match.group(0)
        if not any("0" <= c <= "9" for c in written) or _latin_word(written):
            return written
        return _digits(written, system)

    return _WORD.sub(word, text)


def numbering_system(locale: str, setting: str | None = None) -> str:
    """The numbering system for ``locale``: the setting, else CLDR's default."""
    system = setting or Locale.parse(cldr_name(locale)).default_numbering_system
    return system if system in _ZERO else "latn"


def _digits(text: str, system: str) -> str:
    zero = _ZERO.get(system, "0")
    if zero == "0":
        return text
    return "".join(chr(ord(zero) + ord(c) - 48) if "0" <= c <= "9" else c for c in text)


def minimum_grouping_digits(locale: str) -> int:
    """CLDR's minimumGroupingDigits for ``locale`` (2 for es, pl, pt_PT: 2500
    but 12.500), from the table generated from CLDR's JSON (Babel lacks it)."""
    for key in fallback_chain(str(Locale.parse(cldr_name(locale)))):
        value = MINIMUM_GROUPING_DIGITS.get(key)
        if value is not None:
            return value
    return _GROUPING_ROOT


def _affix(affix: str, symbols, currency: str | None, locale: Locale, value: Decimal) -> str:
    """A pattern prefix or suffix as the locale writes it: its minus, plus,
    percent and per-mille signs from the locale's symbols (Babel 2.19 keeps
    the pattern's ASCII ``-`` and ``%``), ``¤`` as the currency, quotes
    removed."""
    names = {"-": "minusSign", "+": "plusSign", "%": "percentSign", "\u2030": "perMille"}
    out, quoted, i = [], False, 0
    while i < len(affix):
        char = affix[i]
        if char == "'":
            if affix[i + 1:i + 2] == "'":
                out.append("'")
                i += 2
                continue
            quoted = not quoted
        elif quoted:
            out.append(char)
        elif char == "\u00a4":
            width = len(affix[i:]) - len(affix[i:].lstrip("\u00a4"))
            code = currency or ""
            out.append(get_currency_symbol(code, locale) if width == 1 else
                       code if width == 2 else get_currency_name(code, value, locale))
            i += width
            continue
        else:
            out.append(symbols.get(names[char], char) if char in names else char)
        i += 1
    return "".join(out)


def _number_symbols(locale: Locale, system: str) -> dict[str, str]:
    """The locale's symbols in ``system``; CLDR leaves out those that are the
    same as in ``latn`` (Hindi's ``deva`` symbols), so those come from ``latn``."""
    latn = locale.number_symbols["latn"]
    chosen = locale.number_symbols[system] if system in locale.number_symbols else latn
    names = ("decimal", "group", "minusSign", "plusSign", "percentSign", "perMille")
    out = {}
    for name in names:
        try:
            out[name] = chosen[name]
        except KeyError:
            out[name] = latn[name]
    return out


def _group(digits: str, symbol: str, primary: int, secondary: int, minimum: int) -> str:
    """``digits`` with CLDR grouping: none below ``primary + minimum`` digits."""
    if len(digits) < primary + minimum or primary <= 0:
        return digits
    groups = [digits[-primary:]]
    rest = digits[:-primary]
    while len(rest) > secondary > 0:
        groups.insert(0, rest[-secondary:])
        rest = rest[:-secondary]
    return symbol.join([rest, *groups])


def format_figure(figure: Figure, locale: str, system: str = "latn",
                  calendar: str | None = None) -> str:
    """A figure written the way ``locale`` writes it: its CLDR pattern,
    minimum grouping digits, minus and percent signs and numbering system;
    dates in ``calendar`` (by default the locale's official one).

    Exact for every value a placeholder can hold: the digits are the
    source's, never rounded through a float or a 28-digit context; a
    currency amount is written with the currency's decimals (parse_figure
    refuses one that would lose a non-zero part).  The number itself is
    assembled here, not by Babel's ``NumberPattern.apply``, which strips a
    group separator that is an apostrophe (Swiss ``1'234'567`` came out
    as ``1234567``).
    """
    system = system if system in _ZERO else "latn"
    babel_locale = Locale.parse(cldr_name(locale))
    separators = system if system in babel_locale.number_symbols else "latn"
    value = figure.value
    if figure.kind == "date":
        return _digits(format_long_date(value, cldr_name(locale), calendar), system)
    if figure.kind == "numeral":   # digits as the source wrote them (0800 stays 0800)
        written = figure.text.partition(":")[0].strip()
        if not written.isascii() and not (babel_locale.language in ("zh", "ja", "ko")
                                          and all("\uff10" <= c <= "\uff19" for c in written if c.isdigit())):
            # Arabic-Indic or full-width digits of the source, in the target's own digits
            # (full-width ones stay in Chinese, Japanese and Korean: a typographic choice);
            # their signs stay as written (١٫٢٣٤ is 1٫234 on a German page, where
            # 1.234 would read as a thousand and more)
            written = "".join(str(unicodedata.digit(c)) if c.isdigit() else c for c in written)
        return _digits(written, system)
    currency = None
    fraction_digits = figure.fraction_digits
    if figure.kind == "percent":
        pattern = babel_locale.percent_formats[None]
    elif figure.kind == "number":
        pattern = babel_locale.decimal_formats[None]
    else:
        currency = figure.kind
        pattern = babel_locale.currency_formats["standard"]
        fraction_digits = get_currency_precision(currency)
    symbols = _number_symbols(babel_locale, separators)
    if not value.is_finite():       # a template's float('inf') or float('nan')
        name = "nan" if value.is_nan() else "infinity"
        sign = symbols["minusSign"] if value.is_signed() and not value.is_nan() else ""
        return sign + babel_locale.number_symbols["latn"].get(name, str(value))
    negative = value < 0
    with localcontext() as context:
        context.prec = MAX_DIGITS * 2 + 10
        try:
            amount = abs(value).quantize(Decimal(1).scaleb(-fraction_digits))
        except InvalidOperation as exc:
            raise FigureError(f"{{{figure.text}}} cannot be written in {locale} ({exc})") from None
    integer, _, fraction = f"{amount:f}".partition(".")
    primary, secondary = pattern.grouping
    number = _group(integer, symbols["group"], primary, secondary, minimum_grouping_digits(locale))
    if fraction:
        number += symbols["decimal"] + fraction
    prefix = _affix(pattern.prefix[negative], symbols, currency, babel_locale, value)
    suffix = _affix(pattern.suffix[negative], symbols, currency, babel_locale, value)
    if currency is not None:
        # CLDR's currencySpacing: a currency sign that ends in a letter or a
        # digit ("BHD", "US$" does not) is kept apart from the digits by U+00A0.
        if prefix and unicodedata.category(prefix[-1])[0] not in "SZ" and prefix[-1] not in "\u200e\u200f\u061c":
            prefix += "\u00a0"
        if suffix and unicodedata.category(suffix[0])[0] not in "SZ" and suffix[0] not in "\u200e\u200f\u061c":
            suffix = "\u00a0" + suffix
    written = prefix + number + suffix
    if (system == "latn" and babel_locale.language in ("zh", "ja", "ko")
            and any("\uff10" <= c <= "\uff19" for c in figure.text)):
        # a figure the source typed in full-width digits stays full-width on
        # Chinese, Japanese and Korean pages (１１０．８, ２３％), as its numerals do
        return written.translate(_FULLWIDTH)
    return _digits(written, system)


#: ASCII digits and number signs as their full-width forms.
_FULLWIDTH = {ord(c): ord(c) + 0xFEE0 for c in "0123456789.,%-+"}


def format_number(value: int | float | Decimal, locale: str, system: str = "latn") -> str:
    """A count or amount written the way ``locale`` writes it, with all its
    decimals (a float's shortest repr, a Decimal's own exponent)."""
    number = Decimal(str(value))
    exponent = number.as_tuple().exponent
    fraction = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    return format_figure(Figure(str(value), number, "number", fraction), locale, system)


#: Characters that, printed against a figure, change what a reader takes it
#: to be: signs before it, a percent or exponent after it, and marks that
#: join it to a digit.
_SIGNS = "+-\u2212\u00b1\u2213\u2012\u2013\u2014"
_MARKS = ".,\u066b\u066c'\u2019\u00b7/\u2044:"
_SPACES = " \u00a0\u202f\u2009\u2007\u2008\u200a"
_AFTER = "%\u2030\u066a\u2031\u00b0"
#: A hyphen or an en dash between two figures makes a range (no sign of the
#: second one): every locale may write its ranges so.
_RANGE_DASHES = "-\u2013"


def _invisible(char: str) -> bool:
    """Bidi controls, zero-width and other invisible format characters."""
    return unicodedata.category(char) == "Cf" or char in "\u034f\u115f\u1160\u3164\uffa0"


def _neighbours(text: str) -> Counter:
    """(placeholder, side, what) for each risky character against a placeholder."""
    found: Counter = Counter()
    matches = _placeholder_matches(text)
    starts = {m.start() for m in matches}
    ends = {m.end() for m in matches}
    for m in matches:
        name, start, end = m.group(1), m.start(), m.end()
        before = text[start - 1] if start else ""
        before2 = text[start - 2] if start > 1 else ""
        after = text[end] if end < len(text) else ""
        after2 = text[end + 1] if end + 1 < len(text) else ""
        if before:
            if unicodedata.category(before) == "Nd" or start in ends:
                found[(name, "before", "a digit or another figure")] += 1
            elif before in _RANGE_DASHES and start - 1 in ends:
                pass    # {2027}–{2029}, {2027}-{2029}: a range, however the source writes it
            elif before in _SIGNS:
                found[(name, "before", f"the sign {before!r}")] += 1
            elif _invisible(before):
                found[(name, "before", f"the invisible character U+{ord(before):04X}")] += 1
            elif before in _MARKS + _SPACES and before2 and unicodedata.category(before2) == "Nd":
                found[(name, "before", f"a digit and {before!r}")] += 1
        if after:
            if unicodedata.category(after) == "Nd" or end in starts:
                found[(name, "after", "a digit or another figure")] += 1
            elif after in _AFTER:
                found[(name, "after", f"the sign {after!r}")] += 1
            elif _invisible(after):
                found[(name, "after", f"the invisible character U+{ord(after):04X}")] += 1
            elif after in _MARKS + _SPACES and after2 and unicodedata.category(after2) == "Nd":
                found[(name, "after", f"{after!r} and a digit")] += 1
            elif after in "eE" and re.match(r"[eE][+\-\u2212]?\d", text[end:end + 3]):
                found[(name, "after", "an exponent")] += 1
    return found


def neighbour_problems(source: str, text: str) -> list[str]:
    """What the translation ``text`` puts directly against a figure placeholder
    that could change the figure a reader sees (``{93,981}0`` prints 93.9810
    in German), and the source does not have there; one sentence each."""
    allowed = _neighbours(source)
    problems = []
    for (name, side, what), count in _neighbours(text).items():
        if count > allowed[(name, side, what)]:
            if "invisible" in what:
                advice = "remove it"
            elif " and " in what:     # a digit, then a space or a mark, then the figure
                advice = ("put a word between them (a number and a figure with only a space or "
                          "a mark between them read as one number: 2029 150, 2029.150)")
            else:
                advice = "put a space or a word between them"
            problems.append(f"{what} directly {side} the figure {{{name}}} would change the "
                            f"number a reader sees; {advice}")
    return problems


def render(text: str, source: str, source_locale: str, locale: str, system: str = "latn",
           calendar: str | None = None) -> str:
    """``text`` (a translation of ``source``, or ``source`` itself) with each
    placeholder replaced by its figure formatted for ``locale``.

    Raises FigureError when the placeholders of ``text`` are not exactly
    those of ``source``: a wrong figure is never printed.
    """
    problems = compare(source, text) or neighbour_problems(source, text)
    if problems:
        raise FigureError("; ".join(problems))
    parsed = {p: parse_figure(p, source_locale) for p in placeholders(source)}
    return _replace_placeholders(text, lambda m: unbreakable(
        format_figure(parsed[m.group(1)], locale, system, calendar)))


#: Full-width forms (U+FF01-FF5E): a line may break between any two of them
#: (UAX #14 class ID), as between ideographs.
_FULL_WIDTH = re.compile("[\uff01-\uff5e]")


def unbreakable(figure: str) -> str:
    """A figure printed with no line break inside it: full-width digits and
    signs (１１０．８, as a Chinese or Japanese author types them) joined
    by U+2060 WORD JOINER (invisible, and ignored by the text layer's
    readers); a figure of other characters is unbreakable already."""
    if not _FULL_WIDTH.search(figure):
        return figure
    return "\u2060".join(figure)


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
    return Locale.parse(cldr_name(locale)).plural_form(figure.value)
