"""Source documents: Markdown with YAML front matter.

``parse_document`` turns a document's text into a :class:`Document`: its front
matter, its CommonMark token stream and its translatable segments.  A segment
is one message for translators: a front-matter text field, or the inline
content of one block (heading, paragraph, list item, table cell), or the alt
text of an image that stands alone in its paragraph.

Inline markup stays in the segment as Markdown (``*stress*``,
``[link text](https://example.org)``), which translators move with the words.
An HTML comment ``<!-- translators: ... -->`` before a block becomes the
comment translators see on that block's message.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml
from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.footnote import footnote_plugin

from ..core.errors import SourceError
from ..figures.numbers import FigureError, figures, mark_figures, skeleton, table_quantity_cells
from .images import image_problem

_TRANSLATOR_NOTE = re.compile(r"^<!--\s*translators?:\s*(.*?)\s*-->\s*$", re.S | re.I)
_COMMENT = re.compile(r"^<!--.*-->\s*$", re.S)
#: Author's marks before a block: not to be translated; a message context.
_NO_TRANSLATE = re.compile(r"^<!--\s*publisher:\s*no-translate\s*-->\s*$", re.I)
_CONTEXT = re.compile(r"^<!--\s*translators?-context:\s*(.*?)\s*-->\s*$", re.S | re.I)

#: Block tokens whose inline content is one segment, and the name translators see.
_BLOCK_KINDS = {
    "heading_open": "heading",
    "paragraph_open": "paragraph",
    "th_open": "table header cell",
    "td_open": "table cell",
}
#: What translators see for a paragraph inside a footnote's text.
FOOTNOTE = "footnote"


#: How deep lists and quotes may nest.  markdown-it stops at its nesting limit
#: and drops the rest of the block silently; a document that reaches it is
#: refused instead.
MAX_NESTING = 100
#: Front matter limits: how deep its lists and mappings may nest, and how many
#: values it may hold once its aliases are expanded (an alias bomb of a few
#: hundred bytes otherwise expands to gigabytes).
MAX_YAML_DEPTH = 20
MAX_YAML_NODES = 10_000


def markdown_parser() -> MarkdownIt:
    """The CommonMark parser for sources (raw HTML is parsed so that it can be refused)."""
    parser = MarkdownIt("commonmark", {"html": True, "maxNesting": MAX_NESTING}).enable("table")
    # Footnotes ([^1] and [^1]: text) stay where they are written: the page
    # (linknotes.with_footnotes) numbers and places them per locale.
    return parser.use(footnote_plugin, inline=False, move_to_end=False)


class _FrontMatterLoader(yaml.SafeLoader):
    """PyYAML's safe loader with limits on depth and on expanded size, and
    impossible dates as errors with their line."""

    _depth = 0

    def compose_node(self, parent, index):
        self._depth += 1
        try:
            if self._depth > MAX_YAML_DEPTH:
                raise yaml.constructor.ConstructorError(
                    None, None, f"values nested more than {MAX_YAML_DEPTH} levels deep",
                    self.peek_event().start_mark)
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1

    def construct_document(self, node):
        _expanded_size(node)
        return super().construct_document(node)

    def construct_yaml_timestamp(self, node):
        try:
            return super().construct_yaml_timestamp(node)
        except (ValueError, OverflowError) as exc:
            raise yaml.constructor.ConstructorError(
                None, None, f"{node.value!r} is not a real date ({exc})", node.start_mark) from None


_FrontMatterLoader.add_constructor("tag:yaml.org,2002:timestamp",
                                   _FrontMatterLoader.construct_yaml_timestamp)


def _expanded_size(root) -> None:
    """Refuse a YAML tree that holds more than MAX_YAML_NODES values once its
    aliases are expanded (each distinct node is sized once)."""
    sizes: dict[int, int] = {}
    stack = [(root, False)]
    while stack:
        node, done = stack.pop()
        if id(node) in sizes:
            continue
        children = []
        if isinstance(node, yaml.SequenceNode):
            children = list(node.value)
        elif isinstance(node, yaml.MappingNode):
            children = [part for pair in node.value for part in pair]
        if not done:
            stack.append((node, True))
            stack.extend((child, False) for child in children if id(child) not in sizes)
            continue
        size = 1 + sum(sizes.get(id(child), 1) for child in children)
        sizes[id(node)] = size
        if size > MAX_YAML_NODES:
            raise yaml.constructor.ConstructorError(
                None, None, f"the front matter expands to more than {MAX_YAML_NODES} values "
                "(anchors and aliases that repeat each other)", node.start_mark)


@dataclass(frozen=True)
class Segment:
    """One translatable message of a document."""

    text: str                 # the msgid
    line: int                 # 1-based line in the source file
    kind: str                 # "title", "paragraph", "list item", "image alt text", ...
    comment: str = ""         # a note for translators, from the source
    field: str | None = None  # the front-matter key, for front-matter segments
    token: int | None = None  # index of the inline token, for body segments
    context: str | None = None  # the message context (msgctxt) the author gave

    @property
    def needs_translation(self) -> bool:
        """False for a segment of figures and punctuation only (a table cell
        holding 1,234): the build writes its figures, nobody translates it."""
        return any(c.isalpha() for c in skeleton(self.text))


@dataclass
class Document:
    path: Path                # as given (relative to the project root in references)
    name: str                 # file stem, also the catalog domain
    meta: dict                # front matter
    tokens: list[Token]
    segments: list[Segment] = field(default_factory=list)
    offset: int = 0           # lines of front matter before the body
    # link reference definitions ([r]: https://...), which segments and their
    # translations are parsed with
    references: dict = field(default_factory=dict)
    # the labels of the footnotes ([^label]: text), in the order they are defined
    footnotes: list[str] = field(default_factory=list)
    # the ids of its headings (GitHub's rule, or {#id} written after the
    # heading), with their lines: identical in every locale
    anchors: dict[str, int] = field(default_factory=dict)
    digest: str = ""          # SHA-256 of the text it was parsed from

    @property
    def date(self) -> _dt.date | None:
        value = self.meta.get("date")
        return value if isinstance(value, _dt.date) else None


def normalise_inline(content: str) -> str:
    """A block's inline source as one message: soft line breaks become spaces,
    hard breaks are kept as a backslash and a newline.  A line end inside a
    code span is no break at all: the span's text keeps its spaces (or its
    backslash) and the line end becomes a space, as CommonMark reads it."""
    lines = content.split("\n")
    breaks = [i for i, line in enumerate(lines[:-1])
              if line.endswith("  ") or line.strip().endswith("\\")]
    in_code = _in_code_spans(lines, breaks) if breaks else set()
    out = []
    for i, line in enumerate(lines):
        last = i == len(lines) - 1
        stripped = line.strip()
        if i in in_code:
            out.append(line.lstrip() + " ")
        elif not last and (line.endswith("  ") or stripped.endswith("\\")):
            out.append(stripped.rstrip("\\").rstrip() + "\\\n")
        else:
            out.append(stripped + ("" if last else " "))
    return "".join(out)


#: A character no document holds (a noncharacter), put at a line end to see
#: where the inline parser places it.
_PROBE = "\ufdd0"


def _in_code_spans(lines: list[str], candidates: list[int]) -> set[int]:
    """Which of the line ends after ``lines[i]`` (i in ``candidates``) fall
    inside a code span: one parse, a probe at each, counted in order."""
    marked = set(candidates)
    probe = "\n".join(line + _PROBE if i in marked else line for i, line in enumerate(lines))
    found: set[int] = set()
    order = iter(candidates)
    stack = list(reversed(_inline_parser().parseInline(probe)[0].children or []))
    while stack:
        token = stack.pop()
        if token.children:
            stack.extend(reversed(token.children))
        for _ in range(token.content.count(_PROBE)):
            index = next(order, None)
            if index is not None and token.type == "code_inline":
                found.add(index)
    return found


@lru_cache(maxsize=1)
def _inline_parser() -> MarkdownIt:
    """CommonMark's inline parser, for where code spans fall."""
    return MarkdownIt("commonmark", {"html": False})


