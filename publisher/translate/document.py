"""Translation: a document and a catalog -> the translated document.

Each segment of the source is replaced by its translation, parsed as inline
Markdown with raw HTML switched off, so that a translation can carry
*emphasis* or a [link](https://example.org) but never markup of its own
(``<script>`` comes out as text).  A segment without a usable translation
keeps the source text and is marked with the source language, so readers and
screen readers know, and the build can report it.
"""

from __future__ import annotations

import copy
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.footnote import footnote_plugin

from ..catalogs.checks import UNBROKEN_RUN, link_definitions, markup_problems, translated_references
from ..catalogs.translations import Translations
from ..core.locales import locale_info
from ..figures import numbers as figures
from ..sources.documents import Document, Segment

#: A run of text without a break opportunity longer than this gets invisible
#: break opportunities (U+200B) every BREAK_EVERY characters: the PDF
#: renderer's work on such a word grows with the square of its length
#: (5,000 letters took 30 s, 10,000 more than 200 s).
LONGEST_UNBROKEN = 120
BREAK_EVERY = 40
ZWSP = "\u200b"
_UNBROKEN = re.compile(UNBROKEN_RUN.pattern[:-1] + "{%d,}" % (LONGEST_UNBROKEN + 1))


def break_long_words(text: str) -> str:
    """``text`` with a zero-width space every BREAK_EVERY characters of any
    word longer than LONGEST_UNBROKEN (never before a combining mark or
    after a joiner, so no cluster is split)."""
    if len(text) <= LONGEST_UNBROKEN:
        return text

    def cut(match: re.Match) -> str:
        word, out, run = match.group(0), [], 0
        for index, char in enumerate(word):
            if run >= BREAK_EVERY and not unicodedata.category(char).startswith("M") \
                    and word[index - 1] not in "\u200c\u200d":
                out.append(ZWSP)
                run = 0
            out.append(char)
            run += 1
        return "".join(out)

    return _UNBROKEN.sub(cut, text)


def _break_tokens(tokens: list[Token]) -> None:
    for token in tokens:
        if token.type in ("text", "code_inline") and len(token.content) > LONGEST_UNBROKEN:
            token.content = break_long_words(token.content)
        if token.children:
            _break_tokens(token.children)


def _localize_numerals(tokens: list[Token], system: str) -> None:
    """The digits of numerals left as text in ``tokens`` (inline children)
    written in ``system``'s digits (figures.localize_numerals), in place.
    Code spans, autolinks (their text is an address) and attributes (link
    targets and titles, image sources) keep their digits; image alt text is
    text a reader hears and is localized."""
    autolink = 0
    for token in tokens:
        if token.type == "link_open" and token.markup == "autolink":
            autolink += 1
        elif token.type == "link_close" and token.markup == "autolink":
            autolink -= 1
        elif token.type in ("text", "text_special") and not autolink:
            token.content = figures.localize_numerals(token.content, system)
        elif token.type == "image" and token.children:
            _localize_numerals(token.children, system)


def translation_parser() -> MarkdownIt:
    """Inline Markdown for translations: CommonMark with raw HTML off, and
    footnote references (``[^1]``) to the document's footnotes."""
    return MarkdownIt("commonmark", {"html": False}).enable("table").use(
        footnote_plugin, inline=False, move_to_end=False)


#: A footnote reference in a segment's text (which of the document's notes
#: its parse must know).
_FOOTNOTE_REFERENCE = re.compile(r"\[\^([^\]\s]+)\]")


@lru_cache(maxsize=256)
def _references(definitions: tuple) -> dict:
    """Link reference definitions as markdown-it reads them (it never
    changes them, so one dict serves every segment)."""
    return {label: {"href": href, "title": title} for label, href, title in definitions}


def inline_env(document: Document, definitions: tuple = (), text: str | None = None) -> dict:
    """What a segment of ``document`` is parsed with: its link reference
    definitions (``definitions`` as checks.link_definitions gives them, for
    a translation that labels its links in its own words) and the labels of
    its footnotes (those ``text`` cites, when given: a parse looks no
    further, and a document may have thousands)."""
    references = _references(definitions) if definitions else document.references
    labels = document.footnotes if text is None else \
        [label for label in dict.fromkeys(_FOOTNOTE_REFERENCE.findall(text))
         if label in document.footnotes]
    return {"references": references,
            "footnotes": {"refs": {":" + label: -1 for label in labels}, "list": {}}}


@dataclass
class TranslatedDocument:
    """A document in one locale, ready for rendering."""

    name: str
    locale: str
    source_locale: str
    meta: dict                                   # front matter, text fields translated
    meta_lang: dict[str, str]                    # field -> locale of the text used
    tokens: list[Token]
    fallbacks: list["Fallback"] = field(default_factory=list)
    source: Document | None = None
    # proof mode: front-matter field -> (opening, closing) HTML of its mark
    proof_marks: dict = field(default_factory=dict)
    numbering: str = "latn"                      # the digits its numbers are written in


