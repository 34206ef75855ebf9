"""Translation memory (update fills from other catalogs and compendia, check
warns about inconsistent translations) and the TBX / CSV glossary."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from publisher.catalogs.glossary import matches, parse_tbx, read_glossary
from publisher.catalogs.pofile import read_po, write_po
from publisher.catalogs.update import update_catalogs
from publisher.cli import main
from publisher.core.errors import ConfigError
from publisher.extract.pot import extract_catalogs, write_templates
from publisher.gate.check import check_project
from publisher.sources.config import load_settings

from proofing import PO, german_project

SHARED = "Thanks to all partners."
OTHER = "locales/de/LC_MESSAGES/letter.po"


def add_document(root: Path, name: str, body: str) -> None:
    (root / "documents" / f"{name}.md").write_text(f"---\ntitle: {name.title()}\n---\n\n{body}\n",
                                                   "utf-8")
    settings = load_settings(root)
    write_templates(settings, extract_catalogs(settings))


def entry(root: Path, path: str, msgid: str):
    return next(m for m in read_po(root / path).messages if m.msgid == msgid)


@pytest.fixture
def project(tmp_path):
    return german_project(tmp_path / "project")


def count_fills_as_translated(root: Path) -> None:
    settings = root / "publisher.toml"
    settings.write_text(settings.read_text("utf-8") + '\n[update]\nmemory = "translated"\n',
                        "utf-8")


def test_update_fills_a_new_entry_from_another_document(project):
    count_fills_as_translated(project)
    add_document(project, "letter", f"Dear friends.\n\n{SHARED}")
    report = update_catalogs(load_settings(project))
    filled = entry(project, OTHER, SHARED)
    assert filled.msgstr == "Dank an alle Partner."
    assert filled.translator_comments == [f"publisher memory: from {PO}:"
                                          f"{entry(project, PO, SHARED).lineno}"]
    assert not filled.fuzzy, "same source, no context, same flags: nothing to review"
    assert entry(project, OTHER, "Dear friends.").msgstr == ""
    assert report.filled == 1


def test_a_different_context_or_flags_leaves_the_entry_fuzzy(project):
    add_document(project, "letter", "Our staff grew to 1,250 people.")
    catalog = read_po(project / PO)
    plain = next(m for m in catalog.messages if m.msgid == SHARED)
    plain.flags.append("python-brace-format")      # the memory's flags differ from the template's
    write_po(project / PO, catalog)
    add_document(project, "letter", SHARED)
    update_catalogs(load_settings(project), locales=["de"])
    filled = entry(project, OTHER, SHARED)
    assert filled.fuzzy and filled.msgstr == "Dank an alle Partner."
    assert filled.translator_comments[0].startswith(f"publisher memory: from {PO}:")


def test_compendium_fills_like_msgmerge_C(project, tmp_path):
    compendium = tmp_path / "agency.po"
    compendium.write_text('msgid ""\nmsgstr "Language: de\\n"\n'
                          '"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
                          '#, fuzzy\nmsgid "Dear friend."\nmsgstr "Nicht so"\n\n'
                          'msgid "Dear friends."\nmsgstr "Liebe Freunde."\n', "utf-8")
    add_document(project, "letter", "Dear friends.")
    result = CliRunner().invoke(main, ["--project", str(project), "update",
                                       "--compendium", str(compendium)])
    assert result.exit_code == 0, result.output
    assert "filled from the translation memory" in result.output
    filled = entry(project, OTHER, "Dear friends.")
    assert filled.msgstr == "Liebe Freunde." and not filled.fuzzy
    assert filled.translator_comments == [f"publisher memory: from {compendium}:9"]


def test_check_warns_about_one_source_translated_two_ways(project):
    count_fills_as_translated(project)
    add_document(project, "letter", SHARED)
    update_catalogs(load_settings(project))
    catalog = read_po(project / OTHER)
    next(m for m in catalog.messages if m.msgid == SHARED).msgstr = "Danke allen Partnern."
    write_po(project / OTHER, catalog)
    report = check_project(load_settings(project))
    found = {c.path: [p for p in c.problems if p.code == "W603"] for c in report.catalogs}
    assert len(found[PO]) == 1 and len(found[OTHER]) == 1
    assert f"{OTHER}:" in found[PO][0].message and "Danke allen Partnern" in found[PO][0].message
    assert found[PO][0].severity == "warning"


TBX = """<?xml version="1.0" encoding="UTF-8"?>
<martif type="TBX" xml:lang="en">
 <text><body>
  <termEntry id="c1">
   <descrip type="definition">A body of staff.</descrip>
   <langSet xml:lang="en"><tig><term>staff</term></tig></langSet>
   <langSet xml:lang="de">
    <tig><term>Belegschaft</term>
         <termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></tig>
    <tig><term>Personal</term>
         <termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></tig>
   </langSet>
  </termEntry>
  <termEntry id="c2">
   <langSet xml:lang="en"><ntig><termGrp><term>partners</term></termGrp></ntig></langSet>
   <langSet xml:lang="de-DE"><ntig><termGrp><term>Partner</term></termGrp></ntig></langSet>
  </termEntry>
 </body></text>