def _split_front_matter(text: str, path: str) -> tuple[dict, str, int]:
    """Front matter, body, and the number of lines before the body."""
    if not text.startswith("---\n"):
        return {}, text, 0
    end = text.find("\n---\n", 3)
    if end < 0:
        if text.endswith("\n---"):
            end = len(text) - 4
        else:
            raise SourceError("the front matter that opens with --- is never closed",
                              path=path, line=1, hint="end it with a line of three dashes")
    raw = text[4:end + 1]
    try:
        meta = yaml.load(raw, Loader=_FrontMatterLoader) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise SourceError(f"the front matter is not valid YAML ({getattr(exc, 'problem', exc)})",
                          path=path, line=(mark.line + 2) if mark else 1,
                          hint="check quotes and indentation") from None
    if not isinstance(meta, dict):
        raise SourceError("the front matter must be a mapping of key: value lines",
                          path=path, line=2)
    body_start = text.count("\n", 0, end + 5)
    return meta, text[end + 5:], body_start


#: The most pages a document's ``fit:`` may ask for (its PDF is fitted to them).
MAX_FIT_PAGES = 999


def _meta_line(text: str, key: str) -> int:
    for number, line in enumerate(text.split("\n"), start=1):
        if line.startswith(f"{key}:"):
            return number
    return 1


