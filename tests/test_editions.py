"""Editions: the pack a delegation gets, one PDF per locale.

A project of its own (two documents, two locales), an edition that puts the
second document first, in German beside French and in Arabic alone."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pypdf
import pytest
from click.testing import CliRunner

from publisher.build.editions import build_edition
from publisher.cli import main
from publisher.core.errors import ConfigError
from publisher.extract.pot import extract_catalogs
from publisher.gate.check import check_project
from publisher.sources.config import load_settings

from pdfvalid import invalid

OCCASION = "Visit of the delegation of the Federal Republic of Germany"
TRANSLATED = {
    "de": ("Besuch der Delegation der Bundesrepublik Deutschland", "Peking, Mai 2027", "Inhalt"),
    "ar": ("زيارة وفد جمهورية ألمانيا الاتحادية", "بكين، مايو 2027", "المحتويات"),
}
BIDI_MARKS = dict.fromkeys(range(0x202A, 0x202F))
LONG_BODY = "\n\n".join(f"## Section {n}\n\n" + " ".join(["Text of the section."] * 120)
                        for n in range(1, 4))


def run(project: Path, *args: str):
    return CliRunner().invoke(main, ["--project", str(project), *args])


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("editions") / "project"
    (root / "documents").mkdir(parents=True)
    (root / "editions").mkdir()
    (root / "publisher.toml").write_text(
        'source_locale = "en"\nlocales = ["ar", "de", "fr"]\n', encoding="utf-8")
    (root / "documents" / "alpha.md").write_text(
        f"---\ntitle: Alpha report\ndate: 2026-03-01\n---\n\n{LONG_BODY}\n", encoding="utf-8")
    (root / "documents" / "beta.md").write_text(
        "---\ntitle: Beta agreement\n---\n\nThe agreement in one paragraph.\n\n"
        "## Annex\n\nThe annex.\n", encoding="utf-8")
    (root / "editions" / "visit.toml").write_text(
        f'occasion = "{OCCASION}"\ncover = ["Beijing, May 2027"]\ndate = 2027-05-12\n'
        'documents = ["beta", "alpha"]\nlocales = ["de", "ar"]\n\n[bilingual]\nde = "fr"\n',
        encoding="utf-8")
    assert run(root, "extract").exit_code == 0
    assert run(root, "update").exit_code == 0
    for locale, (occasion, line, contents) in TRANSLATED.items():
        po = root / "locales" / locale / "LC_MESSAGES" / "editions.po"
        text = po.read_text("utf-8")
        for msgid, msgstr in ((OCCASION, occasion), ("Beijing, May 2027", line),
                              ("Contents", contents)):
            text = text.replace(f'msgid "{msgid}"\nmsgstr ""', f'msgid "{msgid}"\nmsgstr "{msgstr}"')
        po.write_text(text, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def packs(project) -> dict[str, Path]:
    report = build_edition(load_settings(project), "visit", jobs=1)
    return report.pdf_paths


def pages_text(path: Path) -> list[str]:
    count = len(pypdf.PdfReader(path).pages)
    return [subprocess.run(["pdftotext", "-f", str(n), "-l", str(n), str(path), "-"],
                           capture_output=True, text=True, check=True).stdout
            for n in range(1, count + 1)]


def test_the_occasion_is_extracted_and_checked(project):
    catalog = extract_catalogs(load_settings(project))["editions"]
    assert [m.msgid for m in catalog.messages] == [OCCASION, "Beijing, May 2027", "Contents"]
    assert catalog.messages[0].references == ["editions/visit.toml:1"]
    results = {(r.locale, r.domain): r for r in check_project(load_settings(project)).catalogs}
    assert results[("de", "editions")].ok
    untranslated = results[("fr", "editions")]             # check sees the untranslated cover
    # the default "Contents" heading is the package's page words (Sommaire): not asked
    assert not untranslated.ok and untranslated.untranslated == 2


def test_one_pdf_per_locale_with_the_translated_cover(packs):
    assert sorted(packs) == ["ar", "de"]
    for locale, (occasion, line, contents) in TRANSLATED.items():
        cover = " ".join(pages_text(packs[locale])[0].translate(BIDI_MARKS).split())
        assert occasion in cover
        assert all(word in cover for word in line.replace("،", " ").split())
        assert OCCASION not in cover


def test_documents_in_the_edition_order_and_contents_page_numbers(packs):
    for locale in packs:
        pages = pages_text(packs[locale])
        contents = pages[1]
        # Each entry's line: its title, leader dots and page number, in the
        # order of the line's direction.
        entries = [(title, re.search(r"\d+", line.replace(title, "")).group())
                   for line in contents.splitlines()
                   for title in ("Beta agreement", "Alpha report") if title in line]
        assert [title for title, _ in entries] == ["Beta agreement", "Alpha report"], contents
        assert len(pages) > 4      # the long document takes several pages
        for title, number in entries:
            # The page where the document starts: its title under the header.
            first = next(i for i, text in enumerate(pages[2:], 2) if title in text)
            assert int(number) == first - 1          # cover and contents are not counted
            footer = [l for l in pages[first].splitlines() if re.search(r"\d+\D+\d+", l)]
            assert any(number in line for line in footer[-1:])


def test_bookmarks_per_document_and_heading(packs):
    outline = pypdf.PdfReader(packs["ar"]).outline
    top = [item.title for item in outline if not isinstance(item, list)]
    assert top == ["Beta agreement", "Alpha report"]
    children = [item for item in outline if isinstance(item, list)]
    assert [c.title for c in children[0]] == ["Annex"]
    assert [c.title for c in children[1]] == ["Section 1", "Section 2", "Section 3"]


def test_the_bilingual_pack_shows_both_locales(packs, project):
    html = (project / "dist" / "editions" / "visit" / "de.html").read_text("utf-8")
    assert 'class="source" lang="fr"' in html
    assert 'lang="fr"' not in (project / "dist" / "editions" / "visit" / "ar.html").read_text("utf-8")
    # Only the pack's own language gives bookmarks.
    assert [i.title for i in pypdf.PdfReader(packs["de"]).outline
            if not isinstance(i, list)] == ["Beta agreement", "Alpha report"]


def test_pdf_ua_by_default_and_the_index(packs, project):
    root = pypdf.PdfReader(packs["de"]).trailer["/Root"]
    assert "/StructTreeRoot" in root
    index = (project / "dist" / "editions" / "index.html").read_text("utf-8")
    assert 'href="visit/de.pdf"' in index and 'href="visit/ar.pdf"' in index


def test_every_pack_passes_pdf_ua_1(packs):
    """Cover, contents and documents, bilingual pack included, validated
    (tests/pdfvalid.py)."""
    assert invalid(sorted(packs.values()), "pdf/ua-1") == {}


def test_a_wrong_edition_names_file_and_line(project, tmp_path):
    settings = load_settings(project)
    bad = project / "editions" / "bad.toml"
    bad.write_text('documents = ["beta", "gamma"]\n', encoding="utf-8")
    try:
        with pytest.raises(ConfigError) as caught:
            build_edition(settings, "bad")
        assert caught.value.path == "editions/bad.toml" and caught.value.line == 1
        assert "gamma" in caught.value.message
        with pytest.raises(ConfigError):
            build_edition(settings, "missing")
    finally:
        bad.unlink()


def test_edition_excludes_one_off_options(project):
    result = run(project, "build", "--edition", "visit", "--locale", "de")
    assert result.exit_code == 2 and "--edition" in result.output


def test_occasion_takes_documents(project, tmp_path):
    result = run(project, "build", "--format", "pdf", "--locale", "de", "--occasion", "Talks",
                 "--document", "beta", "--output", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "out" / "de").glob("*.pdf")) == ["beta.pdf"]
    assert "Talks" in pages_text(tmp_path / "out" / "de" / "beta.pdf")[0]
    result = run(project, "build", "--document", "gamma", "--output", str(tmp_path / "o2"))
    assert result.exit_code == 2 and "gamma" in result.output


def test_packs_write_dates_in_the_calendar_of_the_settings(tmp_path):
    """[calendar] holds for edition packs as for pages: Thai in the Gregorian
    calendar prints 2027 on the cover (not the Buddhist 2570)."""
    root = tmp_path / "project"
    (root / "documents").mkdir(parents=True)
    (root / "editions").mkdir()
    (root / "publisher.toml").write_text(
        'source_locale = "en"\nlocales = ["th"]\n\n[calendar]\nth = "gregorian"\n', encoding="utf-8")
    (root / "documents" / "note.md").write_text("---\ntitle: Note\n---\n\nOne line.\n", encoding="utf-8")
    (root / "editions" / "visit.toml").write_text(
        'occasion = "Visit"\ndate = 2027-05-12\ndocuments = ["note"]\nlocales = ["th"]\n',
        encoding="utf-8")
    assert run(root, "extract").exit_code == 0
    assert run(root, "update").exit_code == 0
    report = build_edition(load_settings(root), "visit", jobs=1)
    cover = pages_text(report.pdf_paths["th"])[0]
    assert "2027" in cover and "2570" not in cover
