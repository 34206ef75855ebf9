"""The project's catalog files on disk: update, init, compile and fmt.

The thin I/O edge around the pure functions of this package
(:func:`~publisher.catalogs.merge.merge`, :func:`~publisher.catalogs.pofile.encode_po`,
:func:`~publisher.catalogs.mofile.mo_bytes`): every file is read (strictly)
before any is written, so one broken PO file stops the whole command with
nothing half-done; each file is written atomically and only when its bytes
change; a file that cannot be parsed is never rewritten.
"""

from __future__ import annotations

import dataclasses
import os
import re
import tomllib
from concurrent.futures import ProcessPoolExecutor
from contextlib import ExitStack
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from ..sources.config import Settings, add_locale_text, load_settings, parse_settings
from ..core.errors import CatalogError, ConfigError, PublisherError
from ..core.fsutil import atomic_write_bytes, folder_lock
from ..core.locales import check_locale_name, same_locale
from ..core.locales import locale_info
from .glossary import annotate as annotate_glossary, read_glossary
from .memory import Memory
from .merge import merge
from .model import Catalog
from .pofile import encode_po, parse_po, read_po, write_po


@dataclass
class UpdateReport:
    written: list[Path] = field(default_factory=list)
    unchanged: list[Path] = field(default_factory=list)
    created: list[Path] = field(default_factory=list)
    filled: int = 0     # entries filled from the translation memory
    pruned: list[Path] = field(default_factory=list)      # unused catalogs removed (--prune)
    remembered: dict[Path, int] = field(default_factory=dict)  # memory file -> entries added


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


def chosen_locales(settings: Settings, locales: list[str] | None) -> list[str]:
    """The translation locales asked for (all by default); a name the settings
    do not list is a configuration error, so no stray folder is ever made."""
    for name in locales or ():
        if name not in settings.locales:
            raise ConfigError(f"locale {name!r} is not in the project's settings",
                              path=settings.relative(settings.settings_path)
                              if settings.settings_path else None,
                              hint="choose one of " + ", ".join(settings.locales)
                              + ", or add a locale with `publisher init`")
    return [l for l in (locales or settings.locales) if l != settings.source_locale]


def template_domains(settings: Settings) -> list[str]:
    """The domains that have a template (POT file), sorted."""
    if not settings.locales_dir.is_dir():
        return []
    return sorted(p.stem for p in settings.locales_dir.glob("*.pot") if p.is_file())


def update_catalogs(settings: Settings, locales: list[str] | None = None,
                    compendia: list[Path] = (), prune: bool = False) -> UpdateReport:
    """Merge every template into every locale's PO file.

    A new or changed entry without a translation takes the translation of
    the identical source string from the locale's other catalogs, its
    memory file or ``compendia`` (see ``memory.py``).  Only the catalogs a
    locale uses are made (the editions' where an edition is made in it);
    ``prune`` removes the others, their translations kept in the locale's
    memory file first (see "catalog lifecycle" below)."""
    domains = template_domains(settings)
    if not domains:
        raise CatalogError("there are no templates (.pot files) to merge",
                           path=settings.relative(settings.locales_dir),
                           hint="run `publisher extract` first")
    targets = chosen_locales(settings, locales)
    plans: list[tuple[Path, Catalog, bool]] = []
    report = UpdateReport()
    templates = {domain: read_catalog(settings, settings.pot_path(domain)) for domain in domains}
    external = [(str(path), read_catalog(settings, Path(path))) for path in compendia]
    glossary_path = settings.glossary_path
    glossary = read_glossary(glossary_path, settings.relative(glossary_path),
                             settings.source_locale, settings.root) \
        if glossary_path is not None else None
    brought: dict[Path, list[dict]] = {}
    prunes: list[tuple[str, list[Path], Catalog | None]] = []
    for locale in targets:
        olds = {}
        for domain in used_domains(settings, locale, domains):
            path = settings.po_path(locale, domain)
            olds[domain] = read_catalog(settings, path) if path.exists() else None
        memory = Memory()
        remembered = read_memory(settings, locale)
        if remembered is not None:
            memory.add(remembered, settings.relative(memory_path(settings, locale)))
        if prune:
            prunes.append((locale, unused_catalogs(settings, locale, list(olds)), remembered))
        for domain, old in olds.items():
            if old is not None:
                memory.add(old, settings.relative(settings.po_path(locale, domain)))
        for path in settings.catalog_paths(locale):
            if path.stem not in olds:     # a catalog of a removed document still remembers
                memory.add(read_catalog(settings, path), settings.relative(path))
        for shown, catalog in external:
            memory.add(catalog, shown)
        for domain, old in olds.items():
            path = settings.po_path(locale, domain)
            merged = merge(templates[domain], old, locale, domain, settings.source_locale)
            before = {m.key for m in old.messages if not m.obsolete} if old is not None else set()
            report.filled += memory.fill(merged, before, locale_info(locale).nplurals)
            if glossary is not None:
                annotate_glossary(merged, glossary, locale)
            plans.append((path, merged, old is None))
            brought[path] = brought_by_update(old, merged)
    pruning = [plan_prune(settings, *one) for one in prunes]
    for path, catalog, created in plans:
        if write_po(path, catalog, settings.root):
            report.written.append(path)
            if created:
                report.created.append(path)
        else:
            report.unchanged.append(path)
    record_update(settings, brought)
    for memory_file, catalog, added, unused in pruning:
        if added and write_po(memory_file, catalog, settings.root):
            report.remembered[memory_file] = added
        for path in unused:
            path.unlink()
            report.pruned.append(path)
    return report


