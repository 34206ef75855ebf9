"""Markup kept or refused: emphasis moved is a warning, added, dropped or
unpaired is an error, and the build never prints a raw delimiter."""

import pytest

from publisher.catalogs.checks import check_entry
from publisher.catalogs.markup import compare
from publisher.catalogs.model import Catalog, Message
from publisher.catalogs.translations import Translations
from publisher.sources.documents import parse_document
from publisher.translate.document import render_body, translate_document

SOURCE = "Read *all* of the **annual** report."


def codes(msgstr, msgid=SOURCE):
    return sorted(p.code for p in check_entry(Message(msgid=msgid, msgstr=msgstr), [], "fr",
                                              document=True))


@pytest.mark.parametrize("msgstr, expected", [
    ("Lisez *tout* le rapport **annuel**.", []),                       # same order, same extent
    ("Lisez le rapport **annuel** en *entier*.", ["W305"]),            # moved: other order
    ("Lisez *tout le rapport qui est publié chaque année* **annuel**.", ["W305"]),  # stretched
    ("Lisez ***tout*** le rapport annuel.", ["W305"]),                 # nested otherwise
])
def test_moved_or_stretched_emphasis_is_a_warning(msgstr, expected):
    assert codes(msgstr) == expected


@pytest.mark.parametrize("msgstr", [
    "Lisez *tout le rapport **annuel**.",             # unpaired *
    "Lisez tout le rapport **annuel**.",              # dropped
    "Lisez *tout* le *rapport* **annuel**.",          # added
    "Lisez *tout* le rapport **annuel** `x`.",        # code added
    "Lisez *tout* le rapport **annuel**_.",           # stray underscore
])
def test_unbalanced_added_or_dropped_markup_is_an_error(msgstr):
    assert "E301" in codes(msgstr)


def test_underscores_inside_words_are_text():
    assert compare("Set the *file_name* field.", "Remplissez le champ *file_name*.") == ([], [])


def test_the_build_shows_the_source_instead_of_a_raw_asterisk():
    doc = parse_document(f"---\ntitle: T\n---\n\n{SOURCE}\n", "doc.md")
    bad = Catalog(messages=[Message(msgid=SOURCE, msgstr="Lisez *tout le rapport **annuel**.")])
    result = translate_document(doc, Translations(bad, "fr"), "en")
    html = render_body(result)
    assert "*" not in html and "Read <em>all</em>" in html
    fallback = next(f for f in result.fallbacks if f.segment.text == SOURCE)
    assert fallback.code == "E301" and "unpaired" in fallback.reason
    moved = Catalog(messages=[Message(msgid=SOURCE, msgstr="Lisez le rapport **annuel** en *entier*.")])
    html = render_body(translate_document(doc, Translations(moved, "fr"), "en"))
    assert "<strong>annuel</strong> en <em>entier</em>" in html


def test_a_figure_refused_at_build_carries_its_check_code():
    doc = parse_document("---\ntitle: T\n---\n\nWe hired 1,250 people.\n", "doc.md")
    msgid = next(s.text for s in doc.segments if s.field is None)     # "We hired {1,250} people."
    for msgstr, code in [("Wir stellten {1} Leute ein.", "E201"),
                         ("Wir stellten {1,250}0 Leute ein.", "E204")]:
        catalog = Catalog(messages=[Message(msgid=msgid, msgstr=msgstr)])
        result = translate_document(doc, Translations(catalog, "de"), "en")
        assert [f.code for f in result.fallbacks if f.segment.text == msgid] == [code], msgstr
