"""Project settings: one file at the project root.

Either ``publisher.toml`` or a ``[tool.publisher]`` table in ``pyproject.toml``.
``parse_settings`` is a pure function on the file's data; ``load_settings``
finds and reads the file.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from ..core.errors import ConfigError
from ..core.fonts import BASE_FAMILIES, SYMBOL_FAMILIES, default_stack
from ..core.locales import check_locale_name, fallback_chain, locale_info, same_locale

SETTINGS_FILE = "publisher.toml"

#: The fonts of locales the settings do not name come from each locale's
#: script (see ``fonts.default_stack``): a ``[fonts]`` entry for a locale or
#: its language replaces its whole stack; ``default`` replaces the families
#: that follow the script's own (Latin and symbols).

_KNOWN_KEYS = {
    "source_locale", "locales", "documents", "templates", "locales_dir", "output",
    "templates_domain", "page_size", "contact", "fonts", "numbering", "check",
    "calendar", "glossary", "cache", "publish", "site_url", "update",
}

#: Entries of the build cache no build used in this many builds are dropped
#: (``[cache] keep``), and the objects no entry refers to deleted.
CACHE_KEEP = 10
#: How deep tables and arrays of a settings or edition file may nest.
TOML_DEPTH = 16

#: Where the glossary is looked for when the settings do not name one.
GLOSSARY_FILES = ("glossary.tbx", "glossary.csv")


@dataclass(frozen=True)
class CheckSettings:
    """The ``[check]`` table: how complete each catalog must be for
    ``publisher check`` to pass, in percent of its strings translated.

    ``threshold`` applies to every catalog; ``locales`` (by locale or
    language) and ``documents`` (by domain: a document's name, or the
    templates domain) replace it for theirs.  Where both name a catalog, the
    lower of the two applies.
    """

    threshold: float = 100.0
    locales: dict[str, float] = field(default_factory=dict)
    documents: dict[str, float] = field(default_factory=dict)

    def threshold_for(self, locale: str | None, domain: str | None,
                      default: float | None = None) -> float:
        """The catalog's threshold; ``default`` replaces ``threshold`` when given."""
        specific = []
        if locale is not None:
            for key in fallback_chain(locale):
                if key in self.locales:
                    specific.append(self.locales[key])
                    break
        if domain is not None and domain in self.documents:
            specific.append(self.documents[domain])
        if specific:
            return min(specific)
        return self.threshold if default is None else default


#: The values of ``[update] memory``.
MEMORY_MODES = ("translated", "fuzzy", "off")


@dataclass(frozen=True)
class UpdateSettings:
    """The ``[update]`` table: how ``publisher update`` uses the translation
    memory (the locale's other catalogs).  ``memory``: "translated" (a fill
    with the same source, context and flags counts as translated; others
    are fuzzy), "fuzzy" (every fill is fuzzy, for review: the default) or
    "off"."""

    memory: str = "fuzzy"


#: The page sizes CSS Paged Media names (WeasyPrint's list): A0-A10, B0-B10,
#: C0-C10, JIS-B0-JIS-B10, letter, legal, ledger.
_PAGE_NAMES = frozenset([f"{series}{n}" for series in ("a", "b", "c", "jis-b") for n in range(11)]
                        + ["letter", "legal", "ledger"])
_PAGE_LENGTH = re.compile(r"(?:\d+(?:\.\d+)?|\.\d+)(?:mm|cm|in|pt|pc|px|q)", re.IGNORECASE)


def css_page_size(value: str) -> bool:
    """Whether ``value`` is a CSS ``size`` the PDF can take: a named size,
    an orientation or both (``A4``, ``letter landscape``), or one or two
    lengths (``170mm 240mm``).  A typo (``A44``) is no size: CSS would drop
    it and print A4 without a word."""
    words = re.split(r"[ \t\n\r\f]+", value.lower().strip(" \t\n\r\f"))   # CSS's spaces only
    if not words or words == [""] or len(words) > 2:
        return False
    if all(_PAGE_LENGTH.fullmatch(word) for word in words):
        return True
    orientations = ("portrait", "landscape")
    names = [w for w in words if w in _PAGE_NAMES]
    turned = [w for w in words if w in orientations]
    return len(names) <= 1 and len(turned) <= 1 and len(names) + len(turned) == len(words)

