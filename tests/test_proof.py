"""Proof mode outside the browser: the proof PDF's annotations, the build's
warnings and the server's banner, each naming the .po line to edit."""

from __future__ import annotations

import re

import pytest
from pypdf import PdfReader

from publisher.build.pipeline import build
from publisher.serve.server import Site, annotate
from publisher.sources.config import load_settings

from pdfvalid import invalid
from proofing import DOC, PO, damaged_project, po_line


@pytest.fixture(scope="module")
def damaged(tmp_path_factory):
    return damaged_project(tmp_path_factory.mktemp("proof") / "project")


@pytest.fixture(scope="module")
def proof_pdf(damaged):
    settings = load_settings(damaged.root)
    build(settings, locales=["de"], formats=("pdf",), proof=True, jobs=1)
    return damaged.root / "dist-proof" / "de" / f"{DOC}.pdf"


def test_the_proof_pdf_passes_pdf_ua_1(proof_pdf):
    """Its notes nested in Annot structure elements, its summary no heading
    before the document's title (tests/pdfvalid.py)."""
    assert invalid([proof_pdf], "pdf/ua-1") == {}


def annotations(path):
    found = []
    for number, page in enumerate(PdfReader(path).pages):
        for ref in page.get("/Annots") or []:
            annotation = ref.get_object()
            if annotation.get("/Subtype") == "/Text":
                found.append((number, annotation))
    return found


def test_the_proof_pdf_has_one_annotation_per_segment_with_its_po_line(damaged, proof_pdf):
    notes = annotations(proof_pdf)
    texts = [str(a["/Contents"]) for _, a in notes]
    assert len(notes) == 8, texts        # title, summary, heading and five paragraphs
    for msgid, state in [(damaged.fuzzy, "fuzzy"), (damaged.untranslated, "untranslated"),
                         (damaged.figures, "rejected by E201"),
                         (damaged.emphasis, "rejected by E301")]:
        text = next(t for t in texts if f"“{msgid}”" in t)
        assert text.startswith(state)
        assert f"edit: {PO}:{po_line(damaged.root, msgid)}\n" in text
    for text in texts:
        msgid = re.search(r"“(.*)”", text).group(1)
        assert f"{PO}:{po_line(damaged.root, msgid)}" in text
    states = [t.split("\n")[0].split(":")[0] for t in texts]
    assert states.count("translated") == 4


def test_annotations_sit_beside_their_segment(damaged, proof_pdf):
    page = PdfReader(proof_pdf).pages[0]
    height = float(page.mediabox.height)
    notes = [a for n, a in annotations(proof_pdf) if n == 0]
    tops = [float(a["/Rect"][3]) for a in notes]
    assert tops == sorted(tops, reverse=True), "in reading order, top to bottom"
    assert all(0 < top < height for top in tops)
    assert all(float(a["/Rect"][0]) < 60 for a in notes), "in the margin"


def test_proof_output_stays_out_of_the_published_folder(damaged, proof_pdf):
    assert not (damaged.root / "dist").exists()
    published = build(load_settings(damaged.root), locales=["de"], formats=("html",))
    page = (damaged.root / "dist" / "de" / f"{DOC}.html").read_text("utf-8")
    assert "proof" not in page
    assert len(published.fallbacks["de"][DOC]) == 4


def test_build_warnings_name_the_po_line_first(damaged):
    report = build(load_settings(damaged.root), locales=["de"], formats=("html",))
    lines = report.fallbacks["de"][DOC]
    figures = next(l for l in lines if "E201" in l)
    line = po_line(damaged.root, damaged.figures)
    assert figures.startswith(f"{PO}:{line}: E201 ")
    assert figures.endswith(f"(source: documents/{DOC}.md:12)")
    fuzzy = next(l for l in lines if ": fuzzy" in l)
    assert fuzzy.startswith(f"{PO}:{po_line(damaged.root, damaged.fuzzy)}: fuzzy")


def test_the_server_banner_lists_the_page_fallbacks(damaged, tmp_path):
    site = Site(load_settings(damaged.root), output=tmp_path / "site", proof=False)
    site.rebuild(["de"])
    notes = site.state.page_notes("de", DOC)
    assert any(f"{PO}:{po_line(damaged.root, damaged.emphasis)}: E301" in n for n in notes)
    page = annotate(b"<html><body><p>x</p></body></html>", 1, [], notes).decode()
    assert "4 string(s) of this page are shown in the source language" in page
    assert f"{PO}:{po_line(damaged.root, damaged.untranslated)}: untranslated" in page


def test_a_segment_across_a_page_break_has_one_note_and_rtl_notes_sit_right(tmp_path):
    from proofing import german_project

    root = german_project(tmp_path / "project")
    long = " ".join(["This sentence is long enough to need more than one page of text."] * 160)
    document = root / "documents" / f"{DOC}.md"
    document.write_text(document.read_text("utf-8") + f"\n{long}\n", "utf-8")
    settings = load_settings(root)
    build(settings, locales=["de", "ar_XB"], formats=("pdf",), proof=True, jobs=1)
    pdf = root / "dist-proof" / "de" / f"{DOC}.pdf"
    assert len(PdfReader(pdf).pages) >= 2
    names = [str(a["/T"]) for _, a in annotations(pdf)]
    assert len(names) == len(set(names)) == 9
    reader = PdfReader(root / "dist-proof" / "ar_XB" / f"{DOC}.pdf")
    width = float(reader.pages[0].mediabox.width)
    lefts = [float(a["/Rect"][0]) for _, a in annotations(root / "dist-proof" / "ar_XB" /
                                                         f"{DOC}.pdf")]
    assert lefts and all(left > width - 60 for left in lefts), "in the right margin"


def test_the_server_builds_proof_pages_beside_the_published_folder(damaged, tmp_path):
    said = []
    settings = load_settings(damaged.root)
    site = Site(settings, say=said.append, proof=True)
    assert site.output == (damaged.root / "dist-proof").resolve()
    site.rebuild(["de"])
    page = (site.output / "de" / f"{DOC}.html").read_text("utf-8")
    assert 'class="proof-summary"' in page and 'data-proof="fuzzy"' in page
    assert any(line.startswith("rebuilt de (") and "shown in the source language" in line
               for line in said), said


def test_a_translation_shown_with_a_check_warning_says_so(damaged, proof_pdf):
    page = (damaged.root / "dist-proof" / "de" / f"{DOC}.html").read_text("utf-8")
    mark = re.search(r'<span class="proof proof-translated"[^>]*data-proof-label="✓ W305"'
                     r'[^>]*data-po="([^"]+)"', page)
    assert mark and mark.group(1) == f"{PO}:{po_line(damaged.root, damaged.stretched)}"
    summary = page.split('class="proof-summary"')[1].split("</aside>")[0]
    assert "translated; W305:" in summary
    texts = [str(a["/Contents"]) for _, a in annotations(proof_pdf)]
    note = next(t for t in texts if f"“{damaged.stretched}”" in t)
    assert note.startswith("translated\nW305: ")
