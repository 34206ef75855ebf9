"""The PDF's text layer made exact for every script (extends WeasyPrint 70).

WeasyPrint 70 writes one ToUnicode entry per glyph of a font: the text of the
first cluster where it met the glyph.  That is right for Latin, Cyrillic or
Chinese, where a glyph stands for one character, and wrong wherever shaping
reorders, joins or splits: a Devanagari vowel sign drawn before its
consonant, a conjunct glyph met first inside a longer cluster, Arabic
harakat raised by a y-offset, Thai marks, Tamil two-part vowels.  Text
copied, searched or read aloud from such a PDF is not the printed text.

This module replaces ``weasyprint.draw.text.draw_first_line`` by a copy that
draws every such cluster inside marked content with ``/ActualText`` (PDF 2.0,
14.9.4): a cluster of several glyphs, a cluster with a glyph moved up or
down, or a one-glyph cluster whose glyph already stands for other text.
Simple text (one glyph, one character or ligature, as first mapped) is drawn
as before, so Latin PDFs keep their bytes.  A right-to-left letter and its
marks, one glyph each (the letter in any contextual form, the marks' glyphs
nominal), are mapped glyph by glyph instead, in no span, unless a mark is
moved up or down: pdf.js ends a text item at every marked-content operator
and orders a right-to-left line's items from the left (a span cuts a word
into pieces read backwards), while pdftotext sets a glyph raised outside a
span on a line of its own; so a raised mark keeps its span.  Two more gaps are closed: a zero
width non-joiner (Persian "بین‌المللی"), which Pango draws as an empty
glyph that nothing would carry, is drawn with the font's own invisible
glyph for it; and in Nastaliq (Urdu), where a letter is a shared skeleton
glyph plus dots and zero-width attachment glyphs, each descending word
with its letters moved down, the character goes to the glyph with the
advance (not to the first helper drawn), and each span is framed by
invisible glyphs on the baseline at the cluster's two ends, so that
pdftotext, which places a span by its first glyph, keeps words whole and
on one line.

Viewers that ignore /ActualText (pdf.js, as in Firefox; pypdf) read each
glyph's own ToUnicode text, one text per glyph for the whole document, and
PDF/UA validators reject an empty one.  So each glyph of a span carries a
non-empty piece of its cluster's text in the order drawn, and a glyph
needed with a second text is drawn through an alias code that the
CIDToGIDMap maps to the same glyph (a glyph duplicated; the font program is
untouched).  The structure tree gets /Lang where an element's language
differs from the one it inherits, and a box inside a link that holds a link
annotation is tagged Link.  The lines this module adds are
marked ``# PATCH``; ``patches/weasyprint-70-actualtext.patch`` and
``weasyprint-70-structure.patch`` hold the same changes against WeasyPrint's
source, with minimal reproductions beside them.

The copy is installed only over the exact function it was made from
(``EXTENDED_SHA256`` is the digest of its source): another WeasyPrint
keeps its own drawing, ``install`` says so, and the test suite fails.

Imported only by ``pdf.render_pdf`` (it imports WeasyPrint).
"""

from __future__ import annotations

import hashlib
import inspect
import unicodedata
from collections import Counter
from io import BytesIO
from xml.etree import ElementTree

from PIL import Image
from weasyprint.draw import text as _text
from weasyprint.images import RasterImage, SVGImage
from weasyprint.logger import LOGGER
from weasyprint.pdf import fonts as _fonts
from weasyprint.pdf import tags as _tags
from weasyprint.text.ffi import FROM_UNITS, TO_UNITS, ffi, pango
from weasyprint.text.fonts import get_hb_object_data
from weasyprint.text.line_break import get_last_word_end

#: What this module extends, and the digest of the source it was copied from.
EXTENDED = "weasyprint.draw.text.draw_first_line"
EXTENDED_SHA256 = "1bb8eae6d88e71b17096a034656f3be17da8f1f513c78536c1c38d971927638b"

#: WeasyPrint's own function, kept to compare and to restore.
ORIGINAL = _text.draw_first_line


def source_digest(function) -> str:
    return hashlib.sha256(inspect.getsource(function).encode()).hexdigest()


