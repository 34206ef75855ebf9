"""publisher check on crafted PO files (tests/check/) and on the shipped catalogs."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from publisher.catalogs.pofile import read_po
from publisher.core.fonts import find_font as font_face
from publisher.gate.check import check_paths, check_project
from publisher.sources.config import load_settings

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "check"
PO = FIXTURES / "po"


def by_entry(path: Path, result) -> dict[str, list[str]]:
    """Each problem's code under the msgid of its entry ("<header>", or "<file>" for line 1)."""
    try:
        catalog = read_po(path)
        entries = {m.lineno: (f"{m.msgctxt}|" if m.msgctxt else "") + m.msgid
                   for m in catalog.messages}
        if catalog.header is not None:
            entries[catalog.header.lineno] = "<header>"
    except Exception:
        entries = {}
    found: dict[str, list[str]] = {}
    for problem in result.problems:
        key = entries.get(problem.line, "<file>" if problem.line == 1 else f"line {problem.line}")
        found.setdefault(key, []).append(problem.code)
    return {key: sorted(value) for key, value in found.items()}


def check_one(path: Path, settings=None):
    [result] = check_paths([path], settings).catalogs
    return result


EXPECTED = {
    "fr/LC_MESSAGES/placeholders.po": {
        "Hello %(name)s": ["E202"],
        "added|Hello %(name)s": ["E202"],
        "width|Hello %(name)s": ["E203"],
        "conversion|Hello %(name)s": ["E203"],
        "%(rate)s%% done": ["E203"],
        "%s of %s": ["E202"],
        "Welcome {user}": ["E202", "E203"],
        "added|Welcome {user}": ["E202"],
    },
    "fr/LC_MESSAGES/markup.po": {
        "Work with **partners**.": ["E301"],
        "See the [archive](https://example.org/archive).": ["E302"],
        "The ![logo](logo.png) of the office.": ["E302"],
        "Contact the office.": ["E303"],
        "An image.": ["E303"],
        "The [minutes](https://example.org/minutes).": ["E302", "E304"],
        "The [agenda](https://example.org/agenda).": ["E302", "E304"],
    },
    "de/LC_MESSAGES/header.po": {"<header>": ["E401", "E402", "E403"]},
    "ru/LC_MESSAGES/plurals.po": {"<header>": ["E402"], "%(count)s file": ["E404"]},
    "fr/LC_MESSAGES/text.po": {
        "Name: ": ["E601"],
        "\nSummary": ["E601"],
        "Documents": ["W602"],
        "Archive": ["W003", "W003"],
        "%(count)s sheet": ["E104"],
    },
    "fr/LC_MESSAGES/incomplete.po": {
        "<file>": ["E100"], "Contact": ["E101"], "Print this page": ["E102"], "Old": ["W105"],
    },
    "de/LC_MESSAGES/statistics.po": {
        "<file>": ["E100"], "fuzzy without text": ["E101"], "first form only": ["E104"],
        "second form only": ["E101"], "fuzzy with text": ["E102"], "obsolete": ["W105"],
    },
    "fr/LC_MESSAGES/unreadable.po": {"line 7": ["E001"]},
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_problem_kind_is_caught_on_its_line(name):
    path = PO / name
    result = check_one(path)
    assert by_entry(path, result) == EXPECTED[name]
    assert not result.ok
    assert result.path == path.as_posix()
    assert result.locale == name.split("/")[0]


def test_a_folder_is_searched_for_po_files():
    report = check_paths([PO])
    assert sorted(Path(r.path).relative_to(PO).as_posix() for r in report.catalogs) == \
        sorted(EXPECTED)
    assert not report.ok


def test_counts_follow_msgfmt_statistics():
    result = check_one(PO / "de/LC_MESSAGES/statistics.po")
    assert (result.translated, result.fuzzy, result.untranslated, result.obsolete) == (3, 1, 2, 1)
    assert result.percent == 50.0


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="GNU gettext is not installed")
@pytest.mark.parametrize("name", sorted(set(EXPECTED) - {"fr/LC_MESSAGES/unreadable.po"}))
def test_counts_match_msgfmt(name):
    path = PO / name
    out = subprocess.run(["msgfmt", "--statistics", "-o", "/dev/null", str(path)],
                         capture_output=True, text=True).stderr
    found = {kind: int(n) for n, kind in
             re.findall(r"(\d+) (translated|fuzzy|untranslated)", out)}
    result = check_one(path)
    assert (result.translated, result.fuzzy, result.untranslated) == \
        (found.get("translated", 0), found.get("fuzzy", 0), found.get("untranslated", 0))


# -- in a project ---------------------------------------------------------------------

PROJECT = FIXTURES / "project"
NOTE = PROJECT / "locales/fr/LC_MESSAGES/note.po"


