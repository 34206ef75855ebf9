"""Hostile and careless input, round three: names, proof output, web fonts of
subset builds, history in other encodings, escapes on the terminal,
settings, limits of TOML, CSV and TBX files, edition cover lines, the
preview under slow clients, and bidi controls in translations.

Each test builds a small project of its own and runs the command line on
it, as a user or an attacker would.  (The build cache: test_hostile_cache.py.)
"""

from __future__ import annotations

import http.client
import json
import socket
import subprocess
import threading
import time
import unicodedata
from pathlib import Path

import pytest
from click.testing import CliRunner

from publisher.cli import main
from publisher.sources.config import load_settings

DOCUMENT = """---
title: Annual report
---
# The year

Visible text goes on.
"""


def run(project: Path | None, *args: str):
    """Run a command; a traceback (an exception that is not ours) fails the test."""
    prefix = ["--project", str(project)] if project is not None else []
    result = CliRunner().invoke(main, [*prefix, *args])
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        import traceback

        raise AssertionError("".join(traceback.format_exception(result.exception)))
    assert "Traceback" not in result.output
    return result


def make_project(folder: Path, documents: dict[str, str] | None = None,
                 settings: str = "") -> Path:
    project = folder / "project"
    (project / "documents").mkdir(parents=True)
    (project / "publisher.toml").write_text(
        f'source_locale = "en"\nlocales = ["fr", "de"]\n{settings}', "utf-8")
    for name, text in (documents or {"report": DOCUMENT}).items():
        (project / "documents" / f"{name}.md").write_text(text, "utf-8")
    return project


def prepared(folder: Path, **options) -> Path:
    project = make_project(folder, **options)
    assert run(project, "extract").exit_code == 0
    assert run(project, "update").exit_code == 0
    return project


def translate(project: Path, locale: str, domain: str, msgid: str, text: str) -> None:
    from publisher.catalogs.pofile import read_po, write_po

    path = project / f"locales/{locale}/LC_MESSAGES/{domain}.po"
    catalog = read_po(path)
    next(m for m in catalog.messages if m.msgid == msgid).msgstr = text
    write_po(path, catalog)


# -- names --------------------------------------------------------------------------

@pytest.mark.parametrize("name, said", [
    ("index", "taken by the site"), ("Index", "taken by the site"),
    ("report-bilingual", "taken by the site"), ("assets", "taken by the site"),
    ("editions", "taken by the site"), ("faq#1", "not safe in an address"),
    ("a b", "not safe in an address"), ("what?", "not safe in an address"),
    ("100%", "not safe in an address"), ("x\x1b[2Jy", "not safe in an address"),
    ("-rf", "not safe in an address"),
])
def test_document_names_the_site_cannot_publish_are_refused_at_extract(tmp_path, name, said):
    project = make_project(tmp_path, {"report": DOCUMENT, name: "# Other\n\nText.\n"})
    result = run(project, "extract")
    assert result.exit_code == 1, result.output
    assert said in result.output and "rename" in result.output
    assert "\x1b" not in result.output
    assert not (project / "locales").exists()


@pytest.mark.parametrize("twin", ["nfd", "case"])
def test_document_names_differing_only_by_normalization_or_case_are_refused(tmp_path, twin):
    name = "café"
    other = unicodedata.normalize("NFD", name) if twin == "nfd" else "Café"
    project = make_project(tmp_path, {unicodedata.normalize("NFC", name): DOCUMENT,
                                      other: "# Other\n\nText.\n"})
    if len(list((project / "documents").iterdir())) < 2:
        pytest.skip("this file system folds the two names into one")
    result = run(project, "extract")
    assert result.exit_code == 1, result.output
    assert "differ only" in result.output
    assert run(project, "build", "--format", "html").exit_code == 1


def test_unicode_document_names_that_are_safe_still_publish(tmp_path):
    project = prepared(tmp_path, documents={"bericht-über": DOCUMENT})
    assert run(project, "build", "--format", "html", "--locale", "de").exit_code == 0
    assert (project / "dist/de/bericht-über.html").is_file()


