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


# -- footnotes ([^1] and [^1]: text) ----------------------------------------------

def _slug_id(text: str) -> str:
    """``text`` as a fragment of an id (letters, digits, ``-`` and ``_``)."""
    kept = "".join(c if c.isalnum() or c in "-_" else "-" for c in text.lower())
    return kept.strip("-") or "note"


def _token(kind: str, tag: str, nesting: int, level: int, **attrs: str) -> Token:
    token = Token(kind, tag, nesting, attrs=attrs or {})
    token.level = level
    token.block = True
    return token


def _html(content: str) -> Token:
    token = Token("html_inline", "", 0)
    token.content = content
    return token


def _definitions(tokens: list[Token]) -> tuple[list[Token], dict[str, list[Token]]]:
    """The tokens outside footnote definitions, and each definition's
    content tokens by label (the first definition of a label counts)."""
    body: list[Token] = []
    definitions: dict[str, list[Token]] = {}
    depth, label, content = 0, "", []
    for token in tokens:
        if token.type == "footnote_reference_open":
            depth += 1
            if depth == 1:
                label, content = token.meta["label"], []
                continue
        elif token.type == "footnote_reference_close":
            depth -= 1
            if depth == 0:
                definitions.setdefault(label, content)
                continue
        (content if depth else body).append(token)
    return body, definitions


def with_footnotes(document: TranslatedDocument, ids: bool = True) -> TranslatedDocument:
    """The document with its footnotes numbered in the order the page cites
    them (in the locale's digits): each reference a link to its note in the
    list of footnotes at the end of the page (with a link back), and, at its
    first citation, the note's text for print (``float: footnote``).  A
    new token list; ``ids``: false for a second copy on the same page (the
    source column of the bilingual edition), whose notes get no ids."""
    if not any(token.type == "footnote_reference_open" for token in document.tokens):
        return document
    from markdown_it import MarkdownIt

    from ..figures.numbers import COUNTER_STYLES, localize_digits

    parser = MarkdownIt("commonmark")
    body, definitions = _definitions(document.tokens)
    numbers: dict[str, int] = {}
    cited: dict[str, int] = {}
    base = f"fn-{_slug_id(document.name)}-"

    def digits(number: int) -> str:
        return localize_digits(str(number), document.numbering)

    in_print: set[str] = set()

    def printed(first: str) -> list[Token]:
        """The note's text for print, and after it the notes it cites, and
        theirs (a note cannot hold a note: each becomes one of its own,
        next to it)."""
        out: list[Token] = []
        waiting = [first]
        while waiting:
            label = waiting.pop(0)
            if label in in_print or label not in definitions:
                continue
            in_print.add(label)
            parts = []
            for token in definitions[label]:
                if token.type != "inline":
                    continue
                children = []
                for child in token.children or []:
                    if child.type == "footnote_ref":
                        numbers.setdefault(child.meta["label"], len(numbers) + 1)
                        waiting.append(child.meta["label"])
                    else:
                        children.append(child)
                parts.append(parser.renderer.renderInline(children, parser.options, {}))
            out.append(_html(f'<span class="footnote">{" ".join(parts)}</span>'))
        return out

    def cite(children: list[Token], print_copy: bool) -> list[Token]:
        out = []
        for child in children:
            if child.type != "footnote_ref":
                out.append(child)
                continue
            label = child.meta["label"]
            number = numbers.setdefault(label, len(numbers) + 1)
            cited[label] = cited.get(label, 0) + 1
            own = f"{base}{_slug_id(label)}"
            again = "" if cited[label] == 1 else f"-{cited[label]}"
            back = f' id="fnref-{own[3:]}{again}"' if ids else ""
            out.append(_html(f'<sup class="footnote-ref"><a href="#{own}"{back}>'
                             f"{digits(number)}</a></sup>"))
            if print_copy and label not in in_print and label in definitions:
                out.extend(printed(label))
        return out

    tokens = [token.copy(children=cite(token.children, True))
              if token.type == "inline" and token.children else token for token in body]
    # the notes the page cites, in the order it cites them (a note no text
    # cites is not printed, as pandoc and markdown-it do); a note citing
    # another adds it at the end
    order = [label for label in numbers if label in definitions]
    listed = len(numbers)       # the labels of ``numbers`` looked at for ``order``
    if not order:
        return dataclasses.replace(document, tokens=tokens)
    style = COUNTER_STYLES.get(document.numbering, "decimal")
    tokens.append(_token("footnotes_open", "section", 1, 0, **{
        "class": "footnotes", "role": "doc-endnotes"}))
    tokens.append(_token("footnotes_list_open", "ol", 1, 1, **(
        {"style": f"list-style-type: {style}"} if style != "decimal" else {})))
    for label in order:
        own = f"{base}{_slug_id(label)}"
        number = numbers[label]
        tokens.append(_token("footnote_item_open", "li", 1, 2, **(
            {"id": own, "value": str(number)} if ids else {"value": str(number)})))
        content = [token.copy(children=cite(token.children, False), level=token.level + 2)
                   if token.type == "inline" and token.children else
                   token.copy(level=token.level + 2) for token in definitions[label]]
        if ids and cited.get(label):
            last = max((i for i, t in enumerate(content) if t.type == "inline"), default=None)
            link = _html(f' <a href="#fnref-{own[3:]}" class="footnote-backref" '
                         'role="doc-backlink">'
                         "\u21a9\ufe0e</a>")
            if last is None:
                content.append(_token("footnote_back", "", 0, 3))
                content[-1].type, content[-1].content = "html_block", link.content
            else:
                content[last] = content[last].copy(children=[*content[last].children, link])
        tokens.extend(content)
        tokens.append(_token("footnote_item_close", "li", -1, 2))
        if len(numbers) > listed:     # notes first cited by this note's text
            order.extend(label for label in list(numbers)[listed:] if label in definitions)
            listed = len(numbers)
    tokens.append(_token("footnotes_list_close", "ol", -1, 1))
    tokens.append(_token("footnotes_close", "section", -1, 0))
    return dataclasses.replace(document, tokens=tokens)
