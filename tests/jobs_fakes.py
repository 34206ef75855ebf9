"""A stand-in for the PDF renderer in worker processes (importable by them):
each job sleeps for the time its page's name says (``p3-0.25.html``) and
notes when it ran."""

from __future__ import annotations

import json
import os
import time

from publisher.build.jobs import Rendered


def timed(job_and_scratch) -> Rendered:
    job, scratch = job_and_scratch
    seconds = float(job.html_path.stem.split("-", 1)[1])
    started = time.monotonic()
    time.sleep(seconds)
    with open(scratch / f"log-{os.getpid()}", "a") as log:
        log.write(json.dumps([job.html_path.name, started, time.monotonic()]) + "\n")
    return Rendered(job, b"%PDF-fake", 1, seconds, worker=os.getpid())
