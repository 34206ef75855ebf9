"""Checks of translation catalogs: pure functions over Catalog and Message.

Each checker looks at one entry (or the header) and returns the problems it
finds, as Babel's checkers do, but as values instead of exceptions: a
:class:`Problem` has a stable code, a severity, the line of the entry and a
sentence for the translator saying what is wrong and what to do.
:func:`check_catalog` runs them all over one catalog and adds the counts;
nothing here reads a file (``publisher.check`` gathers the catalogs).

What counts as translated follows GNU msgfmt's ``--statistics``: an entry
whose first (or only) msgstr is empty is untranslated, fuzzy or not; a fuzzy
entry with text is fuzzy; the rest are translated.

A translator silences a check on one entry by writing the word
``publisher-ignore-CODE`` (``publisher-ignore-W602``) in the entry's flags
(``#, publisher-ignore-W602``) or in a translator comment
(``# publisher-ignore-W602``); on the header entry it silences a header
check.  Completeness (E1xx) is not silenced per entry: thresholds do that.
"""

from __future__ import annotations

import re
import string
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Callable, Iterable

from babel import Locale
from babel.messages.plurals import get_plural

from ..core.errors import ConfigError
from ..core.formatting import FormatMismatch, directives
from ..core.locales import check_locale_name, cldr_name, same_locale
from ..figures import numbers as figures
from .markup import compare as compare_markup
from .model import Catalog, Message
from .model import percent as percent_of
from .plurals import plural_table

# -- codes ------------------------------------------------------------------

#: code -> (name, what it means); the letter is the severity (E error,
#: W warning), except E101-E103, which are warnings once the catalog meets
#: its threshold.
CODES: dict[str, tuple[str, str]] = {
    "E001": ("unreadable", "the file is not a valid PO file"),
    "E002": ("no-catalog", "the locale has no catalog for this document"),
    "W003": ("bad-ignore", "a publisher-ignore word names no check that can be silenced"),
    "E100": ("incomplete", "less of the catalog is translated than its threshold requires"),
    "E101": ("untranslated", "an entry has no translation"),
    "E102": ("fuzzy", "an entry's translation is marked fuzzy (needs review)"),
    "E103": ("missing", "the sources have a string the file lacks"),
    "E104": ("empty-plural-form", "a plural entry has some forms but not all"),
    "W105": ("obsolete", "an obsolete (#~) entry"),
    "W106": ("stale", "an entry the sources no longer have"),
    "W107": ("unknown-domain", "a catalog for a document the project does not have"),
    "E201": ("figures", "figure placeholders {...} differ from the source's"),
    "E202": ("format-fields", "format placeholders differ from the source's"),
    "E203": ("format-spec", "a format placeholder is malformed or formats differently"),
    "E204": ("figure-neighbours", "digits, signs, marks or invisible characters against a figure"),
    "E301": ("markup", "emphasis, strong or code differ from the source's"),
    "E302": ("link-target", "link or image targets differ from the source's"),
    "E303": ("raw-html", "the translation adds raw HTML"),
    "E304": ("unsafe-url", "a javascript:, vbscript:, data: or file: address"),
    "W305": ("markup-moved", "emphasis kept but moved, nested otherwise or stretched"),
    "E401": ("language", "the Language header is missing, invalid or not the folder's"),
    "E402": ("plural-forms", "the Plural-Forms header is missing, invalid or not CLDR's"),
    "E403": ("charset", "the header declares no charset"),
    "E404": ("plural-count", "a plural entry has not as many forms as the locale"),
    "E501": ("glyphs", "no configured font has a glyph for a character"),
    "W502": ("fonts", "glyph coverage could not be checked"),
    "E601": ("whitespace", "leading or trailing whitespace differs from the source's"),
    "W602": ("copy", "the translation is a copy of the source"),
    "W603": ("inconsistent", "one source string translated differently in the locale's catalogs"),
    "W604": ("long-word", "a word far longer than the source's longest (slow to lay out; "
                          "the build breaks it)"),
    "E605": ("bidi-control", "the translation adds a bidi override, embedding or isolate "
                             "control (U+202A..U+202E, U+2066..U+2069)"),
    "W701": ("glossary-missing", "a glossary term's approved translation is missing"),
    "W702": ("glossary-forbidden", "a glossary term's forbidden translation is used"),
}

COMPLETENESS = frozenset({"E100", "E101", "E102", "E103"})
#: Codes that a publisher-ignore word on an entry (or the header) silences.
SUPPRESSIBLE = frozenset(CODES) - COMPLETENESS - {"E001", "E002", "W003", "W502", "W107"}

IGNORE_WORD = re.compile(r"publisher-ignore-([A-Za-z0-9]+)")


@dataclass(frozen=True)
class Problem:
    code: str
    severity: str       # "error" or "warning"
    line: int           # 1-based line in the file (1 for the file as a whole)
    message: str

    @property
    def name(self) -> str:
        return CODES[self.code][0]


def problem(code: str, line: int, message: str, severity: str | None = None) -> Problem:
    if severity is None:
        severity = "warning" if code.startswith("W") else "error"
    return Problem(code, severity, max(line, 1), message)


def quoted(text: str, limit: int = 50) -> str:
    """A msgid shown in a message: one line, cut to ``limit`` characters."""
    text = " ".join(text.split())
    return "“" + (text if len(text) <= limit else text[:limit - 1] + "…") + "”"


# -- suppression ------------------------------------------------------------

def ignored_codes(message: Message | None) -> set[str]:
    """The codes a publisher-ignore word in the entry's flags or translator comments names."""
    if message is None:
        return set()
    words = set()
    for text in (*message.flags, *message.translator_comments):
        if "publisher-ignore-" in text:
            words.update(code.upper() for code in IGNORE_WORD.findall(text))
    return words


