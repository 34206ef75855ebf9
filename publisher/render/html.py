"""HTML rendering: translated documents -> HTML5 pages, through Jinja2.

Templates are rendered with autoescaping on, and with gettext functions of
our own instead of Jinja2's: Jinja2 marks a translated string as safe markup,
so a translation could inject ``<script>``.  Here a translation is escaped
like any other text, its ``%(name)s`` placeholders are filled by plain
substitution (no widths, no attribute access), and a translation whose
placeholders do not match its source falls back to the source text.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable
from urllib.parse import quote

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, StrictUndefined, TemplateError, pass_context
from jinja2.sandbox import SandboxedEnvironment
from markdown_it.token import Token
from markupsafe import Markup, escape

from ..catalogs.model import Catalog
from ..catalogs.pagewords import page_words
from ..catalogs.plurals import compile_plural, parse_plural_forms
from ..catalogs.translations import Translations
from ..core import outputs
from ..core.calendars import format_long_date
from ..core.errors import RenderError
from ..core.fingerprints import file_digest, fingerprint, renderer_versions
from ..core.formatting import FormatMismatch, split, substitute, usable_translation, uses_placeholders
from ..core.fsutil import check_readable, files_under
from ..core.locales import LocaleInfo, cldr_name, language_name, locale_info, native_names
from ..core.outputs import ASSETS
from ..figures.numbers import COUNTER_STYLES, format_number, localize_digits
from ..sources.config import Settings
from ..sources.documents import Document, local_images, localized_image
from ..sources.lookup import JINJA_I18N_OPTIONS, PACKAGE_TEMPLATES, template_folders
from ..translate.document import TranslatedDocument, render_body
from ..translate.linknotes import with_footnotes, with_link_notes
from .typography import keep_heading_ends, mark_fallback_items, mark_fit, mark_word_breaks, script_css

#: The id of the mark at the end of a page, whose page number is the printed total.
END_OF_PAGES = "end-of-pages"
STYLESHEET = "style.css"
#: The folder of the web fonts inside the assets folder (see webfonts.py).
WEBFONTS = "fonts"


def webfont_set(locale: str | None) -> str:
    """The name of a page set's web fonts: its locale, or ``index`` for the
    pages at the root (no locale name can be ``index``)."""
    return locale or "index"


def make_environment(settings: Settings) -> Environment:
    """The Jinja2 environment: project templates first, then the defaults."""
    loader = ChoiceLoader([_ContainedLoader(folder, settings.root)
                           for folder in template_folders(settings)])
    # Sandboxed: a project template is the project's, not the machine's code
    # ({{ cycler.__init__.__globals__.os }} stops with a SecurityError).
    env = SandboxedEnvironment(loader=loader, autoescape=True, undefined=StrictUndefined,
                      extensions=["jinja2.ext.i18n"], keep_trailing_newline=True,
                      trim_blocks=True, lstrip_blocks=True)
    env.policies["ext.i18n.trimmed"] = JINJA_I18N_OPTIONS["trimmed"] == "true"
    env.filters["long_date"] = _long_date
    env.newstyle_gettext = True  # type: ignore[attr-defined]
    return env


@pass_context
def _long_date(context, value: _dt.date) -> str:
    """``|long_date``: the date the way the page's own locale writes it (the
    page's Localizer, from its context: never another page's)."""
    return context["long_date"](value)


class _ContainedLoader(FileSystemLoader):
    """Templates of one folder; one that is a symlink out of the project (or
    of the package, for the defaults) is refused."""

    def __init__(self, folder: Path, root: Path) -> None:
        super().__init__(str(folder))
        self.root = folder if folder == PACKAGE_TEMPLATES else root

    def get_source(self, environment, template):
        source, filename, uptodate = super().get_source(environment, template)
        check_readable(filename, self.root, filename, "template")
        return source, filename, uptodate


def render_template(env: Environment, name: str, context: dict) -> str:
    """Render a template; a broken template is a RenderError naming its file and line."""
    try:
        page = keep_heading_ends(env.get_template(name).render(context))
        return mark_word_breaks(mark_fallback_items(page))
    except TemplateError as exc:
        filename = getattr(exc, "filename", None) or getattr(exc, "name", None) or name
        line = getattr(exc, "lineno", None)
        if line is None:   # raised while rendering: the template's innermost frame
            filename, line = _template_frame(exc) or (filename, None)
        raise RenderError(f"template error: {exc.message or exc}", path=filename, line=line,
                          hint="fix the template (a project's templates/ folder overrides "
                               "the default of the same name)") from None


def _template_frame(exc: BaseException) -> tuple[str, int] | None:
    """The file and line of the innermost template frame of ``exc``'s traceback:
    Jinja2 rewrites a render error's traceback into frames that raise it at
    the template's line (and hold it in their globals)."""
    found = None
    traceback = exc.__traceback__
    while traceback is not None:
        if traceback.tb_frame.f_globals.get("__jinja_exception__") is exc:
            found = (traceback.tb_frame.f_code.co_filename, traceback.tb_lineno)
        traceback = traceback.tb_next
    return found


