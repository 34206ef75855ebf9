"""The new command: start a project."""

from __future__ import annotations

import datetime
from pathlib import Path

import click

from . import echo, main


@main.command()
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@click.option("--source-locale", default="en", show_default=True,
              help="The language the documents are written in.")
@click.option("--locale", "locales", multiple=True,
              help="A language to translate into (repeatable); its catalogs are started.")
def new(folder: Path, source_locale: str, locales: tuple[str, ...]) -> None:
    """Create a project in FOLDER: settings, an example document, the
    templates to override, .gitignore and a CI workflow; then extract the
    templates and start each locale's catalogs."""
    from ..catalogs.update import init_locale
    from ..core.errors import ConfigError
    from ..core.locales import check_locale_name, language_name, same_locale
    from ..extract.pot import extract_catalogs, write_templates
    from ..sources.config import load_settings
    from ..sources.scaffold import create_project, example_path

    # every option is checked before anything is written
    check_locale_name(source_locale)
    seen = [source_locale]
    for locale in locales:
        check_locale_name(locale)
        twin = next((other for other in seen if same_locale(other, locale)), None)
        if twin is not None and twin is source_locale:
            raise ConfigError(f"--locale {locale!r} is the source locale "
                              f"(--source-locale {source_locale!r})",
                              hint="the documents are written in it; give only the locales "
                                   "they are translated into")
        if twin is not None:
            shown = "" if twin == locale else f" (as {twin!r}, the same CLDR locale)"
            raise ConfigError(f"--locale {locale!r} is given twice{shown}",
                              hint="give each translation's locale once")
        seen.append(locale)
    today = datetime.date.today().isoformat()
    written = create_project(folder, source_locale, (), today)
    for path in written:
        echo(f"created {path.relative_to(folder).as_posix()}")
    settings = load_settings(folder)
    templates, _ = write_templates(settings, extract_catalogs(settings))
    for path in templates:
        echo(f"created {settings.relative(path)}")
    for locale in locales:
        report = init_locale(load_settings(folder), locale)
        for path in report.created:
            echo(f"created {settings.relative(path)}")
    example = example_path(source_locale)
    if not example.startswith("documents/"):
        echo(f"documents/ is empty: write the documents there in "
             f"{language_name(source_locale, 'en')}; {example}, in English, shows how figures, "
             "tables, footnotes and links are written")
    echo(f"next: cd {folder} && publisher build")