def check_ignore_words(message: Message, codes: set[str]) -> list[Problem]:
    """W003 for each publisher-ignore word that silences nothing."""
    problems = []
    for code in sorted(codes):
        if code not in CODES:
            problems.append(problem("W003", message.lineno,
                                    f"publisher-ignore-{code} names no check; the codes are "
                                    "listed under “publisher check” in the README"))
        elif code not in SUPPRESSIBLE:
            hint = ("set a lower threshold in the [check] settings instead"
                    if code in COMPLETENESS else "fix the file instead")
            problems.append(problem("W003", message.lineno,
                                    f"publisher-ignore-{code} has no effect: {code} cannot be "
                                    f"silenced on an entry; {hint}"))
    return problems


# -- plural rules -----------------------------------------------------------

@dataclass(frozen=True)
class PluralRule:
    nplurals: int
    expression: str
    forms: tuple[int, ...]          # the form index for n in PLURAL_RANGE

    def single(self, index: int) -> bool:
        """Whether form ``index`` is used for exactly one n (like "one" in English)."""
        return _uses(self.forms, index) == 1

    def examples(self, index: int, count: int = 3) -> str:
        found = [n for n, form in enumerate(self.forms) if form == index][:count + 1]
        if not found:
            return "numbers above 1000 only"
        shown = ", ".join(map(str, found[:count]))
        return f"n = {shown}" + (", …" if len(found) > count else "")


@lru_cache(maxsize=4096)
def _uses(forms: tuple[int, ...], index: int) -> int:
    return forms.count(index)


def read_plural_forms(value: str) -> PluralRule:
    """The rule of a Plural-Forms value (ValueError saying what is wrong)."""
    nplurals, expression, forms = plural_table(value)
    return PluralRule(nplurals, expression, forms)


@lru_cache(maxsize=None)
def cldr_plural_forms(locale: str) -> str:
    """The Plural-Forms value CLDR gives ``locale`` (a checked name), as
    :func:`publisher.locales.locale_info` has it, without loading the rest of
    the locale's data."""
    return str(get_plural(Locale.parse(cldr_name(locale))))


@lru_cache(maxsize=None)
def cldr_rule(locale: str) -> PluralRule:
    """The locale's plural rule from CLDR (``locale`` must be a checked name)."""
    return read_plural_forms(cldr_plural_forms(locale))


@lru_cache(maxsize=None)
def locale_error(name: str) -> str | None:
    """Why ``name`` is not a locale name publisher accepts (None if it is)."""
    try:
        check_locale_name(name)
    except ConfigError as exc:
        return exc.message + (f" ({exc.hint})" if exc.hint else "")
    return None


@lru_cache(maxsize=None)
def forms_text(locale: str) -> str:
    """Which counts use each plural form of ``locale``, for translators."""
    rule = cldr_rule(locale)
    return "; ".join(f"msgstr[{i}] for {rule.examples(i)}" for i in range(rule.nplurals))


# -- header -----------------------------------------------------------------

def header_locale(catalog: Catalog, folder_locale: str | None) -> str | None:
    """The locale the catalog is for: its folder's, else its header's (None if unknown)."""
    if folder_locale is not None and locale_error(folder_locale) is None:
        return folder_locale
    language = catalog.header_field("Language")
    if language and locale_error(language) is None:
        return language
    return None


def check_header(catalog: Catalog, folder_locale: str | None) -> list[Problem]:
    """Language (valid, the folder's), Plural-Forms (CLDR's) and charset (declared)."""
    line = catalog.header.lineno if catalog.header is not None else 1
    problems = []
    locale = header_locale(catalog, folder_locale)
    shown = locale or "xx"
    if catalog.header is None:
        problems.append(problem("E401", 1, "the file has no header entry (msgid \"\" with "
                                "Language, Plural-Forms and Content-Type); run `publisher "
                                "update`, or copy the header of a sibling file"))
        return problems
    language = catalog.header_field("Language")
    if not language:
        problems.append(problem("E401", line, f"the header has no Language field; add "
                                f"\"Language: {shown}\\n\" to the header"))
    elif locale_error(language):
        problems.append(problem("E401", line, f"Language: {language} — {locale_error(language)}"))
    elif folder_locale is not None and locale_error(folder_locale) is None \
            and not same_locale(language, folder_locale):
        problems.append(problem("E401", line, f"the header says Language: {language}, but the "
                                f"file is in the folder of {folder_locale}; write Language: "
                                f"{folder_locale}, or move the file to its locale's folder"))
    problems += _check_plural_header(catalog, locale, line)
    content_type = catalog.header_field("Content-Type") or ""
    charset = re.search(r"charset=([^\s;]*)", content_type)
    if charset is None or not charset.group(1):
        problems.append(problem("E403", line, "the header declares no charset; add "
                                "\"Content-Type: text/plain; charset=UTF-8\\n\""))
    elif charset.group(1).upper() == "CHARSET":
        problems.append(problem("E403", line, "the header still says charset=CHARSET, the "
                                "template's placeholder; write charset=UTF-8 (and save the file "
                                "as UTF-8)"))
    return problems


def _check_plural_header(catalog: Catalog, locale: str | None, line: int) -> list[Problem]:
    value = catalog.header_field("Plural-Forms")
    expected = cldr_plural_forms(locale) if locale else None
    write = f"write Plural-Forms: {expected}" if expected else \
        "write Plural-Forms: nplurals=N; plural=EXPRESSION; as CLDR gives it for the language"
    if not value:
        return [problem("E402", line, f"the header has no Plural-Forms field; {write}")]
    try:
        rule = read_plural_forms(value)
    except ValueError as exc:
        return [problem("E402", line, f"Plural-Forms cannot be used: {exc}; {write}")]
    if locale is None:
        return []
    cldr = cldr_rule(locale)
    if rule.nplurals != cldr.nplurals:
        return [problem("E402", line, f"Plural-Forms says nplurals={rule.nplurals}, but {locale} "
                        f"has {cldr.nplurals} plural form{'s' if cldr.nplurals > 1 else ''} in "
                        f"CLDR; {write}")]
    if rule.forms == cldr.forms:
        return []
    for n, (mine, theirs) in enumerate(zip(rule.forms, cldr.forms)):
        if mine != theirs:
            return [problem("E402", line, f"the plural expression gives form {mine} for n={n}, "
                            f"CLDR's rule for {locale} gives form {theirs}; {write}")]
    return []