def css_string(text: str) -> str:
    """``text`` as a CSS string literal that cannot end its rule or its <style>."""
    out = []
    for char in text:
        if char in '"\\<>&' or ord(char) < 0x20 or ord(char) == 0x7F:
            out.append(f"\\{ord(char):x} ")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def font_stack(fonts: tuple[str, ...]) -> str:
    return ", ".join(css_string(name) for name in fonts) + ", serif"


def language_fonts(settings: Settings, locale: str) -> str:
    """CSS giving text marked as the source language's on a page in
    ``locale`` (a passage not translated yet, an edition's cover line) the
    source language's font stack, on paper as the web fonts' stylesheet does
    on screen: English on a Sinhala page takes its figures, punctuation and
    spaces from the Latin face, not from Noto Serif Sinhala (whose space is
    0.5 em, twice Noto Serif's, and whose figures would carry it)."""
    if locale == settings.source_locale:
        return ""
    stack = font_stack(settings.fonts_for(settings.source_locale))
    return (f"[lang={css_string(locale_info(settings.source_locale).tag)}] "
            f"{{ --font-text: {stack}; font-family: var(--font-text); }}")


#: The language the package's templates (and the copies `publisher new`
#: makes of them) are written in: what a page shows of them untranslated.
TEMPLATES_LANGUAGE = "en"


