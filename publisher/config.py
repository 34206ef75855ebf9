"""Project settings: one file at the project root.

Either ``publisher.toml`` or a ``[tool.publisher]`` table in ``pyproject.toml``.
``parse_settings`` is a pure function on the file's data; ``load_settings``
finds and reads the file.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from .errors import ConfigError
from .fonts import BASE_FAMILIES, SYMBOL_FAMILIES, default_stack
from .locales import check_locale_name, locale_info, same_locale

SETTINGS_FILE = "publisher.toml"

#: The fonts of locales the settings do not name come from each locale's
#: script (see ``fonts.default_stack``): a ``[fonts]`` entry for a locale or
#: its language replaces its whole stack; ``default`` replaces the families
#: that follow the script's own (Latin and symbols).

_KNOWN_KEYS = {
    "source_locale", "locales", "documents", "templates", "locales_dir", "output",
    "templates_domain", "page_size", "contact", "fonts", "numbering", "check",
    "calendar", "glossary", "update",
}

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
            for key in (locale, locale.split("_")[0]):
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
        """The font stack for a locale: its own entry, its language's, or the default."""
        language = locale.split("_")[0]
        for key in (locale, language):
            if key in self.fonts:
                return self.fonts[key]
        base = self.fonts.get("default", BASE_FAMILIES + SYMBOL_FAMILIES)
        return default_stack(locale_info(locale).script, locale, tuple(base))

    def numbering_for(self, locale: str) -> str:
        """The numbering system of a locale's figures: the setting, else CLDR's default."""
        from .figures import numbering_system

        language = locale.split("_")[0]
        return numbering_system(locale, self.numbering.get(locale) or self.numbering.get(language))

    def calendar_for(self, locale: str) -> str:
        """The calendar of a locale's dates: the setting, else its official one
        (the Buddhist era for th, the Gregorian calendar elsewhere)."""
        from .calendars import default_calendar

        language = locale.split("_")[0]
        return self.calendar.get(locale) or self.calendar.get(language) or default_calendar(locale)

    def document_paths(self) -> list[Path]:
        if not self.documents_dir.is_dir():
            return []
        return sorted(p for p in self.documents_dir.glob("*.md") if p.is_file())

    def pot_path(self, domain: str) -> Path:
        return self.locales_dir / f"{domain}.pot"

    def po_path(self, locale: str, domain: str) -> Path:
        return self.locales_dir / locale / "LC_MESSAGES" / f"{domain}.po"

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


def _check_settings(data: object, where: str) -> CheckSettings:
    """The ``[check]`` table: threshold, [check.locales], [check.documents]."""
    if not isinstance(data, dict):
        raise ConfigError("'check' must be a table: [check]", path=where)
    unknown = sorted(set(data) - {"threshold", "locales", "documents"})
    if unknown:
        raise ConfigError(f"unknown setting 'check.{unknown[0]}'", path=where,
                          hint="[check] knows threshold, [check.locales] and [check.documents]")
    tables: dict[str, dict[str, float]] = {"locales": {}, "documents": {}}
    for name, example in (("locales", "fr = 80"), ("documents", "annual-report = 90")):
        table = data.get(name, {})
        if not isinstance(table, dict):
            raise ConfigError(f"'check.{name}' must be a table of name = percentage",
                              path=where, hint=f"write [check.{name}], then lines such as {example}")
        for key, value in table.items():
            if name == "locales":
                try:
                    check_locale_name(key)
                except ConfigError as exc:
                    raise ConfigError(f"check.locales: {exc.message}", path=where,
                                      hint=exc.hint) from None
            tables[name][key] = _percent(value, f"check.{name}.{key}", where)
    return CheckSettings(threshold=_percent(data.get("threshold", 100), "check.threshold", where),
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
    from .figures import digit_systems
    for key, system in numbering.items():
        check_locale_name(key, path=where)
        if system not in digit_systems():
            raise ConfigError(f"numbering.{key} = {system!r} is not a numbering system publisher "
                              "can write", path=where,
                              hint="use one of " + ", ".join(sorted(digit_systems())))
    calendar = data.get("calendar", {})
    if not isinstance(calendar, dict):
        raise ConfigError("'calendar' must be a table of locale = \"calendar\"", path=where)
    from .calendars import CALENDARS
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
    if not isinstance(page_size, str) or not page_size.replace(" ", "").isalnum():
        raise ConfigError("'page_size' must be a CSS page size such as A4 or letter",
                          path=where)
    contact = data.get("contact", "")
    if not isinstance(contact, str):
        raise ConfigError("'contact' must be an e-mail address", path=where)
    glossary = None
    if "glossary" in data:
        glossary = _inside(root, data["glossary"], "glossary", where)
        if glossary.suffix.lower() not in (".tbx", ".csv"):
            raise ConfigError(f"glossary = {data['glossary']!r} is neither a .tbx nor a .csv file",
                              path=where, hint="name a TBX file (glossary.tbx) or a CSV file")
    return Settings(
        root=root.resolve(),
        source_locale=source,
        locales=tuple(locales),
        documents_dir=_inside(root, data.get("documents", "documents"), "documents", where),
        templates_dir=_inside(root, data.get("templates", "templates"), "templates", where),
        locales_dir=_inside(root, data.get("locales_dir", "locales"), "locales_dir", where),
        output_dir=_inside(root, data.get("output", "dist"), "output", where),
        templates_domain=domain,
        page_size=page_size,
        contact=contact,
        fonts={k: tuple(v) for k, v in fonts.items()},
        numbering=dict(numbering),
        calendar=dict(calendar),
        settings_path=root / where,
        check=_check_settings(data.get("check", {}), where),
        glossary=glossary,
        update=_update_settings(data.get("update", {}), where),
    )


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
        data = tomllib.loads(path.read_text("utf-8"))
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
