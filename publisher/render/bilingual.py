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

from ..catalogs.translations import Translations
from ..sources.config import Settings
from ..core.errors import RenderError
from .html import Localizer, css_string, document_view, font_stack, render_template
from ..core.locales import locale_info
from ..figures.numbers import COUNTER_STYLES
from ..translate.document import TranslatedDocument, translation_parser
from .typography import script_css

TEMPLATE = "bilingual.html"


@dataclass(frozen=True)
class Row:
    source: Markup
    target: Markup


def _blocks(document: TranslatedDocument) -> list[Markup]:
    """The document's top-level blocks, each rendered to HTML."""
    parser = translation_parser()
    blocks, current = [], []
    for token in document.tokens:
        current.append(token)
        if token.level == 0 and token.nesting <= 0:
            blocks.append(Markup(parser.renderer.render(current, parser.options, {})))
            current = []
    return blocks


def aligned_rows(source: TranslatedDocument, target: TranslatedDocument) -> list[Row]:
    """Rows of (source block, translated block), in document order."""
    left, right = _blocks(source), _blocks(target)
    if len(left) != len(right):  # cannot happen for documents of one source
        raise RenderError(f"the {target.locale} edition has {len(right)} blocks and the source "
                          f"{len(left)}, so they cannot be set side by side",
                          path=str(source.source.path) if source.source else source.name, line=1,
                          hint="run `publisher update`, then build again; report it if it stays")
    return [Row(a, b) for a, b in zip(left, right)]


def render_bilingual(settings: Settings, env: Environment, localizer: Localizer,
                     source: TranslatedDocument, target: TranslatedDocument) -> str:
    """The bilingual page (rendered to PDF with the print stylesheet)."""
    source_info, target_info = locale_info(source.locale), locale_info(target.locale)
    counter = COUNTER_STYLES.get(localizer.numbering, "decimal")
    context = {
        **localizer.context(),
        "locale": target_info,
        "source_locale": source_info,
        "source": document_view(source),
        "target": document_view(target),
        "rows": aligned_rows(source, target),
        "assets": "../assets",
        "source_fonts": Markup(font_stack(settings.fonts_for(source.locale))),
        "target_fonts": Markup(font_stack(settings.fonts_for(target.locale))),
        "script_css": Markup(script_css(settings.all_locales, sizes=False)),
        "page_size": Markup(settings.page_size),
        "page_counter": Markup(f"counter(page, {counter})"),
        "pages_counter": Markup(f"counter(pages, {counter})"),
        "running_title": Markup(css_string(f"{target.meta.get('title', '')} · {source.meta.get('title', '')}")),
    }
    original = Localizer(Translations(None, source.locale), source.locale,
                         settings.numbering_for(source.locale),
                         calendar=settings.calendar_for(source.locale))
    for key, view, who in (("source_date", context["source"], original),
                           ("target_date", context["target"], localizer)):
        context[key] = who.long_date(view["date"]) if view["date"] else ""
    return render_template(env, TEMPLATE, context)