@dataclass
class Localizer:
    """The gettext functions and formatters templates get for one locale.

    ``fallbacks`` collects the template strings that had no usable
    translation, for the build report.
    """

    translations: Translations
    source_locale: str
    numbering: str = "latn"
    fallbacks: list[str] = field(default_factory=list)
    calendar: str | None = None     # None: the locale's official calendar

    @classmethod
    def of(cls, settings, locale: str, project=None) -> "Localizer":
        """The one way to make a locale's Localizer: the project's template
        strings (a catalog, or the Translations the build may use of it)
        before the package's page words, the numbering system and calendar of
        the settings (``[numbering]``, ``[calendar]``)."""
        return cls(page_words(project, locale), settings.source_locale,
                   settings.numbering_for(locale), calendar=settings.calendar_for(locale))

    @property
    def locale(self) -> str:
        return self.translations.locale

    def _value(self, value: object) -> str:
        if isinstance(value, bool):
            return str(value)
        if isinstance(value, (int, float)):
            return format_number(value, self.locale, self.numbering)
        return str(value)

    @staticmethod
    def _usable(translated: str | None, *sources: str) -> bool:
        """Whether a looked-up translation is shown (else its source is)."""
        return translated is not None and usable_translation(translated, *sources)

    def _choose(self, translated: str | None, source: str, *sources: str) -> str:
        """The translation if it is usable for ``sources``, else ``source``."""
        if self._usable(translated, *sources):
            return translated
        if self.locale != self.source_locale and source not in self.fallbacks:
            self.fallbacks.append(source)
        return source

    def _render(self, text: str, variables: dict, *sources: str) -> Markup:
        """``text`` escaped, with its placeholders filled (format strings only)."""
        if not any(uses_placeholders(source) for source in sources):
            return Markup(escape(text))
        values = {key: str(escape(self._value(value))) for key, value in variables.items()}
        try:
            return Markup(substitute(str(escape(text)), values))
        except FormatMismatch:   # the template passed too few values: show the text as is
            return Markup(escape(text))

    def gettext(self, msgid: str, **variables: object) -> Markup:
        text = self._choose(self.translations.lookup(msgid), msgid, msgid)
        return self._render(text, variables, msgid)

    def ngettext(self, singular: str, plural: str, n: int, **variables: object) -> Markup:
        variables.setdefault("num", n)
        nplurals, expression = parse_plural_forms(locale_info(self.source_locale).plural_forms)
        source = singular if compile_plural(expression)(n) == 0 else plural
        text = self._choose(self.translations.lookup_plural(singular, n), source, singular, plural)
        return self._render(text, variables, singular, plural)

    def pgettext(self, context: str, msgid: str, **variables: object) -> Markup:
        text = self._choose(self.translations.lookup(msgid, context), msgid, msgid)
        return self._render(text, variables, msgid)

    def css_gettext(self, msgid: str, **parts: str) -> Markup:
        """A translated string as a CSS ``content`` value; ``parts`` are CSS
        expressions (such as ``counter(page)``) for its placeholders."""
        text = self._choose(self.translations.lookup(msgid), msgid, msgid)
        if not uses_placeholders(msgid):
            return Markup(css_string(text))
        pieces = []
        for kind, value in split(text):
            pieces.append(css_string(value) if kind == "text" else parts.get(value, '""'))
        return Markup(" ".join(pieces) or '""')

    def lang_of(self, msgid: str, plural: str | None = None, n: int = 1,
                context: str | None = None) -> Markup:
        """The attributes of an element that shows ``msgid`` (with ``plural``
        for ``n``, or in ``context``, as ``ngettext`` and ``pgettext`` take
        them): ``lang="en" dir="ltr"`` where the page shows it in the
        templates' English because its language has no usable translation
        (read aloud and set as English; its full stop at the end of the
        line on a right-to-left page); nothing where it is translated, or
        on a page in English in Latin script."""
        info = locale_info(self.locale)
        if self.locale.split("_")[0] == TEMPLATES_LANGUAGE and info.script == "Latn":
            return Markup("")
        if plural is not None:
            usable = self._usable(self.translations.lookup_plural(msgid, n), msgid, plural)
        else:
            usable = self._usable(self.translations.lookup(msgid, context), msgid)
        return Markup("") if usable else Markup(f' lang="{TEMPLATES_LANGUAGE}" dir="ltr"')

    def long_date(self, value: _dt.date) -> str:
        return localize_digits(format_long_date(value, cldr_name(self.locale), self.calendar),
                               self.numbering)

    def context(self) -> dict:
        return {"gettext": self.gettext, "_": self.gettext, "ngettext": self.ngettext,
                "pgettext": self.pgettext, "css_gettext": self.css_gettext,
                "long_date": self.long_date, "lang_of": self.lang_of}


@dataclass(frozen=True)
class Page:
    """A page of the output folder, for relative links: its path as
    ``core.outputs`` names it (``de/report.html``, ``de/index.html``,
    ``index.html``), and the addresses of other outputs from it."""

    path: str

    @classmethod
    def of_document(cls, locale: str, document: str, kind: str = "html") -> Page:
        return cls(outputs.document_path(locale, document, kind))

    @classmethod
    def index(cls, locale: str | None = None) -> Page:
        """A locale's list of documents; ``None``: the language chooser."""
        return cls(outputs.index_path(locale))

    @property
    def locale(self) -> str | None:
        """The page's locale; None for the language chooser at the root."""
        output = outputs.parse(self.path)
        return output.locale if output is not None else None

    def in_locale(self, locale: str) -> str:
        """The same page in another locale (from the chooser: its list)."""
        output = outputs.parse(self.path)
        if output is not None and output.kind == "html":
            return outputs.document_path(locale, output.document, "html")
        return outputs.index_path(locale)

    def href(self, target: str, from_root: bool = False) -> str:
        """The address of the output at ``target`` (a path of core.outputs)."""
        return outputs.href(self.path, target, from_root)

    def href_in(self, locale: str) -> str:
        """The address of the same page in another locale (or this one)."""
        return self.href(self.in_locale(locale), from_root=True)


