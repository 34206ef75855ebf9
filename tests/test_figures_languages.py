"""What a number is in a source of any language: the source locale's own
CLDR signs and words (publisher.figures.kinds.source_words)."""

from __future__ import annotations

import pytest
from babel.localedata import locale_identifiers

from publisher.figures.kinds import source_words
from publisher.figures.numbers import mark_figures, parse_figure, placeholders, render


def english(text: str, source: str) -> str:
    marked = mark_figures(text, source)
    return render(marked, marked, source, "en")


@pytest.mark.parametrize("space", ["\u202f", "\u00a0", " "])
def test_every_space_an_author_types_between_groups(space):
    text = f"Il y a 27{space}785 entreprises et 1{space}284,6 millions."
    assert english(text, "fr") == "Il y a 27,785 entreprises et 1,284.6 millions."
    assert english(f"Было 27{space}785 предприятий.", "ru") == "Было 27,785 предприятий."
    # an English source groups with commas only: a space ends the number
    assert placeholders(mark_figures(f"There were 27{space}785 firms.", "en")) == []


def test_a_year_followed_by_a_count_is_never_read_as_one_number():
    assert placeholders(mark_figures("En 2019 150 personnes sont venues.", "fr")) == []


def test_quantity_words_are_the_source_languages_own_cldr_words():
    def has(locale, *words):
        table = source_words(locale).after
        return all(word.lower() in table.get(len(word), ()) for word in words)

    assert has("fr", "heures", "km", "milliard", "millions", "€", "euros", "EUR")
    assert has("de", "Stunden", "Mrd.", "Millionen", "Euro")
    assert has("es", "horas", "millones", "euros")
    assert has("ru", "часа", "млрд", "рублей")
    assert has("ar", "ساعة", "مليار", "دولار")
    assert has("zh", "小时", "亿", "万", "美元")
    assert not has("fr", "heures de") and not has("de", "heures")


@pytest.mark.parametrize("source, text, expected", [
    ("fr", "Il a fallu 2,5 heures pour 1,5 milliard et 3,5 km.",
     "Il a fallu 2.5 heures pour 1.5 milliard et 3.5 km."),
    ("fr", "La version 2,5 et la note 4,5.", "La version 2,5 et la note 4,5."),
    ("de", "Es dauerte 2,5 Stunden, kostete 1,5 Mrd. Euro und wog 0,5 kg.",
     "Es dauerte 2.5 Stunden, kostete 1.5 Mrd. Euro und wog 0.5 kg."),
    ("de", "Siehe Abschnitt 6,2 und Modell 4,2.", "Siehe Abschnitt 6,2 und Modell 4,2."),
    ("es", "Duró 2,5 horas y costó 1,5 millones de euros.", "Duró 2.5 horas y costó 1.5 millones de euros."),
    ("ru", "Это заняло 2,5 часа и стоило 1,5 млрд рублей.", "Это заняло 2.5 часа и стоило 1.5 млрд рублей."),
    ("ru", "См. раздел 6,2.", "См. раздел 6,2."),
    ("zh", "收入12.846亿美元，用时2.5小时，共有27,785家企业。", "收入12.846亿美元，用时2.5小时，共有27,785家企业。"),
    ("zh", "见 Python 3.12 版本和第 6.2 节。", "见 Python 3.12 版本和第 6.2 节。"),
    ("ar", "بلغت 12.5 مليار دولار خلال 2.5 ساعة.", "بلغت 12.5 مليار دولار خلال 2.5 ساعة."),
])
def test_a_decimal_is_a_quantity_only_with_a_word_of_its_language(source, text, expected):
    assert english(text, source) == expected
    marked = mark_figures(text, source)
    german = render(marked, marked, source, "de")
    for figure in placeholders(marked):
        parsed = parse_figure(figure, source)
        if parsed.kind == "numeral":
            assert figure.partition(":")[0] in german      # printed as written
        else:
            assert "," in german or "." not in figure       # German decimal comma


def test_words_of_the_language_decide_where_a_number_is_an_identifier():
    # a grouped port number, not a quantity; a price is
    assert english("Le démon écoute sur le port 10 023 ; le prix 1 500 € ; deux 3 000 emplois.", "fr") == \
        "Le démon écoute sur le port 10 023 ; le prix 1,500 € ; deux 3,000 emplois."
    # Chinese has no spaces: a word that ends in an identifier character is no identifier word
    assert english("银行贷款9000亿元。", "zh") == "银行贷款9,000亿元。"
    assert english("端口 10,023 和第 1,024 项。", "zh") == "端口 10,023 和第 1,024 项。"


