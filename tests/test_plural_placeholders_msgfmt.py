"""Unnamed %-placeholders in plural entries: every form takes the plural
source's, the form for one number too (Python's ``"One file" % 1`` raises
TypeError).  GNU msgfmt --check is the oracle: publisher refuses exactly
what it refuses, in locales of one, two and three forms."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from publisher.catalogs.checks import check_python_format, cldr_plural_forms, cldr_rule
from publisher.catalogs.pofile import parse_po

pytestmark = pytest.mark.skipif(shutil.which("msgfmt") is None, reason="GNU gettext missing")

CASES = [
    ("en", ["One file", "%d files"]),
    ("en", ["%d file", "%d files"]),
    ("en", ["%d file", "files"]),
    ("fr", ["Un fichier", "%d de fichiers", "%d fichiers"]),
    ("fr", ["%d fichier", "%d de fichiers", "fichiers"]),
    ("fr", ["%d fichier", "%d de fichiers", "%d fichiers"]),
    ("ru", ["Один файл", "%d файла", "%d файлов"]),
    ("ru", ["%d файл", "%d файла", "%d файлов"]),
    ("ja", ["ファイル"]),
    ("ja", ["%d 個のファイル"]),
]


def po(locale: str, forms: list[str]) -> bytes:
    header = (f'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
              f'"Language: {locale}\\n"\n"Plural-Forms: {cldr_plural_forms(locale)}\\n"\n\n')
    body = '#, python-format\nmsgid "One file"\nmsgid_plural "%d files"\n' + "".join(
        f'msgstr[{index}] "{text}"\n' for index, text in enumerate(forms))
    return (header + body).encode("utf-8")


@pytest.mark.parametrize("locale,forms", CASES)
def test_a_form_may_drop_the_number_only_where_msgfmt_lets_it(locale, forms, tmp_path):
    data = po(locale, forms)
    path = tmp_path / f"{locale}.po"
    path.write_bytes(data)
    refused = subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(path)],
                             capture_output=True).returncode != 0
    message = next(m for m in parse_po(data, str(path)).messages if m.msgid == "One file")
    problems = check_python_format(message, cldr_rule(locale))
    assert bool(problems) == refused, (forms, problems)