# -- proof output ----------------------------------------------------------------------

def test_proof_output_never_goes_into_the_published_folder(tmp_path):
    project = prepared(tmp_path)
    assert run(project, "build", "--format", "html").exit_code == 0
    published = sorted(p.relative_to(project / "dist").as_posix()
                       for p in (project / "dist").rglob("*"))
    published_bytes = {p: (project / "dist" / p).read_bytes() for p in published
                       if (project / "dist" / p).is_file()}
    result = run(project, "build", "--format", "html", "--proof", "--output",
                 str(project / "dist"))
    assert result.exit_code == 0, result.output
    assert (project / "dist-proof/fr/report.html").is_file()
    assert {p: (project / "dist" / p).read_bytes() for p in published_bytes} == published_bytes
    # nor into any folder a published build wrote, nor the other way round
    assert run(project, "build", "--format", "html", "--output", str(tmp_path / "pub")) \
        .exit_code == 0
    result = run(project, "build", "--format", "html", "--proof", "--output",
                 str(tmp_path / "pub-proof"))
    assert result.exit_code == 0
    result = run(project, "build", "--format", "html", "--output", str(project / "dist-proof"))
    assert result.exit_code == 2 and "proof folder" in result.output


def test_the_preview_of_proof_pages_never_writes_into_the_published_folder(tmp_path):
    from publisher.serve.server import ALL, Site

    project = prepared(tmp_path)
    settings = load_settings(project)
    site = Site(settings, output=project / "dist", proof=True)
    assert site.output == (project / "dist-proof").resolve()
    site.rebuild(ALL)
    assert (project / "dist-proof/fr/report.html").is_file()
    assert not (project / "dist").exists()


# -- web fonts ---------------------------------------------------------------------------

def _fonts(project: Path) -> dict[str, bytes]:
    folder = project / "dist/assets/fonts"
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_a_subset_build_keeps_the_glyphs_of_every_page(tmp_path):
    project = prepared(tmp_path, documents={
        "alpha": "# Alpha\n\nŁódź, Ærøskøbing and Ðakovo.\n", "beta": "# Beta\n\nPlain.\n"})
    assert run(project, "build", "--format", "html", "--locale", "en").exit_code == 0
    whole = _fonts(project)
    for options in (["--document", "beta"], ["--format", "pdf", "--document", "beta"]):
        args = ["--format", "html"] if options[0] == "--document" else []
        assert run(project, "build", *args, *options, "--locale", "en").exit_code == 0
        assert _fonts(project) == whole, options


# -- changes -----------------------------------------------------------------------------

def _git(root: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(root), "-c", "user.name=t", "-c", "user.email=t@e", *args],
                   check=True, capture_output=True)


def test_changes_reads_non_ascii_names_and_names_a_latin1_file(tmp_path):
    project = prepared(tmp_path, documents={"bericht-über": DOCUMENT, "notes": DOCUMENT})
    _git(project, "init", "-q")
    _git(project, "add", "-A")
    _git(project, "commit", "-q", "-m", "one")
    _git(project, "tag", "v1")
    (project / "documents/bericht-über.md").write_text(DOCUMENT + "\nA new line.\n", "utf-8")
    result = run(project, "changes", "--since", "v1", "--format", "json")
    assert result.exit_code == 0, result.output
    found = {(d["domain"], c["new"]) for loc in json.loads(result.output)["locales"]
             for d in loc["documents"] for c in d["changes"]}
    assert ("bericht-über", "A new line.") in found
    assert not any(new == "Visible text goes on." for _, new in found)   # the old strings match
    (project / "documents/notes.md").write_bytes("# Caf\xe9 notes\n".encode("latin-1"))
    _git(project, "add", "-A")
    _git(project, "commit", "-q", "-m", "latin-1")
    (project / "documents/notes.md").write_text(DOCUMENT, "utf-8")    # fixed since
    result = run(project, "changes", "--since", "HEAD")
    assert result.exit_code == 2, result.output
    assert "notes.md" in result.output and "not UTF-8" in result.output
    assert ":1:" in result.output


