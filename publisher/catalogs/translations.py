"""Looking up translations in a catalog, as gettext does, but defensively.

Only translated entries count: fuzzy, obsolete and empty ones fall back to the
source text.  The plural expression of the header is compiled with the
standard library's gettext parser (it accepts C expressions on ``n`` only); an
expression that fails at run time or picks a form that does not exist falls
back to the source text instead of raising.
"""

from __future__ import annotations

import gettext as _gettext
from typing import Callable

from ..locales import locale_info
from .model import Catalog

PluralFunction = Callable[[int], int]


def parse_plural_forms(value: str) -> tuple[int, str]:
    """``nplurals`` and the expression of a Plural-Forms header value.

    Raises ValueError when the value is not of the form
    ``nplurals=N; plural=EXPR;``.
    """
    fields = {}
    for part in value.split(";"):
        if "=" in part:
            key, _, expr = part.partition("=")
            fields[key.strip()] = expr.strip()
    if "nplurals" not in fields or "plural" not in fields:
        raise ValueError("Plural-Forms must read nplurals=N; plural=EXPRESSION;")
    try:
        nplurals = int(fields["nplurals"])
    except ValueError:
        raise ValueError(f"nplurals={fields['nplurals']} is not a number") from None
    if not 1 <= nplurals <= 6:
        raise ValueError(f"nplurals={nplurals} is outside 1..6, the range of CLDR's plural categories")
    return nplurals, fields["plural"]


def compile_plural(expression: str) -> PluralFunction:
    """A function n -> form index for a C plural expression (ValueError if invalid)."""
    if len(expression) > 1000:
        raise ValueError("the plural expression is too long")
    return _gettext.c2py(expression)


class Translations:
    """The translations of one catalog for one locale."""

    def __init__(self, catalog: Catalog | None, locale: str) -> None:
        self.locale = locale
        self._singular: dict[tuple[str | None, str], str] = {}
        self._plural: dict[tuple[str | None, str], list[str]] = {}
        info = locale_info(locale)
        self.nplurals, expression = parse_plural_forms(info.plural_forms)
        if catalog is not None:
            declared = catalog.header_field("Plural-Forms")
            if declared:
                try:
                    self.nplurals, expression = parse_plural_forms(declared)
                    compile_plural(expression)
                except ValueError:
                    self.nplurals, expression = parse_plural_forms(info.plural_forms)
            for message in catalog.messages:
                if not message.translated:
                    continue
                if message.is_plural:
                    self._plural[message.key] = list(message.msgstr_plural)
                else:
                    self._singular[message.key] = message.msgstr
        self._plural_function = compile_plural(expression)

    def __len__(self) -> int:
        return len(self._singular) + len(self._plural)

    def lookup(self, msgid: str, msgctxt: str | None = None) -> str | None:
        """The translation of ``msgid``, or None where there is none to use."""
        return self._singular.get((msgctxt, msgid))

    def plural_index(self, n: int) -> int | None:
        try:
            index = int(self._plural_function(n))
        except (ArithmeticError, ValueError, TypeError, RecursionError):
            return None
        return index if 0 <= index < self.nplurals else None

    def lookup_plural(self, msgid: str, n: int, msgctxt: str | None = None) -> str | None:
        """The form of the translation of ``msgid`` for the count ``n``, or None."""
        forms = self._plural.get((msgctxt, msgid))
        if not forms:
            return None
        index = self.plural_index(n)
        if index is None or index >= len(forms) or not forms[index]:
            return None
        return forms[index]
