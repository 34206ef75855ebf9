"""Tests written for mutants of figures.py that survived a mutation run
(benchmarks/mutation.py, scope figures; the list is in benchmarks/README.md).
Each pins what a translator finds in a msgid or a reader on the page."""

from __future__ import annotations

from decimal import Decimal

import pytest

from publisher.figures.numbers import (FigureError, figure_spans, figures, format_number, localize_numerals,
                               mark_figures)


def test_a_lone_number_is_a_quantity_only_in_a_column_of_amounts():
    assert mark_figures("2019", "en") == "{2019}"
    assert figure_spans("2019", "en") == [(0, 4, "2019")]
    assert mark_figures("2019", "en", quantity=True) == "{2019:number}"
    assert mark_figures("50%", "en", quantity=True) == "{50%}"
    assert mark_figures("250", "en", quantity=True) == "{250}"


def test_a_figure_right_before_inline_code_is_still_a_figure():
    assert mark_figures("item 5`x` here", "en") == "item {5}`x` here"


def test_the_source_locale_decides_how_figures_are_read():
    # a regional English source is English: a decimal with a unit is a quantity
    sentence = "Compiling took 3.367 seconds."
    assert mark_figures(sentence, "en_GB") == mark_figures(sentence, "en") == \
        "Compiling took {3.367} seconds."
    # a German source groups with dots
    assert mark_figures("Es gab 27.785 Projekte.", "de") == "Es gab {27.785} Projekte."
    # and its own CLDR unit names make a decimal a quantity (Liter); without one it is a numeral
    assert mark_figures("Es waren 0,5 Liter und 1.234,5 Meter.", "de") == \
        "Es waren {0,5} Liter und {1.234,5} Meter."
    assert mark_figures("Es waren 2,5 davon.", "de") == "Es waren {2,5:numeral} davon."
    assert [f.value for f in figures("{27.785} und {0,5}", "de")] == [Decimal("27785"), Decimal("0.5")]


def test_numbers_a_template_gives_are_written_in_the_numbering_system():
    assert format_number(1234.5, "ar", "arab") == "١٬٢٣٤٫٥"
    assert format_number(1234.5, "ar") == "1,234.5"
    with pytest.raises(FigureError, match=r"^\{1e\+300\} cannot be written in en "):
        format_number(1e300, "en")


def test_numerals_of_zeros_or_nines_alone_take_the_locale_digits():
    assert localize_numerals("0", "arab") == "٠"
    assert localize_numerals("9", "arab") == "٩"
    assert localize_numerals("x 0 9 10:30", "arab") == "x ٠ ٩ ١٠:٣٠"


def test_ranges_take_the_kind_of_their_ends_in_the_source_locale():
    assert mark_figures("It rose 7-8% a year.", "en") == "It rose {7}-{8%} a year."
    assert mark_figures("zwischen 1.000-10.000 Personen", "de") == "zwischen {1.000}-{10.000} Personen"
    # a range in code is left alone, and the ranges after it are still found
    assert mark_figures("`1,000-2,000` or 3,000-4,000", "en") == "`1,000-2,000` or {3,000}-{4,000}"
