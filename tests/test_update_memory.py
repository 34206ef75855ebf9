"""`publisher update` never loses a translation: the translation memory fills
only what the merge leaves untranslated, the `[update] memory` setting,
compendiums as `msgmerge -C` (for their own locale only), and the
invariant that refuses to write when a translation would be lost."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import polib
import pytest
from click.testing import CliRunner

import publisher.catalogs.update as update_module
from publisher.catalogs.pofile import read_po
from publisher.catalogs.update import update_catalogs
from publisher.cli import main
from publisher.core.errors import ConfigError
from publisher.sources.config import load_settings

HEADER = ('msgid ""\nmsgstr ""\n"Language: {locale}\\n"\n'
          '"Content-Type: text/plain; charset=UTF-8\\n"\n'
          '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n\n')
POT_HEADER = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'

OLD_OPEN = "Raises an auditing event open with arguments file, mode, flags."
NEW_OPEN = "Raises an auditing event open with arguments path, mode, flags."
OLD_OPEN_FR = "Lève un évènement d'audit open avec les arguments file, mode et flags."
OS_OPEN_FR = "Lève un évènement d'audit open avec les arguments path, mode et flags."


def entries(pairs: list[tuple[str, str]], fuzzy: tuple[str, ...] = ()) -> str:
    text = ""
    for msgid, msgstr in pairs:
        flag = "#, fuzzy\n" if msgid in fuzzy else ""
        text += f'{flag}msgid "{msgid}"\nmsgstr "{msgstr}"\n\n'
    return text


def make_project(root: Path, locales: list[str], templates: dict[str, list[str]],
                 catalogs: dict[tuple[str, str], str], settings: str = "") -> Path:
    (root / "locales").mkdir(parents=True)
    (root / "publisher.toml").write_text(
        'source_locale = "en"\nlocales = [' + ", ".join(f'"{l}"' for l in locales) + "]\n"
        + settings, "utf-8")
    for domain, msgids in templates.items():
        (root / "locales" / f"{domain}.pot").write_text(
            POT_HEADER + entries([(m, "") for m in msgids]), "utf-8")
    for (locale, domain), body in catalogs.items():
        folder = root / "locales" / locale / "LC_MESSAGES"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{domain}.po").write_text(HEADER.format(locale=locale) + body, "utf-8")
    return root


def found(root: Path, locale: str, domain: str, msgid: str):
    path = root / "locales" / locale / "LC_MESSAGES" / f"{domain}.po"
    return next(m for m in read_po(path).messages if m.msgid == msgid and not m.obsolete)


def open_project(root: Path, settings: str = "") -> Path:
    """library-functions.po's audit event changed its msgid; library-os.po
    has the new msgid translated (the case that lost a translation in the
    French Python documentation, 3.11 -> 3.12)."""
    return make_project(
        root, ["fr"],
        {"functions": [NEW_OPEN, "Examples:"], "os": [NEW_OPEN]},
        {("fr", "functions"): entries([(OLD_OPEN, OLD_OPEN_FR), ("Examples:", "Exemples :")]),
         ("fr", "os"): entries([(NEW_OPEN, OS_OPEN_FR)])}, settings)


def test_memory_never_replaces_the_fuzzy_match_of_the_entrys_own_history(tmp_path):
    root = open_project(tmp_path / "p")
    update_catalogs(load_settings(root))
    entry = found(root, "fr", "functions", NEW_OPEN)
    assert entry.msgstr == OLD_OPEN_FR, "the entry's own previous translation wins"
    assert entry.fuzzy and entry.previous_msgid == OLD_OPEN
    note = [c for c in entry.translator_comments if c.startswith("publisher memory:")]
    assert note == [f'publisher memory: also "{OS_OPEN_FR}" from '
                    "locales/fr/LC_MESSAGES/os.po:7"]
    functions = read_po(root / "locales/fr/LC_MESSAGES/functions.po")
    texts = {m.msgstr for m in functions.messages}
    assert OLD_OPEN_FR in texts, "the old translation is still in its catalog"


@pytest.mark.parametrize("mode, state", [("translated", "translated"), ("fuzzy", "fuzzy"),
                                         ("off", "untranslated"), (None, "fuzzy")])
def test_the_memory_setting(tmp_path, mode, state):
    root = make_project(tmp_path / "p", ["fr"], {"a": ["Thanks."], "c": ["Thanks."]},
                        {("fr", "a"): entries([("Thanks.", "Merci.")])},
                        f'\n[update]\nmemory = "{mode}"\n' if mode else "")
    report = update_catalogs(load_settings(root))
    entry = found(root, "fr", "c", "Thanks.")
    assert entry.state == state
    if mode == "off":
        assert entry.msgstr == "" and report.filled == 0
    else:
        assert entry.msgstr == "Merci." and report.filled == 1
        assert entry.translator_comments[0].startswith("publisher memory: from locales/fr/")


def test_an_unknown_memory_value_is_refused(tmp_path):
    root = make_project(tmp_path / "p", ["fr"], {"a": ["Hi."]}, {},
                        '\n[update]\nmemory = "always"\n')
    with pytest.raises(ConfigError, match="update.memory = 'always'") as error:
        load_settings(root)
    assert "translated" in error.value.hint


def test_update_refuses_to_write_when_a_translation_would_be_lost(tmp_path, monkeypatch):
    root = open_project(tmp_path / "p")
    before = {p: p.read_bytes() for p in (root / "locales").rglob("*.po")}
    real_merge = update_module.merge

    def careless_merge(*args, **kwargs):     # drops the obsolete entries
        merged = real_merge(*args, **kwargs)
        merged.messages = [m for m in merged.messages if not m.obsolete and not m.fuzzy]
        return merged

    monkeypatch.setattr(update_module, "merge", careless_merge)
    result = CliRunner().invoke(main, ["--project", str(root), "update"])
    assert result.exit_code == 1, result.output
    assert "would lose 1 translation(s) of fr" in result.output
    assert "locales/fr/LC_MESSAGES/functions.po:7" in result.output
    assert repr(OLD_OPEN[:50]) in result.output
    assert {p: p.read_bytes() for p in before} == before, "nothing was written"


def test_a_plural_form_kept_as_a_comment_is_not_lost(tmp_path):
    root = make_project(tmp_path / "p", ["fr"], {"a": ["One file"]}, {
        ("fr", "a"): 'msgid "One file"\nmsgid_plural "%d files"\n'
                     'msgstr[0] "Un fichier"\nmsgstr[1] "%d fichiers"\n'})
    update_catalogs(load_settings(root))
    entry = found(root, "fr", "a", "One file")
    assert entry.msgstr == "Un fichier"
    assert "previous msgstr[1]: %d fichiers" in entry.translator_comments


# -- compendiums -------------------------------------------------------------------------

def compendium(path: Path, locale: str | None, pairs: list[tuple[str, str]]) -> Path:
    header = HEADER.format(locale=locale) if locale else POT_HEADER
    path.write_text(header + entries(pairs), "utf-8")
    return path


def two_locales(root: Path) -> Path:
    return make_project(root, ["de", "fr"], {"a": ["Dear friends.", "Goodbye."]}, {
        ("de", "a"): entries([("Dear friends.", ""), ("Goodbye.", "")]),
        ("fr", "a"): entries([("Dear friends.", ""), ("Goodbye.", "Au revoir.")])})


def test_a_german_compendium_fills_the_german_catalog_only(tmp_path):
    root = two_locales(tmp_path / "p")
    agency = compendium(tmp_path / "agency-de.po", "de", [("Dear friends.", "Liebe Freunde.")])
    result = CliRunner().invoke(main, ["--project", str(root), "update", "--compendium",
                                       str(agency)])
    assert result.exit_code == 0, result.output
    german = found(root, "de", "a", "Dear friends.")
    assert german.msgstr == "Liebe Freunde." and not german.fuzzy, \
        "an entry that already existed untranslated is filled, as msgmerge -C does"
    assert found(root, "fr", "a", "Dear friends.").msgstr == ""
    assert "1 entry filled" in result.output


def test_a_compendium_of_another_locale_is_refused(tmp_path):
    root = two_locales(tmp_path / "p")
    agency = compendium(tmp_path / "agency-de.po", "de", [("Dear friends.", "Liebe Freunde.")])
    before = (root / "locales/fr/LC_MESSAGES/a.po").read_bytes()
    result = CliRunner().invoke(main, ["--project", str(root), "update", "--locale", "fr",
                                       "--compendium", str(agency)])
    assert result.exit_code == 2
    assert "the compendium is in de" in result.output and "agency-de.po" in result.output
    assert "--compendium-locale" in result.output
    assert (root / "locales/fr/LC_MESSAGES/a.po").read_bytes() == before


def test_a_compendium_without_language_needs_its_locale_said(tmp_path):
    root = two_locales(tmp_path / "p")
    agency = compendium(tmp_path / "agency.po", None, [("Dear friends.", "Liebe Freunde.")])
    with pytest.raises(ConfigError, match="no Language header"):
        update_catalogs(load_settings(root), compendia=[agency])
    result = CliRunner().invoke(main, ["--project", str(root), "update", "--compendium",
                                       str(agency), "--compendium-locale", "de"])
    assert result.exit_code == 0, result.output
    assert found(root, "de", "a", "Dear friends.").msgstr == "Liebe Freunde."
    assert found(root, "fr", "a", "Dear friends.").msgstr == ""


def test_compendiums_match_msgmerge_C_file_by_file(tmp_path):
    if shutil.which("msgmerge") is None:
        pytest.skip("GNU msgmerge is not installed")
    template = ["Dear friends.", "Goodbye, see you soon.", "The annual report of the agency.",
                "The yearly budget of the ministry, in full.", "Nothing like it.", "Thanks."]
    old = entries([("Dear friends.", ""),                       # untranslated: the compendium's
                   ("Goodbye, see you later.", "Au revoir, à plus tard."),
                   ("The annual report of the agencies.", "Le rapport annuel des agences."),
                   ("The budget of a ministry.", "Le budget d'un ministère."),
                   ("Thanks.", "Merci.")])
    root = make_project(tmp_path / "p", ["fr"], {"a": template}, {("fr", "a"): old},
                        '\n[update]\nmemory = "off"\n')
    agency = compendium(tmp_path / "agency.po", "fr", [
        ("Dear friends.", "Chers amis."),
        ("Goodbye, see you.", "Au revoir."),                       # less alike than the old one
        ("The yearly budget of the ministry.", "Le budget annuel du ministère."),  # more alike
        ("Thanks.", "Merci bien.")])                               # the old file's wins
    old_path = tmp_path / "old.po"
    shutil.copyfile(root / "locales/fr/LC_MESSAGES/a.po", old_path)
    gnu = tmp_path / "gnu.po"
    subprocess.run(["msgmerge", "--quiet", "--previous", "--lang=fr", "-C", str(agency),
                    "-o", str(gnu), str(old_path), str(root / "locales/a.pot")], check=True)
    update_catalogs(load_settings(root), compendia=[agency])
    ours = root / "locales/fr/LC_MESSAGES/a.po"

    def outcome(path: Path) -> dict:
        return {(e.msgid, e.obsolete): (e.msgstr, e.fuzzy, e.previous_msgid)
                for e in polib.pofile(str(path)) if e.msgid}

    assert outcome(ours) == outcome(gnu)
    assert outcome(ours)[("Dear friends.", False)] == ("Chers amis.", False, None)
    assert outcome(ours)[("The yearly budget of the ministry, in full.", False)][0] == \
        "Le budget annuel du ministère."


@pytest.mark.parametrize("language, locale, fits", [
    ("de", "de", True), ("de", "de_AT", True), ("de-DE", "de", True), ("de_AT", "de_AT", True),
    ("pt_PT", "pt_BR", False), ("de", "fr", False), ("fr_CA", "fr", True), ("en", "de", False)])
def test_which_locales_a_compendium_fills(language, locale, fits):
    assert update_module._fits(language, locale) is fits


def test_the_index_of_4_grams_finds_what_comparing_all_finds(monkeypatch):
    """Past 32 searches over many old msgids, merge compares only those that
    share a 4-gram with the new msgid: the matches are the same."""
    import random

    from publisher.catalogs import merge as merging
    from publisher.catalogs.model import Catalog, Message

    rng = random.Random(3)
    words = ["".join(rng.choice("abcdefghij") for _ in range(rng.randint(2, 7)))
             for _ in range(300)]
    olds = [" ".join(rng.choice(words) for _ in range(rng.randint(5, 12))) for _ in range(200)]
    news = [text.replace(text.split()[0], rng.choice(words), 1) + "." if index % 2
            else " ".join(rng.choice(words) for _ in range(8))
            for index, text in enumerate(olds)]
    old = Catalog(messages=[Message(msgid=t, msgstr=f"T{i}") for i, t in enumerate(olds)])
    template = Catalog(messages=[Message(msgid=t) for t in news])

    def outcome():
        merged = merging.merge(template, old, "fr", "x")
        return [(m.msgid, m.msgstr, m.fuzzy, m.obsolete) for m in merged.messages]

    indexed = outcome()
    monkeypatch.setattr(merging._FuzzyIndex, "UNINDEXED", 10 ** 9)
    assert indexed == outcome()
    assert sum(1 for _, msgstr, fuzzy, obsolete in indexed if fuzzy and not obsolete) > 50


def test_catalogs_encoded_on_two_cores_are_the_same_bytes_in_order():
    from publisher.catalogs.model import Catalog, Message
    from publisher.catalogs.pofile import encode_po

    catalogs = [Catalog(messages=[Message(msgid=f"Sentence {i} " * (i % 9 + 1), msgstr=f"Satz {i}")])
                for i in range(48)]
    assert update_module.encode_catalogs(catalogs, jobs=2) == [encode_po(c) for c in catalogs]
