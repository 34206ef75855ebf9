"""The catalog modules (pofile.py, merge.py, checks.py) against GNU gettext,
through the public functions (mutation runs, benchmarks/mutation.py, found
the gaps these fill; benchmarks/README.md lists them): the message and line of an error, the bytes written, the
entries merged, the problems reported.  GNU gettext is the oracle where it
has an opinion: every file refused here is refused by ``msgfmt --check``
too, apart from the few things publisher alone refuses (listed)."""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest

from publisher.catalogs.pofile import parse_po
from publisher.core.errors import CatalogError

H = b'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
P = (b'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
     b'"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n\n')

# -- the PO reader: every refusal, its line, message and hint ---------------------------

#: (file, line, message, hint)
REFUSED = [
    (b'\xff\xfem\x00',
     1, 'this file is in UTF-16 or UTF-32; gettext reads only charsets that are supersets of ASCII',
     'convert it, e.g. iconv -f UTF-16 -t UTF-8, and declare charset=UTF-8 in the header'),
    (H + b'msgid "a"\nmsgstr "b\x00"\n',
     5, 'the file contains a NUL byte, which cannot be part of a PO file',
     'the file may be damaged or not a text file; remove the byte'),
    (b'msgid ""\nmsgstr "Content-Type: text/plain; charset=EBCDIC-XYZ\\n"\n',
     2, "the charset 'EBCDIC-XYZ' cannot be used for a PO file",
     "declare charset=UTF-8 in the header's Content-Type"),
    (b'msgid ""\nmsgstr "Content-Type: text/plain; charset=ASCII\\n"\n\nmsgid "a"\nmsgstr "\xc3\xa9"\n',
     5, 'byte 0xC3 is not valid ASCII text',
     'the header declares charset=ASCII; save the file in that charset or declare the one it is in'),
    (b'msgid ""\nmsgstr "Content-Type: text/plain; charset=CHARSET\\n"\n\nmsgid "a"\nmsgstr "\xc3\xa9"\n',
     5, 'byte 0xC3 is not valid CHARSET text',
     'the header still says charset=CHARSET (a template placeholder); declare the real charset, e.g. UTF-8'),
    (b'\xef\xbb\xbfmsgid ""\nmsgstr "Content-Type: text/plain; charset=ISO-8859-1\\n"\n',
     1, 'the file starts with a UTF-8 byte order mark but its header declares charset=ISO-8859-1',
     'remove the byte order mark or declare charset=UTF-8'),
    (H + b'msgid "a"\nmsgstr "b\n',
     5, 'this string has no closing quote',
     'add " at the end of the string on this line'),
    (H + b'msgid "a" xyz\nmsgstr "b"\n',
     4, "unknown keyword 'xyz'",
     'the keywords are msgctxt, msgid, msgid_plural and msgstr'),
    (H + b'msgid "a"\nmsgstr "b" \xe2\x80\x8b\n',
     5, 'unexpected character U+200B ZERO WIDTH SPACE',
     'each line holds a keyword (msgid, msgstr, ...) and a string in double quotes'),
    (H + b'msgid[0] "a"\nmsgstr "b"\n',
     4, 'only msgstr can have an index in brackets',
     None),
    (H + b'msgid "a"\nmsgid_plural "as"\nmsgstr[x] "b"\n',
     6, 'msgstr[...] needs a plural form number between the brackets',
     'write e.g. msgstr[0]'),
    (H + b'msgid "a"\n# note\nmsgstr "b"\n',
     5, 'a comment cannot stand inside an entry',
     "put comments above the entry's first line: above #| lines, msgctxt and msgid"),
    (H + b'msgid "a"\n#~ msgstr "b"\n',
     5, 'this entry mixes obsolete (#~) lines and normal lines',
     'start every line of an obsolete entry with #~ (#~| for previous strings), and no line of a normal entry'),
    (H + b'msgid "a"\nmsgstrr "b"\n',
     5, "unknown keyword 'msgstrr'",
     'did you mean msgstr?'),
    (H + b'domain "x"\nmsgid "a"\nmsgstr "b"\n',
     4, "unknown keyword 'domain'",
     'publisher reads one domain per file; remove the line'),
    (H + b'#| msgctxt "c"\nmsgid "a"\nmsgstr "b"\n',
     5, 'the #| lines above have no #| msgid',
     'add the previous msgid as a #| msgid line'),
    (H + b'msgid "a"\nmsgctxt "c"\nmsgstr "b"\n',
     4, 'this entry has no msgstr',
     'add a msgstr line before line 5'),
    (H + b'msgid "a"\nmsgstr "b"\nmsgid_plural "as"\n',
     6, 'msgid_plural is out of place here',
     "an entry's lines come in this order: #| lines, msgctxt, msgid, msgid_plural, then msgstr"),
    (H + b'msgid "a"\nmsgid_plural "as"\nmsgstr "b"\n',
     6, 'a plural entry needs msgstr[0], msgstr[1], ... instead of msgstr',
     'write msgstr[0] for the first form'),
    (H + b'msgid "a"\nmsgstr "b"\nmsgstr "c"\n',
     6, 'this entry already has a msgstr',
     'join the two translations into one, or start a new entry with its own msgid'),
    (H + b'msgid "a"\nmsgstr[0] "b"\n',
     5, 'msgstr[0] belongs to a plural entry but this entry has no msgid_plural',
     'add a msgid_plural line, or write msgstr without an index'),
    (H + b'msgid "a"\nmsgid_plural "as"\nmsgstr[1] "b"\n',
     6, 'the first plural form must be msgstr[0]',
     'number the plural forms 0, 1, 2, ... in order, without gaps or repeats'),
    (H + b'msgid "a"\nmsgid_plural "as"\nmsgstr[0] "b"\nmsgstr[2] "c"\n',
     7, 'expected msgstr[1] here, found msgstr[2]',
     'number the plural forms 0, 1, 2, ... in order, without gaps or repeats'),
    (H + b'msgctxt "c"\nmsgstr[0] "b"\n',
     5, 'msgstr[0] is out of place here',
     "an entry's lines come in this order: #| lines, msgctxt, msgid, msgid_plural, then msgstr"),
    (H + b'#| msgstr "b"\nmsgid "a"\nmsgstr "b"\n',
     4, 'a #| line can only hold msgctxt, msgid or msgid_plural',
     None),
    (H + b'msgid "a"\n#| msgid "b"\nmsgstr "b"\n',
     5, "#| lines must come before the entry's msgctxt and msgid",
     None),
    (H + b'#| msgid "x"\n#| msgid "y"\nmsgid "a"\nmsgstr "b"\n',
     5, '#| msgid is out of place',
     'previous strings come as #| msgctxt (optional), #| msgid, #| msgid_plural (optional)'),
    (H + b'"a"\nmsgid "a"\nmsgstr "b"\n',
     4, "the header line 'a' has no colon",
     'header lines look like "Name: value\\n"'),
    (H + b'#| "a"\nmsgid "a"\nmsgstr "b"\n',
     4, 'this string has no keyword before it',
     'continuation strings follow a keyword line such as msgid "..." or msgstr "..."'),
    (H + b'msgid "a"\nmsgstr "b"\n#| "x"\n',
     6, 'this string has no keyword before it',
     'continuation strings follow a keyword line such as msgid "..." or msgstr "..."'),
    (H + b'msgid "a\x04b"\nmsgstr "b"\n',
     4, 'this string contains the control character EOT (\\004), which gettext reserves to separate msgctxt from msgid',
     'remove it'),
    (H + b'msgid "a"\nmsgstr "b"\n\nmsgid "a"\nmsgstr "c"\n',
     7, 'duplicate msgid "a"',
     'it is already defined at line 4; remove one of the two'),
    (H + b'msgctxt "k"\nmsgid "a"\nmsgstr "b"\n\nmsgctxt "k"\nmsgid "a"\nmsgstr "c"\n',
     9, 'duplicate msgid "a"',
     'it is already defined at line 5; remove one of the two'),
    (b'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\nmsgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n',
     4, 'duplicate header',
     'it is already defined at line 1; remove one of the two'),
    (H + b'msgid "a"\nmsgstr "\\303\\050"\n',
     4, 'the octal or hex escapes in this entry do not form valid utf-8 text',
     'write the characters themselves instead of escapes'),
    (H + b'#| msgid "a"\n',
     4, 'the file ends after #| lines without an entry',
     None),
    (H + b'msgid "a"\n',
     4, 'this entry has no msgstr',
     'add a msgstr line'),
    (H + b'msgctxt "a"\n\n',
     4, 'this entry has no msgstr',
     'add a msgstr line'),
    (H + b'msgid "a"\nmsgstr "b\\q"\n',
     5, "'\\\\q' is not a valid escape sequence",
     'write \\\\ for a backslash; the escapes are \\n \\t \\" \\\\ \\r \\a \\b \\f \\v, \\ooo (octal) and \\xhh (hex)'),
    (H + b'msgid "a"\nmsgstr "b\\',
     5, 'this string has no closing quote',
     'add " at the end of the string on this line'),
    (H + b'msgid "a"\nmsgstr "b\\0"\n',
     5, "the escape '\\\\0' is NUL, which would cut the string",
     'write the character itself instead of an escape'),
    (H + b'msgid "a"\nmsgstr "b\\x100"\n',
     5, "the escape '\\\\x100' is larger than a byte",
     'write the character itself instead of an escape'),
    (b'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language de\\n"\n',
     4, "the header line 'Language de' has no colon",
     'header lines look like "Name: value\\n"'),
    (b'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Plural-Forms: nplurals=2; plural=n+;\\n"\n',
     4, "the plural expression 'n+' cannot be read: the expression is incomplete",
     'e.g. Plural-Forms: nplurals=2; plural=(n != 1);'),
    (P + b'msgid "a"\nmsgid_plural "as"\nmsgstr[0] "b"\nmsgstr[1] "c"\nmsgstr[2] "d"\n',
     10, "msgstr[2] is one form too many: the header's Plural-Forms says nplurals=2",
     'keep msgstr[0] to msgstr[1]'),
    (P + b'msgid "a"\nmsgid_plural "as"\nmsgstr[0] "b"\n',
     6, "this entry has 1 plural form but the header's Plural-Forms says nplurals=2",
     'add msgstr[1]'),
    (b'msgid "a"\nmsgstr "\xe9"\n\nmsgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n',
     2, 'byte 0xE9 is not valid UTF-8 text',
     'the header declares charset=UTF-8; save the file in that charset or declare the one it is in'),
    (b'msgid "a"\nmsgstr "\xe9"\n',
     2, 'byte 0xE9 is not valid UTF-8 text',
     'no header declares the file\'s charset, so it is read as UTF-8; save it as UTF-8, or begin '
     'it with a header entry whose Content-Type names its charset'),
    (b'msgid "a"\nmsgstr "\xe9"\n\nmsgid ""\nmsgstr "Content-Type: text/plain; charset=ISO-8859-1\\n"\n',
     2, 'byte 0xE9 is not valid UTF-8 text',
     'the header (line 5) declares charset=ISO-8859-1 but is not the file\'s first entry, so the '
     'file is read as UTF-8 up to it; move the header to the top'),
    (b'msgid "a"\nmsgstr "b"\n\nmsgid ""\nmsgstr "Content-Type: text/plain; charset=utf-7\\n"\n',
     4, "the charset 'utf-7' cannot be used for a PO file",
     "declare charset=UTF-8 in the header's Content-Type"),
]

