"""The output folder's layout: the one place that names a build's outputs
and reads their names back.

    <out>/index.html                          the language chooser
    <out>/assets/...                          stylesheets, web fonts, images
    <out>/<locale>/index.html                 a locale's list of documents
    <out>/<locale>/<document>.html            a document's page
    <out>/<locale>/<document>.pdf             its PDF
    <out>/<locale>/<document>-bilingual.pdf   its bilingual edition (and the
                                              page it is made from, .html)
    <out>/editions/<edition>/<locale>.pdf     an edition's pack

The build writes by these names, stale removal, the web fonts, the preview
and the progress display read them back (``parse``); a name the layout does
not make is None, never guessed.  Document names that would collide with
these (``index``, ``assets``, ``editions``, ``*-bilingual``) are refused at
extract (``extract.pot.check_document_names``).
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from urllib.parse import quote

ASSETS = "assets"
EDITIONS = "editions"
INDEX = "index"
BILINGUAL = "-bilingual"

#: What an output is, by its name.
KINDS = ("chooser", "index", "html", "pdf", "bilingual-html", "bilingual", "asset", "edition")


@dataclass(frozen=True)
class Output:
    """One output of a build, read from its path relative to the output folder."""

    kind: str                    # one of KINDS
    locale: str | None = None    # None at the folder's root and for assets
    document: str | None = None  # the document (its name), or the edition's

    @property
    def is_page(self) -> bool:
        """A web page a reader opens (not a page made only to print a PDF)."""
        return self.kind in ("chooser", "index", "html")


def stem(locale: str, document: str, bilingual: bool = False) -> str:
    """The path of a document's outputs in a locale, without the extension."""
    return f"{locale}/{document}{BILINGUAL if bilingual else ''}"


def file_name(document: str, kind: str) -> str:
    """The name of a document's ``kind`` of output inside its locale's
    folder ("html", "pdf", "bilingual" for the bilingual PDF,
    "bilingual-html" for its page)."""
    if kind == "html":
        return f"{document}.html"
    if kind == "pdf":
        return f"{document}.pdf"
    if kind == "bilingual":
        return f"{document}{BILINGUAL}.pdf"
    if kind == "bilingual-html":
        return f"{document}{BILINGUAL}.html"
    raise ValueError(f"no document output of kind {kind!r}")


def page_of(stem_path: str) -> str:
    """The page of a ``stem`` (its HTML)."""
    return f"{stem_path}.html"


def pdf_of(stem_path: str) -> str:
    """The PDF of a ``stem``, printed from its page."""
    return f"{stem_path}.pdf"


def document_path(locale: str, document: str, kind: str) -> str:
    """The relative path of a document's ``kind`` of output (see ``file_name``)."""
    return f"{locale}/{file_name(document, kind)}"


def index_path(locale: str | None) -> str:
    """A locale's list of documents, or the language chooser (``None``)."""
    return f"{locale}/{INDEX}.html" if locale else f"{INDEX}.html"


def asset_path(*parts: str) -> str:
    return "/".join((ASSETS, *parts))


def edition_path(edition: str, locale: str, extension: str = "pdf") -> str:
    """An edition's pack in a locale (``html``: the page it is printed from)."""
    return f"{EDITIONS}/{edition}/{locale}.{extension}"


def editions_index_path() -> str:
    """The list of editions and their packs."""
    return f"{EDITIONS}/{INDEX}.html"


def href(page: str, target: str, from_root: bool = False) -> str:
    """The relative address, percent-encoded, from the output at ``page`` to
    the output (or folder) at ``target``: both paths of this layout.
    ``from_root``: up to the output folder and down again, even within one
    folder (the language menus: every locale's link reads alike)."""
    if from_root:
        relative = "../" * page.count("/") + target
    else:
        relative = posixpath.relpath(target, posixpath.dirname(page) or ".")
    return quote(relative)     # a document named faq#1 is a file, not a fragment


def parse(relative: str) -> Output | None:
    """What the output at ``relative`` (a POSIX path inside the output
    folder) is, or None for a name the layout does not make."""
    parts = relative.split("/")
    if not parts or any(part in ("", ".", "..") for part in parts):
        return None
    if parts[0] == ASSETS:
        return Output("asset") if len(parts) > 1 else None
    if parts[0] == EDITIONS:
        if len(parts) == 3 and parts[2].endswith(".pdf"):
            return Output("edition", parts[2][:-4], parts[1])
        return Output("index") if parts[1:] == [f"{INDEX}.html"] else None
    if len(parts) == 1:
        return Output("chooser") if parts[0] == f"{INDEX}.html" else None
    if len(parts) != 2:
        return None
    locale, name = parts
    base, dot, extension = name.rpartition(".")
    if not dot or extension not in ("html", "pdf") or not base[:1].isalnum():
        return None             # a document's name starts with a letter or a digit
    if base == INDEX:
        return Output("index", locale) if extension == "html" else None
    if base.endswith(BILINGUAL) and len(base) > len(BILINGUAL):
        kind = "bilingual" if extension == "pdf" else "bilingual-html"
        return Output(kind, locale, base[:-len(BILINGUAL)])
    return Output(extension, locale, base)
