"""Proof mode: every segment of a page marked with the state of its translation.

A proof page is the page a reader gets, with each segment (a block of the
body or a text field of the front matter) marked as

- ``translated``: the catalog's translation is shown;
- ``fuzzy``: the translation waits for review, so the source is shown;
- ``untranslated``: there is no translation (or no entry yet);
- ``rejected``: a check refused the translation (its code: E201 for
  figures, E301 for markup...), so the source is shown.

Each mark is a text badge (not colour alone) and a focusable element whose
description (shown on hover and focus) gives the state, the ``.po`` file and
line to edit, the source line, and the source text.  A summary at the top of
the page counts the segments of each state and links to those that need
work.  A proof PDF carries the same marks, and one PDF text annotation per
marked segment with the same description.

Proof output goes into its own folder (``dist-proof`` beside ``dist``), so
it never mixes with the published edition; the published build is unchanged.

The functions here are pure: they work on translated documents, catalogs and
page text.  ``build`` calls them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from markdown_it.token import Token
from markupsafe import Markup, escape

from ..catalogs.checks import check_entry, ignored_codes
from ..catalogs.model import Catalog
from ..core.locales import locale_info
from ..translate.document import TranslatedDocument

STATES = ("translated", "fuzzy", "untranslated", "rejected")

#: The text of each state's badge (the page also differs by border style,
#: never by colour alone).
BADGES = {"translated": "✓", "fuzzy": "≈ fuzzy", "untranslated": "∅ untranslated",
          "rejected": "✗"}

#: The folder proof output goes to, beside the published one.
SUFFIX = "-proof"


def proof_folder(output: Path) -> Path:
    """Where proof output goes when the published edition goes to ``output``."""
    return output.with_name(output.name + SUFFIX)


#: The file a proof build leaves in its folder: a published build refuses
#: that folder, and a proof build refuses any folder of published pages.
MARKER = ".publisher-proof"


def check_output_folder(folder: Path, proof: bool, published: Path) -> None:
    """Proof pages never go where published pages are: not into the
    project's output folder ``published``, nor into a folder a published
    build wrote; and a published build never goes into a proof folder."""
    from ..core.errors import ConfigError

    folder = folder.resolve()
    marked = (folder / MARKER).is_file()
    if proof and (folder == published.resolve() or published.resolve() in folder.parents
                  or (not marked and not folder.name.endswith(SUFFIX)
                                       and (folder / "index.html").exists())):
        raise ConfigError("proof pages would be written into a folder of published pages",
                          path=str(folder), hint="proof output goes beside the output folder, "
                          "in <output>-proof; choose another --output")
    if not proof and marked:
        raise ConfigError("this is a proof folder: published pages would be mixed with "
                          "proof pages", path=str(folder),
                          hint="build the published edition into another folder (or remove "
                               f"this one, with its {MARKER} file)")


@dataclass(frozen=True)
class Mark:
    """One segment's state on a proof page."""

    anchor: str             # the element's id on the page (and the PDF annotation's place)
    state: str              # one of STATES
    code: str               # the check that refused the translation, for "rejected"
    reason: str             # what the check said, or ""
    source: str             # the source text (the msgid)
    po: str                 # "locales/de/LC_MESSAGES/doc.po:42", or the file alone
    source_line: str        # "documents/doc.md:12"
    kind: str               # "paragraph", "title", ...
    # what ``publisher check`` says of a translation the page shows: (code, message)
    warnings: tuple[tuple[str, str], ...] = ()

    @property
    def label(self) -> str:
        codes = [self.code] if self.code else [code for code, _ in self.warnings]
        return BADGES[self.state] + "".join(f" {code}" for code in codes)

    def describe(self) -> str:
        """The mark's description, as the hover, the summary and the PDF give it."""
        state = {"translated": "translated", "fuzzy": "fuzzy: shown in the source language",
                 "untranslated": "untranslated: shown in the source language",
                 "rejected": f"rejected by {self.code or 'a check'}: shown in the source "
                             "language"}[self.state]
        lines = [state]
        if self.reason and self.state == "rejected":
            lines.append(self.reason)
        lines += [f"{code}: {message}" for code, message in self.warnings]
        lines.append(f"edit: {self.po}")
        lines.append(f"source: {self.source_line} ({self.kind})")
        lines.append(f"“{self.source}”")
        return "\n".join(lines)


@dataclass
class PageProof:
    """The marks of one page, and the template strings it showed untranslated."""

    marks: list[Mark] = field(default_factory=list)
    templates: list[str] = field(default_factory=list)   # "po:line: msgid"

    def counts(self) -> dict[str, int]:
        result = dict.fromkeys(STATES, 0)
        for mark in self.marks:
            result[mark.state] += 1
        return result

    def notes(self) -> tuple[tuple[str, str], ...]:
        """(anchor, text) for the PDF annotations: one per marked segment."""
        return tuple((mark.anchor, mark.describe()) for mark in self.marks)


