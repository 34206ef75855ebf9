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

The English word lists below are the English case of one mechanism: for
any other source language the words come from its own CLDR data
(:func:`source_words`): its unit display names (long, short and narrow,
every plural form: ``heures``, ``km``, ``小时``), its compact-decimal scale
words (``milliard``, ``Mio.``, ``亿``, ``万``) and its currency symbols,
codes and names (``€``, ``USD``, ``euros``, ``美元``).  CLDR has no words
for comparisons, so outside English a decimal needs a unit, a scale, a
currency or a percent sign to be a quantity; the words that make a number
an identifier (``Section``, ``Abschnitt``, ``Раздел``, ``第``) are a short
table per language here, and without one only the signs that are the same
in every language (``§``, ``#``, ``№``, ``RFC``, ``ISO``) count.
This module is pure.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from ..core.segment import has_unspaced, word_breaks

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


#: Signs and acronyms before a number that make it an identifier in any language.
_IDENTIFIER_ANY = re.compile(
    r"(?:(?<![^\W\d_])(?:ISO|IEC|EN|DIN|RFC|PEP|IEEE|ECMA|ANSI|JIS|ISBN|ISSN|DOI|FIPS|UTC|GMT|"
    r"Unicode|HTTP|TLS|SSL|IPv?|USB|PCIe|X|RAID|Debian|Python|Linux|Windows|Qt|GNOME|KDE|Apache|"
    r"NFS|SSH|PHP|Perl|x)|§+|#|№|n[°º]|N[°º]|(?<=[^\W_])[+×*])\s*$")

#: Words before a number that make it an identifier, per source language
#: (CLDR has no such words): sections, chapters, tables, figures, versions,
#: ports, levels, numbers, articles, pages.
_IDENTIFIER_WORDS = {
    "fr": r"versions?|sections?|chapitres?|articles?|annexes?|tableaux?|tableau|figures?|pages?|ports?|"
          r"niveaux?|numéros?|modèles?|types?|séries?|étapes?|lignes?|paragraphes?|alinéas?|loi",
    "de": r"Versionen|Version|Abschnitten|Abschnitts?|Abschnitt|Kapiteln|Kapitels?|Kapitel|Artikel|Anhang|"
          r"Tabellen?|Abbildungen?|Seiten?|Ports?|Ebenen?|Stufen?|Nummern?|Nr\.|Modell|Typ|Serie|Schritt|"
          r"Zeilen?|Absatz|Paragraf",
    "es": r"versión|versiones|secciones|sección|capítulos?|artículos?|anexos?|apéndices?|tablas?|figuras?|"
          r"páginas?|puertos?|niveles|nivel|números?|núm\.|modelos?|tipos?|series?|pasos?|líneas?|párrafos?",
    "ru": r"верси[яиюей]|раздел[аеу]?|разделах|глав[аеыу]?|главах|стать[яиюей]|приложени[еяи]|"
          r"таблиц[аеыу]?|рисун(?:ок|ке|ка)|страниц[аеыу]?|порт[ауе]?|уровн[яюе]|уровень|номер[ау]?|"
          r"модел[ьи]|тип[аеу]?|сери[яи]|шаг[ае]?|строк[аеи]|пункт[аеу]?",
    "ar": r"الإصدارة|الإصدار|إصدار|الإصدارات|النسخة|نسخة|قسم|القسم|فصل|الفصل|الفصول|المادة|مادة|الملحق|"
          r"ملحق|الجدول|جدول|الشكل|شكل|الصفحة|صفحة|المنفذ|منفذ|المستوى|مستوى|الرقم|رقم|الطراز|طراز|"
          r"الخطوة|خطوة|السطر|سطر|الفقرة|فقرة",
    # Chinese writes no spaces: only words no longer word ends with (款 ends
    # 贷款, a loan; 表 ends 代表; 行 ends 银行)
    "zh": r"第|版本|附录|端口|编号|型号|步骤|表格|章节",
}

#: Words right after a number that make it an identifier (Chinese writes
#: 第 6.2.6 节, 1.0 版本, 2000型).
_IDENTIFIER_AFTER_WORDS = {"zh": r"版本|版|节|章|型|号|端口"}


@dataclass(frozen=True)
class Words:
    """What a source language writes around a quantity, from its CLDR data:
    words (lower case) by their length, each side of a number.  ``attached``
    words may touch the number (``12.846亿``)."""

    locale: str
    after: dict            # length -> frozenset: units, scales, currencies after a number
    measure: dict          # the same without durations (what never follows a year)
    before: dict           # currency symbols and codes before a number
    attached: frozenset    # words that may touch the number
    identifier_before: re.Pattern | None
    identifier_after: re.Pattern | None
    comma_decimal: bool = False     # CLDR's decimal sign is a comma (fr, de, es, ru...)

    english = False


class _English:
    """The English rules (word lists above)."""

    english = True
    locale = "en"


ENGLISH = _English()

#: CLDR unit categories whose names say a number is an amount.
_UNIT_CATEGORIES = ("length", "area", "volume", "mass", "duration", "digital", "temperature", "speed",
                    "energy", "power", "frequency", "pressure", "electric", "concentr", "consumption",
                    "acceleration", "force", "light", "angle")

_SPACES = " \u00a0\u202f\u2009"


def _is_cjk(char: str) -> bool:
    return "\u3040" <= char <= "\u30ff" or "\u3400" <= char <= "\u9fff" or "\uf900" <= char <= "\ufaff"


def _add(table: dict, word: str) -> None:
    word = word.strip(_SPACES + "\u200e\u200f\u061c").lower()
    if word and not word.isdigit():
        table.setdefault(len(word), set()).add(word)


def _pattern_literal(pattern: str) -> str:
    """The words of a CLDR number pattern: its text without the digits and
    signs of the number (``0``, ``#``, ``,``, ``.``), quoted text kept
    (``0 Mrd'.'`` is ``Mrd.``)."""
    out, quoted, i = [], False, 0
    while i < len(pattern):
        char = pattern[i]
        if char == "'" and pattern[i + 1:i + 2] == "'":     # '' is an apostrophe
            out.append("'")
            i += 2
            continue
        if char == "'":
            quoted = not quoted
        elif quoted or char not in "0#.,":
            out.append(char)
        i += 1
    return "".join(out)


def _frozen(table: dict) -> dict:
    return {length: frozenset(words) for length, words in sorted(table.items(), reverse=True)}


@lru_cache(maxsize=None)
def source_words(locale: str):
    """The words of ``locale``'s CLDR data that make a number a quantity
    (ENGLISH for English: its own lists)."""
    from babel import Locale
    from babel.numbers import list_currencies

    from ..core.locales import cldr_name
    data = Locale.parse(cldr_name(locale))
    if data.language == "en":
        return ENGLISH
    after: dict = {}
    measure: dict = {}
    before: dict = {}
    attached: set = set()
    # Babel keeps the unit patterns (every length and plural form) and the
    # plural currency names in its locale data; its public functions format
    # one value at a time
    patterns = data._data.get("unit_patterns", {})
    for unit in patterns:
        category = unit.split("-")[0]
        if category not in _UNIT_CATEGORIES:
            continue
        for length in ("long", "short", "narrow"):
            forms = patterns[unit].get(length) or {}
            for form, pattern in forms.items():
                if form == "per" or "{0}" not in pattern:
                    continue
                head, _, tail = pattern.partition("{0}")
                for word, side in ((tail, after), (head, before)):
                    if word.strip(_SPACES):
                        _add(side, word)
                        if side is after and category != "duration":
                            _add(measure, word)
                        if word == word.lstrip(_SPACES) and side is after:
                            attached.add(word.strip(_SPACES).lower())
    for length in ("long", "short"):
        try:
            table = data.compact_decimal_formats[length]
        except (KeyError, LookupError):
            continue
        for forms in table.values():
            for pattern in forms.values():
                text = pattern.pattern if hasattr(pattern, "pattern") else str(pattern)
                word = _pattern_literal(text).strip(_SPACES + "\u00a4")
                for form in {word, word.rstrip(".")}:        # Mrd. and Mrd
                    if form:
                        _add(after, form)
                        _add(measure, form)
                        if not re.search(rf"0[{_SPACES}]", text):
                            attached.add(form.lower())
    plural_names = data._data.get("currency_names_plural", {})
    for code in list_currencies():
        names = [data.currencies.get(code)]
        names += list((plural_names.get(code) or {}).values()) if hasattr(plural_names.get(code), "values") else []
        symbol = data.currency_symbols.get(code)
        # a name of several words is also written by its first or last word
        # alone (dollars des États-Unis, российских рублей: рублей)
        names += [part for name in names if name and " " in name
                  for part in (name.split()[0], name.split()[-1]) if len(part) >= 3]
        for word in [code, symbol, *names]:
            if word:
                _add(after, word)
                _add(measure, word)
        for word in (code, symbol):
            if word:
                _add(before, word)
        if symbol and not symbol[-1:].isalpha():
            attached.add(symbol.lower())
    for sign in ("%", "‰", "٪", "％", "°C", "°F", "℃", "℉", "°"):
        _add(after, sign)
        _add(measure, sign)
        attached.add(sign.lower())
    words = _IDENTIFIER_WORDS.get(data.language)
    after_words = _IDENTIFIER_AFTER_WORDS.get(data.language)
    return Words(
        locale=str(data), after=_frozen(after), measure=_frozen(measure), before=_frozen(before),
        attached=frozenset(attached),
        identifier_before=re.compile(rf"(?:(?<![^\W\d_])(?:{words}))[{_SPACES}]*$", re.IGNORECASE) if words else None,
        identifier_after=re.compile(rf"^[{_SPACES}]?(?:{after_words})") if after_words else None,
        comma_decimal=data.number_symbols["latn"].get("decimal") == ",")


def _word_char(char: str) -> bool:
    return bool(char) and (char.isalnum() or char == "_") and not _is_cjk(char)


def _word_after(head: str, table: dict, attached: frozenset) -> bool:
    """A word of ``table`` right after a number (one space, or none for a
    word that may touch it), ending where a word ends."""
    spaced = head[:1] in _SPACES and head[:1] != ""
    text = head[1:] if spaced else head
    lowered = text.lower()
    for length, words in table.items():
        word = lowered[:length]
        if word in words and (spaced or word in attached):
            following = text[length:length + 1]
            if not _word_char(following) and following != "/" or _is_cjk(word[-1:]):
                return True
    return False


def _word_before(tail: str, table: dict) -> bool:
    stripped = tail.rstrip(_SPACES)
    if len(tail) - len(stripped) > 1:
        return False
    lowered = stripped.lower()
    for length, words in table.items():
        word = lowered[-length:] if length <= len(lowered) else None
        if word in words:
            previous = stripped[-length - 1:-length] if length < len(stripped) else ""
            if not _word_char(previous) or not word[:1].isalnum():
                return True
    return False


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


def identifier_context(before: str, words=ENGLISH, after: str = "") -> bool:
    tail = before[-60:]
    if getattr(words, "english", True):
        return bool(_IDENTIFIER_BEFORE.search(tail) or _NAME_THEN_LINK.search(tail))
    if _IDENTIFIER_ANY.search(tail):
        return True
    if words.identifier_before is not None and words.identifier_before.search(tail):
        return True
    return bool(words.identifier_after is not None and words.identifier_after.match(after[:10]))


def quantity_context(before: str, after: str, english=ENGLISH) -> bool:
    """The text around a number says it is an amount.  ``english`` is the
    source language's words (:func:`source_words`), True for the English
    lists, False for the signs alone."""
    tail, head = before[-60:], after[:40]
    if _currency_before(tail):
        return True
    symbol_only = re.match(r"^[\s\u202f]?[\u200e\u200f\u061c]?(?:%|‰|٪|％|°C|°F|℃|℉)", head)
    if symbol_only:
        return True
    if english is True or getattr(english, "english", False):
        return bool(_QUANTITY_AFTER.match(head) or _COMPARISON_BEFORE.search(tail))
    if not english:
        return False
    return _word_after(head, english.after, english.attached) or _word_before(tail, english.before)


#: A name right before a number, inside a sentence: "Windows 2000", "Python 3000", "RTX 4090".
_NAME_BEFORE = re.compile(r"(?<=[\w,;:)] )[A-Z][\w+#-]* $")


def integer_kind(number: str, before: str, after: str, english=ENGLISH) -> str:
    """An ungrouped integer is a numeral (a year, a name, a code) unless a
    unit or currency says it is an amount; a year-like one (1000-2199) needs
    a currency or a unit of measurement ("2000 km"), because "in 2014",
    "around 2021" and "GSoC 2025 projects" are years."""
    digits = _ascii(number.lstrip("-\u2212"))
    tail = before[-60:]
    if _NAME_BEFORE.search(tail):
        return "numeral"
    if len(digits) == 4 and "1000" <= digits <= "2199":
        if english is True or getattr(english, "english", False):
            measured = _currency_before(tail) or _MEASURE_AFTER.match(after[:40])
        elif english:
            measured = (_currency_before(tail) or _word_after(after[:40], english.measure, english.attached)
                        or _word_before(tail, english.before))
        else:
            measured = _currency_before(tail)
        return "number" if measured else "numeral"
    return "number" if quantity_context(before, after, english) else "numeral"


#: A comma decimal that is not one digit on each side (0,5, 13,27, 99,795, 153,75).
_COMMA_AMOUNT = re.compile(r"^[-\u2212]?(?:0,\d+|\d,\d{2,}|\d{2,},\d+)$")


def _comma_amount(written: str, words) -> bool:
    """Where the source's decimal sign is a comma, identifiers are written
    with dots (version 2.5, Abschnitt 6.2.4: not numbers of the source), so
    a comma decimal is an amount, unless it is one digit on each side: a
    list typed without its space (1,2 ou 4) stays a numeral."""
    return bool(getattr(words, "comma_decimal", False) and _COMMA_AMOUNT.match(written))


def _ascii(digits: str) -> str:
    """Digits of any script as ASCII digits (other characters kept)."""
    import unicodedata
    return "".join(str(unicodedata.digit(c)) if c.isdigit() and unicodedata.digit(c, None) is not None else c
                   for c in digits)


def classify(text: str, spans: list[tuple[int, int, bool, bool]], english=ENGLISH,
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
        elif identifier_context(before, english, after):
            kinds.append("numeral")
        elif not grouped and not decimal[len(kinds)]:
            kinds.append(integer_kind(text[start:end], before, after, english))
        elif grouped or quantity_context(before, after, english) or _comma_amount(text[start:end], english):
            kinds.append("number")
        else:
            kinds.append("numeral")
    for i in range(len(spans) - 2, -1, -1):
        start, end = spans[i][:2]
        following = spans[i + 1]
        if (kinds[i] == "numeral" and kinds[i + 1] in ("number", "percent") and decimal[i]
                and _RANGE_JOIN.match(text[end:following[0]])
                and not identifier_context(text[max(0, start - 80):start], english, text[end:end + 10])):
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


#: Signs that are words of a header (a unit), although Unicode calls them punctuation.
_SIGN_WORDS = frozenset("%‰‱٪％")


def _separates(char: str) -> bool:
    return char.isspace() or (unicodedata.category(char)[0] == "P" and char not in _SIGN_WORDS)


def header_words(header: str) -> list[str]:
    """The header from each of its words on, where a unit word may start
    (one of several words: "ka kilometro", "ኪሎ ሜትር"): words are split at
    spaces and at any punctuation (brackets of every width and kind: (),
    [], （）, ［］, 【】, 「」, «»), and inside a run of a script written
    without spaces (Thai, Lao, Khmer, Burmese) also at the dictionary's word
    boundaries ("ล้านบาท": ล้าน, บาท).  A Chinese, Japanese or Korean run is
    one word: a unit must start it (亿元), since a character inside one may
    be a unit elsewhere (章节, a section: 节 is a knot)."""
    text = "".join(" " if _separates(c) else c for c in header)
    starts = []
    for part in re.finditer(r"\S+", text):
        starts.append(part.start())
        if has_unspaced(part.group(0)):
            starts += [part.start() + cut for cut in word_breaks(part.group(0))]
    return [text[start:].rstrip() for start in sorted(starts)]


def quantity_column(header: str, cells: list[str], number: re.Pattern, group: str,
                    words=ENGLISH) -> bool:
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
    if any(g in c for c in cells for g in group):
        return True
    if getattr(words, "english", True):
        named = bool(_QUANTITY_HEADER.search(header))
    else:       # a unit, scale, currency or percent sign of the source language in the header
        # a unit written after numbers (km) or, in some languages, before
        # them (Swahili's kilomita 2.5)
        named = any(_word_after(" " + part, table, words.attached)
                    for part in header_words(header) for table in (words.after, words.before))
    return named and any(not c.rstrip("%").strip().lstrip("-\u2212").isdigit()
                                                          for c in cells)
