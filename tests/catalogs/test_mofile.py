"""MO files: byte for byte msgfmt's, read back by Python's gettext and by msgunfmt."""

from __future__ import annotations

import gettext
import io
import shutil
import struct
import subprocess
from pathlib import Path

import pytest

from publisher.catalogs.model import Catalog, Message
from publisher.catalogs.mofile import _hash, _next_prime, compiled_entries, mo_bytes
from publisher.catalogs.pofile import encode_po, parse_po, read_po

FIXTURES = Path(__file__).parent / "fixtures"
ROOT = Path(__file__).resolve().parents[2]
needs = {tool: pytest.mark.skipif(shutil.which(tool) is None, reason=f"{tool} is not installed")
         for tool in ("msgfmt", "msgunfmt")}

HEADER = ("Project-Id-Version: x\nPOT-Creation-Date: 2026-01-01 10:00+0000\n"
          "Language: ru\nMIME-Version: 1.0\nContent-Type: text/plain; charset=UTF-8\n"
          "Plural-Forms: nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && "
          "n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);\n")


def sample() -> Catalog:
    return Catalog(header=Message(msgid="", msgstr=HEADER, flags=["fuzzy"]), messages=[
        Message("File", "Файл"),
        Message("Open", "Открыть", msgctxt="menu"),
        Message("Open", "Открытый", msgctxt="adjective"),
        Message("%(n)s file", msgid_plural="%(n)s files",
                msgstr_plural=["%(n)s файл", "%(n)s файла", "%(n)s файлов"]),
        Message("Draft", "Черновик", flags=["fuzzy"]),
        Message("Empty"),
        Message("Gone", "Ушёл", obsolete=True),
        Message("Zebra", "Зебра"),
    ])


def msgfmt(data: bytes, tmp_path: Path) -> bytes:
    source = tmp_path / "in.po"
    source.write_bytes(data)
    done = subprocess.run(["msgfmt", "-o", "-", str(source)], capture_output=True)
    assert done.returncode == 0, done.stderr.decode()
    return done.stdout


@needs["msgfmt"]
@pytest.mark.parametrize("name", ["plurals_and_contexts.po", "scripts.po", "latin1.po",
                                  "escapes.po", "formats.po"])
def test_same_bytes_as_msgfmt_on_the_fixtures(name: str, tmp_path: Path) -> None:
    data = (FIXTURES / name).read_bytes()
    assert mo_bytes(parse_po(data, name)) == msgfmt(data, tmp_path)


@needs["msgfmt"]
def test_same_bytes_as_msgfmt_on_the_project_catalogs(tmp_path: Path) -> None:
    paths = sorted((ROOT / "locales").glob("*/LC_MESSAGES/*.po"))
    assert paths
    for path in paths:
        assert mo_bytes(read_po(path)) == msgfmt(path.read_bytes(), tmp_path), path


@needs["msgfmt"]
def test_same_bytes_as_msgfmt_for_contexts_plurals_and_left_out_entries(tmp_path: Path) -> None:
    data = encode_po(sample())
    assert mo_bytes(parse_po(data)) == msgfmt(data, tmp_path)


@needs["msgfmt"]
@pytest.mark.parametrize("count", [0, 1, 2, 3, 7, 40, 300])
def test_same_hash_table_as_msgfmt_for_any_size(count: int, tmp_path: Path) -> None:
    catalog = Catalog(header=Message(msgid="", msgstr="Content-Type: text/plain; charset=UTF-8\n"),
                      messages=[Message(f"message {i} {'x' * (i % 13)}", f"t{i}")
                                for i in range(count)])
    data = encode_po(catalog)
    assert mo_bytes(parse_po(data)) == msgfmt(data, tmp_path)


def test_python_gettext_reads_it_back_and_fuzzy_entries_are_left_out() -> None:
    translations = gettext.GNUTranslations(io.BytesIO(mo_bytes(sample())))
    assert translations.gettext("File") == "Файл"
    assert translations.pgettext("menu", "Open") == "Открыть"
    assert translations.pgettext("adjective", "Open") == "Открытый"
    assert [translations.ngettext("%(n)s file", "%(n)s files", n) for n in (1, 3, 5)] == \
        ["%(n)s файл", "%(n)s файла", "%(n)s файлов"]
    assert translations.gettext("Draft") == "Draft"          # fuzzy: left out
    assert translations.gettext("Empty") == "Empty"
    assert translations.gettext("Gone") == "Gone"            # obsolete
    # The fuzzy header is kept, without its POT-Creation-Date line.
    assert translations.info()["language"] == "ru"
    assert "pot-creation-date" not in translations.info()


@needs["msgunfmt"]
def test_msgunfmt_reads_it_back(tmp_path: Path) -> None:
    path = tmp_path / "out.mo"
    path.write_bytes(mo_bytes(sample()))
    done = subprocess.run(["msgunfmt", str(path)], capture_output=True, check=True)
    back = parse_po(done.stdout)
    assert {(m.msgctxt, m.msgid) for m in back.messages} == \
        {(m.msgctxt, m.msgid) for m in compiled_entries(sample()) if not m.is_header}
    assert back.find("%(n)s file").msgstr_plural[2] == "%(n)s файлов"


def test_every_key_is_found_through_the_hash_table_as_libintl_looks_it_up() -> None:
    catalog = Catalog(messages=[Message(f"key {i}", f"value {i}") for i in range(500)])
    data = mo_bytes(catalog)
    _, _, count, originals, _, size, table_at = struct.unpack_from("<7I", data)
    table = struct.unpack_from(f"<{size}I", data, table_at)
    for i in range(count):
        length, offset = struct.unpack_from("<2I", data, originals + 8 * i)
        key = data[offset:offset + length]
        value = _hash(key)
        slot, step = value % size, 1 + value % (size - 2)
        while table[slot] != i + 1:
            assert table[slot] != 0, key
            slot = slot - (size - step) if slot >= size - step else slot + step


def test_gettext_prime_and_hash_quirks() -> None:
    # gettext's is_prime calls 3 composite; its next_prime(3) is 5.
    assert [_next_prime(n) for n in (0, 1, 3, 4, 9, 10, 100)] == [1, 1, 5, 5, 11, 11, 101]
    assert _hash(b"") == 0 and _hash(b"a") == 97
