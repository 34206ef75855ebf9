"""The tests that read the shipped sample pass on a project that has grown:
a copy of this repository with one more document, one more locale and one
more template override, every string translated (see growing.py).  Nothing in
the suite may pin the sample's documents, locales, templates or catalog count.

This test runs after every other test of the session and runs again, in the
copy, exactly those that read the sample (sample_use.py finds them as they
run: a new test that reads the sample is covered without being listed).  When
it is the only test selected, or PUBLISHER_TEST_GROWN is set (`make
test-grown`), it runs the whole suite in the copy instead (minutes);
PUBLISHER_TEST_GROWN may also name the tests to run there.

The tests to rerun are split into two processes of about equal time (by
what their modules took in this session): the rest of the session is over,
so both cores are free.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT
from growing import NEW_DOCUMENT_NAME, grow
from sample_use import ran_alone, sample_tests, split

pytestmark = pytest.mark.after_the_rest

IGNORED = shutil.ignore_patterns(".git", ".venv", "dist", "__pycache__", ".pytest_cache",
                                 ".hypothesis", "*.mo", "mutants")


def copy_repository(target: Path) -> Path:
    shutil.copytree(ROOT, target, ignore=IGNORED, symlinks=True)
    return target


def selection(session) -> list[str]:
    asked = os.environ.get("PUBLISHER_TEST_GROWN", "").split()
    if asked and asked != ["1"]:
        return asked
    if asked or ran_alone(session):
        return ["tests"]
    return sample_tests(session)


def given_the_sample(session) -> list[str]:
    """Tests of ``session`` handed the sample by conftest's ``project`` fixture:
    the watcher must see them all."""
    found = []
    for item in session.items:
        definitions = getattr(item, "_fixtureinfo", None)
        chain = definitions.name2fixturedefs.get("project") if definitions else None
        if chain and chain[-1].func.__module__ == "conftest":
            found.append(item.nodeid.split("[", 1)[0])
    return found


def test_the_sample_tests_pass_on_a_grown_project(tmp_path, request):
    selected = selection(request.session)
    unseen = [t for t in given_the_sample(request.session) if t not in selected]
    assert not unseen or "tests" in selected, f"sample_use.py did not see these read the sample: {unseen}"
    if not selected:
        pytest.skip("no other test of this session reads the shipped sample")
    copy = copy_repository(tmp_path / "repository")
    locale = grow(copy)
    env = {k: v for k, v in os.environ.items() if k != "PUBLISHER_TEST_GROWN"}
    env["PYTHONPATH"] = str(copy)
    # The gate fails on the grown project, naming the catalogs nobody has
    # translated yet; the tests below must pass all the same.
    gate = subprocess.run([sys.executable, "-m", "publisher", "--project", str(copy), "check"],
                          cwd=copy, env=env, capture_output=True, text=True)
    assert gate.returncode == 1, gate.stdout + gate.stderr
    report = gate.stdout + gate.stderr
    for catalog in (f"locales/{locale}/LC_MESSAGES/{NEW_DOCUMENT_NAME}.po",
                    f"locales/{locale}/LC_MESSAGES/templates.po",
                    f"LC_MESSAGES/{NEW_DOCUMENT_NAME}.po"):
        assert catalog in report, (catalog, report[-3000:])
    groups = [selected] if "tests" in selected else split(selected, min(2, os.cpu_count() or 1))
    processes = []
    try:
        for number, group in enumerate(groups):
            command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                       "-o", "addopts=", "--basetemp", str(tmp_path / f"run{number}"),
                       "--deselect", "tests/test_suite_on_a_grown_project.py", *group]
            with open(tmp_path / f"run{number}.txt", "w", encoding="utf-8") as log:
                processes.append(subprocess.Popen(command, cwd=copy, env=env, stdout=log,
                                                  stderr=subprocess.STDOUT))
        codes = [process.wait() for process in processes]
    finally:
        for process in processes:
            if process.poll() is None:
                process.kill()
                process.wait()
    outputs = [(tmp_path / f"run{number}.txt").read_text("utf-8") for number in range(len(groups))]
    ran = f"ran in the grown copy: {' '.join(selected)}\n"
    print(ran + "".join(output[-300:] for output in outputs))
    # every process's failures, not the first's alone
    failed = [output[-8000:] for code, output in zip(codes, outputs) if code != 0]
    assert not failed, ran + "\n\n".join(failed)
