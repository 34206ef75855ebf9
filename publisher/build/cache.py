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
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from ..core.fsutil import atomic_write_bytes

CACHE_DIR = ".publisher-cache"
#: Bump when the index or the keys change meaning.
FORMAT = 2


def fingerprint(*parts: bytes | str) -> str:
    """SHA-256 of ``parts``, each length-prefixed so that no two lists of
    parts share a hash by concatenation."""
    digest = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "big"))
        digest.update(data)
    return digest.hexdigest()


def file_digest(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        for chunk in iter(lambda: stream.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


#: The libraries whose code makes the bytes of pages and PDFs.
LIBRARIES = ("weasyprint", "pydyf", "fonttools", "uharfbuzz", "babel", "jinja2", "markupsafe",
             "markdown-it-py", "mdit-py-plugins", "pyyaml", "pillow", "pyphen", "tinycss2",
             "cssselect2", "tinyhtml5", "brotli", "zopfli")
#: The system libraries WeasyPrint lays text out and subsets fonts with:
#: (shared object, its version function).
SYSTEM_LIBRARIES = (("libpango-1.0.so.0", "pango_version_string"),
                    ("libharfbuzz.so.0", "hb_version_string"),
                    ("libfontconfig.so.1", "FcGetVersion"),
                    ("libharfbuzz-subset.so.0", ""))


@lru_cache(maxsize=1)
def renderer_versions() -> str:
    """publisher's and the renderer's versions, and a hash of publisher's own
    files (a changed line of code is a new version, released or not); once
    per process: it reads some 1 MB and the packages' metadata."""
    from importlib import metadata

    from .. import __version__

    parts = [f"publisher {__version__} {code_digest()}", f"python {sys.version.split()[0]}"]
    for name in LIBRARIES:
        try:
            parts.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            parts.append(f"{name} -")
    return "; ".join(parts + system_versions())


def system_versions() -> list[str]:
    """The versions of Pango, HarfBuzz and fontconfig as loaded (a Debian
    upgrade of Pango can move a line break), and whether HarfBuzz's
    subsetter is there (it changes how fonts are embedded)."""
    import ctypes

    found = []
    for name, function in SYSTEM_LIBRARIES:
        try:
            library = ctypes.CDLL(name)
        except OSError:
            found.append(f"{name} -")
            continue
        version = "present"
        if function:
            call = getattr(library, function)
            call.restype = ctypes.c_int if function == "FcGetVersion" else ctypes.c_char_p
            value = call()
            version = value.decode("ascii", "replace") if isinstance(value, bytes) else str(value)
        found.append(f"{name} {version}")
    return found


def code_digest() -> str:
    """SHA-256 of publisher's files (code, templates, data), by relative path."""
    package = Path(__file__).resolve().parent.parent
    parts: list[str | bytes] = []
    for path in sorted(package.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc":
            parts += [path.relative_to(package).as_posix(), path.read_bytes()]
    return fingerprint(*parts)


@dataclass
class Entry:
    digest: str
    seconds: float = 0.0
    pages: int = 0
    notes: list[str] = field(default_factory=list)   # e.g. what the renderer refused to read


@dataclass
class PageEntry:
    """A page rendered before: its HTML (an object, by digest) and what its
    rendering reported (the lines of segments shown in the source language,
    the template strings that fell back), so that a page taken from the
    cache reports the same as one rendered."""

    digest: str
    fallbacks: list[str] = field(default_factory=list)
    template_fallbacks: list[str] = field(default_factory=list)


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

    @classmethod
    def open(cls, folder: Path, enabled: bool = True) -> "BuildCache":
        cache = cls(folder, enabled)
        try:
            data = json.loads((folder / "index.json").read_text("utf-8"))
            if not isinstance(data, dict) or data.get("format") not in (1, FORMAT):
                return cache
        except (OSError, ValueError):
            return cache
        try:
            # What earlier builds wrote (so that the outputs of removed documents
            # are removed) holds whatever versions wrote it.
            cache.outputs = {str(k): [str(p) for p in v] for k, v in data["outputs"].items()}
            cache.costs = {str(k): float(v) for k, v in data["costs"].items()}
        except (ValueError, KeyError, TypeError, IndexError, AttributeError):
            cache.outputs, cache.costs = {}, {}
        if data.get("format") != FORMAT or data.get("versions") != renderer_versions():
            return cache
        try:
            if enabled:
                cache.entries = {str(k): Entry(str(v[0]), float(v[1]), int(v[2]),
                                               [str(n) for n in v[3]])
                                 for k, v in data["entries"].items()}
                cache.pages = {str(k): PageEntry(str(v[0]), [str(n) for n in v[1]],
                                                 [str(n) for n in v[2]])
                               for k, v in data["pages"].items()}
        except (ValueError, KeyError, TypeError, IndexError, AttributeError):
            cache.entries, cache.pages = {}, {}
        return cache

    def _object(self, digest: str) -> Path:
        return self.folder / "objects" / digest[:2] / digest[2:]

    def get(self, key: str) -> tuple[bytes, Entry] | None:
        """The bytes made from ``key`` last time, if they are still intact."""
        entry = self.entries.get(key) if self.enabled else None
        if entry is None:
            return None
        data = self._read(entry.digest)
        return None if data is None else (data, entry)

    def _read(self, digest: str) -> bytes | None:
        """An object's bytes, if they still hash to its name."""
        try:
            data = self._object(digest).read_bytes()
        except OSError:
            return None
        return data if hashlib.sha256(data).hexdigest() == digest else None

    def _store(self, data: bytes) -> str:
        digest = hashlib.sha256(data).hexdigest()
        target = self._object(digest)
        if not target.exists() or target.stat().st_size != len(data):
            atomic_write_bytes(target, data)
        return digest

    def put(self, key: str, data: bytes, seconds: float = 0.0, pages: int = 0,
            notes: list[str] | None = None) -> None:
        self.entries[key] = Entry(self._store(data), seconds, pages, list(notes or ()))

    def get_page(self, key: str) -> tuple[str, PageEntry] | None:
        """The HTML rendered from ``key`` last time, if it is still intact."""
        entry = self.pages.get(key) if self.enabled else None
        if entry is None:
            return None
        data = self._read(entry.digest)
        if data is None:
            return None
        try:
            return data.decode("utf-8"), entry
        except UnicodeDecodeError:
            return None

    def put_page(self, key: str, html: str, fallbacks: list[str],
                 template_fallbacks: list[str]) -> None:
        self.pages[key] = PageEntry(self._store(html.encode("utf-8")), list(fallbacks),
                                    list(template_fallbacks))

    def save(self) -> None:
        """Write the index, keeping entries another build saved meanwhile."""
        merged = BuildCache.open(self.folder)
        entries = {**merged.entries, **self.entries}
        pages = {**merged.pages, **self.pages}
        data = {"format": FORMAT, "versions": renderer_versions(),
                "entries": {k: [e.digest, round(e.seconds, 3), e.pages, e.notes]
                            for k, e in sorted(entries.items())},
                "pages": {k: [e.digest, e.fallbacks, e.template_fallbacks]
                          for k, e in sorted(pages.items())},
                "outputs": {**merged.outputs, **self.outputs},
                "costs": {**merged.costs, **{k: round(v, 3) for k, v in self.costs.items()}}}
        self.folder.mkdir(parents=True, exist_ok=True)
        ignore = self.folder / ".gitignore"
        if not ignore.exists():
            atomic_write_bytes(ignore, b"*\n")
        atomic_write_bytes(self.folder / "index.json",
                           json.dumps(data, sort_keys=True).encode("utf-8"))

    def scratch(self) -> Path:
        """A folder for files being made; emptied when a build starts."""
        folder = self.folder / "scratch"
        if folder.is_dir():
            for child in folder.iterdir():
                try:
                    child.unlink()
                except OSError:
                    pass
        folder.mkdir(parents=True, exist_ok=True)
        return folder


def output_id(folder: Path, project: Path) -> str:
    """How the cache names an output folder: relative to the project when
    inside it (a moved or copied project keeps its records)."""
    real, root = Path(os.path.realpath(folder)), Path(os.path.realpath(project))
    try:
        return real.relative_to(root).as_posix()
    except ValueError:
        return real.as_posix()
