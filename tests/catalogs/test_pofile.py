"""PO reading and writing, checked against GNU gettext's own tools.

The writer must produce exactly what ``msgcat`` writes, and the reader must
refuse what ``msgfmt --check`` refuses.  Both tools are run in the tests;
the tests that need them are skipped where gettext is not installed.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import random
import re
import shutil
import stat
import subprocess
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from publisher.catalogs.model import Catalog, Message
from publisher.catalogs.pofile import (
    _line_breaks,
    _possible_breaks,
    _unicode_table,
    encode_po,
    format_po,
    parse_po,
    read_po,
    write_po,
)
from publisher.core.errors import CatalogError
from publisher.core.fsutil import atomic_write_bytes

FIXTURES = Path(__file__).parent / "fixtures"
HAVE_GETTEXT = bool(shutil.which("msgcat") and shutil.which("msgfmt"))
needs_gettext = pytest.mark.skipif(
    not HAVE_GETTEXT, reason="GNU gettext (msgcat, msgfmt) is not installed")


def msgcat(data: bytes, tmp_path: Path, suffix: str = ".po") -> bytes:
    source = tmp_path / f"msgcat-input{suffix}"   # .pot allows CHARSET
    source.write_bytes(data)
    # --force-po: write even a catalog that holds nothing but its header.
    done = subprocess.run(["msgcat", "--force-po", str(source)],
                          capture_output=True)
    assert done.returncode == 0, done.stderr.decode()
    return done.stdout


def msgfmt_check(data: bytes, tmp_path: Path) -> subprocess.CompletedProcess:
    source = tmp_path / "msgfmt-input.po"
    source.write_bytes(data)
    return subprocess.run(["msgfmt", "--check", "--statistics", "-o",
                           os.devnull, str(source)],
                          capture_output=True, text=True, env={
                              **os.environ, "LC_ALL": "C"})


# ------------------------------------------------------------ round trip

# Fixture name -> how to turn it into input msgcat accepts.  msgcat 0.21
# refuses a byte order mark and keeps the CR of CRLF comment lines inside
# the comment; the reader drops both, like an editor would.
FIXTURE_FILES = {
    "plurals_and_contexts.po": None,
    "scripts.po": None,
    "latin1.po": None,
    "template.pot": None,
    "escapes.po": None,
    "formats.po": None,
    "bom.po": lambda data: data[3:],
    "crlf.po": lambda data: data.replace(b"\r\n", b"\n"),
}


@needs_gettext
@pytest.mark.parametrize("name", sorted(FIXTURE_FILES))
def test_format_matches_msgcat(name: str, tmp_path: Path) -> None:
    data = (FIXTURES / name).read_bytes()
    prepare = FIXTURE_FILES[name]
    suffix = Path(name).suffix
    expected = msgcat(prepare(data) if prepare else data, tmp_path, suffix)
    ours = encode_po(parse_po(data, name))
    assert ours == expected
    assert msgcat(ours, tmp_path, suffix) == ours


@needs_gettext
@pytest.mark.parametrize("name", sorted(set(FIXTURE_FILES) - {
    "bom.po", "template.pot"}))
def test_statistics_match_msgfmt(name: str, tmp_path: Path) -> None:
    data = (FIXTURES / name).read_bytes()
    stats = parse_po(data).statistics()
    report = msgfmt_check(data, tmp_path).stderr
    for key, word in (("translated", "translated"), ("fuzzy", "fuzzy"),
                      ("untranslated", "untranslated")):
        found = re.search(rf"(\d+) {word}", report)
        assert stats[key] == (int(found.group(1)) if found else 0), report


def test_reads_entries_completely() -> None:
    catalog = parse_po((FIXTURES / "plurals_and_contexts.po").read_bytes())
    assert catalog.charset == "UTF-8"
    assert catalog.header.translator_comments[:1] == [
        "German translation of the publisher sample book."]
    assert catalog.header.translator_comments[-1] == ""
    assert catalog.header.lineno == 5
    intro = catalog.find("Introduction")
    assert intro.lineno == 21
    assert intro.extracted_comments == ["Title of the first chapter."]
    assert intro.references == ["chapters/01-intro.md:1"]
    pages = catalog.find("%(count)d page")
    assert pages.msgid_plural == "%(count)d pages"
    assert pages.msgstr_plural == ["%(count)d Seite", "%(count)d Seiten"]
    assert pages.flags == ["python-format"]
    assert catalog.find("Open", "menu").msgstr == "Öffnen"
    assert catalog.find("Open", "state of a door").msgstr == "Offen"
    workers = catalog.find(
        "The press needed %d workers and a great deal of ink.")
    assert workers.fuzzy
    assert workers.previous_msgid == "The press needed %d workers."
    poem = catalog.find("First line of a poem\nsecond line of the poem\n"
                        "and the last line")
    assert poem.msgstr.count("\n") == 2
    old = [m for m in catalog.messages if m.obsolete]
    assert [m.msgid for m in old] == ["Old chapter title", "One removed book",
                                      "Never translated and removed"]
    removed = old[1]
    assert (removed.msgctxt, removed.msgid_plural, removed.previous_msgid) == (
        "obsolete context", "%d removed books", "An old plural")
    assert removed.msgstr_plural == ["Ein entferntes Buch",
                                     "%d entfernte Bücher"]
    assert removed.fuzzy


def test_reads_other_charsets_bom_crlf_and_escapes() -> None:
    latin = parse_po((FIXTURES / "latin1.po").read_bytes())
    assert latin.charset == "ISO-8859-1"
    assert latin.find("Introduction").msgstr == "Préface"
    assert latin.find("Octal escapes").msgstr == "café crème"
    assert latin.find("Introduction").translator_comments == [
        "Traduction vérifiée."]
    bom = parse_po((FIXTURES / "bom.po").read_bytes())
    assert bom.header.msgstr.startswith("Project-Id-Version")
    crlf = parse_po((FIXTURES / "crlf.po").read_bytes())
    assert crlf.find("Line ends").extracted_comments == [
        "A comment from the source."]
    assert crlf.find("Line ends").references == ["a.md:1", "b.md:2"]
    assert crlf.find("one").msgstr_plural == ["eins", "viele"]
    escapes = parse_po((FIXTURES / "escapes.po").read_bytes())
    first = escapes.messages[0]
    assert first.msgid == ("Tab\tquote\"backslash\\ bell\a back\b form\f "
                           "cr\r vt\v end")
    assert first.msgstr == "Octal AB hex CD utf-8 bytes é€"
    assert escapes.find("two strings on one line").msgstr == \
        "no space before the quote~"


def test_reads_a_template() -> None:
    template = parse_po((FIXTURES / "template.pot").read_bytes())
    assert template.charset == "CHARSET"
    assert template.header.fuzzy
    publisher = template.find("Publisher")
    assert len(publisher.references) == 6
    assert publisher.references[4] == "./publisher/render/epub.py:301"
    assert "./" not in format_po(template).split("#: publisher/cli.py:10")[1]


def test_line_continuation_and_same_line_keywords() -> None:
    catalog = parse_po(b'msgid "a\\\nb" msgstr "c"\n"d"\n')
    assert (catalog.messages[0].msgid, catalog.messages[0].msgstr) == (
        "ab", "cd")


# ------------------------------------------------------------ property test

TEXT = st.text(
    alphabet=st.one_of(
        st.characters(blacklist_categories=("Cs",),
                      blacklist_characters="\0\x04"),
        st.sampled_from(list('\n\n"\\ \t\r-/.,%{}') + [
            "中", "ا", "é", "😀"])),
    max_size=120)
LONG_WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=60,
                    max_size=100)
VALUE = st.one_of(TEXT, st.lists(st.one_of(TEXT, LONG_WORD), max_size=4)
                  .map(" ".join))
COMMENT = st.text(alphabet=st.characters(
    blacklist_categories=("Cs",), blacklist_characters="\0\n\r"),
    max_size=60).filter(lambda c: not c.endswith("\\")
                        and not re.match(r" [Ff]ile:", c))
REFERENCE = st.from_regex(r"[a-z][a-z0-9_/.-]{0,30}\.py:[1-9][0-9]{0,3}",
                          fullmatch=True).filter(lambda r: "./" not in r)
FORMATS = st.sampled_from([[], ["c-format"], ["python-format"],
                           ["no-c-format"], ["python-brace-format"]])


@st.composite
def messages(draw, obsolete: bool) -> Message:
    message = Message(msgid=draw(VALUE.filter(bool)),
                      msgctxt=draw(st.none() | VALUE), obsolete=obsolete)
    if draw(st.booleans()):
        message.msgid_plural = draw(VALUE)
        message.msgstr_plural = [draw(VALUE), draw(VALUE)]
    else:
        message.msgstr = draw(VALUE)
    if obsolete and not message.first_msgstr:
        message.msgstr_plural[:1] = ["x"] if message.is_plural else []
        message.msgstr = "" if message.is_plural else "x"
    fuzzy = message.first_msgstr and draw(st.booleans())
    message.flags = ["fuzzy"] * bool(fuzzy) + draw(FORMATS) + (
        ["no-wrap"] if draw(st.integers(0, 9)) == 0 else [])
    message.translator_comments = draw(st.lists(COMMENT, max_size=2))
    message.extracted_comments = draw(st.lists(COMMENT, max_size=2))
    message.references = draw(st.lists(REFERENCE, max_size=6, unique=True))
    if draw(st.booleans()):
        message.previous_msgid = draw(VALUE)
        message.previous_msgctxt = draw(st.none() | VALUE)
    return message


@st.composite
def catalogs(draw) -> Catalog:
    header = Message(msgid="", msgstr=(
        "Project-Id-Version: test\nContent-Type: text/plain; charset=UTF-8\n"
        "Plural-Forms: nplurals=2; plural=(n != 1);\n"))
    entries = draw(st.lists(messages(False), max_size=5)) + draw(
        st.lists(messages(True), max_size=2))
    keys: set = set()
    unique = [m for m in entries if not (m.key in keys or keys.add(m.key))]
    return Catalog(header=header, messages=unique)


def fields(catalog: Catalog) -> list[dict]:
    result = []
    for message in [catalog.header, *catalog.messages]:
        entry = dict(vars(message))
        entry.pop("lineno")
        result.append(entry)
    return result


@needs_gettext
@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.too_slow,
                                 HealthCheck.function_scoped_fixture])
@given(catalog=catalogs())
def test_random_catalogs_match_msgcat(catalog: Catalog,
                                      tmp_path: Path) -> None:
    text = format_po(catalog)
    assert msgcat(text.encode(), tmp_path).decode() == text
    assert fields(parse_po(text.encode())) == fields(catalog)


# ------------------------------------------------------------ malformed input

HEADER = (b'msgid ""\nmsgstr ""\n'
          b'"Content-Type: text/plain; charset=UTF-8\\n"\n'
          b'"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n\n')   # 5 lines

# name -> (file content, line the error names); msgfmt --check rejects each.
REJECTED_BY_BOTH = {
    "unterminated string": (HEADER + 'msgid "a"\nmsgstr "Tschüss\n'.encode(), 7),
    "unknown keyword": (HEADER + b'msgid "a"\nmsgtsr "b"\n', 7),
    "duplicate msgid": (HEADER + b'msgid "a"\nmsgstr "b"\n\nmsgid "a"\n'
                        b'msgstr "c"\n', 9),
    "duplicate of an obsolete entry": (
        HEADER + b'#~ msgid "a"\n#~ msgstr "b"\n\nmsgid "a"\nmsgstr "c"\n', 9),
    "duplicate header": (HEADER + b'msgid ""\nmsgstr "X: y\\n"\n', 6),
    "msgstr index beyond nplurals": (
        HEADER + b'msgid "a"\nmsgid_plural "b"\nmsgstr[0] "c"\n'
        b'msgstr[1] "d"\nmsgstr[2] "e"\n', 10),
    "fewer forms than nplurals": (
        HEADER + b'msgid "a"\nmsgid_plural "b"\nmsgstr[0] "c"\n', 6),
    "gap in plural forms": (HEADER + b'msgid "a"\nmsgid_plural "b"\n'
                            b'msgstr[0] "c"\nmsgstr[2] "d"\n', 9),
    "plural entry without msgstr[0]": (
        HEADER + b'msgid "a"\nmsgid_plural "b"\nmsgstr[1] "c"\n', 8),
    "plural entry with plain msgstr": (
        HEADER + b'msgid "a"\nmsgid_plural "b"\nmsgstr "c"\n', 8),
    "msgstr[0] without msgid_plural": (HEADER + b'msgid "a"\nmsgstr[0] "c"\n', 7),
    "invalid escape": (HEADER + b'msgid "a"\nmsgstr "b\\q"\n', 7),
    "hex escape without digits": (HEADER + b'msgid "a"\nmsgstr "b\\x"\n', 7),
    "string without keyword at the start": (b'"orphan"\nmsgid "a"\n'
                                            b'msgstr "b"\n', 1),
    "string without keyword after a comment": (
        HEADER + b'# note\n"orphan"\nmsgid "a"\nmsgstr "b"\n', 7),
    "missing msgstr": (HEADER + b'msgid "a"\n\nmsgid "b"\nmsgstr "c"\n', 6),
    "missing msgstr at the end": (HEADER + b'msgid "a"\n', 6),
    "comment inside an entry": (HEADER + b'msgid "a"\n# x\nmsgstr "b"\n', 7),
    "mixed obsolete and normal lines": (HEADER + b'#~ msgid "a"\nmsgstr "b"\n', 7),
    "previous msgctxt without previous msgid": (
        HEADER + b'#| msgctxt "x"\nmsgid "a"\nmsgstr "b"\n', 7),
    "unparsable Plural-Forms": (
        b'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
        b'"Plural-Forms: nplurals=2; plural=(n !! 1);\\n"\n\nmsgid "a"\n'
        b'msgstr "b"\n', 4),
    "absurd nplurals": (
        b'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
        b'"Plural-Forms: nplurals=200000000; plural=n;\\n"\n\nmsgid "a"\n'
        b'msgid_plural "b"\nmsgstr[0] "c"\n', 4),
    "plural expression beyond nplurals": (
        b'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
        b'"Plural-Forms: nplurals=2; plural=n ? 3 : 0;\\n"\n', 4),
    "text not in the declared charset": (HEADER + b'msgid "a"\nmsgstr "\xff"\n', 7),
    "UTF-16 file": ((HEADER + b'msgid "a"\nmsgstr "b"\n').decode().encode(
        "utf-16"), 1),
    "domain directive": (HEADER + b'domain "other"\nmsgid "a"\nmsgstr "b"\n', 6),
    "context separator in a string": (HEADER + b'msgid "a"\nmsgstr "b\\004"\n',
                                      7),
}

# Refused here although msgfmt --check lets them through (it truncates the
# string at a NUL, keeps only the low byte of a large escape, and does not
# look at header lines).
REJECTED_BY_US = {
    "NUL byte": (HEADER + b'msgid "a"\nmsgstr "b\0c"\n', 7),
    "NUL escape": (HEADER + b'msgid "a"\nmsgstr "b\\0"\n', 7),
    "octal escape above a byte": (HEADER + b'msgid "a"\nmsgstr "\\777"\n', 7),
    "header line without colon": (
        b'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
        b'"Broken header line\\n"\n', 4),
    "unknown charset": (b'msgid ""\nmsgstr "Content-Type: text/plain; '
                        b'charset=NO-SUCH-CHARSET\\n"\n', 2),
}


@pytest.mark.parametrize("name", sorted(REJECTED_BY_BOTH))
def test_rejects_what_msgfmt_rejects(name: str, tmp_path: Path) -> None:
    data, line = REJECTED_BY_BOTH[name]
    with pytest.raises(CatalogError) as caught:
        parse_po(data, "broken.po")
    assert caught.value.line == line, str(caught.value)
    assert str(caught.value).startswith(f"broken.po:{line}: ")
    if HAVE_GETTEXT:
        assert msgfmt_check(data, tmp_path).returncode != 0


@pytest.mark.parametrize("name", sorted(REJECTED_BY_US))
def test_rejects_what_msgfmt_misreads(name: str) -> None:
    data, line = REJECTED_BY_US[name]
    with pytest.raises(CatalogError) as caught:
        parse_po(data, "broken.po")
    assert caught.value.line == line, str(caught.value)


def test_error_messages_help_the_translator() -> None:
    data, _ = REJECTED_BY_BOTH["unterminated string"]
    with pytest.raises(CatalogError) as caught:
        parse_po(data, "de.po")
    assert str(caught.value) == (
        'de.po:7: this string has no closing quote\n'
        '  hint: add " at the end of the string on this line')
    with pytest.raises(CatalogError, match="did you mean msgstr"):
        parse_po(REJECTED_BY_BOTH["unknown keyword"][0])
    with pytest.raises(CatalogError, match="already defined at line 6"):
        parse_po(REJECTED_BY_BOTH["duplicate msgid"][0])


def test_parses_a_huge_string_in_linear_time() -> None:
    line = b'"' + b"x" * 49 + b' "\n'
    data = HEADER + b'msgid "big"\nmsgstr ""\n' + line * 200_000
    started = time.perf_counter()
    catalog = parse_po(data)
    elapsed = time.perf_counter() - started
    assert len(catalog.messages[0].msgstr) == 10_000_000
    assert elapsed < 2.0, f"parsing took {elapsed:.2f} s"


# ------------------------------------------------------------ counting

@needs_gettext
def test_counts_like_msgfmt(tmp_path: Path) -> None:
    data = HEADER + (
        b'msgid "p1"\nmsgid_plural "p1s"\nmsgstr[0] "a"\nmsgstr[1] ""\n\n'
        b'msgid "p2"\nmsgid_plural "p2s"\nmsgstr[0] ""\nmsgstr[1] "b"\n\n'
        b'#, fuzzy\nmsgid "f1"\nmsgstr "x"\n\n'
        b'#, fuzzy\nmsgid "f2"\nmsgstr ""\n\n'
        b'msgid "u"\nmsgstr ""\n\n#~ msgid "o"\n#~ msgstr "x"\n')
    stats = parse_po(data).statistics()
    assert stats == {"translated": 1, "fuzzy": 1, "untranslated": 3,
                     "obsolete": 1}
    assert "1 translated message, 1 fuzzy translation, 3 untranslated " \
           "messages" in msgfmt_check(data, tmp_path).stderr


# ------------------------------------------------------------ writing

def test_write_po_is_atomic_and_skips_unchanged_files(tmp_path: Path) -> None:
    target = tmp_path / "de.po"
    source = (FIXTURES / "plurals_and_contexts.po").read_bytes()
    catalog = parse_po(source)
    assert write_po(target, catalog) is True
    assert target.read_bytes() == encode_po(catalog)
    target.chmod(0o640)
    before = target.stat()
    assert write_po(target, read_po(target)) is False
    assert target.stat().st_mtime_ns == before.st_mtime_ns
    catalog.find("Introduction").msgstr = "Vorwort"
    assert write_po(target, catalog) is True
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert read_po(target).find("Introduction").msgstr == "Vorwort"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["de.po"]


def test_unencodable_character_leaves_the_file_alone(tmp_path: Path) -> None:
    target = tmp_path / "fr.po"
    target.write_bytes((FIXTURES / "latin1.po").read_bytes())
    original = target.read_bytes()
    catalog = read_po(target)
    entry = catalog.find("Introduction")
    entry.msgstr = "Préface – première partie"   # en dash: not in Latin-1
    with pytest.raises(CatalogError) as caught:
        write_po(target, catalog)
    assert caught.value.line == entry.lineno == 13
    assert "U+2013" in caught.value.message
    assert target.read_bytes() == original
    assert sorted(p.name for p in tmp_path.iterdir()) == ["fr.po"]


def test_failed_write_keeps_the_original(tmp_path: Path, monkeypatch) -> None:
    target = tmp_path / "de.po"
    target.write_bytes(b'msgid "a"\nmsgstr "b"\n')
    catalog = read_po(target)
    catalog.messages[0].msgstr = "c"

    def broken_replace(source, destination):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(CatalogError, match="No space left"):
        write_po(target, catalog)
    assert target.read_bytes() == b'msgid "a"\nmsgstr "b"\n'
    assert sorted(p.name for p in tmp_path.iterdir()) == ["de.po"]


def test_atomic_write_bytes_creates_and_replaces(tmp_path: Path) -> None:
    target = tmp_path / "file.txt"
    assert atomic_write_bytes(target, b"one") is True
    assert atomic_write_bytes(target, b"one") is False
    assert atomic_write_bytes(target, b"two") is True
    assert target.read_bytes() == b"two"


# ------------------------------------------------------------ line breaking

def _libunistring():
    name = ctypes.util.find_library("unistring")
    try:
        lib = ctypes.CDLL(name or "libunistring.so.2")
        breaks = lib.u8_possible_linebreaks_v2
        width = lib.uc_width
    except (OSError, AttributeError):
        pytest.skip("libunistring (>= 1.0) is not installed")
    breaks.argtypes = [ctypes.c_char_p, ctypes.c_size_t, ctypes.c_char_p,
                       ctypes.c_char_p]
    width.argtypes = [ctypes.c_uint32, ctypes.c_char_p]
    return breaks, width


def test_widths_match_libunistring() -> None:
    _, uc_width = _libunistring()
    table = _unicode_table()
    for code in range(0, 0x110000, 7):
        assert (table.value(code) & 3) - 1 == uc_width(code, b"UTF-8"), \
            hex(code)


def test_break_opportunities_match_libunistring() -> None:
    possible, _ = _libunistring()
    table = _unicode_table()
    rnd = random.Random(14)
    pool = [c for c in range(0x20, 0x30000, 3)
            if not 0xD800 <= c < 0xE000] + [0x20] * 3000
    for _ in range(3000):
        size = rnd.randint(1, 12)
        text = "".join(chr(rnd.choice(pool)) for _ in range(size))
        data = text.encode()
        found = ctypes.create_string_buffer(len(data))
        possible(data, len(data), b"UTF-8", found)
        expected, offset = [], 0
        for char in text:
            expected.append(found.raw[offset])
            offset += len(char.encode())
        classes = [table.value(ord(c)) >> 2 for c in text]
        assert list(_possible_breaks([20 if k == 40 else k for k in classes])) == \
            expected, [hex(ord(c)) for c in text]


def test_cjk_text_breaks_between_ideographs() -> None:
    chars = list("印刷机与知识的传播。")
    assert _line_breaks(chars, [0] * len(chars), 6, 0, False) == [3, 6, 8]
