"""What publisher needs to know of a locale, from CLDR through Babel.

Locale names are also folder names (``locales/<name>/``, ``dist/<name>/``), so a
name is accepted only in its canonical form: the one Babel prints back for it.
That rejects path tricks (``../x``, ``de/../fr``) and names Babel would quietly
turn into another locale (``C``, ``und``, ``DE``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from babel import Locale, UnknownLocaleError
from babel.core import get_global, parse_locale
from babel.messages.plurals import get_plural

from .errors import ConfigError

_NAME = re.compile(r"^[a-z]{2,3}(?:_[A-Z][a-z]{3})?(?:_(?:[A-Z]{2}|[0-9]{3}))?$")


def check_locale_name(name: str, *, path: str | None = None, line: int | None = None) -> str:
    """Return ``name`` if it is a canonical CLDR locale name, else raise ConfigError."""
    hint = "use a CLDR locale name such as de, pt_BR or zh_Hans_CN"
    if not isinstance(name, str) or not _NAME.match(name):
        raise ConfigError(f"{name!r} is not a locale name", path=path, line=line, hint=hint)
    try:
        parsed = Locale.parse(name)
    except (UnknownLocaleError, ValueError) as exc:
        raise ConfigError(f"{name!r} is not a locale CLDR knows ({exc})", path=path,
                          line=line, hint=hint) from None
    language, *rest = name.split("_")
    script = next((part for part in rest if len(part) == 4), None)
    territory = next((part for part in rest if len(part) != 4), None)
    if (parsed.language != language or parsed.territory != territory
            or (script is not None and parsed.script != script)):
        raise ConfigError(f"{name!r} is not a canonical locale name (CLDR reads it as {parsed})",
                          path=path, line=line, hint=f"write it as {parsed}")
    return name


#: Pseudo-locales (see ``pseudo.py``) and the locales whose CLDR data they use.
PSEUDO_LOCALES = {"en_XA": "en", "ar_XB": "ar"}


def cldr_name(name: str) -> str:
    """The locale whose CLDR data ``name`` uses: itself, or a pseudo-locale's base."""
    return PSEUDO_LOCALES.get(name, name)


def same_locale(a: str, b: str) -> bool:
    """Whether two checked names denote one CLDR locale (zh_CN and zh_Hans_CN)."""
    return str(Locale.parse(a)) == str(Locale.parse(b))


@lru_cache(maxsize=4096)
def fallback_chain(name: str) -> tuple[str, ...]:
    """``name``, then the locales it falls back to, most specific first: the
    one answer to "this locale, then its parents" for settings (fonts,
    thresholds, calendars, numbering), glossaries and CLDR tables.

    CLDR's parents: a name without a script whose territory writes another
    script than the language usually does goes through that script first
    (zh_TW -> zh_Hant_TW -> zh_Hant, but zh_CN -> zh), then CLDR's parent
    exceptions (es_MX -> es_419 -> es, pt_AO ->
    pt_PT -> pt) or truncation, as Babel loads CLDR's data; ``root`` is never
    named.  A script other than the language's usual one (zh_Hant, sr_Latn)
    does not fall back to the bare language, as in CLDR: Traditional Chinese
    never takes Simplified text.  Pseudo-locales fall back to their base."""
    base = PSEUDO_LOCALES.get(name)
    if base is not None:
        return (name,) + fallback_chain(base)
    try:
        language, territory, given, _ = parse_locale(name)
    except ValueError:
        return (name,)
    likely = get_global("likely_subtags")
    usual = parse_locale(likely.get(language, language))
    usual_script = usual[2] if len(usual) > 2 else None
    script = given
    if script is None and territory:
        found = parse_locale(likely.get(f"{language}_{territory}", language))
        script = found[2] if len(found) > 2 else None
        if script == usual_script:
            script = None           # CLDR names a locale in its usual script without it
    chain = [name]
    current = "_".join(p for p in (language, script, territory) if p)
    parents = get_global("parent_exceptions")
    while current and current != "root":
        if current not in chain:
            chain.append(current)
        parts = current.split("_")
        if len(parts) == 2 and len(parts[1]) == 4 and parts[1] != usual_script:
            break                   # zh_Hant, sr_Latn: CLDR's parent is root
        current = parents.get(current) or current.rpartition("_")[0]
    return tuple(chain)


