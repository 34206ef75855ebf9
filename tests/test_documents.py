from pathlib import Path

import pytest

from publisher.core.errors import SourceError
from publisher.sources.documents import normalise_inline, parse_document, read_document

ROOT = Path(__file__).resolve().parents[1]


def test_sample_segments_are_front_matter_and_paragraphs():
    doc = read_document(ROOT / "documents/china-st-cooperation.md", "documents/china-st-cooperation.md")
    kinds = [(s.kind, s.line) for s in doc.segments]
    assert kinds == [("title", 2), ("summary", 3), ("section", 7),
                     ("paragraph", 10), ("paragraph", 18), ("paragraph", 34)]
    assert doc.segments[4].comment.startswith('"S&T" abbreviates')
    assert doc.segments[3].comment == ""
    assert str(doc.date) == "2026-11-28"
    # The page chrome of the received page is not part of the document.
    text = " ".join(s.text for s in doc.segments)
    assert "Suggest to a friend" not in text and "Home >" not in text
    assert "By {1995}, {27,785} international S&T exchange" in text


def test_every_block_kind_is_a_segment():
    doc = read_document(ROOT / "tests/golden/extract/blocks.md", "blocks.md")
    kinds = {s.kind for s in doc.segments}
    assert kinds >= {"title", "summary", "section", "heading", "paragraph", "list item",
                     "table header cell", "table cell", "image alt text"}
    assert "tags" not in kinds  # not text
    alt = next(s for s in doc.segments if s.kind == "image alt text")
    assert alt.text == "A chart of *cooperation* projects"
    summary = next(s for s in doc.segments if s.kind == "summary")
    assert summary.text == "Every kind of block, folded over lines."


def test_soft_breaks_join_and_hard_breaks_stay():
    assert normalise_inline("one\ntwo") == "one two"
    assert normalise_inline("one  \ntwo") == "one\\\ntwo"
    assert normalise_inline("one\\\ntwo") == "one\\\ntwo"


def test_translator_note_goes_to_the_next_block_only():
    doc = parse_document("<!-- translators: careful -->\n\nFirst.\n\nSecond.\n", "d.md")
    assert [(s.text, s.comment) for s in doc.segments] == [("First.", "careful"), ("Second.", "")]


@pytest.mark.parametrize("text, line", [
    ("Intro.\n\n<div>raw</div>\n", 3),
    ("Some <b>bold</b> text.\n", 1),
])
def test_raw_html_is_refused_with_its_line(text, line):
    with pytest.raises(SourceError) as info:
        parse_document(text, "d.md")
    assert info.value.line == line and info.value.path == "d.md"


def test_broken_front_matter_names_the_line():
    with pytest.raises(SourceError) as info:
        parse_document("---\ntitle: [unclosed\n---\n\nText.\n", "d.md")
    assert info.value.path == "d.md" and info.value.line >= 2
    with pytest.raises(SourceError):
        parse_document("---\ntitle: never closed\n\nText.\n", "d.md")


def test_crlf_and_bom_are_read():
    doc = parse_document("\ufeff---\r\ntitle: T\r\n---\r\n\r\nA\r\nB\r\n", "d.md")
    assert [s.text for s in doc.segments] == ["T", "A B"]