# -- entries ----------------------------------------------------------------

def translation_pairs(message: Message) -> list[tuple[str, str, int | None]]:
    """(source, translation, form index) of each non-empty translation of the entry."""
    if not message.is_plural:
        return [(message.msgid, message.msgstr, None)] if message.msgstr else []
    return [(message.msgid if i == 0 else message.msgid_plural or "", form, i)
            for i, form in enumerate(message.msgstr_plural) if form]


def _form(index: int | None) -> str:
    return "" if index is None else f"msgstr[{index}]: "


def check_plural_count(message: Message, locale: str | None) -> list[Problem]:
    """A plural entry has as many msgstr[N] as the locale has plural forms."""
    if not message.is_plural or locale is None:
        return []
    rule = cldr_rule(locale)
    count = len(message.msgstr_plural)
    if count == rule.nplurals:
        return []
    return [problem("E404", message.lineno,
                    f"this entry has {count} plural form{'s' if count != 1 else ''}, {locale} has "
                    f"{rule.nplurals} ({forms_text(locale)}); write msgstr[0] to "
                    f"msgstr[{rule.nplurals - 1}] (and the header's Plural-Forms must say "
                    f"nplurals={rule.nplurals})")]


def check_empty_forms(message: Message) -> list[Problem]:
    """A translated plural entry has every form filled (msgfmt counts it translated anyway)."""
    if not message.is_plural:
        return []
    empty = [i for i, form in enumerate(message.msgstr_plural) if not form]
    if not empty or not message.msgstr_plural[0]:
        return []
    names = ", ".join(f"msgstr[{i}]" for i in empty)
    return [problem("E104", message.lineno,
                    f"{names} {'is' if len(empty) == 1 else 'are'} empty, so the source text "
                    "is shown for the counts that use "
                    f"{'it' if len(empty) == 1 else 'them'}; translate every form")]


def check_figures(message: Message) -> list[Problem]:
    """The translation has exactly the figure placeholders {...} of its source."""
    problems = []
    for source, text, index in translation_pairs(message):
        found = figures.compare(source, text)
        if found:
            advice = "" if "unchanged" in found[-1] else \
                "; copy each figure of the source, braces included, unchanged (you may move it)"
            problems.append(problem("E201", message.lineno,
                                    _form(index) + "; ".join(found) + advice))
    return problems


def check_figure_neighbours(message: Message) -> list[Problem]:
    """Nothing typed against a figure placeholder changes the printed number
    (``{93,981}0``, ``-{12}``, ``{5}%``, a bidi control): the build falls
    back to the source for such a translation."""
    return [problem("E204", message.lineno, _form(index) + sentence)
            for source, text, index in translation_pairs(message)
            for sentence in figures.neighbour_problems(source, text)]


# -- python-format ------------------------------------------------------------

_CONV_KIND = {"d": "integer", "i": "integer", "u": "integer", "o": "octal", "x": "hex",
              "X": "hex", "e": "float", "E": "float", "f": "float", "F": "float", "g": "float",
              "G": "float", "c": "character", "s": "string", "r": "repr", "a": "ascii"}


@dataclass(frozen=True)
class _Spec:
    text: str
    key: str | None
    form: tuple            # flags, width, precision
    kind: str


@lru_cache(maxsize=8192)
def _python_specs(text: str) -> tuple[_Spec, ...]:
    """The %-placeholders of ``text`` (not %%), read by the one grammar of
    :mod:`publisher.formatting`; FormatMismatch for a stray %."""
    return tuple(_Spec(d.text, d.key, (d.flags, d.width, d.precision), _CONV_KIND[d.conv])
                 for d in directives(text) if d.conv != "%")


def _compare_named(source: dict, found: list, required: set, form: str) -> list[tuple[str, str]]:
    out = []
    listing = ", ".join(s.text for s in source.values())
    for spec in found:
        origin = source.get(spec.key)
        if origin is None:
            out.append(("E202", f"{form}{spec.text} is not a placeholder of the source; use "
                        f"only the source's ({listing or 'none'})"))
        elif spec.kind != origin.kind:
            out.append(("E203", f"{form}{spec.text} formats the value as {spec.kind}, the "
                        f"source's {origin.text} as {origin.kind}; write {origin.text}"))
        elif spec.form != origin.form:
            out.append(("E203", f"{form}{spec.text} sets a width, precision or flag that the "
                        f"source's {origin.text} does not have; write {origin.text}"))
    present = {s.key for s in found}
    for key in sorted(required - present):
        out.append(("E202", f"{form}{source[key].text} is missing; keep every placeholder of "
                    "the source (you may move it)"))
    return out


def _compare_positional(source: tuple, found: tuple, form: str) -> list[tuple[str, str]]:
    if len(found) != len(source):
        listing = " ".join(s.text for s in source) or "none"
        return [("E202", f"{form}the translation has {len(found)} placeholder"
                 f"{'s' if len(found) != 1 else ''}, the source {len(source)} ({listing}); "
                 "keep the source's placeholders, in the source's order")]
    out = []
    for number, (mine, theirs) in enumerate(zip(found, source), 1):
        if mine.kind != theirs.kind or mine.form != theirs.form:
            out.append(("E203", f"{form}placeholder {number} is {mine.text}, the source's is "
                        f"{theirs.text}; write {theirs.text} (unnamed placeholders keep the "
                        "source's order)"))
    return out


