"""Hostile and sloppy input, second round: nothing written outside the
project, no text lost or published by mistake, every failure a clear error.

Each test builds a small project of its own (two locales, one document) and
runs the command line on it, as a user or an attacker would.
"""

from __future__ import annotations

import http.client
import json
import os
import socket
import threading
import time
import tracemalloc
from pathlib import Path
from xml.etree import ElementTree

import pytest
from click.testing import CliRunner

from publisher.catalogs.pofile import parse_po, read_po, write_po
from publisher.cli import main
from publisher.core.errors import PublisherError
from publisher.sources.config import load_settings
from publisher.sources.documents import parse_document

DOCUMENT = """---
title: Annual report
summary: What the office did this year.
---
# The year

Visible text <!-- internal: not approved --> goes on.

See the [report][r] for details.

[r]: https://example.org/report
"""


def run(project: Path, *args: str):
    """Run a command; a traceback (an exception that is not ours) fails the test."""
    result = CliRunner().invoke(main, ["--project", str(project), *args])
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        import traceback

        raise AssertionError("".join(traceback.format_exception(result.exception)))
    assert "Traceback" not in result.output
    return result


def make_project(folder: Path, document: str = DOCUMENT) -> Path:
    project = folder / "project"
    (project / "documents").mkdir(parents=True)
    (project / "publisher.toml").write_text('source_locale = "en"\nlocales = ["fr", "de"]\n')
    (project / "documents" / "report.md").write_text(document)
    assert run(project, "extract").exit_code == 0
    assert run(project, "update").exit_code == 0
    return project


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    return make_project(tmp_path)


def translate(project: Path, locale: str, domain: str, msgid_start: str, text: str) -> None:
    path = project / f"locales/{locale}/LC_MESSAGES/{domain}.po"
    catalog = read_po(path)
    entry = next(m for m in catalog.messages if m.msgid.startswith(msgid_start))
    entry.msgstr = text
    write_po(path, catalog)


# -- writes outside the project through symlinks ------------------------------

def test_compile_and_extract_never_write_through_a_symlink(mini, tmp_path):
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    mo = mini / "locales/fr/LC_MESSAGES/report.mo"
    mo.symlink_to(victim)
    result = run(mini, "compile")
    assert result.exit_code == 1 and "symlink" in result.output
    assert victim.read_text() == "precious"
    pot = mini / "locales/report.pot"
    pot.unlink()
    pot.symlink_to(victim)
    result = run(mini, "extract")
    assert result.exit_code == 1 and "symlink" in result.output
    assert victim.read_text() == "precious"


