"""The print editions, read back: text and figures, language, outline, fonts,
safety, reproducibility, the bilingual edition, variants."""

from __future__ import annotations

import subprocess
from collections import Counter
from pathlib import Path

import pypdf
import pytest
from test_build import squash

from publisher.build.pipeline import build
from publisher.catalogs.pofile import read_po
from publisher.sources.config import load_settings

from conftest import copy_project
from pdfvalid import invalid
from pdfwalk import forbidden

DOC = "china-st-cooperation"
FIGURES = {
    "de": ["27.785", "93.981", "1995"],
    "es": ["27.785", "93.981", "1995"],
    "fr": ["27\u202f785", "93\u202f981", "1995"],
    "ru": ["27\u00a0785", "93\u00a0981", "1995"],
    "en": ["27,785", "93,981", "1995"],
    "zh_CN": ["27,785", "93,981", "1995"],
}


@pytest.fixture
def out(sample_build):
    settings, _ = sample_build
    return settings.output_dir


def text_of(path: Path) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(path).pages)


@pytest.mark.parametrize("locale", sorted(FIGURES))
def test_figures_are_written_the_locale_way(out, locale):
    text = text_of(out / locale / f"{DOC}.pdf")
    for figure in FIGURES[locale]:
        assert figure in text, (locale, figure)
    assert "1.995" not in text and "1 995" not in text and "1\u202f995" not in text


@pytest.mark.parametrize("locale", ["en", "ar", "zh_CN", "hi"])
def test_language_outline_fonts_and_footer(out, locale):
    path = out / locale / f"{DOC}.pdf"
    reader = pypdf.PdfReader(path)
    root = reader.trailer["/Root"]
    assert root["/Lang"] == locale.replace("_", "-")
    assert "/StructTreeRoot" in root  # tagged (PDF/UA-1)
    outline = reader.outline
    assert outline and outline[0]["/Title"] == reader.metadata.title
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    for row in fonts.splitlines()[2:]:
        name = row.split()[0]
        assert "+" in name, f"font not subset: {row}"   # subset fonts carry a tag
        assert row.split()[-5] == "yes", f"font not embedded: {row}"
    # The last page's footer says "page N of N" in the locale's words.
    pages = str(len(reader.pages))
    footer = "Page %(page)s of %(pages)s"
    if locale != "en":
        footer = read_po(out.parent / f"locales/{locale}/LC_MESSAGES/templates.po").find(footer).msgstr
    footer = footer.replace("%(page)s", pages).replace("%(pages)s", pages)
    # (Right-to-left lines come back in visual order: compare their characters.)
    lines = [Counter(squash(line)) for line in reader.pages[-1].extract_text().splitlines()]
    assert Counter(squash(footer)) in lines, (locale, footer)


def test_no_javascript_actions_or_attachments(out):
    pdfs = list(out.rglob("*.pdf"))
    assert pdfs
    for path in pdfs:
        assert forbidden(path) == [], path    # every object resolved and decompressed


def test_bilingual_edition_has_both_languages_on_every_page(out):
    for locale, sample in {"ar": "الصين", "zh_CN": "中国", "de": "China"}.items():
        reader = pypdf.PdfReader(out / locale / f"{DOC}-bilingual.pdf")
        for page in reader.pages:
            text = page.extract_text()
            assert "China" in text or "Chinese" in text, locale
            assert sample in text, locale
    assert not (out / "en" / f"{DOC}-bilingual.pdf").exists()


def test_same_inputs_same_bytes(tmp_path):
    root = copy_project(tmp_path / "project")
    settings = load_settings(root)
    documents = len(settings.document_paths())
    # Two renders, not one render and a copy from the cache: each build has a
    # cache and an output folder of its own.
    made = []
    for n in (1, 2):
        report = build(settings, locales=["zh_CN", "ar"], formats=("pdf",), force=True,
                       output=tmp_path / f"dist{n}", cache_folder=tmp_path / f"cache{n}")
        assert report.pdf_renders == 2 * documents
        made.append({p.relative_to(tmp_path / f"dist{n}"): p.read_bytes()
                     for p in (tmp_path / f"dist{n}").rglob("*.pdf")})
    assert made[0] == made[1] and len(made[0]) == 2 * documents


