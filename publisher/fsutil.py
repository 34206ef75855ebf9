"""File system helpers shared by the modules that write files."""

from __future__ import annotations

import os
import secrets
from pathlib import Path


def atomic_write_bytes(path: str | Path, data: bytes) -> bool:
    """Replace the file at ``path`` with ``data`` atomically.

    Nothing is written when the file already holds exactly ``data``.  The new
    content goes to a temporary file in the same folder, is synced to disk and
    then renamed over the original, so a reader sees either the old or the new
    file, never a mix.  An existing file keeps its permission bits; a symlink
    is followed and its target replaced; missing parent folders are created.
    Returns whether the file was written.
    """
    target = Path(os.path.realpath(path))
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        if target.read_bytes() == data:
            return False
        mode = target.stat().st_mode & 0o7777
    except FileNotFoundError:
        mode = None
    tmp, fd = _create_temp(target)
    try:
        with os.fdopen(fd, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        if mode is not None:
            os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    _sync_folder(target.parent)
    return True


def _create_temp(target: Path) -> tuple[Path, int]:
    """Create a new, empty temporary file beside ``target`` (umask applies)."""
    while True:
        tmp = target.with_name(f".{target.name}.{secrets.token_hex(4)}.tmp")
        try:
            flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL
            return tmp, os.open(tmp, flags, 0o666)
        except FileExistsError:
            continue


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable where the platform allows it."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