# -- escapes on the terminal ---------------------------------------------------------

def test_file_names_with_terminal_escapes_are_printed_escaped(tmp_path):
    project = prepared(tmp_path)
    evil = project / "po\x1b]0;owned\x07\u202e.po"
    evil.write_bytes((project / "locales/fr/LC_MESSAGES/report.po").read_bytes())
    broken = project / "bad\x1b[2J.po"
    broken.write_text('msgid "x"\nmsgstr "unclosed\n')
    for args in (["fmt", str(evil)], ["fmt", "--check", str(project)], ["stats", str(project)],
                 ["stats", "--format", "json", str(project)], ["check", str(project)]):
        result = run(project, *args)
        assert result.exit_code in (0, 1), (args, result.output)
        assert not any(c in result.output for c in "\x1b\x07\u202e"), (args, result.output)
        if args[0] == "stats" and "json" in args:
            json.loads(result.output)     # still JSON


def test_changes_and_update_print_sources_and_file_names_escaped(tmp_path):
    project = prepared(tmp_path, documents={"report": DOCUMENT + "\nA line \x1b[2J\u202eevil.\n"})
    result = run(project, "changes", "--since-update")
    assert result.exit_code == 0, result.output
    assert "A line \\x1b[2J\\u202eevil." in result.output
    compendium = tmp_path / "agency\x1b]0;x\x07.po"
    compendium.write_bytes((project / "locales/fr/LC_MESSAGES/report.po").read_bytes())
    (project / "documents/report.md").write_text(DOCUMENT + "\nAnother line.\n")
    assert run(project, "extract").exit_code == 0
    result = run(project, "update", "--locale", "fr", "--compendium", str(compendium))
    assert not any(c in result.output for c in "\x1b\x07\u202e"), result.output


def test_changes_json_escapes_bidi_controls_and_stays_json(tmp_path):
    project = prepared(tmp_path, documents={"report": DOCUMENT + "\nA line \u202eevil.\n"})
    _git(project, "init", "-q")
    result = run(project, "changes", "--since-update", "--format", "json")
    assert result.exit_code == 0, result.output
    assert "\u202e" not in result.output
    assert "A line \u202eevil." in result.output.encode().decode("unicode_escape") or \
        any("\u202e" in c["new"] for loc in json.loads(result.output)["locales"]
            for d in loc["documents"] for c in d["changes"])


def test_ctrl_c_in_any_command_exits_130(tmp_path, monkeypatch):
    from publisher.catalogs import update as update_module

    project = prepared(tmp_path)

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt
    monkeypatch.setattr(update_module, "format_files", interrupted)
    result = run(project, "fmt", str(project / "locales"))
    assert result.exit_code == 130


# -- settings and new -----------------------------------------------------------------

@pytest.mark.parametrize("line", ['output = "templates"', 'output = "."', 'output = "documents"',
                                  'output = "locales/out"', 'documents = "dist/docs"'])
def test_the_output_folder_is_never_a_source_folder(tmp_path, line):
    project = make_project(tmp_path, settings=line + "\n")
    (project / "templates").mkdir()
    (project / "templates/page.html").write_text("<p>mine</p>")
    result = run(project, "build", "--format", "html")
    assert result.exit_code == 2, result.output
    assert "output" in result.output and "source folder" in result.output \
        or "project folder itself" in result.output
    assert (project / "templates/page.html").read_text() == "<p>mine</p>"


