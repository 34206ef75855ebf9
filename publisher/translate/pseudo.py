"""Pseudo-locales: translations made by a program, to test a layout before
translators start.

- ``en_XA``: accented and expanded.  Every letter gets an accent
  (``Annual`` -> ``Åññûåļ``), the text is about 35 % longer and is set
  between brackets, so untranslatable strings (left plain), truncation (a
  missing bracket) and overflow show at a glance.
- ``ar_XB``: right to left.  The page runs right to left as an Arabic one
  does, and each word is wrapped in right-to-left override marks, so that
  mirroring mistakes (icons, margins, alignment) show with text anyone can
  read.

Figure placeholders (``{27,785}``), format placeholders (``%(date)s``),
Markdown markup, code spans, link targets and addresses are left intact, so
that a pseudo-translation passes every check the real ones must pass.  The
catalogs are made in memory from the templates at build time and never
written.  CLDR data (dates, figures, plural rules) come from the locale the
pseudo-locale stands on: ``en`` and ``ar``.
"""

from __future__ import annotations

import math
import re

from ..catalogs.model import Catalog, Message
from ..catalogs.translations import compile_plural, parse_plural_forms
from ..core.locales import PSEUDO_LOCALES, cldr_name, locale_info

_ACCENTS = dict(zip(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
    "áƀçðéƒĝĥîĵķļɱñöþǫŕšţûṽŵẋýžÅƁÇÐÉƑĜĤÎĴĶĻṀÑÖÞǪŔŠŢÛṼŴẊÝŽ"))

#: Words that pad the accented locale to its length.
_PADDING = "one two three four five six seven eight nine ten eleven twelve".split()

#: How much longer the accented locale makes each string.
EXPANSION = 0.35

RLO, PDF_MARK = "\u202e", "\u202c"

#: What a pseudo-translation leaves alone, in every string.
_PROTECTED = [
    r"\{[^{}]*\}",                                          # figure and brace placeholders
    r"%\([^)]*\)[-#0 +]*\d*(?:\.\d+)?[a-zA-Z]|%%|%[-#0 +]*\d*(?:\.\d+)?[sdifr]",   # %-format
    r"<[^<>\s]+>",                                          # autolinks, tags
    r"&(?:#\d+|#x[0-9a-fA-F]+|\w+);",                        # character references
    r"(?:https?|mailto|ftp):[^\s)\]>]+",                    # addresses
]
#: ... and in inline Markdown.
_PROTECTED_MARKDOWN = [
    r"\\[\s\S]",                                            # escapes, hard line breaks
    r"(`+)[\s\S]*?(?<!`)\1(?!`)",                           # code spans
    r"\]\((?:[^()\s]|\([^()]*\))*(?:\s+\"[^\"]*\")?\)",      # link and image targets
    r"\[\^[^\]\s]+\]",                                        # footnote references
    r"\]\[[^\]]*\]",                                          # reference-link labels
]


def is_pseudo(locale: str) -> bool:
    return locale in PSEUDO_LOCALES


def _pattern(markdown: bool) -> re.Pattern:
    return re.compile("|".join((_PROTECTED_MARKDOWN if markdown else []) + _PROTECTED))


def _pieces(text: str, markdown: bool) -> list[tuple[bool, str]]:
    """``text`` as (free, piece) pairs: free pieces may be changed."""
    pieces, at = [], 0
    for match in _pattern(markdown).finditer(text):
        if match.start() > at:
            pieces.append((True, text[at:match.start()]))
        pieces.append((False, match.group(0)))
        at = match.end()
    if at < len(text):
        pieces.append((True, text[at:]))
    return pieces


def _padding(length: int) -> str:
    words, size = [], 0
    for word in (_PADDING * (length // 20 + 1)):
        if size >= length:
            break
        words.append(word)
        size += len(word) + 1
    return " ".join(words)


def _right_to_left(text: str) -> str:
    return re.sub(r"[^\W\d_]+(?:['’][^\W\d_]+)*", lambda m: RLO + m.group(0) + PDF_MARK, text)


def pseudo_text(text: str, locale: str, markdown: bool = False) -> str:
    """The pseudo-translation of ``text`` into ``locale`` (en_XA or ar_XB)."""
    core = text.strip()
    if not core:
        return text
    lead = text[:len(text) - len(text.lstrip())]
    trail = text[len(text.rstrip()):]
    pieces = _pieces(core, markdown)
    if locale == "ar_XB":
        body = "".join(_right_to_left(p) if free else p for free, p in pieces)
        extra = ""
    else:
        body = "".join(p.translate(str.maketrans(_ACCENTS)) if free else p for free, p in pieces)
        visible = sum(len(p) for free, p in pieces if free)
        extra = _padding(max(0, math.ceil(visible * EXPANSION) - 3))
    opening, closing = ("\\[", "\\]") if markdown else ("[", "]")
    padded = f"{body} {extra}" if extra else body
    return f"{lead}{opening}{padded}{closing}{trail}"


def pseudo_catalog(template: Catalog, locale: str, markdown: bool,
                   plain: frozenset[str] = frozenset()) -> Catalog:
    """Every entry of ``template`` pseudo-translated into ``locale``;
    ``markdown``: its entries are inline Markdown, but for the msgids in
    ``plain`` (front-matter fields, shown as text)."""
    info = locale_info(locale)
    catalog = Catalog(header=Message(msgid="", msgstr=(
        f"Language: {locale}\nContent-Type: text/plain; charset=UTF-8\n"
        f"Plural-Forms: {info.plural_forms}\n")))
    for entry in template.messages:
        if entry.is_header or entry.obsolete:
            continue
        md = (markdown and entry.msgid not in plain) or "md-text" in entry.flags
        message = Message(msgid=entry.msgid, msgid_plural=entry.msgid_plural,
                          msgctxt=entry.msgctxt, flags=[f for f in entry.flags if f != "fuzzy"],
                          references=list(entry.references))
        if entry.is_plural:
            one = compile_plural(parse_plural_forms(info.plural_forms)[1])(1)
            message.msgstr_plural = [pseudo_text(entry.msgid if i == one else entry.msgid_plural,
                                                 locale, md) for i in range(info.nplurals)]
        else:
            message.msgstr = pseudo_text(entry.msgid, locale, md)
        catalog.messages.append(message)
    return catalog


def project_catalog(settings, locale: str, domain: str) -> Catalog:
    """The pseudo-catalog of one of the project's domains, from its sources."""
    from ..extract.pot import document_catalog, templates_catalog
    from ..sources.documents import read_document
    from ..sources.lookup import effective_templates

    if domain == settings.templates_domain:
        return pseudo_catalog(templates_catalog(effective_templates(settings), domain), locale,
                              markdown=False)
    path = settings.documents_dir / f"{domain}.md"
    document = read_document(path, settings.relative(path), settings.source_locale)
    fields = frozenset(s.text for s in document.segments if s.field is not None)
    return pseudo_catalog(document_catalog(document), locale, markdown=True, plain=fields)


__all__ = ["is_pseudo", "pseudo_text", "pseudo_catalog", "cldr_name", "PSEUDO_LOCALES"]