</martif>
"""


def test_glossary_finds_a_missing_approved_term_and_a_forbidden_one(project):
    (project / "glossary.tbx").write_text(TBX, "utf-8")
    settings = load_settings(project)
    update_catalogs(settings)
    staff = entry(project, PO, "Our staff grew to {1,250} people.")
    assert "glossary: staff → Belegschaft (not: Personal)" in staff.extracted_comments
    assert not any("glossary" in c for c in entry(project, PO, "Overview").extracted_comments)
    report = check_project(settings)
    problems = [p for c in report.catalogs if c.path == PO for p in c.problems
                if p.code.startswith("W70")]
    assert sorted(p.code for p in problems) == ["W701", "W702"]
    assert all(p.line == staff.lineno for p in problems)
    assert "Belegschaft" in problems[0].message and "glossary.tbx entry 1" in problems[0].message
    # "Partner" is there (de-DE counts for de): nothing to say about "partners"


def test_glossary_warnings_can_be_silenced_per_entry(project):
    (project / "glossary.tbx").write_text(TBX, "utf-8")
    catalog = read_po(project / PO)
    staff = next(m for m in catalog.messages if m.msgid.startswith("Our staff"))
    staff.translator_comments.append("publisher-ignore-W701 publisher-ignore-W702")
    write_po(project / PO, catalog)
    report = check_project(load_settings(project))
    assert not [p for c in report.catalogs for p in c.problems if p.code.startswith("W70")]


def test_csv_glossary_and_settings(project):
    (project / "terms.csv").write_text("term,locale,translation,status\n"
                                       "partners,de,Mitwirkende,approved\n"
                                       "partners,de,Partner,forbidden\n", "utf-8")
    (project / "publisher.toml").write_text('source_locale = "en"\nlocales = ["de"]\n'
                                            'glossary = "terms.csv"\n', "utf-8")
    report = check_project(load_settings(project))
    found = sorted((p.code, p.message) for c in report.catalogs for p in c.problems
                   if p.code.startswith("W70"))
    assert [code for code, _ in found] == ["W701", "W702"]
    # each names the row of its own translation: approved on line 2, forbidden on 3
    assert "(terms.csv:2)" in found[0][1] and "(terms.csv:3)" in found[1][1]


def test_csv_glossary_lines_count_cells_over_several_lines():
    from publisher.catalogs.glossary import parse_csv

    glossary = parse_csv('term,locale,translation,status,note\n'
                         'staff,de,Belegschaft,approved,"a note\nover two lines"\n'
                         '\n'
                         'staff,de,Personal,forbidden\n', "terms.csv")
    (term,) = glossary.terms
    assert term.line == 2
    assert term.line_of("forbidden", ["Personal"]) == 5
    assert term.line_of("approved", ["Belegschaft"]) == 2


@pytest.mark.parametrize("term, text, found", [
    ("treaty", "The Treaty of Rome", True),          # lower case: any case
    ("treaty", "treatyless", False),                 # word-bounded
    ("WHO", "who said", False),                      # capitals: as written
    ("WHO", "the WHO report", True),
    ("Vertrag*", "des Vertrages", True),             # any ending
    ("Vertrag", "des Vertrages", False),
    ("合作", "国际科技合作是", True),                    # no spaces in the script
    ("open door", "the open  door policy", True),
])
def test_matching_is_word_bounded_and_case_aware(term, text, found):
    assert matches(term, text) is found


def test_a_tbx_file_with_entities_is_refused():
    bomb = b'<?xml version="1.0"?><!DOCTYPE m [<!ENTITY a "aaaa">]><martif>&a;</martif>'
    with pytest.raises(ConfigError, match="entities"):
        parse_tbx(bomb, "g.tbx", "en")
    with pytest.raises(ConfigError) as error:
        parse_tbx(b"<martif><text>", "g.tbx", "en")
    assert error.value.line == 1


def test_tbx3_concept_entries(tmp_path):
    path = tmp_path / "g.tbx"
    path.write_text('<tbx xmlns="urn:iso:std:iso:30042:ed-2" type="TBX-Basic" xml:lang="en">'
                    '<text><body><conceptEntry id="1">'
                    '<langSec xml:lang="en"><termSec><term>report</term></termSec></langSec>'
                    '<langSec xml:lang="fr"><termSec><term>rapport</term></termSec>'
                    '<termSec><term>compte rendu</term><termNote type="administrativeStatus">'
                    'supersededTerm-admn-sts</termNote></termSec></langSec>'
                    '</conceptEntry></body></text></tbx>', "utf-8")
    glossary = read_glossary(path, "g.tbx", "en")
    assert [(t.source, t.for_locale("fr_CA")) for t in glossary.terms] == [
        ("report", (["rapport"], ["compte rendu"]))]


def test_a_tbx_export_naming_an_external_dtd_is_read_without_fetching_it(tmp_path):
    data = (b"<?xml version='1.0' encoding='UTF-8'?>\n<!DOCTYPE martif PUBLIC "
            b"'ISO 12200:1999A//DTD MARTIF core (DXFcdV04)//EN' 'TBXcdv04.dtd'>\n"
            b'<martif type="TBX" xml:lang="en_US"><text><body><termEntry id="t1">'
            b'<langSet xml:lang="en-US"><tig><term>leave</term></tig><tig><term>quit</term></tig>'
            b'</langSet><langSet xml:lang="xh"><tig><term>pipi</term></tig></langSet>'
            b"</termEntry></body></text></martif>")
    glossary = parse_tbx(data, "glossary.tbx", "en")
    assert [(t.source, t.for_locale("xh")) for t in glossary.terms] == [
        ("leave", (["pipi"], [])), ("quit", (["pipi"], []))]
