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
from publisher.documents import parse_document
from publisher.errors import SourceError
from publisher.extract import document_catalog
from publisher.translate import render_body, translate_document

SPEC = json.loads((Path(__file__).parent / "data" / "commonmark" / "spec-0.31.2.json")
                  .read_text("utf-8"))


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
    source = render_body(translate_document(document, Translations(None, "en"), "en"))
    translated = translate_document(document, Translations(catalog, "en_GB"), "en")
    return source, render_body(translated), translated.fallbacks


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
