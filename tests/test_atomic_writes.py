"""Writes are atomic: a process killed while it writes leaves each file
whole, old or new.  The writer is killed for real, mid-write, many times; a
plain ``open(..., "wb").write`` fails this test within a few kills."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from publisher.core.errors import PublisherError
from publisher.core.fsutil import atomic_write_bytes

SIZE = 8 * 1024 * 1024

WRITER = """
import sys
import pytest

from publisher.core.errors import PublisherError
from publisher.core.fsutil import atomic_write_bytes
path, size = sys.argv[1], int(sys.argv[2])
contents = [bytes([65 + i]) * size for i in range(3)]
print("ready", flush=True)
i = 0
while True:
    atomic_write_bytes(path, contents[i % 3])
    i += 1
"""


def whole(data: bytes) -> bool:
    return len(data) == SIZE and data == data[:1] * SIZE


def test_a_writer_killed_mid_write_leaves_the_file_whole(tmp_path):
    target = tmp_path / "out.pdf"
    target.write_bytes(b"A" * SIZE)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    for attempt in range(12):
        process = subprocess.Popen([sys.executable, "-c", WRITER, str(target), str(SIZE)],
                                   env=env, stdout=subprocess.PIPE, start_new_session=True)
        assert process.stdout.readline() == b"ready\n"
        time.sleep(0.05 + 0.037 * attempt)          # somewhere inside a write
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        assert whole(target.read_bytes()), f"kill {attempt}: a torn file"
    leftovers = [p.name for p in tmp_path.iterdir() if p != target]
    assert all(name.startswith(".out.pdf.") and name.endswith(".tmp") for name in leftovers)


def test_unchanged_bytes_are_not_rewritten_and_modes_are_kept(tmp_path):
    target = tmp_path / "page.html"
    assert atomic_write_bytes(target, b"one") is True
    os.chmod(target, 0o640)
    inode = target.stat().st_ino
    assert atomic_write_bytes(target, b"one") is False
    assert target.stat().st_ino == inode
    assert atomic_write_bytes(target, b"two") is True
    assert target.read_bytes() == b"two" and target.stat().st_ino != inode   # replaced, not edited
    assert target.stat().st_mode & 0o777 == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["page.html"]


def test_a_failing_write_leaves_the_old_file_and_no_temp_file(tmp_path, monkeypatch):
    target = tmp_path / "catalog.po"
    target.write_bytes(b"old")

    def full(fd, *args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises((OSError, PublisherError)):
        atomic_write_bytes(target, b"new")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["catalog.po"]


def test_atomic_writes_create_missing_folders(tmp_path):
    target = tmp_path / "dist" / "de" / "assets" / "page.html"
    assert atomic_write_bytes(target, b"x") and target.read_bytes() == b"x"


def test_new_files_get_the_usual_mode_not_an_executable_one(tmp_path):
    umask = os.umask(0o022)
    try:
        atomic_write_bytes(tmp_path / "new.pdf", b"%PDF")
    finally:
        os.umask(umask)
    assert (tmp_path / "new.pdf").stat().st_mode & 0o777 == 0o644
