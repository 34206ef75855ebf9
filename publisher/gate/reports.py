"""The report of ``publisher check`` as text, JSON, JUnit XML or GitHub
annotations: pure functions from a :class:`~publisher.check.Report` to a string.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Callable
from xml.etree import ElementTree

import click

from ..catalogs.checks import CatalogResult, Problem
from ..core.fsutil import WriteError
from ..core.terminal import printable
from .check import Report

FORMATS = ("text", "json", "junit", "github", "sarif")


# -- severity order ---------------------------------------------------------------

#: The codes that say how much is translated rather than what is wrong with a
#: translation: reported per catalog in GitHub and SARIF output, and after
#: the refused translations everywhere.
SUMMARY_CODES = frozenset({"E002", "E100", "E101", "E102", "E103"})
#: Hints at tidying: after the rest of the warnings.
HOUSEKEEPING_CODES = frozenset({"W105", "W106", "W107"})


def rank(item: Problem) -> tuple[int, int]:
    """Most severe and most specific first: errors before warnings; within
    each, a refused or unreadable translation (E201, E001...) before the
    completeness of a catalog (E101 untranslated, E100...), and obsolete or
    stale entries last."""
    kind = 2 if item.code in HOUSEKEEPING_CODES else 1 if item.code in SUMMARY_CODES else 0
    return (0 if item.severity == "error" else 1, kind)


def catalog_rank(result: CatalogResult) -> tuple[int, int]:
    return min((rank(p) for p in result.problems), default=(2, 0))


def ordered(report: Report) -> list[CatalogResult]:
    """The catalogs, those with the most severe problems first (stable)."""
    return sorted(report.catalogs, key=catalog_rank)


# -- text ---------------------------------------------------------------------

def _counts(result: CatalogResult) -> str:
    parts = [f"{result.translated} translated"]
    for name in ("fuzzy", "untranslated", "missing", "obsolete"):
        value = getattr(result, name)
        if value:
            parts.append(f"{value} {name}")
    return ", ".join(parts)


def _location(result: CatalogResult, item: Problem) -> str:
    return f"{result.path}:{item.line}"


def _xml_text(text: str) -> str:
    """``text`` with the characters XML 1.0 cannot hold written as escapes."""
    return "".join(char if char in "\t\n\r" or (0x20 <= ord(char) < 0xD800)
                   or (0xE000 <= ord(char) < 0xFFFE) or ord(char) >= 0x10000
                   else f"\\u{ord(char):04x}" for char in text)


#: Above this many problems of one code in one file, the text report shows
#: one line with a count (``-v`` shows each).
GROUP_ABOVE = 3


def _grouped(problems: list[Problem]) -> list[tuple[Problem, list[Problem]]]:
    """Problems by code, in order of first appearance: (first, all of them)."""
    groups: dict[tuple[str, str], list[Problem]] = {}
    for item in sorted(problems, key=rank):
        groups.setdefault((item.severity, item.code), []).append(item)
    return [(items[0], items) for items in groups.values()]


def format_text(report: Report, colour: bool = False, verbose: bool = False) -> str:
    """One block per catalog: its verdict, then its problems as ``file:line: ...``.
    A code that occurs more than GROUP_ABOVE times in a file is one line with a
    count and its lines, unless ``verbose``.  The most severe come first:
    catalogs with a refused translation before incomplete ones, and in each
    catalog errors before warnings, refused translations before untranslated
    entries (see :func:`rank`)."""

    def style(text: str, **kwargs) -> str:
        return click.style(text, **kwargs) if colour else text

    lines = []
    for result in ordered(report):
        verdict = style("ok", fg="green") if result.ok else style("FAILED", fg="red", bold=True)
        locale = f" [{result.locale}]" if result.locale else ""
        required = f", {result.threshold:g}% required" \
            if result.threshold < 100 or result.percent < result.threshold else ""
        if not result.readable:
            state = "cannot be read"
        elif not result.used:
            state = f"not used ({_counts(result)})"      # never a gate's percentage
        else:
            state = f"{result.percent:g}% translated{required} ({_counts(result)})"
        lines.append(f"{style(printable(result.path), bold=True)}{printable(locale)}: "
                     f"{verdict} — {state}")
        for item, items in _grouped(result.problems):
            word = style(item.severity, fg="red" if item.severity == "error" else "yellow")
            if verbose or len(items) <= GROUP_ABOVE:
                for one in items:
                    lines.append(f"  {printable(_location(result, one))}: {word} {one.code} "
                                 f"{one.name}: {printable(one.message)}")
                continue
            where = ", ".join(str(one.line) for one in items[:10])
            more = f" and {len(items) - 10} more" if len(items) > 10 else ""
            lines.append(f"  {printable(_location(result, item))}: {word} {item.code} "
                         f"{item.name}: {len(items)} times (lines {where}{more}); first: "
                         f"{printable(item.message)}")
    failed = len(report.failed)
    total = len(report.catalogs)
    warnings = sum(len(r.warnings) for r in report.catalogs)
    summary = (f"{total} catalog{'s' if total != 1 else ''} checked: {total - failed} passed, "
               f"{failed} failed, {warnings} warning{'s' if warnings != 1 else ''}")
    if total == 0:
        summary = "no catalogs to check"
    if not verbose and any(len(items) > GROUP_ABOVE for result in report.catalogs
                           for _, items in _grouped(result.problems)):
        lines.append("(a problem repeated in a file is one line with a count: -v shows each, "
                     "--format json lists all)")
    lines.append(style(summary, fg="green" if report.ok else "red", bold=True))
    return "\n".join(lines) + "\n"


# -- JSON ---------------------------------------------------------------------

def report_data(report: Report) -> dict:
    """The report as the JSON contract documented in the README."""
    return {
        "ok": report.ok,
        "catalogs": [{
            "path": r.path, "locale": r.locale, "domain": r.domain,
            "translated": r.translated, "fuzzy": r.fuzzy, "untranslated": r.untranslated,
            "obsolete": r.obsolete, "missing": r.missing, "percent": float(r.percent),
            "ok": r.ok,
            "problems": [{"code": p.code, "severity": p.severity, "line": p.line,
                          "message": p.message} for p in r.problems],
        } for r in report.catalogs],
    }


def format_json(report: Report) -> str:
    return json.dumps(report_data(report), ensure_ascii=False) + "\n"


# -- JUnit XML ------------------------------------------------------------------

def format_junit(report: Report) -> str:
    """JUnit XML for CI test reports: one test case per catalog."""
    failures = len(report.failed)
    suites = ElementTree.Element("testsuites", name="publisher check",
                                 tests=str(len(report.catalogs)), failures=str(failures))
    suite = ElementTree.SubElement(suites, "testsuite", name="publisher check",
                                   tests=str(len(report.catalogs)), failures=str(failures),
                                   errors="0", skipped="0")
    for result in report.catalogs:
        case = ElementTree.SubElement(suite, "testcase", name=_xml_text(result.path),
                                      classname=_xml_text(f"catalogs.{result.locale or 'unknown'}"),
                                      file=_xml_text(result.path))
        if not result.ok:
            errors = result.errors
            failure = ElementTree.SubElement(
                case, "failure", type=errors[0].code,
                message=f"{len(errors)} error{'s' if len(errors) != 1 else ''}; "
                        f"{result.percent:g}% translated ({result.threshold:g}% required)")
            failure.text = _xml_text("\n".join(f"{_location(result, p)}: {p.code} {p.message}"
                                                for p in errors))
        if result.warnings:
            out = ElementTree.SubElement(case, "system-out")
            out.text = _xml_text("\n".join(f"{_location(result, p)}: warning {p.code} "
                                            f"{p.message}" for p in result.warnings))
    ElementTree.indent(suites)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + \
        ElementTree.tostring(suites, encoding="unicode") + "\n"


# -- GitHub annotations ------------------------------------------------------------

def _escape_data(text: str) -> str:
    text = "\n".join("\r".join(printable(part) for part in line.split("\r"))
                     for line in text.split("\n"))
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


#: What GitHub Actions shows of one step: at most this many annotations of
#: each kind (error, warning, notice); the rest stay in the log only.
GITHUB_PER_STEP = 10
#: GitHub's limit for one step's summary ($GITHUB_STEP_SUMMARY): 1 MiB.
SUMMARY_LIMIT = 1024 * 1024


@dataclass(frozen=True)
class Finding:
    """One line of a report for people on a CI platform: a problem of a
    catalog, or (for the completeness codes) a catalog's counts in one."""

    result: CatalogResult
    code: str
    severity: str
    line: int
    message: str

    @property
    def key(self) -> tuple:
        return (*rank(Problem(self.code, self.severity, self.line, "")),
                self.result.path, self.line, self.code)


