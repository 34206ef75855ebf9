"""PDFs read as structure, not bytes: every object resolved and decompressed
(tests/pdfwalk.py).  First the reader is shown to find what it looks for,
then the builds are shown to hold none of it."""

from __future__ import annotations

import io

import pypdf
import pytest
from pypdf.generic import ArrayObject, DictionaryObject, FloatObject, NameObject, TextStringObject

from publisher.build.pipeline import build
from publisher.sources.config import load_settings

from pdfwalk import forbidden, links
from projects import make_project


def link_annotation(uri: str) -> DictionaryObject:
    return DictionaryObject({
        NameObject("/Type"): NameObject("/Annot"), NameObject("/Subtype"): NameObject("/Link"),
        NameObject("/Rect"): ArrayObject([FloatObject(0), FloatObject(0), FloatObject(9),
                                          FloatObject(9)]),
        NameObject("/A"): DictionaryObject({NameObject("/S"): NameObject("/URI"),
                                            NameObject("/URI"): TextStringObject(uri)})})


def written(writer: pypdf.PdfWriter, path):
    stream = io.BytesIO()
    writer.write(stream)
    path.write_bytes(stream.getvalue())
    return path


def blank(tmp_path, name="clean.pdf", compress=True):
    writer = pypdf.PdfWriter()
    writer.add_blank_page(100, 100)
    writer.add_annotation(0, link_annotation("https://example.org/"))
    if compress:
        writer.compress_identical_objects()
    return writer


def test_the_reader_sees_a_clean_pdf_as_clean(tmp_path):
    path = written(blank(tmp_path), tmp_path / "clean.pdf")
    assert forbidden(path) == []
    assert links(path) == ["https://example.org/"]


@pytest.mark.parametrize("hostile, expected", [
    (lambda w: w._root_object.__setitem__(NameObject("/OpenAction"), w._add_object(
        DictionaryObject({NameObject("/S"): NameObject("/JavaScript"),
                          NameObject("/JS"): TextStringObject("app.alert(1)")}))), "/JS"),
    (lambda w: w.add_attachment("passwd", b"root:x:0:0"), "/EmbeddedFiles"),
    (lambda w: w.add_annotation(0, link_annotation("file:///etc/passwd")), "URI file:///etc/passwd"),
    (lambda w: w.add_annotation(0, link_annotation("javascript:alert(1)")), "URI javascript:alert(1)"),
])
def test_the_reader_finds_scripts_attachments_and_file_links(tmp_path, hostile, expected):
    writer = blank(tmp_path)
    hostile(writer)
    path = written(writer, tmp_path / "hostile.pdf")
    assert expected in forbidden(path)


LINKS = """---
title: Links
---

Read [the report](https://example.org/report), write to
[the office](mailto:office@example.org), not
[the password file](file:///etc/passwd) nor [a script](javascript:alert(1)).

## Annex

The end.
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = make_project(tmp_path_factory.mktemp("links") / "project", {"links": LINKS}, ("de",))
    report = build(load_settings(root), formats=("pdf",))
    return root, report


def test_pdfs_keep_web_and_mail_links_and_drop_file_and_script_links(built):
    root, _ = built
    for locale in ("en", "de"):
        path = root / "dist" / locale / "links.pdf"
        found = links(path)
        assert "https://example.org/report" in found and "mailto:office@example.org" in found
        assert not [l for l in found if not l.startswith(("https:", "mailto:"))], found
        assert forbidden(path) == []
