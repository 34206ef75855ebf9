"""Read and write gettext PO and POT files.

``parse_po`` is a strict reader: whatever ``msgfmt --check`` rejects it
rejects too, with a :class:`~publisher.errors.CatalogError` naming the line,
and it also refuses a few things msgfmt lets through unnoticed (NUL bytes,
escapes that do not fit in a byte, header lines without a colon).

``format_po`` writes a catalog byte for byte as GNU ``msgcat`` 0.21 writes
it with its default options: comment and flag order, references re-wrapped
at the page width, and strings broken where gettext breaks them.  gettext
breaks lines with libunistring's Unicode line breaking (UAX #14) and column
widths, so this module carries libunistring 1.0's data (Unicode 14) and
algorithm: see :func:`_line_breaks`.

gettext also never breaks inside a format directive of the message's
format language; the C, Objective C, Python and Python brace syntaxes are
known here (strings flagged with another language may wrap differently).

Known differences from msgcat, all on input msgcat itself handles oddly:
msgcat keeps the carriage return of CRLF comment lines inside the comment,
refuses a UTF-8 byte order mark, keeps a header that is not the first entry
in its place, and writes nothing for a catalog with only a header unless
given ``--force-po``; here CRLF files read like LF files, a BOM is accepted,
the header is always written first and always written.
"""

from __future__ import annotations

import base64
import bisect
import codecs
import difflib
import functools
import hashlib
import re
import unicodedata
import zlib
from itertools import accumulate, compress, repeat
from operator import ge
from pathlib import Path

from publisher.catalogs.model import Catalog, Message
from publisher.catalogs.plurals import plural_table
from publisher.core.errors import CatalogError
from publisher.core.fsutil import WriteError, atomic_write_bytes

__all__ = ["parse_po", "format_po", "encode_po", "read_po", "write_po"]


# ------------------------------------------------------------ public API