def _completeness(result: CatalogResult, items: list[Problem]) -> Finding:
    """The completeness problems of one catalog (E002, E100-E103) as one
    finding: E100 when the catalog is below its threshold, else the code of
    its first untranslated, fuzzy or missing entry (a warning)."""
    if len(items) == 1:
        item = items[0]
        return Finding(result, item.code, item.severity, item.line, item.message)
    entries = [p for p in items if p.code != "E100"]
    below = any(p.code == "E100" for p in items)
    severity = "error" if any(p.severity == "error" for p in items) else "warning"
    first = min(entries, key=lambda p: p.line) if entries else items[0]
    counts = {name: getattr(result, name) for name in ("untranslated", "fuzzy", "missing")}
    told = ", ".join(f"{value} {name}" for name, value in counts.items() if value)
    verdict = f"{result.threshold:g}% required" if below \
        else f"{result.threshold:g}% required, so these are warnings"
    lines = sorted({p.line for p in entries if p.line > 1})
    where = (f"; first at line{'s' if len(lines) > 1 else ''} "
             + ", ".join(str(n) for n in lines[:5]) + (" ..." if len(lines) > 5 else "")) \
        if lines else ""
    locale = f" --locale {result.locale}" if result.locale else ""
    return Finding(result, "E100" if below else first.code, severity, first.line,
                   f"{result.percent:g}% translated, {verdict} ({told}){where}; "
                   f"`publisher check{locale} -v` lists each entry")