def _fallback_marks(source_locale: str) -> tuple[Token, Token]:
    info = locale_info(source_locale)
    start = Token("html_inline", "", 0)
    start.content = f'<span lang="{info.tag}" dir="{info.direction}">'
    end = Token("html_inline", "", 0)
    end.content = "</span>"
    return start, end


@dataclass(frozen=True)
class Fallback:
    """A segment shown in the source language, and why."""

    segment: Segment
    reason: str     # "untranslated" or what is wrong with the translation
    code: str = ""  # the check that refused the translation (E201, E301...), if one did


def translate_document(document: Document, translations: Translations,
                       source_locale: str, numbering: str = "latn",
                       source_numbering: str = "latn", calendar: str | None = None,
                       source_calendar: str | None = None,
                       fields_only: bool = False) -> TranslatedDocument:
    """The document with every segment translated where a usable translation
    exists, and every figure written the way the locale writes it;
    ``fields_only``: only the front matter's fields, without a body (what an
    index page lists).

    A translation whose figure placeholders differ from its source's, or that
    adds raw HTML, links or images the source does not have, is not used: the
    segment falls back to the source, so no wrong figure, foreign link or
    tracking image is published.
    """
    locale = translations.locale
    same = locale == source_locale
    tokens = [] if fields_only else copy.deepcopy(document.tokens)
    meta = dict(document.meta)
    meta_lang = {key: locale for key in meta}
    fallbacks: list[Fallback] = []
    parser = translation_parser()
    definitions = link_definitions(document.references)
    for segment in document.segments:
        if fields_only and segment.field is None:
            continue
        text, reason, code, read_with = None, "untranslated", "", ()
        if not segment.needs_translation:
            text = figures.render(segment.text, segment.text, source_locale, locale, numbering,
                                  calendar)
        elif not same:
            candidate = translations.lookup(segment.text, segment.context)
            refused = translations.refusal(segment.text, segment.context) if candidate is None else None
            if refused is not None:     # check's error: the same rule as `publisher check`
                code, reason = refused.code, refused.message
            if candidate is not None:
                changed = markup_problems(segment.text, candidate, definitions)
                try:
                    if changed:
                        code, reason = changed[0][0], "; ".join(r for _, r in changed)
                    else:
                        text = figures.render(candidate, segment.text, source_locale, locale,
                                              numbering, calendar)
                        read_with = translated_references(segment.text, candidate,
                                                          definitions)[0]
                except figures.FigureError as exc:
                    # E201: placeholders differ; E204: something typed against one
                    code = "E201" if figures.compare(segment.text, candidate) else "E204"
                    reason = str(exc)
        fallback = text is None and not same
        if text is None:
            text = figures.render(segment.text, segment.text, source_locale, source_locale,
                                  source_numbering, source_calendar)
        if fallback:
            fallbacks.append(Fallback(segment, reason, code))
        # Numerals left as text (2020-10-25, 10:30, 3.2.1) take the digits
        # their figures were written in, like the figures around them.
        system = source_numbering if fallback else numbering
        if segment.field is not None:
            meta[segment.field] = break_long_words(figures.localize_numerals(text, system))
            if fallback:
                meta_lang[segment.field] = source_locale
            continue
        children = parser.parseInline(text, inline_env(document, read_with, text))[0].children or []
        if system != "latn":
            _localize_numerals(children, system)
        inline = tokens[segment.token]
        if segment.kind == "image alt text":
            image = next(c for c in inline.children if c.type == "image")
            image.children = children
            image.content = text
            continue
        if fallback:
            start, end = _fallback_marks(source_locale)
            children = [start, *children, end]
        inline.children = children
        inline.content = text
    _break_tokens(tokens)
    return TranslatedDocument(name=document.name, locale=locale, source_locale=source_locale,
                              meta=meta, meta_lang=meta_lang, tokens=tokens,
                              fallbacks=fallbacks, source=document,
                              numbering=numbering)


def render_body(document: TranslatedDocument) -> str:
    """The document's body as an HTML fragment."""
    parser = translation_parser()
    return parser.renderer.render(document.tokens, parser.options, {})


def image_key(src: str, locale: str) -> str:
    """The key of an image's copy for one locale (``chart.de.png``) among the
    addresses relocate_images is given."""
    return f"{src}\x00{locale}"


def relocate_images(document: TranslatedDocument, addresses: dict[str, str]) -> None:
    """Point the document's images at their published copies (in place): the
    locale's own copy (key ``image_key(src, locale)``) where there is one."""
    stack = list(document.tokens)
    while stack:
        token = stack.pop()
        src = token.attrs.get("src") if token.type == "image" else None
        own = image_key(str(src), document.locale) if src is not None else None
        if own in addresses:
            token.attrSet("src", addresses[own])
        elif src in addresses:
            token.attrSet("src", addresses[src])
        if token.children:
            stack.extend(token.children)