def check_python_format(message: Message, rule: PluralRule | None = None) -> list[Problem]:
    """%-placeholders: exactly the source's fields, each formatted as the source formats it.

    For a plural entry, a form that the locale uses for one number only (like
    English "one") may leave out named placeholders.
    """
    try:
        singular = _python_specs(message.msgid)
        plural = _python_specs(message.msgid_plural) if message.is_plural else ()
    except FormatMismatch:
        return []   # the source is not a %-format string as Python reads it
    source_specs = singular + plural
    named = {}
    for spec in source_specs:
        if spec.key is not None:
            named.setdefault(spec.key, spec)
    problems = []
    for source, text, index in translation_pairs(message):
        form = _form(index)
        try:
            found = _python_specs(text)
        except FormatMismatch as exc:
            problems.append(problem("E203", message.lineno,
                                    f"{form}{exc.snippet!r} is not a placeholder; write %% for a "
                                    "percent sign, and copy the source's placeholders unchanged"))
            continue
        keyed = [s for s in found if s.key is not None]
        if keyed and len(keyed) != len(found):
            unnamed = next(s for s in found if s.key is None)
            problems.append(problem("E203", message.lineno,
                                    f"{form}named placeholders such as {keyed[0].text} are mixed "
                                    f"with unnamed ones such as {unnamed.text}; use the source's "
                                    "placeholders only, and write %% for a percent sign"))
            continue
        if keyed and source_specs and not named:
            listing = " ".join(s.text for s in source_specs)
            problems.append(problem("E203", message.lineno,
                                    f"{form}{keyed[0].text} has a name, the source's placeholders "
                                    f"have none ({listing}); write them as the source does"))
            continue
        if named or keyed:
            if not keyed and found:
                problems.append(problem("E203", message.lineno,
                                        f"{form}{found[0].text} has no name; use the source's "
                                        f"named placeholders ({', '.join(s.text for s in named.values())})"))
                continue
            if index is None:
                required = set(named)
            elif rule is not None and rule.single(index):
                required = set()
            else:
                required = {s.key for s in _python_specs(source) if s.key is not None}
            found_codes = _compare_named(named, keyed, required, form)
        elif index is None:
            found_codes = _compare_positional(singular, found, form)
        else:
            # Every form takes the plural source's unnamed placeholders, the
            # form for one number too: Python's "One file" % 1 raises
            # TypeError, and msgfmt --check refuses it.
            found_codes = _compare_positional(plural, found, form)
        problems += [problem(code, message.lineno, text_) for code, text_ in found_codes]
    return problems


# -- python-brace-format ----------------------------------------------------------

@lru_cache(maxsize=8192)
def _brace_fields(text: str) -> tuple[tuple[str, str, str], ...]:
    """(field, format spec, conversion) of each {field} of ``text`` (ValueError if unbalanced)."""
    fields = []
    for _, name, spec, conversion in string.Formatter().parse(text):
        if name is not None:
            fields.append((name, spec or "", conversion or ""))
    return tuple(fields)


def _brace_text(field_: tuple[str, str, str]) -> str:
    name, spec, conversion = field_
    return "{" + name + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "") + "}"


def check_brace_format(message: Message, rule: PluralRule | None = None) -> list[Problem]:
    """{name} placeholders: the source's fields, no attribute or index access, no new spec."""
    try:
        source_fields = _brace_fields(message.msgid) + (
            _brace_fields(message.msgid_plural) if message.is_plural else ())
    except ValueError:
        return []
    by_name = {}
    for item in source_fields:
        by_name.setdefault(item[0], item)
    problems = []
    for source, text, index in translation_pairs(message):
        form = _form(index)
        try:
            found = _brace_fields(text)
        except ValueError as exc:
            problems.append(problem("E203", message.lineno,
                                    f"{form}the braces do not pair up ({exc}); write {{{{ and }}}} "
                                    "for literal braces"))
            continue
        for item in found:
            origin = by_name.get(item[0])
            if origin is None:
                if re.search(r"[.\[]", item[0]):
                    what = (f"{_brace_text(item)} reads an attribute or item of a value; "
                            "write the source's placeholders only")
                    problems.append(problem("E203", message.lineno, form + what))
                else:
                    listing = ", ".join(_brace_text(f) for f in by_name.values()) or "none"
                    problems.append(problem("E202", message.lineno,
                                            f"{form}{_brace_text(item)} is not a placeholder of "
                                            f"the source; use only the source's ({listing})"))
            elif item != origin:
                problems.append(problem("E203", message.lineno,
                                        f"{form}{_brace_text(item)} formats differently from the "
                                        f"source's {_brace_text(origin)}; write "
                                        f"{_brace_text(origin)}"))
        if index is not None and rule is not None and rule.single(index):
            continue
        required = {f[0] for f in (source_fields if index is None else _brace_fields(source))}
        for name in sorted(required - {f[0] for f in found}):
            problems.append(problem("E202", message.lineno,
                                    f"{form}{_brace_text(by_name[name])} is missing; keep every "
                                    "placeholder of the source (you may move it)"))
    return problems


# -- inline Markdown --------------------------------------------------------------

_UNSAFE_SCHEMES = ("javascript:", "vbscript:", "data:", "file:")
_TAGS = {"em_open": "*emphasis*", "strong_open": "**strong**", "code_inline": "`code`"}


@dataclass(frozen=True)
class _Inline:
    tags: tuple[tuple[str, int], ...]
    links: tuple[str, ...]
    images: tuple[str, ...]
    html: tuple[str, ...]


@lru_cache(maxsize=1)
def _markdown():
    from markdown_it import MarkdownIt

    parser = MarkdownIt("commonmark", {"html": True})
    parser.validateLink = lambda url: True   # see every target, to name the unsafe ones
    return parser


def link_definitions(references: dict) -> tuple[tuple[str, str, str], ...]:
    """A document's link reference definitions (markdown-it's ``references``)
    as sorted (label, address, title) triples."""
    return tuple(sorted((label, str(ref.get("href", "")), str(ref.get("title", "")))
                        for label, ref in references.items()))


def _env(definitions: tuple[tuple[str, str, str], ...]) -> dict:
    return {"references": {label: {"href": href, "title": title}
                           for label, href, title in definitions}}


#: Brackets a translation may have written as a reference link: ``[text]``,
#: ``[text][]`` or ``[text][label]`` (not a footnote's ``[^1]``).
_BRACKETED = re.compile(r"(?<!\\)\[(?!\^)((?:\\.|[^\[\]\\])+)\](?:\[((?:\\.|[^\[\]\\])*)\])?(?![(:])")


