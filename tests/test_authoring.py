"""Documents as authors write them: footnotes, heading ids and links between
documents, reference links with translated labels, per-language images,
blocks kept out of translation, message contexts, tables of amounts,
ranges and code spans; each seen in the HTML page, the PDF, the bilingual
PDF and an edition (one project, built once for the module)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pypdf
import pytest
from click.testing import CliRunner
from PIL import Image

from publisher.build.editions import build_edition
from publisher.build.pipeline import build
from publisher.catalogs.checks import link_definitions, markup_problems
from publisher.catalogs.pofile import read_po, write_po
from publisher.cli import main
from publisher.sources.config import load_settings

REPORT = """\
---
title: Budget report
date: 2026-01-05
---

# Overview

Spending grows by 4.5% this year.[^1]

See [the guide] and the [annex](annex.md#tables).

## Spending by ministry {#spending}

<!-- publisher: no-translate -->
Ministry of Finance, Nairobi

<!-- translators-context: the verb -->
Present

Present

The plan runs from 2027 to 2029.

USD 1 buys KES 129.35.

![Spending chart](chart.png)

Use `code  
span` here.

| Item | Amount (USD million) |
|---|---|
| Roads | 142.3 |
| **Total** | **1,030.7** |

[^1]: In case of divergence, the English text prevails.

[the guide]: https://example.org/guide
"""

ANNEX = """\
---
title: Annex
---

# Tables {#tables}

Back to [the report](report.md#spending).
"""

#: de translations, by (context, msgid); the rest is translated by its source text.
GERMAN = {
    (None, "Spending grows by {4.5%} this year.[^1]"): "Die Ausgaben wachsen um {4.5%}.[^1]",
    (None, "See [the guide] and the [annex](annex.md#tables)."):
        "Siehe [den Leitfaden] und den [Anhang](annex.md#tables).",
    (None, "In case of divergence, the English text prevails."):
        "Bei Abweichungen gilt der englische Text.",
    ("the verb", "Present"): "Vorlegen",
    (None, "Present"): "Anwesend",
    (None, "The plan runs from {2027} to {2029}."): "Der Plan läuft {2027}-{2029}.",
    (None, "USD {1} buys KES {129.35}."): "Für USD {1} bekommt man KES {129.35}.",
    (None, "Spending by ministry"): "Ausgaben nach Ministerium",
}

RED, BLUE = (220, 20, 20), (20, 20, 220)


def run(project: Path, *args: str):
    return CliRunner().invoke(main, ["--project", str(project), *args])


def pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


def words(text: str) -> str:
    return " ".join(text.split())


def colour_pixels(path: Path, colour: tuple[int, int, int]) -> int:
    """How many pixels of the PDF's first page are about ``colour``."""
    subprocess.run(["pdftoppm", "-png", "-r", "40", "-f", "1", "-l", "1", "-singlefile",
                    str(path), str(path.with_suffix(""))], check=True)
    image = Image.open(path.with_suffix(".png")).convert("RGB")
    width, height = image.size
    return sum(1 for x in range(width) for y in range(height)
               if all(abs(a - b) < 40 for a, b in zip(image.getpixel((x, y)), colour)))


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("authoring") / "project"
    (root / "documents").mkdir(parents=True)
    (root / "editions").mkdir()
    (root / "publisher.toml").write_text(
        'source_locale = "en"\nlocales = ["de", "ar"]\nsite_url = "https://example.org/reports"\n'
        '\n[numbering]\nar = "arab"\n', "utf-8")
    (root / "documents" / "report.md").write_text(REPORT, "utf-8")
    (root / "documents" / "annex.md").write_text(ANNEX, "utf-8")
    Image.new("RGB", (120, 60), RED).save(root / "documents" / "chart.png")
    Image.new("RGB", (120, 60), BLUE).save(root / "documents" / "chart.de.png")
    (root / "editions" / "pack.toml").write_text(
        'documents = ["report", "annex"]\nlocales = ["de"]\n\n[bilingual]\nde = "en"\n', "utf-8")
    for args in (["extract"], ["update"]):
        result = run(root, *args)
        assert result.exit_code == 0, result.output
    for path in sorted((root / "locales").glob("*/LC_MESSAGES/*.po")):
        catalog = read_po(path)
        for message in catalog.messages:
            if message.is_plural:
                forms = len(message.msgstr_plural)
                message.msgstr_plural = [message.msgid] + [message.msgid_plural] * (forms - 1)
                continue
            german = GERMAN.get(message.key) if path.parts[-3] == "de" else None
            message.msgstr = german or message.msgstr or message.msgid
            if "fuzzy" in message.flags:
                message.flags.remove("fuzzy")
        write_po(path, catalog)
    return root


@pytest.fixture(scope="module")
def built(project):
    settings = load_settings(project)
    report = build(settings, locales=["en", "de", "ar"], jobs=1)
    edition = build_edition(settings, "pack", jobs=1)
    return settings.output_dir, report, edition


def page(built, locale: str, name: str = "report", bilingual: bool = False) -> str:
    return (built[0] / locale / f"{name}{'-bilingual' if bilingual else ''}.html").read_text("utf-8")


def test_the_translations_are_used(built):
    report = built[1]
    assert report.fallbacks.get("de", {}).get("report") is None, report.fallbacks


# -- footnotes ---------------------------------------------------------------------

def test_a_footnote_is_a_message_and_its_reference_no_figure(project):
    pot = (project / "locales" / "report.pot").read_text("utf-8")
    assert 'msgid "Spending grows by {4.5%} this year.[^1]"' in pot
    assert '#. footnote\n#: documents/report.md:' in pot
    assert 'msgid "In case of divergence, the English text prevails."' in pot


def test_footnotes_in_html_are_numbered_links_with_a_way_back(built):
    html = page(built, "de")
    assert '<sup class="footnote-ref"><a href="#fn-report-1" id="fnref-report-1">1</a></sup>' in html
    assert re.search(r'<li id="fn-report-1" value="1">\s*<p>Bei Abweichungen gilt der englische '
                     r'Text\. <a href="#fnref-report-1" class="footnote-backref"', html)
    assert "[^1]" not in html
    assert '<a href="#fn-report-1" id="fnref-report-1">١</a>' in page(built, "ar")


def test_footnotes_in_the_pdf_stand_at_the_foot_of_the_page(built):
    text = words(pdf_text(built[0] / "de" / "report.pdf"))
    assert text.count("Bei Abweichungen gilt der englische Text.") == 1
    assert text.index("Bei Abweichungen") > text.index("1.030,7")   # below the body
    assert "[^1]" not in text
    # numbered in the locale's digits: the note's marker in Arabic-Indic
    arabic = pdf_text(built[0] / "ar" / "report.pdf")
    line = next(l for l in arabic.splitlines() if "In case of divergence" in l)
    assert "١" in line and "1" not in line.replace("In case", "")


def test_footnotes_in_the_bilingual_pdf_and_the_edition(built):
    text = words(pdf_text(built[0] / "de" / "report-bilingual.pdf"))
    assert text.count("Bei Abweichungen gilt der englische Text.") == 1
    assert text.count("In case of divergence, the English text prevails.") == 1
    pack = words(pdf_text(built[2].pdf_paths["de"]))
    assert pack.count("Bei Abweichungen gilt der englische Text.") == 1
    assert "[^1]" not in text + pack


# -- heading ids and links between documents ---------------------------------------

def test_headings_have_the_same_ids_in_every_locale(built):
    for locale in ("en", "de", "ar"):
        html = page(built, locale)
        assert re.search(r'<h\d id="overview">', html)
        assert re.search(r'<h\d id="spending">', html)
    assert re.search(r'<h\d id="spending">Ausgaben nach Ministerium</h\d>', page(built, "de"))


def test_links_between_documents_go_to_the_locales_page(built):
    for locale in ("en", "de"):
        assert '<a href="report.html#spending">' in page(built, locale, "annex")
        assert '<a href="annex.html#tables">' in page(built, locale)
    assert '<a href="report.html#spending">' in page(built, "de", "annex", bilingual=True)
    assert ".md" not in re.sub(r"<[^>]*(?:pdf|md)\"[^>]*>", "", page(built, "de", "annex"))


def uris(pdf: Path) -> list[str]:
    return [str(annotation.get_object()["/A"].get("/URI")) for pdf_page in pypdf.PdfReader(pdf).pages
            for annotation in pdf_page.get("/Annots") or []
            if annotation.get_object().get("/A") is not None]


def test_links_between_documents_in_a_pdf_go_to_the_published_page(built):
    for name in ("annex.pdf", "annex-bilingual.pdf"):
        assert "https://example.org/reports/de/report.html#spending" in uris(built[0] / "de" / name)
    assert "https://example.org/reports/en/report.html#spending" in uris(built[0] / "en" / "annex.pdf")
    assert not any(uri.startswith("file:") for uri in uris(built[0] / "de" / "annex.pdf"))


def test_the_site_address_must_be_a_web_address(tmp_path):
    from publisher.core.errors import ConfigError
    from publisher.sources.config import parse_settings

    for wrong in ("example.org", "file:///etc", "javascript:alert(1)", "ftp://example.org", 3):
        with pytest.raises(ConfigError, match="site_url"):
            parse_settings({"source_locale": "en", "site_url": wrong}, tmp_path)


def test_links_between_documents_of_an_edition_go_to_their_place_in_the_pack(built):
    reader = pypdf.PdfReader(built[2].pdf_paths["de"])
    internal = 0
    for pdf_page in reader.pages:
        for annotation in pdf_page.get("/Annots") or []:
            annotation = annotation.get_object()
            action = annotation.get("/A")
            if annotation.get("/Dest") is not None or (action and action.get("/S") == "/GoTo"):
                internal += 1
            elif action is not None:
                assert ".md" not in str(action.get("/URI", "")), action
    # the contents page's two entries, and the two links between the documents
    assert internal >= 4


def test_check_refuses_a_link_to_a_missing_document_or_id(project, tmp_path):
    import shutil

    copy = tmp_path / "copy"
    shutil.copytree(project, copy)
    annex = copy / "documents" / "annex.md"
    annex.write_text(ANNEX.replace("report.md#spending", "report.md#spend"), "utf-8")
    result = run(copy, "check")
    assert result.exit_code == 1
    assert ("documents/annex.md:7: the link 'report.md#spend' goes to #spend, which no heading "
            "of report.md has") in result.output
    annex.write_text(ANNEX.replace("report.md#spending", "budget.md"), "utf-8")
    result = run(copy, "check")
    assert result.exit_code == 1
    assert ("documents/annex.md:7: the link 'budget.md' goes to a document the project does "
            "not have") in result.output


def test_a_translation_that_changes_a_links_target_is_refused(project, tmp_path):
    import shutil

    copy = tmp_path / "copy"
    shutil.copytree(project, copy)
    po = copy / "locales" / "de" / "LC_MESSAGES" / "annex.po"
    po.write_text(po.read_text("utf-8").replace('msgstr "Back to [the report](report.md#spending)."',
                                                'msgstr "Zurück zum [Bericht](report.md#overview)."'),
                  "utf-8")
    result = run(copy, "check")
    assert result.exit_code == 1 and "E302" in result.output and "report.md#overview" in result.output


# -- reference links ---------------------------------------------------------------

GUIDE = link_definitions({"THE GUIDE": {"href": "https://example.org/guide", "title": ""},
                          "OTHER": {"href": "https://other.example", "title": ""}})


def test_a_translated_label_links_to_the_sources_target(built):
    assert '<a href="https://example.org/guide">den Leitfaden</a>' in page(built, "de")
    assert "[den Leitfaden]" not in page(built, "de")
    assert '<a href="https://example.org/guide">den Leitfaden</a>' in page(built, "de",
                                                                         bilingual=True)
    for pdf in (built[0] / "de" / "report.pdf", built[0] / "de" / "report-bilingual.pdf",
                built[2].pdf_paths["de"]):
        text = words(pdf_text(pdf))
        assert "Siehe den Leitfaden" in text and "[den Leitfaden]" not in text
        assert "https://example.org/guide" in uris(pdf)


@pytest.mark.parametrize("translation, named", [
    ("Siehe [den Leitfaden][other].", "[other]"),    # another of the document's addresses
    ("Siehe [den Leitfaden](https://other.example).", "https://other.example"),
])
def test_a_translation_may_not_add_a_link_or_change_a_target(translation, named):
    problems = markup_problems("See [the guide].", translation, GUIDE)
    assert problems and problems[0][0] == "E302" and named in problems[0][1]
    assert "[the guide]" in problems[0][1]


def test_a_label_that_stands_for_no_link_is_named():
    problems = markup_problems("See [the guide].", "Siehe den Leitfaden [und mehr].", ())
    assert problems == []        # brackets of the translation's own, no link in the source
    problems = markup_problems("See [the guide] here.", "Siehe hier.", GUIDE)
    assert problems and "[the guide]" in problems[0][1]


def test_pseudo_locales_keep_reference_links(project):
    settings = load_settings(project)
    build(settings, locales=["en_XA"], formats=("html",), jobs=1)
    html = (settings.output_dir / "en_XA" / "report.html").read_text("utf-8")
    assert re.search(r'<a href="https://example.org/guide">[^<]+</a>', html)
    assert re.search(r'<sup class="footnote-ref"><a href="#fn-report-1"', html)


# -- per-language images -----------------------------------------------------------

def test_a_locale_gets_its_own_image(built):
    assert '<img src="../assets/images/chart.de.png" alt="Spending chart"' in page(built, "de")
    assert '<img src="../assets/images/chart.png" alt="Spending chart"' in page(built, "ar")
    assert colour_pixels(built[0] / "de" / "report.pdf", BLUE) > 100
    assert colour_pixels(built[0] / "de" / "report.pdf", RED) == 0
    assert colour_pixels(built[0] / "en" / "report.pdf", RED) > 100
    bilingual = built[0] / "de" / "report-bilingual.pdf"
    assert colour_pixels(bilingual, BLUE) > 100 and colour_pixels(bilingual, RED) > 100
    pack = built[2].pdf_paths["de"]
    reader = pypdf.PdfReader(pack)
    images = [image.image.convert("RGB").getpixel((1, 1)) for pdf_page in reader.pages
              for image in pdf_page.images]
    assert BLUE in images and RED in images      # the German part and the English column


def test_the_parents_of_a_locale_give_its_image(tmp_path):
    from publisher.sources.documents import localized_image

    (tmp_path / "chart.png").write_bytes(b"")
    Image.new("RGB", (4, 4), BLUE).save(tmp_path / "chart.zh_Hant.png")
    Image.new("RGB", (4, 4), RED).save(tmp_path / "chart.zh.png")
    assert localized_image(tmp_path / "chart.png", "zh_TW", tmp_path).name == "chart.zh_Hant.png"
    assert localized_image(tmp_path / "chart.png", "zh_CN", tmp_path).name == "chart.zh.png"
    assert localized_image(tmp_path / "chart.png", "de", tmp_path) is None


# -- blocks kept out of translation, message contexts ------------------------------

def test_a_no_translate_block_is_not_extracted_and_shown_as_written(project, built):
    pot = (project / "locales" / "report.pot").read_text("utf-8")
    assert "Ministry of Finance" not in pot
    assert '<p translate="no">Ministry of Finance, Nairobi</p>' in page(built, "de")
    assert "Ministry of Finance, Nairobi" in words(pdf_text(built[0] / "de" / "report.pdf"))
    assert "Ministry of Finance, Nairobi" in words(pdf_text(built[0] / "de" / "report-bilingual.pdf"))
    assert "Ministry of Finance, Nairobi" in words(pdf_text(built[2].pdf_paths["de"]))


def test_a_context_tells_identical_sources_apart(project, built):
    pot = (project / "locales" / "report.pot").read_text("utf-8")
    assert 'msgctxt "the verb"\nmsgid "Present"' in pot
    assert "<p>Vorlegen</p>\n<p>Anwesend</p>" in page(built, "de")
    for pdf in (built[0] / "de" / "report.pdf", built[0] / "de" / "report-bilingual.pdf",
                built[2].pdf_paths["de"]):
        text = words(pdf_text(pdf))
        assert "Vorlegen" in text and "Anwesend" in text


# -- tables, amounts, ranges, code spans -------------------------------------------

def test_a_total_in_bold_takes_the_locales_decimals(built):
    html = page(built, "de")
    assert "<td>142,3</td>" in html and "<td><strong>1.030,7</strong></td>" in html
    for pdf in (built[0] / "de" / "report.pdf", built[0] / "de" / "report-bilingual.pdf",
                built[2].pdf_paths["de"]):
        assert "1.030,7" in pdf_text(pdf)


def test_an_exchange_rate_beside_a_currency_code_is_an_amount(project, built):
    pot = (project / "locales" / "report.pot").read_text("utf-8")
    assert 'msgid "USD {1} buys KES {129.35}."' in pot
    assert "KES 129,35" in page(built, "de")
    assert "KES 129,35" in words(pdf_text(built[0] / "de" / "report.pdf"))


def test_a_range_with_a_hyphen_between_figures_is_accepted(built):
    assert "<p>Der Plan läuft 2027-2029.</p>" in page(built, "de")
    assert "Der Plan läuft 2027-2029." in words(pdf_text(built[2].pdf_paths["de"]))


def test_a_code_span_across_a_line_keeps_its_spaces(built):
    assert "<code>code   span</code>" in page(built, "de")
    assert "\\" not in words(pdf_text(built[0] / "de" / "report.pdf"))


def test_pseudo_locales_keep_footnote_references_and_reference_labels():
    from publisher.translate.pseudo import pseudo_text

    for locale in ("en_XA", "ar_XB"):
        text = pseudo_text("See [the text][guide] and the note.[^note]", locale, markdown=True)
        assert "][guide]" in text and "[^note]" in text


# -- a document that cannot be built -----------------------------------------------

def test_a_failing_document_is_reported_and_skipped_and_the_build_fails(tmp_path):
    root = tmp_path / "project"
    (root / "documents").mkdir(parents=True)
    (root / "publisher.toml").write_text('source_locale = "en"\nlocales = []\n', "utf-8")
    (root / "documents" / "good.md").write_text("---\ntitle: Good\n---\n\nFine.\n", "utf-8")
    (root / "documents" / "image.md").write_text("---\ntitle: Image\n---\n\n![x](gone.png)\n",
                                                 "utf-8")
    (root / "documents" / "matter.md").write_text("---\ntitle: [never closed\n---\n\nText.\n",
                                                  "utf-8")
    result = run(root, "build", "--format", "html")
    assert result.exit_code == 1
    assert "documents/image.md:5" in result.output and "gone.png" in result.output
    assert "documents/matter.md:" in result.output and "YAML" in result.output
    out = root / "dist" / "en"
    assert (out / "good.html").is_file()
    assert not (out / "image.html").exists() and not (out / "matter.html").exists()
    index = (out / "index.html").read_text("utf-8")
    assert "good.html" in index and "image.html" not in index
    # the document named on the command line is the one that matters
    result = run(root, "build", "--format", "html", "--document", "image")
    assert result.exit_code == 1 and "gone.png" in result.output


def test_a_document_named_with_a_hash_is_refused_not_linked_to_a_fragment(tmp_path):
    """``faq#1.md`` would publish ``faq#1.html``, which every link reads as the
    page ``faq`` and its fragment ``1``: the name is refused, with the file."""
    root = tmp_path / "project"
    (root / "documents").mkdir(parents=True)
    (root / "publisher.toml").write_text('source_locale = "en"\nlocales = []\n', "utf-8")
    (root / "documents" / "faq#1.md").write_text("---\ntitle: FAQ\n---\n\nAsk.\n", "utf-8")
    (root / "documents" / "home.md").write_text(
        "---\ntitle: Home\n---\n\nRead the [questions](faq%231.md).\n", "utf-8")
    for command in (["extract"], ["build", "--format", "html"]):
        result = run(root, *command)
        assert result.exit_code == 1 and "faq#1" in result.output, result.output
    assert not (root / "dist" / "en" / "faq#1.html").exists()


def test_an_edition_links_a_document_outside_it_to_the_published_page(project, tmp_path):
    import shutil

    copy = tmp_path / "copy"
    shutil.copytree(project, copy)
    (copy / "editions" / "annex-only.toml").write_text(
        'documents = ["annex"]\nlocales = ["de"]\n', "utf-8")
    edition = build_edition(load_settings(copy), "annex-only", jobs=1)
    assert "https://example.org/reports/de/report.html#spending" in uris(edition.pdf_paths["de"])


def test_ids_of_headings_in_any_script_are_linked_and_checked(tmp_path):
    root = tmp_path / "project"
    (root / "documents").mkdir(parents=True)
    (root / "publisher.toml").write_text('source_locale = "zh_CN"\nlocales = []\n', "utf-8")
    (root / "documents" / "a.md").write_text(
        "---\ntitle: 甲\n---\n\n## 概述 第一\n\n见[概述](#概述-第一)和[乙](b.md#总结)。\n", "utf-8")
    (root / "documents" / "b.md").write_text("---\ntitle: 乙\n---\n\n## 总结\n\n完。\n", "utf-8")
    assert run(root, "extract").exit_code == 0
    assert run(root, "build", "--format", "html").exit_code == 0
    html = (root / "dist" / "zh_CN" / "a.html").read_text("utf-8")
    assert '<h2 id="概述-第一">' in html and 'href="b.html#%E6%80%BB%E7%BB%93"' in html


def test_a_note_cited_by_a_note_is_printed_beside_it():
    from publisher.catalogs.translations import Translations
    from publisher.sources.documents import parse_document
    from publisher.translate.document import render_body, translate_document
    from publisher.translate.linknotes import with_footnotes

    document = parse_document("A[^a] and again[^a].\n\n[^a]: Note a cites[^b].\n"
                              "[^b]: Note b, with a  \nbreak, cites [^a].\n", "x.md")
    html = render_body(with_footnotes(translate_document(document, Translations(None, "en"), "en")))
    printed = re.findall(r'<span class="footnote">(.*?)</span>', html, re.S)
    assert printed == ["Note a cites.", "Note b, with a<br />\nbreak, cites ."]
    assert html.count('<li id="fn-x-') == 2 and 'id="fnref-x-a-3"' in html


def test_a_heading_never_takes_an_id_the_page_uses():
    from publisher.core.errors import SourceError
    from publisher.sources.documents import parse_document

    document = parse_document("# Main\n\n## Proof 1\n\n## Main\n\n## Document alpha\n\n"
                              "## FN report\n", "x.md")
    assert list(document.anchors) == ["h-main", "h-proof-1", "h-main-1", "h-document-alpha",
                                      "h-fn-report"]
    with pytest.raises(SourceError, match="the pages use themselves"):
        parse_document("## Start {#main}\n", "x.md")


def test_the_preview_says_which_document_was_not_built(tmp_path):
    from publisher.serve.server import ALL, Site

    root = tmp_path / "project"
    (root / "documents").mkdir(parents=True)
    (root / "publisher.toml").write_text('source_locale = "en"\nlocales = []\n', "utf-8")
    (root / "documents" / "good.md").write_text("---\ntitle: Good\n---\n\nFine.\n", "utf-8")
    (root / "documents" / "image.md").write_text("---\ntitle: Image\n---\n\n![x](gone.png)\n",
                                                 "utf-8")
    site = Site(load_settings(root))
    site.rebuild(ALL)
    assert "documents/image.md:5" in site.state.errors["en"]
    assert (root / "dist" / "en" / "good.html").is_file()
