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
import gc
import multiprocessing
import os
import re
import tomllib
from concurrent.futures import ProcessPoolExecutor
from contextlib import ExitStack
from dataclasses import dataclass, field
from functools import partial, wraps
from pathlib import Path

from ..core.errors import CatalogError, ConfigError, PublisherError
from ..core.fsutil import WriteError, atomic_write_bytes, folder_lock
from ..core.locales import check_locale_name, locale_info, same_locale
from ..sources.config import Settings, add_locale_text, load_settings, parse_settings
from .glossary import annotate as annotate_glossary
from .glossary import read_glossary
from .memory import Memory
from .merge import Compendium, merge
from .model import Catalog, Message
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


def _collector_paused(function):
    """Run ``function`` with Python's cycle collector paused.

    Catalogs are trees of strings and lists (no reference cycles), and
    ``update`` holds every template, old and merged catalog of a project at
    once: millions of objects, which each full collection would walk again
    as they are read (about a third of the reading and merging time on a
    project of 474 catalogs).  Reference counting still frees everything.
    """
    @wraps(function)
    def paused(*args, **kwargs):
        if not gc.isenabled():
            return function(*args, **kwargs)
        gc.disable()
        try:
            return function(*args, **kwargs)
        finally:
            gc.enable()
    return paused


@_collector_paused
def update_catalogs(settings: Settings, locales: list[str] | None = None,
                    compendia: list[Path] = (), compendium_locale: str | None = None,
                    prune: bool = False) -> UpdateReport:
    """Merge every template into every locale's PO file.

    A new or changed entry that the merge leaves untranslated takes the
    translation of the identical source string from the locale's other
    catalogs or its memory file (see ``memory.py``; the ``[update] memory``
    setting).  ``compendia`` are used as ``msgmerge -C`` uses them, each for
    the locale its Language header (or ``compendium_locale``) names
    (:func:`compendium_locales`).  Only the catalogs a locale uses are made
    (the editions' where an edition is made in it); ``prune`` removes the
    others, their translations kept in the locale's memory file first (see
    "catalog lifecycle" below).  Nothing is written when a translation of
    the old catalogs would be missing from the new ones
    (:func:`check_nothing_lost`)."""
    domains = template_domains(settings)
    if not domains:
        raise CatalogError("there are no templates (.pot files) to merge",
                           path=settings.relative(settings.locales_dir),
                           hint="run `publisher extract` first")
    targets = chosen_locales(settings, locales)
    plans: list[tuple[Path, Catalog, bool]] = []
    report = UpdateReport()
    # Many catalogs are read and merged on every core first (compendiums
    # are used in this process only).
    premerged = None if compendia else read_and_merge(settings, targets, domains)
    templates = {domain: read_catalog(settings, settings.pot_path(domain))
                 for domain in domains} if premerged is None else {}
    external = [(str(path), read_catalog(settings, Path(path))) for path in compendia]
    by_locale = compendium_locales(external, targets, compendium_locale)
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
            if premerged is not None:
                olds[domain] = premerged[locale, domain][0]
            else:
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
        kept: list[Catalog] = []
        for path in settings.catalog_paths(locale):
            if path.stem not in olds:     # a catalog of a removed document still remembers
                kept.append(read_catalog(settings, path))
                memory.add(kept[-1], settings.relative(path))
        compendium = Compendium(by_locale[locale]) if by_locale.get(locale) else None
        merged_catalogs: dict[str, Catalog] = {}
        for domain, old in olds.items():
            if premerged is not None:
                merged = premerged[locale, domain][1]
            else:
                merged = merge(templates[domain], old, locale, domain, settings.source_locale,
                               compendium)
            before = {m.key for m in old.messages if not m.obsolete} if old is not None else set()
            memory.fill(merged, before, locale_info(locale).nplurals, settings.update.memory)
            comments = {m.key: m.translator_comments for m in old.messages
                        if not m.obsolete} if old is not None else {}
            report.filled += sum(1 for m in merged.messages if _filled_now(comments, m))
            merged_catalogs[domain] = merged
        check_nothing_lost(settings, locale, olds, merged_catalogs, kept)
        for domain, merged in merged_catalogs.items():
            if glossary is not None:
                annotate_glossary(merged, glossary, locale)
            path = settings.po_path(locale, domain)
            plans.append((path, merged, olds[domain] is None))
            brought[path] = brought_by_update(olds[domain], merged)
    pruning = [plan_prune(settings, *one) for one in prunes]
    encoded = encode_catalogs([catalog for _, catalog, _ in plans])
    for (path, _, created), data in zip(plans, encoded):
        if _write_catalog(settings, path, data):
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


