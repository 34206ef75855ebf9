"""The command line: the only place that prints or exits."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from . import __version__
from .config import Settings, load_settings
from .errors import PublisherError


class Context:
    def __init__(self, project: Path | None) -> None:
        self.project = project
        self._settings: Settings | None = None

    @property
    def settings(self) -> Settings:
        if self._settings is None:
            self._settings = load_settings(self.project)
        return self._settings


def _fail(error: PublisherError) -> None:
    click.echo(f"error: {error}", err=True)
    sys.exit(error.exit_code)


class Group(click.Group):
    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except PublisherError as error:
            _fail(error)


@click.group(cls=Group)
@click.version_option(__version__, prog_name="publisher")
@click.option("--project", type=click.Path(file_okay=False, path_type=Path),
              help="The project folder (default: the nearest folder with publisher.toml).")
@click.pass_context
def main(ctx: click.Context, project: Path | None) -> None:
    """Multilingual publishing: extract, translate with gettext, build HTML and PDF."""
    ctx.obj = Context(project)


@main.command()
@click.pass_obj
def extract(obj: Context) -> None:
    """Write a template (.pot) per document and one for the page templates."""
    from .catalogs.pofile import write_po
    from .extract import extract_catalogs

    settings = obj.settings
    catalogs = extract_catalogs(settings)
    changed = 0
    for domain, catalog in catalogs.items():
        path = settings.pot_path(domain)
        if write_po(path, catalog):
            changed += 1
            click.echo(f"wrote {settings.relative(path)} ({len(catalog.messages)} messages)")
    click.echo(f"{len(catalogs)} template(s), {changed} changed")


@main.command()
@click.option("--locale", "locales", multiple=True, help="Only this locale (repeatable).")
@click.pass_obj
def update(obj: Context, locales: tuple[str, ...]) -> None:
    """Merge the templates into every locale's .po files, keeping all translations."""
    from .catalogs.update import update_catalogs

    settings = obj.settings
    report = update_catalogs(settings, list(locales) or None)
    for path in report.written:
        verb = "created" if path in report.created else "updated"
        click.echo(f"{verb} {settings.relative(path)}")
    click.echo(f"{len(report.written)} catalog(s) written, {len(report.unchanged)} unchanged")


@main.command()
@click.option("--locale", "locales", multiple=True, help="Only this locale (repeatable).")
@click.option("--format", "formats", multiple=True, type=click.Choice(["html", "pdf"]),
              help="Only this format (repeatable; default: html and pdf).")
@click.option("--output", type=click.Path(file_okay=False, path_type=Path),
              help="Output folder (default: the project's, usually dist/).")
@click.option("--jobs", "-j", type=click.IntRange(min=1), help="PDF worker processes (default: one per core).")
@click.pass_obj
def build(obj: Context, locales: tuple[str, ...], formats: tuple[str, ...],
          output: Path | None, jobs: int | None) -> None:
    """Build every document in every locale as HTML and PDF."""
    from .build import build as run_build
    from .pdf import fast_subsetting_available

    settings = obj.settings
    chosen = tuple(formats) or ("html", "pdf")
    if "pdf" in chosen and not fast_subsetting_available():
        click.echo("warning: libharfbuzz-subset0 is missing: fonts are subset by fontTools, "
                   "and Chinese PDFs take many seconds each (apt-get install libharfbuzz-subset0)",
                   err=True)
    report = run_build(settings, list(locales) or None, chosen, output, jobs,
                       progress=lambda message: click.echo(message, err=True))
    for locale, domains in sorted(report.fallbacks.items()):
        for domain, msgids in sorted(domains.items()):
            click.echo(f"warning: {locale}/{domain}: {len(msgids)} string(s) shown in the "
                       "source language (untranslated or fuzzy)", err=True)
    for path in report.missing_catalogs:
        click.echo(f"warning: {settings.relative(path)} does not exist (run `publisher update`)",
                   err=True)
    for url in report.refused:
        click.echo(f"warning: refused to read {url}: only files inside the project are used",
                   err=True)
    for locale, seconds in sorted(report.locale_seconds.items()):
        click.echo(f"{locale}: {seconds:.2f} s")
    out = output or settings.output_dir
    click.echo(f"built {len(report.written)} file(s) into {settings.relative(Path(out))} "
               f"in {report.seconds:.1f} s")


if __name__ == "__main__":  # pragma: no cover
    main()
