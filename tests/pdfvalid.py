"""PDFs checked by independent validators from the package registry.

``page`` (page-validation: PDF/UA-1, 104 machine-checkable rules; PDF/A-1,
-2 and -3 profiles) is the main witness; ``pdfua`` (16 PDF/UA-1 rules, on
pikepdf) a second one.  A finding fails the test with its rule, object and
message, unless docs/pdf-validation.md records it as a false positive (the
rule, the clause, why), listed here in FALSE_POSITIVES.
"""

from __future__ import annotations

from pathlib import Path

#: publisher's --pdf-variant -> page's profile (page has no PDF/X profile).
PROFILES = {"pdf/ua-1": "ua1", "pdf/a-3b": "3b"}

#: Findings that contradict the standard's clause (docs/pdf-validation.md):
#: rule id -> the clause that says otherwise.
FALSE_POSITIVES: dict[str, str] = {
    # pdfua: header cells "carry no /Scope or /Headers", while every data
    # cell's /Headers names the header cells' /IDs (ISO 32000-1 14.8.5.7;
    # Matterhorn 15-003 asks for /Scope only in a table not organized with
    # Headers and IDs).  test_pdf_validation checks the /Headers and /IDs.
    "UA-15-003": "ISO 14289-1 7.5; Matterhorn 15-003",
}

#: pdfua's rules that cannot run on WeasyPrint's PDFs (the tool raises):
#: reported as skipped, not as findings (docs/pdf-validation.md).
PDFUA_SKIPPED = {"UA-14-001"}


def page_findings(path: Path, profile: str) -> list[str]:
    """page's findings for ``path`` under ``profile`` ("ua1", "3b" ...), as
    "RULE object N: message" lines."""
    import page

    report = page.validate_pdf(path, profile=profile)
    return [f"{f.rule_id} object {f.object_id.object_number if f.object_id else '-'}: "
            f"{f.message}" for f in report.failures if f.rule_id not in FALSE_POSITIVES]


def pdfua_findings(path: Path) -> list[str]:
    """The second witness's findings (errors and warnings) for ``path``."""
    from pdfua import validate

    report = validate(str(path))
    return [f"{f.rule_id} {f.location.describe()}: {f.message}" for f in report.findings
            if f.rule_id not in FALSE_POSITIVES]


def invalid(paths, variant: str = "pdf/ua-1", second: bool = False) -> dict[str, list[str]]:
    """Each PDF of ``paths`` that a validator rejects, with its findings;
    ``second``: pdfua too (PDF/UA only)."""
    problems = {}
    for path in paths:
        found = page_findings(path, PROFILES[variant])
        if second and variant == "pdf/ua-1":
            found += pdfua_findings(path)
        if found:
            problems[str(path)] = found
    return problems
