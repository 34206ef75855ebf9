"""The script matrix (tests/scripts_matrix.py): a few of its cells here, in
one project and one build (Khmer, Burmese, Dhivehi and Arabic
with Arabic-Indic digits); the whole matrix with ``PUBLISHER_MATRIX=all``
(``make matrix``).  Each check of each cell is a test; the text layer per
extractor is measured by benchmarks/scripts_matrix.py and listed in
docs/scripts-matrix.md, not asserted here (pdftext.py's own tests do).
"""

from __future__ import annotations

import datetime
import os
import re

import pytest

import scripts_matrix as matrix

WHICH = os.environ.get("PUBLISHER_MATRIX", "fast")
CELLS = matrix.chosen_cells(WHICH)
ASSERTED = ("glyphs", "page", "columns", "breaks", "leading", "digits", "spaces", "visual", "pdf-ua")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return matrix.build_matrix(tmp_path_factory.mktemp("matrix") / "project", CELLS)


@pytest.fixture(scope="module")
def results(built):
    return {(r.cell.locale, r.check): r for cell in CELLS for r in matrix.run_checks(built, cell)}


@pytest.mark.parametrize("check", ASSERTED)
@pytest.mark.parametrize("locale", [cell.locale for cell in CELLS])
def test_cell(results, locale, check):
    result = results[(locale, check)]
    assert result.ok, f"{locale} {check}: {result.detail}"


def test_the_cells_come_from_the_data_and_cover_every_drawn_script():
    from publisher.core.fonts import drawn_locales
    from publisher.core.locales import script_of

    cells = matrix.all_cells()
    drawn = drawn_locales()
    assert {c.script for c in cells} == {script_of(name) for name in drawn}
    assert sorted(n for c in cells for n in (c.locale, *c.also)) == sorted(drawn)
    # digits and calendars of their own are cells of their own
    assert {c.numbering for c in cells} >= {"latn", "arab", "arabext", "deva", "beng", "mymr"}
    assert "buddhist" in {c.calendar for c in cells}


def test_every_cell_has_real_text_in_its_language():
    for cell in matrix.all_cells():
        text = matrix.text_for(cell.locale)
        assert text["paragraphs"][0] != matrix.texts()["en_Latn"]["paragraphs"][0] or \
            cell.locale.startswith("en")


def test_word_breaks_of_unspaced_scripts_are_wbr_and_never_text():
    from publisher.render.typography import mark_word_breaks

    page = ('<html><head><title>ຄະນະກຳມະການແຫ່ງຊາດ</title></head><body>'
            '<h1 title="ພາສາລາວ">ຄະນະກຳມະການແຫ່ງຊາດ</h1><p>ព្រះរាជាណាចក្រកម្ពុជា &amp; ok</p>'
            '<code>ຄະນະກຳມະການ</code></body></html>')
    marked = mark_word_breaks(page)
    assert "<h1 title=\"ພາສາລາວ\">ຄະນະ<wbr>ກຳມະການ<wbr>ແຫ່ງຊາດ</h1>" in marked
    assert "ព្រះរាជាណាចក្រ<wbr>កម្ពុជា &amp; ok" in marked
    assert "<title>ຄະນະກຳມະການແຫ່ງຊາດ</title>" in marked
    assert "<code>ຄະນະກຳມະການ</code>" in marked
    assert marked.replace("<wbr>", "") == page
    assert mark_word_breaks("<p>Latin only</p>") == "<p>Latin only</p>"


@pytest.mark.parametrize("locale", ["dv", "bm_Nkoo", "ann"])
def test_a_locale_without_month_names_gets_a_numeric_date_never_a_pattern(locale):
    from publisher.core.calendars import format_long_date

    text = format_long_date(datetime.date(2027, 3, 14), locale)
    assert not re.search(r"M\d\d|[A-Za-z]", text), text
    assert "2027" in text and "14" in text and "3" in text.replace("2027", "").replace("14", "")


def test_leading_follows_the_script_fonts_real_height():
    from publisher.core.fonts import line_extent
    from publisher.core.locales import locale_info
    from publisher.render.typography import leading

    latin = line_extent("Latn", "en")
    burmese = line_extent("Mymr", "my")
    if not latin or not burmese:
        pytest.skip("Noto Serif or Noto Serif Myanmar is not installed")
    assert burmese > latin + 0.5
    body, heading = leading(locale_info("my"), burmese)
    assert heading - 1.3 >= burmese - latin - 0.01 and body - 1.6 >= burmese - latin - 0.01
    assert leading(locale_info("en"), latin) is None


