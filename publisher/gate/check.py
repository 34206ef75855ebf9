"""The catalog gate behind ``publisher check``: is every catalog complete and valid?

In a project, every locale's catalog of every domain is compared with the
catalogs extracted from the current sources (in memory, nothing written), so
a string the sources have and the file lacks counts as missing; thresholds
come from the ``[check]`` settings and fonts from ``[fonts]``.  Given PO
files or folders outside a project, each file is checked on its own.

The checks themselves are pure functions in :mod:`publisher.catalogs.checks`;
this module finds and reads the files and returns a :class:`Report`.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from ..catalogs.checks import CatalogResult, FontCoverage, check_catalog, problem
from ..catalogs.model import Catalog
from ..catalogs.pagewords import covered_keys, without_package_words
from ..catalogs.pofile import read_po
from ..core.errors import CatalogError, ConfigError
from ..core.locales import fallback_chain
from ..sources.config import Settings


@dataclass
class Report:
    catalogs: list[CatalogResult] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return all(c.ok for c in self.catalogs)

    @property
    def failed(self) -> list[CatalogResult]:
        return [c for c in self.catalogs if not c.ok]


def find_po_files(path: Path) -> list[Path]:
    """The PO files at ``path``: the file itself, or every *.po under the
    folder, sorted; hidden folders (.git, .venv) are not searched."""
    if path.is_file():
        return [path] if path.suffix == ".po" else []
    found = []
    for folder, subfolders, files in os.walk(path):
        subfolders[:] = [name for name in subfolders if not name.startswith(".")]
        found += [Path(folder) / name for name in files if name.endswith(".po")]
    return sorted(p for p in found if p.is_file())


def path_locale(path: Path) -> tuple[str | None, str | None]:
    """The locale and domain a file's place says: ``<locale>/LC_MESSAGES/<domain>.po``,
    or ``<locale>.po`` (no domain).  The locale is a candidate, not yet checked."""
    if path.parent.name == "LC_MESSAGES":
        return path.parent.parent.name or None, path.stem
    return path.stem, None


def _unreadable(path: str, locale: str | None, domain: str | None, error: CatalogError,
                threshold: float) -> CatalogResult:
    message = error.message + (f"; {error.hint}" if error.hint else "")
    return CatalogResult(path=path, locale=locale, domain=domain, threshold=threshold,
                         problems=[problem("E001", error.line or 1, message)])


class _Project:
    """What checking a project's catalogs needs, computed once."""

    def __init__(self, settings: Settings, threshold: float | None) -> None:
        self.settings = settings
        self.threshold = threshold
        self._templates: dict[str, Catalog] | None = None
        self._script_reported: set[str] = set()
        self._used: dict[str, list[str]] = {}

    @property
    def templates(self) -> dict[str, Catalog]:
        if self._templates is None:
            from ..extract.pot import extract_catalogs

            self._templates = extract_catalogs(self.settings)
            self._check_threshold_names()
        return self._templates

    def _check_threshold_names(self) -> None:
        where = self.settings.settings_path.name if self.settings.settings_path else None
        for name in self.settings.check.documents:
            if name not in self._templates:
                raise ConfigError(f"check.documents.{name}: the project has no document "
                                  f"named {name!r}", path=where,
                                  hint="known: " + ", ".join(sorted(self._templates)))
        languages = {key for l in self.settings.locales for key in fallback_chain(l)}
        for name in self.settings.check.locales:
            if name not in self.settings.locales and name not in languages:
                raise ConfigError(f"check.locales.{name}: {name!r} is not one of the "
                                  "project's locales", path=where,
                                  hint="known: " + ", ".join(self.settings.locales))

    def threshold_for(self, locale: str | None, domain: str | None) -> float:
        return self.settings.check.threshold_for(locale, domain, self.threshold)

    def coverage(self, locale: str) -> FontCoverage | None:
        """The locale's fonts; a locale whose script no font draws is said
        once (on its first catalog), not once per catalog or entry."""
        from .glyphs import coverage

        found = coverage(tuple(self.settings.fonts_for(locale)), locale)
        if not found.found and found.unavailable:
            if locale in self._script_reported:
                return None
            self._script_reported.add(locale)
        return found

    def place(self, path: Path) -> tuple[str, str] | None:
        """(locale, domain) when ``path`` is one of the project's catalogs."""
        found = self.settings.catalog_of(path)
        return found if found is not None and found[0] != self.settings.source_locale else None

    def page_words(self, locale: str, domain: str) -> set[tuple[str | None, str]]:
        """What the package's page words translate for ``locale`` in
        ``domain``: the project need not translate it."""
        return covered_keys(self.settings, locale, domain)

    def used(self, locale: str) -> list[str]:
        """The domains whose catalogs ``locale`` needs (editions.py)."""
        from ..sources.editions import used_domains

        if locale not in self._used:
            self._used[locale] = used_domains(self.settings, locale, self.templates)
        return self._used[locale]

    def check(self, path: Path, locale: str, domain: str) -> CatalogResult:
        shown = self.settings.relative(path)
        if domain not in self.used(locale):
            return unused_catalog(path, shown, locale, domain,
                                  domain in self.templates)
        template = self.templates.get(domain)
        threshold = self.threshold_for(locale, domain)
        covered = self.page_words(locale, domain) if template is not None else set()
        if not path.exists():
            if covered:
                template = without_package_words(template, covered, None)
            count = len(template.active()) if template is not None else 0
            if count == 0 and covered:   # the package's page words say it all
                return CatalogResult(path=shown, locale=locale, domain=domain, percent=100.0,
                                     threshold=threshold)
            return CatalogResult(
                path=shown, locale=locale, domain=domain, missing=count,
                percent=100.0 if count == 0 else 0.0, threshold=threshold,
                problems=[problem("E002", 1, f"there is no {locale} catalog for {domain} "
                                  f"({count} string{'s' if count != 1 else ''} to translate); "
                                  "run `publisher update` to create it")])
        try:
            catalog = read_po(path)
        except CatalogError as error:
            return _unreadable(shown, locale, domain, error, threshold)
        if covered:
            template = without_package_words(template, covered, catalog)
            catalog = without_package_words(catalog, covered, catalog)
        return check_catalog(catalog, path=shown, folder_locale=locale, domain=domain,
                             template=template, threshold=threshold,
                             document=domain != self.settings.templates_domain,
                             coverage=self.coverage(locale))


