"""Settings edits hold a lock: inits at once all land in the settings."""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib

from publisher.sources.config import load_settings

from projects import make_project

LOCALES = ["pl", "it", "sw", "cy"]


def test_inits_at_once_all_land_in_the_settings(tmp_path):
    body = "".join(f"Paragraph {i} of the text.\n\n" for i in range(200))
    project = make_project(tmp_path / "project", {"doc": f"---\ntitle: T\n---\n\n{body}"},
                           settings='# our languages, kept by hand\n[check]\nthreshold = 90\n')
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    processes = [subprocess.Popen([sys.executable, "-m", "publisher", "--project", str(project),
                                   "init", locale], env=env, stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE) for locale in LOCALES]
    for process in processes:
        out, err = process.communicate()
        assert process.returncode == 0, err.decode()
    text = (project / "publisher.toml").read_text("utf-8")
    assert sorted(tomllib.loads(text)["locales"]) == sorted(LOCALES)
    assert "# our languages, kept by hand" in text and tomllib.loads(text)["check"]["threshold"] == 90
    settings = load_settings(project)
    for locale in LOCALES:
        assert settings.po_path(locale, "doc").is_file() and settings.po_path(locale, "templates").is_file()
    assert not [p for p in project.rglob("*.tmp")]