def _update_settings(data: object, where: str) -> UpdateSettings:
    if not isinstance(data, dict):
        raise ConfigError("'update' must be a table: [update]", path=where)
    unknown = sorted(set(data) - {"memory"})
    if unknown:
        raise ConfigError(f"unknown setting 'update.{unknown[0]}'", path=where,
                          hint="[update] knows memory")
    memory = data.get("memory", "fuzzy")
    if memory not in MEMORY_MODES:
        raise ConfigError(f"update.memory = {memory!r} is not one of "
                          + ", ".join(f'"{m}"' for m in MEMORY_MODES), path=where,
                          hint='write memory = "translated", "fuzzy" or "off" under [update]')
    return UpdateSettings(memory=memory)


@dataclass(frozen=True)
class Settings:
    """Everything a build needs to know about a project."""

    root: Path
    source_locale: str = "en"
    locales: tuple[str, ...] = ()
    documents_dir: Path = Path("documents")
    templates_dir: Path = Path("templates")
    locales_dir: Path = Path("locales")
    output_dir: Path = Path("dist")
    templates_domain: str = "templates"
    page_size: str = "A4"
    contact: str = ""
    fonts: dict[str, tuple[str, ...]] = field(default_factory=dict)
    numbering: dict[str, str] = field(default_factory=dict)
    calendar: dict[str, str] = field(default_factory=dict)
    settings_path: Path | None = None
    check: CheckSettings = field(default_factory=CheckSettings)
    glossary: Path | None = None    # the settings' glossary file (TBX or CSV), if named
    cache_keep: int = CACHE_KEEP    # builds an unused cache entry is kept for
    # [publish]: how much of a locale (or of a document in it) must be
    # translated for its pages to be published (by default everything is)
    publish: CheckSettings = field(default_factory=lambda: CheckSettings(threshold=0.0))
    # where the output folder is published (https://example.org/reports/): a
    # PDF's links to other pages go there (a PDF cannot follow a relative one)
    site_url: str = ""
    update: UpdateSettings = field(default_factory=UpdateSettings)

    @property
    def glossary_path(self) -> Path | None:
        """The project's glossary: the settings' file, else glossary.tbx or
        glossary.csv at the root, else None."""
        if self.glossary is not None:
            return self.glossary
        for name in GLOSSARY_FILES:
            if (self.root / name).is_file():
                return self.root / name
        return None

    @property
    def all_locales(self) -> tuple[str, ...]:
        """The source locale first, then the translations."""
        return (self.source_locale,) + tuple(l for l in self.locales if l != self.source_locale)

    def fonts_for(self, locale: str) -> tuple[str, ...]:
        """The font stack for a locale: its own entry, its parents' (along
        ``fallback_chain``), or the default."""
        for key in fallback_chain(locale):
            if key in self.fonts:
                return self.fonts[key]
        base = self.fonts.get("default", BASE_FAMILIES + SYMBOL_FAMILIES)
        return default_stack(locale_info(locale).script, locale, tuple(base))

    def numbering_for(self, locale: str) -> str:
        """The numbering system of a locale's figures: the setting, else CLDR's default."""
        from ..figures.numbers import numbering_system

        chosen = next((self.numbering[key] for key in fallback_chain(locale) if key in self.numbering), None)
        return numbering_system(locale, chosen)

    def calendar_for(self, locale: str) -> str:
        """The calendar of a locale's dates: the setting, else its official one
        (the Buddhist era for th, the Gregorian calendar elsewhere)."""
        from ..core.calendars import default_calendar

        chosen = next((self.calendar[key] for key in fallback_chain(locale) if key in self.calendar), None)
        return chosen or default_calendar(locale)

    def document_paths(self) -> list[Path]:
        if not self.documents_dir.is_dir():
            return []
        return sorted(p for p in self.documents_dir.glob("*.md") if p.is_file())

    def pot_path(self, domain: str) -> Path:
        return self.locales_dir / f"{domain}.pot"

    def po_path(self, locale: str, domain: str) -> Path:
        """The one place a catalog's path is made: ``<locales>/<locale>/LC_MESSAGES/<domain>.po``."""
        return self.locales_dir / locale / "LC_MESSAGES" / f"{domain}.po"

    def catalog_folder(self, locale: str) -> Path:
        """The folder of a locale's catalogs (``po_path``'s folder)."""
        return self.po_path(locale, "-").parent

    def catalog_paths(self, locale: str) -> list[Path]:
        """The catalogs (.po files) a locale has, whatever their domain, sorted."""
        folder = self.catalog_folder(locale)
        return sorted(p for p in folder.glob("*.po") if p.is_file()) if folder.is_dir() else []

    def catalog_of(self, path: Path) -> tuple[str, str] | None:
        """(locale, domain) when ``path`` is where ``po_path`` puts a catalog of
        one of the project's locales, else None: ``po_path`` read backwards."""
        try:
            inside = path.resolve().relative_to(self.locales_dir.resolve())
        except (ValueError, OSError):
            return None
        parts = inside.parts
        if len(parts) != 3 or not parts[2].endswith(".po") or parts[0] not in self.locales:
            return None
        locale, domain = parts[0], parts[2][:-3]
        return (locale, domain) if self.po_path(locale, domain).resolve() == path.resolve() else None

    def relative(self, path: Path) -> str:
        """A path as shown to users and written in references: relative to the root."""
        try:
            return path.resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return str(path)


