"""The check command: exit codes and the four output formats."""

from __future__ import annotations

import json
import re
from pathlib import Path
from xml.etree import ElementTree

import pytest
from click.testing import CliRunner

from publisher.cli import main
from publisher.gate.check import check_paths
from publisher.gate.reports import findings, format_github, format_json, format_junit, format_text

from projects import unused_locale

ROOT = Path(__file__).resolve().parents[1]
PO = ROOT / "tests" / "check" / "po"
GOOD = """msgid ""
msgstr ""
"Language: de\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\\n"

msgid "Hello"
msgstr "Hallo"
"""


def run(*args: str, cwd: Path | None = None):
    runner = CliRunner()
    if cwd is None:
        return runner.invoke(main, list(args))
    with runner.isolated_filesystem(temp_dir=cwd):
        return runner.invoke(main, list(args))


@pytest.fixture
def outside(tmp_path: Path, monkeypatch) -> Path:
    """A folder with no publisher project around it, as the current folder."""
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    monkeypatch.chdir(folder)
    return folder


# -- exit codes -----------------------------------------------------------------------

def test_exit_0_when_every_catalog_passes(project: Path):
    from growing import translate_everything

    translate_everything(project)        # whatever the shipped catalogs hold
    result = run("--project", str(project), "check")
    assert result.exit_code == 0, result.output
    assert "0 failed" in result.output


def test_exit_0_for_good_files_outside_a_project(outside: Path):
    (outside / "de.po").write_text(GOOD, "utf-8")
    result = run("check", "de.po")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("de.po [de]: ok")


def test_exit_1_when_a_catalog_fails(outside: Path):
    result = run("check", str(PO / "fr/LC_MESSAGES/markup.po"))
    assert result.exit_code == 1
    assert "E303" in result.output


def test_exit_1_when_the_sources_have_a_string_the_catalogs_lack(project: Path):
    document = next((project / "documents").glob("*.md"))
    document.write_text(document.read_text("utf-8") + "\nA new paragraph.\n", "utf-8")
    result = run("--project", str(project), "check", "--locale", "fr")
    assert result.exit_code == 1
    assert "“A new paragraph.”" in result.output and "E103" in result.output


def test_exit_2_outside_a_project_without_paths(outside: Path):
    result = run("check")
    assert result.exit_code == 2
    assert "publisher.toml" in result.output


@pytest.mark.parametrize("args", [
    ["check", "missing.po"],
    ["check", "notes.txt"],
    ["check", "--format", "xml", "de.po"],
    ["check", "--threshold", "120", "de.po"],
])
def test_exit_2_for_usage_errors(outside: Path, args):
    (outside / "notes.txt").write_text("not a catalog")
    (outside / "de.po").write_text(GOOD, "utf-8")
    result = run(*args)
    assert result.exit_code == 2, result.output


def test_exit_2_for_bad_check_settings(project: Path):
    settings = project / "publisher.toml"
    settings.write_text(settings.read_text() + "\n[check]\nthreshold = 150\n")
    result = run("--project", str(project), "check")
    assert result.exit_code == 2 and "check.threshold" in result.output
    settings.write_text(settings.read_text().replace("threshold = 150", "threshold = 90") +
                        "\n[check.documents]\nno-such-document = 50\n")
    result = run("--project", str(project), "check")
    assert result.exit_code == 2 and "no-such-document" in result.output


def test_exit_2_for_a_locale_the_project_does_not_have(project: Path):
    result = run("--project", str(project), "check", "--locale", unused_locale(project))
    assert result.exit_code == 2


def test_threshold_option_outside_a_project(outside: Path):
    path = str(PO / "fr/LC_MESSAGES/incomplete.po")
    assert run("check", path).exit_code == 1
    assert run("check", "--threshold", "50", path).exit_code == 0


# -- formats ---------------------------------------------------------------------------

@pytest.fixture(scope="module")
def report():
    return check_paths([PO])


def test_json_contract(report):
    data = json.loads(format_json(report))
    assert set(data) == {"ok", "catalogs"} and data["ok"] is False
    types = {"path": str, "translated": int, "fuzzy": int, "untranslated": int,
             "obsolete": int, "missing": int, "percent": float, "ok": bool, "problems": list}
    for catalog in data["catalogs"]:
        assert set(catalog) == set(types) | {"locale", "domain"}
        assert all(isinstance(catalog[key], kind) for key, kind in types.items())
        assert catalog["locale"] is None or isinstance(catalog["locale"], str)
        assert catalog["domain"] is None or isinstance(catalog["domain"], str)
        for problem in catalog["problems"]:
            assert set(problem) == {"code", "severity", "line", "message"}
            assert re.fullmatch(r"[EW]\d{3}", problem["code"])
            assert problem["severity"] in ("error", "warning") and problem["line"] >= 1
        assert catalog["ok"] == all(p["severity"] != "error" for p in catalog["problems"])
    incomplete = next(c for c in data["catalogs"] if c["path"].endswith("incomplete.po"))
    assert (incomplete["translated"], incomplete["fuzzy"], incomplete["untranslated"],
            incomplete["obsolete"], incomplete["missing"], incomplete["percent"]) == \
        (2, 1, 1, 1, 0, 50.0)
    assert incomplete["domain"] == "incomplete" and incomplete["locale"] == "fr"


