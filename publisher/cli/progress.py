"""What a build shows while it runs, and its summary at the end.

On a terminal: a live progress bar (rich) with done/total, the output just
finished (document and locale), elapsed time and an estimate.  Without a
terminal (CI logs, pipes): one plain line per output made, no control
characters, and when nothing has been said for a moment (a long PDF, the
pages being translated) a line that says what the build is doing:
``working: rendering 12 PDF(s), 40/52 done, 63 s``.  ``quiet`` shows
nothing but problems; ``verbose`` shows every output (reused ones too) with
its time.  rich honours ``NO_COLOR``.
"""

from __future__ import annotations

import re
import sys
import threading
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import TextIO

from ..build.jobs import Event
from ..build.pipeline import WEBFONTS_OUTPUT, BuildReport
from ..core.terminal import printable

#: Seconds without a line after which plain output says what the build is doing.
HEARTBEAT = 1.5
#: What a build does before it says.
STARTING = "reading the project"


class BuildProgress:
    def __init__(self, stream: TextIO | None = None, quiet: bool = False,
                 verbose: bool = False, live: bool | None = None,
                 heartbeat: float = HEARTBEAT) -> None:
        self.stream = stream or sys.stderr
        self.quiet, self.verbose = quiet, verbose
        self.live = (self.stream.isatty() if live is None else live) and not quiet
        self.total = 0
        self.done = 0
        self.started = time.perf_counter()
        self.stage = STARTING
        self.heartbeat = heartbeat
        self._progress = None
        self._task = None
        self._lock = threading.Lock()
        self._said = time.monotonic()
        self._stop = threading.Event()
        self._beating: threading.Thread | None = None

    def __enter__(self) -> "BuildProgress":
        if not self.live and not self.quiet and self.heartbeat > 0:
            self._said = time.monotonic()
            self._beating = threading.Thread(target=self._beat, daemon=True,
                                             name="build progress")
            self._beating.start()
        if self.live:
            from rich.console import Console
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                Progress,
                TextColumn,
                TimeElapsedColumn,
                TimeRemainingColumn,
            )

            console = Console(file=self.stream)
            self._progress = Progress(TextColumn("{task.description}"), BarColumn(),
                                      MofNCompleteColumn(), TimeElapsedColumn(),
                                      TextColumn("left"), TimeRemainingColumn(),
                                      console=console, transient=True)
            self._progress.start()
            self._task = self._progress.add_task("preparing", total=None)
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        if self._beating is not None:
            self._beating.join()
            self._beating = None
        if self._progress is not None:
            self._progress.stop()
            self._progress = None

    def _beat(self) -> None:
        """Plain output: a line when nothing was said for ``heartbeat`` seconds."""
        while not self._stop.wait(min(0.25, self.heartbeat / 4)):
            with self._lock:
                if time.monotonic() - self._said >= self.heartbeat:
                    self._write(f"working: {self.stage}, {self.done}/{self.total or '?'} done, "
                                f"{time.perf_counter() - self.started:.0f} s")

    def _write(self, line: str) -> None:
        """One line (the caller holds the lock)."""
        try:
            self.stream.write(line + "\n")
            self.stream.flush()
        except (OSError, ValueError):   # a closed pipe: the build goes on
            pass
        self._said = time.monotonic()

    def __call__(self, event: Event) -> None:
        with self._lock:
            self._event(event)

    def _event(self, event: Event) -> None:
        if event.kind == "stage":
            self.stage = event.output
            return
        if event.kind == "plan":
            self.total = max(event.total, self.done)
            if self._progress is not None:
                self._progress.update(self._task, total=self.total)
            return
        self.done += 1
        self.total = max(self.total, self.done)
        if self._progress is not None:
            where = " ".join(part for part in (event.document, event.locale) if part) \
                or event.output
            self._progress.update(self._task, completed=self.done, total=self.total,
                                  description=f"{event.action} {printable(where)}")
            if self.verbose:
                self._progress.console.print(self._line(event), markup=False, highlight=False)
            return
        if self.quiet or (event.action == "reused" and not self.verbose):
            return
        self._write(self._line(event))

    def _line(self, event: Event) -> str:
        width = len(str(self.total))
        line = f"[{self.done:>{width}}/{self.total}] {event.action} {printable(event.output)}"
        details = []
        if event.pages:
            details.append(f"{event.pages} page(s)")
        if event.seconds and (self.verbose or event.output.endswith(".pdf")
                              or event.output == WEBFONTS_OUTPUT):
            details.append(f"{event.seconds:.2f} s")
        return line + (f" ({', '.join(details)})" if details else "")


# --- the end of a build -----------------------------------------------------------