def test_a_symlinked_locale_folder_is_not_written_through(mini, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    (elsewhere / "LC_MESSAGES").mkdir(parents=True)
    (mini / "locales/de").rename(tmp_path / "de-moved")
    (mini / "locales/de").symlink_to(elsewhere)
    result = run(mini, "update")
    assert result.exit_code == 1 and "outside" in result.output
    assert list((elsewhere / "LC_MESSAGES").iterdir()) == []


def test_the_build_never_writes_through_a_symlink_in_the_output(mini, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (mini / "dist").mkdir()
    (mini / "dist/fr").symlink_to(elsewhere)
    (mini / ".dist.publisher.lock").symlink_to(tmp_path / "lock-victim")
    result = run(mini, "build", "--format", "html")
    assert result.exit_code in (1, 2)
    assert list(elsewhere.iterdir()) == [] and not (tmp_path / "lock-victim").exists()


@pytest.mark.parametrize("what", ["document", "template", "stylesheet"])
def test_sources_that_resolve_outside_the_project_are_refused(mini, tmp_path, what):
    outside = tmp_path / "outside"
    outside.mkdir()
    if what == "document":
        (outside / "secret.md").write_text("# Secret\n\nSECRET-TEXT\n")
        (mini / "documents/secret.md").symlink_to(outside / "secret.md")
    else:
        name = "document.html" if what == "template" else "style.css"
        (outside / name).write_text("SECRET-TEXT")
        (mini / "templates").mkdir()
        (mini / "templates" / name).symlink_to(outside / name)
    commands = [["build", "--format", "html"]] + ([["extract"]] if what != "stylesheet" else [])
    for command in commands:
        result = run(mini, *command)
        assert result.exit_code == 1 and "outside the project" in result.output, result.output
    assert not any("SECRET-TEXT" in p.read_text(errors="replace")
                   for p in mini.rglob("*") if p.is_file() and not p.is_symlink())


# -- silent text loss -----------------------------------------------------------

@pytest.mark.parametrize("nested", [
    "".join("  " * i + f"- level {i}\n" for i in range(12)),
    ">" * 25 + " deep quote\n",
])
def test_deep_nesting_keeps_the_text_after_it(tmp_path, nested):
    project = make_project(tmp_path, f"# Title\n\n{nested}\nThe paragraph after it.\n")
    assert "The paragraph after it." in (project / "locales/report.pot").read_text()
    assert run(project, "build", "--format", "html").exit_code == 0
    page = (project / "dist/en/report.html").read_text()
    assert "The paragraph after it." in page and ("level 11" in page or "deep quote" in page)


def test_nesting_beyond_any_limit_is_an_error_with_its_line():
    text = "# Title\n\n" + "".join("  " * i + f"- level {i}\n" for i in range(80)) + "\nAfter.\n"
    with pytest.raises(PublisherError) as caught:
        parse_document(text, "documents/deep.md")
    assert caught.value.path == "documents/deep.md" and caught.value.line > 3


# -- published by mistake ---------------------------------------------------------

def test_inline_comments_are_never_published_and_reference_links_work(mini):
    translate(mini, "fr", "report", "Visible text", "Texte visible qui continue.")
    translate(mini, "fr", "report", "See the", "Voir le [rapport][r] pour les détails.")
    assert "internal" not in (mini / "locales/report.pot").read_text()
    assert run(mini, "build", "--format", "html").exit_code == 0
    for locale in ("en", "fr", "de"):
        page = (mini / f"dist/{locale}/report.html").read_text()
        assert "internal" not in page and "not approved" not in page
        assert 'href="https://example.org/report"' in page, locale
        assert "[r]" not in page
    assert ">rapport</a>" in (mini / "dist/fr/report.html").read_text()


# -- crashes on translators' files -------------------------------------------------

HEADER = 'msgid ""\nmsgstr "Content-Type: text/plain; charset={}\\n"\n\n'


@pytest.mark.parametrize("body", [
    HEADER.format("UTF-8") + 'msgid "a"\nmsgstr "b"\u00a0\n',
    HEADER.format("UTF-8") + 'msgid "a"\u3000\nmsgstr "b"\n',
    *(HEADER.format(codec) + 'msgid "a"\nmsgstr "b \\\\udc80"\n'
      for codec in ("base64", "rot13", "zlib", "hex", "quopri", "punycode", "undefined",
                    "raw_unicode_escape", "unicode_escape", "idna", "bz2", "uu")),
])
def test_odd_catalogs_are_errors_with_file_and_line(mini, body):
    path = mini / "locales/fr/LC_MESSAGES/report.po"
    path.write_bytes(body.encode("utf-8"))
    with pytest.raises(PublisherError) as caught:
        parse_po(path.read_bytes(), "report.po")
    assert caught.value.line
    for command in (["check"], ["stats"], ["compile"], ["update"], ["build", "--format", "html"]):
        result = run(mini, *command)
        assert result.exit_code in (1, 2), (command, result.output)
        assert "report.po:" in result.output, (command, result.output)
    assert path.read_bytes() == body.encode("utf-8")


def test_a_broken_catalog_stops_only_its_own_locale(mini):
    bad = mini / "locales/de/LC_MESSAGES/templates.po"
    bad.write_bytes(bad.read_bytes() + b'\nmsgid "x"\nmsgstr "y"\xc2\xa0\n')
    result = run(mini, "build", "--format", "html")
    assert result.exit_code == 1 and "templates.po:" in result.output
    assert (mini / "dist/fr/report.html").is_file() and (mini / "dist/index.html").is_file()
    assert not (mini / "dist/de/report.html").exists()


# -- crashes on authors' files ------------------------------------------------------

BOMB = "".join(f"{n}: &{n} [{', '.join(['*' + p] * 9)}]\n" for p, n in zip("abcdefg", "bcdefgh"))


@pytest.mark.parametrize("front, line", [
    ("title: T\ndate: 2026-02-30\n", 3),
    ("title: T\nlist: " + "[" * 500 + "]" * 500 + "\n", 3),
    ("a: &a [x, x, x, x, x, x, x, x, x]\n" + BOMB, None),
])
def test_front_matter_errors_name_the_line_and_stay_bounded(tmp_path, front, line):
    project = make_project(tmp_path)
    (project / "documents/report.md").write_text(f"---\n{front}---\n# Body\n")
    for command in (["extract"], ["check"], ["build", "--format", "html"]):
        result = run(project, *command)
        assert result.exit_code == 1, result.output
        assert "documents/report.md:" + (str(line) if line else "") in result.output


# -- time and memory ----------------------------------------------------------------

def test_reading_a_huge_string_costs_a_small_multiple_of_its_size():
    data = ('msgid "a"\nmsgstr "' + "x" * 2_000_000 + '"\n').encode()
    tracemalloc.start()
    try:
        catalog = parse_po(data)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert len(catalog.messages[0].msgstr) == 2_000_000
    assert peak < 12 * len(data), peak


def test_a_string_continued_over_many_lines_is_read_whole():
    lines, piece = 160_000, "abcdefghij" * 5
    data = ('msgid "a"\nmsgstr ""\n"' + f"{piece}\\\n" * lines + '"\n').encode()
    started = time.process_time()
    catalog = parse_po(data)
    assert catalog.messages[0].msgstr == piece * lines
    # Quadratic joining took minutes here; linear takes well under a second.
    assert time.process_time() - started < 30


# -- templates ----------------------------------------------------------------------

def test_project_templates_cannot_run_python(mini, tmp_path):
    (mini / "templates").mkdir()
    marker = tmp_path / "ran"
    (mini / "templates/document.html").write_text(
        "{{ cycler.__init__.__globals__.os.system('touch %s') }}" % marker)
    result = run(mini, "build", "--format", "html")
    assert result.exit_code == 1 and "unsafe" in result.output
    assert not marker.exists()


# -- output ------------------------------------------------------------------------

def test_a_file_in_place_of_an_output_folder_is_a_clear_error(mini):
    assert run(mini, "build", "--format", "html").exit_code == 0
    before = (mini / "dist/en/report.html").read_bytes()
    (mini / "dist/fr/report.html").unlink()
    (mini / "dist/fr/index.html").unlink()
    (mini / "dist/fr").rmdir()
    (mini / "dist/fr").write_text("a file")
    result = run(mini, "build", "--format", "html")
    assert result.exit_code == 1 and "cannot write" in result.output
    assert "dist/fr" in result.output
    assert (mini / "dist/en/report.html").read_bytes() == before


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_a_read_only_output_folder_is_a_clear_error(mini):
    assert run(mini, "build", "--format", "html").exit_code == 0
    page = mini / "dist/en/report.html"
    before = page.read_bytes()
    (mini / "documents/report.md").write_text(DOCUMENT.replace("The year", "The new year"))
    (mini / "dist/en").chmod(0o555)
    try:
        result = run(mini, "build", "--format", "html")
    finally:
        (mini / "dist/en").chmod(0o755)
    assert result.exit_code == 1 and "cannot write" in result.output
    assert page.read_bytes() == before


# -- terminal and report output ----------------------------------------------------

def test_control_characters_are_escaped_in_text_output_and_junit_stays_valid(mini):
    from publisher.catalogs.model import Message

    path = mini / "locales/fr/LC_MESSAGES/report.po"
    catalog = read_po(path)
    catalog.messages.append(Message(msgid="Evil \x1b[2J\x1b]0;owned\x07 \x0c \u202e end",
                                    msgstr="Evil \x1b[2J\x1b]0;owned\x07 \x0c \u202e end"))
    write_po(path, catalog)
    result = run(mini, "check", "--locale", "fr")
    assert "Evil" in result.output and "\\x1b[2J" in result.output
    assert "\x1b" not in result.output and "\x07" not in result.output
    assert "\u202e" not in result.output
    junit = run(mini, "check", "--locale", "fr", "--format", "junit").output
    assert "Evil" in junit
    ElementTree.fromstring(junit.encode("utf-8"))
    github = run(mini, "check", "--locale", "fr", "--format", "github").output
    assert "\x1b" not in github


def test_repeated_problems_are_counted_on_one_line(tmp_path):
    paragraphs = "".join(f"Paragraph *{i}* with stress.\n\n" for i in range(30))
    project = make_project(tmp_path, f"# Title\n\n{paragraphs}")
    path = project / "locales/fr/LC_MESSAGES/report.po"
    catalog = read_po(path)
    for message in catalog.messages:
        if message.msgid.startswith("Paragraph"):
            message.msgstr = message.msgid.replace("*", "")   # emphasis dropped: E301
    write_po(path, catalog)
    grouped = run(project, "check", "--locale", "fr").output
    detailed = run(project, "check", "--locale", "fr", "-v").output
    data = json.loads(run(project, "check", "--locale", "fr", "--format", "json").output)
    codes = [p["code"] for c in data["catalogs"] for p in c["problems"]]
    code = max(set(codes), key=codes.count)
    assert codes.count(code) >= 30
    assert grouped.count(f" {code} ") == 1 and f"{codes.count(code)} times" in grouped
    assert detailed.count(f" {code} ") == codes.count(code)


# -- serve ---------------------------------------------------------------------------

@pytest.fixture
def server(mini):
    from publisher.serve.server import ALL, Site, SiteServer

    said: list[str] = []
    site = Site(load_settings(mini), say=said.append)
    site.rebuild(ALL)
    server = SiteServer(site, "127.0.0.1", 0, log_requests=True, allowed_hosts=["preview.test"])
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05},
                              daemon=True)
    thread.start()
    yield server, said
    server.shutdown()
    server.server_close()


