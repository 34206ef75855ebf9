"""Commands on catalogs: extract, update."""

from __future__ import annotations

from pathlib import Path

import click

from . import Context, main


@main.command()
@click.pass_obj
def extract(obj: Context) -> None:
    """Write a template (.pot) per document and one for the page templates."""
    from ..catalogs.pofile import write_po
    from ..extract import extract_catalogs

    settings = obj.settings
    catalogs = extract_catalogs(settings)
    changed = 0
    for domain, catalog in catalogs.items():
        path = settings.pot_path(domain)
        path.parent.mkdir(parents=True, exist_ok=True)
        if write_po(path, catalog):
            changed += 1
            click.echo(f"wrote {settings.relative(path)} ({len(catalog.messages)} messages)")
    click.echo(f"{len(catalogs)} template(s), {changed} changed")


@main.command()
@click.option("--locale", "locales", multiple=True, help="Only this locale (repeatable).")
@click.pass_obj
def update(obj: Context, locales: tuple[str, ...]) -> None:
    """Merge the templates into every locale's .po files, keeping all translations."""
    from ..catalogs.update import update_catalogs

    settings = obj.settings
    report = update_catalogs(settings, list(locales) or None)
    for path in report.written:
        verb = "created" if path in report.created else "updated"
        click.echo(f"{verb} {settings.relative(path)}")
    click.echo(f"{len(report.written)} catalog(s) written, {len(report.unchanged)} unchanged")