def findings(report: Report) -> list[Finding]:
    """Every problem, the completeness ones of a catalog joined into one
    finding, most severe and most specific first."""
    found = []
    for result in report.catalogs:
        summary = [p for p in result.problems if p.code in SUMMARY_CODES]
        found += [Finding(result, p.code, p.severity, p.line, p.message)
                  for p in result.problems if p.code not in SUMMARY_CODES]
        if summary:
            found.append(_completeness(result, summary))
    return sorted(found, key=lambda f: f.key)


def format_github(report: Report) -> str:
    """GitHub Actions workflow commands that fit what GitHub shows: at most
    GITHUB_PER_STEP error and as many warning annotations, on their file and
    line, the most severe and specific first (a refused translation before a
    catalog's untranslated count, which is one annotation per catalog); the
    rest as plain lines in the log.  The complete report goes to the step
    summary (:func:`format_summary`)."""
    lines = []
    shown = {"error": 0, "warning": 0}
    rest: list[Finding] = []
    for item in findings(report):
        if shown[item.severity] >= GITHUB_PER_STEP:
            rest.append(item)
            continue
        shown[item.severity] += 1
        lines.append(f"::{item.severity} file={_escape_property(item.result.path)},"
                     f"line={item.line},title={_escape_property(_title(item))}::"
                     f"{_escape_data(item.message)}")
    if rest:
        errors = sum(1 for item in rest if item.severity == "error")
        lines.append(f"{len(rest)} more ({errors} error{'s' if errors != 1 else ''}, "
                     f"{len(rest) - errors} warning{'s' if len(rest) - errors != 1 else ''}) "
                     "than GitHub shows as annotations; the step summary has every catalog:")
        for item in rest:
            lines.append(f"  {printable(item.result.path)}:{item.line}: {item.severity} "
                         f"{_title(item)}: {printable(item.message)}")
    failed = len(report.failed)
    lines.append(f"publisher check: {len(report.catalogs)} catalogs, {failed} failed")
    return "\n".join(lines) + "\n"


def _title(item: Finding) -> str:
    from ..catalogs.checks import CODES

    return f"{item.code} {CODES[item.code][0]}"


# -- the step summary (Markdown) ------------------------------------------------------

def _cell(text: str) -> str:
    """Text for a Markdown table cell: one line, no table syntax, no HTML."""
    text = printable(" ".join(text.split()))
    for char in "\\|<>*`[]":
        text = text.replace(char, "\\" + char)
    return text


