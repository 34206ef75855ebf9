"""What a number in running text is, decided from its context.

A figure becomes a quantity (grouped, given the locale's decimal mark) only
where its context says so: a percent, a unit or a scale word after it
("3.5 km", "2.5 million"), a currency before it ("$4.2"), or a comparison
("more than 1.5", "rose to 4.2").  Everything else that looks like a decimal
is a numeral, written as the source writes it with only its digits
localized: versions ("Django 4.2", "version 2.0"), sections ("Section 3.2"),
model names, coordinates, times.  When in doubt, numeral: a wrong decimal
comma in a version number is a wrong fact, a decimal point left in a
quantity is only a style slip.

The word lists are English; other source languages get the symbol rules
(percent, units written as symbols, currency signs) and otherwise numerals.
This module is pure.
"""

from __future__ import annotations

import re

#: Words before a number that make it an identifier, whatever follows.
_IDENTIFIER_BEFORE = re.compile(
    r"(?:\b(?:versions?|ver\.|v\.?|releases?|rel\.|revisions?|rev\.?|editions?|drafts?|builds?|"
    r"patch(?:es)?|sections?|sec\.|articles?|art\.|clauses?|chapters?|ch\.|paragraphs?|para\.|"
    r"parts?|annex(?:es)?|appendix|appendices|figures?|fig\.|tables?|items?|steps?|rules?|"
    r"nos?\.|numbers?|models?|series|types?|levels?|tiers?|stages?|phases?|pages?|pp?\.|"
    r"lines?|issues?|vol\.|volumes?|ISO|IEC|EN|DIN|RFC|PEP|IEEE|ECMA|ANSI|BS|JIS|ISBN|ISSN|"
    r"DOI|FIPS|SP|UTC|GMT|Unicode|HTTP|TLS|SSL|IPv?|USB|PCIe|Bluetooth|HTML|CSS|SQL|OpenGL|"
    r"Wi-?Fi)|§+|#)\s*$", re.IGNORECASE)

#: Units of measurement (what a year is never followed by).
_MEASURES = (
    # length, area, volume, mass
    r"km|m|cm|mm|µm|nm|mi|miles?|ft|feet|foot|inch(?:es)?|yards?|metres?|meters?|"
    r"kilometres?|kilometers?|centimetres?|centimeters?|millimetres?|millimeters?|"
    r"km²|m²|km2|m2|sq\.? ?(?:km|mi|m|ft)|square (?:kilometres?|kilometers?|miles?|metres?|meters?|feet)|"
    r"ha|hectares?|acres?|l|litres?|liters?|ml|millilitres?|milliliters?|gallons?|barrels?|"
    r"kg|g|mg|µg|t|tonnes?|tons?|kilograms?|grams?|pounds?|lbs?|oz|ounces?|"
    # energy, power, data, frequency, temperature, speed
    r"kWh|MWh|GWh|TWh|Wh|W|kW|MW|GW|TW|watts?|kilowatts?|megawatts?|gigawatts?|V|kV|mA|"
    r"J|kJ|MJ|GJ|cal|kcal|calories|Hz|kHz|MHz|GHz|THz|KB|kB|MB|GB|TB|PB|KiB|MiB|GiB|TiB|"
    r"(?:kilo|mega|giga|tera|peta)bytes|kbps|Mbps|Gbps|Mbit/s|Gbit/s|km/h|mph|m/s|knots?|"
    r"degrees?|°C|°F|℃|℉|ppm|ppb|dB|mmHg|dollars?|euros?|yuan|renminbi|yen|rupees?|francs?|"
    r"roubles?|rubles?|ms|µs|ns"
)

_UNITS = (
    _MEASURES + "|"
    # scale words and ratios
    r"million|billion|trillion|thousand|hundred|bn|mn|crore|lakh|percent|per ?cent|"
    r"percentage points?|pp|basis points?|bps|times|fold|per\b|"
    # time
    r"years?|yrs?|months?|weeks?|days?|hours?|hrs?|h|minutes?|mins?|seconds?|secs?|s|us|"
    r"B|bytes?|bits?|K|pounds sterling|"
    # counts that only quantities take
    r"cents?|points?|people|persons?|inhabitants|residents|children|students|workers|employees|"
    r"households|deaths|cases|patients|visitors|tourists|users|downloads|projects|jobs|"
    r"vehicles|cars|homes|units|votes|seats|signatures|tests|samples|respondents|participants"
)

