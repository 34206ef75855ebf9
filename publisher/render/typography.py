"""Typography by script, on rendered pages: pure functions on HTML text.

- The last line of a heading or a cover title never holds a single
  character or a lone short word: its last words (space-separated scripts)
  or its last few characters (Chinese, Japanese, Thai, Khmer, Lao, Myanmar,
  which break between characters or dictionary words) are bound together in
  a ``<span class="keep">`` that does not wrap.  Nothing is added to the
  text: a reader who copies the heading gets its characters unchanged.
- Emphasis in scripts without italic faces (CJK, Thai, Hebrew, Arabic, the
  Indic and other scripts) is shown by weight, never by a synthesized slant,
  and each script gets its leading (``script_css``).
"""

from __future__ import annotations

import math
import re
import unicodedata
from typing import Iterable

from ..core.fonts import script_families
from ..core.locales import LocaleInfo, locale_info

#: Elements whose text keeps its end together.
_HEADING = re.compile(
    r"(<(h[1-6])\b[^>]*>|<p\b[^>]*\bclass=\"cover-title\"[^>]*>)(.*?)(</\2>|</p>)",
    re.DOTALL)

#: Scripts written without spaces between words (break between characters or
#: by dictionary): Han, kana, Thai, Lao, Khmer, Myanmar.
_UNSPACED = ((0x0E00, 0x0EFF), (0x1000, 0x109F), (0x1780, 0x17FF), (0x2E80, 0x2FDF),
             (0x3000, 0x30FF), (0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF),
             (0xFF00, 0xFFEF), (0x20000, 0x3FFFF))

#: How many characters (grapheme clusters) the last line holds at least, in
#: unspaced scripts; and the longest run of words bound together elsewhere.
KEEP_CLUSTERS = 4
KEEP_WORDS_MAX = 24
#: A last word this short (in clusters) is not left alone on the last line.
SHORT_WORD = 7


def _unspaced(char: str) -> bool:
    point = ord(char)
    return any(low <= point <= high for low, high in _UNSPACED)


def _clusters(text: str) -> list[str]:
    """``text`` cut into grapheme clusters, roughly: a base character and
    the marks, joiners and vowel signs that follow it."""
    out: list[str] = []
    for char in text:
        if out and (unicodedata.category(char) in ("Mn", "Mc", "Me")
                    or char in "\u200d\u200c" or out[-1].endswith("\u200d")
                    or unicodedata.combining(out[-1][-1]) == 9):   # after a virama or coeng
            out[-1] += char
        else:
            out.append(char)
    return out


def keep_end(text: str) -> tuple[str, str]:
    """``text`` split into what may wrap and the end that must stay on one
    line (possibly empty).  ``text`` is escaped HTML text, no tags."""
    stripped = text.rstrip()
    trail = text[len(stripped):]
    if not stripped:
        return text, ""
    last_space = max(stripped.rfind(" "), stripped.rfind("\u00a0"))
    last_word = stripped[last_space + 1:]
    if "&" in last_word and ";" not in last_word[last_word.rfind("&"):]:
        return text, ""
    if any(_unspaced(c) for c in last_word):
        clusters = _clusters(last_word)
        if len(clusters) <= KEEP_CLUSTERS:
            if last_space < 0:
                return text, ""
            # a short unspaced word after a space: keep it with the word before
            last_space = stripped.rfind(" ", 0, last_space)
            tail = stripped[last_space + 1:]
            return (stripped[:last_space + 1], tail + trail) if len(tail) <= KEEP_WORDS_MAX \
                else (text, "")
        # entities (&amp;) must not be cut: take whole ones
        tail = "".join(clusters[-KEEP_CLUSTERS:])
        while re.search(r"&[#\w]*$", stripped[:len(stripped) - len(tail)]) and "&" in stripped:
            cut = stripped[:len(stripped) - len(tail)].rfind("&")
            tail = stripped[cut:]
        return stripped[:len(stripped) - len(tail)], tail + trail
    if last_space < 0:
        return text, ""
    before = stripped.rfind(" ", 0, last_space)
    tail = stripped[before + 1:]
    if (len(_clusters(last_word)) > SHORT_WORD or len(tail) > KEEP_WORDS_MAX
            or before < 0 and len(stripped) <= KEEP_WORDS_MAX):
        return text, ""
    return stripped[:before + 1], tail + trail


def _keep(match: re.Match) -> str:
    opening, tag, inner, closing = match.groups()
    if "keep" in inner and 'class="keep"' in inner:
        return match.group(0)
    cut = inner.rfind(">") + 1
    head, text = inner[:cut], inner[cut:]
    wrap, end = keep_end(text)
    if not end.strip():
        return match.group(0)
    return f'{opening}{head}{wrap}<span class="keep">{end}</span>{closing}'