#: The font dictionary writer whose Encoding the aliases extend, and the
#: digest of the source they were made for.
ENCODING = "weasyprint.pdf.fonts._build_vector_font_dictionary"
ENCODING_SHA256 = "aa6eea312c6e3375689f3405d48c5059525038a8d73d2f63bf3476de6dc05903"
ORIGINAL_ENCODING = _fonts._build_vector_font_dictionary


def install() -> bool:
    """Draw text with exact /ActualText from now on (in this process).

    False, and nothing changed, when WeasyPrint's functions are not the
    ones this module was made from."""
    if _text.draw_first_line is draw_first_line:
        return True
    if (source_digest(_text.draw_first_line) != EXTENDED_SHA256
            or source_digest(_fonts._build_vector_font_dictionary) != ENCODING_SHA256):
        return False
    _text.draw_first_line = draw_first_line
    _fonts._build_vector_font_dictionary = build_vector_font_dictionary
    _tags._build_box_tree = build_box_tree
    return True


def uninstall() -> None:
    _text.draw_first_line = ORIGINAL
    _fonts._build_vector_font_dictionary = ORIGINAL_ENCODING
    _tags._build_box_tree = ORIGINAL_BOX_TREE


#: WeasyPrint's structure builder (PDF/UA), which writes no /Lang below the
#: catalog's: text in another language than the page's (the source
#: language's fallbacks, the source column of a bilingual page) would be
#: read aloud in the page's language.
ORIGINAL_BOX_TREE = _tags._build_box_tree


def _language(pdf, element) -> str:
    """The language a structure element inherits: its own /Lang, its
    parents', or the catalog's."""
    while element is not None:
        if 'Lang' in element:
            return element['Lang'].string
        parent = element.get('P')
        element = pdf.objects[int(parent.split()[0])] if parent else None
        if element is not None and element.get('Type') != '/StructElem':
            break
    lang = pdf.catalog.get('Lang')
    return lang.string if lang is not None else ''


def build_box_tree(box, parent, pdf, page_number, nums, annotations, tags):
    """WeasyPrint's, with /Lang on each structure element whose HTML
    element has a ``lang`` other than the one it inherits (ISO 14289-1,
    7.2; Matterhorn 11-006)."""
    element_lang = None
    if box.element is not None and box.element_tag not in ('html', 'body'):
        element_lang = box.element.get('lang')
    annotation = getattr(box, 'link_annotation', None)
    for element in ORIGINAL_BOX_TREE(box, parent, pdf, page_number, nums, annotations, tags):
        if element_lang and element.get('Lang') is None and (
                element_lang.lower() != _language(pdf, parent).lower()):
            import pydyf
            element['Lang'] = pydyf.String(element_lang)
        if annotation is not None and element.get('S') != '/Link' and _holds(pdf, element,
                                                                            annotation):
            # A box inside a link (a fallback's span, emphasis) gets a link
            # annotation of its own: it belongs in a Link element (ISO
            # 14289-1 7.18.5; Matterhorn 28-011), not in a Span.
            element['S'] = '/Link'
        if box.style['direction'] == 'rtl' and 'grid' in str(box.style['display']):
            _read_grid_from_the_right(pdf, element, box)
        yield element


def _read_grid_from_the_right(pdf, element, box) -> None:
    """The items of a right-to-left grid in reading order: top to bottom,
    each row from the right.  WeasyPrint 70 lays grid columns out from the
    left whatever the direction (a bilingual page's translation stands on
    the right, and is read first there), and tags the items in source order."""
    kids = element.get('K')
    items = [child for child in box.children if getattr(child, 'element', None) is not None]
    if not kids or len(kids) != len(items) or not all(isinstance(k, bytes) for k in kids):
        return
    order = sorted(range(len(items)), key=lambda i: (round(items[i].position_y, 1),
                                                     -items[i].position_x))
    element['K'][:] = [kids[i] for i in order]


def _holds(pdf, element, annotation) -> bool:
    """Whether ``element``'s kids hold the object reference to ``annotation``."""
    for kid in element.get('K', ()):
        if isinstance(kid, bytes):
            target = pdf.objects[int(kid.split()[0])]
            if target.get('Type') == '/OBJR' and target.get('Obj') == annotation.reference:
                return True
    return False


def cid_to_gid_map(font) -> bytes | None:
    """The CIDToGIDMap of a font with alias codes (``code_for``): two bytes
    per code, each code its own glyph but an alias its glyph's; None
    without aliases (the map stays /Identity)."""
    aliases = getattr(font, 'aliases', None)
    if not aliases:
        return None
    gids = list(range(max(aliases) + 1))
    for code, (glyph, _unused) in aliases.items():
        gids[code] = glyph
    return b''.join(gid.to_bytes(2, 'big') for gid in gids)