def _links_in_order(text: str, definitions: tuple) -> list[tuple[str, str]]:
    """(address, title) of each link of ``text``, in order."""
    found = []
    stack = list(reversed(_markdown().parseInline(text, _env(definitions))[0].children or []))
    while stack:
        token = stack.pop()
        if token.type == "link_open":
            found.append((str(token.attrs.get("href", "")), str(token.attrs.get("title", ""))))
        if token.children:
            stack.extend(reversed(token.children))
    return found


@lru_cache(maxsize=4096)
def translated_references(source: str, translation: str,
                          definitions: tuple[tuple[str, str, str], ...] = ()
                          ) -> tuple[tuple[tuple[str, str, str], ...], tuple[str, ...]]:
    """The definitions a translation is read with, and the labels it leaves
    undefined.  A translation may use the source's labels, or its own words
    as labels (``[den Leitfaden]`` for ``[the guide]``): each label the
    document does not define stands, in order, for a link of the source the
    translation does not yet have, with that link's address and title.  A
    label left over (more labels than links of the source to stand for) is
    undefined, and prints as brackets."""
    if not definitions or "[" not in translation:
        return definitions, ()
    from markdown_it.common.utils import normalizeReference

    known = {label for label, _, _ in definitions}
    have = Counter(_links_in_order(translation, definitions))
    free = []     # the source's links the translation lacks, in the source's order
    for link in _links_in_order(source, definitions):
        if have[link] > 0:
            have[link] -= 1
        else:
            free.append(link)
    added, undefined = {}, []
    for match in _BRACKETED.finditer(translation):
        label = normalizeReference(match.group(2) or match.group(1))
        if not label.strip() or label in known or label in added:
            continue
        if free:
            href, title = free.pop(0)
            added[label] = (label, href, title)
        else:
            undefined.append(match.group(0))
    return tuple(sorted(definitions + tuple(added.values()))), tuple(undefined)


@lru_cache(maxsize=4096)
def _inline(text: str, definitions: tuple[tuple[str, str, str], ...] = ()) -> _Inline:
    tags: Counter = Counter()
    links, images, html = [], [], []
    stack = list(reversed(_markdown().parseInline(text, _env(definitions))[0].children or []))
    while stack:
        token = stack.pop()
        if token.type in _TAGS:
            tags[token.type] += 1
        elif token.type == "link_open":
            links.append(token.attrs.get("href", ""))
        elif token.type == "image":
            images.append(token.attrs.get("src", ""))
        elif token.type == "html_inline":
            html.append(token.content)
        if token.children:
            stack.extend(reversed(token.children))
    return _Inline(tuple(sorted(tags.items())), tuple(sorted(links)), tuple(sorted(images)),
                   tuple(html))


def _unsafe(url: str) -> bool:
    from urllib.parse import unquote

    plain = re.sub(r"[\x00-\x20\x7f]+", "", unquote(url)).lower()
    return plain.startswith(_UNSAFE_SCHEMES)


#: A footnote reference, ``[^1]`` (outside code spans; see footnote_references).
_FOOTNOTE_REFERENCE = re.compile(r"(`+)(?:.|\n)*?\1|\\.|\[\^([^\]\s]+)\]")


def footnote_references(text: str) -> tuple[str, ...]:
    """The footnote references (``[^1]``) of a segment, sorted: a translation
    cites the source's footnotes, each as often, in any order."""
    return tuple(sorted("[^" + m.group(2) + "]" for m in _FOOTNOTE_REFERENCE.finditer(text)
                        if m.group(2)))


def _target_diff(what: str, source: tuple, found: tuple, form: str,
                 definitions: tuple[tuple[str, str, str], ...] = ()) -> list[str]:
    labels: dict[str, str] = {}
    for label, href, _ in definitions:
        labels.setdefault(href, label)

    def named(target: str) -> str:   # a reference link's target, with its label
        return f"{target} (label [{labels[target].lower()}])" if target in labels else target

    missing = sorted(named(t) for t in (Counter(source) - Counter(found)).elements())
    added = sorted(named(t) for t in (Counter(found) - Counter(source)).elements())
    sentences = []
    if missing:
        sentences.append(f"the {what} {', '.join(missing)} of the source "
                         f"{'is' if len(missing) == 1 else 'are'} missing")
    if added:
        sentences.append(f"the {what} {', '.join(added)} {'is' if len(added) == 1 else 'are'} "
                         "not in the source")
    if not sentences:
        return []
    return [form + "; ".join(sentences) + f"; keep the source's {what}s unchanged"]


def _undefined_labels(labels: tuple[str, ...], form: str = "") -> list[str]:
    return [f"{form}the link {label} has no address: the document defines no such label and "
            "the source has no other link for it to stand for; use the source's label, or "
            "as many bracketed labels as the source has reference links"
            for label in labels]


def markup_problems(source: str, translation: str,
                    definitions: tuple[tuple[str, str, str], ...] = ()) -> list[tuple[str, str]]:
    """Why a translation's inline Markdown may not be published in place of
    the source, as (code, reason) pairs: raw HTML (E303), link and image
    targets the source does not have, or a link label that stands for none
    (E302), or emphasis added, dropped or left unpaired, which would print
    raw (E301).  Empty when it may.  ``definitions``: the document's link
    reference definitions (link_definitions).  The build uses this to fall
    back to the source."""
    read_with, undefined = translated_references(source, translation, definitions)
    theirs, mine = _inline(source, definitions), _inline(translation, read_with)
    reasons = [("E303", f"raw HTML {snippet[:40]!r}") for snippet in mine.html
               if snippet not in theirs.html]
    reasons += [("E302", r) for r in _target_diff("link target", theirs.links, mine.links, "",
                                                  definitions)]
    reasons += [("E302", r) for r in _target_diff("image", theirs.images, mine.images, "")]
    if mine.links != theirs.links:
        reasons += [("E302", r) for r in _undefined_labels(undefined)]
    reasons += [("E302", r) for r in _target_diff("footnote", footnote_references(source),
                                                  footnote_references(translation), "")]
    return reasons + [("E301", r) for r in compare_markup(source, translation)[0]]


def markup_differences(source: str, translation: str) -> list[str]:
    """The reasons of :func:`markup_problems`."""
    return [reason for _, reason in markup_problems(source, translation)]


