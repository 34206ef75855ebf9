"""PDF/UA-1 and PDF/A validated, not assumed (tests/pdfvalid.py).

The PDFs other fixtures build are validated where they are (the shared
sample build: every locale's PDF and bilingual PDF); this module builds one
small project more, whose document has what the sample lacks (sub-headings,
a table, a figure, a link, an untranslated paragraph), and reads its
structure tree with pypdf for what validators cannot decide: headings
without skipped levels, header cells, alternate texts, link descriptions,
the language of text in another language than the page's, and the reading
order of bilingual columns.
"""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

import pypdf
import pytest
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

from publisher.build.pipeline import build
from publisher.sources.config import load_settings

from pdfvalid import invalid, page_findings
from projects import make_project


def test_every_pdf_of_the_sample_passes_pdf_ua_1(sample_build):
    settings, _ = sample_build
    pdfs = sorted(settings.output_dir.glob("*/*.pdf"))
    assert len(pdfs) >= 2 * len(settings.all_locales) - 1
    assert invalid(pdfs, "pdf/ua-1", second=True) == {}


# What the validators are there for: each finding publisher fixed is seen
# in WeasyPrint's own output.

HINDI = "अंतरराष्ट्रीय सहयोग एवं विकास"


def test_the_witness_sees_an_empty_tounicode_without_the_text_layer(tmp_path):
    """WeasyPrint's own drawing maps glyphs of reordered clusters to empty
    text: the validator says so (and passes publisher's output)."""
    import weasyprint

    from publisher.render import pdftext
    from publisher.render.pdf import PdfJob, render_pdf

    page = tmp_path / "hi.html"
    page.write_text(f'<!DOCTYPE html><html lang="hi"><head><meta charset="utf-8"><title>T</title>'
                    f'</head><body><p>{HINDI}</p></body></html>', encoding="utf-8")
    pdftext.uninstall()
    try:
        weasyprint.HTML(filename=str(page)).write_pdf(tmp_path / "own.pdf", pdf_variant="pdf/ua-1")
    finally:
        pdftext.install()
    assert any(f.startswith("PDFUA1-FONT-UNICODE-MAPPING") for f in
               page_findings(tmp_path / "own.pdf", "ua1"))
    render_pdf(PdfJob(page, tmp_path / "exact.pdf", (tmp_path,)))
    assert page_findings(tmp_path / "exact.pdf", "ua1") == []


def test_pdf_a_metadata_is_uncompressed(tmp_path):
    import weasyprint

    from publisher.render.pdf import PdfJob, render_pdf

    page = tmp_path / "a.html"
    page.write_text('<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>A</title>'
                    "</head><body><p>Archive.</p></body></html>", encoding="utf-8")
    weasyprint.HTML(filename=str(page)).write_pdf(tmp_path / "own.pdf", pdf_variant="pdf/a-3b")
    assert any("METADATA-FILTER" in f for f in page_findings(tmp_path / "own.pdf", "3b"))
    render_pdf(PdfJob(page, tmp_path / "a.pdf", (tmp_path,), variant="pdf/a-3b"))
    assert page_findings(tmp_path / "a.pdf", "3b") == []
    metadata = pypdf.PdfReader(tmp_path / "a.pdf").trailer["/Root"]["/Metadata"].get_object()
    assert "/Filter" not in metadata


# The structure tree, read with pypdf.

STRUCTURE = """---
title: Structure
summary: What a reader's software needs.
---

Read [the annual report](https://example.org/report) first.

## Cooperation

Cooperation is a part of the policy.

### Projects by year

| Year | Projects |
|------|----------|
| 1995 | 27785    |

![Projects by year, 1990 to 1995](figures/chart.png)

## Results

Only this paragraph stays in the source language.
"""