def read_po(path: str | Path) -> Catalog:
    """Read and parse the PO or POT file at ``path``."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise CatalogError(f"cannot read the catalog: {exc.strerror}",
                           path=path) from exc
    catalog = parse_po(data, str(path))
    catalog.path = str(path)
    catalog.digest = hashlib.sha256(data).hexdigest()
    return catalog


def write_po(path: str | Path, catalog: Catalog, root: str | Path | None = None) -> bool:
    """Write ``catalog`` to ``path`` atomically, only if the bytes change.

    The catalog is encoded completely before the file is touched, so an
    error leaves the file as it was.  Returns whether the file was written.
    """
    data = encode_po(catalog)
    try:
        return atomic_write_bytes(path, data, root)
    except WriteError as error:
        raise CatalogError(error.message.replace("the file", "the catalog"), path=path,
                           hint=error.hint) from None
    except OSError as exc:
        raise CatalogError(f"cannot write the catalog: {exc.strerror}",
                           path=path) from exc


def encode_po(catalog: Catalog) -> bytes:
    """Format ``catalog`` and encode it in ``catalog.charset``."""
    codec = _codec(catalog.charset, catalog.path)
    chunks = []
    for message, text in _format_entries(catalog, 79):
        try:
            chunks.append(text.encode(codec))
        except UnicodeEncodeError as exc:
            char = exc.object[exc.start]
            raise CatalogError(
                f"the character {char!r} (U+{ord(char):04X}) in the entry "
                f"{_describe(message)} cannot be written in {catalog.charset}",
                path=catalog.path, line=message.lineno or None,
                hint="set charset=UTF-8 in the header's Content-Type, "
                     "or remove the character") from None
    return b"".join(chunks)


def format_po(catalog: Catalog, width: int = 79) -> str:
    """The text of ``catalog`` exactly as GNU msgcat 0.21 writes it.

    ``width`` is msgcat's ``--width``.  Like msgcat, this drops flags gettext
    does not know, the fuzzy flag of entries without a translation, and
    obsolete entries without a translation, and puts obsolete entries last.
    """
    return "".join(text for _, text in _format_entries(catalog, width))


def _describe(message: Message) -> str:
    text = message.msgid
    if len(text) > 40:
        text = text[:37] + "..."
    return f'msgid "{text}"'


# ------------------------------------------------------------ reading


def parse_po(data: bytes, path: str = "<string>") -> Catalog:
    """Parse the bytes of a PO or POT file.

    The file is decoded in the charset its header declares (UTF-8 when it
    declares none); a UTF-8 byte order mark and CRLF line ends are accepted.
    """
    has_bom = data.startswith(codecs.BOM_UTF8)
    if has_bom:
        data = data[len(codecs.BOM_UTF8):]
    _reject_binary(data, path)
    charset, line = _sniff_charset(data)
    _codec(charset, path, line)
    catalog = _parse_text(_decode(data, charset, path, declared=line is not None), charset, path)
    if _codec(catalog.charset, path) != _codec(charset, path):
        # The header is not the first entry: read again in its charset.
        catalog = _parse_text(_decode(data, catalog.charset, path),
                              catalog.charset, path)
    if has_bom and _codec(catalog.charset, path) != "utf-8":
        raise CatalogError(
            f"the file starts with a UTF-8 byte order mark but its header "
            f"declares charset={catalog.charset}", path=path, line=1,
            hint="remove the byte order mark or declare charset=UTF-8")
    return catalog


def _reject_binary(data: bytes, path: str) -> None:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or (
            len(data) >= 2 and (data[0] == 0) != (data[1] == 0)):
        raise CatalogError(
            "this file is in UTF-16 or UTF-32; gettext reads only charsets "
            "that are supersets of ASCII", path=path, line=1,
            hint="convert it, e.g. iconv -f UTF-16 -t UTF-8, and declare "
                 "charset=UTF-8 in the header")
    nul = data.find(b"\0")
    if nul >= 0:
        raise CatalogError(
            "the file contains a NUL byte, which cannot be part of a PO file",
            path=path, line=data.count(b"\n", 0, nul) + 1,
            hint="the file may be damaged or not a text file; remove the byte")


_SNIFF_HEADER = re.compile(
    rb'\A(?:[ \t\r\f\v]*(?:#(?![~|])[^\n]*)?\n)*'
    rb'[ \t\r\f\v]*msgid[ \t\r\f\v]*""[ \t\r\f\v]*\n'
    rb'[ \t\r\f\v]*msgstr[ \t\r\f\v]*((?:"[^\n]*\n[ \t\r\f\v]*)+)')
_CHARSET = re.compile(r"charset=([^ \t\n]*)")


def _sniff_charset(data: bytes) -> tuple[str, int | None]:
    """The charset of a header at the start of the file (else UTF-8), and
    the line that declares it."""
    match = _SNIFF_HEADER.match(data)
    if match:
        found = re.compile(rb'charset=([^\s"\\]+)').search(
            data, match.start(1), match.end(1))
        if found:
            return (found.group(1).decode("ascii", "replace"),
                    data.count(b"\n", 0, found.start()) + 1)
    return "UTF-8", None


def _codec(charset: str, path: str | None, line: int | None = None) -> str:
    """The Python codec for a PO charset name; CHARSET (a POT) means ASCII."""
    if charset == "CHARSET":
        return "ascii"
    name = _text_codec(charset)
    if name is None:
        raise CatalogError(f"the charset {charset!r} cannot be used for a PO "
                           "file", path=path, line=line,
                           hint="declare charset=UTF-8 in the header's "
                                "Content-Type")
    return name


#: Codecs Python knows that decode ASCII as ASCII but are not charsets a PO
#: file can be in: escapes that make characters (a lone surrogate) out of
#: ASCII text, domain-name encodings, and the codec that fails on purpose.
_NOT_CHARSETS = ("raw-unicode-escape", "unicode-escape", "raw_unicode_escape",
                 "unicode_escape", "punycode", "idna", "undefined", "utf-7",
                 "utf-16", "utf-32", "utf-8-sig")
_ASCII = bytes(range(1, 128))


@functools.lru_cache(maxsize=64)
def _text_codec(charset: str) -> str | None:
    """The Python codec of ``charset`` when it is a text encoding that is a
    superset of ASCII (what gettext reads), else None."""
    try:
        info = codecs.lookup(charset)
    except (LookupError, TypeError, ValueError):
        return None
    name = info.name
    if not getattr(info, "_is_text_encoding", True) or name.startswith(_NOT_CHARSETS):
        return None
    try:
        if _ASCII.decode(name) != _ASCII.decode("ascii") or \
                _ASCII.decode("ascii").encode(name) != _ASCII:
            return None
    except (UnicodeError, LookupError, TypeError, ValueError):
        return None
    return name


def _decode(data: bytes, charset: str, path: str, declared: bool = True) -> str:
    """``data`` decoded in ``charset`` (``declared``: by the header, else
    UTF-8 for a file whose first entry is no header)."""
    codec = _codec(charset, path)
    try:
        return data.decode(codec)
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        later = re.search(rb'Content-Type:[^"]*charset=([^\s"\\]+)', data)
        named = later.group(1).decode("ascii", "replace") if later else ""
        if not declared and later and named.lower() != charset.lower():
            header_line = data.count(b"\n", 0, later.start()) + 1
            hint = (f"the header (line {header_line}) declares "
                    f"charset={named} but is not the file's first entry, so the file is read "
                    "as UTF-8 up to it; move the header to the top")
        elif not declared and not later:
            hint = ("no header declares the file's charset, so it is read as UTF-8; save "
                    "it as UTF-8, or begin it with a header entry whose Content-Type "
                    "names its charset")
        elif charset == "CHARSET":
            hint = ("the header still says charset=CHARSET (a template "
                    "placeholder); declare the real charset, e.g. UTF-8")
        else:
            hint = (f"the header declares charset={charset}; save the file "
                    "in that charset or declare the one it is in")
        raise CatalogError(f"byte 0x{data[exc.start]:02X} is not valid "
                           f"{charset} text", path=path, line=line,
                           hint=hint) from None


# Parser stages: what the entry being read has seen so far.
_EMPTY, _PREVIOUS, _CONTEXT, _MSGID, _PLURAL, _MSGSTR = range(6)
_KEYWORDS = ("msgctxt", "msgid", "msgid_plural", "msgstr")
_TOKEN = re.compile(r'''
      (?P<space>[ \t\r\f\v]+)
    | (?P<word>[A-Za-z_][A-Za-z0-9_]*)
    | \[(?P<index>[^\]]*)(?P<close>\])?
    | (?P<hash>\#)
''', re.VERBOSE)
_SIMPLE_LINE = re.compile(r'[ \t\r\f\v]*(?:(msgctxt|msgid_plural|msgid)|msgstr(?:\[([0-9]+)\])?)'
                          r'[ \t\r\f\v]*"([^"\\]*)"[ \t\r\f\v]*\Z')
_INDEX = re.compile(r"[ \t\r\f\v]*\[(?P<index>[^\]]*)(?P<close>\])?")
_ESCAPE = re.compile(r'\\(?:([ntbrfva"\\])|([0-7]{1,3})|x([0-9A-Fa-f]+)|(.?))',
                     re.DOTALL)
_SIMPLE_ESCAPES = {"n": "\n", "t": "\t", "b": "\b", "r": "\r", "f": "\f",
                   "v": "\v", "a": "\a", '"': '"', "\\": "\\"}


class _Parser:
    """Turns the lines of a decoded PO file into a Catalog."""

    def __init__(self, path: str, codec: str) -> None:
        self.path = path
        self.codec = codec
        self.header: Message | None = None
        self.header_lines: list[tuple[int, int]] = []
        self.messages: list[Message] = []
        self.first_line: dict[tuple[str | None, str], int] = {}
        self.plural_lines: list[tuple[Message, list[int]]] = []
        self._start_entry()

    def error(self, line: int, message: str, hint: str | None = None):
        return CatalogError(message, path=self.path, line=line, hint=hint)

    def _start_entry(self) -> None:
        self.stage = _EMPTY
        self.obsolete: bool | None = None
        self.comments: list[str] = []
        self.extracted: list[str] = []
        self.references: list[str] = []
        self.flags: list[str] = []
        self.previous: dict[str, list[str]] = {}
        self.fields: dict[str, list[str]] = {}
        self.forms: list[list[str]] = []
        self.form_lines: list[int] = []
        self.parts: list[str] | None = None   # where strings go
        self.parts_previous = False
        self.piece_lines: list[tuple[int, int]] | None = None
        self.msgid_line = 0
        self.raw_bytes = False

    # -- lines ----------------------------------------------------------
    def feed(self, text: str) -> None:
        lines = text.split("\n")
        numbered = (_join_continued(lines) if "\\\n" in text
                    else enumerate(lines, 1))
        for lineno, line in numbered:
            if line.endswith("\r"):
                line = line[:-1]
            line = line.lstrip(" \t\f\v")
            if not line:
                continue
            first = line[0]
            if (first == '"' and len(line) > 1 and line[-1] == '"'
                    and "\\" not in line and line.count('"') == 2):
                self.string(line[1:-1], lineno, False, False)
            elif first == "#":
                mark = line[1:2]
                if mark == "~":
                    previous = line[2:3] == "|"
                    self.tokens(line[3 if previous else 2:], lineno, True,
                                previous)
                elif mark == "|":
                    self.tokens(line[2:], lineno, False, True)
                else:
                    self.comment(line[1:], lineno)
            else:
                self.tokens(line, lineno, False, False)

    def tokens(self, line: str, lineno: int, obsolete: bool,
               previous: bool) -> None:
        simple = _SIMPLE_LINE.match(line)
        if simple is not None:
            # A keyword and one string without escapes: most lines.
            word, index, value = simple.groups()
            self.keyword(word or "msgstr", None if index is None else int(index), lineno,
                         obsolete, previous)
            self.string(value, lineno, obsolete, previous)
            return
        pos, end = 0, len(line)
        while pos < end:
            if line[pos] == '"':
                # Scanned by hand: a regular expression for a string literal
                # costs memory per character (gigabytes for a 20 MB string).
                close = _string_end(line, pos + 1)
                if close < 0:
                    raise self.error(lineno, "this string has no closing quote",
                                     'add " at the end of the string on this line')
                value, raw = _unescape(line[pos + 1:close], lineno, self)
                self.raw_bytes |= raw
                self.string(value, lineno, obsolete, previous)
                pos = close + 1
                continue
            match = _TOKEN.match(line, pos)
            if match is None:
                raise self.error(lineno,
                                 f"unexpected {_shown_token(line[pos:])}",
                                 "each line holds a keyword (msgid, msgstr, "
                                 "...) and a string in double quotes")
            kind = "index" if match.lastgroup == "close" else match.lastgroup
            if kind == "word":
                word = match.group("word")
                index = None
                after = _INDEX.match(line, match.end())
                if word == "msgstr" and after:
                    index = self.plural_index(after, lineno)
                    match = after
                self.keyword(word, index, lineno, obsolete, previous)
            elif kind == "index":
                raise self.error(lineno, "only msgstr can have an index in "
                                 "brackets")
            elif kind == "hash":
                self.comment(line[match.end():], lineno)
                return
            pos = match.end()

    def plural_index(self, match: re.Match, lineno: int) -> int:
        text = match.group("index").strip(" \t")
        if match.group("close") is None or not text.isdigit() \
                or not text.isascii():
            raise self.error(lineno, "msgstr[...] needs a plural form number "
                             "between the brackets", "write e.g. msgstr[0]")
        return int(text)

    # -- comments -------------------------------------------------------
    def comment(self, text: str, lineno: int) -> None:
        if self.stage == _MSGSTR:
            self.finish()
        elif self.stage != _EMPTY:
            raise self.error(lineno, "a comment cannot stand inside an entry",
                             "put comments above the entry's first line: "
                             "above #| lines, msgctxt and msgid")
        kind = text[:1]
        if kind == ".":
            self.extracted.append(text[2:] if text[1:2] == " " else text[1:])
        elif kind == ":":
            for reference in _parse_references(text[1:]):
                if reference not in self.references:
                    self.references.append(reference)
        elif kind in (",", "!"):
            self.flags.extend(f for f in _split_flags(text[1:])
                              if f not in self.flags)
        else:
            solaris = _SOLARIS_REFERENCE.match(text)
            if solaris:
                reference = f"{solaris.group(1)}:{int(solaris.group(2))}"
                if reference not in self.references:
                    self.references.append(reference)
            else:
                self.comments.append(text[1:] if kind == " " else text)

    # -- keywords and strings ---------------------------------------------
    def same_state(self, obsolete: bool, lineno: int) -> None:
        if self.obsolete is None:
            self.obsolete = obsolete
        elif self.obsolete != obsolete:
            raise self.error(
                lineno,
                "this entry mixes obsolete (#~) lines and normal lines",
                "start every line of an obsolete entry with #~ (#~| for "
                "previous strings), and no line of a normal entry")

    def keyword(self, word: str, index: int | None, lineno: int,
                obsolete: bool, previous: bool) -> None:
        if word not in _KEYWORDS:
            close = difflib.get_close_matches(word, _KEYWORDS + ("msgstr[0]",),
                                              n=1)
            hint = (f"did you mean {close[0]}?" if close else
                    "the keywords are msgctxt, msgid, msgid_plural and msgstr")
            if word == "domain":
                hint = "publisher reads one domain per file; remove the line"
            raise self.error(lineno, f"unknown keyword {word!r}", hint)
        if previous:
            self.previous_keyword(word, lineno, obsolete)
            return
        stage = self.stage
        if word in ("msgctxt", "msgid") and stage == _MSGSTR:
            self.finish()
            stage = _EMPTY
        if stage == _PREVIOUS and "msgid" not in self.previous:
            raise self.error(lineno, "the #| lines above have no #| msgid",
                             "add the previous msgid as a #| msgid line")
        if word == "msgctxt":
            if stage > _PREVIOUS:
                raise self.misplaced(lineno, "msgctxt")
            self.stage = _CONTEXT
            self.msgid_line = lineno
        elif word == "msgid":
            if stage > _CONTEXT:
                raise self.misplaced(lineno, "msgid")
            self.stage = _MSGID
            self.msgid_line = lineno
        elif word == "msgid_plural":
            if stage != _MSGID:
                raise self.misplaced(lineno, "msgid_plural")
            self.stage = _PLURAL
        elif index is None:
            if stage == _PLURAL:
                raise self.error(lineno, "a plural entry needs msgstr[0], "
                                 "msgstr[1], ... instead of msgstr",
                                 "write msgstr[0] for the first form")
            if stage != _MSGID:
                raise self.misplaced(lineno, "msgstr")
            self.stage = _MSGSTR
        else:
            self.plural_form(index, lineno)
        self.same_state(obsolete, lineno)
        parts = self.parts = []
        self.parts_previous = False
        if word == "msgstr":
            if index is None:
                self.fields["msgstr"] = parts
            else:
                self.forms.append(parts)
                self.form_lines.append(lineno)
            if (index in (None, 0) and not obsolete
                    and self.fields.get("msgctxt") is None
                    and not "".join(self.fields["msgid"])):
                self.piece_lines = []
        else:
            self.fields[word] = parts

    def plural_form(self, index: int, lineno: int) -> None:
        if self.stage == _MSGID:
            raise self.error(lineno, f"msgstr[{index}] belongs to a plural "
                             "entry but this entry has no msgid_plural",
                             "add a msgid_plural line, or write msgstr "
                             "without an index")
        if self.stage == _PLURAL:
            expected = 0
        elif self.stage == _MSGSTR and self.forms:
            expected = len(self.forms)
        else:
            raise self.misplaced(lineno, f"msgstr[{index}]")
        if index != expected:
            what = ("the first plural form must be msgstr[0]" if expected == 0
                    else f"expected msgstr[{expected}] here, found "
                         f"msgstr[{index}]")
            raise self.error(lineno, what, "number the plural forms 0, 1, 2, "
                             "... in order, without gaps or repeats")
        self.stage = _MSGSTR

    def misplaced(self, lineno: int, word: str) -> CatalogError:
        if self.stage in (_CONTEXT, _MSGID, _PLURAL) and word in (
                "msgctxt", "msgid"):
            return self.error(
                self.msgid_line or lineno, "this entry has no msgstr",
                f"add a msgstr line before line {lineno}")
        if self.stage == _MSGSTR and word == "msgstr":
            return self.error(lineno, "this entry already has a msgstr",
                              "join the two translations into one, or start "
                              "a new entry with its own msgid")
        order = "#| lines, msgctxt, msgid, msgid_plural, then msgstr"
        return self.error(lineno, f"{word} is out of place here",
                          f"an entry's lines come in this order: {order}")

    def previous_keyword(self, word: str, lineno: int, obsolete: bool) -> None:
        if word == "msgstr":
            raise self.error(lineno, "a #| line can only hold msgctxt, msgid "
                             "or msgid_plural")
        if self.stage == _MSGSTR:
            self.finish()
        elif self.stage > _PREVIOUS:
            raise self.error(lineno, "#| lines must come before the entry's "
                             "msgctxt and msgid")
        expected = {"msgctxt": not self.previous,
                    "msgid": "msgid" not in self.previous,
                    "msgid_plural": list(self.previous)[-1:] == ["msgid"]}
        if not expected[word]:
            raise self.error(lineno, f"#| {word} is out of place",
                             "previous strings come as #| msgctxt (optional), "
                             "#| msgid, #| msgid_plural (optional)")
        self.same_state(obsolete, lineno)
        if self.stage == _EMPTY:
            self.msgid_line = lineno
        self.stage = _PREVIOUS
        self.parts = self.previous[word] = []
        self.parts_previous = True

    def string(self, value: str, lineno: int, obsolete: bool,
               previous: bool) -> None:
        if self.parts is None or previous != self.parts_previous:
            if previous and self.parts is None:
                hint = "start with #| msgid \"...\""
            else:
                hint = ("continuation strings follow a keyword line such as "
                        "msgid \"...\" or msgstr \"...\"")
            raise self.error(lineno, "this string has no keyword before it",
                             hint)
        if obsolete != self.obsolete:
            self.same_state(obsolete, lineno)
        if "\x04" in value:
            raise self.error(lineno, "this string contains the control "
                             "character EOT (\\004), which gettext reserves "
                             "to separate msgctxt from msgid", "remove it")
        self.parts.append(value)
        if self.piece_lines is not None:
            self.piece_lines.append((lineno, len(value)))

    # -- entries --------------------------------------------------------
    def finish(self) -> None:
        """Turn the entry read so far into a Message."""
        text = self.text if self.raw_bytes else _joined
        fields = self.fields
        previous = self.previous or _NO_PREVIOUS
        message = Message(
            msgid=text(fields["msgid"]),
            msgctxt=text(fields.get("msgctxt")),
            msgid_plural=text(fields.get("msgid_plural")),
            msgstr=text(fields.get("msgstr")) or "",
            msgstr_plural=[text(form) for form in self.forms],
            flags=self.flags, translator_comments=self.comments,
            extracted_comments=self.extracted, references=self.references,
            previous_msgctxt=text(previous.get("msgctxt")),
            previous_msgid=text(previous.get("msgid")),
            previous_msgid_plural=text(previous.get("msgid_plural")),
            obsolete=bool(self.obsolete), lineno=self.msgid_line)
        first = self.first_line.setdefault(message.key, message.lineno)
        if first != message.lineno:
            what = "header" if message.is_header else _describe(message)
            raise self.error(message.lineno, f"duplicate {what}",
                             f"it is already defined at line {first}; remove "
                             "one of the two")
        if message.is_header and not message.obsolete:
            self.header = message
            self.header_lines = self.piece_lines or []
        else:
            self.messages.append(message)
            if message.is_plural and not message.obsolete:
                self.plural_lines.append((message, self.form_lines))
        self._start_entry()

    def text(self, parts: list[str] | None) -> str | None:
        if parts is None:
            return None
        value = "".join(parts)
        if self.raw_bytes:
            try:
                return value.encode(self.codec, "surrogateescape").decode(
                    self.codec)
            except UnicodeError:
                raise self.error(self.msgid_line, "the octal or hex escapes "
                                 f"in this entry do not form valid "
                                 f"{self.codec} text",
                                 "write the characters themselves instead "
                                 "of escapes") from None
        return value

    def end(self) -> None:
        if self.stage == _MSGSTR:
            self.finish()
        elif self.stage == _PREVIOUS:
            raise self.error(self.msgid_line, "the file ends after #| "
                             "lines without an entry")
        elif self.stage != _EMPTY:
            raise self.error(self.msgid_line, "this entry has no msgstr",
                             "add a msgstr line")


_NO_PREVIOUS: dict[str, list[str]] = {}


def _joined(parts: list[str] | None) -> str | None:
    """The value of an entry's strings (:meth:`_Parser.text` without escapes)."""
    return None if parts is None else "".join(parts)