def check_markup(message: Message,
                 definitions: tuple[tuple[str, str, str], ...] = ()) -> list[Problem]:
    """Inline Markdown: the source's emphasis, links and images; no raw HTML,
    no unsafe URL; ``definitions``: the document's link reference definitions."""
    problems = []
    for source, text, index in translation_pairs(message):
        form = _form(index)
        read_with, undefined = translated_references(source, text, definitions)
        theirs, mine = _inline(source, definitions), _inline(text, read_with)
        added = [snippet[:60] for snippet in mine.html if snippet not in theirs.html]
        if added:
            problems.append(problem("E303", message.lineno,
                                    f"{form}raw HTML ({' '.join(added)}) is not allowed in a "
                                    "translation (the page shows the source sentence instead); "
                                    "remove it, and use Markdown as the source does"))
        unsafe = [url for url in mine.links + mine.images if _unsafe(url) and
                  url not in theirs.links + theirs.images]
        for url in unsafe:
            problems.append(problem("E304", message.lineno,
                                    f"{form}the address {url[:60]!r} is not allowed (javascript:, "
                                    "vbscript:, data: and file: addresses are refused); keep the "
                                    "source's link targets"))
        links = tuple(u for u in mine.links if u not in unsafe)
        images = tuple(u for u in mine.images if u not in unsafe)
        sentences = _target_diff("link target", theirs.links, links, form, definitions) + \
            _target_diff("image", theirs.images, images, form) + \
            _target_diff("footnote", footnote_references(source), footnote_references(text), form)
        problems += [problem("E302", message.lineno, s) for s in sentences]
        if sentences:
            problems += [problem("E302", message.lineno, s)
                         for s in _undefined_labels(undefined, form)]
        errors, warnings = compare_markup(source, text)
        problems += [problem("E301", message.lineno, form + e) for e in errors]
        problems += [problem("W305", message.lineno, form + w) for w in warnings]
    return problems


# -- whitespace, copies -----------------------------------------------------------

_SPACE_NAMES = {" ": "space", "\n": "newline", "\t": "tab", "\u00a0": "no-break space",
                "\r": "carriage return", "\u3000": "ideographic space"}


def _describe_space(text: str) -> str:
    if not text:
        return "no whitespace"
    names = [_SPACE_NAMES.get(c, f"U+{ord(c):04X}") for c in text]
    groups = []
    for name in names:
        if groups and groups[-1][0] == name:
            groups[-1][1] += 1
        else:
            groups.append([name, 1])
    return " + ".join(("an " if name[0] in "aeiou" else "a ") + name if count == 1
                      else f"{count} {name}s" for name, count in groups)


def _edges(text: str) -> tuple[str, str]:
    """The whitespace ``text`` starts with and the whitespace it ends with."""
    if not text.strip():
        return text, text
    return text[:len(text) - len(text.lstrip())], text[len(text.rstrip()):]


def check_whitespace(message: Message) -> list[Problem]:
    """The translation starts and ends with the whitespace its source starts and ends with."""
    problems = []
    for source, text, index in translation_pairs(message):
        if source == text or not (source[:1].isspace() or source[-1:].isspace()
                                  or text[:1].isspace() or text[-1:].isspace()):
            continue
        (lead_s, trail_s), (lead_t, trail_t) = _edges(source), _edges(text)
        for where, want, have in (("starts", lead_s, lead_t), ("ends", trail_s, trail_t)):
            if want != have:
                problems.append(problem("E601", message.lineno,
                                        f"{_form(index)}the source {where} with "
                                        f"{_describe_space(want)}, the translation with "
                                        f"{_describe_space(have)}; make the translation "
                                        f"{'start' if where == 'starts' else 'end'} as the source "
                                        "does"))
    return problems


_NOT_WORDS = re.compile(r"%\([^)]*\)[-#0 +]*\w|%[-#0 +]*\d*(?:\.\d+)?[a-zA-Z%]|\{[^{}]*\}|"
                        r"\]\([^)]*\)|<[^>]*>|\w+://\S+")


def check_copy(message: Message) -> list[Problem]:
    """A translation identical to its source (with words to translate) is likely left over."""
    pairs = translation_pairs(message)
    if not pairs or any(source != text for source, text, _ in pairs):
        return []
    if not any(c.isalpha() for c in _NOT_WORDS.sub("", message.msgid)):
        return []
    return [problem("W602", message.lineno,
                    f"the translation is the source text {quoted(message.msgid)}; translate it, "
                    "or, if it is right as it is, add the comment line "
                    "\"# publisher-ignore-W602\" above the entry")]


#: Characters that are, or stand beside, a line-break opportunity without a
#: space: white space, U+200B, and the scripts that break between characters
#: (CJK ideographs, kana, Hangul syllables, CJK and full-width punctuation) or
#: by dictionary (Thai, Lao, Myanmar, Khmer, Tai scripts).
_BREAKABLE = ("\\s\u200b\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u1950-\u19df"
              "\u1a20-\u1aaf\u3000-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff"
              "\uaa60-\uaa7f\uac00-\ud7af\uf900-\ufaff\uff00-\uffef"
              "\U00020000-\U0003ffff")
#: A run of text with no line-break opportunity in it: what the checks call a
#: word and what the build breaks when it is very long.
UNBROKEN_RUN = re.compile(f"[^{_BREAKABLE}]+")


def longest_word(text: str) -> int:
    """The length of the longest run of text without a break opportunity."""
    return max((len(run) for run in UNBROKEN_RUN.findall(text)), default=0)


#: A translation's word is "far longer" than the source's above this.
LONG_WORD_FACTOR, LONG_WORD_MINIMUM = 4, 80


def check_long_words(message: Message) -> list[Problem]:
    """A word far longer than any of the source's: pasted data, a lost space,
    or an attempt to make every PDF take minutes to lay out."""
    problems = []
    for source, text, index in translation_pairs(message):
        limit = max(LONG_WORD_FACTOR * longest_word(source), LONG_WORD_MINIMUM)
        longest = longest_word(text)
        if longest > limit:
            problems.append(problem("W604", message.lineno,
                                    f"{_form(index)}the translation has a word of {longest} "
                                    f"characters without a space (the source's longest is "
                                    f"{longest_word(source)}); put the spaces back"))
    return problems


