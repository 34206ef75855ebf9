"""Shared fixtures: a copy of the real project in a temporary folder."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

# Finds the tests that read the shipped sample (test_suite_on_a_grown_project.py).
pytest_plugins = ["sample_use"]


def copy_project(target: Path) -> Path:
    """Copy the project's sources, settings and catalogs (not its output)."""
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "publisher.toml", target / "publisher.toml")
    for folder in ("documents", "locales", "templates"):
        if (ROOT / folder).is_dir():
            shutil.copytree(ROOT / folder, target / folder)
    return target


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_project(tmp_path / "project")


@pytest.fixture(scope="session")
def sample_build(tmp_path_factory):
    """One build of a copy of the sample, every format, shared by the modules
    that only read its outputs: ``(settings, report)``.  A test that changes
    the project or its outputs builds its own."""
    from publisher.build.pipeline import build
    from publisher.sources.config import load_settings

    settings = load_settings(copy_project(tmp_path_factory.mktemp("sample") / "project"))
    return settings, build(settings)
