"""The changes command."""

from __future__ import annotations

import json

import click

from . import Context, echo, main


@main.command()
@click.option("--since", "since", metavar="REF",
              help="A git tag, branch or commit (default: the last tag).")
@click.option("--since-update", is_flag=True,
              help="Compare with the catalogs as the last `publisher update` left them instead.")
@click.option("--locale", "locales", multiple=True, help="Only this locale (repeatable).")
@click.option("--format", "output_format", type=click.Choice(["text", "markdown", "json"]),
              default="text", show_default=True, help="How to print the list.")
@click.pass_obj
def changes(obj: Context, since: str | None, since_update: bool, locales: tuple[str, ...],
            output_format: str) -> None:
    """List, per locale and document, the source strings new or changed since a
    release, with the old source beside the new and their word counts.

    A locale lists only the strings it has no reviewed translation for.
    """
    from ..gate.changes import as_json, as_markdown, as_text, project_changes

    if since and since_update:
        raise click.UsageError("use --since REF or --since-update, not both")
    settings = obj.settings
    unknown = [l for l in locales if l not in settings.locales]
    if unknown:
        raise click.BadParameter(f"{unknown[0]} is not one of the project's locales",
                                 param_hint="--locale")
    baseline, found = project_changes(settings, list(locales) or None, since, since_update)
    if output_format == "json":
        from ..core.terminal import printable_json

        click.echo(printable_json(json.dumps(as_json(baseline, found), ensure_ascii=False,
                                             indent=1)))
    elif output_format == "markdown":
        echo(as_markdown(baseline, found), nl=False)
    else:
        echo(as_text(baseline, found), nl=False)
