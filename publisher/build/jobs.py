"""Running PDF jobs: one pool of worker processes, longest jobs first.

Workers render into a scratch folder and hand the bytes back; only the
build (in the main process) writes outputs, atomically.  So a worker that
is stopped half-way leaves nothing half-written in the output folder.

Workers ignore Ctrl-C (the main process decides), die with the main process
(Linux: the parent-death signal), and are replaced after about ``jobs_per_worker``
jobs (by generations of fresh processes, see ``running``), so that their memory stays flat however many documents a project has:
WeasyPrint keeps caches (fonts, images, layout) that grow with every PDF.

Stopping: any exception in the main process while jobs run (Ctrl-C, the
SIGTERM handler of the command line, an error) cancels the queued jobs and
terminates the workers before it goes on.
"""

from __future__ import annotations

import os
import signal
import time
from collections import deque
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable, Iterator

from ..render.pdf import PdfJob, load_renderer

#: Jobs a worker renders before it is replaced by a fresh process.
JOBS_PER_WORKER = 25


@dataclass
class Event:
    """What the build tells its progress display."""

    kind: str               # "plan": how many outputs in all; "done": one output finished;
                            # "stage": what the build does now (in ``output``)
    output: str = ""        # the output's path in the output folder
    locale: str = ""
    document: str = ""
    action: str = ""        # "built" or "reused"
    seconds: float = 0.0
    pages: int = 0
    total: int = 0


@dataclass
class Rendered:
    """A finished PDF job: its bytes, or the error it raised."""

    job: PdfJob
    data: bytes = b""
    pages: int = 0
    seconds: float = 0.0
    refused: list[str] = field(default_factory=list)
    error: Exception | None = None
    text_layer_exact: bool = True
    worker: int = 0
    worker_rss_kb: int = 0
    fit: int | None = None          # copyfitting, as in PdfResult
    scale: float = 1.0
    overflow: bool = False


