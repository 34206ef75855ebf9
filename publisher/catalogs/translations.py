"""Looking up translations in a catalog, as gettext does, but defensively.

Only translated entries count: fuzzy, obsolete and empty ones fall back to the
source text.  The plural rule is the catalog's Plural-Forms, read by
:mod:`publisher.catalogs.plurals` (the same reading the PO reader and the
checks use), or the locale's CLDR rule when the catalog declares none; a count
for which the rule fails or picks a form that does not exist falls back to
the source text instead of raising.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..core.errors import CatalogError
from ..core.locales import locale_info
from .model import Catalog
from .plurals import compile_plural, parse_plural_forms, plural_table

if TYPE_CHECKING:
    from .checks import Problem, Refusals


class Translations:
    """The translations of one catalog for one locale; with ``refused`` (see
    :func:`~publisher.catalogs.checks.refusals`), only those ``check``
    accepts: a refused entry, or every entry of a refused catalog, falls
    back to the source text, and :meth:`refusal` says why."""

    def __init__(self, catalog: Catalog | None, locale: str,
                 refused: "Refusals | None" = None) -> None:
        self.locale = locale
        self._singular: dict[tuple[str | None, str], str] = {}
        self._plural: dict[tuple[str | None, str], list[str]] = {}
        self._refused: dict[tuple[str | None, str], "Problem"] = {}
        info = locale_info(locale)
        self.nplurals, expression = parse_plural_forms(info.plural_forms)
        if catalog is not None:
            declared = catalog.header_field("Plural-Forms")
            if declared and (refused is None or refused.catalog is None):
                try:
                    self.nplurals, expression, _ = plural_table(declared)
                except ValueError as exc:
                    raise CatalogError(f"the Plural-Forms header cannot be used: {exc}",
                                       path=catalog.path, line=1,
                                       hint="write e.g. Plural-Forms: nplurals=2; "
                                            "plural=(n != 1);") from None
            for message in catalog.messages:
                if not message.translated:
                    continue
                if refused is not None and (refused.catalog is not None
                                            or message.key in refused.entries):
                    # a refused catalog is the reason for each of its entries
                    self._refused[message.key] = refused.catalog \
                        or refused.entries[message.key]
                    continue
                if message.is_plural:
                    self._plural[message.key] = list(message.msgstr_plural)
                else:
                    self._singular[message.key] = message.msgstr
        self._plural_function = compile_plural(expression)

    def __len__(self) -> int:
        return len(self._singular) + len(self._plural)

    def refusal(self, msgid: str, msgctxt: str | None = None) -> "Problem | None":
        """The check's error that kept the translation of ``msgid`` out, if one did."""
        return self._refused.get((msgctxt, msgid))

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
