"""Print-shop PDFs: boxes, marks in the slug outside the bleed, PDF/X."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pypdf
import pytest

from publisher.render.pdf import PdfJob, render_pdf
from publisher.render.printshop import BLEED_MM, MM, SLUG_MM

A4 = (595.28, 841.89)


@pytest.fixture(scope="module")
def page_html(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("printshop")
    page = folder / "page.html"
    page.write_text('<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>T</title>'
                    '<style>@page { size: A4; margin: 20mm }</style></head>'
                    "<body><p>Text for the press.</p></body></html>", encoding="utf-8")
    return page


def render(page: Path, name: str, **options) -> Path:
    target = page.with_name(name)
    render_pdf(PdfJob(page, target, (page.parent,), **options))
    return target


def boxes(path: Path) -> dict[str, tuple[float, ...]]:
    page = pypdf.PdfReader(path).pages[0]
    return {name: tuple(float(v) for v in page[name]) for name in ("/MediaBox", "/BleedBox",
                                                                   "/TrimBox")}


def gray(path: Path, dpi: int) -> tuple[int, int, bytes]:
    data = subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", "-singlefile", str(path)],
                          capture_output=True, check=True).stdout
    parts = data.split(maxsplit=4)   # P5 width height maxval pixels
    return int(parts[1]), int(parts[2]), parts[4]


def test_boxes_bleed_and_slug(page_html):
    found = boxes(render(page_html, "shop.pdf", print_shop=True))
    media, bleed, trim = found["/MediaBox"], found["/BleedBox"], found["/TrimBox"]
    outside = (BLEED_MM + SLUG_MM) * MM
    assert media[2] - media[0] == pytest.approx(A4[0] + 2 * outside, abs=0.5)
    assert abs(media[3] - media[1]) == pytest.approx(A4[1] + 2 * outside, abs=0.5)
    assert trim[2] - trim[0] == pytest.approx(A4[0], abs=0.5)
    assert abs(trim[3] - trim[1]) == pytest.approx(A4[1], abs=0.5)
    for index, sign in ((0, -1), (1, -1), (2, 1), (3, 1)):
        assert bleed[index] - trim[index] == pytest.approx(sign * BLEED_MM * MM, abs=0.01)


def test_marks_sit_in_the_slug_never_in_the_bleed(page_html):
    path = render(page_html, "marks.pdf", print_shop=True)
    dpi = 72
    width, height, pixels = gray(path, dpi)
    px = dpi / 25.4
    slug, bleed = SLUG_MM * px, (SLUG_MM + BLEED_MM) * px

    def dark(x0, y0, x1, y1) -> int:
        return sum(1 for y in range(int(y0), int(y1)) for x in range(int(x0), int(x1))
                   if pixels[y * width + x] < 128)

    # The top-left corner: marks in the slug, nothing in the bleed band.
    assert dark(0, 0, slug, bleed + 2 * px) > 0
    assert dark(slug + 1, slug + 1, bleed - 1, height - slug - 1) == 0
    assert dark(slug + 1, slug + 1, width - slug - 1, bleed - 1) == 0
    # Registration marks (crosses) at the middle of the edges, in the slug.
    assert dark(width / 2 - 5 * px, 0, width / 2 + 5 * px, slug) > 0


@pytest.mark.parametrize("variant", ["pdf/x-4"])
def test_pdfx_declares_its_output_intent(page_html, variant):
    path = render(page_html, variant.replace("/", "-") + ".pdf", variant=variant, print_shop=True)
    root = pypdf.PdfReader(path).trailer["/Root"]
    intents = [intent.get_object() for intent in root["/OutputIntents"]]
    assert [intent["/S"] for intent in intents] == ["/GTS_PDFX"]
    assert intents[0]["/DestOutputProfile"].get_object().get_data()
    xmp = root["/Metadata"].get_object().get_data()
    assert b"PDF/X-" + variant.split("-")[1].upper().encode() in xmp.upper()


def test_pdfx_same_inputs_same_bytes(page_html, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    first = render(page_html, "x4-a.pdf", variant="pdf/x-4").read_bytes()
    second = render(page_html, "x4-b.pdf", variant="pdf/x-4").read_bytes()
    assert first == second
    assert b"2023-11-14T22:13:20+00:00" in first
