"""publisher update on a real project copy: idempotent, safe, and figure-aware."""

from pathlib import Path

from babel import Locale
from click.testing import CliRunner

from publisher.build.pipeline import build
from publisher.catalogs.pofile import read_po
from publisher.cli import main
from publisher.sources.config import load_settings

from projects import add_locale_to_settings, unused_locale

DOC = "china-st-cooperation"


def run(project: Path, *args: str):
    return CliRunner().invoke(main, ["--project", str(project), *args])


def test_update_on_current_catalogs_changes_nothing(project):
    before = {p: p.read_bytes() for p in project.glob("locales/*/LC_MESSAGES/*.po")}
    result = run(project, "update")
    assert result.exit_code == 0, result.output
    assert {p: p.read_bytes() for p in before} == before


def test_update_creates_a_new_locale_with_cldr_plural_forms(project):
    new = unused_locale(project)
    add_locale_to_settings(project, new)
    result = run(project, "update")
    assert result.exit_code == 0, result.output
    catalog = read_po(project / f"locales/{new}/LC_MESSAGES/templates.po")
    assert catalog.header_field("Language") == new
    assert catalog.header_field("Plural-Forms").startswith("nplurals=")
    plural = next(m for m in catalog.messages if m.is_plural)
    assert len(plural.msgstr_plural) == int(catalog.header_field("Plural-Forms")[9])


def test_a_malformed_catalog_stops_update_and_is_left_alone(project):
    broken = project / f"locales/de/LC_MESSAGES/{DOC}.po"
    text = broken.read_text("utf-8").replace('msgstr "Wissenschaft und Technik"',
                                             'msgstr "Wissenschaft und Technik')
    broken.write_text(text, "utf-8")
    others = {p: p.read_bytes() for p in project.glob("locales/*/LC_MESSAGES/*.po")}
    result = run(project, "update")
    assert result.exit_code == 1
    assert f"locales/de/LC_MESSAGES/{DOC}.po:" in result.output
    assert {p: p.read_bytes() for p in others} == others


def test_a_figure_edit_keeps_every_locale_complete(project):
    source = project / f"documents/{DOC}.md"
    # the locales whose catalog has a finished translation of the sentence
    # (a locale added but not translated yet has none to keep)
    translated = []
    for locale in load_settings(project).locales:
        before = read_po(project / f"locales/{locale}/LC_MESSAGES/{DOC}.po")
        if any("{27,785}" in m.msgid and m.translated for m in before.messages):
            translated.append(locale)
    source.write_text(source.read_text("utf-8").replace("27,785", "28,102"), "utf-8")
    assert run(project, "extract").exit_code == 0
    result = run(project, "update")
    assert result.exit_code == 0, result.output
    msgid_part = "{28,102}"
    for locale in translated:
        catalog = read_po(project / f"locales/{locale}/LC_MESSAGES/{DOC}.po")
        entry = next(m for m in catalog.messages if msgid_part in m.msgid and not m.obsolete)
        # A figure edit is fuzzy where the two numbers fall in different CLDR
        # plural categories (ar, ru, pl...), and carried over elsewhere.
        differs = Locale.parse(locale).plural_form(27785) != Locale.parse(locale).plural_form(28102)
        assert entry.fuzzy is differs, locale
        assert msgid_part in entry.msgstr or entry.fuzzy
        assert not catalog.obsolete_entries()
    report = build(load_settings(project), locales=["de", "fr"], formats=("html",))
    assert "28.102" in (project / f"dist/de/{DOC}.html").read_text("utf-8")
    assert "28\u202f102" in (project / f"dist/fr/{DOC}.html").read_text("utf-8")
    for locale in {"de", "fr"} & set(translated):     # the kept translations are used
        catalog = read_po(project / f"locales/{locale}/LC_MESSAGES/{DOC}.po")
        entry = next(m for m in catalog.messages if msgid_part in m.msgid and not m.obsolete)
        where = f"locales/{locale}/LC_MESSAGES/{DOC}.po:{entry.lineno}:"
        assert not any(line.startswith(where) for line in report.fallbacks.get(locale, {}).get(DOC, []))


def test_update_refuses_a_locale_the_settings_do_not_list(project):
    new = unused_locale(project)
    for name in ("xx", new):
        result = run(project, "update", "--locale", name)
        assert result.exit_code == 2 and "not in the project's settings" in result.output
    assert not (project / "locales" / new).exists()