def _write(settings: Settings, path: Path, data: bytes) -> bool:
    """Write ``data`` to ``path`` atomically (only if it changes); errors name the file."""
    try:
        return atomic_write_bytes(path, data, settings.root)
    except OSError as exc:
        raise CatalogError(f"cannot write the file: {exc.strerror}", path=settings.relative(path),
                           hint="check that the folder exists and is writable") from None


# -- init ----------------------------------------------------------------------------

@dataclass
class InitReport:
    created: list[Path] = field(default_factory=list)
    settings_file: Path | None = None


def _settings_table(data: dict, path: Path) -> dict:
    return data["tool"]["publisher"] if path.name == "pyproject.toml" else data


def _settings_with_locale(settings: Settings, locale: str) -> tuple[Path, bytes]:
    """The settings file and its new bytes, with ``locale`` added to ``locales``
    by a minimal text edit (comments and layout stay); checked by reading
    the result back."""
    path = settings.settings_path
    shown = settings.relative(path)
    hint = (f'add "{locale}" to the locales list of {path.name} by hand, then run '
            "`publisher update`")
    try:
        text = path.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read the settings: {exc}", path=shown) from None
    table = "tool.publisher" if path.name == "pyproject.toml" else None
    try:
        edited = add_locale_text(text, locale, table)
        before = _settings_table(tomllib.loads(text), path)
        after = _settings_table(tomllib.loads(edited), path)
    except (ValueError, KeyError) as exc:
        raise ConfigError(f"cannot add {locale} to the settings automatically ({exc})",
                          path=shown, hint=hint) from None
    expected = dict(before, locales=[*before.get("locales", []), locale])
    if after != expected or parse_settings(after, settings.root, path.name).locales \
            != (*settings.locales, locale):
        raise ConfigError(f"cannot add {locale} to the settings automatically (the edit "
                          "would change more than the list)", path=shown, hint=hint)
    return path, edited.encode("utf-8")


def init_locale(settings: Settings, locale: str) -> InitReport:
    """Create ``locale``'s catalogs, one per template, and add the locale to
    the settings.  Refuses (ConfigError) a name that is not a CLDR locale,
    the source locale, a locale the project has, or one with catalogs.

    The whole edit holds a lock on the project folder and re-reads the
    settings inside it, so two inits at once both land in the settings."""
    check_locale_name(locale)
    with ExitStack() as stack:
        try:
            stack.enter_context(folder_lock(settings.root))
        except OSError as exc:
            raise ConfigError(f"cannot lock the project folder: {exc.strerror}",
                              path=settings.relative(settings.root)) from None
        return _init_locale(load_settings(settings.root), locale)


