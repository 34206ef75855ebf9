"""`publisher extract --check`: exit 1 when a template would be created,
changed or removed, or git does not track it; nothing written."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from publisher.cli import main

from projects import make_project


def run(project: Path, *args: str):
    return CliRunner().invoke(main, ["--project", str(project), "extract", *args])


def snapshot(project: Path) -> dict[str, bytes]:
    return {p.relative_to(project).as_posix(): p.read_bytes()
            for p in sorted(project.rglob("*")) if p.is_file() and ".git" not in p.parts}


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return make_project(tmp_path / "site", {"report": "# Report\n\nOne paragraph.\n",
                                            "notes": "# Notes\n\nA note.\n"}, ("de",))


def test_up_to_date_templates_pass(site):
    result = run(site, "--check")
    assert result.exit_code == 0, result.output
    assert "3 template(s) up to date" in result.output


def test_created_changed_and_removed_templates_are_named_and_nothing_is_written(site):
    (site / "documents" / "report.md").write_text("# Report\n\nAnother paragraph.\n", "utf-8")
    (site / "documents" / "annex.md").write_text("# Annex\n\nA table.\n", "utf-8")
    (site / "documents" / "notes.md").unlink()
    before = snapshot(site)
    result = run(site, "--check")
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert "locales/annex.pot: would be created (or git does not track it)" in lines
    assert "locales/report.pot: would change" in lines
    assert "locales/notes.pot: would be removed (its document is gone)" in lines
    assert "3 template(s) out of date" in result.output
    assert snapshot(site) == before
    assert run(site).exit_code == 0
    assert run(site, "--check").exit_code == 0


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_a_template_git_does_not_track_fails(site):
    def git(*args):
        subprocess.run(["git", *args], cwd=site, check=True, capture_output=True)

    git("init", "-q")
    git("add", "-A")
    git("-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "start")
    assert run(site, "--check").exit_code == 0
    (site / "documents" / "annex.md").write_text("# Annex\n\nA table.\n", "utf-8")
    assert run(site).exit_code == 0          # written, but not added to git
    result = run(site, "--check")
    assert result.exit_code == 1
    assert result.output.splitlines()[0] == \
        "locales/annex.pot: would be created (or git does not track it)"
    git("add", "locales/annex.pot")
    assert run(site, "--check").exit_code == 0
