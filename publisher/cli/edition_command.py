"""``publisher build --edition NAME``: the output of an edition build."""

from __future__ import annotations

from pathlib import Path

import click

from ..sources.config import Settings
from . import echo


def build_edition_command(settings: Settings, name: str, output: Path | None, jobs: int | None,
                          pdf_variant: str, print_shop: bool, other_options: bool) -> None:
    from ..build.editions import build_edition

    if other_options:
        raise click.UsageError("--edition takes its documents, locales and cover from "
                               f"editions/{name}.toml: drop --locale, --format, --document, "
                               "--cover and --occasion")
    report = build_edition(settings, name, output, jobs,
                           progress=lambda message: echo(message, err=True),
                           pdf_variant=pdf_variant, print_shop=print_shop)
    for locale, domains in sorted(report.fallbacks.items()):
        for domain, reasons in sorted(domains.items()):
            echo(f"warning: {locale}/{domain}: {len(reasons)} string(s) shown in the "
                 "source language (untranslated, fuzzy or unusable)", err=True)
    for path in report.missing_catalogs:
        echo(f"warning: {settings.relative(path)} does not exist (run `publisher update`)",
             err=True)
    for result in report.pdfs:
        echo(f"{settings.relative(result.pdf_path)}: {result.pages} page(s), "
             f"{result.seconds:.2f} s")
    echo(f"built {len(report.written)} file(s) for edition {name} in {report.seconds:.1f} s")
