"""Incremental builds: each output is made again exactly when its inputs change.

Renders are counted (the report lists every PDF rendered), never timed.
Each test builds its own project in a temporary folder: the sample's
settings, templates and catalogs, with locales cut to en and de and two
documents of its own.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from publisher.build.pipeline import build
from publisher.cli import main
from publisher.sources.config import load_settings

from conftest import copy_project

LOCALES = ["en", "de"]
ALPHA = """---
title: Alpha report
---

# Alpha report

The first paragraph of the alpha report says what the report is about.

The second paragraph of the alpha report gives the details.
"""
BETA = """---
title: Beta report
---

# Beta report

The beta report has a single paragraph of its own.
"""


def make_project(root: Path) -> Path:
    project = copy_project(root)
    for path in (project / "documents").glob("*.md"):
        path.unlink()
    (project / "documents" / "alpha.md").write_text(ALPHA, "utf-8")
    (project / "documents" / "beta.md").write_text(BETA, "utf-8")
    settings = project / "publisher.toml"
    settings.write_text(re.sub(r"(?m)^locales = .*$", 'locales = ["de"]',
                               settings.read_text("utf-8")), "utf-8")
    runner = CliRunner()
    for command in (["extract"], ["update"]):
        result = runner.invoke(main, ["--project", str(project), *command])
        assert result.exit_code == 0, result.output
    return project


def translate(project: Path, domain: str, msgid: str, msgstr: str) -> None:
    path = project / "locales" / "de" / "LC_MESSAGES" / f"{domain}.po"
    text = path.read_text("utf-8")
    old = f'msgid "{msgid}"\nmsgstr ""\n'
    if old not in text:
        text = re.sub(rf'(msgid "{re.escape(msgid)}"\nmsgstr )"[^"]*"\n', rf'\1"{msgstr}"\n', text)
    else:
        text = text.replace(old, f'msgid "{msgid}"\nmsgstr "{msgstr}"\n')
    path.write_text(text, "utf-8")


@pytest.fixture(scope="module")
def base(tmp_path_factory) -> Path:
    """A project with German translations, built once: tests copy it."""
    project = make_project(tmp_path_factory.mktemp("incremental") / "project")
    translate(project, "alpha", "Alpha report", "Alpha-Bericht")
    translate(project, "alpha", "The first paragraph of the alpha report says what the report is about.",
              "Der erste Absatz des Alpha-Berichts sagt, worum es geht.")
    translate(project, "beta", "Beta report", "Beta-Bericht")
    build(load_settings(project), jobs=1)
    return project


@pytest.fixture
def project(base, tmp_path) -> Path:
    copy = tmp_path / "project"
    shutil.copytree(base, copy, symlinks=True)
    return copy


def rendered(report) -> set[str]:
    return {path.pdf_path.relative_to(report.output).as_posix() for path in report.pdfs}


def test_a_rebuild_with_nothing_changed_renders_nothing(project):
    dist = project / "dist"
    before = {p: p.read_bytes() for p in dist.rglob("*") if p.is_file()}
    report = build(load_settings(project), jobs=1)
    assert report.pdf_renders == 0
    assert report.built == [] and report.written == []
    assert {p: p.read_bytes() for p in dist.rglob("*") if p.is_file()} == before
    assert set(report.reused) >= {"en/alpha.pdf", "de/alpha.pdf", "de/beta-bilingual.pdf",
                                  "index.html", "de/index.html"}


def test_a_changed_paragraph_rebuilds_its_document_in_every_locale(project):
    source = project / "documents" / "alpha.md"
    source.write_text(source.read_text("utf-8").replace("gives the details", "gives all details"))
    report = build(load_settings(project), jobs=1)
    assert rendered(report) == {"en/alpha.pdf", "de/alpha.pdf", "de/alpha-bilingual.pdf"}


def test_a_changed_msgstr_rebuilds_that_document_in_that_locale(project):
    translate(project, "alpha", "Alpha report", "Bericht Alpha")
    report = build(load_settings(project), jobs=1)
    assert rendered(report) == {"de/alpha.pdf", "de/alpha-bilingual.pdf"}
    assert "Bericht Alpha" in (project / "dist/de/alpha.html").read_text("utf-8")


def test_a_catalog_change_that_no_page_shows_renders_nothing(project):
    path = project / "locales/de/LC_MESSAGES/alpha.po"
    path.write_text("# a translator's note at the top\n" + path.read_text("utf-8"), "utf-8")
    report = build(load_settings(project), jobs=1)
    assert report.pdf_renders == 0


def test_a_changed_stylesheet_rebuilds_every_pdf_and_a_page_template_only_its_pages(project):
    templates = project / "templates"
    templates.mkdir(exist_ok=True)
    package = Path(__file__).resolve().parents[1] / "publisher" / "templates"
    shutil.copy(package / "index.html", templates / "index.html")
    page = templates / "index.html"
    page.write_text(page.read_text("utf-8").replace("{% block main %}",
                                                    "{% block main %}<!-- changed -->", 1))
    report = build(load_settings(project), jobs=1)
    assert report.pdf_renders == 0
    assert {"en/index.html", "de/index.html"} <= set(report.built)
    assert "en/alpha.html" in report.reused
    css = sorted(package.glob("*.css"))[0]
    (templates / css.name).write_text(css.read_text("utf-8") + "\nh1 { letter-spacing: 1px; }\n")
    report = build(load_settings(project), jobs=1)
    assert rendered(report) == {"en/alpha.pdf", "en/beta.pdf", "de/alpha.pdf", "de/beta.pdf",
                                "de/alpha-bilingual.pdf", "de/beta-bilingual.pdf"}


def test_a_changed_setting_rebuilds_what_it_affects(project):
    settings = project / "publisher.toml"
    settings.write_text(settings.read_text("utf-8").replace('page_size = "A4"', 'page_size = "A5"'))
    assert 'page_size = "A5"' in settings.read_text("utf-8")
    report = build(load_settings(project), jobs=1)
    assert len(rendered(report)) == 6


def test_a_changed_font_file_rebuilds_the_locales_that_use_it(project, monkeypatch, tmp_path):
    import publisher.render.pdf as pdf_module

    font = tmp_path / "font.ttf"
    font.write_bytes(b"version 1")
    real = pdf_module.font_files
    monkeypatch.setattr(pdf_module, "font_files",
                        lambda settings, locale: real(settings, locale) + ([font] if locale == "de" else []))
    build(load_settings(project), jobs=1)          # the stack now has one more file
    assert build(load_settings(project), jobs=1).pdf_renders == 0
    font.write_bytes(b"version 2")
    report = build(load_settings(project), jobs=1)
    assert rendered(report) == {"de/alpha.pdf", "de/beta.pdf", "de/alpha-bilingual.pdf",
                                "de/beta-bilingual.pdf"}


def test_force_ignores_the_cache(project):
    report = build(load_settings(project), jobs=1, force=True, locales=["en"], formats=("pdf",))
    assert rendered(report) == {"en/alpha.pdf", "en/beta.pdf"}


@pytest.mark.parametrize("damage", ["truncated object", "edited object", "bad index",
                                    "foreign version", "no cache"])
def test_a_damaged_or_foreign_cache_is_rebuilt_never_used(project, damage):
    cache = project / ".publisher-cache"
    pdf = project / "dist/de/alpha.pdf"
    good = pdf.read_bytes()
    pdf.unlink()                         # so the PDF can only come from the cache or a render
    index = json.loads((cache / "index.json").read_text())
    digests = {entry[0] for entry in index["entries"].values()}
    objects = [p for p in (cache / "objects").rglob("*")
               if p.is_file() and p.parent.name + p.name in digests]
    if damage == "truncated object":
        for path in objects:
            path.write_bytes(path.read_bytes()[:100])
    elif damage == "edited object":
        for path in objects:
            data = bytearray(path.read_bytes())
            data[len(data) // 2] ^= 0xFF
            path.write_bytes(bytes(data))
    elif damage == "bad index":
        (cache / "index.json").write_text('{"format": 1, "entries": {"x": ')
    elif damage == "foreign version":
        index["versions"] = "publisher 0.0.0"
        (cache / "index.json").write_text(json.dumps(index))
    else:
        shutil.rmtree(cache)
    report = build(load_settings(project), jobs=1, locales=["de"], formats=("pdf",))
    assert "de/alpha.pdf" in rendered(report)
    assert pdf.read_bytes()[:5] == b"%PDF-" and len(pdf.read_bytes()) > 0.5 * len(good)


def test_outputs_of_removed_documents_and_locales_disappear_others_stay(project):
    dist = project / "dist"
    (dist / "notes.txt").write_text("mine")
    (dist / "de" / "mine.html").write_text("mine")
    (project / "documents" / "beta.md").unlink()
    report = build(load_settings(project), jobs=1)
    assert not list(dist.rglob("beta*"))
    assert {"en/beta.html", "en/beta.pdf", "de/beta-bilingual.pdf"} <= set(report.removed)
    settings = project / "publisher.toml"
    settings.write_text(settings.read_text("utf-8").replace('locales = ["de"]', "locales = []"))
    build(load_settings(project), jobs=1)
    assert not (dist / "de" / "alpha.pdf").exists() and not (dist / "de" / "index.html").exists()
    assert (dist / "notes.txt").read_text() == "mine" and (dist / "de" / "mine.html").exists()


def test_a_subset_builds_exactly_the_chosen_documents_locales_and_formats(project, tmp_path):
    out = tmp_path / "subset"
    report = build(load_settings(project), locales=["de"], formats=("pdf",), documents=["beta"],
                   output=out, jobs=1, force=True)
    assert rendered(report) == {"de/beta.pdf"}
    made = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()}
    assert {m for m in made if m.startswith("de/") and "beta" not in m} == {"de/index.html"}
    assert not any(m.startswith("en/") for m in made)


def test_shards_merged_equal_one_build_byte_for_byte(project, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    settings = load_settings(project)
    single = tmp_path / "single"
    build(settings, output=single, jobs=1, cache_folder=tmp_path / "cache-single")
    merged = tmp_path / "merged"
    shares = []
    for index in (1, 2, 3):
        out = tmp_path / f"shard-{index}"
        report = build(settings, output=out, jobs=1, shard=(index, 3),
                       cache_folder=tmp_path / f"cache-{index}")
        shares.append(rendered(report))
        shutil.copytree(out, merged, dirs_exist_ok=True)
    assert all(shares) and sum(map(len, shares)) == len(set().union(*shares)) == 6

    def files(folder):
        return {p.relative_to(folder).as_posix(): p.read_bytes()
                for p in folder.rglob("*") if p.is_file()}
    assert files(merged) == files(single)


def test_shards_with_caches_of_their_own_still_share_every_pdf_once(project, tmp_path):
    """CI restores a cache per shard: one shard's cache knows last build's
    times, another's knows nothing.  The shares must not depend on them."""
    settings = load_settings(project)
    build(settings, output=tmp_path / "warm", jobs=1, cache_folder=tmp_path / "cache-1")
    shares = []
    for index in (1, 2, 3):
        report = build(settings, output=tmp_path / f"shard-{index}", jobs=1, shard=(index, 3),
                       force=True, cache_folder=tmp_path / f"cache-{index}")
        shares.append(rendered(report))
    assert sum(map(len, shares)) == len(set().union(*shares)) == 6, shares