def png(width=40, height=20) -> bytes:
    rows = b"".join(b"\x00" + bytes((30, 90, 160)) * width for _ in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


UNTRANSLATED = "Only this paragraph stays in the source language."


@pytest.fixture(scope="module")
def structured(tmp_path_factory) -> Path:
    """A project in English and German whose German catalog leaves one
    paragraph untranslated (a source-language fallback)."""
    from publisher.catalogs.pofile import read_po, write_po

    root = make_project(tmp_path_factory.mktemp("structure") / "project",
                        {"structure": STRUCTURE}, ("de",))
    (root / "documents" / "figures").mkdir()
    (root / "documents" / "figures" / "chart.png").write_bytes(png())
    path = root / "locales" / "de" / "LC_MESSAGES" / "structure.po"
    catalog = read_po(path)
    for message in catalog.messages:
        if message.msgid == UNTRANSLATED:
            message.msgstr = ""
        elif message.msgid and message.msgstr == message.msgid and " " in message.msgid:
            message.msgstr = "DE " + message.msgid
    write_po(path, catalog)
    build(load_settings(root), formats=("pdf", "bilingual"))
    return root / "dist"


def elements(reader: pypdf.PdfReader) -> list[DictionaryObject]:
    """The structure elements in reading order (depth first)."""
    found = []

    def walk(node):
        node = node.get_object()
        if isinstance(node, DictionaryObject) and "/S" in node:
            found.append(node)
        kids = node.get("/K") if isinstance(node, DictionaryObject) else None
        for kid in kids if isinstance(kids, ArrayObject) else [kids] if kids is not None else []:
            kid = kid.get_object() if isinstance(kid, IndirectObject) else kid
            if isinstance(kid, DictionaryObject) and "/S" in kid:
                walk(kid)

    walk(reader.trailer["/Root"]["/StructTreeRoot"])
    return found


def roles(reader) -> list[str]:
    return [str(element["/S"]) for element in elements(reader)]


@pytest.mark.parametrize("locale", ["en", "de"])
def test_the_pdfs_pass_pdf_ua_1(structured, locale):
    assert invalid([structured / locale / "structure.pdf"], second=True) == {}


def test_headings_start_at_h1_and_skip_no_level(structured):
    for locale in ("en", "de"):
        levels = [int(role[2]) for role in roles(pypdf.PdfReader(structured / locale /
                                                                 "structure.pdf"))
                  if len(role) == 3 and role.startswith("/H") and role[2].isdigit()]
        assert levels[0] == 1, levels
        assert all(b <= a + 1 for a, b in zip(levels, levels[1:])), levels
        assert {1, 2, 3} <= set(levels)


def test_tables_have_header_cells_that_data_cells_point_to(structured):
    found = elements(pypdf.PdfReader(structured / "de" / "structure.pdf"))
    headers = [e for e in found if e["/S"] == "/TH"]
    cells = [e for e in found if e["/S"] == "/TD"]
    assert len(headers) == 2 and len(cells) == 2
    ids = {str(h["/ID"]) for h in headers}
    for cell in cells:
        assert [str(i) for i in cell["/A"]["/Headers"]] and {str(i) for i in
                                                            cell["/A"]["/Headers"]} <= ids


def test_figures_have_an_alternate_text(structured):
    for locale in ("en", "de"):
        figures = [e for e in elements(pypdf.PdfReader(structured / locale / "structure.pdf"))
                   if e["/S"] == "/Figure"]
        assert figures and all(str(f.get("/Alt", "")).strip() for f in figures)


def test_links_are_described_by_their_text(structured):
    reader = pypdf.PdfReader(structured / "de" / "structure.pdf")
    links = [a.get_object() for page in reader.pages for a in page.get("/Annots", [])
             if a.get_object()["/Subtype"] == "/Link"]
    assert links
    external = [a for a in links if "/A" in a]
    assert [str(a["/Contents"]) for a in external] == [
        "the annual report (https://example.org/report)"]
    for annotation in links:
        assert "/StructParent" in annotation and str(annotation["/Contents"]).strip()


def test_the_title_is_shown_and_the_language_declared(structured):
    catalog = pypdf.PdfReader(structured / "de" / "structure.pdf").trailer["/Root"]
    assert catalog["/ViewerPreferences"]["/DisplayDocTitle"] == True  # noqa: E712 (BooleanObject)
    assert str(catalog["/Lang"]) == "de"


def test_text_in_the_source_language_says_so(structured):
    """The untranslated paragraph is marked lang="en" in the German page:
    its structure element carries /Lang en, and no other element does
    (they inherit the page's German)."""
    reader = pypdf.PdfReader(structured / "de" / "structure.pdf")
    marked = [e for e in elements(reader) if "/Lang" in e]
    assert [(str(e["/S"]), str(e["/Lang"])) for e in marked] == [("/Span", "en")]
    parent = marked[0]["/P"].get_object()
    assert parent["/S"] == "/P"
    english = pypdf.PdfReader(structured / "en" / "structure.pdf")
    assert [e for e in elements(english) if "/Lang" in e] == []


def columns(reader) -> list[str]:
    """The language of each column block of a bilingual page, in reading
    order: the Divs that hold no Div."""
    found = elements(reader)
    blocks = [e for e in found if e["/S"] == "/Div" and not any(
        isinstance(k.get_object(), DictionaryObject) and k.get_object().get("/S") == "/Div"
        for k in (e["/K"] if isinstance(e["/K"], ArrayObject) else [e["/K"]])
        if isinstance(k, IndirectObject))]
    return [str(e.get("/Lang", "")) for e in blocks]


def test_bilingual_columns_are_read_row_by_row(structured):
    """Each row's source block (marked English), then its translation
    (the page's German): never a whole column and then the other."""
    reader = pypdf.PdfReader(structured / "de" / "structure-bilingual.pdf")
    sequence = columns(reader)
    assert len(sequence) >= 8 and len(sequence) % 2 == 0, sequence
    assert sequence == ["en", ""] * (len(sequence) // 2), sequence


def test_every_bilingual_pdf_is_read_row_by_row_from_its_reading_side(sample_build):
    """In the sample's bilingual PDFs, each row's two blocks are read one
    after the other (a block split by a page break counts once), the one on
    the reading side first: the source on the left of a left-to-right page,
    the translation on the right of a right-to-left one (WeasyPrint lays the
    grid out from the left and tagged the source first)."""
    from publisher.core.locales import locale_info

    settings, _ = sample_build
    seen = 0
    for locale in settings.all_locales[1:]:
        for pdf in sorted((settings.output_dir / locale).glob("*-bilingual.pdf")):
            seen += 1
            sequence = columns(pypdf.PdfReader(pdf))
            blocks = [lang for i, lang in enumerate(sequence) if i == 0 or sequence[i - 1] != lang]
            # the source's blocks carry its /Lang, the translation's none
            source_first = locale_info(locale).direction != "rtl"
            assert bool(blocks[0]) == source_first and len(blocks) >= 4, (pdf, sequence)
            assert all(a != b for a, b in zip(blocks, blocks[1:])), (pdf, sequence)
    assert seen
