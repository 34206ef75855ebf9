"""The build command."""

from __future__ import annotations

from pathlib import Path

import click

from . import Context, main


@main.command()
@click.option("--locale", "locales", multiple=True, help="Only this locale (repeatable).")
@click.option("--format", "formats", multiple=True, type=click.Choice(["html", "pdf", "bilingual"]),
              help="Only this format (repeatable; default: all: html, pdf and the bilingual PDF).")
@click.option("--output", type=click.Path(file_okay=False, path_type=Path),
              help="Output folder (default: the project's, usually dist/).")
@click.option("--jobs", "-j", type=click.IntRange(min=1), help="PDF worker processes (default: one per core).")
@click.option("--pdf-variant", type=click.Choice(["pdf/ua-1", "pdf/a-3b", "pdf/x-4"]), default="pdf/ua-1",
              show_default=True, help="Tagged, accessible PDF (PDF/UA-1), archival PDF/A-3b, "
                                      "or PDF/X-4 for a print shop (with an sRGB output intent).")
@click.option("--print-shop", is_flag=True,
              help="Add 3 mm bleed, and crop and registration marks in a slug area outside it.")
@click.option("--cover", is_flag=True, help="Open each PDF with a cover page (title, occasion, date).")
@click.option("--occasion", default="", metavar="TEXT",
              help="The delegation or event the edition is for, printed on the cover (implies --cover).")
@click.option("--occasion-locale", default="", metavar="LOCALE",
              help="The language the occasion is written in (default: the source language).")
@click.option("--document", "documents", multiple=True, metavar="NAME",
              help="Only this document (repeatable): with --occasion, the documents a one-off cover is for.")
@click.option("--edition", default="", metavar="NAME",
              help="Build the edition editions/NAME.toml: one PDF per locale (cover, contents, "
                   "the documents) and the editions' index.")
@click.option("--proof", is_flag=True,
              help="Proof edition: every segment marked translated, fuzzy, untranslated or "
                   "rejected, with its .po line (written beside the output folder, in <output>-proof).")
@click.pass_obj
def build(obj: Context, locales: tuple[str, ...], formats: tuple[str, ...],
          output: Path | None, jobs: int | None, pdf_variant: str, print_shop: bool,
          cover: bool, occasion: str, occasion_locale: str, documents: tuple[str, ...],
          edition: str, proof: bool) -> None:
    """Build every document in every locale as HTML and PDF."""
    from ..build import build as run_build
    from ..doctor import font_findings
    from ..pdf import fast_subsetting_available

    from ..html import Cover
    from ..locales import check_locale_name

    settings = obj.settings
    if occasion_locale:
        check_locale_name(occasion_locale)
    title_page = Cover(occasion, occasion_locale or settings.source_locale) if (cover or occasion) else None
    chosen = tuple(formats) or ("html", "pdf", "bilingual")
    if ("pdf" in chosen or "bilingual" in chosen) and not fast_subsetting_available():
        click.echo("warning: libharfbuzz-subset0 is missing: fonts are subset by fontTools, "
                   "and Chinese PDFs take many seconds each (apt-get install libharfbuzz-subset0)",
                   err=True)
    for finding in font_findings(settings):
        if finding.level != "ok" and (not locales or finding.message.split(" ")[0] in locales):
            click.echo(f"warning: fonts: {finding.message}", err=True)
    if edition:
        from .edition_command import build_edition_command
        build_edition_command(settings, edition, output, jobs, pdf_variant, print_shop,
                              bool(locales or formats or documents or cover or occasion))
        return
    report = run_build(settings, list(locales) or None, chosen, output, jobs,
                       progress=lambda message: click.echo(message, err=True),
                       pdf_variant=pdf_variant, print_shop=print_shop, cover=title_page,
                       documents=list(documents) or None, proof=proof)
    for locale, domains in sorted(report.fallbacks.items()):
        for domain, reasons in sorted(domains.items()):
            click.echo(f"warning: {locale}/{domain}: {len(reasons)} string(s) shown in the "
                       "source language (untranslated, fuzzy or unusable)", err=True)
            for reason in reasons:
                if domain == settings.templates_domain or (
                        ": untranslated (" not in reason and ": fuzzy (" not in reason):
                    click.echo(f"  {reason}", err=True)
    for path in report.missing_catalogs:
        click.echo(f"warning: {settings.relative(path)} does not exist (run `publisher update`)",
                   err=True)
    for url in report.refused:
        click.echo(f"warning: refused to read {url}: only files inside the project are used",
                   err=True)
    for result in report.pdfs:
        if result.overflow:
            from ..pdf import FIT_FLOOR

            source = settings.relative(settings.documents_dir / f"{result.pdf_path.stem}.md")
            click.echo(f"warning: {settings.relative(result.pdf_path)}: {result.pages} page(s), "
                       f"where {source} asks for fit: {result.fit}, even with its type reduced "
                       f"to {FIT_FLOOR:.0%}; it is published at full size: shorten this "
                       f"translation (or the source), or raise fit", err=True)
    if any(not result.text_layer_exact for result in report.pdfs):
        click.echo("warning: this WeasyPrint is not the one publisher's text layer extends: "
                   "text copied from Indic, Thai or Arabic PDFs may differ from the page "
                   "(see DEVELOPERS.md, 'The text layer')", err=True)
    for locale, seconds in sorted(report.locale_seconds.items()):
        click.echo(f"{locale}: {seconds:.2f} s")
    from ..proof import proof_folder

    out = output or (proof_folder(settings.output_dir) if proof else settings.output_dir)
    click.echo(f"built {len(report.written)} file(s) into {settings.relative(Path(out))} "
               f"in {report.seconds:.1f} s")
    if report.failed:
        for locale, error in sorted(report.failed.items()):
            click.echo(f"error: {locale} was not built: {error}", err=True)
        raise SystemExit(1)
