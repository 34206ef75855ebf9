"""The package's own page words, and the lookup of a page's template strings.

The package ships a catalog of its templates' strings (``Page %(page)s of
%(pages)s``, ``Published %(date)s``, ``Skip to content``...) for each language
it is translated into: ``publisher/locales/<locale>/LC_MESSAGES/publisher.po``,
made from ``publisher/locales/publisher.pot`` (``python -m
publisher.extract.pagewords`` extracts the package templates and merges).

A page's template string is looked up in the project's own templates
catalog first, then in the package's catalogs along the locale's CLDR
fallback chain (``de_AT`` -> ``de``; ``es_MX`` -> ``es_419`` -> ``es``;
``zh_TW`` -> ``zh_Hant``, never ``zh``).  The source locale gets its page
words the same way.
"""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache
from pathlib import Path

from ..core.formatting import usable_translation
from ..core.locales import PSEUDO_LOCALES, fallback_chain
from ..sources.config import Settings
from ..sources.editions import DOMAIN as EDITIONS_DOMAIN
from ..sources.lookup import PACKAGE_DOMAIN, PACKAGE_LOCALES
from .model import Catalog
from .pofile import read_po
from .translations import Translations


def _chain(locale: str) -> tuple[str, ...]:
    """Where the package's words for ``locale`` are looked for: its
    ``fallback_chain``; none for pseudo-locales (their pages show pseudo text)."""
    return () if locale in PSEUDO_LOCALES else fallback_chain(locale)


def package_catalog_path(locale: str) -> Path:
    return PACKAGE_LOCALES / locale / "LC_MESSAGES" / f"{PACKAGE_DOMAIN}.po"


def package_locales() -> list[str]:
    """The locales the package has page words for, sorted."""
    if not PACKAGE_LOCALES.is_dir():
        return []
    return sorted(p.parent.parent.name for p in PACKAGE_LOCALES.glob(f"*/LC_MESSAGES/{PACKAGE_DOMAIN}.po"))


@lru_cache(maxsize=None)
def _package_catalog(locale: str) -> Catalog | None:
    path = package_catalog_path(locale)
    if not path.is_file():
        return None
    return read_po(path)


@lru_cache(maxsize=None)
def _package_translations(locale: str) -> Translations | None:
    catalog = _package_catalog(locale)
    return Translations(catalog, locale) if catalog is not None else None


def package_translations(locale: str) -> list[Translations]:
    """The package's catalogs for ``locale``, along its fallback chain (each
    read once per process: they are the package's, not the project's)."""
    found = []
    for name in _chain(locale):
        translations = _package_translations(name)
        if translations is not None:
            found.append(translations)
    return found


def package_keys(locale: str) -> set[tuple[str | None, str]]:
    """The (context, msgid) keys the package translates for ``locale``."""
    keys: set[tuple[str | None, str]] = set()
    for name in _chain(locale):
        catalog = _package_catalog(name)
        if catalog is not None:
            keys |= {m.key for m in catalog.messages
                     if m.translated and not m.is_header and not m.obsolete}
    return keys


class PageWords:
    """Translations looked up in several catalogs in turn: the project's own
    first, then the package's along the locale's fallback chain.  Each
    catalog chooses a plural form by its own Plural-Forms.  A translation
    whose placeholders do not fit its msgid is passed over for the next
    catalog's (``publisher check`` reports it in the project's file)."""

    def __init__(self, locale: str, layers: list[Translations]) -> None:
        self.locale = locale
        self.layers = layers

    def __len__(self) -> int:
        return sum(len(layer) for layer in self.layers)

    def lookup(self, msgid: str, msgctxt: str | None = None) -> str | None:
        for layer in self.layers:
            found = layer.lookup(msgid, msgctxt)
            if found is not None and usable_translation(found, msgid):
                return found
        return None

    def lookup_plural(self, msgid: str, n: int, msgctxt: str | None = None) -> str | None:
        for layer in self.layers:
            found = layer.lookup_plural(msgid, n, msgctxt)
            if found is not None and usable_translation(found, msgid):
                return found
        return None


def page_words(project: Translations | Catalog | None, locale: str) -> PageWords:
    """The template strings of ``locale``: the project's (its templates.po as
    a catalog, or as the Translations the build may use of it, or None), then
    the package's page words."""
    if not isinstance(project, Translations):
        project = Translations(project, locale)
    return PageWords(locale, [project, *package_translations(locale)])


def covered_keys(settings: Settings, locale: str, domain: str) -> set[tuple[str | None, str]]:
    """What the package's page words translate for ``locale`` in a project's
    ``domain``: its templates' catalog and the editions' (whose default
    contents heading is a page word); nothing in a document's catalog."""
    if domain not in (settings.templates_domain, EDITIONS_DOMAIN):
        return set()
    return package_keys(locale)


def without_package_words(catalog: Catalog, covered: set, project: Catalog | None) -> Catalog:
    """``catalog`` without the entries the package's page words translate
    (``covered``: ``package_keys``), but for those the project's own catalog
    translates (its overrides, counted and checked like any translation).
    What a project still has to translate in its templates: the gate and
    the statistics both ask here."""
    own = {m.key for m in project.messages if m.translated and not m.obsolete} \
        if project is not None else set()
    kept = [m for m in catalog.messages
            if m.is_header or m.obsolete or m.key not in covered or m.key in own]
    return replace(catalog, messages=kept)
