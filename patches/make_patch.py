"""Write the patches against WeasyPrint 70 that publisher carries as
extensions, to offer upstream:

- weasyprint-70-actualtext.patch: publisher/render/pdftext.py's text layer
  (weasyprint/draw/text.py: /ActualText spans, every glyph its own non-empty
  piece of its cluster's text, the span markers drawn with the space glyph;
  weasyprint/pdf/fonts.py: a CIDToGIDMap for glyphs drawn with two texts).
- weasyprint-70-structure.patch: the PDF/UA structure (weasyprint/pdf/tags.py:
  /Lang on elements in another language, a link annotation inside a link
  nested in a Link element, a right-to-left grid's items read from the right; weasyprint/pdf/anchors.py: a link described by
  its text; weasyprint/pdf/pdfa.py: the XMP metadata uncompressed).

    python patches/make_patch.py

``actualtext_repro.py`` and ``validation_repro.py`` reproduce the causes with
WeasyPrint as released.
"""

import difflib
import inspect
from pathlib import Path

import weasyprint.draw.text as text
import weasyprint.pdf.anchors as anchors
import weasyprint.pdf.fonts as fonts
import weasyprint.pdf.pdfa as pdfa
import weasyprint.pdf.tags as tags

from publisher.render import pdftext as m

HERE = Path(__file__).resolve().parent

HELPERS = (m._clusters, m._nominal_glyphs, m._joiner_glyph, m._members, m._all_drawn, m._map_marks, m._map_own, m._map_base,
           m.split_text, m.code_for, m._marker_glyph, m._flush, m._actual_text_operator,
           m._marker, m._begin_actual_text, m._end_actual_text)
GLOBALS = ("_NOMINAL: dict[str, dict[int, str]] = {}\n"
           "_CMAP: dict[str, dict[int, int]] = {}\n"
           f"_JOINERS = frozenset({''.join(sorted(m._JOINERS))!a})\n"
           f"FILLER = {m.FILLER!a}\n"
           f"ALIAS_GAP = {m.ALIAS_GAP}\n\n\n")


def diff(module, patched: str) -> list[str]:
    name = module.__name__.replace(".", "/") + ".py"
    original = inspect.getsource(module)
    assert original != patched, name
    return list(difflib.unified_diff(original.splitlines(True), patched.splitlines(True),
                                     f"a/{name}", f"b/{name}"))


def replaced(source: str, old: str, new: str) -> str:
    assert old in source, old
    return source.replace(old, new, 1)


def actualtext() -> list[str]:
    drawn = inspect.getsource(text).replace(
        inspect.getsource(m.ORIGINAL),
        inspect.getsource(m.draw_first_line) + "\n\n" + GLOBALS
        + "".join(inspect.getsource(f) + "\n\n" for f in HELPERS))
    drawn = replaced(drawn, "from io import BytesIO\n",
                     "import unicodedata\nfrom collections import Counter\nfrom io import BytesIO\n")
    font_source = inspect.getsource(fonts)
    font_source = replaced(
        font_source, "    pdf.add_object(subfont_dictionary)\n    if font.missing:\n",
        "    aliases = getattr(font, 'aliases', None)\n"
        "    if aliases:\n"
        "        # Codes that draw a glyph with another text (see draw/text.py).\n"
        "        gids = list(range(max(aliases) + 1))\n"
        "        for code, (glyph, _text) in aliases.items():\n"
        "            gids[code] = glyph\n"
        "            widths[code] = widths.get(glyph, 0)\n"
        "        cid_to_gid = pydyf.Stream(\n"
        "            [b''.join(gid.to_bytes(2, 'big') for gid in gids)], compress=compress)\n"
        "        pdf.add_object(cid_to_gid)\n"
        "        subfont_dictionary['CIDToGIDMap'] = cid_to_gid.reference\n"
        "    pdf.add_object(subfont_dictionary)\n    if font.missing:\n")
    return diff(text, drawn) + diff(fonts, font_source)


def structure() -> list[str]:
    tag_source = inspect.getsource(tags)
    tag_source = replaced(
        tag_source, "    pdf.add_object(element)\n\n    # Handle special cases.\n",
        "    pdf.add_object(element)\n"
        "    # Declare a language other than the one the element inherits.\n"
        "    lang = box.element.get('lang') if box.element is not None else None\n"
        "    if lang and lang.lower() != _language(pdf, parent).lower():\n"
        "        element['Lang'] = pydyf.String(lang)\n\n"
        "    # Handle special cases.\n")
    tag_source = replaced(
        tag_source, "    # Include link annotations.\n    if box.link_annotation:\n",
        "    # Include link annotations, in a Link element (a box inside a link\n"
        "    # has an annotation of its own).\n    if box.link_annotation:\n"
        "        element['S'] = '/Link'\n")
    tag_source = replaced(
        tag_source, "def _get_pdf_tag(tag):\n",
        inspect.getsource(m._language) + "\n\n" + inspect.getsource(m._read_grid_from_the_right)
        + "\n\ndef _get_pdf_tag(tag):\n")
    tag_source = replaced(
        tag_source, "                    colspans[j] -= 1\n\n    yield element\n",
        "                    colspans[j] -= 1\n\n"
        "    # Read a right-to-left grid's items from the right.\n"
        "    if box.style['direction'] == 'rtl' and 'grid' in str(box.style['display']):\n"
        "        _read_grid_from_the_right(pdf, element, box)\n\n"
        "    yield element\n")
    anchor_source = replaced(
        inspect.getsource(anchors),
        "                box.link_annotation['Contents'] = pydyf.String(link_target)\n",
        "                # Describe the link by its text (PDF/UA-1 7.18.5).\n"
        "                description = ' '.join(''.join(box.element.itertext()).split())\n"
        "                if description and link_type == 'external':\n"
        "                    description = f'{description} ({link_target})'\n"
        "                box.link_annotation['Contents'] = pydyf.String(\n"
        "                    description or link_target)\n")
    pdfa_source = replaced(
        inspect.getsource(pdfa),
        "    if version == 1:\n        # Metadata compression is forbidden for version 1.\n"
        "        compress = False\n",
        "    # Metadata compression is forbidden for version 1, and checked by\n"
        "    # validators for all versions: tools read it without filters.\n"
        "    compress = False\n")
    return diff(tags, tag_source) + diff(anchors, anchor_source) + diff(pdfa, pdfa_source)


if __name__ == "__main__":
    (HERE / "weasyprint-70-actualtext.patch").write_text("".join(actualtext()), encoding="utf-8")
    (HERE / "weasyprint-70-structure.patch").write_text("".join(structure()), encoding="utf-8")