def build_vector_font_dictionary(font_dictionary, pdf, font, widths, compress, reference,
                                 pdf_version):
    """WeasyPrint's, with a CIDToGIDMap that draws each alias code with the
    glyph it duplicates (``code_for``): one glyph, two texts, each code its
    width and its ToUnicode entry."""
    import pydyf

    aliases = getattr(font, 'aliases', {})
    if aliases:
        widths = {**widths, **{code: widths.get(glyph, font.widths.get(glyph, 0))
                               for code, (glyph, _text) in aliases.items()}}
    ORIGINAL_ENCODING(font_dictionary, pdf, font, widths, compress, reference, pdf_version)
    data = cid_to_gid_map(font)
    if data is not None:
        number = int(font_dictionary['DescendantFonts'][0].split()[0])
        stream = pydyf.Stream([data], compress=compress)
        pdf.add_object(stream)
        pdf.objects[number]['CIDToGIDMap'] = stream.reference


def _clusters(glyph_item, num_glyphs: int, text: bytes) -> tuple[dict, dict, Counter, set]:
    """For one glyph run: the text cluster of each HarfBuzz cluster (a
    cluster that starts with a combining mark, as Thai and Tamil marks can,
    joins the one before it), where each text cluster ends (byte offsets in
    the run), how many glyphs it has, and the ones with a glyph moved up or
    down."""
    clusters = glyph_item.glyphs.log_clusters
    glyphs = glyph_item.glyphs.glyphs
    offset = glyph_item.item.offset
    starts = sorted({clusters[i] for i in range(num_glyphs)})
    group: dict[int, int] = {}
    for start in starts:
        head = text[offset + start:offset + start + 4].decode(errors='ignore')[:1]
        if group and head and unicodedata.category(head) in ('Mn', 'Mc', 'Me'):
            group[start] = group[max(group)]
        else:
            group[start] = start
    heads = sorted(set(group.values()))
    ends = dict(zip(heads, heads[1:] + [glyph_item.item.length]))
    sizes = Counter(group[clusters[i]] for i in range(num_glyphs))
    risen = {group[clusters[i]] for i in range(num_glyphs) if glyphs[i].geometry.y_offset}
    return group, ends, sizes, risen


_NOMINAL: dict[str, dict[int, str]] = {}
_CMAP: dict[str, dict[int, int]] = {}


def _nominal_glyphs(font) -> dict[int, str]:
    """Glyph id -> character, from the font's character map."""
    if font.hash not in _NOMINAL:
        from fontTools.ttLib import TTFont
        ttfont = TTFont(BytesIO(font.file_content), fontNumber=font.index, lazy=True)
        reverse: dict[int, str] = {}
        forward: dict[int, int] = {}
        for code, name in sorted(ttfont.getBestCmap().items()):
            forward[code] = ttfont.getGlyphID(name)
            reverse.setdefault(forward[code], chr(code))
        _NOMINAL[font.hash] = reverse
        _CMAP[font.hash] = forward
    return _NOMINAL[font.hash]


#: Invisible characters that are text all the same: Pango draws them as an
#: empty glyph, which nothing in the PDF would carry.
_JOINERS = frozenset('\u200c\u200d')


def _joiner_glyph(font, text: str) -> int | None:
    """The font's own glyph for a zero width (non-)joiner drawn as Pango's
    empty glyph, to carry the character in the text layer (drawn in text
    render mode 3: Noto's has a visible outline, a thin bar)."""
    if text not in _JOINERS:
        return None
    _nominal_glyphs(font)
    return _CMAP[font.hash].get(ord(text)) or None


def _members(clusters, group, i, num_glyphs) -> list[int]:
    """The glyphs (indices) of the cluster that glyph ``i`` begins."""
    cluster, members = group[clusters[i]], []
    for j in range(i, num_glyphs):
        if group[clusters[j]] != cluster:
            break
        members.append(j)
    return members


def _all_drawn(glyphs_info, members) -> bool:
    """Whether each of these glyphs is a glyph of the font (not missing, not
    Pango's empty glyph)."""
    return not any(glyphs_info[j].glyph & pango.PANGO_GLYPH_UNKNOWN_FLAG or
                   glyphs_info[j].glyph == pango.PANGO_GLYPH_EMPTY for j in members)


