"""Editions: the pack a delegation gets, defined in ``editions/<name>.toml``.

An edition names the documents in order, the locales it is made in, the
occasion and any further cover lines, and for each locale whether its pack
is bilingual and with which other locale::

    # editions/state-visit-2027.toml
    occasion = "State visit of the President of the Federal Republic of Germany"
    cover = ["Beijing, 12-14 May 2027"]
    date = 2027-05-12
    documents = ["china-st-cooperation", "trade-report"]
    locales = ["de", "ar", "zh_CN"]
    contents = "Contents"              # the table of contents' heading

    [bilingual]                        # this locale's pack: text beside text
    de = "zh_CN"

The occasion, cover lines and contents heading are text like any other:
``extract`` writes them to the ``editions`` catalog (``locales/editions.pot``),
translators translate them, and ``check`` covers them.  This module reads
and validates edition files (``extract.editions`` builds their catalog,
``build.editions`` renders the packs).
"""

from __future__ import annotations

import datetime as _dt
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from ..core.errors import ConfigError
from ..core.fsutil import check_readable
from .config import Settings, read_toml

#: The folder of edition files, beside the settings, and the catalog's domain.
EDITIONS_DIR = "editions"
DOMAIN = "editions"
DEFAULT_CONTENTS = "Contents"
NAME = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
KEYS = {"occasion", "cover", "date", "documents", "locales", "contents", "bilingual", "title"}


@dataclass(frozen=True)
class Edition:
    name: str
    path: Path
    shown: str                            # the path as users see it
    documents: tuple[str, ...]
    locales: tuple[str, ...]
    occasion: str = ""
    title: str = ""                       # the cover's heading (default: the occasion)
    cover: tuple[str, ...] = ()
    contents: str = DEFAULT_CONTENTS
    date: _dt.date | None = None
    bilingual: dict[str, str] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)   # text -> line in the file

    def texts(self) -> list[tuple[str, str]]:
        """(what, text) of every translatable text, in cover order."""
        found = [("title", self.title), ("occasion", self.occasion)]
        found += [(f"cover line {n}", line) for n, line in enumerate(self.cover, 1)]
        found.append(("contents heading", self.contents))
        return [(what, text) for what, text in found if text]


def editions_dir(settings: Settings) -> Path:
    return settings.root / EDITIONS_DIR


def edition_paths(settings: Settings) -> list[Path]:
    folder = editions_dir(settings)
    return sorted(p for p in folder.glob("*.toml") if p.is_file()) if folder.is_dir() else []


