"""The clean command: the outputs publisher wrote, and the build cache."""

from __future__ import annotations

from pathlib import Path

import click

from ..core.terminal import printable
from . import Context, echo, main


@main.command()
@click.option("--output", type=click.Path(file_okay=False, path_type=Path),
              help="The output folder to clean (default: the project's, usually dist/).")
@click.option("--cache", "whole_cache", is_flag=True,
              help="Remove the build cache (.publisher-cache/) too: the next build makes "
                   "everything again.")
@click.pass_obj
def clean(obj: Context, output: Path | None, whole_cache: bool) -> None:
    """Remove the files publisher wrote in the output folder (and its proof
    folder), never others, and collect the build cache: entries no build used
    in the last [cache] keep builds, and objects no entry refers to."""
    from ..build.pipeline import clean as run_clean

    settings = obj.settings
    report = run_clean(settings, output, whole_cache)
    for path in report.removed:
        echo(f"removed {printable(settings.relative(path))}")
    if report.cache_removed:
        echo("removed the build cache")
    else:
        echo(f"{len(report.removed)} output(s) removed, {report.objects} unused cache "
             f"object(s) deleted")