def _start_worker() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    try:    # die with the main process, never orphaned (Linux)
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)   # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def _rss_kb() -> int:
    try:
        with open("/proc/self/statm") as stream:
            return int(stream.read().split()[1]) * (os.sysconf("SC_PAGE_SIZE") // 1024)
    except (OSError, ValueError, IndexError):
        return 0


def render(job_and_scratch: tuple[PdfJob, Path]) -> Rendered:
    """Render one job into the scratch folder and return its bytes."""
    from ..core.errors import PublisherError
    from ..render.pdf import render_pdf

    job, scratch = job_and_scratch
    started = time.perf_counter()
    target = scratch / f"{os.getpid()}-{time.monotonic_ns()}.pdf"
    try:
        # the scratch folder first: the renderer writes only inside its first root
        result = render_pdf(replace(job, pdf_path=target, roots=(scratch, *job.roots)))
        data = target.read_bytes()
    except PublisherError as error:
        return Rendered(job, error=error, seconds=time.perf_counter() - started,
                        worker=os.getpid(), worker_rss_kb=_rss_kb())
    finally:
        target.unlink(missing_ok=True)
    return Rendered(job, data, result.pages, result.seconds, list(result.refused),
                    worker=os.getpid(), worker_rss_kb=_rss_kb(),
                    text_layer_exact=getattr(result, "text_layer_exact", True),
                    fit=result.fit, scale=result.scale, overflow=result.overflow)


@dataclass
class _Generation:
    """One pool of fresh worker processes and the jobs it was given."""

    pool: object
    submitted: int = 0
    futures: set = field(default_factory=set)      # its unfinished renders


def _warm() -> int:
    """Load the renderer in a fresh worker before its first job."""
    load_renderer()
    return os.getpid()


@contextmanager
def running(jobs: list[PdfJob], scratch: Path, workers: int,
            jobs_per_worker: int = JOBS_PER_WORKER) -> Iterator[Iterator[Rendered]]:
    """Start rendering ``jobs`` (already in the order they should start) and
    give an iterator of the results as they finish; the caller may do other
    work first.  Leaving the block early (an exception, Ctrl-C) terminates
    the workers and drops the jobs not yet finished.

    At most ``workers`` jobs render at once.  Workers are recycled by
    generations: each pool of fresh processes takes at most ``workers *
    jobs_per_worker`` jobs, then the next pool takes the next ones.  The
    next pool's processes start (and load the renderer) while the last jobs
    of the one before render, so no core waits for them.  (The obvious tool,
    ``ProcessPoolExecutor(max_tasks_per_child=...)``, stops replacing workers
    on Python 3.11 to 3.13 and waits forever once a backlog is queued:
    CPython gh-115634.)"""
    tasks = deque((job, scratch) for job in jobs)
    if workers <= 1 or len(jobs) <= 1:
        yield (render(task) for task in tasks)
        return
    budget = max(1, workers * jobs_per_worker)
    pools: list[_Generation] = []        # pools with jobs; the last one takes new jobs
    upcoming: list[_Generation] = []     # the next pool, started early

    def start() -> None:
        size = min(workers, len(tasks))
        generation = _Generation(_new_pool(size))
        upcoming.append(generation)      # known before anything can fail: stopped with the rest
        for _ in range(size):
            generation.pool.submit(_warm)

    def top_up() -> None:
        """Keep ``workers`` jobs rendering, in order."""
        rendering = sum(len(generation.futures) for generation in pools)
        while tasks and rendering < workers:
            if not pools or pools[-1].submitted >= budget:
                if not upcoming:
                    start()
                pools.append(upcoming.pop())
            current = pools[-1]
            current.futures.add(current.pool.submit(render, tasks.popleft()))
            current.submitted += 1
            rendering += 1
        # the next pool's processes start while this one renders its last jobs
        if tasks and not upcoming and pools[-1].submitted >= budget - workers:
            start()

    def retire() -> None:
        """Shut down the pools that rendered their share (their processes are idle)."""
        for generation in list(pools):
            spent = generation is not pools[-1] or generation.submitted >= budget or not tasks
            if spent and not generation.futures:
                generation.pool.shutdown(wait=True)
                pools.remove(generation)

    def results() -> Iterator[Rendered]:
        from concurrent.futures import FIRST_COMPLETED, wait

        top_up()
        while any(generation.futures for generation in pools):
            pending = set().union(*(generation.futures for generation in pools))
            wait(pending, timeout=1.0, return_when=FIRST_COMPLETED)    # Ctrl-C gets through
            finished = []
            for generation in pools:
                done = [future for future in generation.futures if future.done()]
                generation.futures.difference_update(done)
                finished += done
            top_up()           # the workers get their next jobs before results are handled
            retire()
            for future in finished:
                yield _result(future)

    finished = False
    try:
        yield results()
        finished = True
    finally:
        for generation in pools + upcoming:
            if finished:
                generation.pool.shutdown(wait=True)
            else:
                stop_pool(generation.pool)


def _new_pool(workers: int):
    """A pool of fresh worker processes (started as jobs are given)."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    # Fresh interpreters: the main process may run threads (the progress
    # display), which a forked child must not inherit half-way.  The
    # executor (unlike multiprocessing.Pool) reports a worker that died
    # (out of memory, a crash in the renderer) instead of waiting forever.
    return ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"),
                               initializer=_start_worker)


def _result(future) -> Rendered:
    from concurrent.futures.process import BrokenProcessPool

    from ..core.errors import RenderError

    try:
        return future.result()
    except BrokenProcessPool:
        raise RenderError("a PDF worker stopped unexpectedly (out of memory, or a crash "
                          "in the renderer)",
                          hint="run the build again; with --jobs 1 to find the page") from None


def stop_pool(pool) -> None:
    """End a pool's workers at once, without waiting for their jobs; further
    Ctrl-C cannot interrupt this (it takes a moment, never hangs)."""
    previous = None
    try:
        previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    except ValueError:   # not the main thread
        pass
    try:
        processes = list((getattr(pool, "_processes", None) or {}).values())
        pool.shutdown(wait=False, cancel_futures=True)
        for process in processes:
            process.terminate()
        for process in processes:
            process.join(5)
            if process.is_alive():
                process.kill()
                process.join(1)
    finally:
        if previous is not None:
            signal.signal(signal.SIGINT, previous)


def order_by_cost(jobs: list[PdfJob], cost: Callable[[PdfJob], float]) -> list[PdfJob]:
    """Longest first; ties in a fixed order (by output path)."""
    return sorted(jobs, key=lambda job: (-cost(job), str(job.pdf_path)))


def shard_of(items: list[tuple[str, float]], shards: int) -> dict[str, int]:
    """Assign named items with costs to ``shards`` bins, longest first, each to
    the least loaded bin (ties to the lowest): deterministic for the same
    names and costs."""
    loads = [0.0] * shards
    assignment: dict[str, int] = {}
    for name, cost in sorted(items, key=lambda item: (-item[1], item[0])):
        index = min(range(shards), key=lambda i: (loads[i], i))
        loads[index] += cost
        assignment[name] = index
    return assignment
