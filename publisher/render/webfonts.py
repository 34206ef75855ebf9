"""Web fonts: the configured fonts, cut down to what the built pages show.

A visitor's browser may not have the Noto families the stylesheets name, so
the site ships them.  Whole families are many megabytes (a Chinese one alone is
over twenty), so each page set (the pages of one locale, or the language
chooser at the root) gets its own WOFF2 files holding only the characters its
pages show, and a small stylesheet of ``@font-face`` rules under the same
family names the pages already use (``Noto Serif CJK SC``): a browser prefers
a family defined by ``@font-face`` to an installed one, so the pages look the
same everywhere, and nothing is fetched from outside the site.

How characters are divided:

- Text is grouped by its language (the nearest ``lang`` attribute: the page's,
  a language name in the switcher, an untranslated segment shown in the
  source language) and by style (bold in headings, ``strong``, ``th`` and the
  current language; italic in ``em`` and ``i``).
- Each character goes to the first family of its language's font stack
  (``Settings.fonts_for``) that has it; the page's own language also gets
  printable ASCII and the text of the stylesheets' ``content`` strings.
- Each family and style found on this machine (through fontconfig) is
  subset to its characters; its ``unicode-range`` is what the subset holds,
  so a browser downloads a file only for text that needs it.

The stylesheet is loaded for screens only: the PDF edition keeps embedding
the installed fonts.  Text that a project's own stylesheet makes bold
elsewhere is drawn by the browser from its own fonts.

``plan_subsets`` and ``font_stylesheet`` are pure; ``find_font`` (fontconfig)
and ``subset_font`` (HarfBuzz and fontTools) are the edges, both cached for the life of the
process so that ``publisher serve`` rebuilds quickly.  Same pages and fonts
give the same bytes.
"""

from __future__ import annotations

import io
import os
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path
from typing import Callable, Iterable, Mapping

from ..core import outputs
from ..core.fingerprints import file_digest, fingerprint, renderer_versions
from ..core.fonts import FontFile, character_map, find_font
from ..core.locales import locale_info
from ..sources.config import Settings
from .html import WEBFONTS, css_string, font_stack, resources_key, static_files, webfont_set

#: Styles, in the words of the file names; each is (weight, CSS font-style).
STYLES = {"Regular": (400, "normal"), "Bold": (700, "normal"),
          "Italic": (400, "italic"), "BoldItalic": (700, "italic")}

#: The face a browser uses for a style when the family lacks its own, in order.
STYLE_FALLBACKS = {"Regular": ("Regular",), "Bold": ("Bold", "Regular"),
                   "Italic": ("Italic", "Regular"),
                   "BoldItalic": ("BoldItalic", "Italic", "Bold", "Regular")}


#: Families drawn small for their size next to Latin text, and how much to
#: scale them on screen (the ``size-adjust`` of their faces) so that a line
#: mixing scripts reads evenly.  Paper keeps the fonts' own sizes.
SIZE_ADJUST = {"Noto Naskh Arabic": 112, "Noto Sans Arabic": 112,
               "Noto Serif Devanagari": 108, "Noto Sans Devanagari": 108}

BOLD_TAGS = {"h1", "h2", "h3", "h4", "h5", "h6", "b", "strong", "th"}
ITALIC_TAGS = {"em", "i", "cite", "dfn", "var", "address"}
HIDDEN_TAGS = {"head", "script", "style", "template", "title"}
VOID_TAGS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
             "source", "track", "wbr"}

ASCII = frozenset(chr(c) for c in range(0x20, 0x7F))


# --- what the pages show ------------------------------------------------------

Groups = dict[tuple[str, str], set[str]]   # (language tag, style) -> characters


