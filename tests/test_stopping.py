"""Stopping a running build with real signals: Ctrl-C (once and twice) and SIGTERM.

The build runs as a command in its own process group with two PDF workers;
the signal goes to the whole group when it stands for Ctrl-C on a terminal
(the terminal signals every process of the foreground group), and to the
main process alone for SIGTERM (what a CI runner's time limit sends).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pypdf
import pytest

from conftest import copy_project

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def big(tmp_path) -> Path:
    """The sample with its documents copied three times: PDFs for a minute or so."""
    project = copy_project(tmp_path / "project")
    sources = sorted((project / "documents").glob("*.md"))
    for index in range(3):
        for source in sources:
            # each copy its own text: identical pages would share their PDFs in the cache
            (source.parent / f"copy{index}-{source.name}").write_text(
                source.read_text("utf-8") + f"\n\nThis is copy {index}.\n", "utf-8")
    return project


def descendants(pid: int) -> set[int]:
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as stream:
                    parent = int(stream.read().rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
            children.setdefault(parent, []).append(int(entry))
    found, todo = set(), [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.add(child)
            todo.append(child)
    return found


def alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as stream:
            return stream.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def start(project: Path):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-m", "publisher", "--project", str(project), "build",
               "--jobs", "2", "--locale", "en", "--locale", "de"]
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               text=True, start_new_session=True)
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.extend(process.stdout), daemon=True)
    reader.start()
    return process, lines, reader


def wait_for_pdfs(process, lines, count: int = 1, timeout: float = 240) -> set[int]:
    """Wait until ``count`` PDFs are done and return the build's processes then."""
    deadline = time.monotonic() + timeout
    workers: set[int] = set()
    while time.monotonic() < deadline:
        workers |= descendants(process.pid)
        if sum(".pdf" in line for line in list(lines)) >= count:
            return workers | descendants(process.pid)
        assert process.poll() is None, "".join(lines)
        time.sleep(0.1)
    pytest.fail("no PDF was finished in time:\n" + "".join(lines))


def check_stopped(project: Path, process, lines, reader, workers, status: int,
                  finish: bool = False) -> None:
    started = time.monotonic()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        pytest.fail("the build did not stop within 15 s:\n" + "".join(lines))
    reader.join(5)
    output = "".join(lines)
    assert process.returncode == status, output
    assert time.monotonic() - started < 15
    assert workers, "the build had worker processes"
    time.sleep(0.5)
    assert not [pid for pid in workers if alive(pid)], "workers left running"
    assert "stopped:" in output and "not made:" in output, output
    assert "Traceback" not in output, output
    dist = project / "dist"
    assert not [p for p in dist.rglob("*") if p.name.endswith(".tmp")]
    pdfs = list(dist.rglob("*.pdf"))
    assert pdfs, "the PDFs finished before the stop are kept"
    for pdf in pdfs:
        assert len(pypdf.PdfReader(pdf).pages) >= 1
    if not finish:
        return
    # The cache is valid: the next build makes only what was not made.
    documents = len(list((project / "documents").glob("*.md")))
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    again = subprocess.run([sys.executable, "-m", "publisher", "--project", str(project), "build",
                            "--jobs", "2", "--locale", "en", "--locale", "de"],
                           env=env, capture_output=True, text=True)
    assert again.returncode == 0, again.stderr
    made = [line for line in again.stderr.splitlines() if line.startswith("[") and ".pdf" in line]
    assert len(made) == documents * 3 - len(pdfs)     # en, de and de's bilingual edition


def test_ctrl_c_stops_the_build_its_workers_and_says_what_is_left(big):
    process, lines, reader = start(big)
    workers = wait_for_pdfs(process, lines)
    os.killpg(process.pid, signal.SIGINT)
    check_stopped(big, process, lines, reader, workers, 130, finish=True)


def test_a_second_ctrl_c_never_hangs(big):
    process, lines, reader = start(big)
    workers = wait_for_pdfs(process, lines)
    os.killpg(process.pid, signal.SIGINT)
    time.sleep(0.05)
    os.killpg(process.pid, signal.SIGINT)
    check_stopped(big, process, lines, reader, workers, 130)


def test_sigterm_to_the_main_process_stops_the_workers_too(big):
    process, lines, reader = start(big)
    workers = wait_for_pdfs(process, lines)
    process.send_signal(signal.SIGTERM)
    check_stopped(big, process, lines, reader, workers, 143)
