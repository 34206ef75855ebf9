"""Fingerprints: the hashes every cache key is made of.

``fingerprint`` hashes a list of parts (each length-prefixed, so no two
lists share a hash by concatenation); ``file_digest`` a file's bytes;
``renderer_versions`` names everything besides the inputs that makes an
output's bytes: publisher's own code (a hash of its files, released or not),
Python, the libraries and the system libraries WeasyPrint lays text out
with.  The keys themselves are made by the modules that own each output:
``render.html.PageKeys`` (pages), ``render.pdf.pdf_key`` (PDFs),
``render.webfonts.webfonts_key`` (the web fonts).
"""

from __future__ import annotations

import hashlib
import sys
from functools import lru_cache
from pathlib import Path


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