#: Refused here, accepted by msgfmt --check: a NUL byte, a charset that is no
#: charset or the template placeholder with non-ASCII text, a header line
#: without a colon, escapes of NUL, beyond a byte or not forming UTF-8, a
#: first entry in another charset than the header (which comes later, both
#: ways).
STRICTER_THAN_MSGFMT = {1, 2, 4, 27, 34, 40, 41, 42, 46, 48, 49}


@pytest.mark.parametrize("data, line, message, hint", REFUSED)
def test_each_refusal_names_its_line_and_says_what_to_do(data, line, message, hint):
    with pytest.raises(CatalogError) as info:
        parse_po(data, "locales/de/LC_MESSAGES/x.po")
    error = info.value
    assert (error.path, error.line, error.message, error.hint) == \
        ("locales/de/LC_MESSAGES/x.po", line, message, hint)


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="GNU gettext is not installed")
def test_msgfmt_refuses_the_same_files(tmp_path):
    accepted = set()
    for number, (data, *_) in enumerate(REFUSED):
        path = tmp_path / f"{number}.po"
        path.write_bytes(data)
        if subprocess.run(["msgfmt", "--check", "-o", os.devnull, str(path)],
                          capture_output=True).returncode == 0:
            accepted.add(number)
    assert accepted == STRICTER_THAN_MSGFMT