def _join_continued(lines: list[str]) -> list[tuple[int, str]]:
    """Join lines ending in a backslash to the next, as gettext does (in
    linear time: the pieces are joined once, not appended one by one)."""
    joined = []
    index = 0
    while index < len(lines):
        start, text = index, lines[index]
        if text.endswith("\\") and index + 1 < len(lines):
            pieces = []
            while text.endswith("\\") and index + 1 < len(lines):
                pieces.append(text[:-1])
                index += 1
                text = lines[index]
            pieces.append(text)
            text = "".join(pieces)
        joined.append((start + 1, text))
        index += 1
    return joined


def _string_end(line: str, start: int) -> int:
    """The index of the quote that closes the string literal whose body
    starts at ``start`` (a quote preceded by an even number of
    backslashes), or -1."""
    pos = start
    while True:
        quote = line.find('"', pos)
        if quote < 0:
            return -1
        before = quote
        while before > start and line[before - 1] == "\\":
            before -= 1
        if (quote - before) % 2 == 0:
            return quote
        pos = quote + 1


def _shown_token(rest: str) -> str:
    """What an error shows of unexpected text: its first word, or the
    character by its code point when it is a space or invisible."""
    word = rest.split(None, 1)[0] if rest.split(None, 1) else ""
    if word and word.isprintable() and word == rest[:len(word)]:
        return repr(word[:40])
    char = rest[0]
    name = unicodedata.name(char, "")
    return f"character U+{ord(char):04X}" + (f" {name}" if name else "")


def _unescape(body: str, lineno: int, parser: _Parser) -> tuple[str, bool]:
    """The value of a string literal's body, and whether it holds raw bytes.

    Octal and hex escapes of 0x80 and above stand for bytes of the file's
    charset; they are kept as surrogate escapes until the entry is decoded.
    """
    if "\\" not in body:
        return body, False
    raw = False

    def replace(match: re.Match) -> str:
        nonlocal raw
        simple, octal, hexa, bad = match.groups()
        if simple:
            return _SIMPLE_ESCAPES[simple]
        if bad is not None:
            shown = "\\" + bad if bad else "a backslash at the end"
            raise parser.error(
                lineno, f"{shown!r} is not a valid escape sequence" if bad
                else "this string ends in a lone backslash",
                "write \\\\ for a backslash; the escapes are \\n \\t \\\" "
                "\\\\ \\r \\a \\b \\f \\v, \\ooo (octal) and \\xhh (hex)")
        value = int(octal, 8) if octal else int(hexa, 16)
        if value == 0 or value > 0xFF:
            raise parser.error(
                lineno, f"the escape {match.group(0)!r} is "
                + ("NUL, which would cut the string" if value == 0
                   else "larger than a byte"),
                "write the character itself instead of an escape")
        if value < 0x80:
            return chr(value)
        raw = True
        return chr(0xDC00 + value)

    return _ESCAPE.sub(replace, body), raw


