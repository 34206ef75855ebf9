"""The project glossary: terms with their approved and forbidden translations.

Two file formats:

- **TBX** (TermBase eXchange, ISO 30042), as TBX 2 (``martif`` /
  ``termEntry`` / ``langSet`` / ``tig`` or ``ntig``) and TBX 3
  (``conceptEntry`` / ``langSec`` / ``termSec``) write it.  Each concept's
  terms in the source language are the terms looked for; its terms in
  another language are that language's approved translations, except those
  whose ``administrativeStatus`` or ``normativeAuthorization`` note says
  deprecated, superseded or forbidden, which are its forbidden ones.  Read
  with the standard library's XML parser; a file that declares entities is
  refused (no entity expansion, no external files).
- **CSV** with a header row ``term,locale,translation,status[,note]``
  (status ``approved``, the default, or ``forbidden``).

A translation may end with ``*`` to accept any ending of the word
(``Vertrag*`` accepts ``Vertrages`` and ``Vertragsparteien``).

Matching is word-bounded (``treaty`` is not found in ``treatyless``) and
case-aware: a term written in lower case matches any case (``Treaty`` at
the start of a sentence), one with capitals matches only as written
(``WHO``).  In scripts written without spaces (Chinese, Japanese, Thai...)
a term matches anywhere.

``annotate`` gives translators the approved translations as extracted
comments (``publisher update``); ``check_glossary`` warns (W701, W702) when a
translation lacks them or uses a forbidden one.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree

from ..core.errors import ConfigError
from ..core.locales import fallback_chain
from .checks import Problem, ignored_codes, problem, quoted
from .model import Catalog, Message

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

#: Status words (TBX administrativeStatus / normativeAuthorization values, or a
#: CSV status) that make a term a forbidden translation.
FORBIDDEN = ("deprecated", "superseded", "forbidden", "rejected", "obsolete")

#: The comment ``update`` writes above entries whose source has glossary terms.
COMMENT = "glossary: "

_UNSPACED = re.compile(r"[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u3040-\u30ff\u3400-\u9fff"
                       r"\uac00-\ud7af\uf900-\ufaff]")


@dataclass
class Term:
    """One source term and its translations, by language tag (``de``, ``pt_BR``)."""

    source: str
    line: int = 0           # the CSV line, or the TBX entry's number
    approved: dict[str, list[str]] = field(default_factory=dict)
    forbidden: dict[str, list[str]] = field(default_factory=dict)
    note: str = ""
    # CSV: the line of each translation's own row, by (status, translation)
    rows: dict[tuple[str, str], int] = field(default_factory=dict)

    def line_of(self, status: str, translations: list[str]) -> int:
        """The CSV line of the first of ``translations`` with ``status``
        ("approved" or "forbidden"), else the term's first line."""
        found = [self.rows[(status, t)] for t in translations if (status, t) in self.rows]
        return min(found) if found else self.line

    def for_locale(self, locale: str) -> tuple[list[str], list[str]]:
        """(approved, forbidden) for ``locale``: its own, else its parents'."""
        for key in fallback_chain(locale):
            if key in self.approved or key in self.forbidden:
                return self.approved.get(key, []), self.forbidden.get(key, [])
        return [], []


_WORD = re.compile(r"\w+")


@dataclass
class Glossary:
    path: str
    terms: list[Term] = field(default_factory=list)
    _index: dict[str, list[int]] | None = field(default=None, repr=False, compare=False)
    _anywhere: list[int] = field(default_factory=list, repr=False, compare=False)

    def _build_index(self) -> dict[str, list[int]]:
        """Terms by their first word (lower case), so that a string is
        compared only with the terms whose first word it has; terms in
        scripts without spaces are compared with every string."""
        index: dict[str, list[int]] = {}
        self._anywhere = []
        for number, term in enumerate(self.terms):
            first = _WORD.search(term.source)
            if first is None or _UNSPACED.search(term.source):
                self._anywhere.append(number)
            else:
                index.setdefault(first.group(0).lower(), []).append(number)
        return index

    def found_in(self, text: str) -> list[Term]:
        """The terms ``text`` (a source string) contains, in glossary order."""
        if self._index is None:
            self._index = self._build_index()
        candidates = set(self._anywhere)
        for word in {w.lower() for w in _WORD.findall(text)}:
            candidates.update(self._index.get(word, ()))
        return [self.terms[n] for n in sorted(candidates) if matches(self.terms[n].source, text)]