# -- merge: what becomes of each entry and of the header -------------------------------

from publisher.catalogs.merge import merge, merge_header_fields  # noqa: E402
from publisher.catalogs.model import Catalog, Message  # noqa: E402
from publisher.catalogs.pofile import encode_po, format_po  # noqa: E402

needs_msgmerge = pytest.mark.skipif(shutil.which("msgmerge") is None,
                                    reason="GNU msgmerge is not installed")
FR = ('msgid ""\nmsgstr ""\n"Language: fr\\n"\n"MIME-Version: 1.0\\n"\n'
      '"Content-Type: text/plain; charset=UTF-8\\n"\n"Content-Transfer-Encoding: 8bit\\n"\n'
      '"Plural-Forms: nplurals=2; plural=(n > 1);\\n"\n\n')


def po(text: str, header: str = FR) -> Catalog:
    return parse_po((header + text).encode("utf-8"))


def body(text: str) -> str:
    return text.split("\n\n", 1)[1]


def msgmerge(tmp_path, old: str, template: str) -> str:
    (tmp_path / "old.po").write_text(FR + old, "utf-8")
    (tmp_path / "new.pot").write_text(FR + template, "utf-8")
    return subprocess.run(["msgmerge", "--quiet", "--previous", "-o", "-", str(tmp_path / "old.po"),
                           str(tmp_path / "new.pot")], capture_output=True, check=True,
                          text=True).stdout