def test_progress_without_a_terminal_is_one_plain_line_per_output(project):
    (project / "documents" / "alpha.md").write_text(ALPHA.replace("details", "facts"), "utf-8")
    result = CliRunner().invoke(main, ["--project", str(project), "build", "--jobs", "1"])
    assert result.exit_code == 0, result.output
    assert "\x1b" not in result.output and "\r" not in result.output
    lines = [line for line in result.output.splitlines() if line.startswith("[")]
    assert len(lines) == len(set(lines))
    outputs = [re.match(r"\[ *(\d+)/(\d+)\] (built|reused) (.+?)(?: \(|$)", line) for line in lines]
    assert all(outputs), lines
    made = {m.group(4) for m in outputs}
    assert {"en/alpha.pdf", "de/alpha.pdf", "de/alpha-bilingual.pdf", "en/alpha.html"} <= made
    assert "en/beta.pdf" not in made              # unchanged: not listed without -v
    counters = [int(m.group(1)) for m in outputs]
    assert counters == sorted(set(counters)) and counters[-1] == int(outputs[-1].group(2))
    assert "3 PDF(s) rendered" in result.output
    quiet = CliRunner().invoke(main, ["--project", str(project), "build", "-q"])
    assert quiet.exit_code == 0 and quiet.output     # the problems, nothing else
    assert all(line.startswith("warning: ") for line in quiet.output.splitlines())
    verbose = CliRunner().invoke(main, ["--project", str(project), "build", "-v"])
    assert "reused en/beta.pdf" in verbose.output


