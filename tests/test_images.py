"""Images beside a document are published with it, in HTML and PDF."""

import struct
import zlib

import pypdf

from publisher.build.pipeline import build
from publisher.core.errors import SourceError
from publisher.sources.config import load_settings


def png(width=40, height=20, rgb=(122, 31, 31)) -> bytes:
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    rows = b"".join(b"\x00" + bytes(rgb) * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


def test_a_documents_image_is_copied_and_shown(project):
    (project / "documents" / "figures").mkdir()
    (project / "documents" / "figures" / "chart.png").write_bytes(png())
    source = project / "documents" / "china-st-cooperation.md"
    source.write_text(source.read_text("utf-8") + "\n![Projects by year](figures/chart.png)\n", "utf-8")
    build(load_settings(project), locales=["en", "de"], formats=("html", "pdf"))
    out = project / "dist"
    assert (out / "assets/images/figures/chart.png").read_bytes() == png()
    page = (out / "de/china-st-cooperation.html").read_text("utf-8")
    assert 'src="../assets/images/figures/chart.png"' in page
    reader = pypdf.PdfReader(out / "de/china-st-cooperation.pdf")
    assert any(page.images for page in reader.pages)


def test_a_missing_or_outside_image_is_an_error_with_its_line(project):
    source = project / "documents" / "china-st-cooperation.md"
    text = source.read_text("utf-8")
    source.write_text(text + "\n![Secret](../publisher.toml)\n", "utf-8")
    image_line = text.count("\n") + 2
    # The document is reported (and skipped); with no other document to
    # build, the build stops with its error.
    try:
        errors = build(load_settings(project), locales=["en"], formats=("html",)).failed_documents
    except SourceError as error:
        errors = [error]
    assert [(e.path, e.line) for e in errors] == [("documents/china-st-cooperation.md", image_line)]