RANGES = [  # old range, new range: the translation is kept as is, or made fuzzy
    ("1..5", "1..5"), ("1..5", "2..4"), ("1..5", "0..5"), ("1..5", "1..6"), ("1..5", None),
]


@pytest.mark.parametrize("before, after", RANGES)
def test_a_wider_or_dropped_range_makes_the_translation_fuzzy(before, after):
    old = po(f'#, range: {before}\nmsgid "%d files"\nmsgstr "%d fichiers"\n')
    flag = f"#, range: {after}\n" if after else ""
    entry = merge(po(f'{flag}msgid "%d files"\nmsgstr ""\n'), old, "fr", "d").messages[0]
    widened = after is None or after != before and after != "2..4"
    assert entry.fuzzy == widened and entry.msgstr == "%d fichiers"
    assert entry.previous_msgid == ("%d files" if widened else None)


@needs_msgmerge
def test_ranges_and_format_flags_are_merged_as_msgmerge_does(tmp_path):
    old = "".join(f'#, range: {b}\nmsgid "{i} %d"\nmsgstr "{i} %d x"\n\n'
                  for i, (b, _) in enumerate(RANGES))
    old += '#, python-format\nmsgid "Hi %(name)s"\nmsgstr "Salut %(nom)s"\n'
    template = "".join((f"#, range: {a}\n" if a else "") + f'msgid "{i} %d"\nmsgstr ""\n\n'
                       for i, (_, a) in enumerate(RANGES))
    template += '#, python-format\nmsgid "Hi %(name)s"\nmsgstr ""\n'
    ours = format_po(merge(po(template), po(old), "fr", "d"))
    assert body(ours) == body(msgmerge(tmp_path, old, template))


def test_a_translation_that_already_failed_its_format_flag_is_not_made_fuzzy():
    old = po('#, python-format\nmsgid "Hi %(name)s"\nmsgstr "Salut %(nom)s"\n')
    entry = merge(po('#, python-format\nmsgid "Hi %(name)s"\nmsgstr ""\n'), old, "fr", "d").messages[0]
    assert not entry.fuzzy and entry.msgstr == "Salut %(nom)s"


def test_a_plural_that_becomes_singular_keeps_its_other_forms_for_review():
    old = po('msgid "file"\nmsgid_plural "files"\nmsgstr[0] "fichier"\nmsgstr[1] "fi\\\\chiers\\nx"\n\n'
             'msgid "day"\nmsgid_plural "days"\nmsgstr[0] "jour"\nmsgstr[1] ""\n')
    result = merge(po('msgid "file"\nmsgstr ""\n\nmsgid "day"\nmsgstr ""\n'), old, "fr", "d")
    assert body(format_po(result)) == (
        '# previous msgstr[1]: fi\\\\chiers\\nx\n#, fuzzy\n#| msgid "file"\n#| msgid_plural "files"\n'
        'msgid "file"\nmsgstr "fichier"\n\n'
        '#, fuzzy\n#| msgid "day"\n#| msgid_plural "days"\nmsgid "day"\nmsgstr "jour"\n')


