"""A page links to its PDF only when the build makes it: the proof pages
`serve` builds (HTML only) link to no PDF, and every PDF link of a full
build names a file that is there."""

from __future__ import annotations

import re

from publisher.build.pipeline import build
from publisher.sources.config import load_settings

from projects import make_project

LINK = re.compile(r'href="([^"]+\.pdf)"')


def test_html_only_and_proof_pages_link_to_no_pdf(tmp_path):
    site = make_project(tmp_path / "site", {"report": "# Report\n\nOne paragraph.\n"}, ("de",))
    settings = load_settings(site)
    for proof in (False, True):
        report = build(settings, ["de"], ("html",), proof=proof)
        pages = list(report.output.rglob("*.html"))
        assert pages
        for page in pages:
            assert not LINK.search(page.read_text("utf-8")), page
    # with PDFs, the pages link to them (the same cache: the key knows the difference)
    report = build(settings, ["de"], ("html", "pdf"), documents=["report"])
    page = (report.output / "de" / "report.html").read_text("utf-8")
    assert LINK.findall(page) == ["report.pdf"] and (report.output / "de/report.pdf").is_file()
    assert LINK.findall((report.output / "de" / "index.html").read_text("utf-8")) == ["report.pdf"]


def test_every_pdf_link_of_a_full_build_is_there(sample_build):
    settings, report = sample_build
    checked = 0
    for page in report.output.rglob("*.html"):
        for href in LINK.findall(page.read_text("utf-8")):
            assert (page.parent / href).is_file(), (page, href)
            checked += 1
    assert checked
