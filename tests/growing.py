"""A project grown the way a team grows its own: one more document, one more
locale and one more template override, nothing of them translated yet (the
catalogs are made by `update` and `init`, as a team's first step).  Tests that
build the shipped sample must pass on it too (see
test_suite_on_a_grown_project.py): they assert what the software does with
whatever the catalogs hold, never that the catalogs are complete, which is
the gate's job (`publisher check` fails on this project, naming the new
catalogs)."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

NEW_DOCUMENT = """\
---
title: Annual Report of the Survey Office
summary: What the survey office measured in its first year.
date: 2026-03-01
section: Reports
---

The office measured {1,234} wells in {12} provinces and published {4} reports.

## Findings

- Most wells held water all year.
- A few dried up in {2025:year}.

| Province | Wells |
|---|---|
| North | {640} |
| South | {594} |
"""

# The override: the package's base template with a notice of the team's own
# after every page's content (a new string to translate).  After, not before:
# the printed edition's cover opens the content.
NOTICE = ('{% block main %}{% endblock %}\n</main>',
          '{% block main %}{% endblock %}\n'
          '{# Translators: a notice below the content of every page. #}\n'
          '<p class="survey-notice">{{ _("Figures of the survey office are provisional.") }}</p>\n'
          '</main>')


def override_a_template(project: Path) -> Path:
    """Copy a package template the project does not override yet into its
    templates/ folder, with a notice added."""
    from publisher.sources.lookup import PACKAGE_TEMPLATES

    settings_templates = project / "templates"
    settings_templates.mkdir(exist_ok=True)
    name = "base.html"
    assert not (settings_templates / name).exists(), f"the sample overrides {name} already"
    text = (PACKAGE_TEMPLATES / name).read_text("utf-8")
    anchor, replacement = NOTICE
    assert text.count(anchor) == 1, f"{name} changed: put the notice elsewhere"
    (settings_templates / name).write_text(text.replace(anchor, replacement), "utf-8")
    return settings_templates / name


def run(project: Path, *args: str) -> str:
    from publisher.cli import main

    result = CliRunner().invoke(main, ["--project", str(project), *args])
    assert result.exit_code == 0, (args, result.output)
    return result.output


def translate_everything(project: Path) -> None:
    """Fill every empty or fuzzy translation with its source text (a valid
    translation for every check: figures, placeholders and markup kept)."""
    from publisher.catalogs.pofile import read_po, write_po

    for path in sorted((project / "locales").glob("*/LC_MESSAGES/*.po")):
        catalog = read_po(path)
        nplurals = None
        for message in catalog.messages:
            if message.obsolete:
                continue
            if message.is_plural:
                if nplurals is None:
                    nplurals = len(message.msgstr_plural)
                forms = message.msgstr_plural
                if not all(forms) or message.fuzzy:
                    message.msgstr_plural = [message.msgid] + [message.msgid_plural] * (len(forms) - 1)
            elif not message.msgstr or message.fuzzy:
                message.msgstr = message.msgid
            if "fuzzy" in message.flags:
                message.flags.remove("fuzzy")
            message.previous_msgid = message.previous_msgid_plural = message.previous_msgctxt = None
        write_po(path, catalog)


NEW_DOCUMENT_NAME = "survey-report"


def grow(project: Path) -> str:
    """Add a document, a template override and a locale to ``project``,
    untranslated; return the new locale."""
    (project / "documents" / f"{NEW_DOCUMENT_NAME}.md").write_text(NEW_DOCUMENT, "utf-8")
    override_a_template(project)
    run(project, "extract")
    run(project, "update")
    from projects import unused_locale

    locale = unused_locale(project)
    run(project, "init", locale)
    return locale
