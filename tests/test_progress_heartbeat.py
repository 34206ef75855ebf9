"""Plain progress output never goes quiet: when no output has finished for
a moment, a line says what the build is doing.  The build's own stages are
announced through its progress events."""

from __future__ import annotations

import io
import re
import threading
import time

import pytest
from test_incremental import make_project

from publisher.build.jobs import Event
from publisher.build.pipeline import build
from publisher.cli.progress import BuildProgress
from publisher.sources.config import load_settings


class Clock(io.StringIO):
    """A stream that notes when each line was written."""

    def __init__(self) -> None:
        super().__init__()
        self.times: list[float] = []
        self.lock = threading.Lock()

    def write(self, text: str) -> int:
        with self.lock:
            self.times.extend(time.monotonic() for _ in range(text.count("\n")))
            return super().write(text)


def test_a_long_silence_is_filled_with_what_the_build_does():
    stream = Clock()
    with BuildProgress(stream, live=False, heartbeat=0.2) as progress:
        progress(Event("plan", total=3))
        progress(Event("stage", "rendering 2 PDF(s)"))
        progress(Event("done", "en/a.html", "en", "a", action="built"))
        time.sleep(1.0)                       # a long PDF
        progress(Event("done", "en/a.pdf", "en", "a", action="built", seconds=1.0, pages=2))
    lines = stream.getvalue().splitlines()
    beats = [line for line in lines if line.startswith("working: ")]
    assert lines[0].startswith("[1/3] built en/a.html")
    assert lines[-1].startswith("[2/3] built en/a.pdf")
    assert 3 <= len(beats) <= 6
    assert all(re.fullmatch(r"working: rendering 2 PDF\(s\), 1/3 done, \d+ s", b) for b in beats)
    assert max(b - a for a, b in zip(stream.times, stream.times[1:])) < 0.5
    assert "\x1b" not in stream.getvalue() and "\r" not in stream.getvalue()


def test_quiet_and_a_terminal_get_no_heartbeat():
    quiet = Clock()
    with BuildProgress(quiet, quiet=True, live=False, heartbeat=0.1) as progress:
        progress(Event("stage", "rendering 1 PDF(s)"))
        time.sleep(0.5)
    assert quiet.getvalue() == ""
    live = Clock()
    with BuildProgress(live, live=True, heartbeat=0.1) as progress:
        progress(Event("stage", "rendering 1 PDF(s)"))
        time.sleep(0.5)
    assert "working:" not in live.getvalue()


def test_a_closed_stream_does_not_stop_the_build():
    stream = Clock()
    with BuildProgress(stream, live=False, heartbeat=0.1) as progress:
        stream.close()
        time.sleep(0.4)
        progress(Event("done", "en/a.html", "en", "a", action="built"))


@pytest.mark.parametrize("formats", [("html", "pdf")])
def test_a_build_announces_its_stages_in_order(tmp_path, formats):
    project = make_project(tmp_path / "project")
    events: list[Event] = []
    build(load_settings(project), jobs=1, formats=formats, progress=events.append)
    stages = [e.output for e in events if e.kind == "stage"]
    assert stages[:2] == ["reading the catalogs", "making the pages"]
    assert re.fullmatch(r"rendering \d+ PDF\(s\)", stages[2])
    assert stages[-1] == "removing outputs of removed documents"
    first_pdf = next(i for i, e in enumerate(events) if e.output.endswith(".pdf"))
    assert events.index(next(e for e in events if e.output == stages[2])) < first_pdf