def unused_catalog(path: Path, shown: str, locale: str, domain: str,
                   edition: bool) -> CatalogResult:
    """A catalog nothing uses (its document is gone, or no edition is made in
    its locale): W107 alone, whatever it holds, so it never fails the gate."""
    why = (f"no edition is made in {locale}" if edition else
           f"the project has no document named {domain!r}")
    result = CatalogResult(path=shown, locale=locale, domain=domain, percent=100.0,
                           threshold=0.0)
    try:
        catalog = read_po(path)
    except CatalogError as error:
        why += f" (and the file cannot be read: line {error.line or 1}: {error.message})"
    else:
        for state, count in catalog.statistics().items():
            setattr(result, state, count)
    result.problems.append(problem(
        "W107", 1, f"{why}, so nothing uses this catalog; `publisher update --prune` moves its "
        "translations into the locale's memory and removes it"
        + ("" if edition else ", or restore the document")))
    return result


def _check_file(path: Path, shown: str, threshold: float | None) -> CatalogResult:
    locale, domain = path_locale(path)
    threshold = 100.0 if threshold is None else threshold
    try:
        catalog = read_po(path)
    except CatalogError as error:
        from ..catalogs.checks import locale_error

        return _unreadable(shown, locale if locale and not locale_error(locale) else None,
                           domain, error, threshold)
    return check_catalog(catalog, path=shown, folder_locale=locale, domain=domain,
                         threshold=threshold)


def check_project(settings: Settings, locales: list[str] | None = None,
                  threshold: float | None = None) -> Report:
    """Every catalog of the project: each translation locale, each domain the
    sources have, and any other .po file in the locales' folders."""
    project = _Project(settings, threshold)
    chosen = [l for l in settings.locales if l != settings.source_locale
              and (not locales or l in locales)]
    report = Report()
    for locale in chosen:
        domains = set(project.used(locale))
        domains |= {p.stem for p in settings.catalog_paths(locale)}
        results = [project.check(settings.po_path(locale, domain), locale, domain)
                   for domain in sorted(domains)]
        cross_checks(settings, locale, results)
        report.catalogs.extend(results)
    return report


def cross_checks(settings: Settings, locale: str, results: list[CatalogResult]) -> None:
    """The checks that look at a locale's catalogs together, or at the
    glossary: W603 (one source translated in several ways), W701 and W702
    (glossary terms).  Their problems join each catalog's result."""
    from ..catalogs.glossary import check_glossary, read_glossary
    from ..catalogs.memory import inconsistencies

    catalogs = []
    for result in results:
        path = settings.root / result.path
        if any(p.code in ("E001", "E002", "W107") for p in result.problems) \
                or not path.is_file():
            continue
        catalogs.append((result, read_po(path)))
    found = inconsistencies([(result.path, catalog) for result, catalog in catalogs])
    glossary_path = settings.glossary_path
    glossary = read_glossary(glossary_path, settings.relative(glossary_path),
                             settings.source_locale, settings.root) \
        if glossary_path is not None else None
    for result, catalog in catalogs:
        extra = found.get(result.path, [])
        if glossary is not None:
            extra += check_glossary(catalog, glossary, locale)
        if extra:
            result.problems = sorted(result.problems + extra, key=lambda p: (p.line, p.code))


def check_paths(paths: list[Path], settings: Settings | None = None,
                locales: list[str] | None = None, threshold: float | None = None) -> Report:
    """The PO files at ``paths`` (files or folders).  Those that are catalogs of
    the project of ``settings`` are checked as in :func:`check_project`; the
    others each on its own."""
    project = _Project(settings, threshold) if settings is not None else None
    report = Report()
    seen: set[Path] = set()
    for given in paths:
        for path in find_po_files(given):
            key = Path(os.path.abspath(path))
            if key in seen:
                continue
            seen.add(key)
            place = project.place(path) if project is not None else None
            if place is not None:
                result = project.check(path, *place)
            else:
                result = _check_file(path, path.as_posix(), threshold)
            if locales and result.locale not in locales:
                continue
            report.catalogs.append(result)
    return report
