"""Pages taken from the build cache: a build that changes nothing translates
nothing, and a page from the cache is the page a fresh build makes.

Translations are counted (every call of the build's translate step), never
timed; outputs are compared with a build that ignores the cache.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_incremental import make_project, translate

import publisher.build.pipeline as build_module
from publisher.build.pipeline import build
from publisher.cli import main
from publisher.sources.config import load_settings
from publisher.sources.lookup import PACKAGE_TEMPLATES


@pytest.fixture(scope="module")
def base(tmp_path_factory) -> Path:
    project = make_project(tmp_path_factory.mktemp("pages") / "project")
    translate(project, "alpha", "Alpha report", "Alpha-Bericht")
    translate(project, "beta", "Beta report", "Beta-Bericht")
    untranslate(project, "Download PDF")       # the package's German words show
    untranslate(project, "Suggest to a friend")    # a string of the project's: in English
    # and one of the project's that only a dated document's page shows
    document = project / "templates" / "document.html"
    document.write_text(document.read_text("utf-8").replace(
        '_("Published %(date)s"', '_("First published %(date)s"'), "utf-8")
    for command in (["extract"], ["update"]):
        assert CliRunner().invoke(main, ["--project", str(project), *command]).exit_code == 0
    alpha = project / "documents" / "alpha.md"
    alpha.write_text(alpha.read_text("utf-8").replace("---\n", "---\ndate: 2025-03-01\n", 1),
                     "utf-8")
    build(load_settings(project), jobs=1, formats=("html", "bilingual"))
    return project


def untranslate(project: Path, msgid: str) -> None:
    path = project / "locales/de/LC_MESSAGES/templates.po"
    text = path.read_text("utf-8")
    head = f'msgid "{msgid}"\nmsgstr "'
    start = text.index(head) + len(head)
    path.write_text(text[:start] + text[text.index('"', start):], "utf-8")


@pytest.fixture
def project(base, tmp_path) -> Path:
    copy = tmp_path / "project"
    shutil.copytree(base, copy, symlinks=True)
    return copy


@pytest.fixture
def translations(monkeypatch) -> list[tuple[str, str]]:
    """(locale, document) of every whole translation the build makes."""
    made: list[tuple[str, str]] = []
    real = build_module.translate_document

    def counting(document, translations, *args, **kwargs):
        if not kwargs.get("fields_only"):
            made.append((translations.locale, document.name))
        return real(document, translations, *args, **kwargs)
    monkeypatch.setattr(build_module, "translate_document", counting)
    return made


def outputs(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def fresh(project: Path, tmp_path: Path) -> dict[str, bytes]:
    """What a build that ignores the cache makes."""
    build(load_settings(project), jobs=1, formats=("html", "bilingual"),
          output=tmp_path / "fresh", force=True, cache_folder=tmp_path / "fresh-cache")
    return outputs(tmp_path / "fresh")


def override(project: Path, name: str, old: str, new: str) -> None:
    """A project template: the package's default with ``old`` replaced once."""
    templates = project / "templates"
    templates.mkdir(exist_ok=True)
    default = (PACKAGE_TEMPLATES / name).read_text("utf-8")
    assert old in default
    (templates / name).write_text(default.replace(old, new, 1), "utf-8")


def test_a_build_that_changes_nothing_translates_nothing(project, translations):
    report = build(load_settings(project), jobs=1, formats=("html", "bilingual"))
    assert translations == []
    assert report.built == [] and report.written == []


def test_a_changed_paragraph_translates_only_its_document(project, translations, tmp_path):
    source = project / "documents" / "alpha.md"
    source.write_text(source.read_text("utf-8").replace("gives the details", "gives all details"))
    build(load_settings(project), jobs=1, formats=("html", "bilingual"))
    # the source locale's page and the German page (the bilingual page shares it)
    assert sorted(set(translations)) == [("de", "alpha"), ("en", "alpha")]
    assert outputs(project / "dist") == fresh(project, tmp_path)


