"""One chain from a locale to its parents (core.locales.fallback_chain), asked
by every setting and table that is looked up per locale."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel import Locale
from babel.core import get_global
from babel.localedata import locale_identifiers

from publisher.core.calendars import default_calendar
from publisher.core.fonts import script_families
from publisher.core.locales import _NAME, fallback_chain
from publisher.sources.config import parse_settings

ALL = [name for name in sorted(locale_identifiers()) if _NAME.match(name)]


@pytest.mark.parametrize("name, chain", [
    ("zh_TW", ("zh_TW", "zh_Hant_TW", "zh_Hant")),
    ("zh_CN", ("zh_CN", "zh")),
    ("zh_Hant_MO", ("zh_Hant_MO", "zh_Hant_HK", "zh_Hant")),
    ("es_MX", ("es_MX", "es_419", "es")),
    ("pt_AO", ("pt_AO", "pt_PT", "pt")),
    ("en_GB", ("en_GB", "en_001", "en")),
    ("sr_ME", ("sr_ME", "sr_Latn_ME", "sr_Latn")),
    ("sr", ("sr",)),
    ("en_XA", ("en_XA", "en")),
])
def test_chains_of_cldr(name, chain):
    assert fallback_chain(name) == chain


def test_every_cldr_locale_has_a_chain_of_cldr_locales():
    parents = get_global("parent_exceptions")
    known = set(locale_identifiers())
    for name in ALL:
        chain = fallback_chain(name)
        assert chain[0] == name and len(set(chain)) == len(chain) and "root" not in chain, name
        for child, parent in zip(chain[1:], chain[2:]):
            # each step is CLDR's parent exception or a truncation
            assert parent == parents.get(child, child.rpartition("_")[0]), (name, chain)
        for key in chain[1:]:
            assert key in known, (name, key)
        # a locale never falls back to text in another script
        scripts = {Locale.parse(key).script or _usual_script(key) for key in chain}
        assert len(scripts) == 1, (name, chain)


def _usual_script(name: str) -> str:
    from publisher.core.locales import script_of
    return script_of(name)


def settings(text: str):
    import tomllib
    return parse_settings(tomllib.loads('source_locale = "en"\nlocales = ["zh_TW", "zh_Hant_MO", "es_MX", "es", "zh_CN"]\n' + text),
                          Path("."), where="publisher.toml")


def test_settings_of_a_parent_apply_to_its_children():
    s = settings('[fonts]\nzh_Hant = ["Noto Sans CJK TC"]\nzh = ["Noto Sans CJK SC"]\n\n'
                 '[check.locales]\nes_419 = 80\n\n[calendar]\nzh_Hant = "gregorian"\n')
    assert s.fonts_for("zh_Hant_MO") == ("Noto Sans CJK TC",)
    assert s.fonts_for("zh_TW") == ("Noto Sans CJK TC",)      # never the Simplified stack of zh
    assert s.fonts_for("zh_CN") == ("Noto Sans CJK SC",)
    assert s.check.threshold_for("es_MX", None) == 80
    assert s.check.threshold_for("es", None) == 100


def test_tables_follow_the_chain():
    assert default_calendar("th_TH") == "buddhist"
    assert script_families("Hant", "zh_MO")[0] == "Noto Serif CJK HK"
    assert script_families("Hant", "zh_TW")[0] == "Noto Serif CJK TC"


def test_a_language_is_named_in_words_in_every_locale():
    """The partial-translation notice names the source language in the page's
    language; where CLDR has no name there, the language's own name, never
    its code ("shown in English", not "shown in en")."""
    from publisher.core.locales import language_name

    sources = ["en", "fr", "ar", "zh", "ru", "es", "de", "ja"]
    coded = [(source, name) for name in ALL for source in sources
             if language_name(source, name) == source]
    assert not coded, coded[:20]
    # Nor a placeholder or note that CLDR's data carries inside a name:
    # Saraiki's entry for English is "سرائیکی ► skr" (its own name), and
    # Kashmiri's Chinese holds a translator's note in ornate brackets.
    noted = [(source, name, shown) for name in ALL for source in sources
             if any(c in (shown := language_name(source, name)) for c in "\u25ba\ufd3e\ufd3f")]
    assert not noted, noted[:20]
    assert language_name("en", "skr") == "English"
    assert language_name("zh", "ks") == "چیٖنی"
