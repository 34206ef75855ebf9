"""The command line: the only place that prints or exits.

``main`` is the command group; each command is in a module of this package.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .. import __version__
from ..core.errors import PublisherError
from ..core.terminal import printable
from ..sources.config import Settings, load_settings


class Context:
    def __init__(self, project: Path | None) -> None:
        self.project = project
        self._settings: Settings | None = None

    @property
    def settings(self) -> Settings:
        if self._settings is None:
            self._settings = load_settings(self.project)
        return self._settings


def echo(message: object = "", **options) -> None:
    """``click.echo`` with control and bidi characters (of file names,
    translations, anything a project holds) written as escapes."""
    click.echo(printable(str(message), keep_newlines=True), **options)


def _fail(error: PublisherError) -> None:
    click.echo(f"error: {printable(str(error), keep_newlines=True)}", err=True)
    sys.exit(error.exit_code)


class Group(click.Group):
    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except PublisherError as error:
            _fail(error)
        except KeyboardInterrupt:     # Ctrl-C: as the shell reports it, for every command
            click.echo("stopped", err=True)
            sys.exit(128 + 2)


@click.group(cls=Group)
@click.version_option(__version__, prog_name="publisher")
@click.option("--project", type=click.Path(file_okay=False, path_type=Path),
              help="The project folder (default: the nearest folder with publisher.toml).")
@click.pass_context
def main(ctx: click.Context, project: Path | None) -> None:
    """Multilingual publishing: extract, translate with gettext, build HTML and PDF."""
    ctx.obj = Context(project)


# Each command lives in a module of its own and registers itself on ``main``.
from . import (  # noqa: E402,F401
    build_command,
    catalog_commands,
    changes_command,
    check_command,
    clean_command,
    doctor_command,
    new_command,
    serve_command,
)
