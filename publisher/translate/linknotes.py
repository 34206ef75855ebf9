"""Link addresses for print: on paper a link's address cannot be followed,
so the printed edition shows each external link's address as a footnote
(WeasyPrint's ``float: footnote``), numbered in the locale's digits.

The note is an element of the page, hidden on screen (style.css) and made a
footnote by print.css; the address is written left to right inside any
paragraph direction (an isolate), the note itself takes the page's.  Only ``http``, ``https`` and ``mailto`` links get a
note: links inside the document need none.
"""

from __future__ import annotations

import dataclasses
from urllib.parse import urlsplit

from markdown_it.token import Token
from markupsafe import escape

from .document import TranslatedDocument

NOTED_SCHEMES = ("http", "https", "mailto")


def _address(href: str) -> str:
    parts = urlsplit(href)
    return href[len("mailto:"):] if parts.scheme == "mailto" else href


def _noted(children: list[Token]) -> list[Token]:
    out: list[Token] = []
    opened: list[str | None] = []
    for token in children:
        out.append(token)
        if token.type == "link_open":
            href = str(token.attrs.get("href") or "")
            opened.append(href if urlsplit(href).scheme in NOTED_SCHEMES else None)
        elif token.type == "link_close" and opened:
            href = opened.pop()
            if href:
                note = Token("html_inline", "", 0)
                note.content = (f'<span class="link-note"><bdi dir="ltr">'
                                f"{escape(_address(href))}</bdi></span>")
                out.append(note)
    return out


def with_link_notes(document: TranslatedDocument) -> TranslatedDocument:
    """The document with a note after each external link (a new token list)."""
    tokens = []
    for token in document.tokens:
        if token.type == "inline" and token.children and any(
                child.type == "link_open" for child in token.children):
            token = token.copy(children=_noted(token.children))
        tokens.append(token)
    return dataclasses.replace(document, tokens=tokens)