#: Bidi embedding, override and isolate controls: they reorder what follows
#: them, so the text a reviewer reads is not the order it is stored in (the
#: Trojan Source class of attacks).  U+200E/U+200F (marks) do not reorder.
BIDI_CONTROLS = {chr(c): f"U+{c:04X}" for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))}


#: The pseudo-locale whose made-up translations are written right to left
#: with overrides on purpose (pseudo.py): E605 does not apply to it.
OVERRIDING_PSEUDO_LOCALE = "ar_XB"


def check_bidi_controls(message: Message) -> list[Problem]:
    """A translation that holds more of a bidi control than its source."""
    problems = []
    for source, text, index in translation_pairs(message):
        added = [name for char, name in BIDI_CONTROLS.items()
                 if text.count(char) > source.count(char)]
        if added:
            problems.append(problem("E605", message.lineno,
                                    f"{_form(index)}the translation adds the bidi control(s) "
                                    f"{', '.join(added)}, which reorder the text shown after "
                                    "them; remove them (the page sets the direction itself; "
                                    "U+200E and U+200F are the marks to use)"))
    return problems


# -- glyphs -----------------------------------------------------------------------

@dataclass(frozen=True)
class FontCoverage:
    """What the fonts configured for a locale can draw."""

    families: tuple[str, ...]                 # the configured font stack
    found: tuple[str, ...] = ()               # those installed
    codepoints: frozenset[int] = frozenset()
    unavailable: str = ""                     # why coverage is unknown, if it is
    #: installed families that draw the given characters (to name in the advice)
    advise: Callable[[str], tuple[str, ...]] | None = field(default=None, compare=False)


_INVISIBLE = frozenset({"Cc", "Cf", "Zl", "Zp", "Cs", "Co", "Cn"})


@lru_cache(maxsize=65536)
def needs_glyph(char: str) -> bool:
    code = ord(char)
    if code == 0x20 or 0xFE00 <= code <= 0xFE0F or 0xE0100 <= code <= 0xE01EF:
        return False
    return unicodedata.category(char) not in _INVISIBLE


def check_glyphs(message: Message, coverage: FontCoverage, document: bool = False) -> list[Problem]:
    """Every character of the translation has a glyph in one of the locale's
    fonts.  In a document's entry, a figure placeholder counts by what it
    prints: the build writes its digits (and a quantity's signs) in the
    page's own (``{١٢٫٥٪}`` on a French page), a numeral's other signs as
    written (``{٣٫٢:numeral}``: the ٫)."""
    missing: dict[str, None] = {}
    for _, text, _ in translation_pairs(message):
        for char in figures.printed_signs(text) if document else text:
            if ord(char) not in coverage.codepoints and needs_glyph(char):
                missing[char] = None
    if not missing:
        return []
    shown = ", ".join(f"{c!r} (U+{ord(c):04X} {unicodedata.name(c, 'unnamed')})"
                      for c in list(missing)[:5])
    more = f" and {len(missing) - 5} more" if len(missing) > 5 else ""
    helpers = coverage.advise("".join(missing)) if coverage.advise is not None else ()
    installed = f" (installed: {', '.join(helpers[:3])})" if helpers else ""
    return [problem("E501", message.lineno,
                    f"no font configured for this locale ({', '.join(coverage.found)}) can draw "
                    f"{shown}{more}; use another character, or add a font that has it{installed} "
                    "to the locale's stack in the [fonts] settings")]


# -- catalogs ---------------------------------------------------------------------

@dataclass
class CatalogResult:
    """One catalog's counts and problems (the path and domain are the caller's)."""

    path: str
    locale: str | None
    domain: str | None
    translated: int = 0
    fuzzy: int = 0
    untranslated: int = 0
    obsolete: int = 0
    missing: int = 0
    percent: float = 0.0
    threshold: float = 100.0
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not any(p.severity == "error" for p in self.problems)

    @property
    def readable(self) -> bool:
        """False for a file that could not be read (E001): no counts."""
        return not any(p.code == "E001" for p in self.problems)

    @property
    def used(self) -> bool:
        """False for a catalog nothing uses (W107): no percentage it is held to."""
        return not any(p.code == "W107" for p in self.problems)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]


def check_entry(message: Message, flags: Iterable[str], locale: str | None,
                coverage: FontCoverage | None = None, document: bool = False,
                definitions: tuple[tuple[str, str, str], ...] = ()) -> list[Problem]:
    """The validity checks of one translated entry.

    ``flags`` are the template's.  ``document`` says the entry is a block of
    a publisher document: inline Markdown whose braces are figure
    placeholders.  Elsewhere the flags decide: ``python-format``,
    ``python-brace-format``, and ``md-text`` for inline Markdown.
    """
    flags = set(flags)
    rule = cldr_rule(locale) if locale else None
    problems = check_empty_forms(message)
    if document:
        problems += check_figures(message)
        problems += check_figure_neighbours(message)
    elif "python-brace-format" in flags:
        problems += check_brace_format(message, rule)
    if "python-format" in flags:
        problems += check_python_format(message, rule)
    if document or "md-text" in flags:
        problems += check_markup(message, definitions)
    problems += check_whitespace(message)
    problems += check_copy(message)
    problems += check_long_words(message)
    if locale != OVERRIDING_PSEUDO_LOCALE:
        problems += check_bidi_controls(message)
    if coverage is not None and coverage.found:
        problems += check_glyphs(message, coverage, document)
    return problems


@dataclass
class Refusals:
    """What of a catalog the build must not use, by the checks ``check``
    applies (one rule, one place): ``entries`` by key, the first error of
    each translated entry; ``catalog``, a header error, for which nothing
    of the catalog is used."""

    entries: dict[tuple[str | None, str], Problem] = field(default_factory=dict)
    catalog: Problem | None = None


