"""The printed edition: content pages only are counted, and external links'
addresses are printed as footnotes in the locale's digits."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from publisher.build.pipeline import build
from publisher.render.html import Cover
from publisher.sources.config import load_settings

from pdfvalid import invalid


def pdftotext(path: Path) -> str:
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


@pytest.fixture(scope="module")
def out(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("edition") / "project"
    (root / "documents").mkdir(parents=True)
    (root / "publisher.toml").write_text('source_locale = "en"\nlocales = ["ar", "de"]\n',
                                         encoding="utf-8")
    (root / "documents" / "note.md").write_text(
        "---\ntitle: A short note\ndate: 2026-01-05\n---\n\n"
        "Read [the agreement](https://example.org/agreement/2026) or "
        "[write to us](mailto:desk@example.org); see [above](#top).\n", encoding="utf-8")
    build(load_settings(root), formats=("pdf",), cover=Cover("State visit"))
    return root / "dist"


def test_pdfs_with_a_cover_pass_pdf_ua_1(out):
    assert invalid(sorted(out.glob("*/*.pdf")), "pdf/ua-1") == {}


def test_a_cover_does_not_change_the_content_page_numbers(out):
    text = pdftotext(out / "en" / "note.pdf")
    assert "Page 1 of 1" in text
    assert "Page 2" not in text


def test_external_links_are_printed_as_footnotes(out):
    text = pdftotext(out / "en" / "note.pdf")
    assert "the agreement1 or write to us2;" in text
    assert "1. https://example.org/agreement/2026" in text
    assert "2. desk@example.org" in text
    assert "#top" not in text


def test_footnote_numbers_use_the_locale_digits(out):
    # ar uses Latin digits by CLDR default; ar_EG would use ١٢٣.  The call and
    # the note share the counter style of the page numbers.
    text = pdftotext(out / "ar" / "note.pdf")
    assert "https://example.org/agreement/2026" in text.replace("\n", "")
