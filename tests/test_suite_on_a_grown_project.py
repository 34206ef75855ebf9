"""The suite passes on a project that has grown: a copy of this repository
with one more document and one more locale, every string translated (see
growing.py).  Nothing in the suite may pin the sample's documents, locales or
catalog count.

It runs the whole suite again in the copy (minutes), so it runs when
PUBLISHER_TEST_GROWN is set: `make test-grown`, and in CI.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT
from growing import grow

pytestmark = pytest.mark.skipif(not os.environ.get("PUBLISHER_TEST_GROWN"),
                                reason="runs the suite again in a grown copy: set "
                                       "PUBLISHER_TEST_GROWN=1 (make test-grown)")

IGNORED = shutil.ignore_patterns(".git", ".venv", "dist", "__pycache__", ".pytest_cache",
                                 ".hypothesis", "*.mo", "mutants")


def copy_repository(target: Path) -> Path:
    shutil.copytree(ROOT, target, ignore=IGNORED, symlinks=True)
    return target


def test_the_suite_passes_on_a_grown_project(tmp_path):
    copy = copy_repository(tmp_path / "repository")
    grow(copy)
    env = {k: v for k, v in os.environ.items() if k != "PUBLISHER_TEST_GROWN"}
    env["PYTHONPATH"] = str(copy)
    selected = os.environ["PUBLISHER_TEST_GROWN"].split()
    selected = [] if selected == ["1"] else selected
    result = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                             "-o", "addopts=", *selected], cwd=copy, env=env,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
