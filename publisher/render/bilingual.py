"""The bilingual edition: source and translation side by side, segment by
segment, for bilateral meetings.

Both documents come from the same token stream (translation only replaces
inline content), so their top-level blocks correspond one to one; each pair
of blocks is one row.  The page takes the translation's direction, so an
Arabic edition reads from the right with the Arabic column first.
"""

from __future__ import annotations

from dataclasses import dataclass

from jinja2 import Environment
from markupsafe import Markup

from ..core import outputs
from ..core.errors import RenderError
from ..core.locales import locale_info
from ..figures.numbers import COUNTER_STYLES
from ..sources.config import Settings
from ..translate.document import TranslatedDocument, translation_parser
from ..translate.linknotes import with_footnotes
from .html import (
    LinkTarget,
    Localizer,
    css_string,
    document_view,
    font_stack,
    page_context,
    page_link,
    render_template,
    with_document_links,
)
from .typography import script_css

TEMPLATE = "bilingual.html"


@dataclass(frozen=True)
class Row:
    source: Markup
    target: Markup


def _blocks(document: TranslatedDocument, ids: bool = True) -> list[Markup]:
    """The document's top-level blocks, each rendered to HTML (without the
    headings' ids unless ``ids``: one column of the page has them)."""
    parser = translation_parser()
    blocks, current = [], []
    for token in document.tokens:
        if not ids and token.type == "heading_open" and "id" in token.attrs:
            token = token.copy(attrs={k: v for k, v in token.attrs.items() if k != "id"})
        current.append(token)
        if token.level == 0 and token.nesting <= 0:
            blocks.append(Markup(parser.renderer.render(current, parser.options, {})))
            current = []
    return blocks


def aligned_rows(source: TranslatedDocument, target: TranslatedDocument,
                 links: LinkTarget = page_link, ids: str = "") -> list[Row]:
    """Rows of (source block, translated block), in document order; links to
    other documents as ``links`` says, heading ids (the translation's) as
    for html.with_document_links."""
    left = _blocks(with_footnotes(with_document_links(source, links), ids=False), ids=False)
    right = _blocks(with_footnotes(with_document_links(target, links, ids)))
    if len(left) != len(right):  # cannot happen for documents of one source
        raise RenderError(f"the {target.locale} edition has {len(right)} blocks and the source "
                          f"{len(left)}, so they cannot be set side by side",
                          path=str(source.source.path) if source.source else source.name, line=1,
                          hint="run `publisher update`, then build again; report it if it stays")
    return [Row(a, b) for a, b in zip(left, right)]


def render_bilingual(settings: Settings, env: Environment, localizer: Localizer,
                     source: TranslatedDocument, target: TranslatedDocument) -> str:
    """The bilingual page (rendered to PDF with the print stylesheet)."""
    counter = COUNTER_STYLES.get(localizer.numbering, "decimal")
    context = {
        **page_context(settings, localizer, outputs.href(
            outputs.document_path(target.locale, target.name, "bilingual-html"), outputs.ASSETS)),
        "source_locale": locale_info(source.locale),
        "source": document_view(source),
        "target": document_view(target),
        "rows": aligned_rows(source, target),
        "source_fonts": Markup(font_stack(settings.fonts_for(source.locale))),
        "target_fonts": Markup(font_stack(settings.fonts_for(target.locale))),
        "script_css": Markup(script_css(settings.all_locales, sizes=False)),
        # no cover: every page counts
        "pages_counter": Markup(f"counter(pages, {counter})"),
        "footnote_counter": Markup(f"counter(footnote, {counter})"),
        "running_title": Markup(css_string(f"{target.meta.get('title', '')} · {source.meta.get('title', '')}")),
    }
    original = Localizer.of(settings, source.locale)
    for key, view, who in (("source_date", context["source"], original),
                           ("target_date", context["target"], localizer)):
        context[key] = who.long_date(view["date"]) if view["date"] else ""
    return render_template(env, TEMPLATE, context)