#: A unit of measurement right after a number.
_MEASURE_AFTER = re.compile(rf"^(?:\s?(?:%|‰|°C|°F|℃|℉)|[ \u00a0\u202f](?:{_MEASURES})(?![\w/]))")

#: A unit, a scale word or a percent sign right after a number.
_QUANTITY_AFTER = re.compile(rf"^(?:\s?(?:%|‰|°C|°F|℃|℉)|[ \u00a0\u202f](?:{_UNITS})(?![\w/]))")

#: A currency right before a number.
_CURRENCY_BEFORE = re.compile(
    r"(?:[$€£¥₹₽₩₺₫₴₦₱]|\b(?:US|A|C|NZ|HK|S|R)\$|\b(?:USD|EUR|GBP|JPY|CNY|RMB|CHF|INR|CAD|AUD|"
    r"SEK|NOK|DKK|RUB|BRL|ZAR|Rs\.?)[ \u00a0]?)$")

#: Words before a number that compare or report an amount.
_COMPARISON_BEFORE = re.compile(
    r"\b(?:(?:more|less|fewer|greater|higher|lower|larger|smaller|bigger|better|worse|"
    r"faster|slower|longer|shorter|other) than|at least|at most|up to|as (?:much|many|high|low) as|"
    r"about|approximately|approx\.|around|nearly|almost|roughly|average of|averaged|averages|total of|totall?ed|totall?ing|rate of|"
    r"ratio of|factor of|increase of|decrease of|growth of|share of|score of|"
    r"(?:rose|fell|increased|decreased|grew|declined|dropped|climbed|jumped|reached|amounted|"
    r"stood|expanded|contracted|shrank|slowed|accelerated|fallen|risen|grown|dropped|improved|"
    r"reduced|cut|raised|lowered|estimated|measured|weighed|weighs|costs?|costing|paid|worth)"
    r"(?: (?:to|by|at|from|of|around|about|nearly|almost|roughly|some|over|under))?)\s$",
    re.IGNORECASE)

#: What joins the two ends of a range ("1.5–2.5 million", "between 1.5 and 2").
_RANGE_JOIN = re.compile(r"^(?:\s?[–—]\s?|\s(?:to|and|or)\s)$")


#: A name (a capitalized word inside the sentence) and a few linking words:
#: "Python up to 2.3", "OpenSSL before 1.1", "Ubuntu or 22.04".
_NAME_THEN_LINK = re.compile(
    r"(?<=[\w,;:)] )[A-Z][\w+#-]*(?: (?:up to|before|after|since|from|until|through|to|or|and|"
    r"like|as of|or later|or earlier|and later|and earlier|\d[\w.]*))+ $")


#: Three capitals right before a number: an ISO 4217 code ("KES 129.35")
#: when the code is a currency's.
_CODE_BEFORE = re.compile(r"\b([A-Z]{3})[ \u00a0]?$")


def _currency_before(tail: str) -> bool:
    """A currency sign or any ISO 4217 currency code right before a number:
    a price or an exchange rate is an amount."""
    if _CURRENCY_BEFORE.search(tail):
        return True
    code = _CODE_BEFORE.search(tail)
    if code is None:
        return False
    from babel.numbers import list_currencies

    return code.group(1) in list_currencies()


def identifier_context(before: str) -> bool:
    tail = before[-60:]
    return bool(_IDENTIFIER_BEFORE.search(tail) or _NAME_THEN_LINK.search(tail))


def quantity_context(before: str, after: str, english: bool) -> bool:
    """The text around a number says it is an amount."""
    tail, head = before[-60:], after[:40]
    if _currency_before(tail):
        return True
    symbol_only = re.match(r"^\s?(?:%|‰|°C|°F|℃|℉)", head)
    if symbol_only:
        return True
    if not english:
        return False
    return bool(_QUANTITY_AFTER.match(head) or _COMPARISON_BEFORE.search(tail))


#: A name right before a number, inside a sentence: "Windows 2000", "Python 3000", "RTX 4090".
_NAME_BEFORE = re.compile(r"(?<=[\w,;:)] )[A-Z][\w+#-]* $")


