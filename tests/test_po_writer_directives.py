"""msgcat never breaks a line inside a format directive; in a translation of
a C format string that includes glibc's ``I`` flag (``% Id``: the locale's
digits), which a msgid cannot use.  Entries with such directives at every
column around the page width are written as msgcat writes them."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from publisher.catalogs.pofile import encode_po, parse_po

pytestmark = pytest.mark.skipif(shutil.which("msgcat") is None, reason="GNU gettext missing")


def catalog() -> bytes:
    entries = ['msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
               '"Language: fa\\n"\n']
    for offset in range(40, 90):
        words = " ".join(["word"] * (offset // 5)) + "x" * (offset % 5)
        # "% I5d": the space flag is a place a line could break, but not inside a directive
        entries.append(f'#, c-format\nmsgid "{offset}: % 5d files in % 5d folders"\n'
                       f'msgstr "{offset}: {words} % I5d files in % I5d folders, and more text"\n')
    return "\n".join(entries).encode("utf-8")


def test_c_format_translations_are_wrapped_as_msgcat_wraps_them(tmp_path):
    data = catalog()
    path = tmp_path / "fa.po"
    path.write_bytes(data)
    gnu = subprocess.run(["msgcat", str(path)], capture_output=True, check=True).stdout
    assert encode_po(parse_po(data, str(path))) == gnu
    # and somewhere msgcat kept a directive whole where plain text would break
    assert b'% I5d' in gnu and b'% "\n"I5d' not in gnu