def test_project_file_is_checked_against_its_sources():
    result = check_one(NOTE, load_settings(PROJECT))
    expected = {
        "<file>": ["E100", "E103"],
        "By {1995}, {27,785} projects had been carried out in {96} countries.": ["E201"],
        "In {1996} the budget grew by {12%}.": ["E201"],
        "Work with *partners* and **donors**.": ["E301"],
        "Read the [full report](https://example.org/report).": ["E302"],
        "See ![the chart](chart.png) for details.": ["E302"],
        "Write to the [office](mailto:office@example.org).": ["E303"],
        "Visit the [archive](https://example.org/archive).": ["E302", "E304"],
        "An old sentence the sources no longer have.": ["W106"],
        "A sentence removed long ago.": ["W105"],
    }
    if font_face("Noto Serif") is not None:
        expected["The delegation met in the capital."] = ["E501"]
    else:
        expected["<file>"] = ["E100", "E103", "W502"]
    assert by_entry(NOTE, result) == expected
    assert result.path == "locales/fr/LC_MESSAGES/note.po"      # relative to the project root
    assert (result.domain, result.locale, result.missing) == ("note", "fr", 1)
    missing = next(p for p in result.problems if p.code == "E103")
    assert "This sentence is new." in missing.message and "documents/note.md:23" in missing.message


def test_outside_its_project_the_same_file_is_checked_alone():
    result = check_one(NOTE)
    assert result.path == NOTE.as_posix() and result.missing == 0
    # Only the file's own flags: the entry that kept python-brace-format is
    # compared, the one whose flag the translator deleted is not.
    assert by_entry(NOTE, result) == {"In {1996} the budget grew by {12%}.": ["E202", "E202"],
                                      "A sentence removed long ago.": ["W105"]}


@pytest.mark.skipif(font_face("Noto Serif") is None, reason="the Noto fonts are not installed")
def test_glyph_problem_names_the_characters_and_the_fonts():
    result = check_one(NOTE, load_settings(PROJECT))
    [glyphs] = [p for p in result.problems if p.code == "E501"]
    assert "U+5317" in glyphs.message and "Noto Serif" in glyphs.message


def test_a_translated_project_passes_with_a_catalog_per_locale_and_domain(project: Path):
    """Once every string is translated (whatever the shipped catalogs hold:
    their completeness is the gate's business, .ci/run's second step), check
    passes, one result per locale and catalog."""
    from growing import translate_everything

    translate_everything(project)
    settings = load_settings(project)
    report = check_project(settings)
    assert [r.path for r in report.catalogs if not r.ok] == []
    assert len(report.catalogs) == len(settings.locales) * (len(settings.document_paths()) + 1)
    assert all(r.missing == 0 and r.percent == 100.0 for r in report.catalogs)


def test_project_catalogs_missing_or_incomplete(project: Path):
    from growing import translate_everything

    translate_everything(project)        # whatever the shipped catalogs hold
    (project / "locales/fr/LC_MESSAGES/templates.po").unlink()
    document = next((project / "documents").glob("*.md"))
    document.write_text(document.read_text("utf-8") + "\nA paragraph added today.\n", "utf-8")
    settings = load_settings(project)
    report = check_project(settings)
    failed = {r.path: sorted({p.code for p in r.errors}) for r in report.catalogs if not r.ok}
    assert failed.pop("locales/fr/LC_MESSAGES/templates.po") == ["E002"]
    assert set(failed) == {f"locales/{l}/LC_MESSAGES/{document.stem}.po" for l in settings.locales}
    assert all(codes == ["E100", "E103"] for codes in failed.values())
    # A lower threshold lets the new paragraph wait for its translators.
    (project / "publisher.toml").write_text((project / "publisher.toml").read_text() +
                                            "\n[check.documents]\n" + f'"{document.stem}" = 80\n')
    report = check_project(load_settings(project), locales=["de"])
    assert len(report.catalogs) == len(load_settings(project).document_paths()) + 1
    assert all(r.ok for r in report.catalogs)
    [new] = [p for r in report.catalogs for p in r.problems if p.code == "E103"]
    assert new.severity == "warning"


def test_hidden_folders_are_not_searched(tmp_path: Path):
    for folder in ("locale/de/LC_MESSAGES", ".venv/lib/locale/de/LC_MESSAGES"):
        (tmp_path / folder).mkdir(parents=True)
        shutil.copy(PO / "de/LC_MESSAGES/statistics.po", tmp_path / folder / "x.po")
    report = check_paths([tmp_path])
    assert [r.path for r in report.catalogs] == [(tmp_path / "locale/de/LC_MESSAGES/x.po").as_posix()]


def test_the_check_never_loads_the_pdf_renderer():
    code = ("import sys; from click.testing import CliRunner; from publisher.cli import main; "
            f"result = CliRunner().invoke(main, ['--project', {str(ROOT)!r}, 'check']); "
            "print(result.exit_code, sorted(m for m in sys.modules if m.startswith('weasyprint')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.split()
    assert out[0] in ("0", "1") and out[1:] == ["[]"]   # pass or fail, never WeasyPrint
