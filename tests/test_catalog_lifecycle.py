"""Catalogs over a project's life: a catalog nothing uses is W107 and never
fails the gate, `update --prune` removes it with its translations kept in
the locale's memory file, `editions.po` only where an edition is made,
`stats` counts only used catalogs, and `changes --since-update` lists what
the last update brought, not everything untranslated."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from publisher.catalogs.pofile import read_po, write_po
from publisher.cli import main
from publisher.sources.config import load_settings

from projects import make_project


def run(project: Path, *args: str):
    return CliRunner().invoke(main, ["--project", str(project), *args])


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return make_project(tmp_path / "site", {
        "report": "# Report\n\nOne paragraph.\n",
        "letter": "# Letter\n\nDear friends.\n\nThe partners met in spring.\n",
    }, ("de", "fr"))


def set_translation(path: Path, msgid: str, msgstr: str, fuzzy: bool = False) -> None:
    catalog = read_po(path)
    entry = next(m for m in catalog.messages if m.msgid == msgid)
    entry.msgstr = msgstr
    entry.set_fuzzy(fuzzy)
    write_po(path, catalog)


def remove_letter(site: Path) -> None:
    (site / "documents" / "letter.md").unlink()
    assert run(site, "extract").exit_code == 0


def test_a_catalog_nothing_uses_is_w107_and_never_fails_the_gate(site):
    letter = site / "locales/de/LC_MESSAGES/letter.po"
    set_translation(letter, "Dear friends.", "")                       # untranslated
    set_translation(letter, "The partners met in spring.", "{1}", fuzzy=True)
    assert run(site, "check").exit_code == 1                           # in use: it fails
    remove_letter(site)
    result = run(site, "check", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    entry = next(c for c in data["catalogs"] if c["path"] == "locales/de/LC_MESSAGES/letter.po")
    assert entry["ok"] and [p["code"] for p in entry["problems"]] == ["W107"]
    assert "update --prune" in entry["problems"][0]["message"]
    assert entry["untranslated"] == 1 and entry["fuzzy"] == 1
    # the text report says it is not used, never a percentage it is not held to
    text = run(site, "check").output
    line = next(line for line in text.splitlines() if line.startswith("locales/de/LC_MESSAGES/letter.po"))
    assert "ok — not used (" in line and "%" not in line, line
    from publisher.gate.check import check_project
    from publisher.gate.reports import format_summary
    summary = format_summary(check_project(load_settings(site), [], None))
    row = next(row for row in summary.splitlines() if "letter.po" in row)
    assert "| not used |" in row and "%" not in row, row
    # stats counts only the catalogs in use
    stats = json.loads(run(site, "stats", "--format", "json").output)
    assert not [c for c in stats["catalogs"] if c["domain"] == "letter"]


def test_prune_keeps_every_translation_in_the_locales_memory(site):
    set_translation(site / "locales/de/LC_MESSAGES/letter.po", "Dear friends.",
                    "Liebe Freunde.")
    remove_letter(site)
    before = run(site, "update")
    assert before.exit_code == 0 and (site / "locales/de/LC_MESSAGES/letter.po").exists()
    result = run(site, "update", "--prune")
    assert result.exit_code == 0, result.output
    assert "removed locales/de/LC_MESSAGES/letter.po (nothing uses it)" in result.output
    assert not list(site.glob("locales/*/LC_MESSAGES/letter.po"))
    memory = read_po(site / "locales/memory/de.po")
    kept = {m.msgid: m.msgstr for m in memory.messages}
    assert kept["Dear friends."] == "Liebe Freunde."
    assert memory.header_field("Language") == "de"
    assert any("from locales/de/LC_MESSAGES/letter.po" in c
               for m in memory.messages for c in m.translator_comments)
    # pruning again adds nothing twice
    again = run(site, "update", "--prune")
    assert again.exit_code == 0 and "kept" not in again.output
    assert len(read_po(site / "locales/memory/de.po").messages) == len(memory.messages)
    # a new document with the same sentence gets the translation back
    (site / "documents" / "notes.md").write_text("# Notes\n\nDear friends.\n", "utf-8")
    assert run(site, "extract").exit_code == 0
    assert run(site, "update").exit_code == 0
    notes = read_po(site / "locales/de/LC_MESSAGES/notes.po")
    assert next(m for m in notes.messages if m.msgid == "Dear friends.").msgstr == "Liebe Freunde."
    # a memory fill, fuzzy for review by default ([update] memory = "fuzzy")
    assert next(m for m in notes.messages if m.msgid == "Dear friends.").fuzzy
    assert "W107" not in run(site, "check").output


def test_editions_po_only_for_the_locales_an_edition_lists(site):
    (site / "editions").mkdir()
    (site / "editions" / "visit.toml").write_text(
        'occasion = "Visit of the delegation"\ndocuments = ["report"]\nlocales = ["de"]\n',
        "utf-8")
    assert run(site, "extract").exit_code == 0
    result = run(site, "update")
    assert result.exit_code == 0, result.output
    assert (site / "locales/de/LC_MESSAGES/editions.po").is_file()
    assert not (site / "locales/fr/LC_MESSAGES/editions.po").exists()
    set_translation(site / "locales/de/LC_MESSAGES/editions.po", "Visit of the delegation",
                    "Besuch der Delegation")
    set_translation(site / "locales/de/LC_MESSAGES/editions.po", "Contents", "Inhalt")
    assert run(site, "check", "--locale", "fr").exit_code == 0
    assert run(site, "check").exit_code == 0
    stats = json.loads(run(site, "stats", "--format", "json").output)
    assert [c["locale"] for c in stats["catalogs"] if c["domain"] == "editions"] == ["de"]
    # an editions.po left from before, in a locale no edition lists: W107 only
    write_po(site / "locales/fr/LC_MESSAGES/editions.po",
             read_po(site / "locales/de/LC_MESSAGES/editions.po"))
    data = json.loads(run(site, "check", "--locale", "fr", "--format", "json").output)
    fr = next(c for c in data["catalogs"] if c["domain"] == "editions")
    assert data["ok"] and [p["code"] for p in fr["problems"]] == ["W107"]
    assert "no edition is made in fr" in fr["problems"][0]["message"]


def test_changes_since_update_lists_what_the_last_update_brought(site):
    # much is untranslated from before the last update ...
    for msgid in ("Dear friends.", "The partners met in spring.", "Letter"):
        set_translation(site / "locales/de/LC_MESSAGES/letter.po", msgid, "")
    assert run(site, "update").exit_code == 0
    # ... then the sources change: one paragraph new, one changed
    (site / "documents" / "report.md").write_text(
        "# Report\n\nOne paragraph, longer.\n\nTables follow below.\n", "utf-8")
    assert run(site, "extract").exit_code == 0
    assert run(site, "update").exit_code == 0
    data = json.loads(run(site, "changes", "--since-update", "--locale", "de",
                          "--format", "json").output)
    assert data["since"] == "the last update"
    (german,) = data["locales"]
    found = {(d["domain"], c["kind"], c["old"], c["new"])
             for d in german["documents"] for c in d["changes"]}
    assert found == {("report", "changed", "One paragraph.", "One paragraph, longer."),
                     ("report", "new", None, "Tables follow below.")}
    # translated since: it drops out; an update that brings nothing keeps the record
    set_translation(site / "locales/de/LC_MESSAGES/report.po", "Tables follow below.",
                    "Ein neuer Absatz.")
    assert run(site, "update").exit_code == 0
    data = json.loads(run(site, "changes", "--since-update", "--locale", "de",
                          "--format", "json").output)
    assert [c["new"] for d in data["locales"][0]["documents"] for c in d["changes"]] == \
        ["One paragraph, longer."]


def test_init_gives_a_new_locale_editions_po_only_where_an_edition_is_made(site):
    (site / "editions").mkdir()
    (site / "editions" / "visit.toml").write_text(
        'occasion = "Visit"\ndocuments = ["report"]\nlocales = ["de"]\n', "utf-8")
    assert run(site, "extract").exit_code == 0
    assert run(site, "init", "es").exit_code == 0
    assert (site / "locales/es/LC_MESSAGES/report.po").is_file()
    assert not (site / "locales/es/LC_MESSAGES/editions.po").exists()
    (site / "editions" / "visit.toml").write_text(
        'occasion = "Visit"\ndocuments = ["report"]\n', "utf-8")       # every locale
    assert run(site, "init", "it").exit_code == 0
    assert (site / "locales/it/LC_MESSAGES/editions.po").is_file()
