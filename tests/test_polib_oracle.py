"""polib as an independent reader: every valid file of a real corpus
(Django's catalogs, tests/corpus/django) reads to the same entries in
publisher's PO reader as in polib; the files GNU msgfmt refuses, the reader
refuses too.  Validity is GNU msgfmt's (--check-header --check-domain);
format checks are `publisher check`'s business, not the reader's.

Set PUBLISHER_PO_CORPUS to a folder to run the same comparison on every PO
file under it (e.g. the ~1,200 catalogs of the Django wheel)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import polib
import pytest

from publisher.catalogs.pofile import read_po
from publisher.core.errors import CatalogError

CORPUS = Path(__file__).parent / "corpus" / "django"
REFUSED = {"postgres/fr/django.po", "postgres/es_AR/django.po"}
FILES = sorted(p.relative_to(CORPUS).as_posix() for p in CORPUS.rglob("*.po"))


def ours(path: Path) -> list[tuple]:
    return [(m.msgctxt, m.msgid, m.msgid_plural,
             tuple(m.msgstr_plural) if m.is_plural else m.msgstr,
             m.obsolete, sorted(m.flags), list(m.references),
             "\n".join(m.translator_comments), "\n".join(m.extracted_comments),
             m.previous_msgid)
            for m in read_po(path).messages if not m.is_header]


def theirs(path: Path) -> list[tuple]:
    return [(e.msgctxt, e.msgid, e.msgid_plural or None,
             tuple(e.msgstr_plural[k] for k in sorted(e.msgstr_plural)) if e.msgid_plural
             else e.msgstr,
             e.obsolete, sorted(e.flags),
             [f"{f}:{l}" if l else f for f, l in e.occurrences],
             e.tcomment, e.comment, e.previous_msgid)
            for e in polib.pofile(str(path), wrapwidth=0)]


def msgfmt_accepts(path: Path) -> bool:
    return subprocess.run(["msgfmt", "--check-header", "--check-domain", "-o", os.devnull,
                           str(path)], capture_output=True).returncode == 0


@pytest.mark.parametrize("name", FILES)
def test_the_reader_and_polib_read_the_same_entries(name):
    path = CORPUS / name
    if name in REFUSED:
        with pytest.raises(CatalogError):
            read_po(path)
        return
    found = ours(path)
    assert found, "the corpus file has entries"
    assert found == theirs(path)


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="needs GNU gettext")
def test_the_corpus_labels_are_gnu_msgfmts():
    assert {n for n in FILES if not msgfmt_accepts(CORPUS / n)} == REFUSED


def test_the_corpus_covers_plurals_contexts_and_several_plural_rules():
    messages = [m for n in FILES if n not in REFUSED for m in read_po(CORPUS / n).messages]
    assert any(m.msgctxt for m in messages) and any(m.is_plural for m in messages)
    assert {len(m.msgstr_plural) for m in messages if m.is_plural and m.translated} >= {1, 2, 4, 5, 6}


@pytest.mark.skipif(not os.environ.get("PUBLISHER_PO_CORPUS"), reason="set PUBLISHER_PO_CORPUS")
def test_a_whole_corpus_reads_the_same_where_msgfmt_accepts_it():
    root = Path(os.environ["PUBLISHER_PO_CORPUS"])
    differ, refused = [], []
    files = sorted(root.rglob("*.po"))
    for path in files:
        if not msgfmt_accepts(path):
            continue
        try:
            if ours(path) != theirs(path):
                differ.append(path)
        except CatalogError as error:
            refused.append(str(error))
    assert files and differ == [] and refused == []