def _message(text: str, source_locale: str, path: str, line: int, quantity: bool = False) -> str:
    """A segment's text as a message: figures become placeholders (``quantity``:
    a cell of a table column of amounts)."""
    marked = mark_figures(text, source_locale, quantity)
    try:
        figures(marked, source_locale)
    except FigureError as exc:
        raise SourceError(str(exc), path=path, line=line,
                          hint="write figures as {1995:year}, {12.5%} or {2024-03-01:date}") from None
    return marked


def parse_document(text: str, path: str | Path, source_locale: str = "en") -> Document:
    """Parse a Markdown document with front matter (pure: no file access).

    ``source_locale`` says how the source writes its figures (27,785 in
    English, 27.785 in German)."""
    path = Path(path)
    shown = path.as_posix()
    if "\x00" in text:
        raise SourceError("the document contains a NUL byte", path=shown,
                          hint="save it as UTF-8 text")
    text = text.replace("\r\n", "\n").lstrip("\ufeff")
    meta, body, offset = _split_front_matter(text, shown)
    segments: list[Segment] = []
    if "fit" in meta:
        fit = meta["fit"]
        if isinstance(fit, bool) or not isinstance(fit, int) or not 1 <= fit <= MAX_FIT_PAGES:
            raise SourceError(f"fit: {fit!r} is not a number of pages",
                              path=shown, line=_meta_line(text, "fit"),
                              hint=f"write the pages the PDF must fit in, 1 to {MAX_FIT_PAGES} "
                                   "(fit: 1 for a one-page fact sheet), or remove the line")
    for key, value in meta.items():
        if not isinstance(key, str):
            raise SourceError(f"front-matter key {key!r} is not text", path=shown, line=1)
        if isinstance(value, str) and value.strip():
            line = _meta_line(text, key)
            segments.append(Segment(text=_message(" ".join(value.split()), source_locale, shown, line),
                                    line=line, kind=key, field=key))
    env: dict = {}
    tokens = markdown_parser().parse(body, env)
    for token in tokens:
        if token.level >= MAX_NESTING - 1:
            raise SourceError("lists or quotes are nested too deeply here "
                              f"(more than {MAX_NESTING - 2} levels of blocks); the text inside "
                              "them would be lost",
                              path=shown, line=offset + token.map[0] + 1 if token.map else None,
                              hint="nest fewer levels")
    references = dict(env.get("references", {}))
    note = ""
    notes: dict[int, str] = {}
    kept: list[Token] = []
    # <!-- publisher: no-translate --> and <!-- translators-context: ... -->
    # before a block: what they say holds for every segment of that block
    pending: dict[str, str | bool] = {}
    holding: tuple[int, dict] | None = None      # (the block's level, what holds)
    held: dict[int, dict] = {}                   # inline token index -> what holds
    for token in tokens:
        line = offset + token.map[0] + 1 if token.map else None
        if token.type == "html_block":
            comment = token.content.strip()
            match = _TRANSLATOR_NOTE.match(comment)
            context = _CONTEXT.match(comment)
            if match:
                note = " ".join(match.group(1).split())
            elif _NO_TRANSLATE.match(comment):
                pending["no_translate"] = True
            elif context:
                pending["context"] = " ".join(context.group(1).split())
                if not pending["context"]:
                    raise SourceError("the translators-context comment is empty", path=shown,
                                      line=line, hint="say what the text is, e.g. "
                                      "<!-- translators-context: table of 2026 -->")
            elif not _COMMENT.match(comment):
                raise SourceError("raw HTML is not supported in documents", path=shown,
                                  line=line, hint="write it in Markdown")
            continue
        if pending and holding is None:
            holding = (token.level, dict(pending)) if token.nesting == 1 else None
            if token.nesting == 1 and pending.get("no_translate"):
                token.attrSet("translate", "no")
            single = dict(pending) if token.nesting != 1 else None
            pending = {}
            if single is not None and token.type == "inline":
                held[len(kept)] = single
        if holding is not None:
            if token.type == "inline":
                held[len(kept)] = holding[1]
            elif token.nesting == -1 and token.level == holding[0]:
                holding = None
        if token.type == "inline" and note:
            notes[len(kept)] = note
            note = ""
        kept.append(token)
    amounts = table_quantity_cells(kept, source_locale)
    footnotes: list[str] = []
    anchors: dict[str, int] = {}
    in_footnote = 0
    for index, token in enumerate(kept):
        if token.type == "footnote_reference_open":
            in_footnote += 1
            footnotes.append(token.meta["label"])
        elif token.type == "footnote_reference_close":
            in_footnote -= 1
        if token.type != "inline":
            continue
        line = offset + token.map[0] + 1 if token.map else 1
        for child in token.children or []:
            if child.type == "html_inline" and not _COMMENT.match(child.content):
                raise SourceError(f"raw HTML {child.content!r} is not supported in documents",
                                  path=shown, line=line, hint="write it in Markdown")
        source_text = _without_comments(token)
        if kept[index - 1].type == "heading_open":
            source_text = _heading_id(kept[index - 1], token, source_text, anchors, shown, line)
        if token.children:
            token.children = [c for c in token.children
                              if not (c.type == "html_inline" and _COMMENT.match(c.content))]
        opener = kept[index - 1]
        kind = _BLOCK_KINDS.get(opener.type, "text")
        if opener.type == "paragraph_open" and opener.hidden:
            kind = "list item"
        if in_footnote and opener.type == "paragraph_open":
            kind = FOOTNOTE
        children = [c for c in token.children or [] if not (c.type == "text" and not c.content.strip())]
        if len(children) == 1 and children[0].type == "image":
            text_ = normalise_inline(children[0].content)
            kind = "image alt text"
        else:
            text_ = normalise_inline(source_text)
        marks = held.get(index, {})
        if marks.get("no_translate"):
            continue          # shown as written, in every locale
        if text_.strip():
            segments.append(Segment(text=_message(text_, source_locale, shown, line, index in amounts),
                                    line=line, kind=kind,
                                    comment=notes.get(index, ""), token=index,
                                    context=marks.get("context") or None))
    return Document(path=path, name=path.stem, meta=meta, tokens=kept, segments=segments,
                    offset=offset, references=references, footnotes=footnotes,
                    anchors=anchors,
                    digest=hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest())