def entry_line(catalog: Catalog | None, msgid: str, msgctxt: str | None = None) -> int | None:
    """The line of the catalog entry for ``msgid`` (its msgid keyword), if it has one."""
    if catalog is None:
        return None
    for message in catalog.messages:
        if message.msgid == msgid and message.msgctxt == msgctxt and not message.obsolete:
            return message.lineno or None
    return None


def _where(po_path: str, line: int | None) -> str:
    return f"{po_path}:{line}" if line else f"{po_path} (no entry yet: run `publisher update`)"


def segment_marks(document: TranslatedDocument, catalog: Catalog | None,
                  po_path: str) -> list[Mark]:
    """The state of every translatable segment of ``document``, in order."""
    source = document.source
    if source is None:
        return []
    fallbacks = {id(f.segment): f for f in document.fallbacks}
    entries = {}
    if catalog is not None:
        entries = {m.key: m for m in catalog.messages if not m.obsolete and not m.is_header}
    marks = []
    shown = source.path.as_posix()
    for number, segment in enumerate(source.segments):
        if not segment.needs_translation:
            continue
        entry = entries.get((segment.context, segment.text))
        fallback = fallbacks.get(id(segment))
        code, reason, warnings = "", "", ()
        if fallback is None:
            state = "translated"
            if entry is not None and entry.translated:
                found = check_entry(entry, entry.flags, document.locale,
                                    document=True)
                silenced = ignored_codes(entry)
                warnings = tuple((p.code, p.message) for p in found if p.code not in silenced)
        elif fallback.code:
            state, code, reason = "rejected", fallback.code, fallback.reason
        elif entry is not None and entry.fuzzy and entry.msgstr:
            state = "fuzzy"
        else:
            state = "untranslated"
        marks.append(Mark(anchor=f"proof-{number + 1}", state=state, code=code, reason=reason,
                          source=segment.text,
                          po=_where(po_path, entry.lineno if entry is not None else None),
                          source_line=f"{shown}:{segment.line}", kind=segment.kind,
                          warnings=warnings))
    return marks


def fallback_lines(document: TranslatedDocument, catalog: Catalog | None,
                   po_path: str) -> list[str]:
    """The segments shown in the source language, each as the build reports
    it: the ``.po`` line first, what is wrong, then the source line."""
    lines = []
    for mark in segment_marks(document, catalog, po_path):
        if mark.state == "translated":
            continue
        why = f"{mark.code} {mark.reason}" if mark.state == "rejected" else mark.state
        lines.append(f"{mark.po}: {why} (source: {mark.source_line})")
    return lines


def template_lines(msgids: list[str], catalog: Catalog | None, po_path: str) -> list[str]:
    """Template strings shown in the source language, with their ``.po`` lines."""
    return [f"{_where(po_path, entry_line(catalog, msgid))}: {msgid}" for msgid in msgids]


def _open(mark: Mark) -> str:
    return (f'<span class="proof proof-{mark.state}" id="{mark.anchor}" tabindex="0" '
            f'data-proof="{mark.state}" data-proof-label="{escape(mark.label)}" '
            f'data-po="{escape(mark.po)}" aria-describedby="{mark.anchor}-note">')


def _close(mark: Mark) -> str:
    return (f'<span class="proof-note" id="{mark.anchor}-note" role="tooltip" lang="en" '
            f'dir="ltr">{escape(mark.describe())}</span></span>')


def _html(content: str) -> Token:
    token = Token("html_inline", "", 0)
    token.content = content
    return token


def mark_document(document: TranslatedDocument, marks: list[Mark]) -> None:
    """Wrap each segment of ``document`` (in place) in its proof mark."""
    source = document.source
    if source is None:
        return
    by_anchor = {m.anchor: m for m in marks}
    for number, segment in enumerate(source.segments):
        mark = by_anchor.get(f"proof-{number + 1}")
        if mark is None:
            continue
        if segment.field is not None:
            document.proof_marks[segment.field] = (Markup(_open(mark)), Markup(_close(mark)))
            continue
        inline = document.tokens[segment.token]
        inline.children = [_html(_open(mark)), *(inline.children or []), _html(_close(mark))]


def proof_document(document: TranslatedDocument, catalog: Catalog | None,
                   po_path: str) -> PageProof:
    """Mark ``document`` (in place) for its proof page; the page's marks."""
    marks = segment_marks(document, catalog, po_path)
    mark_document(document, marks)
    return PageProof(marks=marks)


