"""The CommonMark spec's examples (npm commonmark-spec 0.31.2, tabs written
back from the spec's U+2192 arrows; CC-BY-SA 4.0, John MacFarlane) through
extract -> identity translation -> the page body: every example keeps its
words and characters (the reference being markdown-it's own CommonMark
rendering), and the translated body equals the source body.

Examples with raw HTML are refused by design (documents.py) and skipped.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from publisher.catalogs.translations import Translations
from publisher.core.errors import SourceError
from publisher.extract.pot import document_catalog
from publisher.sources.documents import parse_document
from publisher.translate.document import render_body, translate_document
from publisher.translate.linknotes import with_footnotes

DATA = Path(__file__).parent / "data" / "commonmark"
SPEC = json.loads((DATA / "spec-0.31.2.json").read_text("utf-8"))


def fixtures(name: str) -> list[tuple[str, str]]:
    """(title, Markdown) of each example of a fixture file (see its README)."""
    lines = (DATA / name).read_text("utf-8").split("\n")
    found, index = [], 0
    while index < len(lines):
        if index + 1 < len(lines) and lines[index + 1] == "." and lines[index].strip():
            end = lines.index(".", index + 2)
            found.append((lines[index], "\n".join(lines[index + 2:end]) + "\n"))
            index = lines.index(".", end + 1) + 1
        else:
            index += 1
    return found


def visible(fragment: str) -> str:
    """The characters a reader sees, whitespace aside."""
    return re.sub(r"\s+", "", html.unescape(re.sub(r"<[^>]*>", "", fragment)))


def identity_round_trip(markdown: str, name: str = "example.md"):
    """(source body, translated body, fallbacks) of a document translated by
    a catalog whose every msgstr is its msgid."""
    document = parse_document(markdown, name)
    catalog = document_catalog(document)
    for message in catalog.messages:
        message.msgstr = message.msgid
    source = render_body(with_footnotes(
        translate_document(document, Translations(None, "en"), "en")))
    translated = translate_document(document, Translations(catalog, "en_GB"), "en")
    return source, render_body(with_footnotes(translated)), translated.fallbacks


def test_every_example_without_raw_html_keeps_its_text_and_translates_to_itself():
    reference = MarkdownIt("commonmark")
    checked, lost, changed = 0, [], []
    for example in SPEC:
        try:
            source, translated, fallbacks = identity_round_trip(example["markdown"])
        except SourceError:
            continue
        checked += 1
        if visible(source) != visible(reference.render(example["markdown"])):
            lost.append(example["number"])
        if translated != source or fallbacks:
            changed.append(example["number"])
    assert checked > 500
    assert lost == [] and changed == []


@pytest.mark.parametrize("number", [335, 640, 641])
def test_a_line_end_inside_a_code_span_is_no_hard_break(number):
    example = SPEC[number - 1]
    source, translated, _ = identity_round_trip(example["markdown"])
    assert source == translated == example["html"]


@pytest.mark.parametrize("title, markdown", fixtures("gfm-tables.md") + fixtures("footnotes.md"))
def test_gfm_tables_and_footnotes_keep_their_text_and_translate_to_themselves(title, markdown):
    from mdit_py_plugins.footnote import footnote_plugin

    reference = MarkdownIt("commonmark").enable("table").use(footnote_plugin, inline=False)
    try:
        source, translated, fallbacks = identity_round_trip(markdown)
    except SourceError:
        pytest.skip("raw HTML: refused by design")
    assert translated == source and not fallbacks
    # the words of markdown-it's own rendering, less its footnote captions
    # and back-links ([1], ↩) and ours (the number and the back-link)
    want = re.sub(r"\[\d+(?::\d+)?\]|\u21a9\ufe0e?", "", visible(reference.render(markdown)))
    shown = re.sub(r'<span class="footnote">.*?</span>', "", source)   # the print copy
    have = re.sub(r"\u21a9\ufe0e?", "", visible(shown))
    assert re.sub(r"\d", "", want) == re.sub(r"\d", "", have)