def test_print_shop_and_archival_variants(tmp_path):
    root = copy_project(tmp_path / "project")
    settings = load_settings(root)
    build(settings, locales=["de"], formats=("pdf",), print_shop=True)
    page = pypdf.PdfReader(root / f"dist/de/{DOC}.pdf").pages[0]
    a4 = (595.28, 841.89)
    bleed = 3 / 25.4 * 72
    trim, bleed_box, media = page.trimbox, page.bleedbox, page.mediabox
    assert (float(trim.width), float(trim.height)) == pytest.approx(a4, abs=0.05)
    assert (float(bleed_box.width), float(bleed_box.height)) == \
        pytest.approx((a4[0] + 2 * bleed, a4[1] + 2 * bleed), abs=0.05)
    # The trim box sits 3 mm inside the bleed box on every side; the marks
    # sit in a slug outside the bleed (tests/test_printshop.py measures it).
    assert float(trim.left) - float(bleed_box.left) == pytest.approx(bleed, abs=0.05)
    assert float(bleed_box.top) - float(trim.top) == pytest.approx(bleed, abs=0.05)
    assert float(media.left) < float(bleed_box.left) and float(media.top) > float(bleed_box.top)
    assert invalid([root / f"dist/de/{DOC}.pdf"], "pdf/ua-1") == {}
    build(settings, locales=["de"], formats=("pdf",), pdf_variant="pdf/a-3b")
    archival = pypdf.PdfReader(root / f"dist/de/{DOC}.pdf").trailer["/Root"]
    xmp = archival["/Metadata"].get_object().get_data()
    assert b'pdfaid:part="3"' in xmp and b'pdfaid:conformance="B"' in xmp
    assert "/OutputIntents" in archival
    # PDF/A-3b validated (page-validation); PDF/X-4 has no validator here
    # (docs/pdf-validation.md).
    assert invalid([root / f"dist/de/{DOC}.pdf"], "pdf/a-3b") == {}


def test_cover_page_names_the_occasion_and_the_date(tmp_path):
    from publisher.render.html import Cover

    root = copy_project(tmp_path / "project")
    occasion = "Visit of the delegation of the Federal Republic of Germany, Beijing"
    build(load_settings(root), locales=["de", "en"], formats=("pdf", "html"),
          cover=Cover(occasion, "en"))
    reader = pypdf.PdfReader(root / f"dist/de/{DOC}.pdf")
    cover = reader.pages[0].extract_text()
    assert occasion in " ".join(cover.split())
    assert "28. November 2026" in cover
    assert "Seite" not in cover                        # no footer on the cover
    assert "Seite 1 von 1" in reader.pages[1].extract_text()   # the cover is not counted
    html = (root / f"dist/de/{DOC}.html").read_text("utf-8")
    assert f'<p class="cover-occasion"><span lang="en" dir="ltr">{occasion}</span></p>' in html


LINKS = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Links</title></head>
<body><main id="main"><h1>Links</h1>
<p>See <a href="https://example.org/ministry">the ministry</a>,
<a href="mailto:desk@example.org">write to us</a>, <a href="#main">the top</a>,
<a href="file:///etc/passwd">a local file</a>, <a href="javascript:alert(1)">a script</a>
and <a href="data:text/html,hi">a data page</a>.</p></main></body></html>
"""


def test_pdf_links_stay_inside_the_document_or_the_web(tmp_path):
    """Whatever links a page holds (a project's template may write any), the
    PDF keeps links inside the document and to the web or mail only."""
    from publisher.render.pdf import PdfJob, render_pdf

    page = tmp_path / "links.html"
    page.write_text(LINKS, "utf-8")
    render_pdf(PdfJob(page, tmp_path / "links.pdf", (tmp_path,)))
    kinds = Counter()
    for pdf_page in pypdf.PdfReader(tmp_path / "links.pdf").pages:
        for annot in pdf_page.get("/Annots") or []:
            annot = annot.get_object()
            action = annot.get("/A")
            if action is not None and "/URI" in action:
                assert str(action["/URI"]).startswith(("http:", "https:", "mailto:")), action["/URI"]
                kinds[str(action["/URI"]).split(":")[0]] += 1
            elif "/Dest" in annot or (action is not None and "/D" in action):
                kinds["internal"] += 1
    # the web and mail links and the link inside the page stay; file:, javascript: and data: go
    assert kinds == {"https": 1, "mailto": 1, "internal": 1}