_FLAG_SEPARATORS = re.compile(r"[\s,]+")


def _split_flags(text: str) -> list[str]:
    """The flags of a #, line; "range: 1..5" stays one flag."""
    words = [w for w in _FLAG_SEPARATORS.split(text) if w]
    flags = []
    for word in words:
        if flags and flags[-1] == "range:":
            flags[-1] = f"range: {word}"
        else:
            flags.append(word)
    return flags


_SOLARIS_REFERENCE = re.compile(
    r" [Ff]ile:[ \t]*(.*?)[ \t]*,[ \t]*line[ \t]*(?:number[ \t]*)?:([0-9]+)"
    r"[ \t]*\Z")
_WS = " \t\n"
_SPACED_LINE = re.compile(r"[ \t\n]*:[ \t\n]*([0-9]+)(?=[ \t\n]|\Z)")
_LINE_AFTER_COLON = re.compile(r"[ \t\n]*([0-9]+)(?=[ \t\n]|\Z)")


def _parse_references(text: str) -> list[str]:
    """The "file:line" references of a #: line, parsed as gettext does."""
    spaced = f" {text} ".replace("\t", " ")
    if " :" not in spaced and ": " not in spaced:
        words = spaced.split(" ")
        # Each word alone (no "file : 12" or "file: 12"): "file:12" or a name.
        found = []
        for word in words:
            if word:
                name, colon, number = word.rpartition(":")
                if colon and name and number.isdigit() and number.isascii() \
                        and number[0] == "0":
                    word = f"{name}:{int(number)}"
                found.append(word)
        return found
    found = []
    pos, end = 0, len(text)
    while pos < end:
        while pos < end and text[pos] in _WS:
            pos += 1
        if pos == end:
            break
        start = pos
        while pos < end and text[pos] not in _WS:
            pos += 1
        name = text[start:pos]
        spaced = _SPACED_LINE.match(text, pos)   # "file : 12"
        if spaced:
            found.append(f"{name}:{int(spaced.group(1))}")
            pos = spaced.end()
            continue
        number = _LINE_AFTER_COLON.match(text, pos)   # "file: 12"
        if name.endswith(":") and number:
            found.append(f"{name[:-1]}:{int(number.group(1))}")
            pos = number.end()
            continue
        glued = re.fullmatch(r"(.+):([0-9]+)", name)   # "file:12"
        if glued:
            found.append(f"{glued.group(1)}:{int(glued.group(2))}")
        else:
            found.append(name)
    return found


def _parse_text(text: str, charset: str, path: str) -> Catalog:
    parser = _Parser(path, _codec(charset, path))
    parser.feed(text)
    parser.end()
    catalog = Catalog(header=parser.header, messages=parser.messages)
    if parser.header is not None:
        nplurals = _check_header(parser, parser.header, parser.header_lines)
        declared = _CHARSET.search(parser.header.msgstr)
        if declared and declared.group(1):
            catalog.charset = declared.group(1)
            _codec(catalog.charset, path, parser.header.lineno)
        if nplurals is not None:
            _check_plural_forms(parser, nplurals)
    return catalog


def _check_header(parser: _Parser, header: Message,
                  pieces: list[tuple[int, int]]) -> int | None:
    """Check the header's fields; return nplurals when Plural-Forms is set.

    ``pieces`` are the line and length of each string the msgstr was read
    from, to name the line of a bad field.
    """
    starts, lines, offset = [], [], 0
    for lineno, length in pieces:
        starts.append(offset)
        lines.append(lineno)
        offset += length
    nplurals = None
    offset = 0
    for field in header.msgstr.split("\n"):
        index = bisect.bisect_right(starts, offset) - 1
        line = lines[index] if index >= 0 else header.lineno
        offset += len(field) + 1
        if not field.strip():
            continue
        name, colon, value = field.partition(":")
        if not colon:
            raise parser.error(line, f"the header line {field!r} has no colon",
                               'header lines look like "Name: value\\n"')
        if name.strip().lower() == "plural-forms" \
                and "nplurals=INTEGER" not in value:
            nplurals = _check_plural_header(parser, value, line)
    return nplurals


def _check_plural_header(parser: _Parser, value: str, line: int) -> int:
    try:
        return plural_table(value)[0]
    except ValueError as exc:
        raise parser.error(line, str(exc), "e.g. Plural-Forms: nplurals=2; plural=(n != 1);") \
            from None


def _check_plural_forms(parser: _Parser, nplurals: int) -> None:
    """Every translated plural entry has exactly nplurals forms (msgfmt
    --check, which leaves out fuzzy and untranslated entries before it
    counts: Django ships untranslated entries with one form)."""
    for message, lines in parser.plural_lines:
        if message.state != "translated":
            continue
        count = len(message.msgstr_plural)
        if count > nplurals:
            raise parser.error(
                lines[nplurals], f"msgstr[{nplurals}] is one form too many: "
                f"the header's Plural-Forms says nplurals={nplurals}",
                f"keep msgstr[0] to msgstr[{nplurals - 1}]")
        if count < nplurals:
            raise parser.error(
                message.lineno, f"this entry has {count} plural form"
                f"{'s' if count > 1 else ''} but the header's Plural-Forms "
                f"says nplurals={nplurals}", f"add msgstr[{count}]"
                + (f" to msgstr[{nplurals - 1}]" if nplurals - count > 1
                   else ""))


# ------------------------------------------------------------ writing

# gettext 0.21's format languages, in the order msgcat writes their flags.
_FORMATS = ("c", "objc", "python", "python-brace", "java", "java-printf",
            "csharp", "javascript", "scheme", "lisp", "elisp", "librep",
            "ruby", "sh", "awk", "lua", "object-pascal", "smalltalk", "qt",
            "qt-plural", "kde", "kde-kuit", "boost", "tcl", "perl",
            "perl-brace", "php", "gcc-internal", "gfc-internal", "ycp")
_CJK_CHARSETS = {"EUC-JP", "GB2312", "GBK", "EUC-TW", "BIG5", "EUC-KR",
                 "CP949", "JOHAB"}
_NO_LIMIT = 2 ** 31 - 1   # msgcat's INT_MAX page width for no-wrap entries


def _format_entries(catalog: Catalog, width: int) -> list[tuple[Message, str]]:
    """Each printed entry with its text, in msgcat's order."""
    cjk = catalog.charset.upper() in _CJK_CHARSETS
    codec = _codec(catalog.charset, catalog.path)
    active = [m for m in catalog.messages if not m.obsolete]
    if catalog.header is not None:
        active.insert(0, catalog.header)
    entries = []
    for message in active:
        text = _format_message(message, width, cjk, codec)
        entries.append((message, "\n" + text if entries else text))
    blank = bool(entries)
    for message in catalog.messages:
        if message.obsolete and message.first_msgstr:
            text = _format_message(message, width, cjk, codec)
            entries.append((message, "\n" + text if blank else text))
        blank = blank or message.obsolete
    return entries


def _format_message(message: Message, width: int, cjk: bool,
                    codec: str) -> str:
    lines = []
    for comment in message.translator_comments:
        lines.extend("# " + part if part else "#"
                     for part in comment.split("\n"))
    for comment in message.extracted_comments:
        lines.extend("#. " + part if part else "#."
                     for part in comment.split("\n"))
    lines.extend(_reference_lines(message.references, width, codec))
    fuzzy = message.fuzzy and message.first_msgstr != ""
    shown, wraps, language = _flag_facts(tuple(message.flags), fuzzy, not message.obsolete)
    if shown:
        lines.append(shown)
    prefix = "#~ " if message.obsolete else ""
    page = width if wraps else _NO_LIMIT

    def wrap(prefix: str, keyword: str, value: str | None) -> None:
        if value is not None:
            guard = _directive_guard(value, language,
                                     keyword.startswith("msgstr"), codec)
            lines.extend(_wrap(prefix, keyword, value, page, cjk, guard))

    previous = "#~| " if message.obsolete else "#| "
    wrap(previous, "msgctxt", message.previous_msgctxt)
    wrap(previous, "msgid", message.previous_msgid)
    wrap(previous, "msgid_plural", message.previous_msgid_plural)
    wrap(prefix, "msgctxt", message.msgctxt)
    wrap(prefix, "msgid", message.msgid)
    if message.is_plural:
        wrap(prefix, "msgid_plural", message.msgid_plural)
        for index, form in enumerate(message.msgstr_plural or [""]):
            wrap(prefix, f"msgstr[{index}]", form)
    else:
        wrap(prefix, "msgstr", message.msgstr)
    return "\n".join(lines) + "\n"


@functools.lru_cache(maxsize=1024)
def _flag_facts(flags: tuple[str, ...], fuzzy: bool,
                with_range: bool) -> tuple[str, bool, str | None]:
    """A message's ``#,`` line (or ""), whether it wraps, and the format
    language of its directives (:class:`_Flags`; most messages share a few
    sets of flags)."""
    known = _Flags(list(flags))
    shown = known.shown(fuzzy, with_range)
    return ("#, " + ", ".join(shown) if shown else ""), known.wrap, known.directive_language()


