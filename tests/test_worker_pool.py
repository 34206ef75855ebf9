"""The pool of PDF workers: every job's result comes back, never more jobs
render at once than asked (--jobs), and workers are fresh processes after
their share, whatever the jobs' lengths.  The renderer is replaced by a
stand-in that sleeps (tests/jobs_fakes.py), so timing is the only work."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

import publisher.build.jobs as jobs
from publisher.render.pdf import PdfJob

import jobs_fakes


def make_jobs(folder: Path, seconds: list[float]) -> list[PdfJob]:
    return [PdfJob(folder / f"p{index}-{length}.html", folder / f"p{index}.pdf", (folder,))
            for index, length in enumerate(seconds)]


def run(tmp_path: Path, seconds: list[float], workers: int, per_worker: int):
    scratch = tmp_path / "scratch"
    scratch.mkdir(exist_ok=True)
    for log in scratch.glob("log-*"):
        log.unlink()
    with jobs.running(make_jobs(tmp_path, seconds), scratch, workers, per_worker) as results:
        done = list(results)
    spans = [json.loads(line) for log in scratch.glob("log-*")
             for line in log.read_text().splitlines()]
    return done, spans


def most_at_once(spans) -> int:
    events = sorted([(start, 1) for _, start, _ in spans] + [(end, -1) for _, _, end in spans],
                    key=lambda event: (event[0], event[1]))
    current = best = 0
    for _, step in events:
        current += step
        best = max(best, current)
    return best


@pytest.fixture(autouse=True)
def stand_in(monkeypatch):
    monkeypatch.setattr(jobs, "render", jobs_fakes.timed)


def test_every_result_comes_back_however_fast_the_jobs(tmp_path):
    done, _ = run(tmp_path, [0.002] * 40, workers=2, per_worker=5)
    assert sorted(r.job.html_path.name for r in done) == \
        sorted(f"p{i}-0.002.html" for i in range(40))


def test_never_more_jobs_render_at_once_than_asked(tmp_path):
    # one long job among short ones: generations come and go around it
    seconds = [1.5] + [0.15] * 23
    done, spans = run(tmp_path, seconds, workers=2, per_worker=3)
    assert len(done) == len(spans) == 24
    assert most_at_once(spans) <= 2
    per_worker = Counter(r.worker for r in done)
    assert max(per_worker.values()) <= 6          # a generation: 2 workers x 3 jobs
    assert len(per_worker) >= 8                   # fresh processes after each share
    # and the cores were kept busy: the short jobs did not wait for the long one
    assert most_at_once(spans) == 2


def test_jobs_start_in_the_order_given(tmp_path):
    done, spans = run(tmp_path, [0.05] * 12, workers=2, per_worker=2)
    starts = [name for name, _, _ in sorted(spans, key=lambda span: span[1])]
    order = [int(name.split("-")[0][1:]) for name in starts]
    # two at a time: a job never starts before one given two places earlier
    assert all(order[i] < order[i + 2] + 2 for i in range(len(order) - 2)), order


def test_leaving_early_ends_the_workers_without_waiting_for_their_pdfs(tmp_path):
    """Ctrl-C (any exception) inside the block ends the workers at once: a PDF
    that would take a minute more is not waited for."""
    import os
    import time

    scratch = tmp_path / "scratch"
    scratch.mkdir()
    workers: set[int] = set()
    started = time.monotonic()
    with pytest.raises(KeyboardInterrupt):
        with jobs.running(make_jobs(tmp_path, [0.05, 60, 60]), scratch, 2, 10) as results:
            for result in results:           # the short job is back: the long ones render
                workers.add(result.worker)
                time.sleep(0.5)
                raise KeyboardInterrupt
    assert time.monotonic() - started < 40       # not the 60 s the long PDFs take
    time.sleep(0.2)
    alive = []
    for pid in workers:
        try:
            os.kill(pid, 0)
            alive.append(pid)
        except ProcessLookupError:
            pass
    assert workers and alive == []