@dataclass(frozen=True)
class Published:
    """What the site publishes (``[publish] threshold``): the locales, and in
    each the documents left out (translated too little).  The default
    publishes everything.  Left-out locales and documents are not linked
    from the language menus, the chooser or hreflang."""

    locales: frozenset[str] | None = None            # None: every locale
    withheld: dict[str, frozenset[str]] = field(default_factory=dict)   # locale -> documents

    def key(self) -> str:
        """The same text for the same publication (for cache keys)."""
        if self.locales is None:
            return "everything"
        return repr((sorted(self.locales),
                     sorted((l, sorted(d)) for l, d in self.withheld.items())))

    def has(self, locale: str, document: str | None = None) -> bool:
        if self.locales is not None and locale not in self.locales:
            return False
        return document is None or document not in self.withheld.get(locale, ())


EVERYTHING = Published()


def _published(settings: Settings, published: Published, document: str | None) -> list[str]:
    return [name for name in settings.all_locales
            if name == settings.source_locale or published.has(name, document)]


def _languages(settings: Settings, page: Page, current: str | None,
               published: Published = EVERYTHING, document: str | None = None) -> list[dict]:
    names = native_names(settings.all_locales)
    result = []
    for name in _published(settings, published, document):
        info = locale_info(name)
        result.append({"tag": info.tag, "direction": info.direction, "name": names[name],
                       "href": page.href_in(name), "current": name == current,
                       "locale": name})
    return result


def _alternates(settings: Settings, page: Page, default: str,
                published: Published = EVERYTHING, document: str | None = None) -> list[dict]:
    """hreflang links to the page in each published locale; ``default``:
    the output x-default names."""
    links = [{"hreflang": locale_info(name).tag, "href": page.href_in(name)}
             for name in _published(settings, published, document)]
    links.append({"hreflang": "x-default", "href": page.href(default, from_root=True)})
    return links


def _marked(text: str, lang: str, page_locale: str) -> Markup | str:
    """Text in another language than the page gets its own lang and dir."""
    if lang == page_locale:
        return text
    info = locale_info(lang)
    return Markup('<span lang="{}" dir="{}">{}</span>').format(info.tag, info.direction, text)


def page_context(settings: Settings, localizer: Localizer, assets: str) -> dict:
    """What every page's templates get, a web page, a bilingual page or an
    edition pack alike: the locale and its template functions, its fonts, the
    page size, and the print counters in the locale's digits.  The one
    builder: each kind of page adds its own on top."""
    info: LocaleInfo = locale_info(localizer.locale)
    counter = COUNTER_STYLES.get(localizer.numbering, "decimal")
    return {
        **localizer.context(),
        "locale": info,
        "assets": assets,
        "font_stack": Markup(font_stack(settings.fonts_for(localizer.locale))),
        "script_css": Markup(script_css(settings.all_locales)),
        "language_fonts": Markup(language_fonts(settings, localizer.locale)),
        "page_size": Markup(settings.page_size),
        "page_counter": Markup(f"counter(page, {counter})"),
        # Content pages only: a cover does not count (print.css), and the
        # total is the page of the mark at the end of the page (base.html).
        "pages_counter": Markup(f"target-counter(url(#{END_OF_PAGES}), page, {counter})"),
        "end_of_pages": END_OF_PAGES,
        "footnote_counter": Markup(f"counter(footnote, {counter})"),
        "toc_counter": Markup(f"target-counter(attr(href url), page, {counter})"),
        "contact": settings.contact,
    }


def _common(settings: Settings, env: Environment, localizer: Localizer, page: Page) -> dict:
    assets = page.href(ASSETS)
    return {**page_context(settings, localizer, assets),
            "webfonts": f"{assets}/{WEBFONTS}/{webfont_set(page.locale)}.css"}