def _init_locale(settings: Settings, locale: str) -> InitReport:
    if same_locale(locale, settings.source_locale):
        raise ConfigError(f"{locale} is the project's source locale; its text needs no "
                          "catalog", hint="choose the locale to translate into")
    twin = next((l for l in settings.locales if same_locale(l, locale)), None)
    if twin is not None:
        same = "" if twin == locale else f" (as {twin})"
        raise ConfigError(f"{locale} is already one of the project's locales{same}",
                          path=settings.relative(settings.settings_path),
                          hint="`publisher update` brings its catalogs up to date")
    existing = settings.catalog_paths(locale)
    if existing:
        raise ConfigError(f"{locale} already has catalogs ({settings.relative(existing[0])})",
                          hint=f'add "{locale}" to the locales list of the settings by hand, '
                               "then run `publisher update`")
    domains = template_domains(settings)
    if not domains:
        raise CatalogError("there are no templates (.pot files) to start catalogs from",
                           path=settings.relative(settings.locales_dir),
                           hint="run `publisher extract` first")
    plans = []
    with_locale = dataclasses.replace(settings, locales=(*settings.locales, locale))
    for domain in used_domains(with_locale, locale, domains):
        template = read_catalog(settings, settings.pot_path(domain))
        catalog = merge(template, None, locale, domain, settings.source_locale)
        catalog.path = settings.relative(settings.po_path(locale, domain))
        plans.append((settings.po_path(locale, domain), encode_po(catalog)))
    settings_path, settings_bytes = _settings_with_locale(settings, locale)
    report = InitReport(settings_file=settings_path)
    folder = settings.catalog_folder(locale)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise CatalogError(f"cannot create the folder: {exc.strerror}",
                           path=settings.relative(folder)) from None
    for path, data in plans:
        _write(settings, path, data)
        report.created.append(path)
    _write(settings, settings_path, settings_bytes)
    return report


# -- compile ---------------------------------------------------------------------------

@dataclass
class CompileReport:
    written: list[Path] = field(default_factory=list)
    unchanged: list[Path] = field(default_factory=list)
    messages: dict[Path, int] = field(default_factory=dict)


def compile_catalogs(settings: Settings, locales: list[str] | None = None) -> CompileReport:
    """Write each locale's ``<domain>.mo`` beside its ``<domain>.po``, as
    msgfmt does: translated entries only, fuzzy ones left out."""
    from .mofile import compiled_entries, mo_bytes

    targets = chosen_locales(settings, locales)
    plans = []
    for locale in targets:
        for path in settings.catalog_paths(locale):
            catalog = read_catalog(settings, path)
            plans.append((path.with_suffix(".mo"), mo_bytes(catalog),
                          len(compiled_entries(catalog))))
    if not plans:
        raise CatalogError("there are no catalogs (.po files) to compile",
                           path=settings.relative(settings.locales_dir),
                           hint="run `publisher update` to create them")
    report = CompileReport()
    for path, data, count in plans:
        report.messages[path] = count
        if _write(settings, path, data):
            report.written.append(path)
        else:
            report.unchanged.append(path)
    return report


# -- fmt ---------------------------------------------------------------------------------

#: Flags gettext knows; msgcat's canonical form drops any other.
_GETTEXT_FLAGS = re.compile(r"fuzzy|(?:no-)?wrap|[\w+-]+-format|range:.*")


def find_catalog_files(path: Path) -> list[Path]:
    """The PO and POT files at ``path``: the file itself, or every one under
    the folder, sorted; hidden folders (.git, .venv) are not searched."""
    if path.is_file():
        return [path] if path.suffix in (".po", ".pot") else []
    found = []
    for folder, subfolders, files in os.walk(path):
        subfolders[:] = [name for name in subfolders if not name.startswith(".")]
        found += [Path(folder) / name for name in files if name.endswith((".po", ".pot"))]
    return sorted(p for p in found if p.is_file())