class _TextCollector(HTMLParser):
    """Visible text of a page by language and style."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, str, bool, bool, bool]] = []  # tag, lang, bold, italic, hidden
        self.groups: Groups = {}

    def _top(self) -> tuple[str, bool, bool, bool]:
        if self.stack:
            _, lang, bold, italic, hidden = self.stack[-1]
            return lang, bold, italic, hidden
        return "", False, False, False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        lang, bold, italic, hidden = self._top()
        lang = values.get("lang") or lang
        bold = bold or tag in BOLD_TAGS or (tag == "a" and "aria-current" in values)
        italic = italic or tag in ITALIC_TAGS
        hidden = hidden or tag in HIDDEN_TAGS
        if tag == "img" and values.get("alt") and not hidden:
            self._add(values["alt"] or "", lang, bold, italic)
        if tag not in VOID_TAGS:
            self.stack.append((tag, lang, bold, italic, hidden))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID_TAGS and self.stack and self.stack[-1][0] == tag:
            self.stack.pop()

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self.stack) - 1, -1, -1):
            if self.stack[depth][0] == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data: str) -> None:
        lang, bold, italic, hidden = self._top()
        if not hidden:
            self._add(data, lang, bold, italic)

    def _add(self, text: str, lang: str, bold: bool, italic: bool) -> None:
        chars = {c for c in text if c >= " " and c != "\x7f"}
        if chars:
            style = ("Bold" if bold else "") + ("Italic" if italic else "") or "Regular"
            self.groups.setdefault((lang, style), set()).update(chars)


def page_text(html: str) -> Groups:
    """The characters a page shows, by (language tag, style)."""
    collector = _TextCollector()
    collector.feed(html)
    collector.close()
    return collector.groups


_CONTENT = re.compile(r"content\s*:([^;}]*)", re.IGNORECASE)
_CSS_STRING = re.compile(r'"((?:[^"\\]|\\.)*)"|\'((?:[^\'\\]|\\.)*)\'', re.DOTALL)
_CSS_ESCAPE = re.compile(r"\\([0-9a-fA-F]{1,6})\s?|\\(.)", re.DOTALL)


def css_content_text(css: str) -> set[str]:
    """The characters of the quoted strings in a stylesheet's ``content`` values."""
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.DOTALL)
    chars: set[str] = set()
    for value in _CONTENT.findall(css):
        for double, single in _CSS_STRING.findall(value):
            text = _CSS_ESCAPE.sub(
                lambda m: chr(int(m.group(1), 16)) if m.group(1) else m.group(2), double or single)
            chars.update(c for c in text if c >= " ")
    return chars


# --- which font gets which characters -----------------------------------------

@dataclass
class Subset:
    """The characters one face must hold for one page set."""

    font: FontFile
    chars: set[str] = field(default_factory=set)

    @property
    def filename(self) -> str:
        return re.sub(r"[^A-Za-z0-9]", "", self.font.family) + "-" + self.font.style + ".woff2"


@dataclass
class Plan:
    """The subsets of one page set, and the font stacks of its languages."""

    subsets: list[Subset]
    stacks: dict[str, tuple[str, ...]]     # language tag -> families
    missing: list[str]                     # configured families not found


def _stack_for(settings: Settings, tag: str) -> tuple[str, ...]:
    by_tag = {locale_info(name).tag.lower(): name for name in settings.all_locales}
    name = by_tag.get(tag.lower(), tag.replace("-", "_"))
    return tuple(settings.fonts_for(name))


FontFinder = Callable[[str, str], "FontFile | None"]
Coverage = Callable[["FontFile"], frozenset[int]]


def plan_subsets(settings: Settings, main_tag: str, groups: Groups, extra: set[str],
                 find: FontFinder, coverage: Coverage) -> Plan:
    """Which characters each face needs: pure, given ``find`` (family and
    style -> FontFile or None) and ``coverage`` (FontFile -> code points)."""
    wanted: dict[tuple[str, str], set[str]] = {}
    for (tag, style), chars in groups.items():
        wanted.setdefault((tag or main_tag, style), set()).update(chars)
    wanted.setdefault((main_tag, "Regular"), set()).update(ASCII | extra)
    subsets: dict[tuple[str, str], Subset] = {}
    stacks: dict[str, tuple[str, ...]] = {}
    missing: list[str] = []
    for (tag, style) in sorted(wanted):
        stack = stacks.setdefault(tag, _stack_for(settings, tag))
        faces = []
        for family in stack:
            regular = find(family, "Regular")
            if regular is None:
                if family not in missing:
                    missing.append(family)
                continue
            face = next(f for f in (find(family, s) for s in STYLE_FALLBACKS[style]) if f)
            faces.append((coverage(regular), face))
        for char in sorted(wanted[(tag, style)]):
            for covered, face in faces:
                if ord(char) in covered:
                    key = (face.family, face.style)
                    subsets.setdefault(key, Subset(face)).chars.add(char)
                    break
    ordered = [subsets[key] for key in sorted(subsets)]
    return Plan(ordered, dict(sorted(stacks.items())), missing)