class _Flags:
    """A message's flags as gettext understands them (it drops the rest)."""

    def __init__(self, flags: list[str]) -> None:
        self.formats: dict[str, str] = {}
        self.range: str | None = None
        self.wrap = True
        for flag in _split_flags(" ".join(flags)):
            if flag.endswith("-format"):
                language, value = flag[:-7], "yes"
                for state in ("no", "possible", "impossible"):
                    if language.startswith(state + "-"):
                        language, value = language[len(state) + 1:], state
                        break
                if language in _FORMATS:
                    self.formats[language] = value
            elif flag.startswith("range: "):
                bounds = re.fullmatch(r"range: ([0-9]+)\.\.([0-9]+).*", flag)
                if bounds and int(bounds.group(1)) <= int(bounds.group(2)):
                    self.range = f"range: {int(bounds.group(1))}.." \
                                 f"{int(bounds.group(2))}"
            elif flag in ("wrap", "no-wrap"):
                self.wrap = flag == "wrap"

    def directive_language(self) -> str | None:
        """The format language whose directives gettext keeps unbroken."""
        for language in _FORMATS:
            if self.formats.get(language) in ("yes", "possible"):
                return language
        return None

    def shown(self, fuzzy: bool, with_range: bool) -> list[str]:
        """The #, line's flags in msgcat's order."""
        shown = ["fuzzy"] if fuzzy else []
        for language in _FORMATS:
            value = self.formats.get(language)
            if value in ("yes", "possible"):
                shown.append(f"{language}-format")
            elif value == "no":
                shown.append(f"no-{language}-format")
        if self.range and with_range:
            shown.append(self.range)
        if not self.wrap:
            shown.append("no-wrap")
        return shown


def _reference_lines(references: list[str], width: int,
                     codec: str) -> list[str]:
    """#: lines, filled up to the page width as msgcat does."""
    if not references:
        return []
    lines, line, column = [], "#:", 2
    for reference in references:
        while reference.startswith("./"):
            reference = reference[2:]
        size = len(reference.encode(codec, "replace")) + 1
        if column > 2 and column + size > width:
            lines.append(line)
            line, column = "#:", 2
        line += " " + reference
        column += size
    lines.append(line)
    return lines


_ESCAPES = {"\a": "\\a", "\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r",
            "\t": "\\t", "\v": "\\v", "\\": "\\\\", '"': '\\"'}
_ESCAPE_TABLE = str.maketrans(_ESCAPES)
_ESCAPED = re.compile("[" + re.escape("".join(_ESCAPES)) + "]")


def _wrap(prefix: str, keyword: str, value: str, page_width: int,
          cjk: bool, guard: bytes | None = None) -> list[str]:
    """The lines of one keyword and its string, as gettext's wrap() prints.

    The value is cut after each newline; each piece is escaped and broken
    where libunistring finds a line break opportunity and the text would
    otherwise pass the page width (the closing quote included).  No break
    goes before a character whose ``guard`` byte is set.
    """
    lines = []
    after_break = len(prefix) + 1
    width = page_width - 1 - after_break
    first = True
    start, size = 0, len(value)
    while True:
        end = value.find("\n", start)
        end = size if end < 0 else end + 1
        portion = value[start:end]
        more = end < size
        part_guard = guard and guard[start:end]
        column = len(prefix) + 1 - after_break      # a line after the first
        if first and portion:
            # The string starts on the keyword's line unless it must be
            # broken there (``keyword ""`` then).  Whether it is broken
            # only grows with the column it starts at, so a long string is
            # first broken as it would be on a line of its own: breaks
            # there settle it without breaking it twice.
            opening = column + len(keyword) + 1
            chars, breaks = _break_portion(portion, width, column if more or opening > width
                                           or len(portion) > width - opening else opening,
                                           cjk, part_guard)
            if not (more or opening > width):
                if len(portion) > width - opening:
                    # Broken at ``column``: broken at ``opening`` too.
                    alone = bool(breaks) or bool(_break_portion(portion, width, opening, cjk,
                                                                part_guard)[1])
                else:
                    alone = bool(breaks)
                    if alone:
                        chars, breaks = _break_portion(portion, width, column, cjk, part_guard)
            else:
                alone = True
            if alone:
                lines.append(f'{prefix}{keyword} ""')
            lead = prefix if alone else f"{prefix}{keyword} "
        else:
            chars, breaks = _break_portion(portion, width, column, cjk, part_guard)
            lead = f"{prefix}{keyword} " if first else prefix
        first = False
        cut = 0
        text = chars
        for position in breaks:
            lines.append(f'{lead}"{text[cut:position]}"')
            lead, cut = prefix, position
        lines.append(f'{lead}"{text[cut:]}"')
        start = end
        if start >= size:
            return lines


def _break_portion(portion: str, width: int, column: int, cjk: bool,
                   guard: bytes | None) -> tuple[str, list[int]]:
    """The escaped portion and the indices where its line is broken."""
    escaped = portion.translate(_ESCAPE_TABLE) if _ESCAPED.search(portion) else portion
    if escaped.isprintable() and column + len(escaped) * (1 if escaped.isascii() else 2) <= width:
        return escaped, []     # fits even at two columns a character: no break can be needed
    if guard is None:
        if escaped is portion:
            return portion, _line_breaks(portion, None, width, column, cjk)
        # Never a break inside an escape (each is two characters).
        overrides = bytearray(len(escaped))
        for shift, match in enumerate(_ESCAPED.finditer(portion)):
            overrides[match.start() + shift + 1] = _PROHIBITED
    else:
        chars, overrides = [], bytearray()
        for index, char in enumerate(portion):
            first = _PROHIBITED if guard[index] else _UNDEFINED
            escape = _ESCAPES.get(char)
            if escape:
                chars += escape
                overrides += bytes((first, _PROHIBITED))
            else:
                chars.append(char)
                overrides.append(first)
        escaped = "".join(chars)
    if portion.endswith("\n"):
        overrides[-2] = _PROHIBITED     # don't break before the final \n
    return escaped, _line_breaks(escaped, overrides, width, column, cjk)


# ------------------------------------------------------- format directives

_C_DIRECTIVE = r"""
    %(?:(?P<number>[0-9]+)\$)?
    [ +\-\#0'{flags}]*
    (?:(?P<width>\*)(?:(?P<wnumber>[0-9]+)\$)?|[0-9]+)?
    (?:\.(?:(?P<precision>\*)(?:(?P<pnumber>[0-9]+)\$)?|[0-9]*))?
    (?:<PRI[diouxX](?:(?:LEAST|FAST)?(?:8|16|32|64)|MAX|PTR)>
     |[hlLqjzZt]*[diouxXeEfFgGaAcCsSpnm%{conversions}])"""
# (objc, msgstr) -> pattern: Objective C adds %@, translations the I flag.
_C_PATTERNS = {
    (objc, msgstr): re.compile(_C_DIRECTIVE.format(
        flags="I" if msgstr else "", conversions="@" if objc else ""),
        re.VERBOSE)
    for objc in (False, True) for msgstr in (False, True)}
_PYTHON_TAIL = re.compile(
    r"[-+ #0]*(?P<star>\*)?[0-9]*(?:\.(?:\*|[0-9]*))?[hlL]?[diouxXeEfgGcrs%]")


def _directive_guard(value: str, language: str | None, msgstr: bool,
                     codec: str) -> bytes | None:
    """Marks the characters inside format directives, but not their first.

    gettext never breaks a line inside a directive of the message's format
    language.  Only the C, Objective C, Python and Python brace syntaxes
    are known here; like gettext, scanning stops at the first invalid
    directive.
    """
    if language in ("c", "objc"):
        spans = _c_directives(value, msgstr, language == "objc")
    elif language == "python":
        spans = _python_directives(value)
    elif language == "python-brace":
        spans = _python_brace_directives(value, codec)
    else:
        return None
    if not spans:
        return None
    guard = bytearray(len(value))
    for start, end in spans:
        guard[start + 1:end] = b"\1" * (end - start - 1)
    return bytes(guard)


def _c_directives(value: str, msgstr: bool,
                  objc: bool) -> list[tuple[int, int]]:
    pattern = _C_PATTERNS[objc, msgstr]
    spans = []
    numbered = unnumbered = False
    start = value.find("%")
    while start >= 0:
        match = pattern.match(value, start)
        if not match:
            break
        # Arguments are all numbered (%1$s) or all not; 0 is no number.
        uses = [match.group(n) for s, n in (("width", "wnumber"),
                ("precision", "pnumber")) if match.group(s)]
        if match.group(0)[-1] != "%":
            uses.append(match.group("number"))
        if any(use is not None and int(use) == 0 for use in uses):
            break
        numbered = numbered or any(use is not None for use in uses)
        unnumbered = unnumbered or None in uses
        if numbered and unnumbered:
            break
        spans.append((start, match.end()))
        start = value.find("%", match.end())
    return spans


_BRACE_NAME_ONLY = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_BRACE_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*|[0-9]+")
_BRACE_SPEC = re.compile(r"(?:.?[<>=^])?[-+ ]?#?0?[0-9]*(?:\.[0-9]+)?"
                         r"[bcdoxXneEfFgG%]?", re.DOTALL)


