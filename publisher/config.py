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
from .locales import check_locale_name, same_locale

SETTINGS_FILE = "publisher.toml"

DEFAULT_FONTS = {
    "default": ["Noto Serif", "Noto Sans", "Noto Sans Symbols", "Noto Sans Symbols2"],
    "ar": ["Noto Naskh Arabic", "Noto Serif", "Noto Sans"],
    "fa": ["Noto Naskh Arabic", "Noto Serif", "Noto Sans"],
    "ur": ["Noto Nastaliq Urdu", "Noto Naskh Arabic", "Noto Serif"],
    "hi": ["Noto Serif Devanagari", "Noto Sans Devanagari", "Noto Serif"],
    "mr": ["Noto Serif Devanagari", "Noto Sans Devanagari", "Noto Serif"],
    "zh_CN": ["Noto Serif CJK SC", "Noto Sans CJK SC", "Noto Serif"],
    "zh_TW": ["Noto Serif CJK TC", "Noto Sans CJK TC", "Noto Serif"],
    "ja": ["Noto Serif CJK JP", "Noto Sans CJK JP", "Noto Serif"],
    "ko": ["Noto Serif CJK KR", "Noto Sans CJK KR", "Noto Serif"],
}

_KNOWN_KEYS = {
    "source_locale", "locales", "documents", "templates", "locales_dir", "output",
    "templates_domain", "page_size", "contact", "fonts", "numbering", "check",
}


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
    settings_path: Path | None = None
    check: CheckSettings = field(default_factory=CheckSettings)

    @property
    def all_locales(self) -> tuple[str, ...]:
        """The source locale first, then the translations."""
        return (self.source_locale,) + tuple(l for l in self.locales if l != self.source_locale)

    def fonts_for(self, locale: str) -> tuple[str, ...]:
        """The font stack for a locale: its own entry, its language's, or the default."""
        language = locale.split("_")[0]
        for key in (locale, language, "default"):
            if key in self.fonts:
                return self.fonts[key]
        return tuple(DEFAULT_FONTS["default"])

    def numbering_for(self, locale: str) -> str:
        """The numbering system of a locale's figures: the setting, else CLDR's default."""
        from .figures import numbering_system

        language = locale.split("_")[0]
        return numbering_system(locale, self.numbering.get(locale) or self.numbering.get(language))

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
    fonts = dict(DEFAULT_FONTS)
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
        settings_path=root / where,
        check=_check_settings(data.get("check", {}), where),
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
    if path.name == "pyproject.toml":
        data = data["tool"]["publisher"]
    return parse_settings(data, path.parent, where=path.name)