def _map_base(font, clusters, group, glyphs_info, i, num_glyphs, text) -> dict[int, str]:
    """A right-to-left cluster of one character drawn as one glyph with an
    advance and zero-width helpers (Nastaliq's dots, hamza and cursive
    attachment glyphs): the character goes to the glyph with the advance,
    the filler to the helpers (glyph index -> text; empty for other
    clusters).  (WeasyPrint gives the text to the first glyph drawn, often
    a helper, which then stands for the wrong letter wherever it is met
    again.)"""
    if len(text) != 1:
        return {}
    members = _members(clusters, group, i, num_glyphs)
    bases = [j for j in members if glyphs_info[j].geometry.width]
    if len(bases) != 1 or not _all_drawn(glyphs_info, members):
        return {}
    return {j: text if j == bases[0] else FILLER for j in members}


def _map_marks(font, clusters, group, glyphs_info, i, num_glyphs, text) -> bool:
    """A cluster whose glyphs are the nominal glyphs of its characters, one
    each (a base and its marks): map each glyph to its own character."""
    ids = [glyphs_info[j].glyph for j in _members(clusters, group, i, num_glyphs)]
    if len(ids) != len(text):
        return False
    nominal = _nominal_glyphs(font)
    if sorted(nominal.get(glyph, '') for glyph in ids) != sorted(text):
        return False
    if any(font.to_unicode.get(glyph, nominal[glyph]) != nominal[glyph] for glyph in ids):
        return False
    for glyph in ids:
        font.to_unicode[glyph] = nominal[glyph]
    return True


def _map_own(font, clusters, group, glyphs_info, i, num_glyphs, text) -> dict[int, str]:
    """A right-to-left cluster of one letter and its marks, drawn as the
    letter's glyph (any form: initial, medial, a ligature's part) with the
    advance and one zero-width glyph per mark, each mark's nominal glyph, or
    one zero-width glyph for all its marks: each glyph carries its own
    character (the marks' glyph, the marks) (glyph index -> text; through an
    alias code where the glyph stands for other text), so that no span is
    needed.  Empty for other clusters.  (pdf.js ends its text item at every
    marked-content operator and orders a right-to-left line's items from
    the left: a span inside a word cuts it into pieces read backwards.)"""
    members = _members(clusters, group, i, num_glyphs)
    if len(members) < 2 or len(text) < 2:
        return {}
    base, marks = text[0], text[1:]
    if unicodedata.category(base).startswith('M') or not all(
            unicodedata.category(mark).startswith('M') for mark in marks):
        return {}
    advancing = [j for j in members if glyphs_info[j].geometry.width]
    if len(advancing) != 1 or not _all_drawn(glyphs_info, members):
        return {}
    others = [j for j in members if j != advancing[0]]
    if len(others) == 1:   # one glyph for the marks (Naskh's shadda with its vowel)
        return {advancing[0]: base, others[0]: marks}
    if len(others) != len(marks):
        return {}
    nominal = _nominal_glyphs(font)
    pieces = {advancing[0]: base, **{j: nominal.get(glyphs_info[j].glyph, '') for j in others}}
    if sorted(pieces[j] for j in others) != sorted(marks):
        return {}
    return pieces


#: The text of a glyph that stands for no character of its own (a Nastaliq
#: dot or attachment glyph, the invisible glyphs framing a span, a glyph
#: beyond a cluster's characters): the word joiner, invisible, ignorable by
#: default and transparent to Arabic joining.  A ToUnicode entry is never empty.
FILLER = '\u2060'


def split_text(text: str, count: int) -> list[str]:
    """``text`` cut into ``count`` non-empty pieces, in order, one for each
    glyph of its cluster in the order they are drawn: read glyph by glyph
    (as pdf.js and pypdf do, ignoring /ActualText) they give the text back.
    A cluster of more glyphs than characters takes the canonical
    decomposition (a Tamil or Bengali two-part vowel), then fillers."""
    if count <= 1:
        return [text or FILLER]
    chars = list(text) if len(text) >= count else list(unicodedata.normalize('NFD', text))
    chars += [FILLER] * (count - len(chars))
    return chars[:count - 1] + [''.join(chars[count - 1:])]


