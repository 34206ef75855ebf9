"""The doctor command: fonts, libraries and tools a build needs."""

from __future__ import annotations

import sys

import click

from ..core.errors import ConfigError
from ..core.terminal import printable
from . import Context, echo, main

MARKS = {"ok": ("ok", "green"), "warning": ("warning", "yellow"), "error": ("error", "red")}


@main.command()
@click.pass_obj
def doctor(obj: Context) -> None:
    """Report the fonts, libraries and tools a build needs, and what is missing."""
    from ..render.doctor import diagnose

    try:
        settings = obj.settings
    except ConfigError as error:
        echo(f"note: no project here ({error.message}); checking the machine only", err=True)
        settings = None
    findings = diagnose(settings)
    for finding in findings:
        word, colour = MARKS[finding.level]
        click.echo(f"{click.style(word.ljust(7), fg=colour)} {finding.topic:<9} "
                   f"{printable(finding.message)}")
        if finding.hint:
            echo(f"{'':7} {'':9} hint: {finding.hint}")
    if any(f.level == "error" for f in findings):
        sys.exit(1)
