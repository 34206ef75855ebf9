"""merge() makes msgmerge --previous's choices: same files, on generated catalogs.

Each generated old catalog has translated, untranslated, fuzzy (with and
without a previous msgid) and obsolete entries, contexts, plurals and
non-ASCII text from a small vocabulary (so that many msgids look alike and
ties happen); the new template edits, drops, adds and moves entries,
changes contexts and plurals.  The output of ``merge`` written by the
msgcat-exact writer must be byte for byte msgmerge's, apart from the
header.  The tests that run msgmerge are skipped where it is not installed.
"""

from __future__ import annotations

import random
import shutil
import subprocess
from pathlib import Path

import pytest

from publisher.catalogs import merge as merging
from publisher.catalogs.merge import merge, similarity
from publisher.catalogs.model import Catalog, Message
from publisher.catalogs.pofile import encode_po, parse_po

needs_msgmerge = pytest.mark.skipif(shutil.which("msgmerge") is None,
                                    reason="GNU msgmerge is not installed")

WORDS = ["file", "files", "File", "open", "Open", "save", "the", "a", "é", "naïve", "数据",
         "文件", "close", "closed", "folder", "new", "New", "to", "of", "ab", "x", "Ab", "!",
         "...", "é!"]

HEADER = ("Language: fr\nMIME-Version: 1.0\nContent-Type: text/plain; charset=UTF-8\n"
          "Content-Transfer-Encoding: 8bit\nPlural-Forms: nplurals=2; plural=(n > 1);\n")


def _text(r: random.Random) -> str:
    return " ".join(r.choice(WORDS) for _ in range(r.choice([1, 1, 2, 3, 4, 6])))


def _edit(r: random.Random, text: str) -> str:
    kind = r.random()
    if kind < 0.3 and len(text) > 1:
        i = r.randrange(len(text))
        return text[:i] + text[i + 1:]
    if kind < 0.6:
        i = r.randrange(len(text) + 1)
        return text[:i] + r.choice("aeé xZ.") + text[i:]
    if kind < 0.8:
        return text + " " + r.choice(WORDS)
    return text.swapcase()


def generated(seed: int, size: tuple[int, int] = (5, 60)) -> tuple[Catalog, Catalog]:
    """An old catalog and a new template, from ``seed``."""
    r = random.Random(seed)
    old, seen = [], set()
    for _ in range(r.randint(*size)):
        msgid, context = _text(r), r.choice([None, None, None, "a", "b"])
        if (context, msgid) in seen:
            continue
        seen.add((context, msgid))
        message = Message(msgid=msgid, msgctxt=context)
        if r.random() < 0.15:
            message.msgid_plural = msgid + "s"
            message.msgstr_plural = ["P" + msgid, "Q" + msgid]
        else:
            message.msgstr = "T" + msgid
        state = r.random()
        if state < 0.15:
            message.msgstr, message.msgstr_plural = "", [""] * len(message.msgstr_plural)
        elif state < 0.3:
            message.flags = ["fuzzy"]
            if r.random() < 0.5:
                message.previous_msgid = _text(r)
        elif state < 0.4:
            message.obsolete = True
        if r.random() < 0.2:
            message.translator_comments = ["a translator's note"]
        old.append(message)
    new, seen = [], set()
    for message in old:
        if r.random() < 0.15:
            continue
        msgid = message.msgid
        if r.random() < 0.4:
            msgid = _edit(r, msgid)
        if r.random() < 0.1:
            msgid = _text(r)
        context = message.msgctxt if r.random() < 0.9 else r.choice([None, "a", "c"])
        if (context, msgid) in seen or not msgid:
            continue
        seen.add((context, msgid))
        plural = message.msgid_plural if r.random() < 0.9 else (
            None if message.msgid_plural else msgid + "s")
        entry = Message(msgid=msgid, msgctxt=context, msgid_plural=plural,
                        references=[f"src/a.c:{len(new) + 1}"], extracted_comments=["note"])
        if plural:
            entry.msgstr_plural = ["", ""]
        new.append(entry)
    r.shuffle(new)
    ordered = [m for m in old if not m.obsolete] + [m for m in old if m.obsolete]
    return (Catalog(header=Message(msgid="", msgstr=HEADER), messages=ordered),
            Catalog(header=Message(msgid="", msgstr="Content-Type: text/plain; charset=UTF-8\n"),
                    messages=new))


def body(data: bytes) -> str:
    """A PO file without its header entry, and without the comments in which
    update keeps the plural forms msgmerge drops (the one intended difference)."""
    text = data.decode("utf-8").split("\n\n", 1)[1]
    return "".join(line for line in text.splitlines(keepends=True)
                   if not line.startswith("# previous msgstr["))


def compare_with_msgmerge(seed: int, tmp_path: Path, size: tuple[int, int] = (5, 60)) -> None:
    old, template = generated(seed, size)
    old_path, pot_path = tmp_path / f"old{seed}.po", tmp_path / f"new{seed}.pot"
    old_path.write_bytes(encode_po(old))
    pot_path.write_bytes(encode_po(template))
    gnu = subprocess.run(["msgmerge", "--quiet", "--previous", "-o", "-", str(old_path),
                          str(pot_path)], capture_output=True, check=True).stdout
    ours = encode_po(merge(parse_po(pot_path.read_bytes()), parse_po(old_path.read_bytes()),
                           "fr", "d"))
    assert body(ours) == body(gnu), f"seed {seed}"