def test_new_checks_every_folder_before_writing(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    folder = tmp_path / "fresh"
    folder.mkdir()
    (folder / "templates").symlink_to(outside, target_is_directory=True)
    result = run(None, "new", str(folder))
    assert result.exit_code == 2 and "symlink" in result.output
    assert list(outside.iterdir()) == []
    assert sorted(p.name for p in folder.iterdir()) == ["templates"]


def test_new_writes_nothing_on_a_refused_option_and_a_retry_works(tmp_path):
    folder = tmp_path / "fresh"
    result = run(None, "new", str(folder), "--locale", "pt-br")
    assert result.exit_code == 2 and "pt-br" in result.output
    assert not folder.exists()
    result = run(None, "new", str(folder), "--locale", "pt_BR")
    assert result.exit_code == 0, result.output
    assert (folder / "locales/pt_BR/LC_MESSAGES").is_dir()


# -- limits: TOML, CSV, TBX; files outside -------------------------------------------

@pytest.mark.parametrize("depth", [40, 3000])
def test_deeply_nested_settings_are_a_clear_error(tmp_path, depth):
    project = make_project(tmp_path, settings="x = " + "[" * depth + "]" * depth + "\n")
    result = run(project, "extract")
    assert result.exit_code == 2 and "nested" in result.output


EDITION = 'occasion = "Visit"\ndocuments = ["report"]\n'


def test_deeply_nested_editions_are_a_clear_error(tmp_path):
    project = make_project(tmp_path)
    (project / "editions").mkdir()
    (project / "editions/visit.toml").write_text(EDITION + "x = " + "{a=" * 2000 + "1"
                                                 + "}" * 2000 + "\n")
    result = run(project, "extract")
    assert result.exit_code == 2 and "nested" in result.output and "visit.toml" in result.output


def test_an_edition_of_20000_cover_lines_is_read_in_linear_time(tmp_path):
    from publisher.sources.editions import parse_edition

    project = make_project(tmp_path)
    (project / "editions").mkdir()
    lines = [f'  "Cover line number {n}",' for n in range(20_000)]
    path = project / "editions/visit.toml"
    path.write_text(EDITION + "cover = [\n" + "\n".join(lines) + "\n]\n")
    done = {}
    worker = threading.Thread(target=lambda: done.setdefault(
        "edition", parse_edition(path, load_settings(project), ["report"])), daemon=True)
    worker.start()
    worker.join(30)           # a guard, not a measure: quadratic took minutes
    edition = done["edition"]
    assert edition.lines["Cover line number 0"] == 4
    assert edition.lines["Cover line number 19999"] == 20_003


@pytest.mark.parametrize("kind", ["edition", "glossary"])
def test_edition_and_glossary_files_outside_the_project_are_refused(tmp_path, kind):
    project = prepared(tmp_path)
    outside = tmp_path / "outside"
    outside.mkdir()
    if kind == "edition":
        (outside / "visit.toml").write_text(EDITION)
        (project / "editions").mkdir()
        (project / "editions/visit.toml").symlink_to(outside / "visit.toml")
        command = ["extract"]
    else:
        (outside / "glossary.csv").write_text("term,locale,translation\nyear,fr,année\n")
        (project / "glossary.csv").symlink_to(outside / "glossary.csv")
        command = ["check"]
    result = run(project, *command)
    assert result.exit_code != 0
    assert "outside" in result.output and "not read" in result.output


@pytest.mark.parametrize("text, said", [
    ("term,locale,translation\ryear,fr,année\r", "carriage return"),
    ('term,locale,translation\nyear,fr,"' + "x" * 200_000 + '"\n', "more than"),
    ('term,locale,translation\nyear,fr,"open\n' + "x,y,z\n" * 50_000, "more than"),
])
def test_glossary_csv_line_endings_and_field_sizes_are_clear_errors(tmp_path, text, said):
    project = prepared(tmp_path)
    (project / "glossary.csv").write_text(text, "utf-8", newline="")
    result = run(project, "check")
    assert result.exit_code == 2, result.output
    assert "glossary.csv" in result.output and said in result.output


@pytest.mark.parametrize("encoding", ["x-unknown", "utf-7"])
def test_a_tbx_glossary_in_an_unknown_encoding_is_a_clear_error(tmp_path, encoding):
    project = prepared(tmp_path)
    (project / "glossary.tbx").write_text(f'<?xml version="1.0" encoding="{encoding}"?>\n<tbx/>')
    result = run(project, "update")
    assert result.exit_code == 2, result.output
    assert "glossary.tbx" in result.output and "encoding" in result.output


# -- check: bidi controls --------------------------------------------------------------

@pytest.mark.parametrize("char", ["\u202e", "\u202a", "\u2066", "\u2069"])
def test_check_flags_bidi_controls_a_translation_adds(tmp_path, char):
    project = prepared(tmp_path)
    translate(project, "fr", "report", "Visible text goes on.", f"Le texte {char}visible continue.")
    data = json.loads(run(project, "check", "--locale", "fr", "--format", "json").output)
    problems = [p for c in data["catalogs"] for p in c["problems"] if p["code"] == "E605"]
    assert problems and f"U+{ord(char):04X}" in problems[0]["message"]


def test_bidi_controls_the_source_has_are_not_flagged(tmp_path):
    project = prepared(tmp_path, documents={"report": "# T\n\nSee \u2067שלום\u2069 here.\n"})
    translate(project, "fr", "report", "See \u2067שלום\u2069 here.", "Voir \u2067שלום\u2069 ici.")
    data = json.loads(run(project, "check", "--locale", "fr", "--format", "json").output)
    assert "E605" not in {p["code"] for c in data["catalogs"] for p in c["problems"]}


# -- the preview under slow clients -----------------------------------------------------

@pytest.fixture
def preview(tmp_path):
    from publisher.serve.server import ALL, Site, SiteServer

    project = prepared(tmp_path)
    site = Site(load_settings(project), proof=False)
    site.rebuild(ALL)
    server = SiteServer(site, "127.0.0.1", 0)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05},
                              daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def test_forty_slow_clients_cannot_keep_a_request_out(preview):
    address = preview.server_address[:2]
    stop = threading.Event()
    end = time.monotonic() + 8                   # bounded: no client runs longer

    def slow_client() -> None:
        while not stop.is_set() and time.monotonic() < end:
            try:
                conn = socket.create_connection(address, timeout=5)
            except OSError:
                stop.wait(0.02)
                continue
            try:
                conn.sendall(b"GET /en/report.html HTTP/1.1\r\n")
                while not stop.wait(0.1):        # one byte every 0.1 s, never done
                    conn.sendall(b"X")
            except OSError:
                stop.wait(0.02)                  # closed by the server: come back
            finally:
                conn.close()

    clients = [threading.Thread(target=slow_client, daemon=True) for _ in range(40)]
    for client in clients:
        client.start()
    time.sleep(2)                                # every slot taken
    status, waited = None, None
    try:
        started = time.monotonic()
        for _ in range(3):                       # a browser would retry a refused connection
            try:
                connection = http.client.HTTPConnection(*address, timeout=10)
                connection.request("GET", "/en/report.html", headers={"Host": "localhost"})
                status = connection.getresponse().status
                connection.close()
                break
            except (OSError, http.client.HTTPException):
                time.sleep(0.1)
        waited = time.monotonic() - started
    finally:
        stop.set()
        for client in clients:
            client.join(5)
    assert status == 200
    assert waited < 2, waited


def test_a_connection_trickling_its_request_is_closed_at_the_deadline(preview, monkeypatch):
    from publisher.serve import server as serve_module

    monkeypatch.setattr(serve_module, "REQUEST_SECONDS", 0.5)
    with socket.create_connection(preview.server_address[:2], timeout=5) as slow:
        slow.sendall(b"GET / HTTP/1.1\r\n")
        started = time.monotonic()
        closed = False
        while time.monotonic() - started < 4:   # a byte every 0.1 s resets any idle timeout
            try:
                slow.sendall(b"X")
            except OSError:
                closed = True
                break
            slow.settimeout(0.1)
            try:
                if slow.recv(100) == b"":
                    closed = True
                    break
            except socket.timeout:
                pass
        assert closed and time.monotonic() - started < 2
