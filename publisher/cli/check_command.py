"""The check command: the CI gate that every catalog is complete and valid."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from . import Context, main


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option("--format", "format_",
              type=click.Choice(["text", "json", "junit", "github", "sarif"]),
              default="text", show_default=True,
              help="How to print the report (github: at most 10 error and 10 warning "
                   "annotations, and the whole report in $GITHUB_STEP_SUMMARY; sarif: "
                   "SARIF 2.1.0 for code scanning).")
@click.option("--locale", "locales", multiple=True,
              help="Only catalogs of this locale (repeatable).")
@click.option("--threshold", type=click.FloatRange(0, 100),
              help="Percent translated a catalog needs, where [check] names no other "
                   "(default: the [check] threshold, or 100).")
@click.option("--verbose", "-v", is_flag=True,
              help="In the text report, show every problem (repeated ones are counted by default).")
@click.pass_obj
def check(obj: Context, paths: tuple[Path, ...], format_: str, locales: tuple[str, ...],
          threshold: float | None, verbose: bool) -> None:
    """Check that catalogs are complete and valid; exit 1 if one fails.

    Without PATH, every catalog of the project, compared with its current
    sources.  With PATH (PO files or folders), those files; they need no
    project around them.
    """
    from ..gate.check import check_paths, check_project, find_po_files
    from ..gate.reports import FORMATTERS, format_text, write_step_summary
    from ..sources.config import find_settings

    if paths:
        for path in paths:
            if not find_po_files(path):
                raise click.BadParameter(f"{path} is neither a .po file nor a folder with .po "
                                         "files", param_hint="PATH")
        # Inside a project (given, or around the current folder), its catalogs
        # among the paths are checked against its sources.
        inside = obj.project is not None or find_settings(Path.cwd()) is not None
        settings = obj.settings if inside else None
        report = check_paths(list(paths), settings, list(locales), threshold)
    else:
        settings = obj.settings
        unknown = [l for l in locales if l not in settings.locales]
        if unknown:
            raise click.BadParameter(f"{unknown[0]} is not one of the project's locales "
                                     f"({', '.join(settings.locales)})", param_hint="--locale")
        report = check_project(settings, list(locales), threshold)
    if format_ == "text":
        output = format_text(report, colour=sys.stdout.isatty(), verbose=verbose)
    else:
        output = FORMATTERS[format_](report)
    click.echo(output, nl=False)
    if format_ == "github":
        write_step_summary(report)
    if not report.ok:
        sys.exit(1)