def _get(server, path: str, host: str) -> int:
    connection = http.client.HTTPConnection(*server.server_address[:2], timeout=5)
    connection.putrequest("GET", path, skip_host=True)
    connection.putheader("Host", host)
    connection.endheaders()
    status = connection.getresponse().status
    connection.close()
    return status


def test_serve_answers_only_loopback_host_names(server):
    server, _ = server
    port = server.server_address[1]
    for host in (f"127.0.0.1:{port}", f"localhost:{port}", f"[::1]:{port}", "preview.test"):
        assert _get(server, "/en/report.html", host) == 200, host
    for host in ("attacker.example", f"attacker.example:{port}", "127.0.0.1.attacker.example"):
        assert _get(server, "/en/report.html", host) == 421, host


def test_serve_escapes_control_characters_and_closes_idle_connections(server, monkeypatch):
    from publisher.serve import server as serve_module

    server, said = server
    with socket.create_connection(server.server_address[:2], timeout=5) as raw:
        raw.sendall(b"GET /\x1b[2J\x1b]0;owned\x07 HTTP/1.1\r\nHost: localhost\r\n\r\n")
        raw.recv(4096)
    time.sleep(0.2)
    assert said and not any("\x1b" in line or "\x07" in line for line in said)
    assert serve_module.Handler.timeout and serve_module.Handler.timeout <= 60
    monkeypatch.setattr(serve_module.Handler, "timeout", 0.3)
    with socket.create_connection(server.server_address[:2], timeout=5) as idle:
        idle.sendall(b"GET / HTTP/1.1\r\n")     # never finishes its request
        started = time.monotonic()
        assert idle.recv(4096) == b""             # closed by the server
        assert time.monotonic() - started < 4