@needs_msgmerge
@pytest.mark.parametrize("seed", range(60))
def test_same_output_as_msgmerge(seed: int, tmp_path: Path) -> None:
    compare_with_msgmerge(seed, tmp_path)


@needs_msgmerge
@pytest.mark.parametrize("packed", [0, 10 ** 9], ids=["all-at-once", "one-by-one"])
def test_both_search_paths_agree_with_msgmerge_on_larger_catalogs(
        packed: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(merging._FuzzyIndex, "PACKED", packed)
    for seed in range(3):
        compare_with_msgmerge(1000 + seed, tmp_path, size=(300, 400))


# -- the rules, one by one (no msgmerge needed) -------------------------------------

def catalog(*messages: Message) -> Catalog:
    return Catalog(header=Message(msgid="", msgstr=HEADER), messages=list(messages))


def by_key(result: Catalog) -> dict:
    return {(m.msgctxt, m.msgid, m.obsolete): m for m in result.messages}


def test_similarity_is_fstrcmp_on_bytes_and_case_sensitive() -> None:
    assert similarity("Hello world", "Hello world!") == 2 * 11 / 23
    assert similarity("Save", "save") == 2 * 3 / 8
    assert similarity("", "") == 1.0 and similarity("a", "") == 0.0
    # é is two bytes in UTF-8; e and é share none.
    assert similarity("é", "e") == 0.0
    assert similarity("abcd", "abcd") == 1.0


def test_an_obsolete_translation_comes_back() -> None:
    old = catalog(Message("Gone for a while", "Parti un temps", obsolete=True))
    new = merge(catalog(Message("Gone for a while")), old, "fr", "d")
    entry = new.messages[0]
    assert entry.msgstr == "Parti un temps" and not entry.obsolete and not entry.fuzzy


def test_a_used_translation_also_serves_a_similar_new_msgid() -> None:
    old = catalog(Message("Open the file", "Ouvrir le fichier"))
    new = by_key(merge(catalog(Message("Open the file"), Message("Open the file!")),
                       old, "fr", "d"))
    assert not new[(None, "Open the file", False)].fuzzy
    again = new[(None, "Open the file!", False)]
    assert again.fuzzy and again.msgstr == "Ouvrir le fichier"
    assert again.previous_msgid == "Open the file"


def test_a_match_may_cross_contexts_but_the_same_context_wins_a_tie() -> None:
    old = catalog(Message("Close window", "Fermer", msgctxt="menu"),
                  Message("Close window", "Clore", msgctxt="verb"))
    result = merge(catalog(Message("Close windows", msgctxt="verb")), old, "fr", "d")
    entry = next(m for m in result.messages if not m.obsolete)
    assert entry.msgstr == "Clore" and entry.previous_msgctxt == "verb"
    other = merge(catalog(Message("Close windows", msgctxt="dialog")), old, "fr", "d")
    # No context matches: the earlier entry of the file wins the tie.
    assert next(m for m in other.messages if not m.obsolete).msgstr == "Fermer"


def test_a_fuzzy_translation_keeps_its_own_previous_msgid() -> None:
    old = catalog(Message("Save files", "Enregistrer", flags=["fuzzy"],
                          previous_msgid="Save file"))
    entry = merge(catalog(Message("Save files!")), old, "fr", "d").messages[0]
    assert entry.fuzzy and entry.previous_msgid == "Save file"


def test_a_new_plural_copies_the_translation_into_every_form_for_review() -> None:
    old = catalog(Message("%(count)s file", "%(count)s fichier"))
    template = catalog(Message("%(count)s file", msgid_plural="%(count)s files"))
    entry = merge(template, old, "fr", "d").messages[0]
    assert entry.fuzzy and entry.msgstr_plural == ["%(count)s fichier"] * 2


def test_a_new_format_flag_the_translation_fails_makes_it_fuzzy() -> None:
    old = catalog(Message("Page %(page)s", "Seite %(seite)s"), Message("Hi %(name)s", "Salut %(name)s"))
    template = catalog(Message("Page %(page)s", flags=["python-format"]),
                       Message("Hi %(name)s", flags=["python-format"]))
    result = by_key(merge(template, old, "fr", "d"))
    assert result[(None, "Page %(page)s", False)].fuzzy
    assert not result[(None, "Hi %(name)s", False)].fuzzy


def test_the_template_dates_the_header() -> None:
    old = catalog(Message("A", "B"))
    template = Catalog(header=Message(msgid="", msgstr="POT-Creation-Date: 2026-01-02 10:00+0000\n"),
                       messages=[Message("A")])
    merged = merge(template, old, "fr", "d")
    assert merged.header_field("POT-Creation-Date") == "2026-01-02 10:00+0000"
    assert merged.header_field("Language") == "fr"


def test_merge_changes_neither_input() -> None:
    old = catalog(Message("Open the file", "Ouvrir", translator_comments=["checked"]),
                  Message("Gone", "Parti"))
    template = catalog(Message("Open the files", references=["a.py:1"]))
    before = (encode_po(old), encode_po(template))
    merge(template, old, "fr", "d")
    assert (encode_po(old), encode_po(template)) == before