def test_a_one_form_plural_that_becomes_singular_is_not_fuzzy_for_its_forms():
    ja = ('msgid ""\nmsgstr ""\n"Language: ja\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
          '"Plural-Forms: nplurals=1; plural=0;\\n"\n\n')
    old = po('msgid "file"\nmsgid_plural "files"\nmsgstr[0] "ファイル"\n', ja)
    entry = merge(po('msgid "file"\nmsgstr ""\n'), old, "ja", "d").messages[0]
    # the plural was dropped: fuzzy for that, with no other form to keep
    assert entry.msgstr == "ファイル" and entry.fuzzy and entry.translator_comments == []


def test_a_new_catalog_gets_a_whole_header_and_the_locale_plural_forms():
    template = po('msgid "file"\nmsgid_plural "files"\nmsgstr[0] ""\nmsgstr[1] ""\n', header="")
    result = merge(template, None, "ru", "docs")
    data = encode_po(result)
    assert data.decode("utf-8").startswith(
        '# Русский translation of docs.\nmsgid ""\nmsgstr ""\n"Project-Id-Version: docs\\n"\n'
        '"Last-Translator: \\n"\n"Language-Team: Русский\\n"\n"Language: ru\\n"\n'
        '"MIME-Version: 1.0\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
        '"Content-Transfer-Encoding: 8bit\\n"\n"Plural-Forms: nplurals=3; plural=')
    assert body(data.decode()) == 'msgid "file"\nmsgid_plural "files"\nmsgstr[0] ""\nmsgstr[1] ""\nmsgstr[2] ""\n'
    assert result.charset == "UTF-8" and result.path is None


def test_an_old_catalog_keeps_its_charset_and_path():
    latin = ('msgid ""\nmsgstr ""\n"Language: fr\\n"\n"Content-Type: text/plain; charset=ISO-8859-1\\n"\n\n')
    old = parse_po((latin + 'msgid "Yes"\nmsgstr "Oui \xe9"\n').encode("latin-1"),
                   "locales/fr/LC_MESSAGES/d.po")
    old.path = "locales/fr/LC_MESSAGES/d.po"
    result = merge(po('msgid "Yes"\nmsgstr ""\n\nmsgid "No \u2260"\nmsgstr ""\n', header=""), old, "fr", "d")
    assert (result.charset, result.path) == ("ISO-8859-1", "locales/fr/LC_MESSAGES/d.po")
    result.messages[1].msgstr = "Non \u2260"
    with pytest.raises(CatalogError) as info:
        encode_po(result)
    assert info.value.path == "locales/fr/LC_MESSAGES/d.po"


def test_header_fields_without_a_colon_or_after_an_empty_line_are_kept():
    template = po('msgid "a"\nmsgstr ""\n', header="")
    merged = merge_header_fields("Project-Id-Version: x\nLanguage-Team\n\nLast-Translator: Ana\n",
                                 template, "de")
    assert merged == ("Project-Id-Version: x\nLast-Translator: Ana\nLanguage: de\nLanguage-Team\n")


def test_figures_of_a_german_source_are_read_the_german_way_when_carried():
    old = po('msgid "{1.500} Dateien"\nmsgstr "{1.500} fichiers"\n\n'
             'msgid "{1.500} Datei"\nmsgid_plural "{1.500} Dateien"\nmsgstr[0] "{1.500} fichier"\n'
             'msgstr[1] "{1.500} fichiers"\n')
    template = po('msgid "{2.500} Dateien"\nmsgstr ""\n\n'
                  'msgid "{2.500} Datei"\nmsgid_plural "{2.500} Dateien"\nmsgstr[0] ""\nmsgstr[1] ""\n')
    singular, plural = merge(template, old, "fr", "d", "de").messages[:2]
    assert not singular.fuzzy and singular.msgstr == "{2.500} fichiers"
    # (a plural whose figures changed is carried for review: its msgid_plural changed too)
    assert plural.fuzzy and plural.msgstr_plural == ["{1.500} fichier", "{1.500} fichiers"]


