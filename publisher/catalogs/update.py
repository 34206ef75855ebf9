"""Reading templates and translations from disk, merging, writing back.

The thin I/O edge around :func:`publisher.catalogs.merge.merge`: every file is
read (strictly) before any is written, so one broken PO file stops the whole
update with nothing half-done, and each file is written atomically and only
when its bytes change.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..config import Settings
from ..errors import CatalogError
from .merge import merge
from .model import Catalog
from .pofile import read_po, write_po


@dataclass
class UpdateReport:
    written: list[Path] = field(default_factory=list)
    unchanged: list[Path] = field(default_factory=list)
    created: list[Path] = field(default_factory=list)


def read_catalog(settings: Settings, path: Path) -> Catalog:
    """Read a PO or POT file of the project; errors name it relative to the root."""
    try:
        catalog = read_po(path)
    except CatalogError as error:
        if error.path is not None:
            error.path = settings.relative(Path(error.path))
        raise
    catalog.path = settings.relative(path)
    return catalog


def template_domains(settings: Settings) -> list[str]:
    """The domains that have a template (POT file), sorted."""
    if not settings.locales_dir.is_dir():
        return []
    return sorted(p.stem for p in settings.locales_dir.glob("*.pot") if p.is_file())


def update_catalogs(settings: Settings, locales: list[str] | None = None) -> UpdateReport:
    """Merge every template into every locale's PO file."""
    domains = template_domains(settings)
    if not domains:
        raise CatalogError("there are no templates (.pot files) to merge",
                           path=settings.relative(settings.locales_dir),
                           hint="run `publisher extract` first")
    targets = [l for l in (locales or settings.locales) if l != settings.source_locale]
    plans: list[tuple[Path, Catalog, bool]] = []
    templates = {domain: read_catalog(settings, settings.pot_path(domain)) for domain in domains}
    for locale in targets:
        for domain in domains:
            path = settings.po_path(locale, domain)
            old = read_catalog(settings, path) if path.exists() else None
            plans.append((path, merge(templates[domain], old, locale, domain, settings.source_locale),
                          old is None))
    report = UpdateReport()
    for path, catalog, created in plans:
        path.parent.mkdir(parents=True, exist_ok=True)
        if write_po(path, catalog):
            report.written.append(path)
            if created:
                report.created.append(path)
        else:
            report.unchanged.append(path)
    return report
