"""Extraction against golden files, and its determinism."""

from pathlib import Path

import pytest
from click.testing import CliRunner

from publisher.catalogs.pofile import format_po
from publisher.cli import main
from publisher.extract.pot import document_catalog
from publisher.sources.documents import read_document

GOLDEN = Path(__file__).parent / "golden" / "extract"
CASES = sorted(p for p in GOLDEN.glob("*.md") if p.name != "README.md")


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.stem)
def test_extraction_matches_the_golden_template(case):
    document = read_document(case, case.name)
    expected = case.with_suffix(".expect.pot").read_text("utf-8")
    assert format_po(document_catalog(document)) == expected


def test_figure_only_cells_are_not_messages_but_are_localised():
    from publisher.catalogs.translations import Translations
    from publisher.translate.document import render_body, translate_document

    document = read_document(GOLDEN / "blocks.md", "blocks.md")
    assert "{1,234}" not in [s.text for s in document.segments if s.needs_translation]
    result = translate_document(document, Translations(None, "de"), "en")
    assert "<td>1.234</td>" in render_body(result)
    assert all(f.segment.text != "{1,234}" for f in result.fallbacks)


def test_extract_twice_leaves_every_file_byte_identical(project):
    runner = CliRunner()
    first = runner.invoke(main, ["--project", str(project), "extract"])
    assert first.exit_code == 0, first.output
    before = {p: p.read_bytes() for p in (project / "locales").glob("*.pot")}
    stamps = {p: p.stat().st_mtime_ns for p in before}
    second = runner.invoke(main, ["--project", str(project), "extract"])
    assert second.exit_code == 0 and "0 changed" in second.output
    assert {p: p.read_bytes() for p in before} == before
    assert {p: p.stat().st_mtime_ns for p in before} == stamps


def test_shipped_templates_are_up_to_date_with_the_sources(project):
    """The committed .pot files are what extract writes today (CI's gate)."""
    shipped = {p.name: p.read_bytes() for p in (project / "locales").glob("*.pot")}
    result = CliRunner().invoke(main, ["--project", str(project), "extract"])
    assert result.exit_code == 0, result.output
    assert {p.name: p.read_bytes() for p in (project / "locales").glob("*.pot")} == shipped


def test_the_template_of_a_removed_document_is_removed_and_translations_kept(project):
    (project / "documents" / "china-st-cooperation.md").rename(project / "old.md")
    (project / "locales" / "hand-made.pot").write_text('msgid ""\nmsgstr ""\n"X-Generator: other\\n"\n')
    result = CliRunner().invoke(main, ["--project", str(project), "extract"])
    assert result.exit_code == 0, result.output
    assert "removed locales/china-st-cooperation.pot" in result.output
    assert not (project / "locales/china-st-cooperation.pot").exists()
    assert (project / "locales/hand-made.pot").exists()          # not ours: kept
    assert (project / "locales/de/LC_MESSAGES/china-st-cooperation.po").exists()
