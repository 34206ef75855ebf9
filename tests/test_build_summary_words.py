"""The build's closing lines count what fell back by what happened, never
by a word of a hint ("6 run" came from "no entry yet: run `publisher update`")."""

from __future__ import annotations

from pathlib import Path

import pytest

from publisher.build.pipeline import BuildReport
from publisher.cli.progress import fallback_code, summary


@pytest.mark.parametrize("reason, code", [
    ("locales/dv/LC_MESSAGES/report.po:12: untranslated (source: documents/report.md:3)",
     "untranslated"),
    ("locales/dv/LC_MESSAGES/report.po:12: fuzzy (source: documents/report.md:3)", "fuzzy"),
    ("locales/dv/LC_MESSAGES/report.po:12: E201 the figure {1,250} is missing: "
     "write it (source: documents/report.md:3)", "E201"),
    ("locales/dv/LC_MESSAGES/report.po (no entry yet: run `publisher update`): untranslated "
     "(source: documents/report.md:9)", "missing"),
    ("locales/dv/LC_MESSAGES/templates.po:40: Page %(page)s of %(pages)s", "untranslated"),
    ("locales/dv/LC_MESSAGES/templates.po (no entry yet: run `publisher update`): Contents",
     "missing"),
    ("locales/dv/LC_MESSAGES/templates.po:7: run: fuzzy E201", "untranslated"),
])
def test_each_fallback_line_is_counted_by_what_happened(reason, code):
    assert fallback_code(reason) == code


def test_the_summary_never_counts_a_word_of_a_hint():
    report = BuildReport(output=Path("dist"))
    report.fallbacks = {"dv": {"report": [
        "locales/dv/LC_MESSAGES/report.po (no entry yet: run `publisher update`): untranslated "
        f"(source: documents/report.md:{n})" for n in range(6)] + [
        f"locales/dv/LC_MESSAGES/report.po:{n}: untranslated (source: documents/report.md:{n})"
        for n in range(109)]}}
    lines = summary(report, str, None)
    assert "warning: dv: 6 missing, 109 untranslated" in lines
    assert not any(" run" in line for line in lines)
