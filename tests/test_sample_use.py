"""The watcher that finds the tests reading the shipped sample (sample_use.py)."""

from __future__ import annotations

import os

import sample_use
from conftest import ROOT
from sample_use import is_sample, names_sample, split


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


def test_the_rerun_is_split_by_whole_modules_of_about_equal_time(monkeypatch):
    monkeypatch.setattr(sample_use, "_seconds", {"tests/a.py": 30.0, "tests/b.py": 20.0,
                                                 "tests/c.py": 12.0, "tests/d.py": 9.0})
    tests = ["tests/d.py::t1", "tests/a.py::t1", "tests/b.py::t1", "tests/c.py::t1",
             "tests/a.py::t2", "tests/new.py::t1", "tests/c.py::t2"]
    groups = split(tests, 2)
    # a (30 s) and d (9 s) against b, c and a module this session never ran
    assert groups == [["tests/d.py::t1", "tests/a.py::t1", "tests/a.py::t2"],
                      ["tests/b.py::t1", "tests/c.py::t1", "tests/new.py::t1", "tests/c.py::t2"]]
    assert split(tests, 1) == [tests]
    assert split(["tests/a.py::t1", "tests/a.py::t2"], 2) == [["tests/a.py::t1", "tests/a.py::t2"]]