def _tag(value: str) -> str:
    """A language tag as a locale name: de-DE -> de_DE, zh-Hans -> zh_Hans."""
    return value.strip().replace("-", "_")


def _word_char(char: str) -> bool:
    return char.isalnum() or char == "_"


def matches(term: str, text: str) -> bool:
    """Whether ``text`` contains ``term``: word-bounded (but in scripts
    written without spaces), case-aware (a term in lower case matches any
    case), runs of spaces equal; a final ``*`` accepts any word ending."""
    wildcard = term.endswith("*")
    core = " ".join(term.rstrip("*").split())
    if not core:
        return False
    hay = " ".join(text.split())
    if core == core.lower():
        hay, core = hay.lower(), core.lower()
    unspaced = _UNSPACED.search(core) is not None
    start = hay.find(core)
    while start >= 0:
        end = start + len(core)
        if unspaced or ((start == 0 or not _word_char(hay[start - 1])) and
                        (wildcard or end == len(hay) or not _word_char(hay[end]))):
            return True
        start = hay.find(core, start + 1)
    return False


# -- reading ----------------------------------------------------------------------

def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _refuse_entities(*args) -> None:
    raise ValueError("the file declares XML entities, which a glossary never needs")


def _qualified(name: str) -> str:
    """expat's ``uri}local`` as ElementTree's ``{uri}local``."""
    return "{" + name if "}" in name else name


def _parse_xml(data: bytes, shown: str) -> ElementTree.Element:
    """The document element, parsed by expat into an ElementTree; a file
    that declares entities is refused."""
    from xml.parsers import expat

    builder = ElementTree.TreeBuilder()
    parser = expat.ParserCreate(namespace_separator="}")
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.StartElementHandler = lambda name, attrs: builder.start(
        _qualified(name), {_qualified(k): v for k, v in attrs.items()})
    parser.EndElementHandler = lambda name: builder.end(_qualified(name))
    parser.CharacterDataHandler = builder.data
    parser.EntityDeclHandler = _refuse_entities
    parser.UnparsedEntityDeclHandler = _refuse_entities
    parser.ExternalEntityRefHandler = _refuse_entities
    try:
        parser.Parse(data, True)
        return builder.close()
    except expat.ExpatError as exc:
        raise ConfigError(f"the glossary is not well-formed XML ({expat.ErrorString(exc.code)})",
                          path=shown, line=exc.lineno,
                          hint="fix the file, or export it again from the terminology tool") \
            from None
    except LookupError as exc:     # an encoding Python does not know
        raise ConfigError(f"the glossary declares an encoding publisher cannot read ({exc})",
                          path=shown, line=1, hint='export it as UTF-8: <?xml version="1.0" '
                                                   'encoding="UTF-8"?>') from None
    except ValueError as exc:
        if "multi-byte" in str(exc):
            raise ConfigError(f"the glossary declares an encoding publisher cannot read ({exc})",
                              path=shown, line=1, hint="export it as UTF-8") from None
        raise ConfigError(str(exc), path=shown, hint="remove the DOCTYPE's entity declarations") \
            from None


def _status(term_group: ElementTree.Element) -> str:
    for element in term_group.iter():
        if _local(element.tag) in ("termNote", "descrip") and element.get("type") in (
                "administrativeStatus", "normativeAuthorization", "usageNote"):
            return (element.text or "").strip().lower()
    return ""