@needs_msgmerge
def test_a_dropped_entry_becomes_obsolete_as_in_msgmerge(tmp_path):
    old = '# kept\n#. extracted\n#: a.py:1\n#, python-format\nmsgid "Gone %(x)s"\nmsgstr "Parti %(x)s"\n'
    template = 'msgid "Other"\nmsgstr ""\n'
    ours = format_po(merge(po(template), po(old), "fr", "d"))
    assert body(ours) == body(msgmerge(tmp_path, old, template))
    assert "#~ msgid" in ours and "extracted" not in ours and "a.py" not in ours


def test_an_untranslated_old_msgid_is_not_carried_for_its_figures():
    old = po('msgid "{5} apples"\nmsgstr ""\n\nmsgid "{5} apple"\nmsgstr "{5} pomme"\n')
    entry = merge(po('msgid "{7} apples"\nmsgstr ""\n'), old, "fr", "d").messages[0]
    assert entry.fuzzy and entry.msgstr == "{5} pomme" and entry.previous_msgid == "{5} apple"


# -- checks: the format checks' problems, word for word -----------------------------------

from publisher.catalogs.checks import check_brace_format, check_python_format, read_plural_forms  # noqa: E402

EN = read_plural_forms("nplurals=2; plural=(n != 1);")
RU = read_plural_forms("nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && "
                       "(n%100<10 || n%100>=20) ? 1 : 2);")

#: (check, msgid, msgid_plural, msgstr, msgstr[N], plural rule, [(code, message)])
FORMAT_PROBLEMS = [
    ('brace', '{name} opened {count} files', None, '{name} a ouvert {count} fichiers', None, None, [
    ]),
    ('brace', '{name} opened', None, '{nom} a ouvert {name.__class__}', None, None, [
        ('E202', "{nom} is not a placeholder of the source; use only the source's ({name})"),
        ('E203', "{name.__class__} reads an attribute or item of a value; write the source's placeholders only"),
        ('E202', '{name} is missing; keep every placeholder of the source (you may move it)'),
    ]),
    ('brace', 'Hello', None, 'Salut {x}', None, None, [
        ('E202', "{x} is not a placeholder of the source; use only the source's (none)"),
    ]),
    ('brace', '{n:>5}', None, '{n} {n:d}', None, None, [
        ('E203', "{n} formats differently from the source's {n:>5}; write {n:>5}"),
        ('E203', "{n:d} formats differently from the source's {n:>5}; write {n:>5}"),
    ]),
    ('brace', '{a} and {b}', None, '{a} et {b', None, None, [
        ('E203', "the braces do not pair up (expected '}' before end of string); write {{ and }} for literal braces"),
    ]),
    ('brace', '{a} and {b}', None, '{a}', None, None, [
        ('E202', '{b} is missing; keep every placeholder of the source (you may move it)'),
    ]),
    ('brace', 'One file in {folder}', '{count} files in {folder}', None, ['Un fichier', '{count} fichiers'], EN, [
        ('E202', 'msgstr[1]: {folder} is missing; keep every placeholder of the source (you may move it)'),
    ]),
    ('brace', 'One file in {folder}', '{count} files in {folder}', None, ['Un fichier', '{count} fichiers'], None, [
        ('E202', 'msgstr[0]: {folder} is missing; keep every placeholder of the source (you may move it)'),
        ('E202', 'msgstr[1]: {folder} is missing; keep every placeholder of the source (you may move it)'),
    ]),
    ('brace', '{count} file', '{count} files', None, ['{count} файл', '{count} файла', 'файлов'], RU, [
        ('E202', 'msgstr[2]: {count} is missing; keep every placeholder of the source (you may move it)'),
    ]),
    ('brace', '{count} file', '{count} files', None, ['{count} файл }', '{count} {x[0]}', '{cnt}'], RU, [
        ('E203', "msgstr[0]: the braces do not pair up (Single '}' encountered in format string); write {{ and }} for literal braces"),
        ('E203', "msgstr[1]: {x[0]} reads an attribute or item of a value; write the source's placeholders only"),
        ('E202', "msgstr[2]: {cnt} is not a placeholder of the source; use only the source's ({count})"),
        ('E202', 'msgstr[2]: {count} is missing; keep every placeholder of the source (you may move it)'),
    ]),
    ('python', '%(name)s opened %(count)d files', None, '%(nom)s a ouvert %(count)s fichiers', None, None, [
        ('E202', "%(nom)s is not a placeholder of the source; use only the source's (%(name)s, %(count)d)"),
        ('E203', "%(count)s formats the value as string, the source's %(count)d as integer; write %(count)d"),
        ('E202', '%(name)s is missing; keep every placeholder of the source (you may move it)'),
    ]),
    ('python', '%(a)s', None, '%(a)s %z', None, None, [
        ('E203', "'%z' is not a placeholder; write %% for a percent sign, and copy the source's placeholders unchanged"),
    ]),
    ('python', '%d file', '%d files', None, ['%d fichier', '%s fichiers'], EN, [
        ('E203', "msgstr[1]: placeholder 1 is %s, the source's is %d; write %d (unnamed placeholders keep the source's order)"),
    ]),
    ('python', '%(n)d file', '%(n)d files', None, ['un fichier', '%(n)d fichiers'], EN, [
    ]),
    ('python', '%s of %s', None, '%2$s de %1$s', None, None, [
        ('E203', "'%2$s de ' is not a placeholder; write %% for a percent sign, and copy the source's placeholders unchanged"),
    ]),
    ('python', '%s and %(a)s', None, '%s et %(a)s', None, None, [
        ('E203', "named placeholders such as %(a)s are mixed with unnamed ones such as %s; use the source's placeholders only, and write %% for a percent sign"),
    ]),
    ('python', '100%% %(a)s', None, '100 % %(a)s', None, None, [
        ('E202', '%(a)s is missing; keep every placeholder of the source (you may move it)'),
    ]),
    ('python', '%s files', None, '%(n)s fichiers', None, None, [
        ('E203', "%(n)s has a name, the source's placeholders have none (%s); write them as the "
                 "source does"),
    ]),
    ('python', '%(n)s and %(m)s', None, '%s et %s', None, None, [
        ('E203', "%s has no name; use the source's named placeholders (%(n)s, %(m)s)"),
    ]),
    # an error in each form: each form is checked, whatever the forms before it
    ('python', '%(n)d file', '%(n)d files', None, ['%(n)d файл %', '%d файла', '%(n)d %s файлов'], RU, [
        ('E203', "msgstr[0]: '%' is not a placeholder; write %% for a percent sign, and copy "
                 "the source's placeholders unchanged"),
        ('E203', "msgstr[1]: %d has no name; use the source's named placeholders (%(n)d)"),
        ('E203', "msgstr[2]: named placeholders such as %(n)d are mixed with unnamed ones such "
                 "as %s; use the source's placeholders only, and write %% for a percent sign"),
    ]),
    ('brace', '{n} file', '{n} files', None, ['{n} файл {', '{n} {m} файла', '{n:d} файлов'], RU, [
        ('E203', "msgstr[0]: the braces do not pair up (Single '{' encountered in format string); "
                 "write {{ and }} for literal braces"),
        ('E202', "msgstr[1]: {m} is not a placeholder of the source; use only the source's ({n})"),
        ('E203', "msgstr[2]: {n:d} formats differently from the source's {n}; write {n}"),
    ]),
]