# --- the stylesheet -----------------------------------------------------------

def unicode_range(codepoints: Iterable[int]) -> str:
    """``U+20-7E, U+A0`` for a set of code points."""
    ranges: list[list[int]] = []
    for point in sorted(set(codepoints)):
        if ranges and point == ranges[-1][1] + 1:
            ranges[-1][1] = point
        else:
            ranges.append([point, point])
    return ", ".join(f"U+{a:X}" if a == b else f"U+{a:X}-{b:X}" for a, b in ranges)


def font_stylesheet(folder: str, faces: list[tuple[Subset, set[int]]],
                    stacks: dict[str, tuple[str, ...]], missing: list[str]) -> str:
    """The ``@font-face`` rules of one page set, and one rule per language
    naming its font stack.  ``faces`` pairs each subset with the code points
    its file holds."""
    lines = ["/* Web fonts of these pages, subset to the characters they show. */"]
    if missing:
        lines.append("/* Not found when the site was built: "
                     + ", ".join(re.sub(r"[^\w -]", "", name) for name in missing) + ". */")
    for subset, points in faces:
        if not points:
            continue
        weight, style = STYLES[subset.font.style]
        lines += ["@font-face {",
                  f"  font-family: {css_string(subset.font.family)};",
                  f"  src: url({css_string(folder + '/' + subset.filename)}) format(\"woff2\");",
                  f"  font-weight: {weight};",
                  f"  font-style: {style};",
                  "  font-display: swap;",
                  *([f"  size-adjust: {SIZE_ADJUST[subset.font.family]}%;"]
                    if subset.font.family in SIZE_ADJUST else []),
                  f"  unicode-range: {unicode_range(points)};",
                  "}"]
    for tag, stack in stacks.items():
        lines.append(f"[lang={css_string(tag)}] {{ font-family: {font_stack(stack)}; }}")
    return "\n".join(lines) + "\n"


# --- the edges: fontconfig and fontTools -------------------------------------

def _stamp(font: FontFile) -> tuple:
    info = font.path.stat()
    return (str(font.path), font.index, info.st_mtime_ns, info.st_size)


def coverage(font: FontFile) -> frozenset[int]:
    """The code points a face has glyphs for."""
    return character_map(font)


@lru_cache(maxsize=256)
def _subset(stamp: tuple, text: str) -> tuple[bytes, frozenset[int]]:
    """HarfBuzz cuts the face down (in milliseconds, where fontTools takes
    seconds on a CJK collection); fontTools packs the result as WOFF2."""
    import uharfbuzz as hb
    from fontTools.ttLib import TTFont

    face = hb.Face(hb.Blob.from_file_path(stamp[0]), stamp[1])
    wanted = hb.SubsetInput()
    for char in text:
        wanted.unicode_set.add(ord(char))
    # Browsers render Noto well unhinted (much smaller); desubroutinized CFF
    # compresses better in WOFF2.
    wanted.flags = hb.SubsetFlags.NO_HINTING | hb.SubsetFlags.DESUBROUTINIZE
    for name_id in (0, 1, 2, 3, 4, 5, 6, 13, 14):   # keep the copyright and the licence
        wanted.name_id_set.add(name_id)
    subset = hb.subset(face, wanted)
    if subset is None:
        return b"", frozenset()
    with TTFont(io.BytesIO(bytes(subset.blob.data)), recalcTimestamp=False) as font:
        held = frozenset(font.getBestCmap() or {})
        out = io.BytesIO()
        font.flavor = "woff2"
        font.save(out, reorderTables=True)
    return out.getvalue(), held