def parse_tbx(data: bytes, shown: str, source_locale: str) -> Glossary:
    """A TBX file's terms (TBX 2 ``termEntry`` and TBX 3 ``conceptEntry``)."""
    root = _parse_xml(data, shown)
    glossary = Glossary(shown)
    source_keys = (source_locale, source_locale.split("_")[0])
    for number, entry in enumerate(e for e in root.iter()
                                   if _local(e.tag) in ("termEntry", "conceptEntry")):
        sources: list[str] = []
        approved: dict[str, list[str]] = {}
        forbidden: dict[str, list[str]] = {}
        note = ""
        for element in entry.iter():
            if _local(element.tag) == "descrip" and element.get("type") == "definition":
                note = note or " ".join("".join(element.itertext()).split())
        for section in entry:
            if _local(section.tag) not in ("langSet", "langSec"):
                continue
            lang = _tag(section.get(XML_LANG) or section.get("lang") or "")
            for group in section:
                if _local(group.tag) not in ("tig", "ntig", "termSec"):
                    continue
                term = next((e for e in group.iter() if _local(e.tag) == "term"), None)
                text = " ".join("".join(term.itertext()).split()) if term is not None else ""
                if not text:
                    continue
                bad = any(word in _status(group) for word in FORBIDDEN)
                if lang in source_keys or lang.split("_")[0] == source_keys[1]:
                    if not bad:
                        sources.append(text)
                    continue
                (forbidden if bad else approved).setdefault(lang, []).append(text)
        for source in sources:
            glossary.terms.append(Term(source, number + 1, approved, forbidden, note))
    return glossary


#: The longest cell of a CSV glossary: terms, locales and notes are short.
CSV_FIELD_LIMIT = 10_000


def parse_csv(text: str, shown: str) -> Glossary:
    """A CSV glossary: ``term,locale,translation,status[,note]`` with a header row."""
    if "\r" in text and "\n" not in text:
        raise ConfigError("the CSV glossary's lines end in a carriage return alone (an old "
                          "Mac format)", path=shown, line=1,
                          hint="save it with Unix (LF) or Windows (CRLF) line endings")
    reader = csv.reader(io.StringIO(text, newline=""))
    rows, starts = [], []
    too_long = ConfigError(f"a glossary cell of more than {CSV_FIELD_LIMIT:,} characters "
                           "starts on this line", path=shown,
                           hint="a quote left open swallows the rows after it: close it "
                                "(or write the term shorter)")
    while True:
        start = reader.line_num + 1     # where the row (and an open quote) begins
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            if "field larger" in str(exc):
                too_long.line = start
                raise too_long from None
            raise ConfigError(f"the CSV glossary cannot be read: {exc}", path=shown, line=start,
                              hint="a quote left open swallows the rows after it: close it") \
                from None
        if any(len(cell) > CSV_FIELD_LIMIT for cell in row):
            too_long.line = start
            raise too_long
        rows.append(row)
        starts.append(start)
    if not rows or [c.strip().lower() for c in rows[0][:3]] != ["term", "locale", "translation"]:
        raise ConfigError("the CSV glossary's first row must be term,locale,translation,status,note",
                          path=shown, line=1, hint="add the header row")
    by_source: dict[str, Term] = {}
    glossary = Glossary(shown)
    for line, row in zip(starts[1:], rows[1:]):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) < 3 or not row[0].strip() or not row[1].strip() or not row[2].strip():
            raise ConfigError("a glossary row needs a term, a locale and a translation",
                              path=shown, line=line, hint="fill the first three columns")
        status = row[3].strip().lower() if len(row) > 3 and row[3].strip() else "approved"
        if status != "approved" and status not in FORBIDDEN:
            raise ConfigError(f"unknown status {row[3].strip()!r}", path=shown, line=line,
                              hint="write approved or forbidden")
        term = by_source.get(row[0].strip())
        if term is None:
            term = by_source[row[0].strip()] = Term(row[0].strip(), line)
            glossary.terms.append(term)
        target = term.approved if status == "approved" else term.forbidden
        target.setdefault(_tag(row[1]), []).append(row[2].strip())
        term.rows.setdefault(("approved" if status == "approved" else "forbidden",
                              row[2].strip()), line)
        if len(row) > 4 and row[4].strip() and not term.note:
            term.note = row[4].strip()
    return glossary