def outline(document: TranslatedDocument) -> TranslatedDocument:
    """The document with its headings below the page's title: a body that
    uses level-one headings has every heading moved one level down, so that
    the page has one ``h1`` and headings in order."""
    levels = [int(t.tag[1:]) for t in document.tokens
              if t.type in ("heading_open", "heading_close") and t.tag[1:].isdigit()]
    if not levels or min(levels) > 1:
        return document
    tokens = [t.copy(tag=f"h{min(int(t.tag[1:]) + 1, 6)}")
              if t.type in ("heading_open", "heading_close") else t for t in document.tokens]
    return dataclasses.replace(document, tokens=tokens)


#: What a link to another document (``other.md#budget``) becomes on a page:
#: a function of the document's name and the fragment (maybe empty) that
#: gives the address, or None to leave the link as written.
LinkTarget = Callable[[str, str], "str | None"]


def page_link(name: str, fragment: str) -> str:
    """A link to another document on a locale's pages: that locale's page
    (the pages of a locale share a folder; the bilingual page links to the
    translation's page)."""
    return quote(outputs.file_name(name, "html")) + (f"#{quote(fragment)}" if fragment else "")


def with_document_links(document: TranslatedDocument, target: LinkTarget = page_link,
                        ids: str = "") -> TranslatedDocument:
    """The document with its links to other documents (``other.md#id``)
    pointing where ``target`` says, and, with ``ids``, its heading ids and
    its links inside the page (``#id``) prefixed with it (the parts of an
    edition share one page).  A new token list."""
    from ..sources.documents import document_link

    def retarget(token: Token) -> Token:
        href = str(token.attrs.get("href") or "")
        found = document_link(href)
        if found is not None:
            address = target(*found)
        elif ids and href.startswith("#") and len(href) > 1:
            address = f"#{quote(ids)}{href[1:]}"
        else:
            return token
        if address is None:
            return token
        token = token.copy(attrs=dict(token.attrs))
        token.attrSet("href", address)
        return token

    tokens = []
    for token in document.tokens:
        if token.type == "inline" and token.children and any(
                child.type == "link_open" for child in token.children):
            token = token.copy(children=[retarget(c) if c.type == "link_open" else c
                                         for c in token.children])
        elif ids and token.type == "heading_open" and token.attrs.get("id"):
            token = token.copy(attrs={**token.attrs, "id": f"{ids}{token.attrs['id']}"})
        tokens.append(token)
    return dataclasses.replace(document, tokens=tokens)


def document_view(document: TranslatedDocument, body: bool = True,
                  links: LinkTarget = page_link, ids: str = "") -> dict:
    """What the document template needs of a translated document (without
    ``body`` when ``body`` is false); ``links`` and ``ids`` as for
    :func:`with_document_links`."""
    meta, lang = document.meta, document.meta_lang

    def text(key: str) -> Markup | str | None:
        value = meta.get(key)
        if not isinstance(value, str):
            return None
        shown = _marked(value, lang[key], document.locale)
        if key in document.proof_marks:   # proof mode: the field's mark around it
            opening, closing = document.proof_marks[key]
            return opening + shown + closing
        return shown

    view = {
        "name": document.name,
        "title": text("title") or document.name,
        "title_text": meta.get("title") or document.name,
        "summary_text": meta.get("summary") if isinstance(meta.get("summary"), str) else "",
        "section_text": meta.get("section") if isinstance(meta.get("section"), str) else "",
        "author_text": meta.get("author") if isinstance(meta.get("author"), str) else "",
        "summary": text("summary"),
        "section": text("section"),
        "date": meta.get("date") if isinstance(meta.get("date"), _dt.date) else None,
    }
    if body:
        view["body"] = Markup(render_body(with_link_notes(with_footnotes(
            with_document_links(outline(document), links, ids)))))
    return view


@dataclass(frozen=True)
class Cover:
    """What the printed edition's cover page says beyond the title."""

    occasion: str = ""           # the delegation or event the edition is for
    occasion_locale: str = ""    # the language the occasion is written in