def document_link(href: str) -> tuple[str, str] | None:
    """(document name, fragment) of a link to another document of the
    project (``other.md``, ``./other.md#budget``, ``faq%231.md`` for the
    document ``faq#1.md``), or None for any other address."""
    from urllib.parse import unquote, urlsplit

    parts = urlsplit(href)
    if parts.scheme or parts.netloc or parts.query:
        return None
    path = unquote(parts.path)
    path = path[2:] if path.startswith("./") else path
    if not path.endswith(".md") or "/" in path or len(path) <= 3:
        return None
    return path[:-3], unquote(parts.fragment)


#: An explicit id at the end of a heading: ``## Budget 2026 {#budget}``.
_EXPLICIT_ID = re.compile(r"[ \t]*\{#([A-Za-z][\w\-:.]*)\}[ \t]*$")


def slug(text: str) -> str:
    """A heading's id by GitHub's rule (github-slugger): lower case, every
    character but letters, marks, digits, ``_``, ``-`` and spaces dropped,
    spaces made hyphens."""
    import unicodedata

    kept = "".join(c for c in text.lower()
                   if c in "-_ " or unicodedata.category(c)[0] in "LMN")
    return kept.replace(" ", "-")


def _plain(children: list[Token]) -> str:
    """The text a reader sees of inline tokens (what GitHub makes the slug of)."""
    out = []
    for child in children:
        if child.type in ("text", "code_inline", "text_special"):
            out.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            out.append(" ")
        elif child.type == "image":
            out.append(_plain(child.children or []))
    return "".join(out)


#: Ids the pages give elements of their own (html.py's templates, proof
#: marks, footnotes, edition parts): a heading's id never takes one.
_PAGE_IDS = re.compile(r"main|end-of-pages|proof-\d+(?:-note)?|document-.*|fn-.*|fnref-.*")


def _taken(identifier: str) -> bool:
    return _PAGE_IDS.fullmatch(identifier) is not None


def _heading_id(opener: Token, inline: Token, source_text: str, anchors: dict[str, int],
                path: str, line: int) -> str:
    """Give the heading its id (``{#id}`` written after it, else its slug,
    made unique as GitHub does: ``-1``, ``-2``...); the heading's text
    without the ``{#id}``."""
    explicit = _EXPLICIT_ID.search(source_text)
    if explicit:
        wanted = explicit.group(1)
        if _taken(wanted):
            raise SourceError(f"the id {{#{wanted}}} is one the pages use themselves",
                              path=path, line=line, hint="choose another id")
        if wanted in anchors:
            raise SourceError(f"the id {{#{wanted}}} is used twice in the document "
                              f"(first on line {anchors[wanted]})", path=path, line=line,
                              hint="give each heading its own id")
        source_text = source_text[:explicit.start()]
        last = (inline.children or [None])[-1]
        if last is not None and last.type == "text":
            cut = _EXPLICIT_ID.search(last.content)
            if cut:
                last.content = last.content[:cut.start()]
        identifier = wanted
    else:
        base = slug(_plain(inline.children or [])) or "section"
        base = f"h-{base}" if _taken(base) else base      # a heading "Main": h-main
        identifier, count = base, 0
        while identifier in anchors:
            count += 1
            identifier = f"{base}-{count}"
    anchors[identifier] = line
    opener.attrSet("id", identifier)
    return source_text