def _python_brace_directives(value: str, codec: str) -> list[tuple[int, int]]:
    """Python brace directives as gettext 0.21 marks them.

    gettext records these marks as byte offsets relative to each directive's
    own start instead of the string's (a bug in format-python-brace.c), so
    they all land near the beginning of the string: the characters starting
    at bytes 1 to n stay together, n being the shortest directive's length
    less one, unless an invalid directive's error mark comes first.
    """
    def size(start: int, end: int) -> int:
        return len(value[start:end].encode(codec, "replace"))

    ends, errors = [], []
    pos = value.find("{")
    while pos >= 0:
        end, error = _brace_directive(value, pos, True)
        if error is not None:
            errors.append(size(*error))
            break
        if end is not None:
            ends.append(size(pos, end))
        pos = value.find("{", end if end is not None else pos + 2)
    if not ends or errors and min(errors) <= min(ends):
        return []
    last, offset, count = min(ends), 0, 0
    while count < len(value) and offset <= last:
        offset += size(count, count + 1)
        count += 1
    return [(0, count)]


def _brace_directive(value: str, start: int, toplevel: bool
                     ) -> tuple[int | None, tuple[int, int] | None]:
    """Parse the directive at ``start``.

    Returns the index of its closing brace, or None for an escaped "{{";
    and for an invalid directive the start of the directive the error is
    relative to and the index gettext marks.
    """
    size = len(value)
    pos = start + 1
    if value.startswith("{", pos):
        return None, None
    name = _BRACE_NAME.match(value, pos)
    if not name:
        return None, (start, pos - 1 if pos == size else pos)
    pos = name.end()
    while pos < size and value[pos] in ".[":
        bracket = value[pos] == "["
        pos += 1
        name = (_BRACE_NAME if bracket else _BRACE_NAME_ONLY).match(value, pos)
        if not name:
            return None, (start, pos - 1 if pos == size else pos)
        pos = name.end()
        if bracket:
            if not value.startswith("]", pos):
                return None, (start, pos - 1)
            pos += 1
    if value.startswith(":", pos):
        if not toplevel:
            return None, (start, pos)
        pos += 1
        if value.startswith("{", pos):
            end, error = _brace_directive(value, pos, False)
            if error is not None:
                return None, error
            pos = end + 1 if end is not None else pos + 2
        elif pos == size:
            return None, (start, pos - 1)
        else:
            pos = _BRACE_SPEC.match(value, pos).end()
    if not value.startswith("}", pos):
        return None, (start, pos - 1)
    return pos, None


def _python_directives(value: str) -> list[tuple[int, int]]:
    spans = []
    named = unnamed = False
    start = value.find("%")
    while start >= 0:
        pos = start + 1
        name = value.startswith("(", pos)
        if name:
            depth, pos = 0, pos + 1
            while pos < len(value) and (value[pos] != ")" or depth):
                depth += {"(": 1, ")": -1}.get(value[pos], 0)
                pos += 1
            if pos == len(value):
                break
            pos += 1
        match = _PYTHON_TAIL.match(value, pos)
        if not match:
            break
        # Arguments are all named, %(name)s, or all not; %% takes none.
        star = match.group("star") is not None
        if star and (name or named) or name and unnamed:
            break
        takes = name or star or match.group(0)[-1] != "%"
        if takes and not name and named:
            break
        named = named or name
        unnamed = unnamed or star or takes and not name
        spans.append((start, match.end()))
        start = value.find("%", match.end())
    return spans

# ------------------------------------------------------------ line breaking
#
# A port of libunistring 1.0's u8_width_linebreaks (unilbrk/), which gettext
# uses to wrap strings.  Line break classes are numbered as in libunistring;
# _PAIRS is its pair table (row: class before, column: class after; D: break,
# I: break only across spaces, P: no break).

_UNDEFINED, _PROHIBITED, _POSSIBLE, _MANDATORY = 0, 1, 2, 3
(_WJ, _GL, _B2, _BA, _BB, _HY, _CL, _CP1, _CP2, _EX, _IN, _NS, _OP1, _OP2,
 _QU, _IS, _NU, _PO, _PR, _SY, _AL, _H2, _H3, _ID1, _ID2, _JL, _JV, _JT, _HL,
 _RI, _ZWJ, _EB, _EM, _BK, _CR, _LF, _CM, _ZW, _SP, _CB, _AI, _SA,
 _XX) = range(43)
_HL_BA = 43   # Hebrew letter followed by a hyphen (LB21a)


def _line_breaks(chars: list[str] | str, overrides: bytes | list[int] | None, width: int,
                 column: int, cjk: bool) -> list[int]:
    """Indices of ``chars`` before which the line is broken.

    ``width`` is the usable width, ``column`` where the text starts; an
    override other than _UNDEFINED replaces the break found at its position.
    """
    table = _unicode_table()
    text = chars if isinstance(chars, str) else "".join(chars)
    if not cjk and (not text or max(text) < "\U00010000"):
        # The Basic Multilingual Plane, looked up in C.
        classes = text.translate(table.bmp_classes).encode("latin-1")
        if table.not_narrow.search(text) is None:
            counted = None      # every character one column wide
        else:
            counted = text.translate(table.bmp_widths).encode("latin-1")
    else:
        codes = list(map(ord, chars))
        values = list(map(table.value, codes))
        classes = [value >> 2 for value in values]
        widths = [(value & 3) - 1 for value in values]
        if cjk:
            # Legacy CJK charsets: ambiguous characters are ideographs, and
            # most characters are two columns wide (libunistring's uc_width).
            classes = [_ID1 if kind == _AI else kind for kind in classes]
            widths = [2 if w == 1 and 0xA1 <= c < 0xFF61 and c != 0x20A9 else w
                      for c, w in zip(codes, widths)]
        counted = [w if w > 0 else 0 for w in widths]
    kinds = _possible_breaks(classes)
    if overrides:
        overrides = bytes(overrides)
        for match in _OVERRIDDEN.finditer(overrides):
            kinds[match.start()] = overrides[match.start()]
    # The columns before each character (None: each character is one column).
    before = None if counted is None else list(accumulate(counted, initial=0))
    if _MANDATORY not in kinds:
        return _greedy(kinds, before, width, column)
    if before is None:
        before = range(len(kinds) + 1)
    places = list(compress(range(len(kinds)), map(ge, kinds, repeat(_POSSIBLE))))
    breaks: dict[int, None] = {}
    last, last_column, start = -1, column, 0
    for index in places:
        piece = before[index] - before[start]
        if last >= 0 and last_column + piece > width:
            breaks[last] = None
            last_column = 0
        if kinds[index] == _MANDATORY:
            last, last_column, start = -1, 0, index + 1
            continue
        last, last_column, start = index, last_column + piece, index
    if last >= 0 and last_column + before[-1] - before[start] > width:
        breaks[last] = None
    return list(breaks)


def _greedy(kinds: bytearray, before: list[int] | None, width: int, column: int) -> list[int]:
    """The breaks of :func:`_line_breaks` without mandatory breaks, a line at
    a time: each line is broken at the last opportunity (a ``kinds`` byte
    _POSSIBLE) before the first character past the width, or, when it has
    none, at the first one after (``before``: the columns before each
    character, None when every character is one column wide).  Only the
    line ends are looked at, in C (``rfind``)."""
    size = len(kinds)
    total = size if before is None else before[-1]
    breaks: list[int] = []
    base = -column          # the column of a position is before[position] - base
    start = 0               # opportunities after the last break
    while total - base > width:
        limit = base + width
        # The positions that fit on the line are those before ``over``.
        over = limit + 1 if before is None else bisect.bisect_right(before, limit)
        place = kinds.rfind(_POSSIBLE, start, max(min(over, size), start))
        if place < 0:
            place = kinds.find(_POSSIBLE, max(over, start))
            if place < 0:
                return breaks
        breaks.append(place)
        start = place + 1
        base = place if before is None else before[place]
    return breaks


#: Overrides other than _UNDEFINED (for :func:`_line_breaks`).
_OVERRIDDEN = re.compile(rb"[^\x00]")