def cover_view(cover: Cover | None, document: TranslatedDocument, localizer: Localizer) -> dict | None:
    if cover is None:
        return None
    date = document.meta.get("date")
    date = date if isinstance(date, _dt.date) else None
    occasion = cover.occasion.strip()
    return {
        "occasion": _marked(occasion, cover.occasion_locale or document.locale, document.locale)
        if occasion else "",
        "date": localizer.long_date(date) if date else "",
        "iso_date": date.isoformat() if date else "",
    }


def partial_notice(settings: Settings, page: Page, locale: str, partial: bool) -> dict | None:
    """What a page that shows source-language text says at its top: the
    source language's name in the page's language, and its page's address
    (the templates' ``partial`` block words it, so it is translated)."""
    if not partial or locale == settings.source_locale:
        return None
    return {"language": language_name(settings.source_locale, locale),
            "href": page.href_in(settings.source_locale),
            "lang": locale_info(settings.source_locale).tag}


def render_document_page(settings: Settings, env: Environment, localizer: Localizer,
                         document: TranslatedDocument, cover: Cover | None = None,
                         pdf: bool = True, published: Published = EVERYTHING,
                         partial: bool = False) -> str:
    """A document's page; ``pdf``: the build makes its PDF, so the page links
    to it (an HTML-only build, as ``serve`` makes, links to no PDF);
    ``partial``: the page shows source-language text, and says so at its top."""
    page = Page.of_document(document.locale, document.name)
    context = _common(settings, env, localizer, page)
    context.update(
        cover=cover_view(cover, document, localizer),
        document=document_view(document),
        languages=_languages(settings, page, document.locale, published, document.name),
        alternates=_alternates(settings, page, page.in_locale(settings.source_locale),
                               published, document.name),
        pdf_href=page.href(outputs.document_path(document.locale, document.name, "pdf"))
        if pdf else None,
        partial=partial_notice(settings, page, document.locale,
                               partial or bool(document.fallbacks)),
    )
    return mark_fit(render_template(env, "document.html", context), document.meta.get("fit"))


class _IndexView(Mapping):
    """A document's view for an index page, whose body is made only if the
    template asks for it (``document.body``, ``.get``, ``in``, ``items``...):
    an index usually lists titles and summaries, and a document taken from
    the build cache is translated without its body."""

    def __init__(self, view: dict, body: Callable[[], TranslatedDocument]) -> None:
        self._view = dict(view)
        self._body = body

    def __getitem__(self, key: str):
        if key == "body" and "body" not in self._view:
            self._view["body"] = document_view(self._body())["body"]
        return self._view[key]

    def __iter__(self):
        return iter([*(k for k in self._view if k != "body"), "body"])

    def __len__(self) -> int:
        return len(self._view) + ("body" not in self._view)


def render_locale_index(settings: Settings, env: Environment, localizer: Localizer,
                        documents: list[TranslatedDocument],
                        whole: dict[str, Callable[[], TranslatedDocument]] | None = None,
                        pdf: bool = True, published: Published = EVERYTHING,
                        partial: bool = False) -> str:
    """A locale's list of documents; ``whole`` gives, by name, the whole
    translation of a document given here by its front matter only; ``pdf``:
    the build makes PDFs, so each document links to its own."""
    page = Page.index(localizer.locale)
    context = _common(settings, env, localizer, page)
    views = []
    for document in documents:
        body = (whole or {}).get(document.name, lambda document=document: document)
        views.append(_IndexView({**document_view(document, body=False),
                                 "href": page.href(outputs.document_path(
                                     localizer.locale, document.name, "html")),
                                 "pdf_href": page.href(outputs.document_path(
                                     localizer.locale, document.name, "pdf")) if pdf else None},
                                body))
    partial = partial or any(lang != document.locale for document in documents
                             for lang in document.meta_lang.values())
    context.update(
        documents=views,
        languages=_languages(settings, page, localizer.locale, published),
        alternates=_alternates(settings, page, outputs.index_path(None), published),
        partial=partial_notice(settings, page, localizer.locale, partial),
    )
    return render_template(env, "index.html", context)


