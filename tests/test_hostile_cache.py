"""The build cache is untrusted input (hostile and careless input, round three).

A pull request can commit ``.publisher-cache``; CI restores caches others
saved.  Nothing in it may send a write, a read or a removal outside the
project, nor publish one locale's page as another's.  The cache is also
collected (``[cache] keep``, ``publisher clean``).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from publisher.build.cache import BuildCache
from publisher.cli import main

DOCUMENT = """---
title: Annual report
---
# The year

Visible text goes on.
"""


def run(project: Path, *args: str):
    result = CliRunner().invoke(main, ["--project", str(project), *args])
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        import traceback

        raise AssertionError("".join(traceback.format_exception(result.exception)))
    return result


def translate(project: Path, locale: str, text: str) -> None:
    from publisher.catalogs.pofile import read_po, write_po

    path = project / f"locales/{locale}/LC_MESSAGES/report.po"
    catalog = read_po(path)
    for message in catalog.messages:
        if message.msgid == "Visible text goes on.":
            message.msgstr = text
    write_po(path, catalog)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    (root / "documents").mkdir(parents=True)
    (root / "publisher.toml").write_text('source_locale = "en"\nlocales = ["fr", "de"]\n')
    (root / "documents" / "report.md").write_text(DOCUMENT)
    assert run(root, "extract").exit_code == 0
    assert run(root, "update").exit_code == 0
    translate(root, "fr", "Le texte visible continue.")
    translate(root, "de", "Der sichtbare Text geht weiter.")
    return root


def outside(tmp_path: Path) -> Path:
    folder = tmp_path / "outside"
    folder.mkdir(exist_ok=True)
    (folder / "victim.txt").write_text("precious\n")
    return folder


def test_a_committed_scratch_symlink_empties_nothing(project, tmp_path):
    victim = outside(tmp_path)
    cache = project / ".publisher-cache"
    cache.mkdir()
    (cache / "scratch").symlink_to(victim, target_is_directory=True)
    result = run(project, "build", "--format", "html")
    assert result.exit_code != 0
    assert "symlink" in result.output and "scratch" in result.output
    assert (victim / "victim.txt").read_text() == "precious\n"


def test_a_symlinked_cache_folder_is_refused_and_nothing_lands_outside(project, tmp_path):
    victim = outside(tmp_path)
    (project / ".publisher-cache").symlink_to(victim, target_is_directory=True)
    result = run(project, "build", "--format", "html")
    assert result.exit_code != 0
    assert ".publisher-cache" in result.output and "symlink" in result.output
    assert sorted(p.name for p in victim.iterdir()) == ["victim.txt"]


def test_index_outputs_that_leave_the_output_folder_are_never_removed(project, tmp_path):
    victim = outside(tmp_path)
    assert run(project, "build", "--format", "html").exit_code == 0
    index_path = project / ".publisher-cache/index.json"
    index = json.loads(index_path.read_text())
    folder = next(iter(index["outputs"]))
    relative_victim = os.path.relpath(victim / "victim.txt", project / "dist")
    index["outputs"][folder] += ["../publisher.toml", relative_victim, "fr/../../publisher.toml",
                                 "/etc/hostname", "fr/../../documents/report.md"]
    index_path.write_text(json.dumps(index))
    assert run(project, "build", "--format", "html").exit_code == 0
    assert (project / "publisher.toml").is_file()
    assert (project / "documents/report.md").is_file()
    assert (victim / "victim.txt").read_text() == "precious\n"


def test_an_output_through_a_symlinked_folder_is_not_removed(project, tmp_path):
    victim = outside(tmp_path)
    (victim / "old.html").write_text("kept\n")
    assert run(project, "build", "--format", "html").exit_code == 0
    (project / "dist/xx").symlink_to(victim, target_is_directory=True)
    index_path = project / ".publisher-cache/index.json"
    index = json.loads(index_path.read_text())
    folder = next(iter(index["outputs"]))
    index["outputs"][folder].append("xx/old.html")       # a locale no longer built
    index_path.write_text(json.dumps(index))
    assert run(project, "build", "--format", "html").exit_code == 0
    assert (victim / "old.html").read_text() == "kept\n"


def _swap(index: dict, table: str, one: str, other: str) -> None:
    """Swap the values of the entries made for ``one`` and ``other``."""
    where = {}
    for key, value in index[table].items():
        claim = value[4] if table == "entries" else value[3]
        where[claim] = key
    a, b = where[one], where[other]
    index[table][a], index[table][b] = index[table][b], index[table][a]


def test_swapped_index_entries_never_publish_a_french_page_as_german(project):
    assert run(project, "build", "--format", "html").exit_code == 0
    index_path = project / ".publisher-cache/index.json"
    index = json.loads(index_path.read_text())
    _swap(index, "pages", "fr/report.html", "de/report.html")
    index_path.write_text(json.dumps(index))
    for page in (project / "dist").glob("*/report.html"):
        page.unlink()
    assert run(project, "build", "--format", "html").exit_code == 0
    german = (project / "dist/de/report.html").read_text()
    assert "Der sichtbare Text" in german and "Le texte visible" not in german
    assert "Le texte visible" in (project / "dist/fr/report.html").read_text()


def test_an_entry_rewritten_to_claim_another_page_is_checked_against_the_page(project):
    assert run(project, "build", "--format", "html").exit_code == 0
    index_path = project / ".publisher-cache/index.json"
    index = json.loads(index_path.read_text())
    _swap(index, "pages", "fr/report.html", "de/report.html")
    for value in index["pages"].values():     # claims rewritten to match their new keys
        if value[3] in ("fr/report.html", "de/report.html"):
            value[3] = {"fr/report.html": "de/report.html",
                        "de/report.html": "fr/report.html"}[value[3]]
    index_path.write_text(json.dumps(index))
    for page in (project / "dist").glob("*/report.html"):
        page.unlink()
    assert run(project, "build", "--format", "html").exit_code == 0
    assert 'lang="de"' in (project / "dist/de/report.html").read_text()
    assert "Der sichtbare Text" in (project / "dist/de/report.html").read_text()


def test_swapped_pdf_entries_are_not_used(project):
    assert run(project, "build", "--locale", "fr", "--locale", "de", "--format", "pdf",
               "--document", "report").exit_code == 0
    index_path = project / ".publisher-cache/index.json"
    index = json.loads(index_path.read_text())
    _swap(index, "entries", "fr/report.pdf", "de/report.pdf")
    index_path.write_text(json.dumps(index))
    before = (project / "dist/de/report.pdf").read_bytes()
    for pdf in (project / "dist").glob("*/report.pdf"):
        pdf.unlink()
    result = run(project, "build", "--locale", "fr", "--locale", "de", "--format", "pdf",
                 "--document", "report")
    assert result.exit_code == 0
    assert (project / "dist/de/report.pdf").read_bytes() == before


def test_each_build_process_has_a_scratch_folder_of_its_own(tmp_path):
    folder = tmp_path / "cache"
    one, two = BuildCache.open(folder), BuildCache.open(folder)
    assert one.scratch() != two.scratch()
    (one.scratch() / "x.pdf").write_bytes(b"half")
    # a second process (another build) does not empty the first's scratch
    code = ("import sys; from pathlib import Path; from publisher.build.cache import BuildCache; "
            "c = BuildCache.open(Path(sys.argv[1])); print(c.scratch()); c.close()")
    other = subprocess.run([sys.executable, "-c", code, str(folder)], capture_output=True,
                           text=True, check=True, env={**os.environ}).stdout.strip()
    assert Path(other) != one.scratch()
    assert (one.scratch() / "x.pdf").read_bytes() == b"half"
    # a scratch folder left by a build that died is removed; one's own is removed at its end
    dead = folder / "scratch" / "999999999-dead"
    dead.mkdir()
    three = BuildCache.open(folder)
    three.scratch()
    assert not dead.exists()
    kept = one.scratch()
    one.close()
    assert not kept.exists() and two.scratch().is_dir()


def test_a_tampered_object_is_not_used(project):
    assert run(project, "build", "--format", "html").exit_code == 0
    index = json.loads((project / ".publisher-cache/index.json").read_text())
    digest = next(v[0] for v in index["pages"].values() if v[3] == "fr/report.html")
    obj = project / ".publisher-cache/objects" / digest[:2] / digest[2:]
    obj.write_bytes(obj.read_bytes().replace(b"Le texte visible", b"Planted text here"))
    (project / "dist/fr/report.html").unlink()
    assert run(project, "build", "--format", "html").exit_code == 0
    assert "Planted" not in (project / "dist/fr/report.html").read_text()


# -- collection -----------------------------------------------------------------------

def _objects(project: Path) -> set[str]:
    folder = project / ".publisher-cache/objects"
    return {p.parent.name + p.name for p in folder.rglob("*") if p.is_file()}


def test_objects_no_entry_used_in_the_last_builds_are_deleted(project):
    with open(project / "publisher.toml", "a") as settings:
        settings.write("[cache]\nkeep = 2\n")
    assert run(project, "build", "--format", "html").exit_code == 0
    first = _objects(project)
    french = {d for d in first if b"Le texte visible continue" in
              (project / ".publisher-cache/objects" / d[:2] / d[2:]).read_bytes()}
    for n in range(3):      # three builds, each of another French text
        translate(project, "fr", f"Le texte visible numéro {n}.")
        assert run(project, "build", "--format", "html").exit_code == 0
    now = _objects(project)
    assert french and not french & now          # the first French page is collected
    assert first & now                          # the German page, used every build, stays
    index = json.loads((project / ".publisher-cache/index.json").read_text())
    assert index["builds"] == 4
    assert {v[0] for v in index["pages"].values()} <= now


def test_the_cache_stays_bounded_by_default(project):
    sizes = []
    for n in range(14):
        translate(project, "fr", f"Le texte visible, version {n}.")
        assert run(project, "build", "--format", "html", "--locale", "fr").exit_code == 0
        sizes.append(len(_objects(project)))
    assert sizes[-1] == sizes[-2] <= sizes[10]


def test_cache_keep_must_be_a_number_of_builds(project):
    with open(project / "publisher.toml", "a") as settings:
        settings.write("[cache]\nkeep = 0\n")
    result = run(project, "build", "--format", "html")
    assert result.exit_code == 2 and "cache.keep" in result.output


def test_clean_removes_what_publisher_wrote_and_nothing_else(project, tmp_path):
    victim = outside(tmp_path)
    assert run(project, "build", "--format", "html").exit_code == 0
    (project / "dist/notes-of-mine.txt").write_text("mine\n")
    index_path = project / ".publisher-cache/index.json"
    index = json.loads(index_path.read_text())
    folder = next(iter(index["outputs"]))
    index["outputs"][folder] += ["../publisher.toml",
                                 os.path.relpath(victim / "victim.txt", project / "dist")]
    index_path.write_text(json.dumps(index))
    result = run(project, "clean")
    assert result.exit_code == 0, result.output
    assert "removed dist/fr/report.html" in result.output
    assert sorted(p.relative_to(project / "dist").as_posix()
                  for p in (project / "dist").rglob("*")) == ["notes-of-mine.txt"]
    assert (project / "publisher.toml").is_file() and (victim / "victim.txt").is_file()
    assert (project / ".publisher-cache/index.json").is_file()
    # the next build makes the pages again (from the cache)
    assert run(project, "build", "--format", "html").exit_code == 0
    assert (project / "dist/fr/report.html").is_file()
    result = run(project, "clean", "--cache")
    assert result.exit_code == 0 and not (project / ".publisher-cache").exists()


def test_clean_cache_removes_a_symlinked_cache_without_following_it(project, tmp_path):
    victim = outside(tmp_path)
    (project / ".publisher-cache").symlink_to(victim, target_is_directory=True)
    assert run(project, "clean", "--cache").exit_code == 0
    assert not os.path.lexists(project / ".publisher-cache")
    assert (victim / "victim.txt").read_text() == "precious\n"
