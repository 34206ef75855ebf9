"""How far each catalog is translated: the counts of ``msgfmt --statistics``,
the percentage and the source words still to translate.

:func:`catalog_stats` counts one catalog and :func:`totals` adds them up per
locale (pure functions); :func:`read_stats` reads one file for them, and
:func:`format_text` and :func:`format_json` lay the result out for people
and programs.  Nothing here prints.
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import asdict, dataclass
from pathlib import Path

from ..core.errors import CatalogError
from ..sources.config import Settings
from .model import Catalog, Message
from .model import percent as percent_of
from .pagewords import covered_keys, without_package_words
from .pofile import read_po

#: Cells of a progress bar, and the eighths that fill a cell partly (the
#: rest of the bar is shaded).
BAR_CELLS = 20
_EIGHTHS = " ▏▎▍▌▋▊▉"


@dataclass(frozen=True)
class CatalogStats:
    """One catalog's counts.  ``words`` are the source words of its
    untranslated and fuzzy entries; ``problem`` says why the file could not
    be read (its counts are then zero); ``missing`` is a project catalog
    that does not exist yet (counted from its template)."""

    path: str
    locale: str | None
    domain: str | None
    translated: int = 0
    fuzzy: int = 0
    untranslated: int = 0
    obsolete: int = 0
    words: int = 0
    missing: bool = False
    package: int = 0      # entries the package's page words translate (not counted above)
    problem: str | None = None
    line: int | None = None
    unreadable: int = 0   # a locale's total: its catalogs that could not be read (not counted)

    @property
    def total(self) -> int:
        return self.translated + self.fuzzy + self.untranslated

    @property
    def percent(self) -> float:
        """The translated share, rounded down to 0.1 (so 100.0 means all)."""
        return percent_of(self.translated, self.total)


def count_words(text: str) -> int:
    """Words of a source text: runs between spaces that hold a letter or digit."""
    return sum(1 for token in text.split() if any(c.isalnum() for c in token))


def _source_words(message: Message) -> int:
    words = count_words(message.msgid)
    if message.msgid_plural:
        words += count_words(message.msgid_plural)
    return words


def catalog_stats(catalog: Catalog, path: str, locale: str | None,
                  domain: str | None) -> CatalogStats:
    """The counts of ``catalog``, as ``msgfmt --statistics`` counts: the
    header never counts, an entry whose first form is empty is untranslated
    (fuzzy or not), a fuzzy entry with text is fuzzy, the rest translated."""
    words = sum(_source_words(m) for m in catalog.fuzzy_entries() + catalog.untranslated_entries())
    return CatalogStats(path=path, locale=locale, domain=domain, words=words, **catalog.statistics())


def read_stats(path: Path, shown: str, folder_locale: str | None,
               domain: str | None, covered: set | frozenset = frozenset(),
               template: bool = False) -> CatalogStats:
    """The counts of the PO file at ``path`` (``shown`` as its name).  A file
    that cannot be read gives a row with its problem instead of counts.  The
    locale is the one its place names (``folder_locale``) if that is a
    locale name, else its header's Language.  ``covered``: the entries the
    package's page words translate (``pagewords.covered_keys``), not counted
    unless the file itself translates them (a project's override); their
    number is ``package``.  ``template``: the file is the POT of a catalog
    not made yet (its entries are all to do)."""
    from .checks import header_locale, locale_error

    try:
        catalog = read_po(path)
    except CatalogError as error:
        message = error.message + (f"; {error.hint}" if error.hint else "")
        valid = folder_locale if folder_locale and not locale_error(folder_locale) else None
        return CatalogStats(path=shown, locale=valid, domain=domain, problem=message,
                            line=error.line)
    package = 0
    if covered:
        kept = without_package_words(catalog, covered, None if template else catalog)
        package = len(catalog.active()) - len(kept.active())
        catalog = kept
    return dataclasses.replace(
        catalog_stats(catalog, shown, header_locale(catalog, folder_locale), domain),
        package=package)


def project_stats(settings: Settings, locales: list[str] | None = None) -> list[CatalogStats]:
    """Every catalog the project's locales (or ``locales``) use: one per
    template (the editions' only where an edition is made in the locale).
    A catalog nothing uses (W107 in ``check``) is not counted.  A catalog
    that does not exist yet counts its template's entries as untranslated."""
    from .update import template_domains, used_domains

    domains = template_domains(settings)
    rows = []
    for locale in settings.locales:
        if locale == settings.source_locale or (locales and locale not in locales):
            continue
        for domain in used_domains(settings, locale, domains):
            path = settings.po_path(locale, domain)
            covered = covered_keys(settings, locale, domain)
            shown = settings.relative(path)
            if path.exists():
                rows.append(read_stats(path, shown, locale, domain, covered))
                continue
            template = read_stats(settings.pot_path(domain), settings.relative(
                settings.pot_path(domain)), locale, domain, covered, template=True)
            if template.problem is not None:
                rows.append(template)
                continue
            rows.append(dataclasses.replace(template, path=shown, obsolete=0, missing=True,
                                            untranslated=template.total, translated=0,
                                            fuzzy=0))
    return rows


def totals(rows: list[CatalogStats]) -> list[CatalogStats]:
    """One row per locale (in order of first appearance) adding up its catalogs."""
    sums: dict[str | None, list[int]] = {}
    for row in rows:
        counts = sums.setdefault(row.locale, [0, 0, 0, 0, 0, 0, 0])
        for index, value in enumerate((row.translated, row.fuzzy, row.untranslated,
                                       row.obsolete, row.words, row.package,
                                       row.problem is not None)):
            counts[index] += value
    return [CatalogStats(path="", locale=locale, domain=None, translated=c[0], fuzzy=c[1],
                         untranslated=c[2], obsolete=c[3], words=c[4], package=c[5],
                         unreadable=c[6])
            for locale, c in sums.items()]


# -- output -----------------------------------------------------------------------

def bar(percent: float, cells: int = BAR_CELLS) -> str:
    """A progress bar of ``cells`` characters, in eighths of a cell."""
    eighths = int(percent / 100 * cells * 8)
    full, part = divmod(eighths, 8)
    text = "█" * full + (_EIGHTHS[part] if part and full < cells else "")
    return text + "░" * (cells - len(text))


def _plain(text: str, kind: str) -> str:
    return text


def format_text(rows: list[CatalogStats], by_path: bool = False, style=_plain) -> str:
    """A table: one line per catalog (its domain, or its path with
    ``by_path``), and a total per locale that has several catalogs.
    ``style(text, kind)`` dresses a line for a terminal; ``kind`` is
    "heading", "done" (100 %), "todo" or "error"."""
    header = ("locale", "catalog", "translated", "fuzzy", "untranslated", "obsolete",
              "progress", "words left")
    lines: list[tuple[str, ...]] = []
    problems: list[str] = []
    groups: dict[str | None, list[CatalogStats]] = {}
    for row in rows:
        groups.setdefault(row.locale, []).append(row)
    for locale, members in groups.items():
        shown = members + (totals(members) if len(members) > 1 else [])
        for index, row in enumerate(shown):
            name = "(total)" if index == len(members) else (
                row.path if by_path or row.domain is None else row.domain)
            if row.missing:
                name += " (no catalog yet)"
            if row.problem is not None:
                where = f"{row.path}:{row.line}" if row.line else row.path
                problems.append(f"{where}: {row.problem}")
                lines.append((locale or "?", name, "-", "-", "-", "-", "unreadable", "-"))
                continue
            if row.unreadable:      # a total that cannot say how far the locale is
                lines.append((locale or "?", name, str(row.translated), str(row.fuzzy),
                              str(row.untranslated), str(row.obsolete),
                              f"unknown: {row.unreadable} unreadable", "-"))
                continue
            lines.append((locale or "?", name, str(row.translated), str(row.fuzzy),
                          str(row.untranslated), str(row.obsolete),
                          f"{bar(row.percent)} {row.percent:5.1f}%", str(row.words)))
    widths = [max(len(h), *(len(line[i]) for line in lines)) if lines else len(h)
              for i, h in enumerate(header)]
    numeric = {2, 3, 4, 5, 7}

    def layout(cells: tuple[str, ...]) -> str:
        parts = [cell.rjust(widths[i]) if i in numeric else cell.ljust(widths[i])
                 for i, cell in enumerate(cells)]
        return "  ".join(parts).rstrip()

    out = [style(layout(header), "heading")]
    for cells in lines:
        kind = "error" if cells[6] == "unreadable" or cells[6].startswith("unknown") else \
            "done" if cells[6].endswith("100.0%") else "todo"
        out.append(style(layout(cells), kind))
    for problem in problems:
        out.append(style(f"error: {problem}", "error"))
    package = [row for row in rows if row.package]
    if package:
        locales = sorted({row.locale or "?" for row in package})
        count = sum(row.package for row in package)
        out.append(f"not counted: {count} template string{'s' if count != 1 else ''} the "
                   f"package's page words translate ({', '.join(locales)}); a translation "
                   "of your own in the templates catalog overrides them")
    return "\n".join(out) + "\n"


def format_json(rows: list[CatalogStats]) -> str:
    """One object: ``catalogs`` (one per file) and ``locales`` (totals)."""

    def record(row: CatalogStats, catalog: bool) -> dict:
        data = asdict(row)
        data["words_to_translate"] = data.pop("words")
        data["total"] = row.total
        data["percent"] = row.percent
        if not catalog:
            for key in ("path", "domain", "missing", "problem", "line"):
                data.pop(key)
            if row.unreadable:
                data["percent"] = None          # unknown: a catalog could not be read
        else:
            data.pop("unreadable")
        return data

    return json.dumps({"ok": all(row.problem is None for row in rows),
                       "catalogs": [record(row, True) for row in rows],
                       "locales": [record(row, False) for row in totals(rows)]},
                      ensure_ascii=False, indent=1) + "\n"