def formatting_losses(catalog: Catalog) -> list[tuple[int, str]]:
    """What msgcat's canonical form would drop that a person wrote: flags
    gettext does not know, and obsolete translations whose first form is
    empty.  (line, what) pairs."""
    losses = []
    for message in ([catalog.header] if catalog.header else []) + catalog.messages:
        unknown = [flag for flag in message.flags if not _GETTEXT_FLAGS.fullmatch(flag)]
        if unknown:
            losses.append((message.lineno, f"the flag {', '.join(unknown)} is not a gettext "
                           "flag, and the canonical form drops it"))
        if message.obsolete and message.has_translation and not message.first_msgstr:
            losses.append((message.lineno, "this obsolete entry has a translation but its "
                           "first form is empty, and the canonical form drops it"))
    return losses


@dataclass(frozen=True)
class Formatted:
    """What ``publisher fmt`` found in one file: whether it ``canonical``
    already, whether it was ``written``, or the ``problem`` (and its line)
    that keeps it as it is."""

    path: str
    canonical: bool = False
    written: bool = False
    problem: str | None = None
    line: int | None = None


def format_catalog_file(path: Path, write: bool) -> Formatted:
    """Rewrite the PO or POT file at ``path`` in msgcat's canonical form
    (with ``write``; else only say whether it is in it).  A file that cannot
    be parsed, or whose canonical form would lose something a person wrote,
    is left as it is."""
    shown = str(path)
    try:
        data = path.read_bytes()
        catalog = parse_po(data, shown)
        canonical = encode_po(catalog)
    except OSError as exc:
        return Formatted(shown, problem=f"cannot read the file: {exc.strerror}")
    except CatalogError as error:
        return Formatted(shown, problem=error.message + (f"; {error.hint}" if error.hint else ""),
                         line=error.line)
    if canonical == data:
        return Formatted(shown, canonical=True)
    losses = formatting_losses(catalog)
    if losses:
        line, what = losses[0]
        more = f" (and {len(losses) - 1} more)" if len(losses) > 1 else ""
        return Formatted(shown, problem=f"{what}{more}; write such notes as translator "
                                        "comments (# ...), which gettext keeps",
                         line=line or None)
    if not write:
        return Formatted(shown)
    try:
        atomic_write_bytes(path, canonical)
    except OSError as exc:
        return Formatted(shown, problem=f"cannot write the file: {exc.strerror}")
    except PublisherError as error:
        return Formatted(shown, problem=error.message)
    return Formatted(shown, written=True)


def pool_size(jobs: int | None, count: int) -> int:
    """Worker processes for ``count`` tasks: ``jobs``, else one per core."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") \
        else os.cpu_count() or 1
    return max(1, min(jobs or cores, count))


def format_files(paths: list[Path], write: bool, jobs: int | None = None) -> list[Formatted]:
    """:func:`format_catalog_file` for each of ``paths``, in order; many
    files are shared among ``jobs`` processes (default: one per core)."""
    workers = pool_size(jobs, len(paths) // 8)
    task = partial(format_catalog_file, write=write)
    if workers <= 1:
        return [task(path) for path in paths]
    with ProcessPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(task, paths, chunksize=max(1, len(paths) // (workers * 8))))


# -- catalog lifecycle: used catalogs, --prune, the locale's memory file, the
# -- record of what the last update brought (used by `publisher changes
# -- --since-update`).  Separate from the merge above on purpose.

#: Where ``update`` records, per catalog, what it last brought.
UPDATE_RECORD = ".publisher-update.json"
#: The folder of the locales' memory files: ``locales/memory/<locale>.po``.
MEMORY_FOLDER = "memory"


def used_domains(settings: Settings, locale: str, domains: list[str]) -> list[str]:
    """The template domains whose catalogs ``locale`` uses (editions.py)."""
    from ..sources.editions import used_domains as used

    return used(settings, locale, domains)


def memory_path(settings: Settings, locale: str) -> Path:
    """The locale's memory file: translations of catalogs no longer used,
    offered by ``update`` like any other catalog's."""
    return settings.locales_dir / MEMORY_FOLDER / f"{locale}.po"


def read_memory(settings: Settings, locale: str) -> Catalog | None:
    path = memory_path(settings, locale)
    return read_catalog(settings, path) if path.is_file() else None


def unused_catalogs(settings: Settings, locale: str, used: list[str]) -> list[Path]:
    """The locale's catalogs that no document or edition uses."""
    folder = settings.locales_dir / locale / "LC_MESSAGES"
    if not folder.is_dir():
        return []
    return [p for p in sorted(folder.glob("*.po")) if p.is_file() and p.stem not in used]


