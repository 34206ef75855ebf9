"""Building an edition: one PDF per locale for a delegation.

Each locale's pack is one HTML page rendered to one PDF: a cover (heading,
occasion, cover lines and date, all translated), a table of contents whose
page numbers are the real ones (CSS ``target-counter``), then the documents
in the edition's order, each as it is published or, for a bilingual pack,
beside its text in the other locale.  Headings become bookmarks (one per
document, then its sections); the cover and the contents are not counted in
the page numbers.  PDF/UA by default.  An index page lists the editions.

Like ``build``, this module joins the stages (translate, HTML, PDF).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from markupsafe import Markup

from ..catalogs.pagewords import package_keys
from ..core import outputs
from ..core.fsutil import atomic_write_bytes
from ..core.locales import locale_info, native_names
from ..core.outputs import ASSETS
from ..extract.pot import load_documents
from ..figures.numbers import localize_numerals
from ..render.bilingual import aligned_rows
from ..render.html import (
    Localizer,
    _marked,
    document_view,
    font_stack,
    make_environment,
    page_context,
    page_link,
    render_template,
    static_files,
)
from ..render.pdf import PdfJob
from ..render.typography import script_css
from ..sources.config import Settings
from ..sources.editions import DOMAIN, Edition, find_edition, load_editions
from ..sources.lookup import PACKAGE_TEMPLATES
from ..translate.document import relocate_images, translate_document
from .pipeline import (
    BuildReport,
    _pool_size,
    _publish_images,
    load_catalog,
    output_lock,
    rendering_pdfs,
    usable_translations,
)


@dataclass
class EditionReport(BuildReport):
    edition: str = ""
    pdf_paths: dict[str, Path] = field(default_factory=dict)


def _write(path: Path, text: str, report: BuildReport) -> None:
    atomic_write_bytes(path, text.encode("utf-8"))
    report.written.append(path)


def _localizer(settings: Settings, locale: str, domain: str, report: BuildReport | None) -> Localizer:
    """The strings of ``domain`` (the templates' or the editions' catalog),
    the package's page words after the project's own (the default
    "Contents" heading is one)."""
    if domain == settings.templates_domain and package_keys(locale):
        report = None     # a missing templates.po is no news: the package has the words
    catalog = load_catalog(settings, locale, domain, report)
    return Localizer.of(settings, locale, usable_translations(settings, catalog, locale, domain))


def _numerals(text: Markup, texts: Localizer) -> str:
    """A cover text (unescaped: an entity's digits stay) with its numerals in
    the locale's digits, as in running text (a word with a Latin letter,
    such as G20, keeps its own)."""
    return localize_numerals(text.unescape(), texts.numbering)


def _shown(text: str, texts: Localizer) -> Markup | str:
    """A cover text in the page's language, or marked as the source
    language's where it is not translated (its lang: read aloud, and set in
    that language's fonts, as a passage shown in the source language is)."""
    shown = _numerals(texts.gettext(text), texts)
    if text in texts.fallbacks:
        return _marked(shown, texts.source_locale, texts.locale)
    return shown


def _cover(edition: Edition, texts: Localizer, pages: Localizer, locale: str) -> dict:
    heading = edition.title or edition.occasion
    occasion = edition.occasion if edition.title else ""
    return {
        "heading": _shown(heading, texts) if heading else "",
        "heading_text": _numerals(texts.gettext(heading), texts) if heading else edition.name,
        "occasion": _shown(occasion, texts) if occasion else "",
        "lines": [_shown(line, texts) for line in edition.cover],
        "date": pages.long_date(edition.date) if edition.date else "",
        "iso_date": edition.date.isoformat() if edition.date else "",
    }


def _part_id(name: str) -> str:
    """What the ids of a document's headings start with in an edition (its
    parts share one page)."""
    return f"{name}--"


def render_edition_page(settings: Settings, env, edition: Edition, locale: str,
                        translated: dict, texts: Localizer, pages: Localizer,
                        assets: str) -> str:
    """The HTML page of one locale's pack (rendered to PDF with print.css)."""
    pair = edition.bilingual.get(locale)
    pair_pages = Localizer.of(settings, pair) if pair else None
    parts = []

    def inside(name: str, fragment: str) -> str | None:
        """A link to a document of the edition goes to its place in the
        pack; to another, to its page where the site is published
        (``site_url``), or nowhere (a PDF cannot follow a relative address)."""
        if name not in edition.documents:
            if not settings.site_url:
                return None
            return f"{settings.site_url}{locale}/{page_link(name, fragment)}"
        return f"#{_part_id(name)}{fragment}" if fragment else f"#document-{name}"

    for name in edition.documents:
        target = translated[locale][name]
        view = document_view(target, links=inside, ids=_part_id(name))
        part = {"id": f"document-{name}", "target": view, "rows": None,
                "target_date": pages.long_date(target.meta["date"])
                if document_view(target)["date"] else ""}
        if pair:
            source = translated[pair][name]
            part.update(source=document_view(source, links=inside, ids=f"{_part_id(name)}source-"),
                        rows=aligned_rows(source, target, inside, _part_id(name)),
                        source_date=pair_pages.long_date(source.meta["date"])
                        if document_view(source)["date"] else "")
        parts.append(part)
    context = {
        **page_context(settings, pages, assets),
        "pair_fonts": Markup(font_stack(settings.fonts_for(pair))) if pair else "",
        "pair_locale": locale_info(pair) if pair else None,
        "cover": _cover(edition, texts, pages, locale),
        "script_css": Markup(script_css(list(dict.fromkeys([locale] + ([pair] if pair else []))),
                                        sizes=not pair)),
        "contents": texts.gettext(edition.contents),
        "parts": parts,
    }
    return render_template(env, "edition.html", context)