def _inside(root: Path, value: object, key: str, where: str) -> Path:
    if not isinstance(value, str) or not value:
        raise ConfigError(f"'{key}' must be a folder name", path=where)
    path = (root / value).resolve()
    if path != root.resolve() and root.resolve() not in path.parents:
        raise ConfigError(f"'{key}' = {value!r} points outside the project", path=where,
                          hint="use a folder inside the project root")
    return path


def _percent(value: object, key: str, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 100:
        raise ConfigError(f"{key} = {value!r} is not a percentage", path=where,
                          hint=f"write a number from 0 to 100, e.g. {key} = 90")
    return float(value)


def _check_settings(data: object, where: str, table: str = "check",
                    default: float = 100) -> CheckSettings:
    """The ``[check]`` table: threshold, [check.locales], [check.documents];
    with ``table="publish"``, the ``[publish]`` table, of the same form."""
    if not isinstance(data, dict):
        raise ConfigError(f"'{table}' must be a table: [{table}]", path=where)
    unknown = sorted(set(data) - {"threshold", "locales", "documents"})
    if unknown:
        raise ConfigError(f"unknown setting '{table}.{unknown[0]}'", path=where,
                          hint=f"[{table}] knows threshold, [{table}.locales] and "
                               f"[{table}.documents]")
    tables: dict[str, dict[str, float]] = {"locales": {}, "documents": {}}
    for name, example in (("locales", "fr = 80"), ("documents", "annual-report = 90")):
        values = data.get(name, {})
        if not isinstance(values, dict):
            raise ConfigError(f"'{table}.{name}' must be a table of name = percentage",
                              path=where, hint=f"write [{table}.{name}], then lines such as "
                                               f"{example}")
        for key, value in values.items():
            if name == "locales":
                try:
                    check_locale_name(key)
                except ConfigError as exc:
                    raise ConfigError(f"{table}.locales: {exc.message}", path=where,
                                      hint=exc.hint) from None
            tables[name][key] = _percent(value, f"{table}.{name}.{key}", where)
    return CheckSettings(threshold=_percent(data.get("threshold", default), f"{table}.threshold",
                                            where),
                         locales=tables["locales"], documents=tables["documents"])


def parse_settings(data: dict, root: Path, where: str = SETTINGS_FILE) -> Settings:
    """Settings from the parsed TOML table ``data`` of a project at ``root``."""
    unknown = sorted(set(data) - _KNOWN_KEYS)
    if unknown:
        raise ConfigError(f"unknown setting {unknown[0]!r}", path=where,
                          hint="known settings: " + ", ".join(sorted(_KNOWN_KEYS)))
    source = check_locale_name(data.get("source_locale", "en"), path=where)
    locales = data.get("locales", [])
    if not isinstance(locales, list):
        raise ConfigError("'locales' must be a list of locale names", path=where)
    seen: list[str] = [source]
    for name in locales:
        check_locale_name(name, path=where)
        twin = next((other for other in seen if same_locale(other, name)), None)
        if twin is not None and name != source:
            raise ConfigError(f"locale {name!r} is listed twice (as {twin!r})", path=where,
                              hint="keep one name per locale")
        seen.append(name)
    fonts: dict[str, list[str]] = {}
    user_fonts = data.get("fonts", {})
    if not isinstance(user_fonts, dict):
        raise ConfigError("'fonts' must be a table of locale = [font names]", path=where)
    for key, stack in user_fonts.items():
        if key != "default":
            check_locale_name(key, path=where)
        if not (isinstance(stack, list) and stack and all(isinstance(f, str) and f for f in stack)):
            raise ConfigError(f"fonts.{key} must be a non-empty list of font family names",
                              path=where)
        fonts[key] = stack
    numbering = data.get("numbering", {})
    if not isinstance(numbering, dict):
        raise ConfigError("'numbering' must be a table of locale = \"system\"", path=where)
    from ..figures.numbers import digit_systems
    for key, system in numbering.items():
        check_locale_name(key, path=where)
        if system not in digit_systems():
            raise ConfigError(f"numbering.{key} = {system!r} is not a numbering system publisher "
                              "can write", path=where,
                              hint="use one of " + ", ".join(sorted(digit_systems())))
    calendar = data.get("calendar", {})
    if not isinstance(calendar, dict):
        raise ConfigError("'calendar' must be a table of locale = \"calendar\"", path=where)
    from ..core.calendars import CALENDARS
    for key, name in calendar.items():
        check_locale_name(key, path=where)
        if name not in CALENDARS:
            raise ConfigError(f"calendar.{key} = {name!r} is not a calendar publisher can write",
                              path=where, hint="use one of " + ", ".join(CALENDARS))
    domain = data.get("templates_domain", "templates")
    if not isinstance(domain, str) or not domain.isidentifier():
        raise ConfigError("'templates_domain' must be a simple name such as templates",
                          path=where)
    page_size = data.get("page_size", "A4")
    if not isinstance(page_size, str) or not css_page_size(page_size):
        raise ConfigError(f"page_size = {page_size!r} is not a page size the PDF can take",
                          path=where, hint="write a CSS page size: A4, A5, B5, JIS-B5, letter, "
                          "legal, ledger, with landscape if wanted (\"A4 landscape\"), or two "
                          "lengths (\"170mm 240mm\")")
    contact = data.get("contact", "")
    if not isinstance(contact, str):
        raise ConfigError("'contact' must be an e-mail address", path=where)
    site_url = data.get("site_url", "")
    if not isinstance(site_url, str) or (site_url and (
            urlsplit(site_url).scheme not in ("http", "https") or not urlsplit(site_url).netloc)):
        raise ConfigError(f"site_url = {site_url!r} is not an http or https address", path=where,
                          hint="write where the output folder is published, such as "
                               "site_url = \"https://example.org/reports/\"")
    glossary = None
    if "glossary" in data:
        glossary = _inside(root, data["glossary"], "glossary", where)
        if glossary.suffix.lower() not in (".tbx", ".csv"):
            raise ConfigError(f"glossary = {data['glossary']!r} is neither a .tbx nor a .csv file",
                              path=where, hint="name a TBX file (glossary.tbx) or a CSV file")
    cache = data.get("cache", {})
    if not isinstance(cache, dict) or set(cache) - {"keep"}:
        raise ConfigError("'cache' must be a table with one setting, keep", path=where,
                          hint="write [cache] and then keep = 10 (the builds an unused entry "
                               "of the build cache is kept for)")
    keep = cache.get("keep", CACHE_KEEP)
    if isinstance(keep, bool) or not isinstance(keep, int) or not 1 <= keep <= 10_000:
        raise ConfigError(f"cache.keep = {keep!r} is not a number of builds", path=where,
                          hint="write a whole number from 1 to 10000, e.g. keep = 10")
    folders = {key: _inside(root, data.get(key, default), key, where) for key, default in
               (("documents", "documents"), ("templates", "templates"),
                ("locales_dir", "locales"), ("output", "dist"))}
    output = folders.pop("output")
    if output == root.resolve():
        raise ConfigError(f"output = {data.get('output')!r} is the project folder itself: a build "
                          "would write among the sources", path=where,
                          hint='name a folder of its own, e.g. output = "dist"')
    for key, folder in folders.items():
        if output == folder or folder in output.parents or output in folder.parents:
            raise ConfigError(f"output = {data.get('output', 'dist')!r} is, holds or is inside "
                              f"the source folder {key} = "
                              f"{data.get(key, folder.name)!r}: a build would overwrite sources "
                              "(or read its own outputs)", path=where,
                              hint='name a folder of its own, e.g. output = "dist"')
    return Settings(
        root=root.resolve(),
        source_locale=source,
        locales=tuple(locales),
        documents_dir=folders["documents"],
        templates_dir=folders["templates"],
        locales_dir=folders["locales_dir"],
        output_dir=output,
        templates_domain=domain,
        page_size=page_size,
        contact=contact,
        fonts={k: tuple(v) for k, v in fonts.items()},
        numbering=dict(numbering),
        calendar=dict(calendar),
        settings_path=root / where,
        check=_check_settings(data.get("check", {}), where),
        glossary=glossary,
        cache_keep=keep,
        publish=_check_settings(data.get("publish", {}), where, "publish", 0),
        site_url=site_url.rstrip("/") + "/" if site_url else "",
        update=_update_settings(data.get("update", {}), where),
    )


def read_toml(text: str, path: Path | str) -> dict:
    """``text`` read as TOML, its tables and arrays nested at most
    ``TOML_DEPTH`` deep (tomllib recurses once per level: a few hundred
    brackets would end in a RecursionError)."""
    depth, deepest, quote = 0, 0, ""
    for line in text.splitlines():
        quote, escaped = "", False
        for char in line:       # a rough count: brackets outside strings and comments
            if quote:
                if escaped:
                    escaped = False
                elif char == "\\" and quote == '"':
                    escaped = True
                elif char == quote:
                    quote = ""
            elif char in "\"'":
                quote = char
            elif char == "#":
                break
            elif char in "[{":
                depth += 1
                deepest = max(deepest, depth)
            elif char in "]}":
                depth -= 1
    if deepest > TOML_DEPTH + 2:
        raise ConfigError(f"tables or arrays nested {deepest} deep; at most {TOML_DEPTH} are read",
                          path=str(path), hint="write the settings flat: publisher's own "
                                               "settings nest two or three levels")
    try:
        return tomllib.loads(text)
    except RecursionError:
        raise ConfigError(f"tables or arrays nested too deep; at most {TOML_DEPTH} are read",
                          path=str(path), hint="write the settings flat") from None


def find_settings(start: Path) -> Path | None:
    """The nearest settings file at or above ``start``."""
    start = start.resolve()
    for folder in (start, *start.parents):
        if (folder / SETTINGS_FILE).is_file():
            return folder / SETTINGS_FILE
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file():
            try:
                if "publisher" in tomllib.loads(pyproject.read_text("utf-8")).get("tool", {}):
                    return pyproject
            except (tomllib.TOMLDecodeError, UnicodeDecodeError):
                continue
    return None


def load_settings(start: Path | None = None) -> Settings:
    """Find and read the project's settings from ``start`` (default: cwd) upwards."""
    start = Path.cwd() if start is None else Path(start)
    path = find_settings(start)
    if path is None:
        raise ConfigError(f"no {SETTINGS_FILE} here or in any parent folder of {start}",
                          hint="run publisher inside a project, or pass --project DIR")
    try:
        data = read_toml(path.read_text("utf-8"), path)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"cannot read the settings: {exc}", path=path,
                          hint="fix the TOML syntax") from None
    except UnicodeDecodeError as exc:
        raise ConfigError(f"the settings are not UTF-8 text (byte 0x{exc.object[exc.start]:02X})",
                          path=path, line=exc.object.count(b"\n", 0, exc.start) + 1,
                          hint="save the file as UTF-8") from None
    except OSError as exc:
        raise ConfigError(f"cannot read the settings: {exc.strerror or exc}", path=path) from None
    if path.name == "pyproject.toml":
        data = data["tool"]["publisher"]
    return parse_settings(data, path.parent, where=path.name)


# -- editing the settings file -------------------------------------------------------

def add_locale_text(text: str, locale: str, table: str | None = None) -> str:
    """``text`` (a settings file) with ``locale`` added at the end of its
    ``locales`` list, through tomlkit, which keeps comments, order and
    layout.  ``table`` is the table that holds the settings
    ("tool.publisher" in pyproject.toml), None for the top level.  A missing
    list is added.

    Raises ValueError when the file cannot be read as TOML or ``locales`` is
    not an array (the caller also checks the result by reading it back).
    """
    import tomlkit
    from tomlkit.exceptions import TOMLKitError
    from tomlkit.items import Array

    try:
        document = tomlkit.parse(text)
        holder = document
        for key in table.split(".") if table else ():
            if key not in holder:
                raise ValueError(f"there is no [{table}] table")
            holder = holder[key]
        if "locales" in holder:
            if not isinstance(holder["locales"], Array):
                raise ValueError("'locales' is not written as a list in brackets")
            holder["locales"].append(locale)
        else:
            holder["locales"] = [locale]
        return tomlkit.dumps(document)
    except TOMLKitError as exc:
        raise ValueError(str(exc)) from None
