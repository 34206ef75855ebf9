"""Hostile input and failure: nothing is lost, nobody gets in.

Each test names a case and the safe behaviour it expects.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pypdf
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from publisher.build.pipeline import build
from publisher.catalogs.pofile import parse_po, read_po, write_po
from publisher.cli import main
from publisher.core.errors import ConfigError, PublisherError
from publisher.sources.config import load_settings
from publisher.sources.documents import parse_document

from pdfwalk import forbidden
from projects import add_locale_to_settings, make_project

DOC = "china-st-cooperation"


def set_translation(project: Path, locale: str, domain: str, msgid_start: str, text: str) -> None:
    path = project / f"locales/{locale}/LC_MESSAGES/{domain}.po"
    catalog = read_po(path)
    entry = next(m for m in catalog.messages if m.msgid.startswith(msgid_start))
    entry.msgstr = text
    write_po(path, catalog)


def check_codes(project: Path, locale: str) -> set[str]:
    """The problem codes `publisher check` reports for a locale (exit status 1)."""
    import json

    result = CliRunner().invoke(main, ["--project", str(project), "check", "--format", "json",
                                       "--locale", locale])
    assert result.exit_code == 1, result.output
    report = json.loads(result.output)
    return {p["code"] for c in report["catalogs"] for p in c["problems"] if p["severity"] == "error"}


# -- markup and script in translations ----------------------------------------

def test_markup_and_script_in_translations_reach_the_page_as_text(project):
    hostile = ('<script>alert(1)</script><img src=x onerror=alert(1)> '
               '[click](javascript:alert(1)) <a rel="attachment" href="file:///etc/passwd">x</a> '
               '[passwd](file:///etc/passwd)')
    set_translation(project, "de", DOC, "International science", hostile)
    set_translation(project, "de", "templates", "Home", '<script>alert("home")</script>')
    assert {"E303", "E304"} <= check_codes(project, "de")
    report = build(load_settings(project), locales=["de"], formats=("html", "pdf"))
    page = (project / f"dist/de/{DOC}.html").read_text("utf-8")
    assert "<script" not in page and "onerror=" not in page.replace("onerror=alert(1)&gt;", "")
    assert 'href="javascript:' not in page and 'href="file:' not in page
    assert "&lt;script&gt;" in page
    assert forbidden(project / f"dist/de/{DOC}.pdf") == []
    assert report.refused == []


# -- format strings -------------------------------------------------------------

@pytest.mark.parametrize("hostile", [
    "{name.__class__}", "{0}", "%(secret)s", "%(date)500000000s", "%(date)s%(date)s%n",
])
def test_format_strings_never_evaluate_or_allocate(project, hostile):
    # brace fields beside the kept %(date)s: a translation check accepts, shown as typed
    translation = f"Publié {hostile}" if "%" in hostile else f"Publié %(date)s {hostile}"
    set_translation(project, "fr", "templates", "Published %(date)s", translation)
    if "%" in hostile:
        assert check_codes(project, "fr") & {"E202", "E203"}
    else:
        from growing import translate_everything

        translate_everything(project)       # whatever the shipped catalogs hold
        set_translation(project, "fr", "templates", "Published %(date)s", translation)
        passed = CliRunner().invoke(main, ["--project", str(project), "check", "--locale", "fr"])
        assert passed.exit_code == 0, passed.output
    started = time.perf_counter()
    build(load_settings(project), locales=["fr"], formats=("html",))
    assert time.perf_counter() - started < 10
    page = (project / f"dist/fr/{DOC}.html").read_text("utf-8")
    if "%" in hostile:
        # refused as check refuses it: the package's own French words are shown
        assert "Publié le 28 novembre 2026" in page and hostile not in page
        assert "Publié 28" not in page
    else:
        assert f"Publié 28 novembre 2026 {hostile}" in page   # as typed: nothing evaluated
        assert "<class" not in page and "&lt;class" not in page


# -- files and URLs ---------------------------------------------------------------

def test_templates_and_css_cannot_read_outside_the_project(project, tmp_path):
    outside = tmp_path / "outside-secret.txt"
    outside.write_text("secret")
    (project / "templates").mkdir(exist_ok=True)
    # (a stylesheet in templates/ that links out is refused before the build;
    # here the link waits in the output folder, where only the PDF renderer sees it)
    (project / "dist/assets").mkdir(parents=True)
    os.symlink(outside, project / "dist/assets" / "link-out.css")
    (project / "templates" / "print.css").write_text(
        "@import url(file:///etc/passwd);\n"
        "@import url(../../outside-secret.txt);\n"
        "@import url(link-out.css);\n"
        "@font-face { font-family: X; src: url(file:///dev/zero); }\n"
        "body { background: url(http://127.0.0.1:9/x.png); }\n"
        "h1 { background: url(%2e%2e/%2e%2e/outside-secret.txt); }\n", "utf-8")
    document = (project / "templates" / "document.html")
    package = Path(__file__).resolve().parents[1] / "publisher/templates/document.html"
    document.write_text(package.read_text("utf-8").replace(
        "{% block main %}",
        '{% block main %}<img src="file:///etc/passwd"><link rel="attachment" href="file:///etc/hostname">'
        '<object data="file:///etc/passwd"></object>', 1), "utf-8")
    started = time.perf_counter()
    report = build(load_settings(project), locales=["en"], formats=("pdf",), jobs=1)
    assert time.perf_counter() - started < 30
    refused = " ".join(report.refused)
    for needle in ("/etc/passwd", "/dev/zero", "127.0.0.1", "outside-secret.txt"):
        assert needle in refused, needle
    assert forbidden(project / f"dist/en/{DOC}.pdf") == []
    result = CliRunner().invoke(main, ["--project", str(project), "build", "--locale", "en",
                                       "--format", "pdf", "--jobs", "1"])
    assert "refused to read file:///etc/passwd" in result.output


# -- locale names and paths ---------------------------------------------------------

@pytest.mark.parametrize("name", ["../../x", "de/../fr", "C", "und", "DE"])
def test_unsafe_locale_names_in_settings_are_refused(project, name):
    add_locale_to_settings(project, name)
    result = CliRunner().invoke(main, ["--project", str(project), "update"])
    assert result.exit_code == 2 and "locale" in result.output
    assert not (project.parent / "x").exists()


def test_two_names_of_one_locale_are_refused(project):
    add_locale_to_settings(project, "zh_Hans_CN")
    with pytest.raises(ConfigError, match="twice"):
        load_settings(project)


# -- malformed catalogs --------------------------------------------------------------

HEADER = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'


@pytest.mark.parametrize("body", [
    'msgid "a"\nmsgstr "Tschüss\n',
    'msgid "a"\nmsgtsr "b"\n',
    'msgid "a"\nmsgstr "b"\n\nmsgid "a"\nmsgstr "c"\n',
    'msgid "a"\nmsgstr "b\\q"\n',
])
def test_malformed_catalogs_fail_fast_and_stay_untouched(project, body):
    path = project / f"locales/de/LC_MESSAGES/{DOC}.po"
    data = (HEADER + "\n" + body).encode("utf-8")
    path.write_bytes(data)
    result = CliRunner().invoke(main, ["--project", str(project), "update"])
    assert result.exit_code == 1 and f"{DOC}.po:" in result.output
    assert path.read_bytes() == data


@pytest.mark.parametrize("plural_forms", [
    "nplurals=200000000; plural=n;", "nplurals=2; plural=n%0;", "nplurals=2; plural=n+5;",
])
def test_hostile_plural_forms_do_not_allocate_or_crash(project, plural_forms):
    path = project / "locales/ru/LC_MESSAGES/templates.po"
    text = path.read_text("utf-8")
    start = text.index('"Plural-Forms:')
    end = text.index("\n", start)
    path.write_text(text[:start] + f'"Plural-Forms: {plural_forms}\\n"' + text[end:], "utf-8")
    started = time.perf_counter()
    with pytest.raises(PublisherError) as info:
        build(load_settings(project), locales=["ru"], formats=("html",))
    assert info.value.path.endswith("ru/LC_MESSAGES/templates.po") and info.value.line
    assert "Plural-Forms" in info.value.message or "plural" in info.value.message
    assert time.perf_counter() - started < 10
    result = CliRunner().invoke(main, ["--project", str(project), "update"])
    assert result.exit_code == 1 and path.read_text("utf-8").count(plural_forms) == 1


def test_a_ten_megabyte_string_over_200000_lines_reads_in_bounded_time():
    lines = "".join(f'"{"x" * 50}"\n' for _ in range(200_000))
    data = (HEADER + '\nmsgid "big"\nmsgstr ""\n' + lines).encode()
    started = time.perf_counter()
    catalog = parse_po(data, "big.po")
    assert len(catalog.messages[0].msgstr) == 10_000_000
    assert time.perf_counter() - started < 10


# -- crashes and concurrent builds -------------------------------------------------

# A start-up hook for the killed builds below: in every process of the build
# (workers included), the N-th file opened for writing under dist/ with ".pdf"
# in its name gets half its bytes, then the process says which file it is
# writing and waits to be killed.  Whatever way the build writes its PDFs, the
# kill lands mid-write, every time.
STALL_HOOK = r'''
import builtins, io, os, time

_dir = os.environ.get("PUBLISHER_TEST_STALL_DIR")
_open = io.open


class _Stalling:
    def __init__(self, stream, name):
        self._stream, self._name = stream, name

    def write(self, data):
        self._stream.write(data[: len(data) // 2])
        self._stream.flush()
        with _open(os.path.join(_dir, "stalled.tmp"), "w") as note:
            note.write(self._name)
        os.replace(os.path.join(_dir, "stalled.tmp"), os.path.join(_dir, "stalled"))
        time.sleep(600)

    def __getattr__(self, name):
        return getattr(self._stream, name)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return self._stream.__exit__(*exc)


def _hooked(file, mode="r", *args, **kwargs):
    stream = _open(file, mode, *args, **kwargs)
    if any(c in mode for c in "wax+"):
        name = os.readlink(f"/proc/self/fd/{stream.fileno()}")
        if os.sep + "dist" + os.sep in name and ".pdf" in os.path.basename(name):
            count = os.open(os.path.join(_dir, "count"), os.O_WRONLY | os.O_APPEND | os.O_CREAT)
            os.write(count, b"x")
            os.close(count)
            if os.path.getsize(os.path.join(_dir, "count")) == int(os.environ["PUBLISHER_TEST_STALL_AT"]):
                return _Stalling(stream, name)
    return stream


if _dir:
    io.open = builtins.open = _hooked
'''


def test_killed_builds_leave_every_file_old_or_new(tmp_path):
    """Builds killed while they write a PDF: after an edit of every document,
    build n stalls halfway through writing its n-th PDF and is killed there
    (with the n-1 before it written).  Each file is then the old one or a
    whole new one, never a torn one, and the next build mends everything."""
    texts = {f"doc{i}": f"---\ntitle: Document {i}\n---\n\n" + "A paragraph of text.\n\n" * 40
             for i in range(2)}
    project = make_project(tmp_path / "project", texts, ("de",))
    hook = tmp_path / "hook"
    hook.mkdir()
    (hook / "sitecustomize.py").write_text(STALL_HOOK, "utf-8")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(hook), *sys.path])}
    command = [sys.executable, "-m", "publisher", "--project", str(project), "build",
               "--format", "pdf", "--jobs", "1"]
    subprocess.run(command, check=True, capture_output=True, env=env)
    dist = project / "dist"
    old = {p: p.read_bytes() for p in dist.rglob("*.pdf")}
    assert len(old) == 4

    for step, stall_at in enumerate((1, 2, 3, 4)):
        stall = tmp_path / f"stall{step}"
        stall.mkdir()
        for name, text in texts.items():
            (project / "documents" / f"{name}.md").write_text(text + f"Edit {step}.\n", "utf-8")
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                   start_new_session=True,
                                   env={**env, "PUBLISHER_TEST_STALL_DIR": str(stall),
                                        "PUBLISHER_TEST_STALL_AT": str(stall_at)})
        deadline = time.monotonic() + 120
        while not (stall / "stalled").exists() and process.poll() is None \
                and time.monotonic() < deadline:
            time.sleep(0.01)
        stalled = (stall / "stalled").exists()
        os.killpg(process.pid, signal.SIGKILL)
        _, stderr = process.communicate()
        assert stalled, f"build {step} never wrote its PDF number {stall_at}: {stderr!r}"
        changed = 0
        for path, data in old.items():
            now = path.read_bytes()
            if now != data:
                changed += 1
                assert now.rstrip().endswith(b"%%EOF"), f"{path} is torn"
                assert f"Edit {step}." in pypdf.PdfReader(path).pages[-1].extract_text(), path
            old[path] = now
        assert changed == stall_at - 1, (step, changed)
        for leftover in dist.rglob(".*.tmp"):      # what a kill mid-write leaves
            leftover.unlink()
    result = subprocess.run(command, capture_output=True, env=env)
    assert result.returncode == 0, result.stderr


def test_two_builds_at_once_are_refused_not_mixed(project):
    from publisher.build.pipeline import output_lock

    settings = load_settings(project)
    with output_lock(settings.output_dir):
        with pytest.raises(ConfigError, match="another build"):
            build(settings, locales=["en"], formats=("html",))


def test_the_lock_is_beside_the_output_folder_never_published(project):
    from publisher.build.pipeline import lock_path, output_lock

    settings = load_settings(project)
    out = settings.output_dir
    with output_lock(out):
        assert lock_path(out) == out.parent / ".dist.publisher.lock"
        assert lock_path(out).is_file() and list(out.iterdir()) == []
    build(settings, locales=["en"], formats=("html",))
    assert not [p for p in out.rglob("*") if "lock" in p.name]


# -- fuzzing --------------------------------------------------------------------------

PO_PIECES = st.sampled_from([
    'msgid ""\n', 'msgstr ""\n', '"Content-Type: text/plain; charset=UTF-8\\n"\n',
    '"Plural-Forms: nplurals=2; plural=n != 1;\\n"\n', 'msgid "a"\n', 'msgstr "b"\n',
    'msgid_plural "as"\n', 'msgstr[0] "x"\n', 'msgstr[1] "y"\n', 'msgstr[7] "z"\n',
    'msgctxt "c"\n', '#, fuzzy\n', '#~ msgid "old"\n', '#| msgid "prev"\n', '"cont\\n"\n',
    '\n', '"unterminated\n', 'msgtsr "x"\n', '# comment\n', '#: file.py:1\n', '"\\x41\\101"\n',
])


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(PO_PIECES, max_size=25), st.binary(max_size=20))
def test_fuzzed_po_files_give_a_catalog_or_our_error(pieces, noise):
    data = "".join(pieces).encode() + noise
    try:
        parse_po(data, "fuzz.po")
    except PublisherError:
        pass


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(list("ab1,2.3%{}[]()*_`#-!<>\\:\n \t|>") + [
    "---\n", "27,785", "{1995:year}", "{x}", "<!-- x -->", "![a](b)", "<b>", "title: x\n"]),
    max_size=60).map("".join))
def test_fuzzed_markdown_gives_a_document_or_our_error(text):
    try:
        parse_document(text, "fuzz.md")
    except PublisherError:
        pass
