"""The watcher that finds the tests reading the shipped sample (sample_use.py)."""

from __future__ import annotations

import os

from conftest import ROOT
from sample_use import is_sample, names_sample


def test_the_sample_is_its_settings_documents_locales_and_templates(monkeypatch):
    for path in ("publisher.toml", "documents", "locales/fr/LC_MESSAGES/templates.po",
                 "templates/index.html"):
        assert is_sample(ROOT / path)
        assert is_sample(os.fsencode(ROOT / path))
    for path in ("tests/conftest.py", "publisher/templates/base.html", "README.md",
                 "documents-old/x.md", "locales.txt"):
        assert not is_sample(ROOT / path)
    assert not is_sample(3) and not is_sample(None)
    monkeypatch.chdir(ROOT)
    assert is_sample("publisher.toml") and not is_sample("pyproject.toml")


def test_a_command_line_names_the_sample_by_the_root_or_its_paths():
    assert names_sample(str(ROOT))
    assert names_sample(f"main(['--project', {str(ROOT)!r}, 'check'])")
    assert names_sample(str(ROOT / "locales" / "de"))
    assert not names_sample(str(ROOT / "tests" / "check" / "po" / "x.po"))
    assert not names_sample("/tmp/project")