def render_editions_index(settings: Settings, env, editions: list[Edition],
                          texts: dict[str, Localizer]) -> str:
    """The list of editions and their packs (at <output>/editions/index.html)."""
    names = native_names(settings.all_locales)
    rows = []
    for edition in editions:
        packs = []
        for locale in edition.locales:
            info = locale_info(locale)
            heading = edition.title or edition.occasion or edition.name
            packs.append({"href": outputs.href(outputs.editions_index_path(),
                                               outputs.edition_path(edition.name, locale)),
                          "name": names[locale],
                          "tag": info.tag, "direction": info.direction,
                          "heading": texts[locale].gettext(heading),
                          "pair": names[edition.bilingual[locale]]
                          if locale in edition.bilingual else ""})
        rows.append({"name": edition.name, "packs": packs})
    source = _localizer(settings, settings.source_locale, settings.templates_domain, None)
    info = locale_info(settings.source_locale)
    return render_template(env, "editions.html", {**source.context(), "locale": info,
                                                  "editions": rows,
                                                  "assets": outputs.href(
                                                      outputs.editions_index_path(), ASSETS)})


def build_edition(settings: Settings, name: str, output: Path | None = None,
                  jobs: int | None = None, progress=None, pdf_variant: str = "pdf/ua-1",
                  print_shop: bool = False) -> EditionReport:
    """Write one PDF per locale of the edition ``name``, and the editions' index."""
    started = time.perf_counter()
    say = progress or (lambda message: None)
    documents = load_documents(settings)
    editions = load_editions(settings, [d.name for d in documents])
    edition = find_edition(editions, name, settings)
    out = (output or settings.output_dir).resolve()
    report = EditionReport(edition=name)
    env = make_environment(settings)
    chosen = [d for name in edition.documents for d in documents if d.name == name]
    needed = list(dict.fromkeys(list(edition.locales) + list(edition.bilingual.values())))
    with output_lock(out):
        for file, path in static_files(settings).items():
            atomic_write_bytes(out / ASSETS / file, path.read_bytes())
        addresses = _publish_images(settings, chosen, out, report)
        # Image addresses are written for pages one folder below the output.
        addresses = {src: "../" + address for src, address in addresses.items()}
        translated: dict[str, dict] = {}
        for locale in needed:
            translated[locale] = {}
            for document in chosen:
                catalog = load_catalog(settings, locale, document.name, report)
                result = translate_document(document, usable_translations(
                                                settings, catalog, locale, document.name),
                                            settings.source_locale, settings.numbering_for(locale),
                                            settings.numbering_for(settings.source_locale))
                relocate_images(result, addresses)
                translated[locale][document.name] = result
                if result.fallbacks:
                    report.fallbacks.setdefault(locale, {})[document.name] = [
                        f"{document.path.as_posix()}:{f.segment.line}: {f.reason}"
                        for f in result.fallbacks]
        texts = {locale: _localizer(settings, locale, DOMAIN, report)
                 for locale in settings.all_locales}
        pdf_jobs = []
        roots = (out, settings.documents_dir, settings.templates_dir, PACKAGE_TEMPLATES)
        for locale in edition.locales:
            pages = _localizer(settings, locale, settings.templates_domain, report)
            page = outputs.edition_path(edition.name, locale, "html")
            html_path = out / page
            _write(html_path, render_edition_page(settings, env, edition, locale, translated,
                                                  texts[locale], pages,
                                                  outputs.href(page, ASSETS)), report)
            pdf_path = out / outputs.edition_path(edition.name, locale)
            pdf_jobs.append(PdfJob(html_path=html_path, pdf_path=pdf_path,
                                   roots=roots, variant=pdf_variant, print_shop=print_shop))
            report.pdf_paths[locale] = pdf_path
            for domain, localizer in ((DOMAIN, texts[locale]),
                                      (settings.templates_domain, pages)):
                if localizer.fallbacks:
                    report.fallbacks.setdefault(locale, {})[domain] = list(localizer.fallbacks)
        _write(out / outputs.editions_index_path(),
               render_editions_index(settings, env, editions, texts), report)
        say(f"edition {edition.name}: rendering {len(pdf_jobs)} PDF(s)")
        with rendering_pdfs(pdf_jobs, _pool_size(jobs, len(pdf_jobs))) as results:
            report.pdfs = results()
        for result in report.pdfs:
            report.written.append(result.pdf_path)
            for url in result.refused:
                if url not in report.refused:
                    report.refused.append(url)
    report.seconds = time.perf_counter() - started
    return report