def read_glossary(path: Path, shown: str, source_locale: str,
                  root: Path | None = None) -> Glossary:
    """Read a TBX or CSV glossary (the file's suffix says which); with
    ``root``, a file that resolves outside it (a symlink) is refused."""
    if root is not None:
        from ..core.fsutil import check_readable

        check_readable(path, root, shown, "glossary")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ConfigError(f"cannot read the glossary: {exc.strerror}", path=shown) from None
    if path.suffix.lower() == ".csv":
        try:
            return parse_csv(data.decode("utf-8-sig"), shown)
        except UnicodeDecodeError as exc:
            raise ConfigError(f"the glossary is not UTF-8 (byte {exc.start})", path=shown,
                              hint="save it as UTF-8") from None
    return parse_tbx(data, shown, source_locale)


# -- use ----------------------------------------------------------------------------

def comments_for(glossary: Glossary, message: Message, locale: str) -> list[str]:
    """The extracted comments that show ``message``'s terms to a translator."""
    comments = []
    for term in glossary.found_in(message.msgid):
        approved, forbidden = term.for_locale(locale)
        if not approved and not forbidden:
            continue
        text = f"{COMMENT}{term.source} → {' / '.join(approved) or '?'}"
        if forbidden:
            text += f" (not: {', '.join(forbidden)})"
        comments.append(text)
    return comments


def annotate(catalog: Catalog, glossary: Glossary, locale: str) -> None:
    """Add (in place) the glossary comments to each entry of a merged catalog."""
    for message in catalog.messages:
        if message.is_header or message.obsolete:
            continue
        message.extracted_comments = [c for c in message.extracted_comments
                                      if not c.startswith(COMMENT)]
        message.extracted_comments += comments_for(glossary, message, locale)


def check_glossary(catalog: Catalog, glossary: Glossary, locale: str) -> list[Problem]:
    """W701 where a translated entry lacks a term's approved translation, W702
    where it uses a forbidden one."""
    problems = []
    for message in catalog.messages:
        if not message.translated:
            continue
        silenced = ignored_codes(message)
        texts = message.msgstr_plural if message.is_plural else [message.msgstr]
        for term in glossary.found_in(message.msgid):
            approved, forbidden = term.for_locale(locale)
            csv_file = glossary.path.lower().endswith(".csv")

            def where(status: str, texts: list[str], term=term) -> str:
                return f"{glossary.path}:{term.line_of(status, texts)}" if csv_file \
                    else f"{glossary.path} entry {term.line}"
            if approved and "W701" not in silenced and not all(
                    any(matches(a, text) for a in approved) for text in texts if text):
                problems.append(problem(
                    "W701", message.lineno,
                    f"{quoted(message.msgid)} has the term “{term.source}”, whose approved "
                    f"translation {' or '.join('“' + a + '”' for a in approved)} the "
                    f"translation lacks ({where('approved', approved)}); use it, or add "
                    "publisher-ignore-W701 "
                    "in a translator comment"))
            used = [f for f in forbidden if any(matches(f, text) for text in texts)]
            if used and "W702" not in silenced:
                problems.append(problem(
                    "W702", message.lineno,
                    f"the translation uses {', '.join('“' + f + '”' for f in used)}, which the "
                    f"glossary forbids for “{term.source}” ({where('forbidden', used)}); write "
                    f"{' or '.join('“' + a + '”' for a in approved) or 'another term'}"))
    return problems