# -- reading, merging and encoding many catalogs on every core ----------------------------

#: Catalogs per worker process below which one process does the work.
PER_WORKER = 16

#: What forked workers run (inherited, never pickled): a function and its items.
_FORKED: tuple = (None, [])


def _forked_item(index: int):
    function, items = _FORKED
    return function(items[index])


def _forking(workers: int) -> bool:
    return workers > 1 and "fork" in multiprocessing.get_all_start_methods()


def _forked_map(function, items: list, workers: int) -> list:
    """``function(item)`` for each item, in order, by ``workers`` forked
    processes that inherit the items (only the results travel back)."""
    global _FORKED
    _FORKED = (function, items)
    gc.freeze()     # the collector must not touch (and so copy) the inherited objects
    try:
        with ProcessPoolExecutor(max_workers=workers,
                                 mp_context=multiprocessing.get_context("fork")) as pool:
            return list(pool.map(_forked_item, range(len(items)),
                                 chunksize=max(1, len(items) // (workers * 8))))
    finally:
        gc.unfreeze()
        _FORKED = (None, [])


def _read_and_merge_domain(work: tuple[Settings, str, list[str]]
                           ) -> list[tuple[Catalog | None, Catalog]] | None:
    """A domain's template, read once, merged with each locale's catalog."""
    settings, domain, locales = work
    try:
        template = read_catalog(settings, settings.pot_path(domain))
        found = []
        for locale in locales:
            path = settings.po_path(locale, domain)
            old = read_catalog(settings, path) if path.exists() else None
            found.append((old, merge(template, old, locale, domain, settings.source_locale)))
        return found
    except PublisherError:
        return None


def read_and_merge(settings: Settings, targets: list[str], domains: list[str],
                   jobs: int | None = None
                   ) -> dict[tuple[str, str], tuple[Catalog | None, Catalog]] | None:
    """Each (locale, domain)'s old catalog (None when there is none) and its
    merge with the template (without compendiums), read and merged by
    forked workers, one per core, a domain at a time (its template read
    once for all the locales), when there are many catalogs (PER_WORKER per
    core).  None otherwise, and when a catalog cannot be read: the caller
    then reads and merges in order, and reports the first error as it
    always has.  The result does not depend on the number of workers: each
    merge is a pure function of its two catalogs."""
    try:
        plan = [(locale, used_domains(settings, locale, domains)) for locale in targets]
    except PublisherError:
        return None
    by_domain: dict[str, list[str]] = {}
    for locale, used in plan:
        for domain in used:
            by_domain.setdefault(domain, []).append(locale)
    count = sum(len(locales) for locales in by_domain.values())
    workers = pool_size(jobs, count // PER_WORKER)
    if not _forking(workers):
        return None
    results = _forked_map(_read_and_merge_domain,
                          [(settings, domain, locales) for domain, locales in by_domain.items()],
                          workers)
    found = {}
    for (domain, locales), result in zip(by_domain.items(), results):
        if result is None:
            return None
        for locale, pair in zip(locales, result):
            found[locale, domain] = pair
    return found


def encode_catalogs(catalogs: list[Catalog], jobs: int | None = None) -> list[bytes]:
    """Each catalog's bytes (:func:`encode_po`, most of update's time), in
    order.  Many catalogs (16 per core) are shared among forked workers,
    one per core, which inherit them, so only the bytes travel back."""
    workers = pool_size(jobs, len(catalogs) // PER_WORKER)
    if not _forking(workers):
        return [encode_po(catalog) for catalog in catalogs]
    return _forked_map(encode_po, catalogs, workers)


def _write_catalog(settings: Settings, path: Path, data: bytes) -> bool:
    """Write a catalog's bytes atomically, only if they change (as write_po)."""
    try:
        return atomic_write_bytes(path, data, settings.root)
    except WriteError as error:
        raise CatalogError(error.message.replace("the file", "the catalog"),
                           path=settings.relative(path), hint=error.hint) from None
    except OSError as exc:
        raise CatalogError(f"cannot write the catalog: {exc.strerror}",
                           path=settings.relative(path)) from exc


# -- compendiums and the invariant of update --------------------------------------------

def compendium_locales(external: list[tuple[str, Catalog]], targets: list[str],
                       compendium_locale: str | None) -> dict[str, list[tuple[str, Catalog]]]:
    """The compendiums each target locale uses: those whose Language header
    (or ``compendium_locale``, which replaces it) is the locale or its
    language.  A German compendium never fills a French catalog: a
    compendium without a Language, or one that fits none of ``targets``, is
    refused (ConfigError) with nothing written."""
    if compendium_locale is not None:
        check_locale_name(compendium_locale)
    found: dict[str, list[tuple[str, Catalog]]] = {}
    for shown, catalog in external:
        language = compendium_locale or (catalog.header_field("Language") or "").strip()
        if not language:
            raise ConfigError("the compendium has no Language header, so publisher cannot "
                              "tell which locale's catalogs it may fill", path=shown,
                              hint="add a Language header to it, or say its locale with "
                                   "--compendium-locale (e.g. --compendium-locale de)")
        fits = [l for l in targets if _fits(language, l)]
        if not fits:
            raise ConfigError(f"the compendium is in {language} (its Language header), and "
                              f"this update is for {', '.join(targets)}: its translations would "
                              "be in the wrong language", path=shown,
                              hint="update that locale (--locale), use a compendium of the "
                                   "locale, or, if the header is wrong, say its locale with "
                                   "--compendium-locale")
        for locale in fits:
            found.setdefault(locale, []).append((shown, catalog))
    return found


def _fits(language: str, locale: str) -> bool:
    """Whether a compendium in ``language`` (a Language header: de, de_AT,
    de-AT) may fill ``locale``'s catalogs: the same locale, or the same
    language where one of the two names no region or script (de for de_AT,
    de_DE for de; never pt_PT for pt_BR)."""
    name = language.strip().replace("-", "_")
    try:
        if same_locale(name, locale):
            return True
    except (ValueError, PublisherError):
        return False
    return name.split("_")[0].lower() == locale.split("_")[0].lower() \
        and ("_" not in name or "_" not in locale)


def _filled_now(comments: dict, message: Message) -> bool:
    """Whether ``message`` was filled from the memory or a compendium by this
    update: its origin comment is not among the old entry's ``comments``
    (translator comments by key)."""
    if message.obsolete or not any(c.startswith("publisher memory: from ")
                                   for c in message.translator_comments):
        return False
    return comments.get(message.key) != message.translator_comments


def _unescape_form(text: str) -> str:
    """A plural form as ``merge`` writes it in a comment, read back."""
    return re.sub(r"\\(.)", lambda m: "\n" if m.group(1) == "n" else m.group(1), text)


def translation_texts(catalog: Catalog) -> set[str]:
    """Every non-empty translation ``catalog`` holds: each form of each
    active, fuzzy and obsolete entry, and the plural forms a merge kept as
    ``previous msgstr[N]:`` comments."""
    found = set()
    for message in catalog.messages:
        if message.is_header:
            continue
        found.update(form for form in (message.msgstr, *message.msgstr_plural) if form)
        for comment in message.translator_comments:
            if comment.startswith("previous msgstr["):
                found.add(_unescape_form(comment.partition("]: ")[2]))
    return found


def check_nothing_lost(settings: Settings, locale: str, olds: dict[str, Catalog | None],
                       merged: dict[str, Catalog], kept: list[Catalog]) -> None:
    """The invariant of ``update``: every non-empty translation of the
    locale's old catalogs (active, fuzzy or obsolete) is in its new ones
    (``merged``, and the catalogs left as they are, ``kept``).  Raises
    CatalogError naming the old entries otherwise, before anything is
    written."""
    from ..figures import numbers as figures

    after: set[str] = set()
    for catalog in [*merged.values(), *kept]:
        after |= translation_texts(catalog)
    # A translation whose figures alone were renamed (``merge``'s figure
    # rule) is the same translation.
    shapes: set[str] | None = None

    def present(form: str) -> bool:
        nonlocal shapes
        if not form or form in after:
            return True
        if shapes is None:
            shapes = {figures.skeleton(text) for text in after}
        return figures.skeleton(form) in shapes

    lost = []
    for domain, old in olds.items():
        if old is None:
            continue
        for message in old.messages:
            if message.is_header:
                continue
            if not all(map(present, (message.msgstr, *message.msgstr_plural))):
                lost.append(f"{settings.relative(settings.po_path(locale, domain))}:"
                            f"{message.lineno} ({message.msgid[:50]!r})")
    if lost:
        more = f" and {len(lost) - 5} more" if len(lost) > 5 else ""
        raise CatalogError(f"update would lose {len(lost)} translation(s) of {locale}, so it "
                           f"wrote nothing: {'; '.join(lost[:5])}{more}",
                           hint="keep the files as they are and report this: the entries named "
                                "must stay translated, fuzzy or obsolete (#~)")


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
    return [p for p in settings.catalog_paths(locale) if p.stem not in used]


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