#: Alias codes start this far above the font's last glyph (WeasyPrint numbers
#: the characters no font has right after it): a code that the CIDToGIDMap
#: draws with one of the font's glyphs, with another text (a glyph duplicated).
ALIAS_GAP = 256


def code_for(font, glyph: int, text: str) -> int:
    """The character code that draws ``glyph`` with ``text`` in the text
    layer: the glyph's own id while it stands for no other text, else an
    alias code that the font's Encoding maps to the same glyph."""
    text = text or FILLER
    if font.to_unicode.setdefault(glyph, text) == text:
        return glyph
    aliases = font.__dict__.setdefault('aliases', {})
    for code, (target, carried) in aliases.items():
        if target == glyph and carried == text:
            return code
    code = font.glyph_count + ALIAS_GAP + len(aliases)
    if font.type == 'otf' or font.bitmap or code > 0xFFFF:
        return glyph   # no CIDToGIDMap (CFF, bitmap) or no code left: the first text stays
    aliases[code] = (glyph, text)
    font.to_unicode[code] = text
    return code


def _marker_glyph(font, pango_font, stream, font_size) -> int:
    """The invisible glyph that frames a span (drawn in text render mode 3):
    the font's space (never .notdef, which PDF/UA and PDF/A forbid in text
    whatever the rendering mode), its advance known."""
    _nominal_glyphs(font)
    glyph = _CMAP[font.hash].get(0x20) or _CMAP[font.hash].get(0x200C) or 0
    if glyph == _CMAP[font.hash].get(0x20):
        font.to_unicode.setdefault(glyph, ' ')   # the frames take an alias of it
    if glyph not in font.widths:
        pango.pango_font_get_glyph_extents(pango_font, glyph, stream.ink_rect, stream.logical_rect)
        font.widths[glyph] = round(stream.logical_rect.width * 1000 * FROM_UNITS / font_size)
    return glyph


def _flush(stream, string: str) -> str:
    """Show the glyphs gathered in ``string`` (an open TJ hex string)."""
    if string[-1] == '<':
        string = string[:-1]
    else:
        string += '>'
    if string:
        stream.show_text(string)
    return '<'


def _actual_text_operator(text: str) -> bytes:
    encoded = ('\ufeff' + text).encode('utf-16-be').hex()
    return f'/Span <</ActualText <{encoded}>>> BDC'.encode()


def _marker(stream, font, before: float, after: float) -> None:
    """An invisible glyph (``font.marker``, carrying the filler), the pen
    moved by ``before`` (thousandths of an em, rightwards) first and by
    ``after`` then, so that it does not move the pen at all (before + the
    glyph's advance + after = 0)."""
    code = code_for(font, font.marker, FILLER)
    glyph = f'<{code:02x}>' if font.bitmap else f'<{code:04x}>'
    stream.set_text_rendering(3)
    stream.show_text(f'{-before:g}{glyph}{-after:g}')
    stream.set_text_rendering(0)


def _begin_actual_text(stream, string: str, text: str, font=None, width: float = 0) -> str:
    """Open an /ActualText span.  With ``font``, for a right-to-left cluster
    ``width`` wide: the span starts with an invisible glyph at the cluster's
    right end, where its text begins, on the baseline (pdftotext places a
    span's text from its first glyph to its last: not where a dot or a
    raised letter is drawn, and from right to left)."""
    string = _flush(stream, string)
    stream.stream.append(_actual_text_operator(text))
    if font is not None:
        _marker(stream, font, width, -width - font.widths[font.marker])
    return string


def _end_actual_text(stream, string: str, font=None, width: float = 0) -> str:
    """Close the span; with ``font``, after an invisible glyph ending at the
    cluster's left end (see ``_begin_actual_text``)."""
    string = _flush(stream, string)
    if font is not None:
        _marker(stream, font, -width - font.widths[font.marker], width)
    stream.stream.append(b'EMC')
    return string


