"""The printed value is the source value: random figures, in many locales and
numbering systems, placed in random translations; the printed text, read the
way a reader of the locale reads numbers, gives back the source value, or the
build refuses the translation (and ``check`` reports it, E204)."""

from __future__ import annotations

import re
import tomllib
import unicodedata
from decimal import Decimal
from pathlib import Path

from babel import Locale
from hypothesis import given, settings
from hypothesis import strategies as st

from publisher.figures.numbers import FigureError, neighbour_problems, numbering_system, render

BASE = ["ar", "ar_EG", "bg", "de", "de_CH", "es", "es_MX", "fa", "fr", "he", "hi", "it", "ja",
        "ko", "pl", "pt", "pt_PT", "ru", "sv", "tr", "uk", "zh_CN"]


def configured_locales() -> list[str]:
    """The locales above and those the repository's own settings configure."""
    settings_file = Path(__file__).resolve().parents[1] / "publisher.toml"
    extra = []
    if settings_file.exists():
        extra = tomllib.loads(settings_file.read_text(encoding="utf-8")).get("locales", [])
    return sorted(set(BASE) | set(extra))


LOCALES = configured_locales()
SYSTEMS = {"ar": "arab", "hi": "deva", "fa": "arabext", "ar_EG": "arab"}


def source_text(value: Decimal, places: int) -> str:
    """``value`` as an English source writes it, grouped."""
    sign = "-" if value < 0 else ""
    integer, _, fraction = f"{abs(value):.{places}f}".partition(".")
    grouped = f"{int(integer):,}"
    return sign + grouped + ("." + fraction if fraction else "")


@st.composite
def figures(draw):
    kind = draw(st.sampled_from(["number", "percent", "EUR", "JPY", "BHD"]))
    places = {"EUR": 2, "JPY": 0, "BHD": 3}.get(kind, draw(st.integers(0, 8)))
    digits = draw(st.integers(1, 40))
    integer = draw(st.integers(0, 10 ** digits - 1))
    fraction = draw(st.integers(0, 10 ** places - 1)) if places else 0
    value = Decimal(integer) + Decimal(fraction).scaleb(-places)
    if draw(st.booleans()):
        value = -value
    text = source_text(value, places)
    if kind == "percent":
        placeholder = text + "%"
    elif kind == "number":
        placeholder = text if ("," in text or "." in text) else text + ":number"
    else:
        placeholder = text + ":" + kind
    return placeholder, value, kind


NOISE = st.text(alphabet=st.sampled_from(list(
    "ab xyZ.,;:-+−±%٪'’·/()0123456789٠١٢٣٤٥٦٧٨٩۰۱۲٣\u00a0\u202f\u2009\u200e\u200f\u061c\u2066\u2069"
    "\u200b\u2060\ufeff\u00ad")), max_size=4)


def symbols_of(locale: str, system: str) -> dict[str, str]:
    """CLDR's symbols for ``system``, those it leaves out taken from latn."""
    symbols = Locale.parse(locale).number_symbols
    out = dict(symbols["latn"].items())
    if system in symbols:
        out.update(symbols[system].items())
    return out


def number_characters(locale: str, system: str) -> tuple[set[str], set[str], set[str]]:
    chosen = symbols_of(locale, system)
    digits = set("0123456789")
    zero = {"arab": 0x660, "arabext": 0x6F0, "deva": 0x966}.get(system)
    if zero:
        digits |= {chr(zero + i) for i in range(10)}
    marks = {chosen["group"], chosen["decimal"], " ", "\u00a0", "\u202f", "\u2009", ".", ",",
             "٫", "٬", "'", "’", "·", "/"}
    signs = {"-", "−", "+", "±", chosen["minusSign"][-1]}
    return digits, marks, signs


def reads_more(printed: str, start: int, end: int, locale: str, system: str) -> bool:
    """Whether a reader would take characters around printed[start:end] as part of the number."""
    digits, marks, signs = number_characters(locale, system)
    before = printed[:start]
    after = printed[end:]

    def is_digit(c: str) -> bool:
        return c in digits or unicodedata.category(c) == "Nd"

    if before:
        c = before[-1]
        if is_digit(c) or c in signs or unicodedata.category(c) == "Cf":
            return True
        if c in marks and len(before) > 1 and is_digit(before[-2]):
            return True
    if after:
        c = after[0]
        if is_digit(c) or c in "%٪‰°" or unicodedata.category(c) == "Cf":
            return True
        if c in marks and len(after) > 1 and is_digit(after[1]):
            return True
        if c in "eE" and re.match(r"[eE][+\-−]?\d", after):
            return True
    return False


def read_back(shown: str, locale: str, system: str) -> Decimal:
    """The value a reader of ``locale`` takes from a printed figure."""
    chosen = symbols_of(locale, system)
    zero = {"arab": 0x660, "arabext": 0x6F0, "deva": 0x966}.get(system, 0x30)
    text = "".join(chr(ord(c) - zero + 0x30) if zero <= ord(c) < zero + 10 else c for c in shown)
    negative = chosen["minusSign"].strip("\u200e\u200f\u061c") in text
    body = re.search(rf"\d[\d{re.escape(chosen['group'])}{re.escape(chosen['decimal'])}]*\d|\d", text).group(0)
    body = body.replace(chosen["group"], "").replace(chosen["decimal"], ".")
    value = Decimal(body)
    return -value if negative else value


@settings(max_examples=400, deadline=None)
@given(st.sampled_from(LOCALES), figures(), NOISE, NOISE)
def test_what_is_printed_reads_back_as_the_source_value(locale, figure, prefix, suffix):
    placeholder, value, kind = figure
    system = SYSTEMS.get(locale, numbering_system(locale))
    source = "Total {" + placeholder + "} here"
    translation = prefix + "{" + placeholder + "}" + suffix
    try:
        printed = render(translation, source, "en", locale, system)
    except FigureError:
        # refused only for what a reader would misread
        assert neighbour_problems(source, translation)
        return
    alone = render("{" + placeholder + "}", source, "en", locale, system)
    start = len(prefix)
    end = start + len(alone)
    assert printed[start:end] == alone
    assert not reads_more(printed, start, end, locale, system), (printed, alone)
    assert read_back(alone, locale, system) == value, (alone, value)


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(LOCALES), figures())
def test_every_figure_alone_reads_back(locale, figure):
    placeholder, value, kind = figure
    system = SYSTEMS.get(locale, numbering_system(locale))
    source = "{" + placeholder + "}"
    assert read_back(render(source, source, "en", locale, system), locale, system) == value


PIECES = list("0123456789" * 3 + ".,-−%:/ $€x\u00a0\u202f") + [
    " km", " million", "version ", "Section ", " and ", "–", "e5", "{", "}", ":number", ":EUR"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=40).map("".join), st.sampled_from(LOCALES))
def test_any_text_is_marked_and_printed_or_refused_with_a_reason(text, locale):
    """Extraction and printing never fail with anything but a FigureError."""
    from publisher.figures.numbers import figures, mark_figures
    marked = mark_figures(text, "en")
    try:
        figures(marked, "en")
        render(marked, marked, "en", locale, SYSTEMS.get(locale, "latn"))
    except FigureError:
        pass