def render_chooser(settings: Settings, env: Environment, localizers: dict[str, Localizer],
                   document_count: int, published: Published = EVERYTHING) -> str:
    """The language chooser at the root of the output folder: the published
    locales, each with the number of documents it publishes."""
    page = Page.index(None)
    source = localizers[settings.source_locale]
    context = _common(settings, env, source, page)
    languages = _languages(settings, page, None, published)
    for language in languages:
        localizer = localizers[language["locale"]]
        count = document_count - len(published.withheld.get(language["locale"], ()))
        language["count"] = localizer.ngettext("%(count)s document", "%(count)s documents",
                                               count, count=count)
    context.update(languages=languages,
                   alternates=_alternates(settings, page, outputs.index_path(None), published))
    return render_template(env, "chooser.html", context)


def static_files(settings: Settings) -> dict[str, Path]:
    """Files the pages need beside them, by path inside the output's assets
    folder: the stylesheets (a project's own first)."""
    found: dict[str, Path] = {}
    for folder in template_folders(settings):
        if folder.is_dir():
            for path in sorted(folder.glob("*.css")):
                if path.name not in found:
                    check_readable(path, folder if folder == PACKAGE_TEMPLATES else settings.root,
                                   settings.relative(path), "stylesheet")
                found.setdefault(path.name, path)
    return found


# -- the cache keys of pages ---------------------------------------------------

def resources_key(settings: Settings) -> str:
    """The stylesheets every page uses."""
    return fingerprint(*(f"{name}:{file_digest(path)}"
                         for name, path in sorted(static_files(settings).items())))


def images_key(document: Document, settings: Settings) -> str:
    """A document's images and each locale's variant of them."""
    images = sorted(local_images(document, settings.documents_dir).items())
    variants = [f"{locale}:{file_digest(variant)}" for _, path in images
                for locale in settings.all_locales
                for variant in [localized_image(path, locale, settings.documents_dir)]
                if variant is not None]
    return fingerprint(*(f"{src}:{file_digest(path)}" for src, path in images), *variants)


class PageKeys:
    """The key of each page's inputs: the document's source and images, its
    catalog and the templates catalog of the locale, the templates and
    stylesheets, the glossary, the settings, the cover, whether the page
    links to a PDF, which locales publish the document (the language menus
    name them), and the versions of publisher and of its libraries
    (``core.fingerprints.renderer_versions``).  Catalogs are keyed by their
    files' bytes: an entry changed in a document's catalog renders that
    document's pages again (in memory), and only the PDFs whose pages'
    bytes changed are rendered again."""

    def __init__(self, settings: Settings, images: dict[str, str], cover: Cover | None,
                 pdf: bool, published: str) -> None:
        self.settings = settings
        self.pdf = "pdf" if pdf else "no pdf"      # the page links to its PDF
        self.published = published
        files = [(f"{index}/{p.relative_to(folder).as_posix()}", p)
                 for index, folder in enumerate(template_folders(settings)) if folder.is_dir()
                 for p in files_under(folder)]
        files += [(f"settings {index}", p) for index, p in
                  enumerate((settings.settings_path, settings.glossary_path)) if p is not None]
        # Paths relative to the project: a moved or copied project keeps its pages.
        self.project = fingerprint(
            "pages", renderer_versions(), repr(settings).replace(str(settings.root), "<project>"),
            repr(cover), repr(sorted(images.items())),
            *(f"{name}:{file_digest(path)}" for name, path in files if path.is_file()))

    def of(self, locale: str, document: Document, stems: list[str],
           catalogs: Mapping[str, Catalog | None]) -> dict[str, str]:
        """The keys of a document's pages in a locale, by output stem; none
        (never cached) for a document or catalog not read from a file."""
        used = [catalogs[self.settings.templates_domain], catalogs[document.name]]
        if not document.digest or any(c is not None and not c.digest for c in used):
            return {}
        base = fingerprint(self.project, locale, document.name, document.digest,
                           images_key(document, self.settings),
                           *(c.digest if c is not None else "-" for c in used))
        return {stem: fingerprint(base, stem, self.pdf, self.published) for stem in stems}
