"""The serve command."""

from __future__ import annotations

from pathlib import Path

import click

from . import Context, echo, main


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="The address to listen on (127.0.0.1: this computer only).")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535),
              help="The port to listen on.")
@click.option("--output", type=click.Path(file_okay=False, path_type=Path),
              help="Output folder (default: the project's, usually dist/).")
@click.option("--verbose", "-v", is_flag=True, help="Also print every request.")
@click.option("--allow-host", "allowed_hosts", multiple=True, metavar="NAME",
              help="Also answer requests for this host name (repeatable; by default only "
                   "localhost, 127.0.0.1 and [::1], against DNS rebinding).")
@click.option("--proof/--published", default=True, show_default=True,
              help="Serve the proof edition (each segment marked with its state and .po line, "
                   "built into <output>-proof) or the published edition.")
@click.pass_obj
def serve(obj: Context, host: str, port: int, output: Path | None, verbose: bool,
          allowed_hosts: tuple[str, ...], proof: bool) -> None:
    """Serve the HTML edition and rebuild it as documents, templates and catalogs change.

    A saved .po file rebuilds its locale's pages, and pages open in a browser
    reload by themselves.  A build error is shown at the top of the pages; the
    server goes on.  PDFs are not rebuilt: run `publisher build` for them.
    """
    from ..serve.server import serve as run_server

    try:
        run_server(obj.settings, host, port, output,
                   say=lambda message: echo(message, err=True), log_requests=verbose,
                   allowed_hosts=allowed_hosts, proof=proof)
    except KeyboardInterrupt:
        echo("stopped", err=True)
