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

import heapq
import os
import signal
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable, Iterator
from contextlib import contextmanager

from .pdf import PdfJob

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
    from .errors import PublisherError
    from .pdf import render_pdf

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
    import weasyprint  # noqa: F401

    return os.getpid()


class Pool:
    """Worker processes rendering PDF jobs, fed while they work.

    ``add`` queues a job with a priority (the lowest first: the build gives
    its longest jobs the lowest); the next job a freed worker gets is the
    first of those waiting, so jobs may keep coming while others render (the
    build adds each PDF as its page is made).  ``ready`` hands over the
    results finished by now without waiting; ``results`` waits for all the
    rest (no job may be added after it is called).

    At most ``workers`` jobs render at once.  Workers are recycled by
    generations: each pool of fresh processes takes at most ``workers *
    jobs_per_worker`` jobs, then the next pool takes the next ones.  The
    next pool's processes start (and load the renderer) while the last jobs
    of the one before render, so no core waits for them.  (The obvious tool,
    ``ProcessPoolExecutor(max_tasks_per_child=...)``, stops replacing workers
    on Python 3.11 to 3.13 and waits forever once a backlog is queued:
    CPython gh-115634.)  No process starts before two jobs are waiting: a
    lone job (or every job, with one worker) is rendered in this process
    when ``results`` is called."""

    def __init__(self, scratch: Path, workers: int, jobs_per_worker: int = JOBS_PER_WORKER):
        self.scratch = scratch
        self.workers = workers
        self.budget = max(1, workers * jobs_per_worker)
        self.tasks: list[tuple[object, int, PdfJob]] = []    # a heap: (priority, order, job)
        self.added = 0
        self.open = True                                     # more jobs may come
        self.pools: list[_Generation] = []       # pools with jobs; the last one takes new jobs
        self.upcoming: list[_Generation] = []    # the next pool, started early

    def add(self, job: PdfJob, priority: object = 0) -> None:
        if not self.open:
            raise RuntimeError("a job added after the results were asked for")
        heapq.heappush(self.tasks, (priority, self.added, job))
        self.added += 1
        if self._parallel():
            self._top_up()

    def ready(self) -> list[Rendered]:
        """The results finished by now (the workers get their next jobs first)."""
        return self._collect(0) if self._parallel() else []

    def results(self) -> Iterator[Rendered]:
        """Every result still to come, as it finishes."""
        self.open = False
        if not self._parallel():
            while self.tasks:
                yield render((heapq.heappop(self.tasks)[2], self.scratch))
            return
        self._top_up()
        while any(generation.futures for generation in self.pools):
            yield from self._collect(1.0)     # a timeout: Ctrl-C gets through

    def stop(self, finished: bool) -> None:
        """Wait for idle pools to end (``finished``), or end every worker now."""
        for generation in self.pools + self.upcoming:
            if finished:
                generation.pool.shutdown(wait=True)
            else:
                stop_pool(generation.pool)

    def _parallel(self) -> bool:
        return bool(self.pools or self.upcoming) or (self.workers > 1 and len(self.tasks) >= 2)

    def _start(self) -> None:
        size = self.workers if self.open else min(self.workers, len(self.tasks))
        generation = _Generation(_new_pool(size))
        self.upcoming.append(generation)   # known before anything can fail: stopped with the rest
        for _ in range(size):
            generation.pool.submit(_warm)

    def _top_up(self) -> None:
        """Keep ``workers`` jobs rendering, the first waiting first."""
        pools = self.pools
        rendering = sum(len(generation.futures) for generation in pools)
        while self.tasks and rendering < self.workers:
            if not pools or pools[-1].submitted >= self.budget:
                if not self.upcoming:
                    self._start()
                pools.append(self.upcoming.pop())
            current = pools[-1]
            job = heapq.heappop(self.tasks)[2]
            current.futures.add(current.pool.submit(render, (job, self.scratch)))
            current.submitted += 1
            rendering += 1
        # the next pool's processes start while this one renders its last jobs
        if self.tasks and not self.upcoming and pools[-1].submitted >= self.budget - self.workers:
            self._start()

    def _retire(self) -> None:
        """Shut down the pools that rendered their share (their processes are idle)."""
        for generation in list(self.pools):
            spent = generation is not self.pools[-1] or generation.submitted >= self.budget \
                or not (self.tasks or self.open)
            if spent and not generation.futures:
                generation.pool.shutdown(wait=True)
                self.pools.remove(generation)

    def _collect(self, timeout: float) -> list[Rendered]:
        from concurrent.futures import FIRST_COMPLETED, wait

        pending = set().union(*(generation.futures for generation in self.pools))
        if pending and timeout:
            wait(pending, timeout=timeout, return_when=FIRST_COMPLETED)
        finished = []
        for generation in self.pools:
            done = [future for future in generation.futures if future.done()]
            generation.futures.difference_update(done)
            finished += done
        self._top_up()           # the workers get their next jobs before results are handled
        self._retire()
        return [_result(future) for future in finished]


@contextmanager
def pool(scratch: Path, workers: int, jobs_per_worker: int = JOBS_PER_WORKER) -> Iterator[Pool]:
    """A :class:`Pool` for the block.  Leaving the block early (an exception,
    Ctrl-C) terminates the workers and drops the jobs not yet finished."""
    jobs = Pool(scratch, workers, jobs_per_worker)
    finished = False
    try:
        yield jobs
        finished = True
    finally:
        jobs.stop(finished)


@contextmanager
def running(jobs: list[PdfJob], scratch: Path, workers: int,
            jobs_per_worker: int = JOBS_PER_WORKER) -> Iterator[Iterator[Rendered]]:
    """Start rendering ``jobs`` (already in the order they should start) and
    give an iterator of the results as they finish; the caller may do other
    work first (see :class:`Pool`)."""
    with pool(scratch, workers, jobs_per_worker) as workers_pool:
        for job in jobs:
            workers_pool.add(job)        # equal priorities: in the order given
        yield workers_pool.results()


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

    from .errors import RenderError

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