@pytest.mark.parametrize("check, msgid, plural, msgstr, forms, rule, expected", FORMAT_PROBLEMS)
def test_format_checks_say_what_is_wrong_in_which_form(check, msgid, plural, msgstr, forms, rule,
                                                       expected):
    message = Message(msgid=msgid, msgid_plural=plural, msgstr=msgstr or "",
                      msgstr_plural=forms or [], lineno=7)
    function = check_brace_format if check == "brace" else check_python_format
    found = function(message, rule)
    assert [(p.code, p.line, p.severity, p.message) for p in found] == \
        [(code, 7, "error", text) for code, text in expected]



def test_previous_strings_of_a_plural_entry_are_read_in_their_order():
    text = (FR + '#, fuzzy\n#| msgctxt "menu"\n#| msgid "file"\n#| msgid_plural "files"\n'
            'msgctxt "menu"\nmsgid "a file"\nmsgid_plural "files"\nmsgstr[0] "fichier"\n'
            'msgstr[1] "fichiers"\n')
    entry = parse_po(text.encode()).messages[0]
    assert (entry.previous_msgctxt, entry.previous_msgid, entry.previous_msgid_plural) == \
        ("menu", "file", "files")
    assert format_po(parse_po(text.encode())) == text
    with pytest.raises(CatalogError, match="#[|] msgid_plural is out of place"):
        parse_po(b'#| msgctxt "menu"\n#| msgid_plural "files"\nmsgid "a"\nmsgstr "b"\n')