def test_a_changed_msgstr_translates_only_that_document_in_that_locale(project, translations,
                                                                       tmp_path):
    translate(project, "beta", "Beta report", "Bericht Beta")
    build(load_settings(project), jobs=1, formats=("html", "bilingual"))
    # beta in German (and its source, beside it on the bilingual page); never alpha
    assert ("de", "beta") in translations
    assert set(translations) <= {("de", "beta"), ("en", "beta")}
    page = (project / "dist/de/beta.html").read_text("utf-8")
    assert "Bericht Beta" in page
    # the index lists the new title though alpha's page came from the cache
    assert "Bericht Beta" in (project / "dist/de/index.html").read_text("utf-8")
    assert outputs(project / "dist") == fresh(project, tmp_path)


def test_a_changed_template_string_renders_the_locales_pages_again(project, translations,
                                                                   tmp_path, monkeypatch):
    path = project / "locales/de/LC_MESSAGES/templates.po"
    path.write_text(path.read_text("utf-8").replace('msgid "Download PDF"\nmsgstr ""',
                                                    'msgid "Download PDF"\nmsgstr "PDF laden"'),
                    "utf-8")
    rendered = []
    real = build_module.render_document_page
    monkeypatch.setattr(build_module, "render_document_page",
                        lambda *a, **k: rendered.append(a[3].locale) or real(*a, **k))
    build(load_settings(project), jobs=1, formats=("html", "bilingual"))
    assert {("de", "alpha"), ("de", "beta")} <= set(translations)
    assert rendered == ["de", "de"]
    assert outputs(project / "dist") == fresh(project, tmp_path)


def test_a_page_from_the_cache_reports_what_a_rendered_page_reports(project):
    settings = load_settings(project)
    again = build(settings, jobs=1, formats=("html", "bilingual"))
    forced = build(settings, jobs=1, formats=("html", "bilingual"), force=True)
    assert again.fallbacks and again.fallbacks == forced.fallbacks
    # the German pages show untranslated paragraphs and template strings
    assert set(again.fallbacks["de"]) >= {"alpha", "templates"}
    shown = again.fallbacks["de"]["templates"]
    assert any("Suggest to a friend" in line for line in shown)
    assert any("First published %(date)s" in line for line in shown)
    assert not any("Download PDF" in line for line in shown)    # no PDFs, no link to one


@pytest.mark.parametrize("damage", ["edited page", "truncated page", "missing page"])
def test_a_damaged_page_in_the_cache_is_rendered_again(project, translations, tmp_path, damage):
    cache = project / ".publisher-cache"
    index = json.loads((cache / "index.json").read_text())
    digests = {entry[0] for entry in index["pages"].values()}
    assert digests
    for digest in digests:
        path = cache / "objects" / digest[:2] / digest[2:]
        if damage == "edited page":
            path.write_bytes(path.read_bytes().replace(b"Alpha", b"Omega"))
        elif damage == "truncated page":
            path.write_bytes(path.read_bytes()[:50])
        else:
            path.unlink()
    (project / "dist/de/alpha.html").unlink()
    build(load_settings(project), jobs=1, formats=("html", "bilingual"))
    assert ("de", "alpha") in translations
    assert outputs(project / "dist") == fresh(project, tmp_path)


def test_an_index_template_that_shows_bodies_gets_them_from_cached_pages(project, tmp_path):
    marker = '{% if document.pdf_href %}'
    override(project, "index.html", marker,
             '<div class="excerpt">{{ document.body }}</div>{% if "body" in document %}'
             '<i>{{ document.get("body")|length > 0 }}</i>{% endif %}' + marker)
    build(load_settings(project), jobs=1, formats=("html", "bilingual"))
    source = project / "documents" / "beta.md"
    source.write_text(source.read_text("utf-8").replace("single paragraph", "one paragraph"))
    build(load_settings(project), jobs=1, formats=("html", "bilingual"))
    page = (project / "dist/de/index.html").read_text("utf-8")
    assert "The beta report has a one paragraph of its own." in page
    assert "The first paragraph of the alpha report" in page   # alpha: from the cache
    assert page.count("<i>True</i>") == 2
    assert outputs(project / "dist") == fresh(project, tmp_path)


def test_a_changed_line_of_publisher_makes_every_page_again(project, translations, monkeypatch):
    from publisher.core import fingerprints as cache

    monkeypatch.setattr(cache, "code_digest", lambda: "another version of the code")
    cache.renderer_versions.cache_clear()
    try:
        build(load_settings(project), jobs=1, formats=("html", "bilingual"))
    finally:
        cache.renderer_versions.cache_clear()
    assert {("en", "alpha"), ("de", "alpha"), ("en", "beta"), ("de", "beta")} <= set(translations)


