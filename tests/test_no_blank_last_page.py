"""No PDF ends with a page that holds only the running header and footer
(or only footnotes): every PDF of the shared sample build is scanned, and
documents whose text ends just at a page's foot, with and without a link
whose address is printed as a footnote.

The scan looks at ink, not text, so it holds for every script: the upper
half of the last page's text area (below the running header) must hold
something.  Text flows from the top, so a last page with content always
does; a page with only the header, the footer and notes at its foot never
does."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from PIL import Image

#: The page's margins in print.css (top, bottom), in millimetres.
TOP, BOTTOM = 20, 18
DPI = 24


def last_page_is_blank(pdf: Path) -> bool:
    """Whether the upper half of the last page's text area has no ink."""
    pages = int(next(line.split()[1] for line in subprocess.run(
        ["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout.splitlines()
        if line.startswith("Pages:")))
    stem = pdf.with_name(f".{pdf.stem}-last")
    subprocess.run(["pdftoppm", "-gray", "-png", "-r", str(DPI), "-f", str(pages), "-l",
                    str(pages), "-singlefile", str(pdf), str(stem)], check=True)
    image = Image.open(f"{stem}.png").convert("L")
    stem.with_suffix(".png").unlink()
    width, height = image.size
    mm = DPI / 25.4
    top, bottom = int(TOP * mm) + 1, height - int(BOTTOM * mm) - 1
    half = top + (bottom - top) // 2
    region = image.crop((0, top, width, half))
    return region.getextrema()[0] > 200        # nothing darker than a light grey


def blank_endings(pdfs: list[Path]) -> list[str]:
    return [pdf.name if pdf.parent.name == "" else f"{pdf.parent.name}/{pdf.name}"
            for pdf in pdfs if last_page_is_blank(pdf)]


def test_no_pdf_of_the_sample_ends_with_a_blank_page(sample_build):
    settings, report = sample_build
    pdfs = sorted({result.pdf_path for result in report.pdfs})
    assert pdfs
    assert blank_endings(pdfs) == []


PARAGRAPH = ("The ministry reviewed the programme with its partners and agreed on the next "
             "steps for the coming year, including training, exchanges and joint research. ") * 2


@pytest.fixture(scope="module")
def filled(tmp_path_factory) -> list[Path]:
    """PDFs of documents whose text ends at or near a page's foot (their
    lengths found by building 8 to 40 paragraphs: these ended with a blank
    page or a page of notes alone)."""
    from publisher.build.pipeline import build
    from publisher.sources.config import load_settings

    from projects import make_project

    documents = {}
    for n in (17, 18, 19, 37, 38, 39):
        body = "\n\n".join([PARAGRAPH] * (n // 2)) + ("\n\nShort closing line." if n % 2 else "")
        documents[f"d{n}"] = (f"---\ntitle: Document {n}\ndate: 2026-01-05\n---\n\n# Heading\n\n"
                              f"{body}\n\nSee [the site](https://example.org/a/very/long/address/"
                              f"{n}).\n")
    root = make_project(tmp_path_factory.mktemp("filled") / "project", documents)
    settings = load_settings(root)
    report = build(settings, locales=["en"], formats=("pdf",), jobs=1)
    return sorted(result.pdf_path for result in report.pdfs)


def test_a_text_that_fills_its_last_page_gets_no_page_of_its_own(filled):
    assert len(filled) == 6
    assert blank_endings(filled) == []


def test_the_scan_sees_a_blank_last_page(tmp_path):
    """The scan itself: a PDF whose last page has only a header and a footer."""
    from weasyprint import HTML

    html = ("<style>@page { size: A4; margin: 20mm 20mm 18mm; @top-center { content: 'Title' }"
            " @bottom-center { content: 'Page ' counter(page) } }</style>"
            "<p>Text.</p><div style='break-before: page'></div>")
    pdf = tmp_path / "blank.pdf"
    HTML(string=html).write_pdf(pdf)
    assert last_page_is_blank(pdf)
    HTML(string=html.replace("<div style='break-before: page'></div>", "")).write_pdf(pdf)
    assert not last_page_is_blank(pdf)
