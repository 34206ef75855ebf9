"""The catalog commands fmt, init, compile and stats, on files and on a project copy."""

from __future__ import annotations

import gettext
import json
import shutil
import subprocess
import tomllib
from pathlib import Path

import pytest
from click.testing import CliRunner

from publisher.catalogs.pofile import encode_po, parse_po, read_po
from publisher.cli import main
from publisher.core.locales import locale_info
from publisher.sources.config import add_locale_text, load_settings

from projects import unused_locale

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "catalogs" / "fixtures"
HAVE_MSGCAT = shutil.which("msgcat") is not None

# Valid, but not as msgcat writes it: a long line unwrapped, flags out of order.
LOOSE = """msgid ""
msgstr "Content-Type: text/plain; charset=UTF-8\\nLanguage: de\\n"

#, python-format, fuzzy
msgid "This sentence is long enough to be wrapped by msgcat at its page width of seventy-nine columns, %(name)s."
msgstr "Dieser Satz ist lang genug, um von msgcat an seiner Seitenbreite von neunundsiebzig Spalten umbrochen zu werden, %(name)s."
"""


def run(*args: str, project: Path | None = None):
    prefix = ["--project", str(project)] if project is not None else []
    return CliRunner().invoke(main, [*prefix, *args])


def snapshot(folder: Path) -> dict[Path, bytes]:
    return {p: p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


# -- fmt -------------------------------------------------------------------------------

def test_fmt_rewrites_in_msgcats_form_and_leaves_canonical_files_alone(tmp_path: Path) -> None:
    loose = tmp_path / "de" / "LC_MESSAGES" / "app.po"
    loose.parent.mkdir(parents=True)
    loose.write_text(LOOSE, "utf-8")
    canonical = tmp_path / "app.pot"
    canonical.write_bytes(encode_po(parse_po((FIXTURES / "template.pot").read_bytes())))
    before = canonical.stat().st_mtime_ns
    result = run("fmt", str(tmp_path))
    assert result.exit_code == 0, result.output
    assert f"formatted {loose}" in result.output
    assert "1 file(s) formatted, 1 already canonical" in result.output
    assert canonical.stat().st_mtime_ns == before
    assert loose.read_bytes() == encode_po(parse_po(LOOSE.encode()))
    if HAVE_MSGCAT:
        done = subprocess.run(["msgcat", "-"], input=LOOSE.encode(), capture_output=True)
        assert loose.read_bytes() == done.stdout
    assert run("fmt", "--check", str(tmp_path)).exit_code == 0


def test_fmt_check_lists_and_changes_nothing(tmp_path: Path) -> None:
    (tmp_path / "a.po").write_text(LOOSE, "utf-8")
    (tmp_path / "b.po").write_bytes(encode_po(parse_po(LOOSE.encode())))
    before = snapshot(tmp_path)
    result = run("fmt", "--check", str(tmp_path))
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [str(tmp_path / "a.po")]
    assert snapshot(tmp_path) == before


def test_fmt_reports_an_unreadable_file_with_its_line_and_never_rewrites_it(tmp_path: Path) -> None:
    broken = tmp_path / "broken.po"
    broken.write_text(LOOSE + '\nmsgid "x"\nmsgstr "no end\n', "utf-8")
    other = tmp_path / "other.po"
    other.write_text(LOOSE, "utf-8")
    before = broken.read_bytes()
    result = run("fmt", str(tmp_path))
    assert result.exit_code == 1
    assert f"error: {broken}:9: this string has no closing quote" in result.output
    assert broken.read_bytes() == before
    assert other.read_bytes() != LOOSE.encode()       # the others are still formatted


def test_fmt_keeps_a_file_whose_canonical_form_would_drop_a_flag(tmp_path: Path) -> None:
    path = tmp_path / "fr.po"
    path.write_text(LOOSE.replace("#, python-format, fuzzy", "#, fuzzy, publisher-ignore-W602"),
                    "utf-8")
    before = path.read_bytes()
    result = run("fmt", str(path))
    assert result.exit_code == 1
    assert "publisher-ignore-W602 is not a gettext flag" in result.output
    assert path.read_bytes() == before


def test_fmt_with_several_workers_gives_the_same_files(tmp_path: Path) -> None:
    one, many = tmp_path / "one", tmp_path / "many"
    for folder in (one, many):
        for i in range(40):
            (folder / f"d{i}").mkdir(parents=True)
            (folder / f"d{i}" / "x.po").write_text(LOOSE.replace("sentence", f"sentence {i}"),
                                                   "utf-8")
    assert run("fmt", "--jobs", "1", str(one)).exit_code == 0
    result = run("fmt", "--jobs", "2", str(many))
    assert result.exit_code == 0
    assert "40 file(s) formatted" in result.output
    assert [p.read_bytes() for p in snapshot(one)] == [p.read_bytes() for p in snapshot(many)]


def test_fmt_needs_catalogs(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("x")
    assert run("fmt", str(tmp_path)).exit_code == 2


# -- init ------------------------------------------------------------------------------

def test_init_creates_catalogs_and_adds_the_locale_keeping_the_settings_file(project: Path) -> None:
    settings_file = project / "publisher.toml"
    before = settings_file.read_text("utf-8")
    new = unused_locale(project)
    result = run("init", new, project=project)
    assert result.exit_code == 0, result.output
    templates = sorted(p.stem for p in (project / "locales").glob("*.pot"))
    created = sorted(p.stem for p in (project / f"locales/{new}/LC_MESSAGES").glob("*.po"))
    assert created == templates
    catalog = read_po(project / f"locales/{new}/LC_MESSAGES/templates.po")
    assert catalog.header_field("Language") == new
    info = locale_info(new)
    assert catalog.header_field("Plural-Forms") == info.plural_forms
    assert "charset=UTF-8" in catalog.header_field("Content-Type")
    plural = next(m for m in catalog.messages if m.is_plural)
    assert plural.msgstr_plural == [""] * info.nplurals
    after = settings_file.read_text("utf-8")
    assert after == add_locale_text(before, new)       # the list gains it, nothing else changes
    assert tomllib.loads(after) == dict(tomllib.loads(before),
                                        locales=[*tomllib.loads(before)["locales"], new])
    assert load_settings(project).locales[-1] == new
    # The new locale is now part of the project: update and check know it.
    assert run("update", project=project).exit_code == 0


@pytest.mark.parametrize("name, message", [
    ("xx_YY", "is not a locale CLDR knows"),
    ("../fr", "is not a locale name"),
    ("de", "already one of the project's locales"),
    ("zh_Hans_CN", "already one of the project's locales (as zh_CN)"),
    ("en", "source locale"),
])
def test_init_refuses_and_changes_nothing(project: Path, name: str, message: str) -> None:
    before = snapshot(project)
    result = run("init", name, project=project)
    assert result.exit_code == 2
    assert message in result.output
    assert snapshot(project) == before


def test_init_refuses_a_locale_that_has_catalogs(project: Path) -> None:
    new = unused_locale(project)
    folder = project / f"locales/{new}/LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "templates.po").write_text("", "utf-8")
    result = run("init", new, project=project)
    assert result.exit_code == 2 and "already has catalogs" in result.output


def test_init_needs_templates(project: Path) -> None:
    new = unused_locale(project)
    for pot in (project / "locales").glob("*.pot"):
        pot.unlink()
    result = run("init", new, project=project)
    assert result.exit_code == 1 and "publisher extract" in result.output
    assert new not in load_settings(project).locales


def test_init_in_a_pyproject(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "locales", tmp_path / "locales")
    text = ('[project]\nname = "book"\n\n[tool.publisher]\n# our locales\n'
            'locales = [\n    "de",  # German\n]\n\n[tool.publisher.fonts]\nde = ["Noto Serif"]\n')
    (tmp_path / "pyproject.toml").write_text(text, "utf-8")
    result = run("init", "pt_BR", project=tmp_path)
    assert result.exit_code == 0, result.output
    assert (tmp_path / "pyproject.toml").read_text("utf-8") == text.replace(
        '"de",  # German\n', '"de",  # German\n    "pt_BR",\n')
    assert (tmp_path / "locales/pt_BR/LC_MESSAGES/templates.po").is_file()


@pytest.mark.parametrize("text, table, expected", [
    ('locales = ["ar", "de"]\n', None, 'locales = ["ar", "de", "pl"]\n'),
    ('locales = []  # none yet\n', None, 'locales = ["pl"]  # none yet\n'),
    ('locales = [\n  "ar",\n  "de"  # German\n]\n', None,
     'locales = [\n  "ar",\n  "de",  # German\n  "pl"\n]\n'),
    ('title = "a # b [c]"\nlocales = [ "x]y", \'z\', ]\n', None,
     'title = "a # b [c]"\nlocales = [ "x]y", \'z\', "pl" ]\n'),
    ('source_locale = "en"\n\n[check]\nthreshold = 90\n', None,
     'source_locale = "en"\nlocales = ["pl"]\n\n[check]\nthreshold = 90\n'),
    ('a = 1\r\nlocales = [\r\n  "x",\r\n]\r\n', None, 'a = 1\r\nlocales = [\r\n  "x",\r\n  "pl",\r\n]\r\n'),
    ('[tool.publisher]\n\n[tool.other]\nlocales = ["x"]\n', "tool.publisher",
     '[tool.publisher]\nlocales = ["pl"]\n\n[tool.other]\nlocales = ["x"]\n'),
])
def test_adding_a_locale_is_a_minimal_edit(text: str, table: str | None, expected: str) -> None:
    edited = add_locale_text(text, "pl", table)
    assert edited == expected
    data = tomllib.loads(edited)
    assert (data["tool"]["publisher"] if table else data)["locales"][-1] == "pl"


# -- compile ---------------------------------------------------------------------------

def test_compile_writes_mo_files_gettext_reads(project: Path) -> None:
    po = project / "locales/de/LC_MESSAGES/templates.po"
    catalog = read_po(po)
    entry = next(m for m in catalog.messages if m.msgstr and not m.is_plural)
    entry.set_fuzzy(True)
    po.write_bytes(encode_po(catalog))
    result = run("compile", "--locale", "de", project=project)
    assert result.exit_code == 0, result.output
    assert "wrote locales/de/LC_MESSAGES/templates.mo" in result.output
    assert not (project / "locales/fr/LC_MESSAGES/templates.mo").exists()
    with open(po.with_suffix(".mo"), "rb") as stream:
        translations = gettext.GNUTranslations(stream)
    assert translations.gettext(entry.msgid) == entry.msgid      # fuzzy: left out
    other = next(m for m in catalog.messages if m.msgstr and not m.fuzzy and not m.is_plural)
    assert translations.gettext(other.msgid) == other.msgstr
    again = run("compile", "--locale", "de", project=project)
    templates = len(list((project / "locales").glob("*.pot")))
    assert f"0 file(s) written, {templates} unchanged" in again.output


def test_compile_stops_at_a_broken_catalog_and_writes_nothing(project: Path) -> None:
    broken = project / "locales/ru/LC_MESSAGES/templates.po"
    broken.write_text(broken.read_text("utf-8") + '\nmsgid "x"\nmsgstr "no end\n', "utf-8")
    result = run("compile", project=project)
    assert result.exit_code == 1
    assert "locales/ru/LC_MESSAGES/templates.po:" in result.output
    assert not list(project.glob("locales/*/LC_MESSAGES/*.mo"))


def test_compile_knows_the_projects_locales(project: Path) -> None:
    assert run("compile", "--locale", unused_locale(project), project=project).exit_code == 2


# -- stats -----------------------------------------------------------------------------

def test_stats_of_the_project(project: Path) -> None:
    from growing import translate_everything

    translate_everything(project)            # whatever the shipped catalogs hold
    po = project / "locales/fr/LC_MESSAGES/templates.po"
    catalog = read_po(po)
    from publisher.catalogs.pagewords import package_keys

    # a string of the project's own templates (the package's page words do
    # not translate it: an emptied page word falls back to the package's)
    emptied = next(m for m in catalog.messages if m.msgstr and not m.is_plural
                   and m.key not in package_keys("fr"))
    emptied.msgstr = ""
    po.write_bytes(encode_po(catalog))
    (project / "locales/es/LC_MESSAGES/templates.po").unlink()
    result = run("stats", "--format", "json", project=project)
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    rows = {(r["locale"], r["domain"]): r for r in data["catalogs"]}
    settings = load_settings(project)
    domains = [p.stem for p in settings.locales_dir.glob("*.pot")]
    assert set(rows) == {(l, d) for l in settings.locales for d in domains}
    fr = rows[("fr", "templates")]
    assert fr["untranslated"] == 1 and fr["fuzzy"] == 0 and fr["percent"] < 100
    assert fr["words_to_translate"] == len(emptied.msgid.split())
    missing = rows[("es", "templates")]
    assert missing["missing"] and missing["translated"] == 0 and missing["untranslated"] > 0
    text = run("stats", "--locale", "fr", project=project).output
    assert [line.split()[:2] for line in text.splitlines()[1:]] == \
        [["fr", d] for d in sorted(domains)] + [["fr", "(total)"]]


def test_stats_of_files_outside_a_project(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "po" / "de" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "app.po").write_text(LOOSE, "utf-8")
    (tmp_path / "po" / "fr.po").write_text('msgid "a"\nmsgstr "b\n', "utf-8")
    result = run("stats", "po")
    assert result.exit_code == 1
    assert "error: po/fr.po:2: this string has no closing quote" in result.output
    assert "po/de/LC_MESSAGES/app.po" in result.output
    data = json.loads(run("stats", "--format", "json", "po").output)
    assert [(r["locale"], r["fuzzy"], r["problem"] is None) for r in data["catalogs"]] == \
        [("de", 1, True), ("fr", 0, False)]


def test_a_locale_with_an_unreadable_catalog_has_no_total_percentage(tmp_path: Path, monkeypatch) -> None:
    """The total of a locale one of whose catalogs cannot be read is not
    known: never 100 % from the catalogs that could be read."""
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "po" / "de" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "app.po").write_text('msgid ""\nmsgstr "Language: de\\n"\n\nmsgid "a"\nmsgstr "b"\n', "utf-8")
    (folder / "web.po").write_text('msgid "a"\nmsgstr "b\n', "utf-8")
    result = run("stats", "po")
    assert result.exit_code == 1
    total = next(line for line in result.output.splitlines() if "(total)" in line)
    assert "unknown: 1 unreadable" in total and "100.0%" not in total, result.output
    data = json.loads(run("stats", "--format", "json", "po").output)
    assert data["locales"][0]["percent"] is None and data["locales"][0]["unreadable"] == 1