def header_refusal(catalog: Catalog, locale: str) -> Problem | None:
    """The error of ``catalog``'s header (E401-E403) that keeps every one of
    its translations out of the build, as check reports it; None if none."""
    silenced = ignored_codes(catalog.header) if catalog.header is not None else set()
    header = [p for p in check_header(catalog, locale)
              if p.code not in silenced and p.severity == "error"]
    return header[0] if header else None


def refusals(catalog: Catalog, locale: str, *, document: bool = False,
             flags_of: Callable[[Message], Iterable[str]] | None = None,
             coverage: FontCoverage | None = None) -> Refusals:
    """The errors :func:`check_catalog` would report on the translations of
    ``catalog`` (in ``locale``'s folder): the header's (E401-E403), and each
    translated entry's (:func:`check_entry` and E404), silenced as there by
    ``publisher-ignore-CODE``.  ``flags_of`` gives an entry's flags as the
    template has them (the build knows them from the source strings);
    without it, the file's."""
    found = Refusals(catalog=header_refusal(catalog, locale))
    for message in catalog.messages:
        if not message.translated:
            continue
        codes = ignored_codes(message)
        flags = flags_of(message) if flags_of is not None else message.flags
        errors = [p for p in check_plural_count(message, locale)
                  + check_entry(message, flags, locale, coverage, document)
                  if p.severity == "error" and p.code not in codes]
        if errors:
            found.entries[message.key] = errors[0]
    return found


def _incompleteness(message: Message, state: str) -> Problem:
    if state == "fuzzy":
        shown = " (the #| lines show the source it was made for)" \
            if message.previous_msgid is not None else ""
        return problem("E102", message.lineno,
                       f"the translation of {quoted(message.msgid)} is marked fuzzy: review it "
                       f"against the source{shown}, then remove the fuzzy flag")
    if message.is_plural and any(message.msgstr_plural):
        return problem("E101", message.lineno,
                       f"msgstr[0] of {quoted(message.msgid)} is empty, so the entry counts as "
                       "untranslated; translate every form")
    return problem("E101", message.lineno, f"{quoted(message.msgid)} has no translation; "
                   "translate it")


def check_catalog(catalog: Catalog, *, path: str, folder_locale: str | None = None,
                  domain: str | None = None, template: Catalog | None = None,
                  document: bool = False, threshold: float = 100.0,
                  coverage: FontCoverage | None = None) -> CatalogResult:
    """Every check of one catalog.

    ``template`` is the catalog extracted from the current sources: with it,
    strings it has that the file lacks are missing, entries it lacks are
    stale, and the flags come from it rather than from the translator's file.
    ``document`` says the catalog is a publisher document's (see
    :func:`check_entry`); ``coverage`` is what the locale's fonts can draw
    (None: not checked).
    """
    locale = header_locale(catalog, folder_locale)
    problems: list[Problem] = []
    if catalog.header is not None:
        silenced = ignored_codes(catalog.header)
        problems += check_ignore_words(catalog.header, silenced)
    else:
        silenced = set()
    problems += [p for p in check_header(catalog, folder_locale) if p.code not in silenced]
    if coverage is not None and not coverage.found:
        problems.append(problem("W502", 1, coverage.unavailable or
                                f"none of the fonts configured for {locale} "
                                f"({', '.join(coverage.families)}) is installed, so glyph "
                                "coverage was not checked; `publisher doctor` says what to install"))
    current = None
    if template is not None:
        current = {m.key: m for m in template.messages if not m.obsolete}
    counts = catalog.statistics()      # the one count by state (msgfmt's)
    present = set()
    incomplete: list[Problem] = []
    translated_current = 0
    for message in catalog.messages:
        state = message.state
        codes = ignored_codes(message)
        found = check_ignore_words(message, codes)
        if state == "obsolete":
            found.append(problem("W105", message.lineno,
                                 f"{quoted(message.msgid)} is obsolete (#~): the sources no "
                                 "longer have it; delete the entry, or keep it for reference"))
            problems += [p for p in found if p.code not in codes]
            continue
        present.add(message.key)
        flags = message.flags
        if current is not None:
            origin = current.get(message.key)
            if origin is None:
                found.append(problem("W106", message.lineno,
                                     f"the sources no longer have {quoted(message.msgid)}; run "
                                     "`publisher update` to mark it obsolete"))
                problems += [p for p in found if p.code not in codes]
                continue
            flags = origin.flags
        found += check_plural_count(message, locale)
        if state == "translated":
            translated_current += 1
            found += check_entry(message, flags, locale, coverage, document,
                                 template.link_definitions if template is not None else ())
        else:
            incomplete.append(_incompleteness(message, state))
        problems += [p for p in found if p.code not in codes]
    missing = []
    if current is not None:
        for key, origin in current.items():
            if key not in present:
                where = f" ({origin.references[0]})" if origin.references else ""
                missing.append(problem("E103", 1, f"the sources have {quoted(origin.msgid)}"
                                       f"{where}, which this file lacks; run `publisher update`, "
                                       "then translate it"))
        total = len(current)
    else:
        total = counts["translated"] + counts["fuzzy"] + counts["untranslated"]
    below = translated_current * 100 < threshold * total
    severity = "error" if below else "warning"
    problems += [Problem(p.code, severity, p.line, p.message) for p in incomplete + missing]
    percent = percent_of(translated_current, total)
    if below:
        parts = [f"{counts['untranslated']} untranslated" if counts["untranslated"] else "",
                 f"{counts['fuzzy']} fuzzy" if counts["fuzzy"] else "",
                 f"{len(missing)} missing" if missing else ""]
        lower = "in the [check] settings" if template is not None else "with --threshold"
        problems.append(problem("E100", 1, f"{percent:g}% translated, {threshold:g}% required "
                                f"({', '.join(p for p in parts if p)}); translate the entries "
                                f"listed, or lower the threshold {lower}"))
    problems.sort(key=lambda p: (p.line, p.code))
    return CatalogResult(path=path, locale=locale, domain=domain,
                         translated=counts["translated"], fuzzy=counts["fuzzy"],
                         untranslated=counts["untranslated"], obsolete=counts["obsolete"],
                         missing=len(missing), percent=percent, threshold=threshold,
                         problems=problems)
