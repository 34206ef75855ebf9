"""`publisher changes`: the strings new or changed between two commits, per
locale and document, with word counts, in text, Markdown and JSON."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from publisher.catalogs.update import update_catalogs
from publisher.cli import main
from publisher.extract.pot import extract_catalogs, write_templates
from publisher.sources.config import load_settings

from proofing import DOC, german_project


def git(root: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(root), "-c", "user.name=t", "-c", "user.email=t@e",
                           *args], check=True, capture_output=True, text=True).stdout


def commit(root: Path, message: str) -> None:
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", message)


def run(root: Path, *args: str):
    result = CliRunner().invoke(main, ["--project", str(root), "changes", *args])
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture
def repo(tmp_path):
    root = german_project(tmp_path / "project")
    git(root, "init", "-q")
    commit(root, "release")
    git(root, "tag", "v1")
    document = root / "documents" / f"{DOC}.md"
    text = document.read_text("utf-8")
    text = text.replace("Thanks to all partners.", "Thanks to all our partners and donors.")
    text = text.replace("We met *every* target.", "We met *every* target.\n\nA new paragraph here.")
    document.write_text(text, "utf-8")
    (root / "documents" / "letter.md").write_text("---\ntitle: Letter\n---\n\nDear friends.\n",
                                                  "utf-8")
    commit(root, "edit")
    return root


def test_changes_lists_exactly_the_strings_changed_between_two_commits(repo):
    data = json.loads(run(repo, "--since", "v1", "--format", "json"))
    assert data["since"] == "v1"
    (german,) = data["locales"]
    found = {(d["domain"], c["kind"], c["old"], c["new"]) for d in german["documents"]
             for c in d["changes"]}
    assert found == {
        (DOC, "changed", "Thanks to all partners.", "Thanks to all our partners and donors."),
        (DOC, "new", None, "A new paragraph here."),
        ("letter", "new", None, "Letter"),
        ("letter", "new", None, "Dear friends."),
    }
    assert german["words"] == 7 + 4 + 1 + 2 and german["strings"] == 4
    report = next(d for d in german["documents"] if d["domain"] == DOC)
    assert report["changes"][0]["reference"] == f"documents/{DOC}.md:14"


def test_the_last_tag_is_the_default_and_translated_strings_drop_out(repo):
    assert "changes since v1" in run(repo)
    settings = load_settings(repo)
    write_templates(settings, extract_catalogs(settings))
    update_catalogs(settings)
    from publisher.catalogs.pofile import read_po, write_po
    po = repo / "locales/de/LC_MESSAGES/letter.po"
    catalog = read_po(po)
    next(m for m in catalog.messages if m.msgid == "Dear friends.").msgstr = "Liebe Freunde."
    write_po(po, catalog)
    text = run(repo, "--since", "v1")
    assert "Dear friends." not in text and "+ Letter" in text
    assert "- Thanks to all partners.\n      + Thanks to all our partners and donors." in text


def test_since_the_last_update_shows_the_fuzzy_entries_old_source(repo):
    settings = load_settings(repo)
    write_templates(settings, extract_catalogs(settings))
    update_catalogs(settings)
    markdown = run(repo, "--since-update", "--format", "markdown")
    assert "# Changes since the last update" in markdown
    assert (f"| {DOC} | changed | Thanks to all partners. | Thanks to all our partners and "
            "donors. | 7 |") in markdown
    assert f"| {DOC} | new |  | A new paragraph here. | 4 |" in markdown


def test_a_bad_reference_is_a_usage_error(repo):
    result = CliRunner().invoke(main, ["--project", str(repo), "changes", "--since", "nope"])
    assert result.exit_code == 2 and "nope" in result.output
    result = CliRunner().invoke(main, ["--project", str(repo), "changes", "--since", "--help"])
    assert "Usage" in result.output or result.exit_code == 2
