"""The build cache: outputs kept by the hash of everything that makes their bytes.

The cache lives in a folder inside the project (``.publisher-cache/``,
ignored by git).  It holds

- ``objects/``: output files stored under the SHA-256 of their bytes;
- ``index.json``: for each input key (a hash of an output's inputs) the
  digest of the bytes it produced and how long it took; for each output
  folder, the files publisher wrote there (so outputs of removed documents
  can be removed, and nothing else is touched).

Keys are content hashes, never timestamps.  A missing, foreign (another
format or version) or corrupt cache (bad JSON, a truncated or edited object)
is treated as empty: an object whose bytes do not hash to its name is
never used.  Every file is written atomically, so a build stopped at any
point leaves a cache that is valid, only less full.

The cache is untrusted input (it can be committed, or restored from a CI
cache someone else saved): a symlink in it, or the folder itself as a
symlink, is refused with its path; an index entry names the output it was
made for (``fr/report.pdf``) and is used only for that output, and a page
only when its ``lang`` is the locale's; the outputs it lists are removed
only when they are plain paths inside the output folder.  Entries no build
used in the last ``keep`` builds are dropped, and objects no entry refers to
are deleted (the cache stays about as large as ``keep`` builds' outputs).
Each build renders into a scratch folder of its own, removed at its end.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import secrets
import shutil
import stat
import time
from dataclasses import dataclass, field
from pathlib import Path

from ..core.fingerprints import renderer_versions
from ..core.fsutil import UnsafePathError, atomic_write_bytes

CACHE_DIR = ".publisher-cache"
#: Bump when the index or the keys change meaning.
FORMAT = 3
#: Entries no build used in this many builds are dropped (setting ``[cache] keep``).
KEEP_BUILDS = 10
#: The scratch folders of the builds running now (one each).
SCRATCH = "scratch"
_DIGEST = re.compile(r"[0-9a-f]{64}")


def refuse_symlinks(folder: Path) -> None:
    """Refuse a cache folder that is a symlink or holds one: a committed or
    restored cache must not send a write, a read or a removal elsewhere."""
    if os.path.islink(folder):
        raise UnsafePathError(f"the build cache is a symlink (to {os.path.realpath(folder)}); "
                              "it is not used", path=str(folder),
                              hint="remove the symlink (publisher clean --cache); the next "
                                   "build makes a real folder")
    if not os.path.isdir(folder):
        return
    for top, folders, files in os.walk(folder):
        for name in folders + files:
            path = os.path.join(top, name)
            if os.path.islink(path):
                raise UnsafePathError(f"the build cache holds a symlink (to "
                                      f"{os.path.realpath(path)}); it is not used",
                                      path=path, hint="remove the cache (publisher clean "
                                                      "--cache); the next build makes it again")


def safe_output(relative: str) -> bool:
    """Whether an output path from the index is a plain path below an output
    folder (``fr/report.pdf``, ``assets/images/a.png``): no ``..``, no
    absolute path, no empty or hidden part, no control character."""
    if not isinstance(relative, str) or not relative or len(relative) > 1024:
        return False
    parts = relative.split("/")
    return all(part and part not in (".", "..") and not part.startswith(".")
               and part.isprintable() and "\\" not in part for part in parts)


@dataclass
class Entry:
    digest: str
    seconds: float = 0.0
    pages: int = 0
    notes: list[str] = field(default_factory=list)   # e.g. what the renderer refused to read
    claim: str = ""     # the output it was made for: "fr/report.pdf", "webfonts"
    used: int = 0       # the last build (by number) that made or used it


@dataclass
class PageEntry:
    """A page rendered before: its HTML (an object, by digest) and what its
    rendering reported (the lines of segments shown in the source language,
    the template strings that fell back), so that a page taken from the
    cache reports the same as one rendered."""

    digest: str
    fallbacks: list[str] = field(default_factory=list)
    template_fallbacks: list[str] = field(default_factory=list)
    claim: str = ""     # the page it was made for: "fr/report.html"
    used: int = 0


@dataclass
class BuildCache:
    """The cache of one project; ``enabled=False`` reads nothing (``--force``)
    but still records what the build makes."""

    folder: Path
    enabled: bool = True
    entries: dict[str, Entry] = field(default_factory=dict)
    outputs: dict[str, list[str]] = field(default_factory=dict)
    costs: dict[str, float] = field(default_factory=dict)
    pages: dict[str, PageEntry] = field(default_factory=dict)
    builds: int = 0          # builds recorded in the index, this one included
    keep: int = KEEP_BUILDS
    started: float = field(default_factory=time.time)
    _scratch: Path | None = None

    @classmethod
    def open(cls, folder: Path, enabled: bool = True, keep: int = KEEP_BUILDS) -> "BuildCache":
        refuse_symlinks(folder)
        cache = cls(folder, enabled, keep=max(1, keep))
        data = cache._load()
        if data is None:
            return cache
        try:
            # What earlier builds wrote (so that the outputs of removed documents
            # are removed) holds whatever versions wrote it.
            cache.outputs = {str(k): [str(p) for p in v if safe_output(p)]
                             for k, v in data["outputs"].items()}
            cache.costs = {str(k): float(v) for k, v in data["costs"].items()}
        except (ValueError, KeyError, TypeError, IndexError, AttributeError):
            cache.outputs, cache.costs = {}, {}
        try:
            cache.builds = max(0, int(data.get("builds", 0)))
        except (ValueError, TypeError, OverflowError):
            cache.builds = 0
        if data.get("format") != FORMAT or data.get("versions") != renderer_versions():
            return cache
        try:
            entries = {str(k): Entry(str(v[0]), float(v[1]), int(v[2]), [str(n) for n in v[3]],
                                     str(v[4]), int(v[5]))
                       for k, v in data["entries"].items()}
            pages = {str(k): PageEntry(str(v[0]), [str(n) for n in v[1]],
                                       [str(n) for n in v[2]], str(v[3]), int(v[4]))
                     for k, v in data["pages"].items()}
        except (ValueError, KeyError, TypeError, IndexError, AttributeError, OverflowError):
            entries, pages = {}, {}
        # an entry that names no output, or an object that is no digest, is not used
        cache.entries = {k: e for k, e in entries.items() if e.claim and _DIGEST.fullmatch(e.digest)}
        cache.pages = {k: e for k, e in pages.items() if e.claim and _DIGEST.fullmatch(e.digest)}
        return cache

    def _load(self) -> dict | None:
        try:
            data = json.loads(self._read_file(self.folder / "index.json", 256 << 20) or b"")
        except (OSError, ValueError, RecursionError):
            return None
        if not isinstance(data, dict) or data.get("format") not in (1, 2, FORMAT):
            return None
        return data

    def _object(self, digest: str) -> Path:
        return self.folder / "objects" / digest[:2] / digest[2:]

    def get(self, key: str, claim: str) -> tuple[bytes, Entry] | None:
        """The bytes made from ``key`` last time for the output ``claim``, if
        they are still intact."""
        entry = self.entries.get(key) if self.enabled else None
        if entry is None or entry.claim != claim:
            return None
        data = self._read(entry.digest)
        if data is None:
            return None
        entry.used = self.builds + 1
        return data, entry

    def _read_file(self, path: Path, limit: int = 1 << 31) -> bytes | None:
        """A regular file's bytes, never through a symlink (nor a device or a pipe)."""
        try:
            fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
        except OSError:
            return None
        with os.fdopen(fd, "rb") as stream:
            info = os.fstat(stream.fileno())
            if not stat.S_ISREG(info.st_mode) or info.st_size > limit:
                return None
            return stream.read()

    def _read(self, digest: str) -> bytes | None:
        """An object's bytes, if they still hash to its name."""
        if not _DIGEST.fullmatch(digest):
            return None
        data = self._read_file(self._object(digest))
        if data is None:
            return None
        return data if hashlib.sha256(data).hexdigest() == digest else None

    def _store(self, data: bytes) -> str:
        digest = hashlib.sha256(data).hexdigest()
        target = self._object(digest)
        if self._read(digest) is None:
            atomic_write_bytes(target, data, self.folder)
        return digest

    def put(self, key: str, data: bytes, seconds: float = 0.0, pages: int = 0,
            notes: list[str] | None = None, claim: str = "") -> None:
        self.entries[key] = Entry(self._store(data), seconds, pages, list(notes or ()), claim,
                                  self.builds + 1)

    def get_page(self, key: str, claim: str, locale_tag: str) -> tuple[str, PageEntry] | None:
        """The HTML rendered from ``key`` last time for the page ``claim``
        (``fr/report.html``), if it is still intact and its ``lang`` is
        ``locale_tag``."""
        entry = self.pages.get(key) if self.enabled else None
        if entry is None or entry.claim != claim:
            return None
        data = self._read(entry.digest)
        if data is None:
            return None
        try:
            html = data.decode("utf-8")
        except UnicodeDecodeError:
            return None
        if f'<html lang="{locale_tag}"' not in html[:2000]:
            return None
        entry.used = self.builds + 1
        return html, entry

    def put_page(self, key: str, html: str, fallbacks: list[str],
                 template_fallbacks: list[str], claim: str = "") -> None:
        self.pages[key] = PageEntry(self._store(html.encode("utf-8")), list(fallbacks),
                                    list(template_fallbacks), claim, self.builds + 1)

    def save(self) -> None:
        """Write the index, keeping entries another build saved meanwhile;
        entries no build used in the last ``keep`` builds are dropped, and
        objects no entry refers to are deleted."""
        refuse_symlinks(self.folder)
        merged = BuildCache.open(self.folder)
        build = max(merged.builds, self.builds) + 1
        oldest = build - self.keep + 1

        def fresh(theirs: dict, ours: dict) -> dict:
            items = {**theirs, **ours}
            for key, entry in items.items():
                if key in theirs:
                    entry.used = max(entry.used, theirs[key].used)
            return {k: e for k, e in sorted(items.items()) if e.used >= oldest}
        entries = fresh(merged.entries, self.entries)
        pages = fresh(merged.pages, self.pages)
        data = {"format": FORMAT, "versions": renderer_versions(), "builds": build,
                "entries": {k: [e.digest, round(e.seconds, 3), e.pages, e.notes, e.claim, e.used]
                            for k, e in entries.items()},
                "pages": {k: [e.digest, e.fallbacks, e.template_fallbacks, e.claim, e.used]
                          for k, e in pages.items()},
                "outputs": {**merged.outputs, **self.outputs},
                "costs": {**merged.costs, **{k: round(v, 3) for k, v in self.costs.items()}}}
        self.folder.mkdir(parents=True, exist_ok=True)
        ignore = self.folder / ".gitignore"
        if not ignore.exists():
            atomic_write_bytes(ignore, b"*\n", self.folder)
        atomic_write_bytes(self.folder / "index.json",
                           json.dumps(data, sort_keys=True).encode("utf-8"), self.folder)
        self.builds = build
        used = {e.digest for e in entries.values()} | {e.digest for e in pages.values()}
        self.collect(used)

    def collect(self, used: set[str]) -> list[Path]:
        """Delete the objects not in ``used`` that are older than this build
        (a build running beside this one may have just stored its own)."""
        removed = []
        objects = self.folder / "objects"
        if not objects.is_dir() or objects.is_symlink():
            return removed
        for sub in sorted(objects.iterdir()):
            if sub.is_symlink() or not sub.is_dir():
                continue
            for path in sorted(sub.iterdir()):
                try:
                    info = path.lstat()
                except OSError:
                    continue
                if sub.name + path.name in used or info.st_mtime >= self.started:
                    continue
                if stat.S_ISREG(info.st_mode) or stat.S_ISLNK(info.st_mode):
                    path.unlink(missing_ok=True)
                    removed.append(path)
            try:
                sub.rmdir()     # only when now empty
            except OSError:
                pass
        return removed

    def scratch(self) -> Path:
        """A folder of this build's own for files being made (another build
        may be running beside it); the folders of builds that ended without
        removing theirs are removed."""
        if self._scratch is not None:
            return self._scratch
        refuse_symlinks(self.folder)
        top = self.folder / SCRATCH
        top.mkdir(parents=True, exist_ok=True)
        for child in top.iterdir():
            pid = child.name.split("-")[0]
            if child.is_dir() and not child.is_symlink() and pid.isdigit() \
                    and not _alive(int(pid)):
                shutil.rmtree(child, ignore_errors=True)
        folder = top / f"{os.getpid()}-{secrets.token_hex(4)}"
        folder.mkdir()
        self._scratch = folder
        return folder

    def close(self) -> None:
        """Remove this build's scratch folder."""
        if self._scratch is not None:
            shutil.rmtree(self._scratch, ignore_errors=True)
            self._scratch = None


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):
        return True
    return True


def output_id(folder: Path, project: Path) -> str:
    """How the cache names an output folder: relative to the project when
    inside it (a moved or copied project keeps its records)."""
    real, root = Path(os.path.realpath(folder)), Path(os.path.realpath(project))
    try:
        return real.relative_to(root).as_posix()
    except ValueError:
        return real.as_posix()