def integer_kind(number: str, before: str, after: str, english: bool) -> str:
    """An ungrouped integer is a numeral (a year, a name, a code) unless a
    unit or currency says it is an amount; a year-like one (1000-2199) needs
    a currency or a unit of measurement ("2000 km"), because "in 2014",
    "around 2021" and "GSoC 2025 projects" are years."""
    digits = number.lstrip("-\u2212")
    tail = before[-60:]
    if _NAME_BEFORE.search(tail):
        return "numeral"
    if len(digits) == 4 and "1000" <= digits <= "2199":
        measured = _currency_before(tail) or (english and _MEASURE_AFTER.match(after[:40]))
        return "number" if measured else "numeral"
    return "number" if quantity_context(before, after, english) else "numeral"


def classify(text: str, spans: list[tuple[int, int, bool, bool]], english: bool,
             decimal: list[bool] | None = None) -> list[str]:
    """The kind of each number found in ``text``: ``percent``, ``number``
    (a quantity) or ``numeral``.

    ``spans`` are (start, end, grouped, percent) of each number, in order.
    A grouped number is a quantity; a range takes the kind of its end when
    that end is a quantity and its start is a decimal that is not an
    identifier (a plain integer before a quantity is more often a year:
    "in 2013 and 60%").  ``decimal`` says which numbers have a decimal part.
    """
    decimal = decimal if decimal is not None else [True] * len(spans)
    kinds: list[str] = []
    for start, end, grouped, percent in spans:
        before, after = text[max(0, start - 80):start], text[end:end + 60]
        if percent:
            kinds.append("percent")
        elif identifier_context(before):
            kinds.append("numeral")
        elif not grouped and not decimal[len(kinds)]:
            kinds.append(integer_kind(text[start:end], before, after, english))
        elif grouped or quantity_context(before, after, english):
            kinds.append("number")
        else:
            kinds.append("numeral")
    for i in range(len(spans) - 2, -1, -1):
        start, end = spans[i][:2]
        following = spans[i + 1]
        if (kinds[i] == "numeral" and kinds[i + 1] in ("number", "percent") and decimal[i]
                and _RANGE_JOIN.match(text[end:following[0]])
                and not identifier_context(text[max(0, start - 80):start])):
            kinds[i] = "number"
    return kinds


#: Column headers that make a column's numbers identifiers.
_IDENTIFIER_HEADER = re.compile(
    r"\b(?:versions?|releases?|editions?|years?|dates?|sections?|articles?|clauses?|chapters?|"
    r"parts?|items?|steps?|no\.?|nos\.?|numbers?|ids?|codes?|models?|series|types?|levels?|"
    r"standards?|rfcs?|peps?|isos?|phones?|postal|zip|isbns?|issns?|times?|coordinates?|"
    r"latitude|longitude|ranks?|rankings?|tiers?|classes|class)\b", re.IGNORECASE)

#: Column headers that say a column holds amounts.
_QUANTITY_HEADER = re.compile(
    rf"%|‰|\([^)]*\)|\b(?:{_UNITS}|amounts?|totals?|counts?|rates?|shares?|average|mean|median|"
    r"population|budget|costs?|prices?|values?|sizes?|growth|gdp|revenues?|income|spending|"
    r"expenditure|funding|sales|exports?|imports?|visits|visitors|downloads|responses|"
    r"score|scores|weight|height|length|area|volume|distance|speed|duration|change)\b",
    re.IGNORECASE)


def quantity_column(header: str, cells: list[str], number: re.Pattern, group: str) -> bool:
    """Whether a table column holds amounts: every body cell is one number
    (``number`` is the source locale's figure pattern), the header does not
    name an identifier (Version, Year, No.), and either a cell is grouped or
    the header names a unit or a measure ("GDP growth (%)", "Budget").  A
    column of plain integers stays numerals (it may be years)."""
    cells = [c.strip() for c in cells if c.strip()]
    if not cells or _IDENTIFIER_HEADER.search(header):
        return False
    if not all(number.fullmatch(c) for c in cells):
        return False
    if any(group in c for c in cells):
        return True
    return bool(_QUANTITY_HEADER.search(header)) and any(not c.rstrip("%").strip().lstrip("-\u2212").isdigit()
                                                          for c in cells)
