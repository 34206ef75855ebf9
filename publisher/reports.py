"""The report of ``publisher check`` as text, JSON, JUnit XML or GitHub
annotations: pure functions from a :class:`~publisher.check.Report` to a string.
"""

from __future__ import annotations

import json
from typing import Callable
from xml.etree import ElementTree

import click

from .catalogs.checks import CatalogResult, Problem
from .check import Report

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


def format_text(report: Report, colour: bool = False) -> str:
    """One block per catalog: its verdict, then its problems as ``file:line: ...``."""

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
        lines.append(f"{style(result.path, bold=True)}{locale}: {verdict} — {state}")
        for item in result.problems:
            word = style(item.severity, fg="red" if item.severity == "error" else "yellow")
            lines.append(f"  {_location(result, item)}: {word} {item.code} {item.name}: "
                         f"{item.message}")
    failed = len(report.failed)
    total = len(report.catalogs)
    warnings = sum(len(r.warnings) for r in report.catalogs)
    summary = (f"{total} catalog{'s' if total != 1 else ''} checked: {total - failed} passed, "
               f"{failed} failed, {warnings} warning{'s' if warnings != 1 else ''}")
    if total == 0:
        summary = "no catalogs to check"
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
        case = ElementTree.SubElement(suite, "testcase", name=result.path,
                                      classname=f"catalogs.{result.locale or 'unknown'}",
                                      file=result.path)
        if not result.ok:
            errors = result.errors
            failure = ElementTree.SubElement(
                case, "failure", type=errors[0].code,
                message=f"{len(errors)} error{'s' if len(errors) != 1 else ''}; "
                        f"{result.percent:g}% translated ({result.threshold:g}% required)")
            failure.text = "\n".join(f"{_location(result, p)}: {p.code} {p.message}"
                                     for p in errors)
        if result.warnings:
            out = ElementTree.SubElement(case, "system-out")
            out.text = "\n".join(f"{_location(result, p)}: warning {p.code} {p.message}"
                                 for p in result.warnings)
    ElementTree.indent(suites)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + \
        ElementTree.tostring(suites, encoding="unicode") + "\n"


# -- GitHub annotations ------------------------------------------------------------

def _escape_data(text: str) -> str:
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