def _possible_breaks(classes: bytes | list[int]) -> bytearray:
    """Break opportunities before each character (UAX #14, libunistring 1.0),
    one byte each (_PROHIBITED, _POSSIBLE or _MANDATORY).

    Carriage returns and line feeds never reach here (gettext escapes them),
    so every mandatory break class acts alike.  A letter (AL) right after
    a letter changes nothing (no break, the same state), so those are
    skipped.
    """
    # A letter after a letter, and a space between two letters with the
    # letter after it (a break before it), leave the state as a letter
    # leaves it: they are marked here, in C, and skipped.
    # (bytes.replace does not overlap: a mark missed only costs time.)
    marked = bytes(classes).replace(b"\x14\x26\x14", b"\x14\xf0\xf1") \
        .replace(b"\xf1\x26\x14", b"\xf1\xf0\xf1") \
        .replace(b"\x14\x14", b"\x14\xf2").replace(b"\xf1\x14", b"\xf1\xf2") \
        .replace(b"\xf2\x14", b"\xf2\xf2")
    found = bytearray(marked.translate(_MARKED_BREAKS))
    prev = last = _BK   # class of the previous / last non-space character
    space = False       # a space since the last non-space character
    regional = 0        # consecutive regional indicators just before
    # Local names: this loop runs for most characters of every long string.
    bk_, cb_, id1_, al_, sp_, zw_, zwj_, hl_, hl_ba_, ri_ = \
        _BK, _CB, _ID1, _AL, _SP, _ZW, _ZWJ, _HL, _HL_BA, _RI
    possible_, mandatory_, pairs_ = _POSSIBLE, _MANDATORY, _PAIRS
    mandatory_classes, marks, hyphens = {_BK, _CR, _LF}, {_CM, _ZWJ}, {_HY, _BA}
    for index in _unskipped(marked):
        kind = classes[index]
        if kind in mandatory_classes:
            found[index] = mandatory_
            prev = last = bk_
            space = False
            regional = 0
            continue
        if kind >= cb_:
            kind = id1_ if kind == cb_ else al_   # _AI is resolved by caller
        if kind == sp_:
            space = True
        elif kind == zw_:
            last, space = zw_, False
        elif kind in marks:
            if last == bk_:
                last, space = al_, False
            elif last == zw_ or space:
                found[index] = possible_
                last, space = al_, False
        else:
            if last == bk_ or prev == zwj_ or prev == hl_ba_:
                pass
            elif last == zw_:
                found[index] = possible_
            elif last == ri_ and kind == ri_:
                if space or regional % 2 == 0:
                    found[index] = possible_
            else:
                rule = pairs_[last][kind]
                if rule == "D" or rule == "I" and space:
                    found[index] = possible_
            last, space = kind, False
        prev = hl_ba_ if prev == hl_ and kind in hyphens else kind
        regional = regional + 1 if kind == ri_ else 0
    return found


def _unskipped(marked: bytes):
    """The positions of the bytes below 0xF0 (the characters not skipped)."""
    for run in _UNSKIPPED.finditer(marked):
        yield from range(run.start(), run.end())


_UNSKIPPED = re.compile(rb"[\x00-\xef]+")

#: For :func:`_possible_breaks` (class bytes: AL is 20, SP 38; marks: 0xF0 a
#: space skipped, 0xF1 a letter skipped with a break before it, 0xF2 a letter
#: skipped).
_MARKED_BREAKS = bytes([_POSSIBLE if value == 0xF1 else _PROHIBITED for value in range(256)])


class _UnicodeTable:
    """Line break class and column width of every code point."""

    def __init__(self, data: str) -> None:
        raw = zlib.decompress(base64.b85decode(data))
        self.starts: list[int] = []
        self.values: list[int] = []
        position = code = 0
        while position < len(raw):
            delta = shift = 0
            while True:
                byte = raw[position]
                position += 1
                delta |= (byte & 0x7F) << shift
                shift += 7
                if byte < 0x80:
                    break
            code += delta
            self.starts.append(code)
            self.values.append(raw[position])
            position += 1
        bmp = bytearray(0x10000)
        ends = self.starts[1:] + [0x110000]
        for start, end, value in zip(self.starts, ends, self.values):
            if start >= 0x10000:
                break
            end = min(end, 0x10000)
            bmp[start:end] = bytes([value]) * (end - start)
        self.bmp = bytes(bmp)
        # The same, split: the class, and the columns counted (uc_width, 0
        # for -1).
        self.bmp_classes = "".join(chr(value >> 2) for value in self.bmp)
        self.bmp_widths = "".join(chr(max((value & 3) - 1, 0)) for value in self.bmp)
        # The characters that are not one column wide.
        ranges, start = [], None
        for code, value in enumerate([*self.bmp, 2]):
            narrow = (value & 3) - 1 == 1
            if not narrow and start is None:
                start = code
            elif narrow and start is not None:
                ranges.append(f"\\u{start:04x}-\\u{code - 1:04x}")
                start = None
        self.not_narrow = re.compile("[" + "".join(ranges) + "]")

    def value(self, code: int) -> int:
        """A code point's line break class << 2 | its uc_width + 1."""
        if code < 0x10000:
            return self.bmp[code]
        return self.values[bisect.bisect_right(self.starts, code) - 1]


@functools.cache
def _unicode_table() -> _UnicodeTable:
    return _UnicodeTable(_UNICODE_DATA)


