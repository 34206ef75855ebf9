"""Hostile figures: huge numbers, long decimals, currency amounts that would
be rounded, unknown currency codes, and characters typed against a figure."""

from __future__ import annotations

import pytest

from publisher.catalogs.checks import check_entry
from publisher.catalogs.model import Message
from publisher.core.errors import SourceError
from publisher.figures.numbers import MAX_DIGITS, FigureError, format_figure, mark_figures, parse_figure, render
from publisher.sources.documents import parse_document


def test_a_grouped_number_of_more_than_28_digits_is_printed_exactly():
    digits = "1234567890123456789012345678901234567"          # 37 digits
    english = f"{int(digits):,}"
    figure = parse_figure(english, "en")
    assert format_figure(figure, "de") == english.replace(",", ".")
    assert format_figure(figure, "fr").replace("\u202f", "") == digits
    long_decimal = "0." + "3" * 40
    assert format_figure(parse_figure(long_decimal, "en"), "de") == "0," + "3" * 40
    assert format_figure(parse_figure("12,345,678,901,234,567,890,123,456,789.125%", "en"), "de") == \
        "12.345.678.901.234.567.890.123.456.789,125\u00a0%"


def test_a_figure_too_long_to_print_is_refused_with_file_and_line():
    huge = "9" * (MAX_DIGITS + 1)
    with pytest.raises(FigureError):
        parse_figure(huge + ":number", "en")
    text = "---\ntitle: T\n---\n\nFine.\n\nThe debt is {" + huge + ":number} units.\n"
    with pytest.raises(SourceError) as caught:
        parse_document(text, "documents/budget.md")
    assert caught.value.line == 7 and "budget.md" in str(caught.value.path)


@pytest.mark.parametrize("placeholder, words", [
    ("0.5:JPY", "0 decimal"), ("1.005:EUR", "2 decimals"), ("12.3456:BHD", "3 decimals"),
])
def test_a_currency_amount_is_never_rounded_away(placeholder, words):
    with pytest.raises(FigureError, match=words):
        parse_figure(placeholder, "en")


def test_currency_amounts_use_the_currencys_digits():
    assert format_figure(parse_figure("1,200:JPY", "en"), "de") == "1.200\u00a0¥"
    assert format_figure(parse_figure("1200.000:JPY", "en"), "ja") == "￥1,200"
    assert format_figure(parse_figure("12.5:EUR", "en"), "de") == "12,50\u00a0€"
    assert format_figure(parse_figure("1.5:BHD", "en"), "en") == "BHD\u00a01.500"


def test_an_unknown_currency_code_is_an_error_with_a_hint():
    with pytest.raises(FigureError, match="EUT is not a currency code.*did you mean .*EUR"):
        parse_figure("1200:EUT", "en")
    text = "---\ntitle: T\n---\n\nBudget: {1,200:EUT}.\n"
    with pytest.raises(SourceError) as caught:
        parse_document(text, "documents/budget.md")
    assert caught.value.line == 5


@pytest.mark.parametrize("translation, problem", [
    ("{93,981}0 Projekte", "a digit"),
    ("0{93,981} Projekte", "a digit"),
    ("-{93,981} Projekte", "the sign '-'"),
    ("{93,981}% Projekte", "the sign '%'"),
    ("{93,981},5 Projekte", "',' and a digit"),
    ("{93,981} 5 Projekte", "' ' and a digit"),
    ("{93,981}\u200f Projekte", "U+200F"),
    ("\u2066{93,981}\u2069 Projekte", "U+2066"),
    ("{93,981}\u200b Projekte", "U+200B"),
    ("{93,981}e5 Projekte", "exponent"),
])
def test_characters_against_a_figure_are_a_check_error_and_a_build_fallback(translation, problem):
    source = "{93,981} projects"
    with pytest.raises(FigureError, match="would change"):
        render(translation, source, "en", "de")
    found = check_entry(Message(source, translation, lineno=12), [], "de", document=True)
    e204 = [p for p in found if p.code == "E204"]
    assert e204 and any(problem in p.message for p in e204) and e204[0].line == 12


@pytest.mark.parametrize("source, translation", [
    ("{93,981} projects.", "{93,981} Projekte."),
    ("In {1995}, {93,981} projects", "{1995} gab es {93,981} Projekte"),
    ("From {1.5}–{2.5} million", "Von {1.5}–{2.5} Millionen"),   # the source's own dash is kept
    ("{12%} of all", "({12%}) aller"),
])
def test_ordinary_punctuation_next_to_a_figure_is_fine(source, translation):
    render(translation, source, "en", "de")
    assert not [p for p in check_entry(Message(source, translation), [], "de", document=True)
                if p.code == "E204"]


def test_the_issues_examples():
    # "{93,981}0 prints 93.9810 in German": refused
    with pytest.raises(FigureError):
        render("{93,981}0", "{93,981}", "en", "de")
    # version numbers are never quantities
    marked = mark_figures("Django 4.2, PostgreSQL 16.4, Unicode 15.1 and protocol version 2.0", "en")
    assert render(marked, marked, "en", "de") == \
        "Django 4.2, PostgreSQL 16.4, Unicode 15.1 and protocol version 2.0"
    # Spanish does not group four digits (CLDR minimumGroupingDigits 2), but groups five
    assert render("{2,500} {12,500}", "{2,500} {12,500}", "en", "es") == "2500 12.500"


def test_template_numbers_keep_their_decimals_and_survive_infinity():
    from decimal import Decimal

    from publisher.figures.numbers import format_number
    assert format_number(Decimal("1.25"), "de") == "1,25"
    assert format_number(1e-7, "de") == "0,0000001"
    assert format_number(10 ** 40, "fr").replace("\u202f", "") == "1" + "0" * 40
    assert format_number(float("-inf"), "sv") == "\u2212\u221e"
    assert format_number(float("nan"), "de") == "NaN"


def test_a_table_column_of_amounts_makes_its_decimals_quantities():
    doc = ("---\ntitle: T\n---\n\n"
           "| Country | GDP growth (%) | Population | Python | Year | Budget (USD m) | Score |\n"
           "|---|---|---|---|---|---|---|\n"
           "| A | 2.5 | 1,200 | 3.11 | 2019 | 12.5 | 4.5 |\n"
           "| B | -0.3 | 800 | 3.12 | 2020 | 7 | 3.1 x |\n")
    cells = [s.text for s in parse_document(doc, "documents/t.md").segments if s.kind == "table cell"]
    assert cells == ["A", "{2.5}", "{1,200}", "{3.11:numeral}", "{2019}", "{12.5}", "{4.5:numeral}",
                     "B", "{-0.3}", "{800}", "{3.12:numeral}", "{2020}", "{7}", "{3.1:numeral} x"]
    assert render("{-0.3}", "{-0.3}", "en", "sv") == "\u22120,3"


def test_the_advice_for_a_number_spaced_before_a_figure_asks_for_a_word():
    """'2029 {150}' has its space already: the advice says why a space is
    not enough (a number, a space and a figure read as one number in a
    language that groups digits with spaces) and asks for a word."""
    [problem] = [p for p in check_entry(Message("In {2029}, {150} new labs", "Im Jahr 2029 {150} neue Labore",
                                                lineno=3), [], "de", document=True)
                 if p.code == "E204"]
    assert "put a word between them" in problem.message
    assert "put a space" not in problem.message
