"""Commands on catalogs: extract, update, init, fmt, stats, compile."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from . import Context, echo, main


@main.command()
@click.option("--check", "check_only", is_flag=True,
              help="Write nothing; exit 1 if a template would be created, changed or removed "
                   "(or is not tracked by git), naming each.")
@click.pass_obj
def extract(obj: Context, check_only: bool) -> None:
    """Write a template (.pot) per document and one for the page templates."""
    from ..extract.pot import extract_catalogs, template_changes, write_templates

    settings = obj.settings
    catalogs = extract_catalogs(settings)
    if check_only:
        changes = template_changes(settings, catalogs)
        for path, what in changes:
            why = {"created": "would be created (or git does not track it)",
                   "changed": "would change", "removed": "would be removed (its document is "
                   "gone)"}[what]
            click.echo(f"{settings.relative(path)}: {why}")
        if changes:
            click.echo(f"{len(changes)} template(s) out of date with the sources: run "
                       "`publisher extract` and commit the templates")
            sys.exit(1)
        click.echo(f"{len(catalogs)} template(s) up to date")
        return
    written, removed = write_templates(settings, catalogs)
    for path in written:
        echo(f"wrote {settings.relative(path)} ({len(catalogs[path.stem].messages)} messages)")
    for path in removed:
        echo(f"removed {settings.relative(path)} (its document is gone)")
    echo(f"{len(catalogs)} template(s), {len(written)} changed, {len(removed)} removed")


def _check_locales(obj: Context, locales: tuple[str, ...]) -> None:
    unknown = [l for l in locales if l not in obj.settings.locales]
    if unknown:
        raise click.BadParameter(f"{unknown[0]} is not one of the project's locales "
                                 f"({', '.join(obj.settings.locales)})", param_hint="--locale")


@main.command()
@click.option("--locale", "locales", multiple=True, help="Only this locale (repeatable).")
@click.option("--compendium", "compendia", multiple=True, metavar="FILE.po",
              type=click.Path(dir_okay=False, exists=True, path_type=Path),
              help="A PO file of translations to reuse (repeatable), as msgmerge -C does; "
                   "it fills only the locale its Language header names.")
@click.option("--compendium-locale", metavar="LOCALE",
              help="The compendiums' locale, where their Language header is missing or wrong.")
@click.option("--prune", is_flag=True,
              help="Remove the catalogs nothing uses (W107: a removed document's, editions.po "
                   "of a locale no edition is made in), after keeping their translations in "
                   "the locale's memory file (locales/memory/<locale>.po).")
@click.pass_obj
def update(obj: Context, locales: tuple[str, ...], compendia: tuple[Path, ...],
           compendium_locale: str | None, prune: bool) -> None:
    """Merge the templates into every locale's .po files, keeping all translations.

    A changed source string keeps the translation of the most similar old one,
    marked fuzzy with the old string in #| lines (as msgmerge --previous); a
    removed one becomes obsolete (#~).  A new string translated elsewhere in the
    locale (another document's catalog, an obsolete entry, a --compendium) takes
    that translation (as [update] memory says: "translated", "fuzzy" or "off"),
    with a comment naming its origin; a string that has a translation of its
    own keeps it.  A --compendium fills, as msgmerge -C does, the locale its
    Language header names.  Nothing is written if a translation of the old
    catalogs would be missing from the new ones (exit 1, naming the entries).
    """
    from ..catalogs.update import update_catalogs

    settings = obj.settings
    report = update_catalogs(settings, list(locales) or None, list(compendia),
                             compendium_locale, prune=prune)
    for path in report.written:
        verb = "created" if path in report.created else "updated"
        echo(f"{verb} {settings.relative(path)}")
    for path, count in report.remembered.items():
        echo(f"kept {count} translation(s) in {settings.relative(path)}")
    for path in report.pruned:
        echo(f"removed {settings.relative(path)} (nothing uses it)")
    if report.filled:
        echo(f"{report.filled} entr{'y' if report.filled == 1 else 'ies'} filled from the "
             "translation memory (see the \"publisher memory\" comments)")
    echo(f"{len(report.written)} catalog(s) written, {len(report.unchanged)} unchanged")


@main.command()
@click.argument("locale")
@click.pass_obj
def init(obj: Context, locale: str) -> None:
    """Start translating into LOCALE (a CLDR name such as pl or pt_BR).

    Creates the locale's catalogs, one per template (.pot), with its
    Language, CLDR plural forms and charset UTF-8, and adds it to the
    locales list of the settings (publisher.toml, or [tool.publisher] in
    pyproject.toml), changing nothing else in that file.
    """
    from ..catalogs.update import init_locale

    settings = obj.settings
    report = init_locale(settings, locale)
    for path in report.created:
        echo(f"created {settings.relative(path)}")
    echo(f"added {locale} to the locales of {settings.relative(report.settings_file)}")
    from ..gate.glyphs import script_font_problem
    from ..sources.config import load_settings

    stack = load_settings(settings.root).fonts_for(locale)
    missing = script_font_problem(locale, tuple(stack))
    if missing is not None:
        echo(f"warning: fonts: {missing}", err=True)


@main.command(name="compile")
@click.option("--locale", "locales", multiple=True, help="Only this locale (repeatable).")
@click.pass_obj
def compile_(obj: Context, locales: tuple[str, ...]) -> None:
    """Write each catalog's .mo file beside it, as msgfmt does.

    locales/<locale>/LC_MESSAGES/<domain>.mo holds the translated entries;
    fuzzy and untranslated ones are left out.  Only projects that load
    catalogs with gettext at run time need these files.
    """
    from ..catalogs.update import compile_catalogs

    _check_locales(obj, locales)
    settings = obj.settings
    report = compile_catalogs(settings, list(locales) or None)
    for path in report.written:
        count = report.messages[path]
        echo(f"wrote {settings.relative(path)} ({count} message{'s' if count != 1 else ''})")
    echo(f"{len(report.written)} file(s) written, {len(report.unchanged)} unchanged")


@main.command()
@click.argument("paths", nargs=-1, required=True,
                type=click.Path(exists=True, path_type=Path))
@click.option("--check", is_flag=True,
              help="Change nothing: list the files that are not in the canonical form, and "
                   "exit 1 if there are any.")
@click.option("--jobs", "-j", type=click.IntRange(min=1),
              help="Worker processes for many files (default: one per core).")
def fmt(paths: tuple[Path, ...], check: bool, jobs: int | None) -> None:
    """Rewrite PO and POT files (or the folders' ones) in msgcat's canonical form.

    The form is the one GNU msgcat writes: the same bytes, for any gettext
    project.  A file that cannot be parsed is reported with its line and
    left alone, as is one whose canonical form would drop a note a person
    wrote (a flag gettext does not know); the command then exits 1.
    """
    from ..catalogs.update import find_catalog_files, format_files

    files: list[Path] = []
    seen: set[str] = set()
    for path in paths:
        found = find_catalog_files(path)
        if not found:
            raise click.BadParameter(f"{path} is neither a .po or .pot file nor a folder "
                                     "with such files", param_hint="PATH")
        for file in found:
            key = os.path.abspath(file)
            if key not in seen:
                seen.add(key)
                files.append(file)
    results = format_files(files, write=not check, jobs=jobs)
    failed = [r for r in results if r.problem is not None]
    changed = [r for r in results if r.problem is None and not r.canonical]
    for result in results:
        if result.problem is not None:
            where = f"{result.path}:{result.line}" if result.line else result.path
            echo(f"error: {where}: {result.problem}", err=True)
        elif check and not result.canonical:
            echo(result.path)
        elif result.written:
            echo(f"formatted {result.path}")
    canonical = len(results) - len(failed) - len(changed)
    if check:
        summary = f"{len(changed)} file(s) not in the canonical form, {canonical} in it"
    else:
        summary = f"{len(changed)} file(s) formatted, {canonical} already canonical"
    if failed:
        summary += f", {len(failed)} left alone (errors above)"
    echo(summary, err=True)
    if failed or (check and changed):
        sys.exit(1)


def _style(text: str, kind: str) -> str:
    return click.style(text, bold=kind == "heading",
                       fg={"done": "green", "error": "red"}.get(kind))


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option("--format", "format_", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="A table for people, or JSON for programs.")
@click.option("--locale", "locales", multiple=True,
              help="Only catalogs of this locale (repeatable).")
@click.pass_obj
def stats(obj: Context, paths: tuple[Path, ...], format_: str,
          locales: tuple[str, ...]) -> None:
    """How much of each catalog is translated, per locale.

    For each catalog: translated, fuzzy, untranslated and obsolete entries
    (counted as msgfmt --statistics counts), the share translated and the
    words left to translate (source words of the untranslated and fuzzy
    entries).  Without PATH, the project's catalogs; with PATH, the .po
    files there (files or folders), in any gettext project.  Exits 1 if a
    file cannot be read.
    """
    from ..catalogs.stats import format_json, format_text, project_stats, read_stats
    from ..gate.check import find_po_files, path_locale

    if paths:
        files: list[Path] = []
        for path in paths:
            found = find_po_files(path)
            if not found:
                raise click.BadParameter(f"{path} is neither a .po file nor a folder with .po "
                                         "files", param_hint="PATH")
            files += [f for f in found if f not in files]
        rows = [read_stats(f, f.as_posix(), *path_locale(f)) for f in files]
        if locales:
            rows = [row for row in rows if row.locale in locales]
        rows.sort(key=lambda row: (row.locale or "~", row.path))
    else:
        _check_locales(obj, locales)
        rows = project_stats(obj.settings, list(locales) or None)
    if format_ == "json":
        from ..core.terminal import printable_json

        click.echo(printable_json(format_json(rows)), nl=False)
    else:
        from ..core.terminal import printable

        style = _style if sys.stdout.isatty() else (lambda text, kind: text)
        # each line escaped before it is dressed (the colours are ours)
        click.echo(format_text(rows, by_path=bool(paths),
                               style=lambda text, kind: style(printable(text), kind)), nl=False)
    if any(row.problem is not None for row in rows):
        sys.exit(1)