_WHY = re.compile(r"(?:^|: )(fuzzy|untranslated|[EW]\d{3})(?= |$)")
_NO_ENTRY = re.compile(r"\S+ \(no entry yet: ")


def fallback_code(reason: str) -> str:
    """What a fallback line of the build report says happened: ``fuzzy``,
    ``untranslated``, ``missing`` (the catalog has no entry yet) or the code
    of the check that refused the translation.  The ``.po`` part before it
    may itself hold a colon and a hint ("no entry yet: run ..."), so the
    reason is found by what it can be, not by its place."""
    if _NO_ENTRY.match(reason):
        return "missing"
    if "(source: " not in reason:       # a template string: "po:line: msgid"
        return "untranslated"
    found = _WHY.search(reason.rsplit(" (source: ", 1)[0])
    return found.group(1) if found else "untranslated"


def warning_groups(report: BuildReport, relative) -> tuple[dict[str, Counter], list[str]]:
    """Warnings counted per locale and code, and every detail line for the log.

    Codes: ``untranslated`` and ``fuzzy`` (shown in the source language),
    a check's code such as ``E301`` (a translation rejected, the source shown),
    ``no-catalog`` (a catalog file is missing); the log also lists what
    the renderer was refused (a file outside the project)."""
    counts: dict[str, Counter] = defaultdict(Counter)
    details: list[str] = []
    for locale, domains in sorted(report.fallbacks.items()):
        for domain, reasons in sorted(domains.items()):
            for reason in reasons:
                # document segments: "po:line: why (source: file:line)";
                # template strings: "po:line: msgid"
                code = fallback_code(reason)
                if (locale, domain) not in report.refused_catalogs:
                    counts[locale][code] += 1       # else said once: catalog_refusals
                details.append(f"{locale}\t{code}\t{domain}\t{reason}")
    for path in report.missing_catalogs:
        locale = path.parent.parent.name
        counts[locale]["no-catalog"] += 1
        details.append(f"{locale}\tno-catalog\t{relative(path)}\tdoes not exist "
                       "(run `publisher update`)")
    for url in report.refused:
        details.append(f"*\trefused\t{url}\tonly files inside the project are read")
    return counts, details


def catalog_refusals(report: BuildReport) -> list[str]:
    """One line for each catalog the build did not use at all (its header
    refused by check, E401-E403): the file, why, what to do, and how many
    translations that leaves out."""
    return [f"warning: {locale}: {path} not used, {code}: {why}; none of its {count} "
            f"translation{'s' if count != 1 else ''} is shown"
            for (locale, _), (path, code, why, count) in sorted(report.refused_catalogs.items())]


def summary(report: BuildReport, relative, log: Path | None) -> list[str]:
    """The few lines a build ends with."""
    pdfs = report.pdfs
    pages = sum(result.pages for result in pdfs)
    lines = []
    head = "stopped" if report.stopped else "built"
    removed = f", {len(report.removed)} removed" if report.removed else ""
    where = relative(report.output) if report.output else "-"
    lines.append(f"{head}: {len(report.built)} output(s) made, {len(report.reused)} unchanged"
                 f"{removed} in {report.seconds:.1f} s; {len(pdfs)} PDF(s) rendered "
                 f"({pages} pages) into {where}")
    if report.stopped and report.not_built:
        lines.append(f"not made: {len(report.not_built)} PDF(s), e.g. "
                     + ", ".join(report.not_built[:3]) + " (run the build again to finish)")
    counts, details = warning_groups(report, relative)
    lines.extend(catalog_refusals(report))
    for locale, codes in sorted(counts.items()):
        if codes:
            parts = ", ".join(f"{count} {code}" for code, count in sorted(codes.items()))
            lines.append(f"warning: {locale}: {parts}")
    for line in report.withheld:
        locale = line.split(":")[0].split(" ")[0]
        lines.append(f"not published: {line} ([publish] threshold); `publisher build --proof "
                     f"--locale {locale}` builds its proof pages")
    # few, and each one may be an attack: named one by one
    for url in report.refused:
        lines.append(f"warning: refused to read {url}: only files inside the project are used")
    if details and log is not None:
        lines.append(f"details of {len(details)} warning(s): {relative(log)}")
    return lines


def write_log(report: BuildReport, relative, log: Path) -> bool:
    """The build's warnings in full, one per line (locale, code, file, what);
    False when there is nothing to say."""
    from ..core.fsutil import atomic_write_bytes

    _, details = warning_groups(report, relative)
    if not details:
        return False
    text = "locale\tcode\tfile\tdetail\n" + "\n".join(details) + "\n"
    atomic_write_bytes(log, text.encode("utf-8"), log.parent)
    return True
