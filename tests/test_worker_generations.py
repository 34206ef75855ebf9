"""PDF workers are recycled by generations of fresh processes: many jobs with
a small per-worker budget all finish (Python 3.11's max_tasks_per_child would
wait forever here, CPython gh-115634) and no worker renders more than its
share."""

from __future__ import annotations

from collections import Counter

from publisher.build.jobs import running
from publisher.render.pdf import PdfJob


def test_many_jobs_with_recycled_workers_all_finish(tmp_path):
    pages = tmp_path / "pages"
    pages.mkdir()
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    jobs = []
    for number in range(9):
        html = pages / f"p{number}.html"
        html.write_text(f"<!doctype html><html lang='en'><title>p{number}</title>"
                        f"<p>Page {number}</p></html>", encoding="utf-8")
        jobs.append(PdfJob(html, pages / f"p{number}.pdf", (pages,)))
    with running(jobs, scratch, workers=2, jobs_per_worker=2) as results:
        done = list(results)
    assert sorted(r.job.html_path.name for r in done) == sorted(j.html_path.name for j in jobs)
    assert all(r.error is None and r.data.startswith(b"%PDF") for r in done)
    per_worker = Counter(r.worker for r in done)
    assert len(per_worker) >= 3                       # fresh processes after each share
    assert max(per_worker.values()) <= 4              # a generation: 2 workers x 2 jobs
