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


def test_a_catalog_refused_by_its_header_is_said_once_with_the_fix(tmp_path):
    """A catalog whose header check refuses (Language: fr in de's folder) is
    not used at all: the build says so in one line naming the file, the
    reason and the fix, not as one E401 per entry, nor as the checks its
    entries would fail."""
    from publisher.build.pipeline import build
    from publisher.sources.config import load_settings

    from projects import make_project

    root = make_project(tmp_path / "site", {"report": "# Report\n\nOne.\n\nTwo {1,250} birds.\n"},
                        locales=("de",))
    po = root / "locales/de/LC_MESSAGES/report.po"
    text = po.read_text("utf-8").replace('"Language: de\\n"', '"Language: fr\\n"')
    text = text.replace('msgstr "Two {1,250} birds."', 'msgstr "Zwei Vögel."')   # an E201 too
    po.write_text(text, "utf-8")
    report = build(load_settings(root), formats=("html",))
    lines = summary(report, str, None)
    refused = [line for line in lines if "not used" in line]
    assert refused == ["warning: de: locales/de/LC_MESSAGES/report.po not used, E401: the header "
                       "says Language: fr, but the file is in the folder of de; write Language: "
                       "de, or move the file to its locale's folder; none of its 3 translations "
                       "is shown"], lines
    assert not any(code in line for line in lines for code in ("E401", "E201") if line not in refused)
    assert not any("untranslated" in line for line in lines), lines


def test_a_templates_catalog_refused_by_its_header_is_said_too(tmp_path):
    """The project's templates.po refused by its header: said once, even
    where the package's page words cover the strings (its own translations
    of them are dropped all the same)."""
    from publisher.build.pipeline import build
    from publisher.sources.config import load_settings

    from projects import make_project

    root = make_project(tmp_path / "site", {"report": "# Report\n\nOne.\n"}, locales=("de", "dv"))
    for locale in ("de", "dv"):
        po = root / f"locales/{locale}/LC_MESSAGES/templates.po"
        po.write_text(po.read_text("utf-8").replace(f'"Language: {locale}\\n"', '"Language: fr\\n"'),
                      "utf-8")
    lines = summary(build(load_settings(root), formats=("html",)), str, None)
    for locale in ("de", "dv"):
        assert any(line.startswith(f"warning: {locale}: locales/{locale}/LC_MESSAGES/templates.po "
                                   "not used, E401: the header says Language: fr") for line in lines), lines