def subset_font(font: FontFile, chars: Iterable[str]) -> tuple[bytes, frozenset[int]]:
    """``font`` as WOFF2 with only ``chars`` (and what shaping them needs), and
    the code points the result holds.  The canonical decompositions of the
    characters are kept too: a shaper draws a two-part vowel sign (Tamil
    U+0BCA, Bengali U+09CB) from its parts, and shows a dotted circle when the
    font's character map lacks them."""
    wanted = set(chars)
    wanted |= set(unicodedata.normalize("NFD", "".join(wanted)))
    return _subset(_stamp(font), "".join(sorted(wanted)))


# --- the site -----------------------------------------------------------------

def webfont_files(settings: Settings, pages: Mapping[str | None, Iterable[str]]) -> dict[str, bytes]:
    """Font files and stylesheets by path inside the assets folder, for the
    given pages by page set (a locale, or None for the chooser at the root)."""
    extra: set[str] = set()
    for path in static_files(settings).values():
        if path.suffix == ".css":
            extra |= css_content_text(path.read_text("utf-8", errors="replace"))
    files: dict[str, bytes] = {}
    for locale in sorted(pages, key=lambda name: name or ""):
        groups: Groups = {}
        for html in pages[locale]:
            for key, chars in page_text(html).items():
                groups.setdefault(key, set()).update(chars)
        main_tag = locale_info(locale or settings.source_locale).tag
        plan = plan_subsets(settings, main_tag, groups, extra, find_font, coverage)
        folder = webfont_set(locale)
        faces = []
        for subset in plan.subsets:
            data, points = subset_font(subset.font, subset.chars)
            if points:
                files[f"{WEBFONTS}/{folder}/{subset.filename}"] = data
            faces.append((subset, points))
        files[f"{WEBFONTS}/{folder}.css"] = font_stylesheet(
            folder, faces, plan.stacks, plan.missing).encode("utf-8")
    return files


def page_set(output: Path, path: Path) -> tuple[bool, str | None]:
    """Whether ``path`` is a page of the site in ``output``, and its page set:
    the locale of ``<locale>/<page>.html``, None for the pages at the root."""
    try:
        relative = Path(path).resolve().relative_to(output.resolve()).as_posix()
    except ValueError:
        return False, None
    what = outputs.parse(relative)
    if what is None or what.kind not in ("chooser", "index", "html", "bilingual-html"):
        return False, None
    if what.kind == "index" and what.locale is None:
        return True, outputs.EDITIONS          # the editions' list: a set of its own
    return True, what.locale


def site_webfonts(settings: Settings, output: Path, written: Iterable[Path]) -> dict[str, bytes]:
    """``webfont_files`` for the pages a build has just written into ``output``
    that use the web fonts (pages made only for print do not)."""
    pages: dict[str | None, list[str]] = {}
    for path in sorted(set(written), key=str):
        is_page, locale = page_set(output, path)
        if is_page and os.path.isfile(path):
            text = Path(path).read_text("utf-8")
            if f"{WEBFONTS}/{webfont_set(locale)}.css" in text:
                pages.setdefault(locale, []).append(text)
    return webfont_files(settings, pages)


def webfonts_key(settings: Settings, output: Path, pages: Iterable[Path],
                 fonts: Iterable[str]) -> str:
    """The key of a site's web fonts: every page's bytes (by its path in
    ``output``), the stylesheets, the fonts of each locale
    (``render.pdf.fonts_key``) and the renderer's versions."""
    return fingerprint("webfonts", renderer_versions(),
                       *(f"{page.relative_to(output).as_posix()}:{file_digest(page)}"
                         for page in sorted(pages)),
                       resources_key(settings), *fonts)


def webfont_file_key(key: str, name: str) -> str:
    """The key of one web font file of the set keyed ``key``."""
    return fingerprint(key, name)
