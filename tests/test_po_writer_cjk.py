"""Catalogs in the legacy East Asian charsets are written as msgcat writes
them: there, as in libunistring, Greek and Cyrillic letters (ambiguous
width) take two columns and lines break sooner.  GNU msgcat is the oracle."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from publisher.catalogs.pofile import encode_po, parse_po

pytestmark = pytest.mark.skipif(shutil.which("msgcat") is None, reason="GNU gettext missing")

TEXTS = {
    "EUC-JP": ("ja", "Αυτή είναι μια μεγάλη πρόταση με ελληνικά γράμματα που περνά το πλάτος "
                     "της σελίδας δύο φορές τουλάχιστον 日本語の文章も少し入れます。"),
    "GB2312": ("zh_CN", "Это длинное предложение русскими буквами которое проходит ширину "
                        "страницы дважды по крайней мере 中文的句子也在这里。"),
    # Big5 has Greek capitals and small letters, but no accents nor final sigma
    "BIG5": ("zh_TW", "ΑΥΤΗ ΕΙΝΑΙ ΜΙΑ ΜΕΓΑΛΗ ΠΡΟΤΑΣΗ ΜΕ ΕΛΛΗΝΙΚΑ ΓΡΑΜΜΑΤΑ ΠΟΥ ΠΕΡΝΑ ΤΟ "
                      "ΠΛΑΤΟΣ ΤΗΣ ΣΕΛΙΔΑΣ 中文的句子也在這裡。"),
    "EUC-KR": ("ko", "Это длинное предложение русскими буквами которое проходит ширину "
                     "страницы 한국어 문장도 여기에 있습니다."),
}


@pytest.mark.parametrize("charset", sorted(TEXTS))
def test_a_cjk_charset_catalog_is_written_as_msgcat_writes_it(charset, tmp_path):
    language, text = TEXTS[charset]
    source = (f'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset={charset}\\n"\n'
              f'"Language: {language}\\n"\n\n'
              f'msgid "A long sentence that passes the width of the page at least once or twice"\n'
              f'msgstr "{text}"\n').encode(charset.lower())
    path = tmp_path / "in.po"
    path.write_bytes(source)
    ours = encode_po(parse_po(source, str(path)))
    gnu = subprocess.run(["msgcat", str(path)], capture_output=True, check=True).stdout
    assert ours == gnu
    # the wide count is what makes the lines short: no line of the entry
    # reaches 79 columns in characters
    lines = ours.decode(charset.lower()).splitlines()
    assert len([l for l in lines if l.startswith('"') and not l.startswith('"Content')
                and not l.startswith('"Language')]) >= 3