def test_a_script_with_one_installed_face_is_no_warning():
    from publisher.render.doctor import _same_script_face

    assert _same_script_face("dv", "Noto Serif Thaana", "Noto Sans Thaana")
    assert not _same_script_face("dv", "Noto Serif Thaana", "Noto Serif")


def test_a_script_whose_letters_stand_short_is_set_larger_but_never_beside_another():
    from publisher.core.fonts import letter_height
    from publisher.render.typography import script_css, size_ratio

    latin, thaana = letter_height("Latn"), letter_height("Thaa", "dv")
    if not latin or not thaana:
        pytest.skip("Noto Serif or Noto Sans Thaana is not installed")
    assert size_ratio(thaana, latin) > 1.1
    assert size_ratio(letter_height("Khmr", "km"), latin) is None
    size = re.search(r"html:lang\(dv\) \{ font-size: ([\d.]+)pt", script_css(["en", "dv"]))
    assert size and float(size.group(1)) > 11
    assert "font-size" not in script_css(["en", "km", "de"])
    assert "font-size" not in script_css(["en", "dv"], sizes=False)


def test_dictionary_breaks_reach_the_page_but_never_its_text(built):
    """Khmer and Burmese: the page carries ICU's word boundaries as <wbr>,
    and no extractor reads a character for them (no U+200B)."""
    for locale in ("km", "my"):
        html = (built.out / locale / f"{matrix.DOCUMENT}.html").read_text("utf-8")
        assert html.count("<wbr>") > 20, locale
        pdf = built.out / locale / f"{matrix.DOCUMENT}.pdf"
        for text in (matrix.pdftotext(pdf), matrix.pypdf_text(pdf)):
            assert "\u200b" not in text, locale


def test_a_list_item_in_the_source_language_takes_its_direction():
    from publisher.render.typography import mark_fallback_items

    page = ('<ul><li><span lang="en" dir="ltr">No one shall be <code>held</code></span></li>\n'
            '<li>ޙައްޤު <span lang="en" dir="ltr">rights</span></li>\n'
            '<li><p><span lang="en" dir="ltr">a</span> <span lang="en" dir="ltr">b</span></p></li></ul>')
    marked = mark_fallback_items(page)
    assert '<li lang="en" dir="ltr"><span lang="en" dir="ltr">No one shall be <code>held</code>' \
        '</span></li>' in marked
    assert '<li>ޙައްޤު <span lang="en" dir="ltr">rights</span></li>' in marked     # mixed: as it was
    assert '<li><p><span lang="en" dir="ltr">a</span> ' in marked                 # two spans: as it was


def test_the_text_layer_is_measured_against_what_is_printed():
    """A partial-translation notice's link to the source page, hidden on
    paper (print.css), is no text the PDF can give back."""
    html = ('<html lang="hi"><body><aside class="partial-translation"><p>इस पृष्ठ के कुछ अंशों का '
            'अनुवाद नहीं हुआ है। <a href="../en/a.html" hreflang="en">पृष्ठ अंग्रेज़ी में पढ़ें</a></p>'
            '</aside><p>प्रस्तावना <a href="#x">१</a></p></body></html>')
    assert matrix.html_blocks(html, "hi", printed=True) == [
        "इस पृष्ठ के कुछ अंशों का अनुवाद नहीं हुआ है।", "प्रस्तावना १"]
    assert len(matrix.html_blocks(html, "hi")[0]) > 50


def test_the_word_joiner_of_a_glyph_beyond_its_characters_is_no_text():
    """pdftext.FILLER, the word joiner a glyph without a character of its own
    carries (Thai sara am drawn in two parts), is ignorable like the
    zero-width controls; a changed letter is not."""
    from publisher.render.pdftext import FILLER

    assert matrix.squash(f"คำ{FILLER}ปรารภ") == matrix.squash("คำปรารภ")
    # a vowel drawn in two parts, the filler between them (Chakma O)
    assert matrix.squash(f"\U0001110e\U00011131{FILLER}\U00011127") == matrix.squash("\U0001110e\U0001112e")
    assert matrix.squash("คําปรารภ") != matrix.squash("คำปรารภ")
