"""The build command."""

from __future__ import annotations

import signal
import sys
from contextlib import contextmanager
from pathlib import Path

import click

from . import Context, echo, main


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
              help="Only this document (its file name without .md; repeatable); with "
                   "--occasion, the documents a one-off cover is for.")
@click.option("--edition", default="", metavar="NAME",
              help="Build the edition editions/NAME.toml: one PDF per locale (cover, contents, "
                   "the documents) and the editions' index.")
@click.option("--shard", metavar="I/N",
              help="Build share I of N of the PDFs (for a CI matrix); the N output folders "
                   "copied together equal one whole build.")
@click.option("--force", is_flag=True, help="Ignore the build cache: make every output again.")
@click.option("--proof", is_flag=True,
              help="Proof edition: every segment marked translated, fuzzy, untranslated or "
                   "rejected, with its .po line (written beside the output folder, in <output>-proof).")
@click.option("--quiet", "-q", is_flag=True, help="Print only problems.")
@click.option("--verbose", "-v", is_flag=True, help="Print every output with its time.")
@click.pass_obj
def build(obj: Context, locales: tuple[str, ...], formats: tuple[str, ...],
          output: Path | None, jobs: int | None, pdf_variant: str, print_shop: bool,
          cover: bool, occasion: str, occasion_locale: str, documents: tuple[str, ...],
          shard: str | None, force: bool, proof: bool, quiet: bool, verbose: bool,
          edition: str) -> None:
    """Build every document in every locale as HTML and PDF.

    Only what changed is made again (see the build cache, .publisher-cache/).
    Ctrl-C or SIGTERM stop the build within seconds: finished outputs stay,
    the rest is made by the next build (exit status 130 or 143)."""
    from ..build.pipeline import BuildReport, BuildStopped, parse_shard
    from ..build.pipeline import build as run_build
    from ..core.locales import check_locale_name
    from ..render.doctor import font_findings
    from ..render.html import Cover
    from ..render.pdf import fast_subsetting_available
    from .progress import BuildProgress, summary, write_log

    settings = obj.settings
    if occasion_locale:
        check_locale_name(occasion_locale)
    title_page = Cover(occasion, occasion_locale or settings.source_locale) if (cover or occasion) else None
    chosen = tuple(formats) or ("html", "pdf", "bilingual")
    if ("pdf" in chosen or "bilingual" in chosen) and not fast_subsetting_available():
        echo("warning: libharfbuzz-subset0 is missing: fonts are subset by fontTools, "
             "and Chinese PDFs take many seconds each (apt-get install libharfbuzz-subset0)",
             err=True)
    for finding in font_findings(settings):
        if finding.level != "ok" and (not locales or finding.message.split(" ")[0] in locales):
            echo(f"warning: fonts: {finding.message}", err=True)
    if edition:
        from .edition_command import build_edition_command
        build_edition_command(settings, edition, output, jobs, pdf_variant, print_shop,
                              bool(locales or formats or documents or cover or occasion))
        return
    share = parse_shard(shard) if shard else None
    stop_status = 0
    report = BuildReport()
    try:
        with stop_signals(), BuildProgress(quiet=quiet, verbose=verbose) as progress:
            run_build(settings, list(locales) or None, chosen, output, jobs,
                      progress=progress, pdf_variant=pdf_variant,
                      print_shop=print_shop, cover=title_page,
                      documents=list(documents) or None, shard=share, force=force,
                      proof=proof, report=report)
    except (KeyboardInterrupt, BuildStopped) as stop:
        stop_status = 128 + (stop.signal_number if isinstance(stop, BuildStopped)
                             else signal.SIGINT)
        if not report.stopped:       # stopped before the build began
            echo("stopped before anything was built", err=True)
            sys.exit(stop_status)
    log = report.cache_folder / "build.log" if report.cache_folder else None
    if log is not None and not write_log(report, settings.relative, log):
        log = None
    if verbose:
        for locale, seconds in sorted(report.locale_seconds.items()):
            echo(f"{locale}: {seconds:.2f} s", err=True)
    for result in report.pdfs:
        if getattr(result, "overflow", False):
            from ..render.pdf import FIT_FLOOR

            source = settings.relative(settings.documents_dir / f"{result.pdf_path.stem}.md")
            echo(f"warning: {settings.relative(result.pdf_path)}: {result.pages} page(s), "
                 f"where {source} asks for fit: {result.fit}, even with its type reduced "
                 f"to {FIT_FLOOR:.0%}; it is published at full size: shorten this "
                 f"translation (or the source), or raise fit", err=True)
    if any(not result.text_layer_exact for result in report.pdfs):
        echo("warning: this WeasyPrint is not the one publisher's text layer extends: "
             "text copied from Indic, Thai or Arabic PDFs may differ from the page "
             "(see DEVELOPERS.md, 'The text layer')", err=True)
    for line in summary(report, settings.relative, log):
        if not quiet or line.startswith("warning") or report.stopped:
            echo(line, err=line.startswith(("warning", "details", "not made", "stopped")))
    if stop_status:
        sys.exit(stop_status)
    for error in report.failed_documents:
        click.echo(f"error: not built: {error}", err=True)
    if report.failed:
        for locale, error in sorted(report.failed.items()):
            echo(f"error: {locale} was not built: {error}", err=True)
    if report.failed or report.failed_documents:
        raise SystemExit(1)


@contextmanager
def stop_signals():
    """Ctrl-C and SIGTERM stop the build once; while it stops (a second or
    two), further ones are ignored so that stopping itself is never cut."""
    from ..build.pipeline import BuildStopped as Stopped

    stopping = []

    def on_signal(number, frame):
        if stopping:
            return
        stopping.append(number)
        if number == signal.SIGINT:
            raise KeyboardInterrupt
        raise Stopped(number)

    try:
        previous = {number: signal.signal(number, on_signal)
                    for number in (signal.SIGINT, signal.SIGTERM)}
    except ValueError:   # not the main thread: leave signals alone
        yield
        return
    try:
        yield
    finally:
        for number, handler in previous.items():
            # once stopping, stay deaf until the summary is out and we exit
            signal.signal(number, signal.SIG_IGN if stopping else handler)