def test_chinese_needs_no_space_and_full_width_figures_are_read():
    assert mark_figures("共有27,785家企业", "zh") == "共有{27,785}家企业"
    assert english("收入达１１０．８亿美元，增长１２．３％，１９９７年。", "zh") == \
        "收入达110.8亿美元，增长12.3%，1997年。"
    # figures typed in full-width digits stay full-width on Chinese and Japanese
    # pages, joined by word joiners: no line breaks inside one (１/１０．８)
    marked = mark_figures("１９９７年收入达１１０．８亿美元，增长１２．３％；又12.5%。", "zh")
    joined = "\u2060".join
    for target in ("zh", "ja"):
        assert render(marked, marked, "zh", target) == \
            f"{joined('１９９７')}年收入达{joined('１１０．８')}亿美元，增长{joined('１２．３％')}；又12.5%。"


def test_arabic_digits_signs_and_joined_words():
    assert english("بلغت ١٢٫٥ مليار دولار و٢٧٬٧٨٥ شركة و٣٠٪ في عام ١٩٩٧.", "ar") == \
        "بلغت 12.5 مليار دولار و27,785 شركة و30% في عام 1997."
    marked = mark_figures("و٢٧٬٧٨٥ شركة", "ar")
    assert render(marked, marked, "ar", "ar", "arab") == "و٢٧٬٧٨٥ شركة"
    # a letter that is not a joined word still joins the number to its word
    assert placeholders(mark_figures("سم٢٥ شركة", "ar")) == []


def test_groups_of_two_where_cldr_writes_them():
    assert english("कुल 12,34,567 लोग", "hi") == "कुल 1,234,567 लोग"
    assert english("It cost ₹12,34,567.", "en_IN") == "It cost ₹1,234,567."
    assert placeholders(mark_figures("It cost 12,34,567.", "en")) == []


def test_a_column_of_amounts_is_told_by_the_languages_own_words():
    from publisher.sources.documents import parse_document
    table = ("| Poste | Montant (€) | Version |\n|---|---|---|\n"
             "| A | 165,9 | 2,5 |\n| B | 1 085,2 | 3,1 |\n")
    segments = [s.text for s in parse_document(table, "t.md", "fr").segments]
    assert "{165,9}" in segments and "{1 085,2}" in segments
    assert "{2,5:numeral}" in segments and "{3,1:numeral}" in segments


@pytest.mark.parametrize("source, header, cells", [
    ("ar", "الميزانية (مليون دولار)", ("٤٥٫٢", "٣٠٫٧٥")),
    ("ar", "الميزانية (مليون دولار)", ("45.2", "30.75")),
    ("hi", "बजट (करोड़ रुपये)", ("45.2", "30.75")),
    ("ko", "예산 (억 원)", ("45.2", "30.75")),
    ("he", "תקציב (מיליון דולר)", ("45.2", "30.75")),
    ("zh", "预算（亿元）", ("45.2", "30.75")),
    ("th", "งบประมาณ (ล้านบาท)", ("45.2", "30.75")),
    ("zh", "预算[亿元]", ("45.2", "30.75")),
    ("ja", "予算［億円］", ("45.2", "30.75")),
    ("zh", "金额【亿元】", ("45.2", "30.75")),
])
def test_a_unit_word_ending_the_header_makes_a_column_of_amounts(source, header, cells):
    """A unit or scale word of the source language in the header (its last
    word, inside brackets of any kind and width, within a Thai run without
    spaces) makes a column of decimals amounts."""
    from publisher.sources.documents import parse_document
    table = (f"| — | {header} |\n|---|---|\n" +
             "".join(f"| {row} | {cell} |\n" for row, cell in zip("AB", cells)))
    segments = [s.text for s in parse_document(table, "t.md", source).segments]
    assert [f"{{{cell}}}" for cell in cells] == [s for s in segments if "{" in s]


@pytest.mark.parametrize("source, header", [("zh", "章节"), ("zh", "版本号"), ("ja", "番号"),
                                            ("ko", "번호"), ("th", "ฉบับที่"), ("ar", "القسم")])
def test_a_column_under_an_identifier_header_stays_numerals(source, header):
    """Sections and versions are never amounts, whatever unit a character
    of their header is elsewhere (节 is a knot)."""
    from publisher.sources.documents import parse_document
    table = f"| — | {header} |\n|---|---|\n| A | 3.2 |\n| B | 4.1 |\n"
    segments = [s.text for s in parse_document(table, "t.md", source).segments if "{" in s.text]
    assert segments == ["{3.2:numeral}", "{4.1:numeral}"]