def test_another_source_date_renders_the_pdfs_again(project, monkeypatch):
    """SOURCE_DATE_EPOCH sets the dates a print-ready PDF carries."""
    settings = load_settings(project)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    build(settings, jobs=1, locales=["de"], formats=("pdf",), documents=["beta"])
    same = build(settings, jobs=1, locales=["de"], formats=("pdf",), documents=["beta"])
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1800000000")
    later = build(settings, jobs=1, locales=["de"], formats=("pdf",), documents=["beta"])
    assert (same.pdf_renders, later.pdf_renders) == (0, 1)


def test_another_pango_makes_every_pdf_again(project, monkeypatch):
    """A Debian upgrade of Pango (or HarfBuzz, fontconfig) can move a line break."""
    from publisher.core import fingerprints as cache

    settings = load_settings(project)
    build(settings, jobs=1, locales=["de"], formats=("pdf",), documents=["beta"])
    versions = cache.system_versions()
    assert any(v.startswith("libpango-1.0.so.0 1.") for v in versions), versions
    monkeypatch.setattr(cache, "system_versions",
                        lambda: [v.replace("libpango-1.0.so.0 1.", "libpango-1.0.so.0 9.")
                                 for v in versions])
    cache.renderer_versions.cache_clear()
    try:
        again = build(settings, jobs=1, locales=["de"], formats=("pdf",), documents=["beta"])
    finally:
        cache.renderer_versions.cache_clear()
    assert again.pdf_renders == 1


def test_outputs_of_a_removed_document_go_even_after_an_upgrade(project, monkeypatch):
    """The record of what earlier builds wrote outlives a new version of
    publisher or of a library (which empties the cache of rendered outputs)."""
    from publisher.core import fingerprints as cache

    (project / "documents" / "beta.md").unlink()
    monkeypatch.setattr(cache, "code_digest", lambda: "publisher, upgraded")
    cache.renderer_versions.cache_clear()
    try:
        report = build(load_settings(project), jobs=1, formats=("html", "bilingual"))
    finally:
        cache.renderer_versions.cache_clear()
    assert {"en/beta.html", "de/beta.html", "de/beta-bilingual.html"} <= set(report.removed)
    assert not list((project / "dist").rglob("beta*"))


def test_templates_in_a_symlinked_folder_are_part_of_the_key(project, tmp_path):
    shared = project / "shared"
    shared.mkdir()
    (shared / "footer.html").write_text("<p class='probe'>FOOTER ONE</p>\n", "utf-8")
    override(project, "document.html", "{% block main %}",
             "{% block main %}{% include 'partials/footer.html' %}")
    (project / "templates" / "partials").symlink_to("../shared")
    (project / "templates" / "loop").symlink_to(".")          # a link back up: walked once
    build(load_settings(project), jobs=1, formats=("html", "bilingual"))
    assert "FOOTER ONE" in (project / "dist/de/alpha.html").read_text("utf-8")
    (shared / "footer.html").write_text("<p class='probe'>FOOTER TWO</p>\n", "utf-8")
    build(load_settings(project), jobs=1, formats=("html", "bilingual"))
    assert "FOOTER TWO" in (project / "dist/de/alpha.html").read_text("utf-8")
    assert outputs(project / "dist") == fresh(project, tmp_path)


def test_a_bilingual_page_writes_dates_in_its_own_locale_whatever_was_built_before(project,
                                                                                  tmp_path):
    """``|long_date`` follows the page being rendered, never the last one."""
    marker = "{% if target_date %}"
    override(project, "bilingual.html", marker,
             "<p class='probe'>{{ target.date|long_date }}</p>" + marker)

    def probe(folder: Path) -> str:
        text = (folder / "de/alpha-bilingual.html").read_text("utf-8")
        return text.split("<p class='probe'>", 1)[1].split("</p>", 1)[0]
    build(load_settings(project), jobs=1, formats=("bilingual",), output=tmp_path / "only",
          force=True, cache_folder=tmp_path / "only-cache")
    build(load_settings(project), jobs=1, formats=("html", "bilingual"))
    assert probe(tmp_path / "only") == probe(project / "dist") == "1. März 2025"
