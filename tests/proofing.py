"""A small project whose German catalog has a segment in every proof state."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from publisher.catalogs.pofile import read_po, write_po
from publisher.catalogs.update import update_catalogs
from publisher.extract.pot import extract_catalogs, write_templates
from publisher.sources.config import load_settings

DOC = "report"
PO = f"locales/de/LC_MESSAGES/{DOC}.po"

DOCUMENT = """---
title: Annual report
summary: What the office did this year.
---

# Overview

We opened *new* offices in many cities.

Read the **annual** report with care.

Our staff grew to 1,250 people.

Thanks to all partners.

We met *every* target.
"""

GERMAN = {
    "Annual report": "Jahresbericht",
    "What the office did this year.": "Was das Büro in diesem Jahr getan hat.",
    "Overview": "Überblick",
    "We opened *new* offices in many cities.": "Wir eröffneten *neue* Büros in vielen Städten.",
    "Read the **annual** report with care.": "Lesen Sie den **Jahres**bericht sorgfältig.",
    "Our staff grew to {1,250} people.": "Unser Personal wuchs auf {1,250} Menschen.",
    "Thanks to all partners.": "Dank an alle Partner.",
    "We met *every* target.": "Wir erreichten *jedes* Ziel.",
}


@dataclass
class Damaged:
    root: Path
    fuzzy: str          # msgids, by the state the proof must show
    untranslated: str
    figures: str        # rejected: E201
    emphasis: str       # rejected: E301
    stretched: str      # translated, with a W305 warning (emphasis stretched)


def german_project(root: Path) -> Path:
    """A project with one document, fully translated into German."""
    (root / "documents").mkdir(parents=True)
    (root / "publisher.toml").write_text('source_locale = "en"\nlocales = ["de"]\n', "utf-8")
    (root / "documents" / f"{DOC}.md").write_text(DOCUMENT, "utf-8")
    settings = load_settings(root)
    write_templates(settings, extract_catalogs(settings))
    update_catalogs(settings)
    catalog = read_po(root / PO)
    for message in catalog.messages:
        if message.msgid in GERMAN:
            message.msgstr = GERMAN[message.msgid]
    write_po(root / PO, catalog)
    return root


def damaged_project(root: Path) -> Damaged:
    """The German project with one entry fuzzy, one emptied, one with a
    figure placeholder altered and one whose emphasis is left unpaired."""
    german_project(root)
    catalog = read_po(root / PO)
    found = {m.msgid: m for m in catalog.messages}
    damaged = Damaged(root, fuzzy="Thanks to all partners.", untranslated="Overview",
                      figures="Our staff grew to {1,250} people.",
                      emphasis="Read the **annual** report with care.",
                      stretched="We met *every* target.")
    found[damaged.fuzzy].set_fuzzy(True)
    found[damaged.untranslated].msgstr = ""
    found[damaged.figures].msgstr = "Unser Personal wuchs auf {1} Menschen."
    found[damaged.emphasis].msgstr = "Lesen Sie den **Jahresbericht sorgfältig."
    found[damaged.stretched].msgstr = "*Wir erreichten jedes einzelne Ziel*."
    write_po(root / PO, catalog)
    return damaged


def po_line(root: Path, msgid: str) -> int:
    """The line of ``msgid`` in the German catalog, as the file is now."""
    return next(m.lineno for m in read_po(root / PO).messages if m.msgid == msgid)