STYLE = """<style>
.proof { position: relative; border-block-end: 2px solid; padding-block-end: 1px;
         text-decoration: none; }
.proof::before { content: attr(data-proof-label); font: bold .7rem/1.2 sans-serif;
                 padding: 0 .25em; margin-inline-end: .3em; border: 1px solid;
                 border-radius: 3px; vertical-align: .15em; white-space: nowrap; }
.proof-translated { border-block-end-style: none; }
.proof-translated::before { border-style: dotted; color: #1e5e2e; background: #eaf5ec; }
.proof-translated[data-proof-label*=" "]::before { border-style: solid; color: #6b4500; }
.proof-fuzzy { border-block-end-style: dashed; border-color: #8a5a00; background: #fff7e0; }
.proof-fuzzy::before { color: #6b4500; background: #ffe9ad; }
.proof-untranslated { border-block-end-style: dotted; border-color: #555; background: #f1f1f1; }
.proof-untranslated::before { color: #333; background: #fff; border-style: dashed; }
.proof-rejected { border-block-end-style: double; border-block-end-width: 4px;
                  border-color: #b3261e; background: #fdeceb; }
.proof-rejected::before { color: #fff; background: #b3261e; }
.proof:focus { outline: 3px solid #0b57d0; outline-offset: 2px; }
.proof-note { display: none; position: absolute; inset-inline-start: 0; inset-block-start: 100%;
              z-index: 10; inline-size: max-content; max-inline-size: min(34rem, 90vw);
              padding: .5rem .7rem;
              background: #1b1f24; color: #fff; font: 13px/1.45 sans-serif;
              white-space: pre-wrap; text-align: start; border-radius: 4px;
              box-shadow: 0 2px 8px rgba(0,0,0,.3); }
.proof:hover > .proof-note, .proof:focus > .proof-note, .proof:focus-within > .proof-note {
  display: block; }
.proof-summary { margin-block: 1rem; padding: .6rem .9rem; border: 2px solid #1b1f24;
                 font: 14px/1.5 sans-serif; background: #fff; }
.proof-summary-title { font-size: 1rem; font-weight: bold; margin: 0 0 .3rem; }
.proof-summary ul { margin: .3rem 0 0; padding-inline-start: 1.2rem; }
.proof-summary .proof-counts { display: flex; flex-wrap: wrap; gap: .4rem 1rem;
                               list-style: none; padding: 0; }
.proof-summary code { white-space: normal; overflow-wrap: anywhere; }
@media print {
  .proof-note { display: none !important; }
  .proof-summary { break-inside: avoid; }
}
</style>
"""


def summary_html(proof: PageProof) -> str:
    """The box at the top of a proof page: counts, and the segments to work on."""
    counts = proof.counts()
    items = "".join(f'<li><span class="proof proof-{state}" data-proof-label="{BADGES[state]}">'
                    f'</span>{counts[state]} {state}</li>' for state in STATES)
    work = []
    for mark in proof.marks:
        if mark.state == "translated" and not mark.warnings:
            continue
        why = f"{mark.code}: {mark.reason}" if mark.state == "rejected" else mark.state
        if mark.state == "translated":
            why = "translated; " + "; ".join(f"{c}: {m}" for c, m in mark.warnings)
        work.append(f'<li><a href="#{mark.anchor}">{escape(mark.po)}</a> {escape(why)} '
                    f'(source: {escape(mark.source_line)})</li>')
    for line in proof.templates:
        work.append(f"<li>{escape(line)} (page template, shown in the source language)</li>")
    listed = f"<ul class=\"proof-work\">{''.join(work)}</ul>" if work else ""
    return (f'<aside class="proof-summary" aria-labelledby="proof-summary-title" lang="en" '
            f'dir="ltr"><p id="proof-summary-title" class="proof-summary-title">'
            f'Proof: {len(proof.marks)} segments</p>'
            f'<ul class="proof-counts">{items}</ul>{listed}</aside>')


def proof_page(page: str, proof: PageProof, templates: list[str] = ()) -> str:
    """A rendered page with the proof styles and summary added; ``templates``
    are the page's template strings shown in the source language."""
    proof.templates = list(templates)
    head = page.find("</head>")
    if head >= 0:
        page = page[:head] + STYLE + page[head:]
    at = page.find("<main")
    at = page.find(">", at) + 1 if at >= 0 else 0
    return page[:at] + "\n" + summary_html(proof) + page[at:]


def pdf_options(proof: PageProof | None, locale: str) -> dict:
    """What a PdfJob needs for a proof PDF: a note per segment, in the margin
    where the locale's lines start."""
    if proof is None:
        return {}
    side = "right" if locale_info(locale).direction == "rtl" else "left"
    return {"notes": proof.notes(), "notes_side": side}
