"""Named placeholders in template strings: ``%(name)s`` and ``%%``, nothing else.

Translations are untrusted, so they are never handed to Python's ``%`` or
``str.format``: those would honour widths (``%(x)500000000s``), conversions and
attribute access.  This module knows one placeholder form and substitutes it
by plain string replacement.
"""

from __future__ import annotations

import re
from collections import Counter

_TOKEN = re.compile(r"%(?:\((?P<name>[A-Za-z_][A-Za-z0-9_]*)\)s|(?P<percent>%))")
_ANY_PERCENT = re.compile(r"%")


class FormatMismatch(ValueError):
    """A string uses a placeholder form other than %(name)s, or other names."""


def placeholders(text: str) -> Counter:
    """The names of the %(name)s placeholders in ``text``, with their counts.

    Raises FormatMismatch if a ``%`` starts anything but ``%(name)s`` or ``%%``.
    """
    names: Counter = Counter()
    position = 0
    for match in _ANY_PERCENT.finditer(text):
        if match.start() < position:
            continue
        token = _TOKEN.match(text, match.start())
        if token is None:
            snippet = text[match.start():match.start() + 12]
            raise FormatMismatch(f"{snippet!r} is not a placeholder; write %(name)s, or %% "
                                 "for a percent sign")
        if token.group("name"):
            names[token.group("name")] += 1
        position = token.end()
    return names


def uses_placeholders(text: str) -> bool:
    """Whether ``text`` contains ``%(name)s`` or ``%%`` (a python-format string)."""
    return _TOKEN.search(text) is not None


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