def keep_heading_ends(html: str) -> str:
    """The page with the end of every heading and cover title kept on one line."""
    return _HEADING.sub(_keep, html)


#: Leading (body, headings) of scripts that need more than Latin's 1.6 and
#: 1.3: tall stacked vowels and marks, or dense characters.
LEADING = {
    **dict.fromkeys(("Hans", "Hant", "Hani", "Jpan", "Kore"), (1.8, 1.4)),
    **dict.fromkeys(("Arab", "Syrc", "Thaa", "Nkoo", "Adlm"), (1.9, 1.6)),
    **dict.fromkeys(("Deva", "Beng", "Guru", "Gujr", "Orya", "Taml", "Telu", "Knda", "Mlym",
                     "Sinh", "Thai", "Laoo", "Khmr", "Mymr", "Tibt", "Bali", "Java"), (1.8, 1.5)),
    **dict.fromkeys(("Ethi",), (1.7, 1.4)),
}

#: Leading of a script written in a style of its own (``fonts.LANGUAGE_FAMILIES``):
#: Nastaliq (Urdu) slopes each word down to the baseline from well above it
#: and drops long tails far below it; at Naskh's 1.9 the tails of one line
#: touch the next.
STYLE_LEADING = {"Nastaliq": (2.3, 1.9)}


#: Latin's leading (body, headings) and how far it reaches beyond the
#: height of Latin's own lines (``fonts.line_extent`` of Noto Serif: 1.17 em):
#: every script gets at least the same room between its real lines.
LATIN_LEADING = (1.6, 1.3)
LATIN_EXTENT = 1.17


def metric_leading(extent: float | None) -> tuple[float, float] | None:
    """Body and heading leading that give lines ``extent`` ems tall the room
    Latin's lines have; None where Latin's leading already does."""
    if not extent or extent <= LATIN_EXTENT + 0.01:
        return None
    gap = math.ceil((extent - LATIN_EXTENT) * 10 - 1e-9) / 10     # up, to a tenth
    return round(LATIN_LEADING[0] + gap, 1), round(LATIN_LEADING[1] + gap, 1)


def leading(info: LocaleInfo, extent: float | None = None) -> tuple[float, float] | None:
    """Body and heading leading of a locale's script (and the style its
    fonts write it in), or None where Latin's serves: the larger of the
    script's convention (``LEADING``: density, marks stacked by
    positioning) and what its font's real line height (``extent``, in ems,
    ``fonts.line_extent``) needs so that lines never touch."""
    families = script_families(info.script, info.tag.replace("-", "_"))
    values = LEADING.get(info.script)
    for style, style_values in STYLE_LEADING.items():
        if families and style in families[0]:
            values = style_values
    measured = metric_leading(extent)
    if measured is None:
        return values
    if values is None:
        return measured
    return max(values[0], measured[0]), max(values[1], measured[1])


#: How short a script's letters may stand against Latin's x-height and
#: still look the same size beside it: Noto's harmonized designs stand at or
#: above it (Devanagari's headline at 1.14, Khmer at 1.25, Ethiopic at
#: 1.33, which reads best at full size); a script whose letters stand
#: shorter (Thaana, 0.74) is set larger until they reach this.
HARMONY = 0.9
#: print.css's size of the root (``html { font-size: 10pt }``).
PRINT_SIZE = 10


def size_ratio(height: float | None, latin: float | None) -> float | None:
    """The factor on the type size that brings a script's letters of
    ``height`` up to ``HARMONY`` of Latin's x-height ``latin``; None where
    they already stand that tall (or either is unknown)."""
    if not height or not latin or height / latin >= HARMONY:
        return None
    return round(HARMONY / (height / latin), 3)


#: The ``<meta name>`` by which a page asks its PDF to fit in a number of
#: pages (a document's ``fit:``); ``pdf.py`` reads it and copyfits.
FIT_META = "publisher-fit-pages"


def mark_fit(html: str, pages: int | None) -> str:
    """The page with its ``fit`` (the pages its PDF must fit in) declared in
    its head, for the PDF stage; unchanged when ``pages`` is None."""
    if not pages:
        return html
    return html.replace("</head>", f'<meta name="{FIT_META}" content="{int(pages)}">\n</head>', 1)


