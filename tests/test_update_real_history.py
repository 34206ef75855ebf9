"""`publisher update` on real history (tests/data/python-docs-fr: ten
catalogs of the French Python documentation, 3.11 -> 3.12) against GNU
`msgmerge --previous`: no translation is lost, and every entry is msgmerge's
except the translation memory's fills of entries msgmerge leaves
untranslated and its notes beside msgmerge's own fuzzy matches."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import polib
import pytest

import publisher.catalogs.update as update_module
from publisher.catalogs.update import update_catalogs
from publisher.core.errors import CatalogError
from publisher.sources.config import load_settings

DATA = Path(__file__).parent / "data" / "python-docs-fr"
DOMAINS = sorted(p.stem for p in (DATA / "old").glob("*.po"))

#: Translations the memory used to overwrite (3.11 -> 3.12), by catalog.
ONCE_LOST = {
    "library-zipimport": "précédemment, c'était l'exception :exc:`IOError` qui était levée",
    "library-gettext": "Avant, c'était l'exception :exc:`IOError` qui était levée",
    "library-statistics": "Exemples d'utilisation de :class:`NormalDist`",
    "library-functions": "Exemples\xa0::",
}

#: New entries msgmerge leaves untranslated that the memory fills from
#: another of the catalogs (3.11 -> 3.12), by catalog.
FILLED = {
    "library-types": "Examples::",
    "reference-executionmodel": "Example:",
    "c-api-exceptions": "For example::",
}


def translations(catalog) -> set[str]:
    found = set()
    for entry in catalog:
        if entry.msgid == "" and not entry.msgctxt:
            continue
        forms = list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]
        found.update(form for form in forms if form)
    return found


def without_memory_notes(entry) -> str:
    return "\n".join(line for line in entry.tcomment.split("\n")
                     if not line.startswith("publisher memory: also "))


@pytest.fixture(scope="module")
def merged(tmp_path_factory):
    if shutil.which("msgmerge") is None:
        pytest.skip("GNU msgmerge is not installed")
    root = tmp_path_factory.mktemp("history")
    (root / "publisher.toml").write_text('source_locale = "en"\nlocales = ["fr"]\n', "utf-8")
    shutil.copytree(DATA / "templates", root / "locales")
    shutil.copytree(DATA / "old", root / "locales" / "fr" / "LC_MESSAGES")
    gnu = root / "msgmerge"
    gnu.mkdir()
    for domain in DOMAINS:
        subprocess.run(["msgmerge", "--quiet", "--previous", "--lang=fr",
                        "-o", str(gnu / f"{domain}.po"), str(DATA / "old" / f"{domain}.po"),
                        str(DATA / "templates" / f"{domain}.pot")], check=True)
    update_catalogs(load_settings(root))
    return root / "locales" / "fr" / "LC_MESSAGES", gnu


def test_no_translation_is_lost(merged):
    ours, _ = merged
    for domain in DOMAINS:
        before = translations(polib.pofile(str(DATA / "old" / f"{domain}.po")))
        after = translations(polib.pofile(str(ours / f"{domain}.po")))
        assert before - after == set(), domain
    for domain, text in ONCE_LOST.items():
        assert any(t.startswith(text) for t in translations(polib.pofile(str(ours / f"{domain}.po"))))


def test_every_entry_is_msgmerges_but_memory_fills_and_notes(merged):
    ours, gnu = merged
    kinds = {"fill": 0, "note": 0, "obsolete": 0}
    for domain in DOMAINS:
        mine = {(e.msgctxt, e.msgid, e.obsolete): e for e in polib.pofile(str(ours / f"{domain}.po"))}
        for entry in polib.pofile(str(gnu / f"{domain}.po")):
            other = mine.pop((entry.msgctxt, entry.msgid, entry.obsolete))
            kinds["obsolete"] += entry.obsolete
            if str(other) == str(entry):
                continue
            if not entry.msgstr and not entry.fuzzy:
                assert other.msgstr and "publisher memory: from " in other.tcomment, entry.msgid
                assert FILLED.get(domain) == entry.msgid, (domain, entry.msgid)
                kinds["fill"] += 1
            else:
                assert (other.msgstr, other.flags, other.previous_msgid) == \
                    (entry.msgstr, entry.flags, entry.previous_msgid), entry.msgid
                assert without_memory_notes(other) == entry.tcomment, entry.msgid
                kinds["note"] += 1
        assert not mine, f"{domain}: entries msgmerge does not write: {list(mine)[:3]}"
    assert kinds["note"] >= len(ONCE_LOST), "the memory's offers are noted beside the matches"
    assert kinds["fill"] == len(FILLED), "the memory fills what msgmerge leaves untranslated"
    assert kinds["obsolete"] > 0


def project(root: Path, broken: dict[str, str] = {}) -> Path:
    """The slice as a project (``broken``: files of it, relative to
    ``locales/``, given a line no reader accepts)."""
    shutil.copytree(DATA / "templates", root / "locales")
    (root / "publisher.toml").write_text('source_locale = "en"\nlocales = ["fr"]\n', "utf-8")
    shutil.copytree(DATA / "old", root / "locales" / "fr" / "LC_MESSAGES")
    for name, line in broken.items():
        with open(root / "locales" / name, "a", encoding="utf-8") as file:
            file.write(line)
    return root


def updated(root: Path, monkeypatch, workers: int) -> tuple[dict[str, bytes] | str, bool]:
    """The catalogs ``update`` writes (or the error it stops with) with up
    to ``workers`` processes reading and merging, and whether they did."""
    used = []
    real = update_module.read_and_merge

    def spy(*args, **kwargs):
        used.append(real(*args, **kwargs))
        return used[-1]

    monkeypatch.setattr(update_module, "read_and_merge", spy)
    monkeypatch.setattr(update_module, "PER_WORKER", 1)
    monkeypatch.setattr(update_module, "pool_size", lambda jobs, count: min(workers, count))
    try:
        update_catalogs(load_settings(root))
    except CatalogError as error:
        return f"{error.path}:{error.line}: {error.message}", used[0] is not None
    folder = root / "locales" / "fr" / "LC_MESSAGES"
    return {path.name: path.read_bytes() for path in sorted(folder.glob("*.po"))}, \
        used[0] is not None


def test_catalogs_read_and_merged_on_two_cores_are_the_same_bytes(tmp_path, monkeypatch):
    two, forked = updated(project(tmp_path / "two"), monkeypatch, 2)
    one, alone = updated(project(tmp_path / "one"), monkeypatch, 1)
    assert forked and not alone
    assert len(two) == len(DOMAINS) and two == one


def test_a_broken_catalog_stops_update_with_the_same_error_on_two_cores(tmp_path, monkeypatch):
    broken = {"fr/LC_MESSAGES/library-math.po": "msgid\n", "library-zipimport.pot": "msgstr\n"}
    two, _ = updated(project(tmp_path / "two", broken), monkeypatch, 2)
    one, _ = updated(project(tmp_path / "one", broken), monkeypatch, 1)
    assert two == one and "library-zipimport.pot" in one
