"""The command line on randomly damaged projects.

Hypothesis damages a small, valid project (its catalogs, documents, front
matter, settings, file types, symlinks, its build cache, edition and
glossary files, the documents' names) and runs one command on it.  Whatever
the damage, the command ends with exit status 0, 1 or 2 and no traceback,
writes nothing outside the project, and a command that fails leaves every
input file as it was.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import traceback
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from publisher.cli import main

DOCUMENT = """---
title: Annual report
date: 2026-02-03
---
# The year

Visible text <!-- internal --> goes on, with *stress* and a [link][r].

- one
- two

[r]: https://example.org/r
"""

COMMANDS = [
    ["extract"], ["update"], ["compile"], ["check"], ["check", "--format", "junit"],
    ["check", "--format", "json"], ["check", "--format", "github"], ["stats"], ["fmt"],
    ["fmt", "--check"], ["build", "--format", "html"], ["build", "--format", "html", "--proof"],
    ["clean"], ["changes", "--since-update"],
]

# Pieces an attacker or a careless author puts into files.
SNIPPETS = [
    "\u00a0", "\u3000", "\x1b[2J", "\x00", "\ufeff", "\r", "\\", '"', "\n", "msgstr[9] \"x\"\n",
    "#~ msgid \"old\"\n", "msgid \"dup\"\nmsgstr \"a\"\nmsgid \"dup\"\nmsgstr \"b\"\n",
    "<!-- note -->", "<script>x</script>", "[a][missing]", "{{ 7*7 }}", "{% include '/etc/passwd' %}",
    ">" * 30 + " deep\n", "".join("  " * i + "- x\n" for i in range(15)),
    "date: 2026-02-30\n", "a: &a [x, x]\nb: [*a, *a, *a]\n", "[" * 60, "%(name)s", "{0.__class__}",
    "x" * 300, "\u202e", "![img](../../../etc/passwd)", "![img](missing.png)",
]
#: A planted build cache: what a pull request can commit, or a CI cache restore bring.
CACHES = ["scratch-link", "cache-link", "outputs-escape", "swapped", "object-link", "bad-json",
          "huge-builds", "objects-file"]
#: Edition files, hostile or careless.
EDITIONS = [
    'documents = ["report"]\ncover = [' + ", ".join(f'"line {n}"' for n in range(3000)) + "]\n",
    'documents = ["report"]\nx = ' + "[" * 500 + "]" * 500 + "\n",
    'documents = ["report"]\nx = ' + "{a=" * 300 + "1" + "}" * 300 + "\n",
    'documents = ["nope"]\n', 'documents = "report"\nlocales = ["xx"]\n', "not toml [[[",
    'documents = ["report"]\noccasion = "\u202e\u001b[2J"\n', "\xff\xfe",
]
#: Glossary files, hostile or careless: (name, content).
GLOSSARIES = [
    ("glossary.csv", "term,locale,translation\ryear,fr,année\r"),
    ("glossary.csv", 'term,locale,translation\nyear,fr,"' + "x" * 150_000 + '"\n'),
    ("glossary.csv", 'term,locale,translation\nyear,fr,"open\n' + "a,b,c\n" * 3000),
    ("glossary.csv", "not,a,header\n"),
    ("glossary.tbx", '<?xml version="1.0" encoding="x-unknown"?><tbx/>'),
    ("glossary.tbx", '<?xml version="1.0"?><!DOCTYPE t [<!ENTITY a "aaaa">]><tbx>&a;</tbx>'),
    ("glossary.tbx", "<tbx>" * 3000),
]
#: Document names the site cannot publish, or that collide.
NAMES = ["index", "Index", "notes-bilingual", "assets", "editions", "a#b", "a b", "x\x1b[2J",
         "caf\u00e9", "cafe\u0301", "REPORT", "-rf", "..", "templates"]
CHARSETS = ["UTF-8", "base64", "rot13", "punycode", "undefined", "raw_unicode_escape",
            "latin-1", "utf-16", "CHARSET", "koi8-r", ""]


def _make_base(folder: Path) -> Path:
    project = folder / "base"
    (project / "documents").mkdir(parents=True)
    (project / "templates").mkdir()
    (project / "publisher.toml").write_text('source_locale = "en"\nlocales = ["fr", "de"]\n')
    (project / "documents" / "report.md").write_text(DOCUMENT)
    (project / "documents" / "notes.md").write_text("# Notes\n\nA short note.\n")
    runner = CliRunner()
    for command in (["extract"], ["update"]):
        assert runner.invoke(main, ["--project", str(project), *command]).exit_code == 0
    return project


@pytest.fixture(scope="module")
def base(tmp_path_factory) -> Path:
    return _make_base(tmp_path_factory.mktemp("fuzz"))


def _files(root: Path) -> dict[str, str]:
    """Every entry below ``root`` (symlinks not followed): path -> content hash."""
    found = {}
    if not root.exists():
        return found
    for dirpath, dirnames, filenames in os.walk(root):
        for name in dirnames + filenames:
            path = Path(dirpath) / name
            relative = path.relative_to(root).as_posix()
            if path.is_symlink():
                found[relative] = "link:" + os.readlink(path)
            elif path.is_file():
                found[relative] = hashlib.sha256(path.read_bytes()).hexdigest()
            elif path.is_dir():
                found[relative] = "dir"
    return found


def _inputs(project: Path) -> dict[str, str]:
    """The files a user or translator writes: documents, templates, settings, .po files."""
    return {path: digest for path, digest in _files(project).items()
            if path.startswith(("documents", "templates", "publisher.toml", "editions",
                                "glossary"))
            or path.endswith(".po")}


# -- damage ---------------------------------------------------------------------

def _targets(project: Path) -> list[Path]:
    return sorted(p for p in project.rglob("*") if p.is_file() and not p.is_symlink())


@st.composite
def damage(draw):
    """A list of (kind, arguments) to apply to a fresh copy of the project."""
    kinds = st.sampled_from(["insert", "truncate", "charset", "front", "settings", "retype",
                             "symlink", "bytes", "cache", "edition", "glossary", "name"])
    return draw(st.lists(st.tuples(kinds, st.integers(0, 10_000), st.integers(0, 10_000),
                                   st.sampled_from(SNIPPETS)), min_size=1, max_size=3))


def _remove(path: Path) -> None:
    """Whatever stands at ``path`` (a symlink itself, not what it points to)."""
    if path.is_symlink() or path.is_file():
        path.unlink()
    elif path.is_dir():
        shutil.rmtree(path)


def _plant_cache(project: Path, outside: Path, which: str) -> None:
    """A build cache made by someone else: built once, then tampered with."""
    cache = project / ".publisher-cache"
    if which == "cache-link":
        _remove(cache)
        cache.symlink_to(outside / "folder", target_is_directory=True)
        return
    CliRunner().invoke(main, ["--project", str(project), "build", "--format", "html"])
    if cache.is_symlink() or not (cache / "index.json").is_file() \
            or (cache / "index.json").is_symlink():
        return
    index_path = cache / "index.json"
    try:
        index = json.loads(index_path.read_text())
    except ValueError:
        return
    if which == "scratch-link":
        _remove(cache / "scratch")
        (cache / "scratch").symlink_to(outside / "folder", target_is_directory=True)
    elif which == "outputs-escape":
        for listed in index.get("outputs", {}).values():
            listed += ["../publisher.toml", "../../outside/victim.txt", "/etc/hostname",
                       "en/../../documents/report.md"]
    elif which == "swapped":
        values = list(index.get("pages", {}).values())
        for key, value in zip(index.get("pages", {}), reversed(values)):
            index["pages"][key] = value
    elif which == "object-link":
        objects = cache / "objects"
        for path in sorted(objects.rglob("*"))[:3] if objects.is_dir() and \
                not objects.is_symlink() else []:
            if path.is_file() and not path.is_symlink():
                path.unlink()
                path.symlink_to(outside / "victim.txt")
    elif which == "bad-json":
        index["outputs"] = {"x": [["nested"], 5, None]}
        index["pages"] = {"k": "not a list"}
    elif which == "huge-builds":
        index["builds"] = 10 ** 400
    elif which == "objects-file":
        _remove(cache / "objects")
        (cache / "objects").write_text("a file where a folder should be")
    for page in (project / "dist").rglob("*.html"):
        page.unlink()
    index_path.write_text(json.dumps(index))


def _apply(project: Path, outside: Path, steps) -> None:
    for kind, a, b, snippet in steps:
        if kind == "cache":
            _plant_cache(project, outside, CACHES[a % len(CACHES)])
            continue
        if kind == "edition":
            folder = project / "editions"
            if folder.is_symlink() or (folder.exists() and not folder.is_dir()):
                continue
            folder.mkdir(exist_ok=True)
            edition = folder / "visit.toml"
            _remove(edition)
            if b % 5 == 0:
                edition.symlink_to(outside / "victim.txt")
            else:
                edition.write_text(EDITIONS[a % len(EDITIONS)], "utf-8", errors="surrogateescape")
            continue
        if kind == "glossary":
            name, text = GLOSSARIES[a % len(GLOSSARIES)]
            path = project / name
            _remove(path)
            if b % 5 == 0:
                path.symlink_to(outside / "victim.txt")
            else:
                path.write_text(text, "utf-8", newline="")
            continue
        if kind == "name":
            documents = project / "documents"
            notes = documents / "notes.md"
            if documents.is_dir() and not documents.is_symlink() and notes.is_file() \
                    and not notes.is_symlink():
                try:
                    notes.rename(documents / f"{NAMES[a % len(NAMES)]}.md")
                except OSError:
                    pass
            continue
        files = _targets(project)
        if not files:
            return
        path = files[a % len(files)]
        data = path.read_bytes()
        if kind == "insert":
            cut = b % (len(data) + 1)
            path.write_bytes(data[:cut] + snippet.encode("utf-8") + data[cut:])
        elif kind == "bytes":
            cut = b % (len(data) + 1)
            path.write_bytes(data[:cut] + bytes([a % 256, b % 256, 0xFF]) + data[cut:])
        elif kind == "truncate":
            path.write_bytes(data[:b % (len(data) + 1)])
        elif kind == "charset":
            pos = sorted(project.glob("locales/*/LC_MESSAGES/*.po"))
            pos = [po for po in pos if po.is_file() and not po.is_symlink()]
            if pos:
                po = pos[a % len(pos)]
                po.write_bytes(po.read_bytes().replace(
                    b"charset=UTF-8", f"charset={CHARSETS[b % len(CHARSETS)]}".encode()))
        elif kind == "front":
            doc = project / "documents/report.md"
            if doc.is_file() and not doc.is_symlink():
                doc.write_text("---\n" + snippet + "\ntitle: T\n---\n# Body\n\nText.\n")
        elif kind == "settings":
            toml = project / "publisher.toml"
            choices = ['locales = ["fr", "../x"]\n', 'output = "../outside"\n',
                       'documents = "/etc"\n', 'source_locale = "xx_INVALID"\n', snippet,
                       'locales = ["fr", "FR"]\n', '[fonts]\nfr = "not a list"\n']
            if toml.is_file() and not toml.is_symlink():
                toml.write_text('source_locale = "en"\n' + choices[b % len(choices)])
        elif kind == "retype":        # a folder where a file was, or a file where a folder was
            if b % 2:
                path.unlink()
                path.mkdir()
            else:
                folder = path.parent
                if folder != project:
                    shutil.rmtree(folder)
                    folder.write_text("a file in place of a folder")
        elif kind == "symlink":       # a file or folder of the project points outside
            path.unlink()
            target = outside / ("folder" if b % 3 == 0 else "victim.txt")
            path.symlink_to(target)
            if b % 3 == 1:
                folder = path.parent
                if folder != project and folder.parent.exists():
                    shutil.rmtree(folder)
                    folder.symlink_to(outside / "folder")


#: A longer hunt: PUBLISHER_FUZZ_EXAMPLES=2000 (random seeds instead of the fixed ones).
EXAMPLES = int(os.environ.get("PUBLISHER_FUZZ_EXAMPLES", "0"))


@settings(max_examples=EXAMPLES or 60, deadline=None, derandomize=not EXAMPLES,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(steps=damage(), command=st.sampled_from(COMMANDS))
def test_damaged_projects_give_a_clear_answer_and_stay_contained(base, tmp_path_factory,
                                                                 steps, command):
    work = tmp_path_factory.mktemp("case")
    project = work / "project"
    shutil.copytree(base, project, symlinks=True)
    outside = work / "outside"
    (outside / "folder").mkdir(parents=True)
    (outside / "victim.txt").write_text("precious\n")
    (outside / "folder" / "kept.txt").write_text("kept\n")
    _apply(project, outside, steps)
    before_outside = _files(outside)
    before_inputs = _inputs(project)
    result = CliRunner().invoke(main, ["--project", str(project), *command])
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"{command} on {steps}:\n"
                             + "".join(traceback.format_exception(result.exception)))
    assert result.exit_code in (0, 1, 2), (command, steps, result.output)
    assert "Traceback" not in result.output, (command, steps, result.output)
    assert _files(outside) == before_outside, (command, steps, result.output)
    if result.exit_code != 0:
        assert _inputs(project) == before_inputs, (command, steps, result.output)
    shutil.rmtree(work, ignore_errors=True)
