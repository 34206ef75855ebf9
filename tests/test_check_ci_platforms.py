"""The gate on a real CI platform: what GitHub Actions shows of `check
--format github` (at most 10 error and 10 warning annotations per step, 50
per job, first come first served; the rest only in the log), the step
summary, SARIF 2.1.0 against the official schema, and the text report's
head in the same order."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from publisher.catalogs.pofile import read_po, write_po
from publisher.cli import main
from publisher.gate.check import check_project
from publisher.gate.reports import format_sarif, format_summary, format_text
from publisher.sources.config import load_settings

from projects import make_project

DATA = Path(__file__).resolve().parent / "data"
WORDS = ("alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india",
         "juliett")


def github_shows(steps: list[str]) -> list[tuple[str, dict, str]]:
    """The annotations GitHub Actions shows for a job whose steps printed
    ``steps``: per step the first 10 errors and the first 10 warnings, per
    job the first 50 in all (actions/toolkit, problem-matchers.md)."""
    shown = []
    for output in steps:
        seen = {"error": 0, "warning": 0, "notice": 0}
        for line in output.splitlines():
            match = re.match(r"::(error|warning|notice)( [^:]*)?::(.*)", line)
            if not match:
                continue
            kind = match.group(1)
            seen[kind] += 1
            if seen[kind] > 10 or len(shown) >= 50:
                continue
            properties = dict(part.split("=", 1) for part in (match.group(2) or "").strip()
                              .split(",") if part)
            shown.append((kind, properties, match.group(3)))
    return shown


@pytest.fixture(scope="module")
def crowded(tmp_path_factory) -> Path:
    """1,000 untranslated strings in 10 documents of 100 paragraphs, and one
    translation whose figure differs from the source's (E201)."""
    documents = {f"part-{n}": "\n\n".join(f"Paragraph {WORDS[n]} {WORDS[i // 10]} "
                                          f"{WORDS[i % 10]}." for i in range(100)) + "\n"
                 for n in range(10)}
    documents["part-0"] += "\nThe budget was 27,785 euros.\n"
    root = make_project(tmp_path_factory.mktemp("crowded"), documents, ("de",),
                        translate=False)
    path = root / "locales/de/LC_MESSAGES/part-0.po"
    catalog = read_po(path)
    entry = next(m for m in catalog.messages if "budget" in m.msgid)
    entry.msgstr = entry.msgid.replace("27,785", "27,786").replace("The budget was",
                                                                     "Der Haushalt war")
    write_po(path, catalog)
    return root


def test_github_shows_the_dropped_figure_among_1000_untranslated_strings(crowded, tmp_path):
    summary = tmp_path / "summary.md"
    summary.write_text("# Earlier step\n", "utf-8")
    result = CliRunner().invoke(main, ["--project", str(crowded), "check", "--format", "github"],
                                env={"GITHUB_STEP_SUMMARY": str(summary)})
    assert result.exit_code == 1, result.output
    assert sum(1 for l in result.output.splitlines() if l.startswith("::error")) == 10
    # four later steps of the same job with 10 warnings each: the job's 50
    # are full, but this step's annotations came first
    shown = github_shows([result.output, *["::warning::a later step\n" * 12] * 4])
    errors = [a for a in shown if a[0] == "error"]
    assert len(errors) == 10 and len(shown) == 50
    first = errors[0]
    assert first[1]["file"] == "locales/de/LC_MESSAGES/part-0.po"
    assert first[1]["title"].startswith("E201") and "27,785" in first[2]
    # one annotation per catalog for what is untranslated, never one per entry
    untranslated = [a for a in errors if a[1]["title"].startswith("E100")]
    assert len(untranslated) == 9
    assert len({a[1]["file"] for a in untranslated}) == 9
    assert all("100 untranslated" in a[2] or "untranslated" in a[2] for a in untranslated)
    # the rest is in the log, and the summary has every catalog
    assert "more (1 error, 0 warnings) than GitHub shows" in result.output
    text = summary.read_text("utf-8")
    assert text.startswith("# Earlier step\n### publisher check: failed")
    rows = [l for l in text.splitlines() if l.startswith("| ❌")]
    # the 10 documents (the templates' strings are the package's page words in German)
    assert len(rows) == 10
    part0 = next(r for r in rows if "part-0.po" in r)
    assert "E201" in part0 and "E101 ×100" in part0 and "0.9% of 100%" in part0
    assert rows[0] == part0     # the refused translation first


def test_without_the_step_summary_variable_nothing_is_written(crowded, tmp_path, monkeypatch):
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["--project", str(crowded), "check", "--format", "github"])
    assert result.exit_code == 1
    assert list(tmp_path.iterdir()) == []


def test_the_summary_stays_within_its_limit(crowded):
    report = check_project(load_settings(crowded))
    whole = format_summary(report)
    assert len(whole.encode()) < 1024 * 1024 and len(re.findall("\n\\| ❌", whole)) == 10
    short = format_summary(report, limit=1500)
    assert len(short.encode()) <= 1500
    assert re.search(r"\n(\d+) more catalogs left out", short)
    kept = len(re.findall("\n\\| ❌", short))
    assert kept >= 1
    assert int(re.search(r"(\d+) more catalogs", short).group(1)) == 11 - kept   # of the 11 catalogs


def test_summary_cells_hold_no_table_syntax_or_html():
    from publisher.gate.reports import _cell

    assert _cell("a | b <script>\nc") == "a \\| b \\<script\\> c"


def test_the_text_report_starts_with_the_refused_translation(crowded):
    report = check_project(load_settings(crowded))
    text = format_text(report)
    head = text.splitlines()
    assert head[0].startswith("locales/de/LC_MESSAGES/part-0.po [de]: FAILED")
    assert "E201" in head[1]


# -- SARIF ---------------------------------------------------------------------------

def sarif_validator():
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads((DATA / "sarif" / "sarif-schema-2.1.0.json").read_text("utf-8"))
    jsonschema.Draft4Validator.check_schema(schema)
    return jsonschema.Draft4Validator(schema)


def test_sarif_is_valid_against_the_official_schema(crowded):
    result = CliRunner().invoke(main, ["--project", str(crowded), "check", "--format", "sarif"])
    assert result.exit_code == 1
    log = json.loads(result.output)
    errors = sorted(sarif_validator().iter_errors(log), key=str)
    assert not errors, errors[0]
    run = log["runs"][0]
    assert run["results"][0]["ruleId"] == "E201"
    assert run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] \
        == "locales/de/LC_MESSAGES/part-0.po"
    rules = run["tool"]["driver"]["rules"]
    assert all(r["id"] == rules[res["ruleIndex"]]["id"] for res in run["results"]
               for r in [{"id": res["ruleId"]}])
    assert len(run["results"]) == 11


def test_the_schema_refuses_a_broken_log(crowded):
    log = json.loads(format_sarif(check_project(load_settings(crowded))))
    log["runs"][0]["results"][0]["level"] = "fatal"
    del log["runs"][0]["tool"]["driver"]["name"]
    assert len(list(sarif_validator().iter_errors(log))) == 2