# -- images -----------------------------------------------------------------------

@pytest.mark.parametrize("kind", ["broken", "huge", "not-svg"])
def test_images_that_cannot_be_drawn_or_are_huge_are_errors(tmp_path, kind):
    from PIL import Image

    name = "figure.svg" if kind == "not-svg" else "figure.png"
    project = make_project(tmp_path, f"# Title\n\nText.\n\n![A figure]({name})\n")
    path = project / "documents" / name
    if kind == "broken":
        import weasyprint  # noqa: F401  (it makes Pillow accept cut-off files process-wide)

        Image.new("RGB", (40, 40), "red").save(path)
        path.write_bytes(path.read_bytes()[:60])      # header kept, pixels cut off
    elif kind == "huge":
        Image.new("1", (10_000, 9_000)).save(path)
    else:
        path.write_text("<html>not an image</html>")
    result = run(project, "build", "--format", "html")
    assert result.exit_code == 1, result.output
    assert "documents/report.md:5" in result.output and "figure" in result.output


# -- long words ----------------------------------------------------------------------

def test_a_very_long_word_is_flagged_and_broken_in_the_build(mini):
    word = "Supercalifragilistic" * 250          # 5,000 letters, no space
    translate(mini, "fr", "report", "Visible text", f"Texte {word} fin.")
    data = json.loads(run(mini, "check", "--locale", "fr", "--format", "json").output)
    assert "W604" in {p["code"] for c in data["catalogs"] for p in c["problems"]}
    assert run(mini, "build", "--format", "html", "--locale", "fr").exit_code == 0
    page = (mini / "dist/fr/report.html").read_text()
    pieces = page.split("Texte ")[1].split(" fin.")[0].split("\u200b")
    assert "".join(pieces) == word and max(len(p) for p in pieces) <= 120


@pytest.mark.parametrize("text", [
    "改革开放以来，中国在国家外交方针政策指导下，根据本国科技和经济发展的需要" * 4,
    "ตั้งแต่การปฏิรูปและเปิดประเทศ จีนได้ดำเนินความร่วมมือด้านวิทยาศาสตร์และเทคโนโลยีอย่างกว้างขวาง" * 3,
    "改革開放以来、中国は国家の外交方針と政策の指導の下で、科学技術と経済の発展の必要に応じて" * 4,
])
def test_scripts_that_break_without_spaces_are_not_long_words(text):
    from publisher.catalogs.checks import check_long_words, longest_word
    from publisher.catalogs.model import Message
    from publisher.translate.document import break_long_words

    assert len(text) > 130 and longest_word(text) < 80
    assert break_long_words(text) == text                 # no U+200B in the text layer
    assert check_long_words(Message("Since the reform and opening up", text)) == []
