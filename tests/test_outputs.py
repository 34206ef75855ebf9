"""The output folder's layout has one owner (core.outputs): what it names,
it reads back, and names it does not make are never guessed."""

from __future__ import annotations

from pathlib import Path

import pytest

from publisher.core import outputs
from publisher.core.outputs import Output, document_path, index_path, parse
from publisher.render.webfonts import page_set
from publisher.serve.server import page_key

KINDS = ("html", "pdf", "bilingual", "bilingual-html")


@pytest.mark.parametrize("locale", ["de", "zh_Hant_TW", "ar"])
@pytest.mark.parametrize("document", ["report", "bericht-über", "a-bilingual-x", "index-2026"])
@pytest.mark.parametrize("kind", KINDS)
def test_every_name_made_reads_back(locale, document, kind):
    assert parse(document_path(locale, document, kind)) == Output(kind, locale, document)


def test_indexes_assets_and_editions():
    assert parse(index_path(None)) == Output("chooser")
    assert parse(index_path("de")) == Output("index", "de")
    assert parse("assets/fonts/de.css") == Output("asset")
    assert parse("editions/visit/de.pdf") == Output("edition", "de", "visit")
    assert parse("editions/index.html") == Output("index")


@pytest.mark.parametrize("relative", ["", "de", "de/", "../x.pdf", "de/../fr/x.html", "de/x.txt",
                                      "de/x/y.html", "x.pdf", "de/index.pdf", "de/-bilingual.pdf",
                                      "assets", "editions/visit/de.html"])
def test_names_the_layout_does_not_make_are_none(relative):
    assert parse(relative) is None


def test_the_preview_and_the_web_fonts_read_pages_as_the_build_names_them(tmp_path):
    # the preview's key of a bilingual page is its document, as the build's (the
    # preview kept "report-bilingual" before the layout had one owner)
    assert page_key(tmp_path, tmp_path / document_path("de", "report", "bilingual-html")) == \
        ("de", "report")
    assert page_key(tmp_path, tmp_path / document_path("de", "report", "html")) == ("de", "report")
    assert page_key(tmp_path, tmp_path / document_path("de", "report", "pdf")) is None
    assert page_key(tmp_path, tmp_path / "assets" / "x.html") is None
    assert page_set(tmp_path, tmp_path / index_path(None)) == (True, None)
    assert page_set(tmp_path, tmp_path / index_path("fr")) == (True, "fr")
    assert page_set(tmp_path, tmp_path / "assets" / "x.html") == (False, None)
    assert page_set(tmp_path, tmp_path / document_path("fr", "r", "pdf")) == (False, None)
    assert page_set(tmp_path, Path("/elsewhere/fr/r.html")) == (False, None)


def test_the_layout_constants_are_the_ones_extract_reserves():
    from publisher.extract.pot import RESERVED_NAMES

    assert {outputs.INDEX, outputs.ASSETS, outputs.EDITIONS} <= set(RESERVED_NAMES)


def test_edition_names_read_back():
    assert parse(outputs.edition_path("visit", "de")) == Output("edition", "de", "visit")
    assert parse(outputs.editions_index_path()) == Output("index")


@pytest.mark.parametrize("page, target, from_root, expected", [
    ("de/report.html", "de/report.pdf", False, "report.pdf"),
    ("de/faq#1.html", "de/faq#1.pdf", False, "faq%231.pdf"),
    ("de/report.html", "fr/report.html", False, "../fr/report.html"),
    ("de/report.html", "de/report.html", True, "../de/report.html"),
    ("de/index.html", "assets", False, "../assets"),
    ("index.html", "de/index.html", False, "de/index.html"),
    ("index.html", "index.html", True, "index.html"),
    ("editions/visit/de.html", "assets", False, "../../assets"),
    ("editions/index.html", "editions/visit/de.pdf", False, "visit/de.pdf"),
])
def test_addresses_between_outputs(page, target, from_root, expected):
    assert outputs.href(page, target, from_root) == expected


def test_pages_link_by_the_layout_names(tmp_path):
    """A page's own links (its PDF, the language menu, hreflang, the index's
    documents) are the layout's names: another layout there, other links."""
    from publisher.render.html import Page

    page = Page.of_document("de", "report")
    assert page.locale == "de" and page.in_locale("fr") == document_path("fr", "report", "html")
    assert page.href_in("fr") == "../fr/report.html"
    assert Page.index("de").in_locale("fr") == index_path("fr")
    assert Page.index(None).locale is None and Page.index(None).href_in("fr") == "fr/index.html"