def test_json_from_the_command_line(outside: Path):
    result = run("check", "--format", "json", str(PO / "ru"))
    data = json.loads(result.output)
    assert result.exit_code == 1 and data["ok"] is False
    assert [c["path"] for c in data["catalogs"]] == [str(PO / "ru/LC_MESSAGES/plurals.po")]


def test_junit_xml(report):
    root = ElementTree.fromstring(format_junit(report))
    cases = root.findall(".//testcase")
    assert [c.get("name") for c in cases] == [r.path for r in report.catalogs]
    assert int(root.get("tests")) == len(report.catalogs)
    assert int(root.get("failures")) == len(report.failed) == len(root.findall(".//failure"))
    markup = next(c for c in cases if c.get("name").endswith("markup.po"))
    failure = markup.find("failure")
    assert failure.get("type") == "E301" and "markup.po:14: E301" in failure.text
    text = next(c for c in cases if c.get("name").endswith("text.po"))
    assert "W602" in text.find("system-out").text


def test_junit_xml_of_a_passing_report(tmp_path: Path):
    (tmp_path / "de.po").write_text(GOOD, "utf-8")
    root = ElementTree.fromstring(format_junit(check_paths([tmp_path / "de.po"])))
    assert root.get("failures") == "0" and root.find(".//failure") is None


def test_github_annotations_name_file_and_line(report):
    """At most 10 annotations of each kind, the most severe first; each names
    its file and line; the rest are plain lines of the log."""
    lines = format_github(report).splitlines()
    annotations = [l for l in lines if l.startswith("::")]
    found = findings(report)
    expected = [f for f in found if f.severity == "error"][:10] \
        + [f for f in found if f.severity == "warning"][:10]
    assert len(found) > len(expected) == len(annotations)
    assert sum(1 for l in annotations if l.startswith("::error")) == 10
    shown = []
    for line in annotations:
        match = re.fullmatch(r"::(error|warning) file=([^,]*),line=(\d+),title=([^:]*)::(.*)",
                             line)
        assert match, line
        assert "\n" not in match.group(5)
        shown.append((match.group(1), match.group(2), int(match.group(3)),
                      match.group(4).split()[0]))
    assert sorted(shown) == sorted((f.severity, f.result.path, f.line, f.code) for f in expected)
    assert [s[0] for s in shown] == sorted(s[0] for s in shown)    # errors first
    rest = [f for f in found if f not in expected]
    for item in rest:
        assert f"{item.result.path}:{item.line}: {item.severity} {item.code}" in lines[
            len(annotations) + 1 + rest.index(item)]


def test_github_escapes_newlines_and_percent_signs(outside: Path):
    result = run("check", "--format", "github", str(PO / "fr/LC_MESSAGES/placeholders.po"))
    line = next(l for l in result.output.splitlines() if "line=39" in l)
    assert "%25%25 for a percent sign" in line      # "%%" escaped as GitHub requires


def test_text_is_grouped_by_file_and_coloured_only_on_a_terminal(report):
    plain = format_text(report)
    assert "\x1b[" not in plain
    assert f"  {PO.as_posix()}/fr/LC_MESSAGES/markup.po:14: error E301 markup:" in plain
    assert plain.rstrip().endswith("8 catalogs checked: 0 passed, 8 failed, 5 warnings")
    assert "\x1b[" in format_text(report, colour=True)
    result = run("check", str(PO / "fr/LC_MESSAGES/markup.po"))    # not a terminal
    assert "\x1b[" not in result.output


def test_paths_inside_the_current_project_are_checked_against_its_sources(project: Path,
                                                                             monkeypatch):
    # As pre-commit runs the hook: from the project root, with the changed files.
    from growing import translate_everything

    translate_everything(project)        # whatever the shipped catalogs hold
    document = next((project / "documents").glob("*.md"))
    document.write_text(document.read_text("utf-8") + "\nA new paragraph.\n", "utf-8")
    monkeypatch.chdir(project)
    catalog = f"locales/de/LC_MESSAGES/{document.stem}.po"
    result = run("check", "--format", "json", catalog, "locales/de/LC_MESSAGES/templates.po")
    data = json.loads(result.output)
    assert result.exit_code == 1
    assert [(c["path"], c["missing"], c["ok"]) for c in data["catalogs"]] == [
        (catalog, 1, False), ("locales/de/LC_MESSAGES/templates.po", 0, True)]
