"""Figures against CLDR's own JSON data (tests/data/cldr_numbers.json, from
the npm package cldr-numbers-full), not against Babel: Babel 2.19 has no
minimumGroupingDigits and keeps the pattern's ASCII minus and percent signs."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from babel import Locale, UnknownLocaleError

from publisher.figures.numbers import Figure, format_figure, minimum_grouping_digits

DATA = json.loads((Path(__file__).parent / "data" / "cldr_numbers.json").read_text(encoding="utf-8"))
LOCALES = DATA["locales"]


def babel_name(cldr: str) -> str | None:
    try:
        return str(Locale.parse(cldr.replace("-", "_")))
    except (UnknownLocaleError, ValueError):
        return None


KNOWN = sorted(name for name in LOCALES if babel_name(name))


def grouping(pattern: str) -> tuple[int, int]:
    integer = pattern.split(";")[0].split(".")[0]
    parts = integer.replace("%", "").replace("¤", "").strip().split(",")
    primary = len(parts[-1].strip())
    secondary = len(parts[-2]) if len(parts) > 2 else primary
    return primary, secondary


def expected_number(digits: str, fraction: str, negative: bool, data: dict) -> str:
    """A decimal number written by CLDR's rules from CLDR's data alone."""
    system = "latn"
    symbols = data[f"symbols-numberSystem-{system}"]
    primary, secondary = grouping(data[f"decimalFormats-numberSystem-{system}"]["standard"])
    if len(digits) >= primary + int(data["minimumGroupingDigits"]):
        groups = [digits[-primary:]]
        rest = digits[:-primary]
        while len(rest) > secondary:
            groups.insert(0, rest[-secondary:])
            rest = rest[:-secondary]
        digits = symbols["group"].join([rest, *groups])
    text = digits + (symbols["decimal"] + fraction if fraction else "")
    return (symbols["minusSign"] + text) if negative else text


def test_the_locales_cldr_lists_with_minimum_grouping_digits_above_one():
    listed = {name for name, data in LOCALES.items() if data["minimumGroupingDigits"] != "1"}
    assert {"es", "pl", "pt-PT", "it", "bg", "hu", "lv", "sl", "et"} <= listed
    for name in sorted(listed):
        if babel_name(name):
            assert minimum_grouping_digits(babel_name(name)) == int(LOCALES[name]["minimumGroupingDigits"]), name


@pytest.mark.parametrize("name", KNOWN)
def test_minimum_grouping_digits_as_cldr_says(name):
    assert minimum_grouping_digits(babel_name(name)) == int(LOCALES[name]["minimumGroupingDigits"])


@pytest.mark.parametrize("name", KNOWN)
def test_numbers_as_cldr_writes_them(name):
    for value in ["1234", "12345", "123456", "1234567.25", "-1234.5", "-98765.4321"]:
        check_number(name, value)


def check_number(name: str, value: str) -> None:
    data = LOCALES[name]
    number = Decimal(value)
    integer, _, fraction = value.lstrip("-").partition(".")
    figure = Figure(value, number, "number", len(fraction))
    shown = format_figure(figure, babel_name(name))
    # Babel 2.19 carries CLDR 49, the npm package CLDR 48: where a locale's
    # separators changed between them (de-AT, fr-MA, fr-RW), compare the
    # grouping with CLDR 48's separators written in.
    ours = Locale.parse(babel_name(name)).number_symbols["latn"]
    theirs = data["symbols-numberSystem-latn"]
    if (ours["group"], ours["decimal"]) != (theirs["group"], theirs["decimal"]):
        shown = "".join(theirs["group"] if c == ours["group"] else
                        theirs["decimal"] if c == ours["decimal"] else c for c in shown)
    assert shown == expected_number(integer, fraction, number < 0, data), (name, value)


@pytest.mark.parametrize("name, shown", [
    ("es", "2500"), ("pl", "2500"), ("pt-PT", "2500"), ("it", "2500"), ("es-MX", "2,500"),
    ("pt", "2.500"), ("de", "2.500"), ("fr", "2\u202f500"), ("ru", "2\u00a0500"),
])
def test_four_digits(name, shown):
    assert format_figure(Figure("2500", Decimal(2500), "number"), babel_name(name)) == shown
    assert expected_number("2500", "", False, LOCALES[name]) == shown


@pytest.mark.parametrize("name", ["sv", "fa", "ar", "de", "fr"])
def test_minus_and_percent_signs_are_cldrs(name):
    data = LOCALES[name]
    symbols = data["symbols-numberSystem-latn"]
    negative = format_figure(Figure("-12.5%", Decimal("-12.5"), "percent", 1), babel_name(name))
    assert negative.startswith(symbols["minusSign"]) or symbols["minusSign"] in negative
    assert symbols["percentSign"] in negative
    pattern = data["percentFormats-numberSystem-latn"]["standard"]
    if "\u00a0%" in pattern:
        assert negative.endswith("\u00a0" + symbols["percentSign"])