def test_a_wrong_number_of_plural_forms_is_counted_in_words():
    from publisher.catalogs.checks import check_plural_count

    def said(forms):
        message = Message(msgid="f", msgid_plural="fs", msgstr_plural=forms, lineno=3)
        return [(p.code, p.line, p.message) for p in check_plural_count(message, "ru")]

    rule = ("ru has 3 (msgstr[0] for n = 1, 21, 31, …; msgstr[1] for n = 2, 3, 4, …; msgstr[2] for "
            "n = 0, 5, 6, …); write msgstr[0] to msgstr[2] (and the header's Plural-Forms must say "
            "nplurals=3)")
    assert said(["a"]) == [("E404", 3, f"this entry has 1 plural form, {rule}")]
    assert said(["a", "b"]) == [("E404", 3, f"this entry has 2 plural forms, {rule}")]
    assert said(["a", "b", "c"]) == []


def test_comments_with_line_breaks_are_written_one_line_each():
    entry = Message(msgid="a", msgstr="b", extracted_comments=["one\ntwo"], translator_comments=["x\ny"])
    assert format_po(Catalog(messages=[entry])) == '# x\n# y\n#. one\n#. two\nmsgid "a"\nmsgstr "b"\n'


@pytest.mark.parametrize("data", [
    b'#~| msgid "x"\n#| msgid_plural "y"\n#~ msgid "a"\n#~ msgstr "b"\n',
    b'#| msgid "x"\n#~| msgid_plural "y"\nmsgid "a"\nmsgstr "b"\n',
])
def test_previous_lines_that_mix_obsolete_and_normal_name_their_line(data):
    with pytest.raises(CatalogError) as info:
        parse_po(data)
    assert (info.value.line, info.value.message) == (2, "this entry mixes obsolete (#~) lines and normal lines")


#: (file, the locale of its folder, [(code, line, message)])
HEADER_PROBLEMS = [
    (b'msgid "a"\nmsgstr "b"\n', 'de', [
        ('E401', 1, 'the file has no header entry (msgid "" with Language, Plural-Forms and Content-Type); run `publisher update`, or copy the header of a sibling file'),
    ]),
    (b'\nmsgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n', 'de', [
        ('E401', 2, 'the header has no Language field; add "Language: de\\n" to the header'),
        ('E402', 2, 'the header has no Plural-Forms field; write Plural-Forms: nplurals=2; plural=(n != 1);'),
    ]),
    (b'\nmsgid ""\nmsgstr ""\n"Language: xx_YY_ZZ\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Plural-Forms: nplurals=1; plural=0;\\n"\n', None, [
        ('E401', 2, "Language: xx_YY_ZZ — 'xx_YY_ZZ' is not a locale name (use a CLDR locale name such as de, pt_BR or zh_Hans_CN)"),
    ]),
    (b'\nmsgid ""\nmsgstr ""\n"Language: fr\\n"\n"Plural-Forms: nplurals=2; plural=(n > 1);\\n"\n', 'de', [
        ('E401', 2, "the header says Language: fr, but the file is in the folder of de; write Language: de, or move the file to its locale's folder"),
        ('E402', 2, "the plural expression gives form 0 for n=0, CLDR's rule for de gives form 1; write Plural-Forms: nplurals=2; plural=(n != 1);"),
        ('E403', 2, 'the header declares no charset; add "Content-Type: text/plain; charset=UTF-8\\n"'),
    ]),
    (b'\nmsgid ""\nmsgstr ""\n"Language: de\\n"\n"Content-Type: text/plain; charset=CHARSET\\n"\n"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n', 'de', [
        ('E403', 2, "the header still says charset=CHARSET, the template's placeholder; write charset=UTF-8 (and save the file as UTF-8)"),
    ]),
    (b'\nmsgid ""\nmsgstr ""\n"Language: de\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n', 'de', [
    ]),
]


@pytest.mark.parametrize("data, folder, expected", HEADER_PROBLEMS)
def test_header_problems_name_the_header_line_and_the_fix(data, folder, expected):
    from publisher.catalogs.checks import check_header

    found = check_header(parse_po(data), folder)
    assert [(p.code, p.line, p.severity, p.message) for p in found] == \
        [(code, line, "error", text) for code, line, text in expected]
