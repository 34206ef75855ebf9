"""Figures per locale: the same as Babel's own formatting, and parsed back to
the same value with the locale's rules."""

from decimal import Decimal

import pytest
from babel.dates import format_date
from babel.numbers import format_currency, format_decimal, format_percent, parse_decimal
from hypothesis import given, settings
from hypothesis import strategies as st

from publisher.figures.numbers import (
    FigureError,
    compare,
    figure_spans,
    figures,
    format_figure,
    format_number,
    localize_digits,
    localize_numerals,
    mark_figures,
    numbering_system,
    parse_figure,
    placeholders,
    render,
)

LOCALES = ["en", "ar", "de", "es", "fr", "hi", "ru", "zh_CN"]
VALUES = [0, 7, 96, 827, 1995, 27785, 93981, 1234567, Decimal("1234.5"), Decimal("0.25")]


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("value", VALUES, ids=str)
def test_quantities_match_babel(locale, value):
    text = format_decimal(value, locale="en", decimal_quantization=False)
    figure = parse_figure(text, "en")
    if figure.kind == "numeral":          # written without grouping: digits only
        assert format_figure(figure, locale) == str(value)
    else:
        # Babel ignores CLDR's minimumGroupingDigits: Spanish writes 1234,5 (not 1.234,5)
        spanish_four_digits = locale == "es" and 1000 <= value < 10000
        assert format_figure(figure, locale) == format_decimal(
            value, locale=locale, decimal_quantization=False, group_separator=not spanish_four_digits)


@pytest.mark.parametrize("locale", LOCALES)
def test_percent_currency_and_date_match_babel(locale):
    # Babel keeps the pattern's ASCII % where CLDR's Arabic writes U+200E % U+200E,
    # and groups Spanish four-digit amounts where CLDR does not.
    from babel import Locale
    percent_sign = Locale.parse(locale).number_symbols["latn"]["percentSign"]
    assert format_figure(parse_figure("12.5%", "en"), locale) == format_percent(
        Decimal("0.125"), locale=locale, decimal_quantization=False).replace("%", percent_sign)
    assert format_figure(parse_figure("1,200:EUR", "en"), locale) == format_currency(
        1200, "EUR", locale=locale, group_separator=locale != "es")
    import datetime
    assert format_figure(parse_figure("2026-11-28:date", "en"), locale) == format_date(
        datetime.date(2026, 11, 28), format="long", locale=locale)


def test_the_sample_figures_in_each_locale():
    expected = {
        "de": ("27.785", "93.981"), "es": ("27.785", "93.981"),
        "fr": ("27\u202f785", "93\u202f981"), "ru": ("27\u00a0785", "93\u00a0981"),
        "hi": ("27,785", "93,981"), "zh_CN": ("27,785", "93,981"), "ar": ("27,785", "93,981"),
    }
    for locale, (a, b) in expected.items():
        assert render("{27,785} {93,981} {1995}", "{27,785} {93,981} {1995}", "en", locale) == \
            f"{a} {b} 1995"
    assert format_number(1234567, "hi") == "12,34,567"


def test_years_and_identifiers_are_never_grouped_only_their_digits_localised():
    year = parse_figure("1995", "en")
    assert year.kind == "numeral"
    assert {format_figure(year, l) for l in LOCALES} == {"1995"}
    assert format_figure(year, "ar", "arab") == "١٩٩٥"
    assert format_figure(parse_figure("1995:year", "en"), "hi", "deva") == "१९९५"
    assert format_figure(parse_figure("27785:number", "en"), "de") == "27.785"


def test_numbering_systems():
    assert numbering_system("ar") == "latn"          # CLDR's default for ar
    assert numbering_system("ar_EG") == "arab"       # and for ar_EG
    assert numbering_system("fa") == "arabext"
    assert numbering_system("ar", "arab") == "arab"  # a setting chooses another
    assert format_figure(parse_figure("27,785", "en"), "ar", "arab") == "٢٧٬٧٨٥"
    assert localize_digits("2026", "deva") == "२०२६"


def test_figures_are_found_in_text_but_not_in_code_links_or_words():
    text = "By 1995, 27,785 projects (12%) in `v1.2`, [x](http://a/2020), G20, COVID-19, 1990s, 10:30."
    assert mark_figures(text, "en") == (
        "By {1995}, {27,785} projects ({12%}) in `v1.2`, [x](http://a/2020), G20, COVID-19, "
        "1990s, 10:30.")
    assert mark_figures("Von 27.785 Projekten", "de") == "Von {27.785} Projekten"


@pytest.mark.parametrize("translation, problem", [
    ("{1995}", "{27,785} is missing"),
    ("{1995} {27,785} {27,785}", "appears 2 time(s)"),
    ("{1995} {27.785}", "{27.785} is not a figure of the source"),
])
def test_placeholder_mistakes_are_named(translation, problem):
    problems = compare("{1995} {27,785}", translation)
    assert any(problem in p for p in problems)
    with pytest.raises(FigureError):
        render(translation, "{1995} {27,785}", "en", "de")


def test_unknown_kinds_are_errors():
    with pytest.raises(FigureError):
        parse_figure("12:weight", "en")
    with pytest.raises(FigureError):
        parse_figure("twelve", "en")


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(LOCALES),
       st.decimals(min_value=0, max_value=10**12, places=2, allow_nan=False, allow_infinity=False))
def test_any_value_parses_back_with_the_locales_rules(locale, value):
    source = format_decimal(value, locale="en", decimal_quantization=False)
    figure = parse_figure(source, "en")
    if figure.kind == "numeral":
        figure = parse_figure(source + ":number", "en")
    shown = format_figure(figure, locale)
    assert parse_decimal(shown, locale=locale) == value


@pytest.mark.parametrize("text", [
    "Call 0800 123 456", "Agent 007", "1 000 000 yuan", "1,0000", "Use `{name}` here",
    "[v2](https://x.org/{id})",
])
def test_identifiers_code_and_odd_groupings_are_never_touched(text):
    marked = mark_figures(text, "en")
    assert placeholders(marked) == []
    for locale in LOCALES:
        assert render(marked, marked, "en", locale) == marked.replace("\\{", "\\{")


def test_plural_category_counts_written_fraction_digits():
    from publisher.figures.numbers import plural_category
    assert plural_category(parse_figure("1", "en"), "en") == "one"
    assert plural_category(parse_figure("1.0", "en"), "en") == "other"


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
