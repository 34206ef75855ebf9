from pathlib import Path

import pytest

from publisher.core.errors import ConfigError
from publisher.core.locales import check_locale_name, locale_info, native_names
from publisher.sources.config import load_settings, parse_settings

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("name", ["../../x", "de/../fr", "C", "und", "DE", "zh-CN", "xx", "", "en_us"])
def test_unsafe_or_unknown_locale_names_are_refused(name):
    with pytest.raises(ConfigError):
        check_locale_name(name)


def test_locale_facts_come_from_cldr():
    assert locale_info("ar").direction == "rtl"
    assert locale_info("ar").nplurals == 6
    assert locale_info("zh_CN").tag == "zh-CN"
    assert locale_info("ru").native_name == "Русский"
    assert native_names(["pt_BR", "pt_PT", "de"]) == {
        "pt_BR": "Português (Brasil)", "pt_PT": "Português (Portugal)", "de": "Deutsch"}


def test_project_settings():
    settings = load_settings(ROOT)
    assert settings.all_locales[0] == "en" and len(set(settings.all_locales)) == len(settings.all_locales)
    assert all(settings.po_path(l, "templates").is_file() for l in settings.locales)
    assert settings.fonts_for("zh_CN")[0].startswith("Noto")
    assert settings.po_path("de", "templates") == ROOT / "locales/de/LC_MESSAGES/templates.po"


def test_settings_in_pyproject(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.publisher]\nlocales = ["fr"]\n')
    (tmp_path / "sub").mkdir()
    settings = load_settings(tmp_path / "sub")
    assert settings.all_locales == ("en", "fr") and settings.root == tmp_path.resolve()


@pytest.mark.parametrize("data, words", [
    ({"locales": ["de", "de"]}, "twice"),
    ({"locales": ["zh_CN", "zh_Hans_CN"]}, "twice"),
    ({"output": "../elsewhere"}, "outside"),
    ({"colour": "red"}, "unknown setting"),
    ({"fonts": {"de": []}}, "non-empty"),
])
def test_bad_settings_are_configuration_errors(tmp_path, data, words):
    with pytest.raises(ConfigError) as info:
        parse_settings(data, tmp_path)
    assert words in str(info.value) and info.value.exit_code == 2


@pytest.mark.parametrize("value", ["A44", "banana", "A4 A5", "A4 210mm", "", "A4;", "210",
                                   "A4\u00a0landscape", "A4\u3000landscape"])
def test_a_page_size_css_would_drop_is_refused(tmp_path, value):
    """CSS drops a size it cannot read and prints A4 without a word: the
    setting is refused, the error naming the value and what to write."""
    with pytest.raises(ConfigError) as info:
        parse_settings({"page_size": value}, tmp_path)
    assert repr(value) in str(info.value) and "A4 landscape" in str(info.value)


@pytest.mark.parametrize("value", ["A4", "a5", "letter", "Letter landscape", "JIS-B5", "C5",
                                   "landscape", "170mm 240mm", "8.5in 11in", "A3 portrait"])
def test_every_page_size_css_names_is_taken(tmp_path, value):
    assert parse_settings({"page_size": value}, tmp_path).page_size == value