@pytest.mark.parametrize("source, text, target, expected", [
    ("ar", "بلغ ١٫٢٣٤ في الشمال", "de", "بلغ 1٫234 في الشمال"),
    ("fa", "نسخه ۳٫۲ منتشر شد", "de", "نسخه 3٫2 منتشر شد"),
])
def test_a_decimal_no_word_calls_an_amount_keeps_its_own_sign(source, text, target, expected):
    """A decimal no word calls an amount is a numeral (a Persian version ۳٫۲
    is written with the decimal separator too), printed as written but in
    the page's digits: its Arabic separator kept, since 1.234 on a German
    page would read as one thousand two hundred and thirty-four."""
    marked = mark_figures(text, source)
    assert ":numeral}" in marked
    assert render(marked, marked, source, target) == expected


SAMPLE = sorted(locale_identifiers())[::12]


@pytest.mark.parametrize("locale", SAMPLE)
def test_any_cldr_locale_can_be_the_source(locale):
    text = "On 12 March, 27,785 firms (12.5%) paid 1,234.5 units: section 3.2, 2 500 and 2.500."
    marked = mark_figures(text, locale)
    for figure in placeholders(marked):
        parse_figure(figure, locale)
    render(marked, marked, locale, "en")
    render(marked, marked, locale, locale)


@pytest.mark.parametrize("source, text, expected", [
    ("fr", "Renvoie 113,3 ; le taux est de 0,1 et le prix 99,795.", "Renvoie 113.3 ; le taux est de 0.1 et le prix 99.795."),
    ("de", "Ergibt 3,14159265358979.", "Ergibt 3.14159265358979."),
    # one digit each side: a list typed without its space stays as written
    ("fr", "par an (1,2 ou 4)", "par an (1,2 ou 4)"),
    # where the decimal sign is a point, a bare decimal may be a version: as written
    ("zh", "返回 113.3。", "返回 113.3。"),
    ("ar", "النتيجة 113.3.", "النتيجة 113.3."),
])
def test_a_comma_decimal_is_an_amount_where_identifiers_are_written_with_dots(source, text, expected):
    assert english(text, source) == expected


def test_a_percent_sign_after_a_space_is_never_left_behind():
    # 1,99 %/12 is a formula: the figure is the whole "1,99 %" or nothing
    assert placeholders(mark_figures("le taux est de 1,99 %/12.", "fr")) == []


def test_numbers_grouped_with_plain_spaces_need_a_short_first_group_or_a_word():
    # a list typed with spaces is not one number: printed as written
    assert english("Les ports 135 139 445 et les valeurs 100 200.", "fr") == \
        "Les ports 135 139 445 et les valeurs 100 200."
    assert english("Il compte 27 785 entreprises, 150 000 km et 312 500 000 € ; 150 000 habitants.", "fr") == \
        "Il compte 27,785 entreprises, 150,000 km et 312,500,000 € ; 150 000 habitants."
    # typographic spaces are the author's grouping
    assert english("150\u202f000 habitants, 150\u00a0000 emplois", "fr") == "150,000 habitants, 150,000 emplois"
    # a long list of three-digit numbers is no figure (and no error)
    assert placeholders(mark_figures("Codes : " + " ".join(["123"] * 30), "fr")) == []


def test_every_drawn_locale_tells_a_column_of_amounts_by_its_own_unit_word():
    """Every CLDR locale the fonts draw: a column of decimals (written with
    the locale's own signs) under a header naming CLDR's long name of the
    kilometre in that language, before the number or after it, one word or
    several (Swahili's kilomita, Cebuano's ka kilometro, Tigrinya's ኪሎ
    ሜትር, Shan's in Myanmar letters), is a column of amounts."""
    from babel.numbers import format_decimal
    from babel.units import format_unit

    from publisher.core.fonts import drawn_locales
    from publisher.core.locales import cldr_name
    from publisher.sources.documents import parse_document

    wrong = []
    for locale in drawn_locales():
        name = cldr_name(locale)
        number = format_decimal(2.5, locale=name)
        word = format_unit(2.5, "length-kilometer", length="long", locale=name) \
            .replace(number, "").strip(" \u00a0\u202f\u200f\u200e\u061c")
        cells = (format_decimal(45.2, locale=name), format_decimal(30.75, locale=name))
        table = f"| — | ({word}) |\n|---|---|\n| A | {cells[0]} |\n| B | {cells[1]} |\n"
        found = [s.text for s in parse_document(table, "t.md", locale).segments if "{" in s.text]
        if found != [f"{{{cell}}}" for cell in cells]:
            wrong.append((locale, word, found))
    assert not wrong, wrong[:10]