def test_warnings_are_grouped_per_locale_and_code_with_details_in_a_log(project):
    result = CliRunner().invoke(main, ["--project", str(project), "build", "--format", "html"])
    assert result.exit_code == 0, result.output
    grouped = [line for line in result.output.splitlines() if line.startswith("warning: de:")]
    assert len(grouped) == 1 and "untranslated" in grouped[0]
    log = project / ".publisher-cache" / "build.log"
    assert "details of" in result.output and ".publisher-cache/build.log" in result.output
    rows = log.read_text("utf-8").splitlines()[1:]
    assert rows and all(row.split("\t")[0] == "de" for row in rows)
    assert any("documents/alpha.md:" in row for row in rows)


def test_a_font_installed_or_removed_renders_the_pdfs_again(tmp_path, monkeypatch):
    """A new font can change which face draws a character: the list of
    installed fonts is part of every PDF's key."""
    import publisher.build.pipeline as pipeline

    from projects import make_project

    root = make_project(tmp_path / "project", {"note": "---\ntitle: Note\n---\n\nOne line.\n"})
    settings = load_settings(root)
    assert build(settings, formats=("pdf",), jobs=1).pdf_renders == 1
    assert build(settings, formats=("pdf",), jobs=1).pdf_renders == 0
    listing = pipeline.installed_fonts()
    monkeypatch.setattr(pipeline, "installed_fonts",
                        lambda: listing + "\n/usr/share/fonts/new.ttf|0|New Family|Regular")
    assert build(settings, formats=("pdf",), jobs=1).pdf_renders == 1
