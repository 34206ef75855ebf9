"""Pages and PDFs share the cores: each PDF goes to the workers as soon as its
page is made, while the main process makes the next pages; the workers take
the longest of the waiting PDFs first.  The renderer is replaced by a
stand-in (tests/jobs_fakes.py), so only the order of things is tested."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

import publisher.build as build_module
import publisher.jobs as jobs
from publisher.build import build
from publisher.config import load_settings
from publisher.pdf import PdfJob

import jobs_fakes
from projects import make_project

TEXT = "---\ntitle: Document {}\n---\n\nA paragraph of text.\n"


def test_pdfs_render_while_the_later_pages_are_made(tmp_path, monkeypatch):
    project = make_project(tmp_path / "project",
                           {f"doc{i}": TEXT.format(i) for i in range(4)}, ("de",))
    monkeypatch.setattr(jobs, "render", jobs_fakes.instant)
    log = project / ".publisher-cache" / "rendered.log"
    made: list[int] = []
    waited: list[str] = []
    real = build_module.render_document_page

    def page(*args, **kwargs):
        made.append(1)
        if len(made) == 8:       # the last page: PDFs of the first ones are done by now
            deadline = time.monotonic() + 60
            while not log.is_file() and time.monotonic() < deadline:
                time.sleep(0.02)
            waited.append(log.read_text() if log.is_file() else "")
        return real(*args, **kwargs)

    monkeypatch.setattr(build_module, "render_document_page", page)
    events = []
    report = build(load_settings(project), formats=("html", "pdf"), jobs=2,
                   progress=events.append)
    assert len(made) == 8 and waited and waited[0], "no PDF was made before the last page"
    assert len(report.pdfs) == 8
    assert sorted(log.read_text().split()) == sorted(f"{locale}/doc{i}.pdf" for i in range(4)
                                                     for locale in ("en", "de"))
    done = [e.output for e in events if e.kind == "done"]
    assert len(done) == len(set(done)) == 8 + 8 + 3 + 1   # pages, PDFs, indexes, web fonts


def test_a_lone_pdf_renders_in_the_main_process(tmp_path, monkeypatch):
    project = make_project(tmp_path / "project", {"doc": TEXT.format(0)})
    monkeypatch.setattr(jobs, "render", jobs_fakes.instant)
    monkeypatch.setattr(jobs, "_new_pool", lambda workers: pytest.fail("a pool for one PDF"))
    report = build(load_settings(project), formats=("pdf",), jobs=2)
    assert len(report.pdfs) == 1


def timed_jobs(folder: Path, seconds: list[float]) -> list[PdfJob]:
    return [PdfJob(folder / f"p{index}-{length}.html", folder / f"p{index}.pdf", (folder,))
            for index, length in enumerate(seconds)]


def test_jobs_that_come_while_others_render_start_by_priority(tmp_path, monkeypatch):
    monkeypatch.setattr(jobs, "render", jobs_fakes.timed)
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    first, later = timed_jobs(tmp_path, [0.8, 0.8]), timed_jobs(tmp_path / "b", [0.05] * 6)
    (tmp_path / "b").mkdir()
    with jobs.pool(scratch, workers=2) as workers:
        for job in first:
            workers.add(job, 0)
        time.sleep(0.3)            # both workers busy: the next jobs wait
        for priority, job in zip([5, 1, 4, 0, 3, 2], later):
            workers.add(job, priority)
        assert workers.ready() == []
        done = list(workers.results())
    assert len(done) == 8
    spans = sorted((json.loads(line) for log in scratch.glob("log-*")
                    for line in log.read_text().splitlines()), key=lambda span: span[1])
    names = [name for name, _, _ in spans]
    assert set(names[:2]) == {"p0-0.8.html", "p1-0.8.html"}
    # the waiting jobs by priority: p3 (0), p1 (1), p5 (2), p4 (3), p2 (4), p0 (5); two
    # workers may swap two neighbours, never more
    rank = {"p3": 0, "p1": 1, "p5": 2, "p4": 3, "p2": 4, "p0": 5}
    later = [rank[name.split("-")[0]] for name in names[2:]]
    assert sorted(later) == list(range(6))
    assert all(later[i] < later[i + 2] for i in range(len(later) - 2)), names


def test_no_job_is_added_after_the_results_are_asked_for(tmp_path):
    with jobs.pool(tmp_path, workers=2) as workers:
        assert list(workers.results()) == []
        with pytest.raises(RuntimeError):
            workers.add(timed_jobs(tmp_path, [0.01])[0])