def format_summary(report: Report, limit: int = SUMMARY_LIMIT) -> str:
    """The whole report as Markdown for ``$GITHUB_STEP_SUMMARY``: per locale and
    catalog the share translated, the problems by code and the first lines,
    most severe first, in at most ``limit`` bytes (rows past it are counted,
    not shown)."""
    failed = len(report.failed)
    head = [f"### publisher check: {'passed' if report.ok else 'failed'}", "",
            f"{len(report.catalogs)} catalog{'s' if len(report.catalogs) != 1 else ''}, "
            f"{failed} failed.", "",
            "| | locale | catalog | translated | errors | warnings | first lines |",
            "|---|---|---|---:|---|---|---|"]
    rows = []
    for result in sorted(report.catalogs, key=lambda r: (catalog_rank(r), r.locale or "", r.path)):
        def by_code(severity: str) -> str:
            counts: dict[str, int] = {}
            for p in sorted(result.problems, key=rank):
                if p.severity == severity:
                    counts[p.code] = counts.get(p.code, 0) + 1
            return ", ".join(f"{code} ×{n}" if n > 1 else code for code, n in counts.items())
        first = []
        for p in sorted(result.problems, key=lambda p: (rank(p), p.line))[:3]:
            first.append(f"{p.code} line {p.line}: {p.message}")
        state = "✅" if result.ok else "❌"
        if not result.readable:
            share = "unreadable"
        elif not result.used:
            share = "not used"
        else:
            share = f"{result.percent:g}% of {result.threshold:g}%"
        rows.append(f"| {state} | {_cell(result.locale or '')} | {_cell(result.path)} | "
                    f"{share} | {by_code('error')} | {by_code('warning')} | "
                    f"{'<br>'.join(_cell(line[:160]) for line in first)} |")
    text = "\n".join(head) + "\n"
    tail = "\n`publisher check --format json` lists every problem.\n"
    size = len(text.encode()) + len(tail.encode()) + 200
    for index, row in enumerate(rows):
        size += len(row.encode()) + 1
        if size > limit:
            left = len(rows) - index
            text += (f"\n{left} more catalog{'s' if left != 1 else ''} left out: a step "
                     "summary holds at most 1 MiB.\n")
            break
        text += row + "\n"
    return text + tail


def write_step_summary(report: Report) -> Path | None:
    """Append the summary to the file GitHub Actions names in
    ``$GITHUB_STEP_SUMMARY`` (nothing outside GitHub Actions), within what is
    left of the step's 1 MiB."""
    name = os.environ.get("GITHUB_STEP_SUMMARY")
    if not name:
        return None
    path = Path(name)
    try:
        used = path.stat().st_size if path.is_file() else 0
        text = format_summary(report, max(SUMMARY_LIMIT - used, 0))
        with open(path, "a", encoding="utf-8") as handle:
            handle.write(text)
    except OSError as exc:
        raise WriteError(f"cannot write the step summary: {exc.strerror or exc}", path=name,
                         hint="GITHUB_STEP_SUMMARY must name a writable file") from None
    return path


# -- SARIF 2.1.0 ------------------------------------------------------------------------

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def format_sarif(report: Report) -> str:
    """SARIF 2.1.0 for code scanning: one result per finding (a catalog's
    completeness is one result, as in GitHub output), one rule per check code."""
    from .. import DISTRIBUTION, __version__
    from ..catalogs.checks import CODES

    found = findings(report)
    codes = sorted({item.code for item in found})
    rules = [{"id": code, "name": CODES[code][0],
              "shortDescription": {"text": CODES[code][1]},
              "defaultConfiguration": {"level": "warning" if code.startswith("W") else "error"},
              "helpUri": f"https://pypi.org/project/{DISTRIBUTION}/"}
             for code in codes]
    results = [{
        "ruleId": item.code,
        "ruleIndex": codes.index(item.code),
        "level": item.severity,
        "message": {"text": item.message},
        "locations": [{"physicalLocation": {
            "artifactLocation": {"uri": item.result.path, "uriBaseId": "%SRCROOT%"},
            "region": {"startLine": item.line}}}],
        "partialFingerprints": {"publisherCatalog/v1": f"{item.result.path}:{item.code}:"
                                                       f"{item.message}"},
    } for item in found]
    log = {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [{
        "tool": {"driver": {"name": "publisher", "version": __version__,
                            "informationUri": f"https://pypi.org/project/{DISTRIBUTION}/",
                            "rules": rules}},
        "results": results,
        "columnKind": "unicodeCodePoints",
    }]}
    return json.dumps(log, ensure_ascii=False, indent=2) + "\n"


FORMATTERS: dict[str, Callable[[Report], str]] = {
    "text": format_text, "json": format_json, "junit": format_junit, "github": format_github,
    "sarif": format_sarif,
}