def edition_locales(settings: Settings) -> frozenset[str]:
    """The locales some edition is made in (its ``locales``, all of the
    project's when it names none, and the other locales of its bilingual
    packs): those alone need the editions catalog.  A file that cannot be
    read counts for every locale (``extract`` and ``build`` say what is
    wrong with it)."""
    found: set[str] = set()
    for path in edition_paths(settings):
        try:
            data = tomllib.loads(path.read_text("utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
            return frozenset(settings.all_locales)
        locales = data.get("locales", list(settings.all_locales))
        if isinstance(locales, str):
            locales = [locales]
        if not isinstance(locales, list):
            return frozenset(settings.all_locales)
        found |= {l for l in locales if isinstance(l, str)}
        bilingual = data.get("bilingual", {})
        if isinstance(bilingual, dict):
            found |= {l for l in bilingual.values() if isinstance(l, str)}
    return frozenset(found)


def used_domains(settings: Settings, locale: str, domains) -> list[str]:
    """Those of ``domains`` (template domains) whose catalog ``locale`` needs:
    every document's and the templates', and the editions' only where an
    edition is made in the locale."""
    if DOMAIN not in domains:
        return sorted(domains)
    listed = edition_locales(settings)
    return sorted(d for d in domains if d != DOMAIN or locale in listed)


def _line_of(source: str, key: str, text: str = "") -> int:
    """The line where ``key`` (or the string ``text``) is written, for messages."""
    for number, line in enumerate(source.splitlines(), 1):
        if (text and (f'"{text}"' in line or f"'{text}'" in line)) or \
                (not text and re.match(rf"\s*{re.escape(key)}\s*=", line)):
            return number
    return 1


_QUOTED = re.compile(r'"((?:[^"\\]|\\.)*)"|\'([^\']*)\'')


def _string_lines(source: str) -> dict[str, int]:
    """Each string written in quotes in ``source`` -> the first line where it
    stands (one pass: an edition of 20,000 cover lines is looked up in linear time)."""
    found: dict[str, int] = {}
    for number, line in enumerate(source.splitlines(), 1):
        for match in _QUOTED.finditer(line):
            found.setdefault(match.group(1) if match.group(1) is not None else match.group(2),
                             number)
    return found


def _strings(value: object, key: str, shown: str, line: int) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise ConfigError(f"'{key}' must be a list of non-empty strings", path=shown, line=line)
    return tuple(v.strip() for v in value)


def parse_edition(path: Path, settings: Settings, known_documents: list[str]) -> Edition:
    """Read and check one edition file."""
    shown = settings.relative(path)
    check_readable(path, settings.root, shown, "edition file")
    try:
        source = path.read_text("utf-8")
        data = read_toml(source, shown)
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read the edition: {exc}", path=shown) from None
    except tomllib.TOMLDecodeError as exc:
        line = getattr(exc, "lineno", None)
        raise ConfigError(f"not valid TOML: {exc}", path=shown, line=line,
                          hint="fix the edition file's syntax") from None
    name = path.stem
    if not NAME.match(name):
        raise ConfigError(f"{name!r} is not a usable edition name", path=shown,
                          hint="name the file with lower-case letters, digits, - and _")
    for key in data:
        if key not in KEYS:
            raise ConfigError(f"unknown key {key!r}", path=shown, line=_line_of(source, key),
                              hint="known: " + ", ".join(sorted(KEYS)))
    documents = _strings(data.get("documents"), "documents", shown, _line_of(source, "documents"))
    for document in documents:
        if document not in known_documents:
            raise ConfigError(f"the project has no document named {document!r}", path=shown,
                              line=_line_of(source, "documents", document),
                              hint="known: " + ", ".join(known_documents))
    if len(set(documents)) != len(documents):
        raise ConfigError("a document is named twice", path=shown, line=_line_of(source, "documents"))
    locales = _strings(data.get("locales", list(settings.all_locales)), "locales", shown,
                       _line_of(source, "locales"))
    for locale in locales:
        if locale not in settings.all_locales:
            raise ConfigError(f"locale {locale!r} is not in the project's settings", path=shown,
                              line=_line_of(source, "locales", locale),
                              hint="choose among " + ", ".join(settings.all_locales))
    bilingual = data.get("bilingual", {})
    if not isinstance(bilingual, dict):
        raise ConfigError("'bilingual' must be a table: locale = \"other locale\"", path=shown,
                          line=_line_of(source, "bilingual"))
    for locale, other in bilingual.items():
        line = _line_of(source, locale)
        if locale not in locales:
            raise ConfigError(f"bilingual.{locale}: the edition is not made in {locale!r}",
                              path=shown, line=line, hint="add it to 'locales' or remove the line")
        if not isinstance(other, str) or other not in settings.all_locales or other == locale:
            raise ConfigError(f"bilingual.{locale}: {other!r} is not another of the project's "
                              "locales", path=shown, line=line,
                              hint="choose among " + ", ".join(settings.all_locales))
    date = data.get("date")
    if date is not None and (not isinstance(date, _dt.date) or isinstance(date, _dt.datetime)):
        raise ConfigError("'date' must be a date (2027-05-12)", path=shown,
                          line=_line_of(source, "date"))
    texts = {}
    for key in ("occasion", "title", "contents"):
        value = data.get(key, DEFAULT_CONTENTS if key == "contents" else "")
        if not isinstance(value, str):
            raise ConfigError(f"'{key}' must be a string", path=shown, line=_line_of(source, key))
        texts[key] = " ".join(value.split())
    cover = _strings(data.get("cover", []), "cover", shown, _line_of(source, "cover")) \
        if data.get("cover") else ()
    edition = Edition(name=name, path=path, shown=shown, documents=documents, locales=locales,
                      occasion=texts["occasion"], title=texts["title"], cover=cover,
                      contents=texts["contents"] or DEFAULT_CONTENTS, date=date,
                      bilingual=dict(bilingual))
    written = _string_lines(source)
    lines = {text: written.get(text, 1) for what, text in edition.texts()}
    object.__setattr__(edition, "lines", lines)
    return edition


def load_editions(settings: Settings, known_documents: list[str]) -> list[Edition]:
    return [parse_edition(path, settings, known_documents) for path in edition_paths(settings)]


def find_edition(editions: list[Edition], name: str, settings: Settings) -> Edition:
    for edition in editions:
        if edition.name == name:
            return edition
    raise ConfigError(f"there is no edition named {name!r}",
                      path=settings.relative(editions_dir(settings) / f"{name}.toml"),
                      hint=("known: " + ", ".join(e.name for e in editions)) if editions
                      else f"write one in {EDITIONS_DIR}/{name}.toml")