def draw_first_line(stream, textbox, text_overflow, block_ellipsis, matrix):
    """Draw the given ``textbox`` line to the document ``stream``."""
    # Don’t draw lines with only invisible characters.
    if not textbox.text.strip():
        return []

    if textbox.style['font_size'] < 1e-6:  # default float precision used by pydyf
        return []

    pango.pango_layout_set_single_paragraph_mode(textbox.pango_layout.layout, True)

    if text_overflow == 'ellipsis' or block_ellipsis != 'none':
        assert textbox.pango_layout.max_width is not None
        max_width = textbox.pango_layout.max_width
        pango.pango_layout_set_width(
            textbox.pango_layout.layout, int(max_width * TO_UNITS))
        if text_overflow == 'ellipsis':
            pango.pango_layout_set_ellipsize(
                textbox.pango_layout.layout, pango.PANGO_ELLIPSIZE_END)
        else:
            if block_ellipsis == 'auto':
                ellipsis = '…'
            else:
                assert block_ellipsis[0] == 'string'
                ellipsis = block_ellipsis[1]

            # Remove last word if hyphenated.
            new_text = textbox.pango_layout.text
            if new_text.endswith(textbox.style['hyphenate_character']):
                last_word_end = get_last_word_end(
                    new_text[:-len(textbox.style['hyphenate_character'])],
                    textbox.style['lang'])
                if last_word_end:
                    new_text = new_text[:last_word_end]

            textbox.pango_layout.set_text(new_text + ellipsis)

    first_line, index = textbox.pango_layout.get_first_line()

    if block_ellipsis != 'none':
        while index:
            last_word_end = get_last_word_end(
                textbox.pango_layout.text[:-len(ellipsis)],
                textbox.style['lang'])
            if last_word_end is None:
                break
            new_text = textbox.pango_layout.text[:last_word_end]
            textbox.pango_layout.set_text(new_text + ellipsis)
            first_line, index = textbox.pango_layout.get_first_line()

    stream.set_text_matrix(*matrix.values)
    previous_pango_font = None
    string = ''
    x_advance = 0
    emojis = []
    run = first_line.runs[0]
    while run != ffi.NULL:
        # Get Pango objects.
        glyph_item = run.data
        run = run.next
        glyph_string = glyph_item.glyphs
        glyphs_info = glyph_string.glyphs
        num_glyphs = glyph_string.num_glyphs
        clusters = glyph_string.log_clusters
        utf8_text = None
        # PATCH: the extent of each cluster, to know its text.
        layout_text = textbox.pango_layout.text.encode()
        group, ends, sizes, risen = _clusters(glyph_item, num_glyphs, layout_text)
        in_span, marked, span_width, pieces = False, None, 0.0, {}
        mapped_cluster, owned = None, {}  # PATCH: the cluster mapped glyph by glyph
        # PATCH: a right-to-left run whose letters (not only marks) are moved
        # up or down, as Nastaliq's words descend to their end.
        cascading = glyph_item.item.analysis.level % 2 and any(
            glyphs_info[i].geometry.width and glyphs_info[i].geometry.y_offset
            for i in range(num_glyphs))

        pango_font = glyph_item.item.analysis.font
        if pango_font != previous_pango_font:
            # Add font file content and get font size.
            previous_pango_font = pango_font
            font, font_size = stream.add_font(pango_font)

            # Workaround for https://gitlab.gnome.org/GNOME/pango/-/issues/530.
            # This is also needed by raster emoji fonts, see #2800.
            if pango.pango_version() < 14802 or font.png:
                font_size = textbox.style['font_size']

            # Go through the run glyphs.
            if string:
                stream.show_text(string)
            string = ''
            stream.set_font_size(font.hash, 1 if font.bitmap else font_size)
        string += '<'
        for i, glyph_info in enumerate(glyphs_info[0:num_glyphs]):
            glyph_id = glyph_info.glyph
            width = glyph_info.geometry.width

            # PATCH: a cluster of several glyphs, or with glyphs moved up or
            # down, or whose glyph already stands for other text, is drawn
            # inside marked content with /ActualText holding its text.
            cluster = group[clusters[i]]
            last_of_cluster = i == num_glyphs - 1 or group[clusters[i + 1]] != cluster

            # PATCH: a zero width (non-)joiner is drawn with the font's own
            # glyph for it, which carries it in the text layer, in text
            # render mode 3 (fonts draw a visible mark for it).
            invisible = False
            if glyph_id == pango.PANGO_GLYPH_EMPTY:
                start = glyph_item.item.offset + cluster
                joiner = _joiner_glyph(font, layout_text[start:start + ends[cluster] - cluster].decode())
                if joiner is not None:
                    glyph_id, invisible = joiner, True

            # Display zero-width empty glyph.
            if glyph_id == pango.PANGO_GLYPH_EMPTY:
                string += f'>{-width / font_size}<'
                if in_span and last_of_cluster:
                    string = _end_actual_text(stream, string, marked, span_width)
                    in_span = False
                continue

            # Display .notdef and log warning for missing glyphs.
            if glyph_id & pango.PANGO_GLYPH_UNKNOWN_FLAG:
                codepoint = glyph_id - pango.PANGO_GLYPH_UNKNOWN_FLAG
                LOGGER.warning(
                    '.notdef glyph rendered for Unicode string unsupported by fonts: '
                    '"%s" (U+%04X)', chr(codepoint), codepoint)
                glyph_id = font.get_unused_glyph_id(codepoint)
                font.widths[glyph_id] = round(width * 1000 * FROM_UNITS / font_size)
                if 0 not in font.widths:
                    # "width" is actually Pango’s get_approximate_char_width. Force
                    # .notdef’s to use this width, even if it’s not the right, as we
                    # want to keep Pango’s layout for next glyphs.
                    font.widths[0] = font.widths[glyph_id]

            # PATCH: open the cluster's /ActualText span.  A right-to-left
            # cluster of a base and its marks, each its nominal glyph, is
            # mapped glyph by glyph instead (readers reorder it themselves).
            # (Its later glyphs open no span: their text is their own.)
            if not in_span and cluster != mapped_cluster:
                start = glyph_item.item.offset + cluster
                cluster_text = layout_text[start:start + ends[cluster] - cluster].decode()
                mapped = (sizes[cluster] > 1 and glyph_item.item.analysis.level % 2 and
                          not cascading and _map_marks(font, clusters, group, glyphs_info, i, num_glyphs, cluster_text))
                owned = {}
                if (sizes[cluster] > 1 and glyph_item.item.analysis.level % 2 and not mapped
                        and not cascading):
                    owned = _map_own(font, clusters, group, glyphs_info, i, num_glyphs, cluster_text)
                if (mapped or owned) and cluster not in risen:
                    mapped_cluster, mapped = cluster, True
                elif mapped or owned:
                    # PATCH: a raised mark stays in a span over the whole
                    # cluster (pdftotext sets a glyph raised outside one on
                    # a line of its own), each glyph its own character.
                    mapped = False
                based = {}
                if sizes[cluster] > 1 and glyph_item.item.analysis.level % 2 and not mapped:
                    based = _map_base(font, clusters, group, glyphs_info, i, num_glyphs, cluster_text)
                pieces = {}
                if not mapped and (sizes[cluster] > 1 or cluster in risen or
                        font.to_unicode.get(glyph_id, cluster_text) != cluster_text):
                    # PATCH: left to right, each glyph carries its piece of
                    # the text, in the order drawn (a glyph already standing
                    # for other text is drawn through an alias code).
                    if not glyph_item.item.analysis.level % 2:
                        members = [j for j in range(i, num_glyphs)
                                   if group[clusters[j]] == cluster
                                   and glyphs_info[j].glyph != pango.PANGO_GLYPH_EMPTY]
                        pieces = dict(zip(members, split_text(cluster_text, len(members))))
                    elif owned:
                        pieces = owned
                    elif based:
                        pieces = based
                    elif sizes[cluster] == 1 and len(cluster_text) == 1:
                        # PATCH: right to left, a letter whose glyph already
                        # stands for another (Nastaliq's shared skeletons).
                        pieces = {i: cluster_text}
                    if cascading:  # the invisible glyph framing the span
                        font.marker = _marker_glyph(font, pango_font, stream, font_size)
                    marked = font if cascading else None
                    span_width = sum(
                        glyphs_info[j].geometry.width for j in range(i, num_glyphs)
                        if group[clusters[j]] == cluster) * 1000 * FROM_UNITS / font_size
                    string = _begin_actual_text(stream, string, cluster_text, marked, span_width)
                    in_span = True

            # Create mapping between glyphs and Unicode codepoints.
            code = glyph_id
            if in_span and i in pieces:  # PATCH
                code = code_for(font, glyph_id, pieces[i])
            elif cluster == mapped_cluster and i in owned:  # PATCH
                code = code_for(font, glyph_id, owned[i])
            elif glyph_id not in font.to_unicode:
                # Get positions of the glyph in the UTF-8 string.
                offset = glyph_item.item.offset
                t1 = clusters[i]
                if glyph_item.item.analysis.level % 2:  # rtl
                    t2 = glyph_item.item.length if i == 0 else clusters[i-1]
                else:
                    t2 = glyph_item.item.length if i == num_glyphs-1 else clusters[i+1]
                utf8_text = utf8_text or textbox.pango_layout.text.encode()
                # PATCH: never an empty text (a glyph inside a cluster).
                font.to_unicode[glyph_id] = utf8_text[offset+t1:offset+t2].decode() or FILLER

            # Set horizontal and vertical offsets.
            offset = glyph_info.geometry.x_offset / font_size
            rise = glyph_info.geometry.y_offset / 1000
            if rise or invisible:  # PATCH: or drawn invisible
                if string[-1] == '<':
                    string = string[:-1]
                else:
                    string += '>'
                if string:
                    stream.show_text(string)
                if rise:
                    stream.set_text_rise(-rise)
                if invisible:
                    stream.set_text_rendering(3)
                string = ''
                if offset:
                    string = f'{-offset}'
                string += f'<{code:02x}>' if font.bitmap else f'<{code:04x}>'
                stream.show_text(string)
                if invisible:
                    stream.set_text_rendering(0)
                if rise:
                    stream.set_text_rise(0)
                string = '<'
            else:
                if offset:
                    string += f'>{-offset}<'
                string += f'{code:02x}' if font.bitmap else f'{code:04x}'

            # Get glyph logical widths.
            if glyph_id in font.widths:
                logical_width = font.widths[glyph_id]
            else:
                pango.pango_font_get_glyph_extents(
                    pango_font, glyph_id, stream.ink_rect, stream.logical_rect)
                logical_width = font.widths[glyph_id] = round(
                    stream.logical_rect.width * 1000 * FROM_UNITS / font_size)

            # Set kerning, word spacing, letter spacing.
            kerning = logical_width + offset - width * 1000 * FROM_UNITS / font_size
            if kerning:
                string += f'>{int(kerning)}<'

            # Create list of emojis.
            if font.svg:
                svg_data = get_hb_object_data(font.hb_face, 'svg', glyph_id)
                if svg_data:
                    # Do as explained in specification
                    # https://learn.microsoft.com/typography/opentype/spec/svg
                    tree = ElementTree.fromstring(svg_data)
                    if tree.get('id') != f'glyph{glyph_id}':
                        defs = ElementTree.Element('defs')
                        for child in list(tree):
                            defs.append(child)
                            tree.remove(child)
                        tree.append(defs)
                        ElementTree.SubElement(
                            tree, 'use', attrib={'href': f'#glyph{glyph_id}'})
                    if 'viewBox' not in tree.attrib:
                        tree.attrib['viewBox'] = f'0 0 {font.upem} {font.upem}'
                    image = SVGImage(tree, None, None, None)
                    a = d = 1
                    emojis.append([image, font, a, d, x_advance, 0])
            elif font.png:
                png_data = get_hb_object_data(font.hb_font, 'png', glyph_id)
                if png_data:
                    pillow_image = Image.open(BytesIO(png_data))
                    image_id = f'{font.hash}{glyph_id}'
                    image = RasterImage(pillow_image, image_id, png_data)
                    d = logical_width / 1000
                    a = pillow_image.width / pillow_image.height * d
                    pango.pango_font_get_glyph_extents(
                        pango_font, glyph_id, stream.ink_rect,
                        stream.logical_rect)
                    f = -stream.logical_rect.y
                    f = f * FROM_UNITS / font_size - font_size
                    emojis.append([image, font, a, d, x_advance, f])
            elif font.colr:
                svg_data = get_hb_object_data(font.hb_font, 'colr', glyph_id)
                if svg_data:
                    tree = ElementTree.fromstring(svg_data)
                    image = SVGImage(tree, None, None, None)
                    a = d = 1
                    e = x_advance - kerning
                    emojis.append([image, font, a, d, e, -textbox.baseline])

            x_advance += (logical_width + offset - kerning) / 1000

            # PATCH: close the cluster's /ActualText span.
            if in_span and last_of_cluster:
                string = _end_actual_text(stream, string, marked, span_width)
                in_span = False

        # Close the last glyphs list, remove if empty.
        if string[-1] == '<':
            string = string[:-1]
        else:
            string += '>'

    # Draw text.
    stream.show_text(string)

    return emojis
