"""The report of ``publisher check`` as text, JSON, JUnit XML or GitHub
annotations: pure functions from a :class:`~publisher.check.Report` to a string.
"""

from __future__ import annotations

import json
from typing import Callable
from xml.etree import ElementTree

import click

from ..catalogs.checks import CatalogResult, Problem
from .check import Report
from ..core.terminal import printable

FORMATS = ("text", "json", "junit", "github")


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
    for item in problems:
        groups.setdefault((item.severity, item.code), []).append(item)
    return [(items[0], items) for items in groups.values()]


def format_text(report: Report, colour: bool = False, verbose: bool = False) -> str:
    """One block per catalog: its verdict, then its problems as ``file:line: ...``.
    A code that occurs more than GROUP_ABOVE times in a file is one line with a
    count and its lines, unless ``verbose``."""

    def style(text: str, **kwargs) -> str:
        return click.style(text, **kwargs) if colour else text

    lines = []
    for result in report.catalogs:
        verdict = style("ok", fg="green") if result.ok else style("FAILED", fg="red", bold=True)
        locale = f" [{result.locale}]" if result.locale else ""
        required = f", {result.threshold:g}% required" \
            if result.threshold < 100 or result.percent < result.threshold else ""
        if any(p.code == "E001" for p in result.problems):
            state = "cannot be read"
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


def format_github(report: Report) -> str:
    """GitHub Actions workflow commands: an annotation per problem, on its file and line."""
    lines = []
    for result in report.catalogs:
        for item in result.problems:
            command = "error" if item.severity == "error" else "warning"
            lines.append(f"::{command} file={_escape_property(result.path)},line={item.line},"
                         f"title={_escape_property(f'{item.code} {item.name}')}::"
                         f"{_escape_data(item.message)}")
    failed = len(report.failed)
    lines.append(f"publisher check: {len(report.catalogs)} catalogs, {failed} failed")
    return "\n".join(lines) + "\n"


FORMATTERS: dict[str, Callable[[Report], str]] = {
    "text": format_text, "json": format_json, "junit": format_junit, "github": format_github,
}