def _without_comments(token: Token) -> str:
    """The inline source of a block without its HTML comments (they are notes
    for the authors, never published).  Each comment is cut where the parser
    found it: the search resumes after the text the tokens before it cover."""
    content = token.content
    comments = [c.content for c in token.children or []
                if c.type == "html_inline" and _COMMENT.match(c.content)]
    if not comments:
        return content
    out, pos = [], 0
    for comment in comments:
        found = content.find(comment, pos)
        if found < 0:
            continue
        out.append(content[pos:found])
        pos = found + len(comment)
    out.append(content[pos:])
    text = out[0]
    for piece in out[1:]:
        if text.endswith((" ", "\n")) or not text:
            piece = piece.lstrip(" ")
        text += piece
    return text


def read_document(path: Path, shown: str | None = None, source_locale: str = "en") -> Document:
    """Read and parse a document file; ``shown`` is the path used in messages."""
    shown = shown or path.as_posix()
    try:
        text = path.read_text("utf-8")
    except UnicodeDecodeError as exc:
        raise SourceError(f"the document is not UTF-8 text ({exc.reason} at byte {exc.start})",
                          path=shown, hint="save it as UTF-8") from None
    except OSError as exc:
        raise SourceError(f"cannot read the document: {exc.strerror}", path=shown) from None
    return parse_document(text, shown, source_locale)


def _walk(tokens: list[Token]):
    for token in tokens:
        yield token
        if token.children:
            yield from _walk(token.children)


def local_images(document: Document, documents_dir: Path) -> dict[str, Path]:
    """The document's images that are files beside it, by their address in the
    source.  Web addresses are left to the reader's browser; an image that is
    missing, or outside the documents folder, is an error naming its line."""
    found: dict[str, Path] = {}
    root = documents_dir.resolve()
    for token in document.tokens:
        for child in _walk([token]):
            if child.type != "image":
                continue
            src = child.attrs.get("src", "")
            if not src or "://" in src or src.startswith(("data:", "mailto:", "#")):
                continue
            from urllib.parse import unquote, urlsplit

            target = (root / unquote(urlsplit(src).path)).resolve()
            line = document.offset + token.map[0] + 1 if token.map else None
            if root not in target.parents or not target.is_file():
                raise SourceError(f"the image {src!r} is not a file in the documents folder",
                                  path=document.path.as_posix(), line=line,
                                  hint="put the image beside the document and give its name")
            problem = image_problem(target)
            if problem:
                raise SourceError(f"the image {src!r}: {problem}", path=document.path.as_posix(),
                                  line=line, hint="save the image again, smaller, as PNG, "
                                                  "JPEG or SVG")
            found[src] = target
    return found


def localized_image(path: Path, locale: str, documents_dir: Path) -> Path | None:
    """The file that stands for the image ``path`` in ``locale``'s pages:
    ``chart.de.png`` for ``chart.png`` (Sphinx's ``{root}.{language}{ext}``),
    looked up along the locale's parents (``core.locales.fallback_chain``:
    ``chart.zh_TW.png``, then ``chart.zh_Hant_TW.png``, then
    ``chart.zh_Hant.png``; never the Simplified ``chart.zh.png``); None when
    there is none.
    A variant that is unusable is an error naming it."""
    from ..core.locales import fallback_chain

    root = documents_dir.resolve()
    for candidate in fallback_chain(locale):
        variant = path.with_name(f"{path.stem}.{candidate}{path.suffix}")
        if not variant.is_file():
            continue
        if root not in variant.resolve().parents:
            raise SourceError(f"the image {variant.name!r} is not a file in the documents folder",
                              path=variant.as_posix(), hint="put the image itself there, not a link")
        problem = image_problem(variant)
        if problem:
            raise SourceError(f"the image {variant.name!r}: {problem}", path=variant.as_posix(),
                              hint="save the image again, smaller, as PNG, JPEG or SVG")
        return variant.resolve()
    return None
