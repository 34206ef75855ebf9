"""File system helpers shared by the modules that write files."""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .errors import PublisherError


class UnsafePathError(PublisherError):
    """A path that a project file (a symlink) sends outside the project."""


class WriteError(PublisherError):
    """An output file could not be written (full disk, read-only folder,
    a file where a folder should be)."""


def inside(path: str | Path, root: str | Path) -> bool:
    """Whether ``path``, with every symlink resolved, is ``root`` or below it."""
    real, base = os.path.realpath(path), os.path.realpath(root)
    return real == base or real.startswith(base.rstrip(os.sep) + os.sep)


def check_readable(path: str | Path, root: str | Path, shown: str | None = None,
                   what: str = "file") -> None:
    """Refuse a file that resolves (through a symlink) outside ``root``."""
    if not inside(path, root):
        raise UnsafePathError(f"the {what} is a symlink to {os.path.realpath(path)}, outside "
                              "the project; it is not read",
                              path=shown or str(path),
                              hint="copy the file into the project instead of linking to it")


def atomic_write_bytes(path: str | Path, data: bytes, root: str | Path | None = None) -> bool:
    """Replace the file at ``path`` with ``data`` atomically.

    Nothing is written when the file already holds exactly ``data``.  The new
    content goes to a temporary file in the same folder, is synced to disk and
    then renamed over the original, so a reader sees either the old or the new
    file, never a mix.  An existing file keeps its permission bits; missing
    parent folders are created.  A symlink is never written through (a
    symlink committed in a project could point anywhere on the machine), and
    with ``root`` the file's folder must resolve inside ``root``.  A failure
    to write is a :class:`WriteError` naming the file; the old file stays.
    Returns whether the file was written.
    """
    target = Path(os.path.abspath(path))
    if target.is_symlink():
        raise UnsafePathError(f"refusing to write through a symlink (it points to "
                              f"{os.path.realpath(target)})", path=str(path),
                              hint="remove the symlink; this command writes a plain file here")
    if root is not None and not inside(target.parent, root):
        raise UnsafePathError(f"refusing to write: a symlinked folder sends this file to "
                              f"{os.path.realpath(target)}, outside {root}", path=str(path),
                              hint="replace the symlinked folder with a real one")
    try:
        return _write(target, data)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        if isinstance(exc, (NotADirectoryError, FileExistsError)):
            reason += " (a file stands where a folder is needed)"
        raise WriteError(f"cannot write the file: {reason}", path=str(path),
                         hint="check that the folder is writable, the disk is not full and "
                              "no file has the name of a folder on the way") from None


def _write(target: Path, data: bytes) -> bool:
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


@contextmanager
def folder_lock(folder: str | Path) -> Iterator[None]:
    """Hold an exclusive advisory lock on ``folder`` (flock on the folder
    itself, so no lock file is left behind) while the block runs: two
    read-modify-write edits of a file in it run one after the other.  Waits
    for the other holder.  Where the platform has no flock, no lock."""
    try:
        import fcntl
    except ImportError:   # not POSIX
        yield
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def files_under(folder: Path) -> list[Path]:
    """Every file under ``folder``, through symlinked folders too (the
    template loader follows them), in a fixed order."""
    found, seen = [], set()
    for top, folders, names in os.walk(folder, followlinks=True):
        real = os.path.realpath(top)
        if real in seen:          # a link back up the tree: once is enough
            folders.clear()
            continue
        seen.add(real)
        folders.sort()
        found += [Path(top) / name for name in sorted(names) if (Path(top) / name).is_file()]
    return found