# libunistring 1.0 (Unicode 14), extracted from its lbrkprop and uc_width
# tables: runs of code points, each a LEB128 distance from the previous run
# and a byte (class << 2 | width + 1); zlib-compressed, base85.  The test
# suite checks it against the installed libunistring.
_UNICODE_DATA = (
    "c-rk*O>A996=r_!&%5uvYy0KTKZ)(6&P(bfcH*XSFeOP{>Qbj_o8y+YLb_AE6sihUNNxo}NO"
    "6FOB2iH0MP(6*BE8gaG2S2{QFVhV1Y!XK7EpD;qO4f3petb2@||<9jq{@l_F0@ab7#(+IX^S"
    "!oH_4PUR_Na>UDKRe@|U)T~}?jphzvNCHyX^IW;a{XVh-M<7zQGqsg=tjm=>cbNl90u10}#H"
    "NK**j>cHAq?Qe-o(2f5rXr0ojI{98ixyPR%qiN_Q#1kigXyUjh5$eWBt6SZ38OUWpNN!iM2T"
    "-w8Z_B67!Q_`z^$U4fDe>UsLx+*U>rXKhS2I|jQC@@^1$?(p^bh>SI2@~wWLG+LQH1KKp^ew"
    "Jl8gK#P3?nmeeAI#JY=ZUYlIt-xyd-1uGXb-d9Eyjr%d|_MESSpByv$eT})~l|g&8tZ6saD2"
    "yr(wfG3w1K@SU8}yj#dWdKO^mK@QO4EM$g7TAHMW?*#3in;()2_uA@1IcSb<R8t@d(zlUNm4"
    "g`lVhBS>9V#q6aJhe}}Zo+T&HmV-!^MlBQ@$j0_2xXWeD4V!`__RlNm_#guihOapR2S0TZky"
    "hE}G{zQ8!WEHI%?+4gUE85~Pf}I4fEBj;J0P9+~16QC7?E~k|(r%}vL}S||4vA2{S>hCYm8U"
    "0$rkF2_R#zuVOP|LLHG*X-pk}&8WG?xOyQQsb%e*G?G6TA$lzRY!B}d+Lp%rL|xdJbO!4&kS"
    "gdxExukjwOn<-@5<VtvN(T@%ZxQR<kR1}!!CgjvxdcK!Ws@Ps_@(mnI2B#{kv`|}O`8T!Ng0"
    "#bxrI@=!Y-+KRd1u?CA;w<3iwceY@paYL>q)T7s-LW<1jmr;aIg<rd=vYyX@9utXM$TpU&}b"
    "g)??vZ_idQOJ;(iM=@^i!Shb@VJha7Lggq&%?y$fdoDBo`U~Ns|4Ca`Ra=zn{uY=pEpmMDAA"
    "|Gj{3f)FA^LK3B_OUxagD2e=zRC7e^zFLo4`RM4{OW$p?PAt9+`_krtwlS>Uwr<h&%gXEJt}"
    "8MZ+Ro`-&?i&?=Z*r{?k?eA-*{TUqxfk{U~hu1&l&382Q-ZXOzXn)cM@NMI_Y1VN#(+JNQUL"
    "*)@#l(4b~%bnf?0vPkO*#9<NYxt@W#K??vwsdXi4kBLFI;YQdax7n>2xLGB0&tb0!$~@ppft"
    "NzY?um~wb~e?Oh;cA1yP7tuXk1KN?;j1eKgtIMMmA8|yw}yG*8NlK%mLIPE%TQ`#Tg%Q-j|`"
    "D<7*<E@D>MkRxWcSmpbyL!Ht+p<rc@dMm1<bTnCNwweO1Sf>QZ-AC=Xbk3Ns#kf(IGo5GRuw"
    "J~{w{cy>FIhFIpN$3c;tcO&bbhFEj*76bJtJ9SL0$seT{5krOE)6B&hTF6<@g_`Q?0&Rt?p$"
    "yb?Lf;{ldn5)@+4Ndc>}V21GM?r=Q@*^xuECN0^;KWf9YwHtM6)$E3uUFTu;q_-Wj<9GjLF1"
    "Ti78tN?l-Ald*F|@JtzlgD8Tj^s#p{nB@eKI0smOL}kE$-w&5-I0#?`w>1vMaBdlRNYOuxHm"
    "bt2>NUvrG8*WKQ$g=^uUvUVTFA+qGo^BTSuz2v;q|tn!4OLuVa#GhR;}QDnnHnbwLq(Cn-xw"
    "SFansJRy4fn5-8^6!2xStjVbztT7k!Ns?bi+ePIN~-PQXE@B0|`I|v$svPUMFN&-2{J?vI%g"
    "jdEH1h7t;E5I$RNU238;5lFypj((r*o;OBBeIHYD-CK0ea?tfQD#M@J_f+nj+Ii!3T+D7Lrx"
    "bF!1Qc^F|=6Yu)2^v0H)F<gzCkZ(=v~JFL8^}A^|O3=rw&w(<u7)0GPgA!P*<p-$KlH9vquZ"
    "&D{xl<5-2DfR#BQ5)Dt>36rjUBB9&R&u;Z5<@d)LlHbQ1-r&<ZikmWt)A~O9M;)Rz4mZbxT;"
    "1e@Pjg;?OfUBwFKgmwKLPyYLY}9*f)iHK3!33p-g3)%o46Pp_)PQ8Ik3u=G75)x+bR_fxX}&"
    "ep4(`+_teIyYi!s7HKv`Og@yPu-U_#m&hoEznYY)pi>@gb&1$yp24>u?Fans^_8kl84fwWMi"
    "xK_5u5gy|HzIcg>=%HiHX5^oZUVi-z0`epiq5$=-r@!SN;iy~->A_Hl<)(%EV0NSXOLkhoHg"
    "gT8S-^aPqMSjBRJgOvavQ3t0)Z9pjVO_vS-~>`fKjP6Q}Hb5PeRz5SNgqYMSc~!c(WYL@eK;"
    "tR)F5Hr(qmN_%`AUL9%oi~EqQm?~oEDh?Qmb5o|ISPxIqj}UV*M5ag*q*$;x7Sx2Jl;cF1l("
    "0AL?*;aK5~++N1Cc~lPF{xl5!EHOXg&@cpAaGADi*}sj^YE@_mwh%WXL5!EhF$V>WgD{;V#^"
    "TyKooo!v6!I@zS1PUp^78EV|2F3Tq&?MyrS|s~M?Pya!hi<5m%KS9Jv$y%GlL@0#-!dJ<vk6"
    "lYI(dpDLiAP=5J>Ty;dlBDE_+KBz2i|&-R+@8X?1b`N43f8-uF;b)v>b!aczZ;e~@V<ulr+|"
    "D2%VnY@qDvyKj*P@$Zfw5%-dD9kZd9F8qj=F4Y9=d=&FEqxm;y0(3rsMNU^{2dYl*;_H*X?0"
    "hPVxUkIE~oEEo-7EDs0hn<2{i9eWHJ$g|}O32K?8V~Eq=R)oZYPJ{u^Z*)sj2<_uYXxbj?Mv"
    "wEKDU7E%CpXjd=H}~qN{}rbMhbKi8A_vi3vQOH>NkBqL~nBvvO92PYFHkN(^83fSP}|OosL#"
    "@DHdgq?E45v*TV5iposS4Ny{Q~ZhQ{8v8A2Bo%Lm5AVPL#tJ=^$sn~G>hDR^wwKxgqa1su3J"
    "&&S1p5`LMDbP#6lZNCG=yG+h0fwKXN5ec`Q%yiZ)82*@BIBh$QL@c%St-yxF4FJzb!@YnTEa"
    "k^_99h8vR)SI=zc%IX*M&v$R#-`u!frCa>uxQ#rYZO3rNd3$GX6jN4UU<e9+L8)CTbOUd;Ff"
    "EQP6*?(t>enCWnKc^q_Vn6r}9bNN=XFfJ`JR&Jz-T&EV7WVzfWxf;t+J_0yndvIG3r?gy_bF"
    "Mlog}*dJ!jb-j@}$%cgz{!_(rgtHBZ_#$bIC0V--lYH-mAT&mSEgg)wQw)X2Q4#6^jzBFN+h"
    "E9gqW8CEseI1sU4NQu6`gV(kH0nr@R388ma>YK9$jq%1gNR)}Mct1_qhV?j$6%%w9}3pq3%M"
    "*TFrgOe%hEz2V>&^fLv;+&*ajWewjFx-u~dRf+%%Svr&2B^P=EtX`(p^|ma%vVN)dd9f=D+l"
    "2)v&9v7F`WEzJ-?baG$Umjd9$?)^wq>!eXT5t9^`sX5JY*J;2nUgV_IBh9LJWh7Gp?O&ll#="
    "E!(wyETvE$<(iOeDYrbXFebZEIa_J9DuRcfYbn*Sir-dJ)ZVvbX(%*tQLiWA%k<U2tkmgOD*"
    "SFIT?D`H+c`6elRdiaZBGB-M$^y0LzJ9QBP#r6f_^Xa^!4!0L-dZtRh$U&&Vfar2xT3Q<%)8"
    "Cn;iEEl#=CAl9z%pOScOrZ%6oPM9;`E_!6BLub{f~A;C3ihI6wvQlWlLhur;pHl*%yyz-t2)"
    "2<f&_V5a>!V1W&KyY_MhhwuQ49(&gy4Ov((xR_`I(t*DtjU{-Jp;`9mnlC3#`wklYIuPD$^0"
    "F{`~zY_(?#fkA4q5%EPOWXqD8L9h3kAt8}tlTjfB?}JssEu%AXNsF`fS!!gr&(r!3!tRiQPl"
    "zV}x5H>&<3;jusQ!ne2}K1Y|WpT{Mc<EJ2TRYCL3gZF3i4un6Z(D7f(V>Be!wLB70__N~p0i"
    "F}_|NLjeyBY$hFhoZ^u1koPRrsKM7uu}|r0CbodJUBBrO)xv;;R+xoDM#w&n%UdI2#^=9)4L"
    "a9IF<qDlTLd!Lsle%Rgh=3z6m){99pj&Q>b2+vqXvAsEqADjNzXf&W8YSf`3Z9b3H6X%qt;4"
    "Nyhy6n+nOvR<<=y>ZgL1v1>bp?dm8)@v22bNXwe&RlG|qZh5KT}+(5n7jDmb>;RK4Oc6aTLL"
    "6&%H>7M1uVB~MZ0K4xoFKejd8#w9*=-ORB&a_IP;yzo#hf(q1H4o>TcKC4rhREu}T4$qGGC`"
    "q$-GbUi#WCbA50naf2(lYjU{`)GT1QXka(Hrixvc6k1(0vCAx_1!6SjmqFXCAsbjQGls0Y2Q"
    "&vURzn*V@tSZ4+NKkstvlT@P+hHK=+#bxo-S-Bag7d?*%=_Tbh?vL)`{sb+Ht5=cOIukDYZ-"
    "2QU{8lor$E73LG5A$Y&w75>RePByPF`^b|~!cc7_`5lA{Uw-0Tdd08`^%wZ>&cG5M>&^0#qd"
    "^pHnqw^6CvHR#_vr+wqZ(Tl&lRWO950{nyP=)^hM>zk-"
)

_PAIRS = (
    "PIIIIIPPPPIIIIIPIIIPIIIIIIIIIIIII",
    "PIIIIIPPPPIIIIIPIIIPIIIIIIIIIIIII",
    "PIPIDIPPPPIIDDIPDDDPDDDDDDDDDDDDD",
    "PDDIDIPPPPIIDDIPDDDPDDDDDDDDDDDDD",
    "PIIIIIPPPPIIIIIPIIIPIIIIIIIIIIIII",
    "PDDIDIPPPPIIDDIPIDDPDDDDDDDDDDDDD",
    "PIDIDIPPPPIPDDIPDIIPDDDDDDDDDDDDD",
    "PIDIDIPPPPIIDDIPIIIPIDDDDDDDIDIDD",
    "PIDIDIPPPPIIDDIPDIIPDDDDDDDDDDDDD",
    "PIDIDIPPPPIIDDIPDDDPDDDDDDDDDDDDD",
    "PIDIDIPPPPIIDDIPDDDPDDDDDDDDDDDDD",
    "PIDIDIPPPPIIDDIPDDDPDDDDDDDDDDDDD",
    "PPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPP",
    "PPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPP",
    "PIIIIIPPPPIIPPIPIIIPIIIIIIIIIIIII",
    "PIDIDIPPPPIIDDIPIDDPDDDDDDDDDDDDD",
    "PIDIDIPPPPIIIDIPIIIPIDDDDDDDIDIDD",
    "PIDIDIPPPPIIIIIPIDDPIDDDDDDDIDIDD",
    "PIDIDIPPPPIIIIIPIDDPIIIIIIIIIDIII",
    "PIDIDIPPPPIIDDIPIDDPDDDDDDDDIDDDD",
    "PIDIDIPPPPIIIDIPIIIPIDDDDDDDIDIDD",
    "PIDIDIPPPPIIDDIPDIDPDDDDDDIIDDDDD",
    "PIDIDIPPPPIIDDIPDIDPDDDDDDDIDDDDD",
    "PIDIDIPPPPIIDDIPDIDPDDDDDDDDDDDDD",
    "PIDIDIPPPPIIDDIPDIDPDDDDDDDDDDDDI",
    "PIDIDIPPPPIIDDIPDIDPDIIDDIIDDDDDD",
    "PIDIDIPPPPIIDDIPDIDPDDDDDDIIDDDDD",
    "PIDIDIPPPPIIDDIPDIDPDDDDDDDIDDDDD",
    "PIDIDIPPPPIIIDIPIIIPIDDDDDDDIDIDD",
    "PIDIDIPPPPIIDDIPDDDPDDDDDDDDDDDDD",
    "PIDIDIPPPPIIIDIPIIIPIDDIIDDDIDIII",
    "PIDIDIPPPPIIDDIPDIDPDDDDDDDDDDDDI",
    "PIDIDIPPPPIIDDIPDIDPDDDDDDDDDDDDD",
)