def script_css(locales: Iterable[str], sizes: bool = True) -> str:
    """CSS for the scripts of the given locales: emphasis by weight where the
    script has no italic convention (and its fonts no italic face), and the
    script's leading on paper and on screen (from its installed font's real
    line height: the one read of the fonts here); with ``sizes``, the type
    size of a page in a script whose letters stand much shorter than
    Latin's x-height brought into harmony with it (``size_ratio``; the
    page's root, so headings and body follow; not for a page of two
    languages side by side, whose sizes are the root's).  Rules are by ``:lang()``, so
    they follow a passage shown in another language."""
    infos = sorted({locale_info(name) for name in locales}, key=lambda info: info.tag)
    rules = []
    upright = [info.tag for info in infos if not info.italic]
    if upright:
        selectors = ", ".join(f"{element}:lang({tag})" for tag in upright
                              for element in ("em", "i", "cite", "dfn", "var", "address"))
        rules.append(f"{selectors} {{ font-style: normal; font-weight: bolder; }}")
    from ..core.fonts import CJK_SCRIPTS, letter_height, line_extent

    latin = letter_height("Latn") if sizes else None

    for info in infos:
        # CJK faces are dense squares: the convention decides, not the height
        extent = None if info.script in CJK_SCRIPTS else line_extent(info.script, info.tag.replace("-", "_"))
        values = leading(info, extent)
        if values:
            body, heading = values
            headings = ", ".join(f"h{level}:lang({info.tag})" for level in range(1, 7))
            rules.append(f"@media print {{ :lang({info.tag}) {{ line-height: {body}; }} "
                         f"{headings} {{ line-height: {heading}; }} }}")
            rules.append(f"@media screen {{ :is(:root, [lang]):lang({info.tag}) "
                         f"{{ --leading: {body}; --leading-heading: {heading}; }} }}")
        ratio = size_ratio(letter_height(info.script, info.tag.replace("-", "_")), latin) \
            if sizes and info.script not in CJK_SCRIPTS else None
        if ratio:
            rules.append(f"@media print {{ html:lang({info.tag}) {{ font-size: "
                         f"{PRINT_SIZE * ratio:.2f}pt; }} }}")
            rules.append(f"@media screen {{ html:lang({info.tag}) {{ font-size: "
                         f"{100 * ratio:.1f}%; }} }}")
    return "\n".join(rules)


#: Elements whose text is never given break opportunities: not shown as
#: running text, or code that must print as written.
_NO_BREAKS = ("head", "title", "style", "script", "code", "pre", "textarea", "svg")
_TAG = re.compile(r"<(/?)([a-zA-Z][\w-]*)[^>]*?(/?)>|<!--.*?-->", re.DOTALL)


def mark_word_breaks(html: str) -> str:
    """The page with a ``<wbr>`` between two words of an unspaced script
    (Thai, Lao, Khmer, Myanmar) where ICU's dictionary finds a boundary: the
    PDF renderer has no dictionary for Lao, Khmer or Burmese, and a browser
    may lack one.  ``<wbr>`` is a break opportunity and no character: the
    text a reader copies, the text layer and the catalogs are unchanged."""
    from ..core.segment import has_unspaced, word_breaks

    if not has_unspaced(html):
        return html
    out: list[str] = []
    skip = 0
    position = 0
    for match in _TAG.finditer(html):
        out.append(_with_breaks(html[position:match.start()], skip, word_breaks))
        tag = match.group(0)
        name = (match.group(2) or "").lower()
        if name in _NO_BREAKS and not match.group(3):
            skip = max(0, skip - 1) if match.group(1) else skip + 1
        out.append(tag)
        position = match.end()
    out.append(_with_breaks(html[position:], skip, word_breaks))
    return "".join(out)


def _with_breaks(text: str, skip: int, word_breaks) -> str:
    if skip or not text:
        return text
    offsets = word_breaks(text)
    if not offsets:
        return text
    pieces, last = [], 0
    for offset in offsets:
        pieces.append(text[last:offset])
        last = offset
    pieces.append(text[last:])
    return "<wbr>".join(pieces)


_FALLBACK_ITEM = re.compile(
    r'<li>(\s*(?:<p>)?\s*)<span lang="([^"]+)" dir="(ltr|rtl)">(.*?)</span>(\s*(?:</p>)?\s*)</li>',
    re.DOTALL)


def mark_fallback_items(html: str) -> str:
    """A list item shown whole in another language (the source language's
    text where the translation is missing) takes that language and its
    direction itself, so that its marker stands where that language's
    readers look for it: on the left of English in a Dhivehi or Arabic
    page, not on the right at the end of its last line."""
    def item(match: re.Match) -> str:
        lead, lang, direction, inner, tail = match.groups()
        depth = 1
        for tag in re.findall(r"<(/?)span\b", inner):
            depth += -1 if tag else 1
            if depth == 0:
                return match.group(0)   # the span closes before the item ends
        if "<li" in inner or depth != 1:
            return match.group(0)
        return (f'<li lang="{lang}" dir="{direction}">{lead}<span lang="{lang}" '
                f'dir="{direction}">{inner}</span>{tail}</li>')

    return _FALLBACK_ITEM.sub(item, html) if "<li>" in html else html