def plan_prune(settings: Settings, locale: str, unused: list[Path],
               memory: Catalog | None) -> tuple[Path, Catalog, int, list[Path]]:
    """The locale's memory file with every reviewed translation of the
    ``unused`` catalogs added (each once: same context, source and
    translation), and how many were added; read before anything is written,
    so a broken catalog stops the update with nothing removed."""
    from .model import Message

    path = memory_path(settings, locale)
    if memory is None:
        memory = Catalog(header=Message(msgid="", msgstr=(
            f"Project-Id-Version: {locale} memory\n"
            f"Language: {locale}\n"
            "MIME-Version: 1.0\n"
            "Content-Type: text/plain; charset=UTF-8\n"
            "Content-Transfer-Encoding: 8bit\n"
            f"Plural-Forms: {locale_info(locale).plural_forms}\n")))
        memory.header.translator_comments = [
            f"Translations of {locale} catalogs no longer used, kept by `publisher update "
            "--prune`.", "`publisher update` offers them to new strings, as it offers any "
            "catalog's."]
    have = {(m.msgctxt, m.msgid, m.msgid_plural, m.msgstr, tuple(m.msgstr_plural))
            for m in memory.messages}
    added = 0
    for unused_path in unused:
        catalog = read_catalog(settings, unused_path)
        shown = settings.relative(unused_path)
        for message in catalog.messages:
            if message.is_header or message.fuzzy or not message.has_translation:
                continue
            key = (message.msgctxt, message.msgid, message.msgid_plural, message.msgstr,
                   tuple(message.msgstr_plural))
            if key in have:
                continue
            have.add(key)
            kept = Message(msgid=message.msgid, msgid_plural=message.msgid_plural,
                           msgctxt=message.msgctxt, msgstr=message.msgstr,
                           msgstr_plural=list(message.msgstr_plural),
                           flags=[f for f in message.flags if f != "fuzzy"],
                           translator_comments=[*message.translator_comments,
                                                f"from {shown}"])
            memory.messages.append(kept)
            added += 1
    return path, memory, added, unused


def brought_by_update(old: Catalog | None, merged: Catalog) -> list[dict]:
    """What merging brought into a catalog: each entry the old catalog did
    not have in use, ``changed`` (with the old source) where its translation
    came from a similar string, else ``new``."""
    before = {m.key for m in old.messages if not m.obsolete} if old is not None else set()
    found = []
    for message in merged.messages:
        if message.obsolete or message.is_header or message.key in before:
            continue
        previous = message.previous_msgid if message.fuzzy else None
        found.append({"context": message.msgctxt, "msgid": message.msgid,
                      "old": previous if previous != message.msgid else None})
    return found


def read_update_record(settings: Settings) -> dict | None:
    """What each catalog's last update brought: ``{po path: [entries]}``
    (paths relative to the project), or None when no update recorded it."""
    import json

    path = settings.locales_dir / UPDATE_RECORD
    try:
        data = json.loads(path.read_text("utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise CatalogError(f"cannot read the record of the last update: {exc}",
                           path=settings.relative(path),
                           hint="delete the file; the next `publisher update` writes it again")
    catalogs = data.get("catalogs") if isinstance(data, dict) else None
    if not isinstance(catalogs, dict):
        raise CatalogError("the record of the last update has no \"catalogs\" table",
                           path=settings.relative(path),
                           hint="delete the file; the next `publisher update` writes it again")
    return catalogs


def record_update(settings: Settings, brought: dict[Path, list[dict]]) -> None:
    """Keep, for each catalog this update brought strings into, what they
    were (a catalog it brought nothing keeps its last record)."""
    import json

    changed = {settings.relative(path): entries for path, entries in brought.items() if entries}
    if not changed:
        return
    try:
        record = read_update_record(settings) or {}
    except CatalogError:
        record = {}
    record.update(changed)
    text = json.dumps({"catalogs": dict(sorted(record.items()))}, ensure_ascii=False, indent=1)
    _write(settings, settings.locales_dir / UPDATE_RECORD, (text + "\n").encode("utf-8"))
