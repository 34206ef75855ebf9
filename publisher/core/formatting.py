"""Python's ``%`` directives, read by one grammar, and the project's subset
of them in template strings: ``%(name)s`` and ``%%``, nothing else.

:func:`directives` reads a string as Python's ``%`` operator does (mapping
keys, flags, width, precision, conversion).  The checks of python-format
catalogs use it to compare a translation's directives with the source's; the
page templates use :func:`placeholders`, which accepts only the ``%(name)s``
and ``%%`` directives of the same grammar.

Translations are untrusted, so they are never handed to Python's ``%`` or
``str.format``: those would honour widths (``%(x)500000000s``), conversions and
attribute access.  Placeholders are substituted by plain string replacement.

(The PO writer carries gettext 0.21's own scanner for where ``msgcat`` may
break a line; it is not a placeholder grammar and differs on purpose: gettext
does not know the ``F`` and ``a`` conversions.)
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

DIRECTIVE = re.compile(r"""%
    (?:\((?P<key>[^()]*)\))?
    (?P<flags>[-#0 +]*)
    (?P<width>\*|[0-9]+)?
    (?:\.(?P<precision>\*|[0-9]*))?
    [hlL]?
    (?P<conv>[diouxXeEfFgGcrsa%])""", re.VERBOSE)
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


class FormatMismatch(ValueError):
    """A string uses a placeholder form other than %(name)s, or other names."""


@dataclass(frozen=True)
class Directive:
    """One ``%`` directive: its text, position, mapping key and parts."""
    text: str
    start: int
    key: str | None
    flags: str
    width: str | None
    precision: str | None
    conv: str

    @property
    def literal_percent(self) -> bool:
        return self.conv == "%" and self.text == "%%"

    @property
    def plain_name(self) -> str | None:
        """The name of a ``%(name)s`` directive, else None."""
        if self.key is not None and self.conv == "s" and not self.flags \
                and self.width is None and self.precision is None \
                and _NAME.fullmatch(self.key):
            return self.key
        return None


@lru_cache(maxsize=8192)
def directives(text: str) -> tuple[Directive, ...]:
    """Every ``%`` directive of ``text`` (``%%`` included), as Python's ``%``
    reads them.  Raises FormatMismatch at a ``%`` that starts none, with the
    text from there in its ``snippet``."""
    found = []
    position = text.find("%")
    while position >= 0:
        match = DIRECTIVE.match(text, position)
        if match is None:
            error = FormatMismatch(f"{text[position:position + 12]!r} is not a placeholder; "
                                   "write %(name)s, or %% for a percent sign")
            error.snippet = text[position:position + 8]
            raise error
        found.append(Directive(match.group(0), position, match.group("key"), match.group("flags"),
                               match.group("width"), match.group("precision"), match.group("conv")))
        position = text.find("%", match.end())
    return tuple(found)


def placeholders(text: str) -> Counter:
    """The names of the %(name)s placeholders in ``text``, with their counts.

    Raises FormatMismatch if a ``%`` starts anything but ``%(name)s`` or ``%%``.
    """
    names: Counter = Counter()
    for directive in directives(text):
        if directive.literal_percent:
            continue
        name = directive.plain_name
        if name is None:
            raise FormatMismatch(f"{directive.text!r} is not a placeholder; write %(name)s, "
                                 "or %% for a percent sign")
        names[name] += 1
    return names


def uses_placeholders(text: str) -> bool:
    """Whether ``text`` contains ``%(name)s`` or ``%%`` (a python-format string)."""
    return _TOKEN.search(text) is not None


# The two directives of template strings, for substitution once
# :func:`placeholders` has accepted the text.
_TOKEN = re.compile(r"%(?:\((?P<name>[A-Za-z_][A-Za-z0-9_]*)\)s|(?P<percent>%))")


def substitute(text: str, values: dict[str, str]) -> str:
    """Replace each %(name)s in ``text`` with ``values[name]`` and %% with %.

    Raises FormatMismatch for an unknown name or a malformed placeholder.
    """
    placeholders(text)

    def replace(match: re.Match) -> str:
        if match.group("percent"):
            return "%"
        name = match.group("name")
        if name not in values:
            raise FormatMismatch(f"unknown placeholder %({name})s")
        return values[name]

    return _TOKEN.sub(replace, text)


def split(text: str) -> list[tuple[str, str]]:
    """``text`` as a list of ("text", literal) and ("field", name) parts."""
    placeholders(text)
    parts: list[tuple[str, str]] = []
    position = 0
    literal = []
    for match in _TOKEN.finditer(text):
        literal.append(text[position:match.start()])
        if match.group("percent"):
            literal.append("%")
        else:
            if "".join(literal):
                parts.append(("text", "".join(literal)))
            literal = []
            parts.append(("field", match.group("name")))
        position = match.end()
    literal.append(text[position:])
    if "".join(literal):
        parts.append(("text", "".join(literal)))
    return parts


def usable_translation(translation: str, *sources: str) -> bool:
    """Whether a template string's translation can be shown for ``sources``
    (the msgid, and the msgid_plural where there is one).

    A source without placeholders is plain text, and so is its translation.
    A source with them is a format string: its translation may use only
    ``%(name)s`` placeholders of the source's names, and ``%%``.
    """
    if not any(uses_placeholders(source) for source in sources):
        return True
    names: set[str] = set()
    for source in sources:
        try:
            names |= set(placeholders(source))
        except FormatMismatch:
            return False
    try:
        return set(placeholders(translation)) <= names
    except FormatMismatch:
        return False