@dataclass(frozen=True)
class LocaleInfo:
    name: str            # canonical name, also the folder name: zh_CN
    tag: str             # BCP 47 tag for lang attributes: zh-CN
    direction: str       # "ltr" or "rtl"
    native_name: str     # the language named in itself: Deutsch, العربية
    plural_forms: str    # the Plural-Forms header value from CLDR
    nplurals: int
    script: str = "Latn"  # ISO 15924 code of the script it is written in

    @property
    def italic(self) -> bool:
        """Whether the script marks emphasis with italics (Latin, Cyrillic,
        Greek); others (CJK, Thai, Hebrew, Arabic, Indic ...) use weight."""
        return self.script in ITALIC_SCRIPTS

    @property
    def babel(self) -> Locale:
        return Locale.parse(cldr_name(self.name))


#: Scripts whose typographic convention for emphasis is an italic face.
ITALIC_SCRIPTS = frozenset({"Latn", "Cyrl", "Grek"})


def script_of(name: str) -> str:
    """The ISO 15924 script a locale is written in: the one its name gives
    (sr_Latn, zh_Hant_TW), else CLDR's likely subtags (he -> Hebr, ja ->
    Jpan, zh_TW -> Hant).  ``Latn`` when CLDR does not say."""
    locale = Locale.parse(name)
    if locale.script:
        return locale.script
    likely = get_global("likely_subtags")
    parts = [locale.language, locale.territory]
    for key in ("_".join(p for p in parts if p), locale.language, f"und_{locale.territory}"):
        found = likely.get(key)
        if found:
            script = parse_locale(found)[2]
            if script:
                return script
    return "Latn"


def _capitalise(text: str) -> str:
    """The first letter in upper case, where the script has cases for it:
    Georgian's Mtavruli capitals are not used to start a name."""
    first = text[:1].upper()
    if first and "\u1c90" <= first <= "\u1cbf":
        return text
    return first + text[1:]


@lru_cache(maxsize=None)
def locale_info(name: str) -> LocaleInfo:
    """Facts about one locale; ``name`` must already be checked."""
    locale = Locale.parse(cldr_name(name))
    plural = get_plural(locale)
    native = _capitalise(locale.get_language_name(locale) or name)
    if name in PSEUDO_LOCALES:
        native = f"[{name}]"
    return LocaleInfo(
        name=name,
        tag=name.replace("_", "-"),
        direction="rtl" if locale.character_order == "right-to-left" else "ltr",
        native_name=native,
        plural_forms=str(plural),
        nplurals=plural.num_plurals,
        script=script_of(cldr_name(name)),
    )


def native_names(names: list[str] | tuple[str, ...]) -> dict[str, str]:
    """Each locale named in itself; the region or script is added only where
    two of the given locales share a language (pt_BR and pt_PT)."""
    languages = [Locale.parse(n).language for n in names]
    result = {}
    for name in names:
        locale = Locale.parse(name)
        if languages.count(locale.language) > 1:
            result[name] = _capitalise(locale.get_display_name(locale) or name)
        else:
            result[name] = locale_info(name).native_name
    return result


def language_name(name: str, in_locale: str) -> str:
    """The language of locale ``name`` as ``in_locale`` names it ("Englisch"
    in German), from CLDR; where CLDR has no name for it in ``in_locale``
    (Punjabi in Arabic script, Interslavic), the language's own name
    ("English", "français"), never its code; the code only where CLDR names
    the language nowhere."""
    try:
        language = Locale.parse(name)
    except (ValueError, TypeError):
        return name
    for where in (in_locale, name):
        try:
            shown = _cldr_name(language.get_language_name(Locale.parse(cldr_name(where))))
        except (ValueError, TypeError):
            shown = None
        if shown:
            return shown
    return name


#: A translator's note CLDR carries inside a name (Kashmiri's Chinese:
#: "چیٖنی ﴿ترجمع اِشارٕ: ...﴾").
_NOTE = re.compile(r"\s*\ufd3f[^\ufd3e]*\ufd3e\s*")


def _cldr_name(shown: str | None) -> str | None:
    """A name as CLDR gives it, without a translator's note; None for a
    value its survey left unconfirmed ("سرائیکی ► skr", Saraiki's name for
    English: the ► and a code follow a placeholder, not a name)."""
    if not shown or "\u25ba" in shown:
        return None
    return _NOTE.sub("", shown).strip() or None
