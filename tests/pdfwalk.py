"""Every object of a PDF, resolved: for tests that look for what must not be
there.  WeasyPrint writes most dictionaries inside compressed object streams,
so searching the file's bytes finds nothing either way; pypdf decompresses
them and resolves the indirect references here."""

from __future__ import annotations

from pathlib import Path

import pypdf
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject

#: Keys and names that run code, launch programs, submit data or carry files.
FORBIDDEN = ("/JavaScript", "/JS", "/Launch", "/SubmitForm", "/ImportData", "/EmbeddedFiles",
             "/EmbeddedFile", "/FileAttachment", "/RichMedia", "/GoToE")


def objects(path: Path | str):
    """Every dictionary reachable from the trailer (streams' dictionaries too)."""
    reader = pypdf.PdfReader(path)
    seen: set[int] = set()
    stack = [reader.trailer]
    while stack:
        item = stack.pop()
        if isinstance(item, IndirectObject):
            key = (item.idnum, item.generation)
            if key in seen:
                continue
            seen.add(key)
            item = item.get_object()
        if isinstance(item, DictionaryObject):
            yield item
            stack.extend(item.values())
        elif isinstance(item, ArrayObject):
            stack.extend(item)


def forbidden(path: Path | str) -> list[str]:
    """What a PDF holds that a published document must not: actions that run
    code or programs, forms that submit, embedded files, non-web links."""
    found = []
    for item in objects(path):
        for key, value in item.items():
            if key in FORBIDDEN:
                found.append(key)
            if isinstance(value, NameObject) and value in FORBIDDEN:
                found.append(str(value))
        if item.get("/S") == "/URI":
            uri = str(item.get("/URI", ""))
            if not uri.startswith(("http:", "https:", "mailto:")):
                found.append("URI " + uri)
        if item.get("/Type") == "/Filespec" or "/F" in item and item.get("/S") in ("/Launch", "/GoToR"):
            found.append("file specification")
    return found


def links(path: Path | str) -> list[str]:
    """The URI of every link annotation, resolved."""
    return [str(item["/A"].get_object()["/URI"]) for item in objects(path)
            if item.get("/Subtype") == "/Link" and "/A" in item
            and "/URI" in item["/A"].get_object()]
