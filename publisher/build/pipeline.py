"""The build: the one place where the stages meet.

sources -> extract -> catalogs -> translate -> HTML -> PDF -> output folder.

``build`` reads top to bottom as its stages: plan what to make, publish the
assets, translate and render the pages, render the PDFs (a pool of worker
processes, longest first) while the web fonts are cut, then remove the
outputs of documents and locales that no longer exist.

Each output is made again only when what makes its bytes changed: pages are
rendered in memory and written only when their bytes differ; a PDF is keyed
by the hash of its page, the files the page uses, the fonts of its locale,
the renderer's version and the options (render.pdf.pdf_key), and taken from the
build cache when the key is known.  Every file is written atomically, and a
lock on the output folder keeps two builds from writing it at once.
"""

from __future__ import annotations

import fcntl
import os
import threading
import time
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable, Iterator

from ..catalogs.model import Catalog
from ..catalogs.pagewords import package_keys
from ..catalogs.translations import Translations
from ..catalogs.update import read_catalog
from ..core import outputs
from ..core.errors import CatalogError, ConfigError, SourceError
from ..core.fsutil import WriteError, atomic_write_bytes
from ..core.locales import locale_info
from ..core.outputs import ASSETS
from ..extract.pot import load_documents_apart
from ..render import proof as proofing
from ..render.bilingual import render_bilingual
from ..render.html import (
    EVERYTHING,
    Cover,
    Localizer,
    PageKeys,
    Published,
    images_key,
    make_environment,
    render_chooser,
    render_document_page,
    render_locale_index,
    resources_key,
    static_files,
)
from ..render.pdf import PdfJob, PdfResult, fonts_key, installed_fonts, pdf_key
from ..render.webfonts import site_webfonts, webfont_file_key, webfonts_key
from ..sources.config import Settings
from ..sources.documents import Document, local_images, localized_image
from ..sources.lookup import PACKAGE_TEMPLATES
from ..translate.document import TranslatedDocument, image_key, relocate_images, translate_document
from ..translate.pseudo import PSEUDO_LOCALES, is_pseudo
from ..translate.pseudo import project_catalog as pseudo_catalog
from . import jobs as pdf_jobs
from .cache import CACHE_DIR, BuildCache, output_id, safe_output
from .jobs import Event

FORMATS = ("html", "pdf", "bilingual")
IMAGES = "images"
WEBFONTS_OUTPUT = "web fonts"

Progress = Callable[[Event], None]


class BuildStopped(Exception):
    """Raised by a signal handler to stop a build (SIGTERM); the build ends
    its workers and keeps what it finished, as for Ctrl-C."""

    def __init__(self, signal_number: int) -> None:
        super().__init__(f"stopped by signal {signal_number}")
        self.signal_number = signal_number


@dataclass
class BuildReport:
    written: list[Path] = field(default_factory=list)
    # locale -> domain -> what was shown in the source language: "file:line: why"
    # for document segments, the msgid for template strings
    fallbacks: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    missing_catalogs: list[Path] = field(default_factory=list)
    # catalogs none of whose translations is used (their header refused):
    # (locale, domain) -> (shown path, the check's code, its message, translated entries)
    refused_catalogs: dict[tuple[str, str], tuple[str, str, str, int]] = field(default_factory=dict)
    refused: list[str] = field(default_factory=list)
    pdfs: list[PdfResult] = field(default_factory=list)
    seconds: float = 0.0
    locale_seconds: dict[str, float] = field(default_factory=dict)
    # outputs (relative to the output folder) by what happened to them
    built: list[str] = field(default_factory=list)
    reused: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    not_built: list[str] = field(default_factory=list)
    stopped: bool = False
    output: Path | None = None   # every write stays inside it (no symlinked way out)
    failed: dict[str, CatalogError] = field(default_factory=dict)  # locales not built, and why
    # [publish] threshold: what was not published, "ne: 42% translated, 80% required"
    withheld: list[str] = field(default_factory=list)
    # documents not built (unreadable, bad front matter, a missing image), and why
    failed_documents: list[SourceError] = field(default_factory=list)
    cache_folder: Path | None = None
    worker_rss_kb: dict[int, list[int]] = field(default_factory=dict)

    @property
    def pdf_renders(self) -> int:
        return len(self.pdfs)


@dataclass(frozen=True)
class Plan:
    """What a build makes: the locales, documents and formats asked for."""

    out: Path
    locales: list[str]
    formats: tuple[str, ...]
    documents: list[Document]          # every document of the project
    chosen: frozenset[str]             # the documents whose pages and PDFs to make
    shard: tuple[int, int] | None      # (index from 1, count)
    proof: bool = False
    # documents that cannot be built, with why (their old outputs are kept)
    broken: tuple[SourceError, ...] = ()


def load_catalog(settings: Settings, locale: str, domain: str,
                 report: BuildReport | None = None) -> Catalog | None:
    """The locale's catalog for ``domain``, or None when it does not exist yet."""
    if is_pseudo(locale):
        return pseudo_catalog(settings, locale, domain)
    path = settings.po_path(locale, domain)
    if not path.exists():
        if report is not None and locale != settings.source_locale:
            report.missing_catalogs.append(path)
        return None
    return read_catalog(settings, path)


def lock_path(folder: Path) -> Path:
    """The lock file of an output folder: beside it (``.dist.publisher.lock``),
    never inside, so it is not published with the site."""
    return folder.parent / f".{folder.name}.publisher.lock"


def usable_translations(settings: Settings, catalog: Catalog | None, locale: str,
                        domain: str) -> Translations:
    """The translations of ``catalog`` the build may use: those ``check``
    accepts, by the same checks (``catalogs.checks.refusals``, with the
    template flags the sources give and the locale's fonts); the others fall
    back to the source text.  Pseudo-locales are made from the sources and
    are not checked."""
    if catalog is None or locale == settings.source_locale or is_pseudo(locale):
        return Translations(catalog, locale)
    from ..catalogs.checks import refusals
    from ..extract.pot import template_flags
    from ..gate.glyphs import coverage

    fonts = coverage(tuple(settings.fonts_for(locale)), locale)
    document = domain != settings.templates_domain
    return Translations(catalog, locale, refusals(
        catalog, locale, document=document,
        flags_of=(lambda message: ()) if document else template_flags,
        coverage=fonts if fonts.found else None))


@contextmanager
def output_lock(folder: Path) -> Iterator[None]:
    """Hold an exclusive lock on the output folder for the length of a build."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        # O_NOFOLLOW: a symlink in the lock's place must not be opened (or created through).
        fd = os.open(lock_path(folder), os.O_WRONLY | os.O_CREAT | os.O_NOFOLLOW, 0o666)
    except OSError as exc:
        raise WriteError(f"cannot create the output folder or its lock file: "
                         f"{exc.strerror or exc}", path=str(folder),
                         hint="check that the folder is writable and is a folder, "
                              "not a file or a symlink") from None
    with open(fd, "w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise ConfigError("another build is writing this output folder", path=str(folder),
                              hint="wait for it to finish, or build into another folder") from None
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _pool_size(jobs: int | None, count: int) -> int:
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    return max(1, min(jobs or cores, count))


def parse_shard(text: str) -> tuple[int, int]:
    """``I/N`` -> (I, N), 1 <= I <= N."""
    try:
        index, count = (int(part) for part in text.split("/"))
    except ValueError:
        raise ConfigError(f"shard {text!r} is not I/N", hint="write e.g. --shard 1/4") from None
    if not 1 <= index <= count:
        raise ConfigError(f"shard {text!r}: I must be between 1 and N", hint="e.g. --shard 1/4")
    return index, count


def choose_documents(settings: Settings, documents: list, names: list[str] | None) -> list:
    """The documents named (all when None), in the project's order."""
    if not names:
        return documents
    known = [d.name for d in documents]
    for name in names:
        if name not in known:
            raise ConfigError(f"the project has no document named {name!r}",
                              path=settings.relative(settings.documents_dir),
                              hint="known: " + ", ".join(known))
    return [d for d in documents if d.name in names]


# --- the stages, in order --------------------------------------------------------

def plan_build(settings: Settings, locales: list[str] | None, formats: tuple[str, ...],
               output: Path | None, documents: list[str] | None,
               shard: tuple[int, int] | None, proof: bool = False) -> Plan:
    """Check the request against the project and say what to make."""
    wanted = list(locales or settings.all_locales)
    for name in wanted:
        if name not in settings.all_locales and not is_pseudo(name):
            raise ConfigError(f"locale {name!r} is not in the project's settings",
                              path=settings.relative(settings.settings_path) if settings.settings_path else None,
                              hint="choose one of " + ", ".join(settings.all_locales)
                              + ", or a pseudo-locale: " + ", ".join(PSEUDO_LOCALES))
    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        raise ConfigError(f"unknown format {unknown[0]!r}", hint="use " + ", ".join(FORMATS))
    if shard is not None and not 1 <= shard[0] <= shard[1]:
        raise ConfigError(f"shard {shard[0]}/{shard[1]}: I must be between 1 and N")
    loaded, broken = load_documents_apart(settings)
    for error in broken:   # a document named on the command line must be built
        if documents and error.document in documents:     # type: ignore[attr-defined]
            raise error
    if broken and not loaded:
        raise broken[0]
    chosen = frozenset(d.name for d in choose_documents(settings, loaded, documents))
    # proof pages and PDFs (proof.py) go beside the output folder, never into it
    out = output or settings.output_dir
    out = proofing.proof_folder(out) if proof else out
    proofing.check_output_folder(out, proof, settings.output_dir)
    return Plan(out.resolve(), wanted, tuple(formats), loaded, chosen, shard, proof,
                tuple(broken))


def publish_assets(settings: Settings, plan: Plan, report: BuildReport) -> dict[str, str]:
    """Copy the stylesheets and the documents' images into the assets folder;
    the images' addresses as the pages (one folder below the output) use them."""
    for name, path in static_files(settings).items():
        _write(plan.out, f"{ASSETS}/{name}", path.read_bytes(), report)
    return _publish_images(settings, plan.documents, plan.out, report)


def _publish_images(settings: Settings, documents: list, out: Path,
                    report: BuildReport) -> dict[str, str]:
    """Copy the documents' images into the output's assets; their addresses
    as the pages (one folder below the output) refer to them."""
    addresses: dict[str, str] = {}
    root = settings.documents_dir.resolve()
    for document in documents:
        for src, path in local_images(document, settings.documents_dir).items():
            relative = path.relative_to(root).as_posix()
            _write(out, f"{ASSETS}/{IMAGES}/{relative}", path.read_bytes(), report)
            addresses[src] = f"../{ASSETS}/{IMAGES}/{relative}"
            # each locale's own copy (chart.de.png), where it has one
            for locale in settings.all_locales:
                variant = localized_image(path, locale, settings.documents_dir)
                if variant is not None:
                    relative = variant.relative_to(root).as_posix()
                    _write(out, f"{ASSETS}/{IMAGES}/{relative}", variant.read_bytes(), report)
                    addresses[image_key(src, locale)] = f"../{ASSETS}/{IMAGES}/{relative}"
    return addresses


@contextmanager
def rendering_pdfs(jobs: list[PdfJob], workers: int,
                   scratch: Path | None = None) -> Iterator[Callable[[], list[PdfResult]]]:
    """Start rendering PDFs in the pool and give a function that waits for
    their results (in the jobs' order) and writes them: the caller can do
    other work meanwhile.  For callers without a cache (editions)."""
    import tempfile

    with tempfile.TemporaryDirectory(prefix="publisher-") as tmp:
        with pdf_jobs.running(jobs, scratch or Path(tmp), workers) as results:
            def collect() -> list[PdfResult]:
                done: dict[Path, PdfResult] = {}
                for rendered in results:
                    if rendered.error is not None:
                        raise rendered.error
                    atomic_write_bytes(rendered.job.pdf_path, rendered.data,
                                       rendered.job.roots[0])
                    done[rendered.job.pdf_path] = PdfResult(
                        rendered.job.pdf_path, rendered.pages, rendered.seconds,
                        rendered.refused, rendered.text_layer_exact)
                return [done[job.pdf_path] for job in jobs]
            yield collect


Catalogs = dict[str, dict[str, Catalog | None]]


def read_catalogs(settings: Settings, plan: Plan, report: BuildReport) -> tuple[Plan, Catalogs]:
    """Every catalog, read first: a locale with a broken one is not built (its
    error is reported) and never stops the other locales."""
    catalogs: Catalogs = {}
    for locale in plan.locales:
        try:
            # A missing templates.po is no news where the package has page
            # words for the locale: what still shows in English is reported.
            quiet = package_keys(locale)
            catalogs[locale] = {domain: load_catalog(
                settings, locale, domain,
                None if quiet and domain == settings.templates_domain else report)
                for domain in [settings.templates_domain, *(d.name for d in plan.documents)]}
        except CatalogError as error:
            report.failed[locale] = error
            continue
        if locale == settings.source_locale or is_pseudo(locale):
            continue
        from ..catalogs.checks import header_refusal
        for domain, catalog in catalogs[locale].items():
            refusal = header_refusal(catalog, locale) if catalog is not None else None
            if refusal is not None:     # none of its translations is used: said once
                report.refused_catalogs[(locale, domain)] = (
                    settings.relative(settings.po_path(locale, domain)), refusal.code,
                    refusal.message, catalog.statistics()["translated"])
    if report.failed and not catalogs:   # nothing else to build: the error is the answer
        raise next(iter(report.failed.values()))
    return replace(plan, locales=[l for l in plan.locales if l in catalogs]), catalogs


def publication(settings: Settings, plan: Plan, catalogs: Catalogs,
                report: BuildReport) -> tuple[Plan, Published]:
    """What the site publishes by ``[publish]``: a locale whose share of
    strings translated (counted as ``check`` counts: reviewed translations
    of the current source strings) is below its threshold is left out, and
    so is a document below its own in a published locale; the report says
    so.  Proof builds publish everything (that is where the rest is seen).
    Every locale counts, not only those built, since every page's language
    menu and hreflang name them."""
    rules = settings.publish
    if plan.proof or not (rules.threshold or rules.locales or rules.documents):
        return plan, EVERYTHING
    from ..catalogs.model import percent
    from ..extract.pot import templates_catalog
    from ..sources.lookup import effective_templates

    strings = {settings.templates_domain: {m.key for m in templates_catalog(
        effective_templates(settings), settings.templates_domain).active()}}
    for document in plan.documents:
        strings[document.name] = {(None, s.text) for s in document.segments
                                  if s.needs_translation}
    published, withheld = set(), {}
    for locale in settings.all_locales:
        if locale == settings.source_locale:
            continue
        done, total, documents = 0, 0, set()
        for domain, keys in strings.items():
            if locale in catalogs and domain in catalogs[locale]:
                catalog = catalogs[locale][domain]
            else:
                try:
                    catalog = load_catalog(settings, locale, domain)
                except CatalogError:
                    catalog = None
            have = {m.key for m in catalog.messages if m.translated} if catalog else set()
            count = len(keys & have)
            done, total = done + count, total + len(keys)
            needed = rules.threshold_for(locale, domain)
            if domain != settings.templates_domain and percent(count, len(keys)) < needed:
                documents.add(domain)
                report.withheld.append(f"{locale} {domain}: {percent(count, len(keys)):g}% "
                                       f"translated, {needed:g}% required")
        needed = rules.threshold_for(locale, None)
        if percent(done, total) < needed:
            report.withheld.append(f"{locale}: {percent(done, total):g}% translated, "
                                   f"{needed:g}% required")
            continue
        published.add(locale)
        if documents:
            withheld[locale] = frozenset(documents)
    shown = Published(frozenset(published), withheld)
    # a locale left out is said once, not with each of its documents
    report.withheld = [line for line in report.withheld
                       if " " not in line.split(":")[0] or line.split(" ")[0] in published]
    return replace(plan, locales=[l for l in plan.locales if is_pseudo(l)
                                  or l == settings.source_locale or shown.has(l)]), shown


def make_localizers(settings: Settings, plan: Plan, catalogs: Catalogs) -> dict[str, Localizer]:
    """The template strings of every locale (the chooser names them all); the
    templates catalog each used is kept in ``catalogs``."""
    localizers: dict[str, Localizer] = {}
    for locale in [*settings.all_locales, *(l for l in plan.locales if is_pseudo(l))]:
        if locale in plan.locales:
            catalog = catalogs[locale][settings.templates_domain]
        else:   # only the language chooser needs it: a broken one must not stop this build
            try:
                catalog = load_catalog(settings, locale, settings.templates_domain)
            except CatalogError:
                catalog = None
        catalogs.setdefault(locale, {})[settings.templates_domain] = catalog
        localizers[locale] = Localizer.of(
            settings, locale, usable_translations(settings, catalog, locale, settings.templates_domain))
    return localizers


@dataclass
class Pages:
    """What the page stage made: the pages (written or unchanged) and the PDF
    jobs they call for, with the key of each PDF's inputs."""

    html: list[Path] = field(default_factory=list)
    pdf_jobs: list[PdfJob] = field(default_factory=list)
    keys: dict[Path, str] = field(default_factory=dict)
    font_keys: dict[str, str] = field(default_factory=dict)   # by locale


def render_pages(settings: Settings, plan: Plan, catalogs: Catalogs,
                 localizers: dict[str, Localizer],
                 images: dict[str, str], options: str, cover: Cover | None,
                 report: BuildReport, say: Progress, cache: BuildCache | None = None,
                 published: Published = EVERYTHING) -> Pages:
    """Translate every document into every locale, write its pages, and list
    the PDFs to make.  Index pages list every document whatever the subset.

    A page whose inputs (see ``_page_keys``) are those of a page in the
    cache is taken from there, with what its rendering reported: a build
    that changes nothing translates nothing."""
    env = make_environment(settings)
    pages = Pages()
    source = settings.source_locale
    originals: dict[str, TranslatedDocument] = {}

    def original(document: Document) -> TranslatedDocument:
        if document.name not in originals:
            originals[document.name] = translate_document(
                document, Translations(None, source), source, settings.numbering_for(source),
                settings.numbering_for(source), settings.calendar_for(source),
                settings.calendar_for(source))
            relocate_images(originals[document.name], images)
        return originals[document.name]

    # What a PDF may read: the pages and assets, the documents (their images)
    # and the templates; not the rest of the project (its .git, its settings).
    roots = (plan.out, settings.documents_dir, settings.templates_dir, PACKAGE_TEMPLATES)
    resources = resources_key(settings)
    keys = PageKeys(settings, images, cover, "pdf" in plan.formats, published.key()) \
        if cache is not None and not plan.proof else None
    installed = installed_fonts()    # once: fontconfig's list takes some 50 ms to read
    for locale in plan.locales:
        started = time.perf_counter()
        localizer = localizers[locale]
        fonts = fonts_key(settings, locale, installed)
        pages.font_keys[locale] = fonts
        templates_po = settings.relative(settings.po_path(locale, settings.templates_domain))
        listed: list[TranslatedDocument] = []     # for the index page
        whole: dict[str, Callable[[], TranslatedDocument]] = {}
        for document in plan.documents:
            if not published.has(locale, document.name) and locale != source:
                continue        # left out by [publish]: neither made nor listed
            catalog = catalogs[locale][document.name]
            usable = usable_translations(settings, catalog, locale, document.name)

            def translated(document=document, usable=usable, fields_only=False):
                result = translate_document(document, usable, source,
                                            settings.numbering_for(locale),
                                            settings.numbering_for(source),
                                            settings.calendar_for(locale),
                                            settings.calendar_for(source), fields_only=fields_only)
                relocate_images(result, images)
                return result
            stems = []
            if document.name in plan.chosen:
                if {"html", "pdf"} & set(plan.formats):
                    stems.append(outputs.stem(locale, document.name))
                if "bilingual" in plan.formats and locale != source:
                    stems.append(outputs.stem(locale, document.name, bilingual=True))
            page_keys = keys.of(locale, document, stems, catalogs[locale]) \
                if keys is not None and not is_pseudo(locale) else {}
            hits = {stem: cache.get_page(key, outputs.page_of(stem), locale_info(locale).tag)
                    for stem, key in page_keys.items()} if cache is not None else {}
            made: list[tuple[str, str]] = []
            marks = None
            if all(hits.get(stem) is not None for stem in stems):
                # every page from the cache (or none to make: another subset's
                # document): the index needs only the front matter
                for stem in stems:
                    html, entry = hits[stem]
                    made.append((stem, html))
                    _merge(localizer.fallbacks, entry.template_fallbacks)
                    if entry.fallbacks:
                        report.fallbacks.setdefault(locale, {})[document.name] = entry.fallbacks
                listed.append(translated(fields_only=True))
                whole[document.name] = translated
            else:
                result = translated()
                listed.append(result)
                po_shown = settings.relative(settings.po_path(locale, document.name))
                lines = proofing.fallback_lines(result, catalog, po_shown) \
                    if result.fallbacks else []
                if lines:
                    report.fallbacks.setdefault(locale, {})[document.name] = lines
                marks = proofing.proof_document(result, catalog, po_shown) \
                    if plan.proof and locale != source else None
                for stem in stems:
                    # each page's template strings that fell back, on its own
                    before, localizer.fallbacks = localizer.fallbacks, []
                    if stem.endswith(outputs.BILINGUAL):
                        html = render_bilingual(settings, env, localizer, original(document),
                                                result)
                    else:
                        html = render_document_page(settings, env, localizer, result, cover,
                                                    pdf="pdf" in plan.formats,
                                                    published=published)
                        if localizer.fallbacks and not result.fallbacks:
                            # template strings in the source language: the page says so
                            localizer.fallbacks = []
                            html = render_document_page(settings, env, localizer, result,
                                                        cover, pdf="pdf" in plan.formats,
                                                        published=published, partial=True)
                    own, localizer.fallbacks = localizer.fallbacks, before
                    _merge(localizer.fallbacks, own)
                    if marks is not None and not stem.endswith(outputs.BILINGUAL):
                        html = proofing.proof_page(html, marks, proofing.template_lines(
                            localizer.fallbacks, catalogs[locale][settings.templates_domain],
                            templates_po))
                        result.proof_marks.clear()
                    if stem in page_keys:
                        cache.put_page(page_keys[stem], html, lines, own, outputs.page_of(stem))
                    made.append((stem, html))
            for stem, html in made:
                path = _page(plan.out, outputs.page_of(stem), html, report, pages, say, locale,
                             document.name)
                if stem.endswith(outputs.BILINGUAL) or "pdf" in plan.formats:
                    extra = {} if stem.endswith(outputs.BILINGUAL) or not plan.proof \
                        else proofing.pdf_options(marks, locale)
                    job = PdfJob(html_path=path, pdf_path=plan.out / outputs.pdf_of(stem), roots=roots,
                                 site_url=settings.site_url, site_folder=plan.out, **extra)
                    pages.pdf_jobs.append(job)
                    pages.keys[job.pdf_path] = pdf_key(job, options, html, resources,
                                                       images_key(document, settings), fonts)
        before, localizer.fallbacks = localizer.fallbacks, []
        index = render_locale_index(settings, env, localizer, listed, whole,
                                    pdf="pdf" in plan.formats, published=published)
        if localizer.fallbacks:     # template strings in the source language: it says so
            index = render_locale_index(settings, env, localizer, listed, whole,
                                        pdf="pdf" in plan.formats, published=published,
                                        partial=True)
        _merge(before, localizer.fallbacks)
        localizer.fallbacks = before
        _page(plan.out, outputs.index_path(locale), index, report, pages, say, locale)
        if localizer.fallbacks:
            report.fallbacks.setdefault(locale, {})[settings.templates_domain] = \
                proofing.template_lines(localizer.fallbacks,
                                        catalogs[locale][settings.templates_domain], templates_po)
        report.locale_seconds[locale] = time.perf_counter() - started
    _page(plan.out, outputs.index_path(None),
          render_chooser(settings, env, localizers, len(plan.documents), published),
          report, pages, say)
    return pages


def _merge(into: list[str], more: list[str]) -> None:
    """Add to ``into`` the items of ``more`` it does not hold yet, in order."""
    for item in more:
        if item not in into:
            into.append(item)


def choose_pdf_jobs(pages: Pages, plan: Plan, cache: BuildCache) -> list[PdfJob]:
    """This build's share of the PDF jobs, longest first."""
    chosen = pages.pdf_jobs
    if plan.shard is not None:
        index, count = plan.shard
        # Shares are balanced on the page sizes, which every shard knows alike.
        items = [(_relative(plan.out, job.pdf_path), float(job.html_path.stat().st_size))
                 for job in chosen]
        owner = pdf_jobs.shard_of(items, count)
        chosen = [job for job in chosen if owner[_relative(plan.out, job.pdf_path)] == index - 1]

    def cost(job: PdfJob) -> float:
        last = cache.costs.get(_relative(plan.out, job.pdf_path))
        # about 1 s per 40 kB of page where there is no last time to go by
        return last if last is not None else job.html_path.stat().st_size / 40_000
    return pdf_jobs.order_by_cost(chosen, cost)


def render_pdfs(settings: Settings, plan: Plan, pages: Pages, chosen: list[PdfJob],
                cache: BuildCache, workers: int | None, variant: str, print_shop: bool,
                report: BuildReport, say: Progress) -> None:
    """Take each PDF from the cache or render it (in the pool), and cut the
    web fonts while the workers render: PDFs use the installed fonts."""
    todo: list[PdfJob] = []
    for job in chosen:
        relative = _relative(plan.out, job.pdf_path)
        hit = cache.get(pages.keys[job.pdf_path], relative)
        if hit is not None:
            data, entry = hit
            if atomic_write_bytes(job.pdf_path, data, plan.out):
                report.written.append(job.pdf_path)
            report.reused.append(relative)
            for url in entry.notes:
                if url not in report.refused:
                    report.refused.append(url)
            say(Event("done", relative, *_names(relative), action="reused", pages=entry.pages))
        else:
            todo.append(replace(job, variant=variant, print_shop=print_shop))
    report.not_built = [_relative(plan.out, job.pdf_path) for job in todo]
    say(Event("stage", f"rendering {len(todo)} PDF(s)" if todo else "checking the PDFs"))
    with pdf_jobs.running(todo, cache.scratch(), _pool_size(workers, len(todo))) as results:
        # every page in the output folder counts, not only this build's (a
        # subset build must not cut the glyphs other pages use)
        webfonts = _Background(_webfont_files, settings, plan, pages, cache) \
            if pages.html else None
        for rendered in results:
            relative = _relative(plan.out, rendered.job.pdf_path)
            if rendered.error is not None:
                raise rendered.error
            atomic_write_bytes(rendered.job.pdf_path, rendered.data, plan.out)
            cache.put(pages.keys[rendered.job.pdf_path], rendered.data, rendered.seconds,
                      rendered.pages, rendered.refused, relative)
            cache.costs[relative] = rendered.seconds
            report.written.append(rendered.job.pdf_path)
            report.built.append(relative)
            report.not_built.remove(relative)
            report.pdfs.append(PdfResult(rendered.job.pdf_path, rendered.pages, rendered.seconds,
                                         rendered.refused, rendered.text_layer_exact,
                                         rendered.fit, rendered.scale, rendered.overflow))
            report.worker_rss_kb.setdefault(rendered.worker, []).append(rendered.worker_rss_kb)
            locale = rendered.job.pdf_path.parent.name
            report.locale_seconds[locale] = report.locale_seconds.get(locale, 0) + rendered.seconds
            for url in rendered.refused:
                if url not in report.refused:
                    report.refused.append(url)
            say(Event("done", relative, *_names(relative), action="built",
                      seconds=rendered.seconds, pages=rendered.pages))
        if webfonts is not None:
            say(Event("stage", "cutting the web fonts"))
            files, action, seconds = webfonts.result()
            for name, data in files.items():
                _write(plan.out, f"{ASSETS}/{name}", data, report)
            (report.built if action == "built" else report.reused).append(WEBFONTS_OUTPUT)
            say(Event("done", WEBFONTS_OUTPUT, action=action, seconds=seconds))


def remove_stale(settings: Settings, plan: Plan, pages: Pages, cache: BuildCache,
                 report: BuildReport, published: Published = EVERYTHING) -> None:
    """Remove the outputs publisher wrote earlier for documents or locales
    that no longer exist, or that ``[publish]`` now leaves out; files
    publisher did not write are never touched."""
    folder = output_id(plan.out, settings.root)
    known = set(cache.outputs.get(folder, ()))
    current = {_relative(plan.out, path) for path in report.written}
    current |= {_relative(plan.out, path) for path in pages.html}
    current |= {_relative(plan.out, job.pdf_path) for job in pages.pdf_jobs}
    names = {document.name for document in plan.documents}
    out = os.path.realpath(plan.out)
    names |= {getattr(error, "document", "") for error in plan.broken}   # kept as they were
    for relative in sorted(known - current):
        parts = relative.split("/")
        target = plan.out / relative
        if not safe_output(relative) or os.path.realpath(target.parent) != \
                os.path.join(out, *parts[:-1]):
            # not a path publisher writes (``..``, a symlinked folder on the
            # way): whatever the index says, nothing outside the output folder
            # is touched
            continue
        what = outputs.parse(relative)
        if what is not None and what.kind == "asset":
            gone = parts[1:2] == [IMAGES] and not (settings.documents_dir / "/".join(parts[2:])).is_file()
        elif what is not None and what.locale is not None and what.kind != "edition":
            gone = what.locale not in settings.all_locales or \
                (what.document is not None and what.document not in names)
            if what.locale != settings.source_locale and not is_pseudo(what.locale):
                gone = gone or not published.has(what.locale, what.document)
        else:
            gone = False
        if gone:
            (plan.out / relative).unlink(missing_ok=True)
            report.removed.append(relative)
            try:
                (plan.out / parts[0]).rmdir()   # only when now empty
            except OSError:
                pass
        else:
            current.add(relative)
    cache.outputs[folder] = sorted(current)


def build(settings: Settings, locales: list[str] | None = None,
          formats: tuple[str, ...] = FORMATS, output: Path | None = None,
          jobs: int | None = None, progress: Progress | None = None,
          pdf_variant: str = "pdf/ua-1", print_shop: bool = False,
          cover: Cover | None = None, documents: list[str] | None = None,
          shard: tuple[int, int] | None = None, force: bool = False,
          cache_folder: Path | None = None, proof: bool = False,
          report: BuildReport | None = None) -> BuildReport:
    """Build the documents in the requested locales and formats, making again
    only what changed; ``force`` ignores the cache.  ``report``: the caller's
    own, filled as the build goes, so that a build stopped by Ctrl-C or a
    signal (which is raised on) still tells its caller what it made."""
    started = time.perf_counter()
    say = progress or (lambda event: None)
    plan = plan_build(settings, locales, formats, output, documents, shard, proof)
    report = report if report is not None else BuildReport()
    report.output = plan.out
    report.failed_documents = list(plan.broken)
    # SOURCE_DATE_EPOCH: the dates a print-shop PDF carries
    options = (f"{pdf_variant}|print-shop={print_shop}|page={settings.page_size}"
               f"|site={settings.site_url}"
               f"|date={os.environ.get('SOURCE_DATE_EPOCH', '')}")
    cache = BuildCache.open(cache_folder or settings.root / CACHE_DIR, enabled=not force,
                            keep=settings.cache_keep)
    report.cache_folder = cache.folder
    with output_lock(plan.out):
        if plan.proof:
            atomic_write_bytes(plan.out / proofing.MARKER, b"proof pages: never published\n",
                               plan.out)
        try:
            say(Event("stage", "reading the catalogs"))
            plan, catalogs = read_catalogs(settings, plan, report)
            plan, published = publication(settings, plan, catalogs, report)
            images = publish_assets(settings, plan, report)
            localizers = make_localizers(settings, plan, catalogs)
            say(Event("plan", total=_expected_outputs(settings, plan)))
            say(Event("stage", "making the pages"))
            pages = render_pages(settings, plan, catalogs, localizers, images, options, cover,
                                 report, say, cache, published)
            chosen = choose_pdf_jobs(pages, plan, cache)
            say(Event("plan", total=len(pages.html) + len(chosen) + bool(pages.html)))
            render_pdfs(settings, plan, pages, chosen, cache, jobs, pdf_variant, print_shop,
                        report, say)
            say(Event("stage", "removing outputs of removed documents"))
            remove_stale(settings, plan, pages, cache, report, published)
        except (KeyboardInterrupt, BuildStopped):
            report.stopped = True
            raise
        finally:
            report.seconds = time.perf_counter() - started
            cache.close()
            cache.save()
    return report


@dataclass
class CleanReport:
    removed: list[Path] = field(default_factory=list)    # outputs
    objects: int = 0                                      # cache objects deleted
    cache_removed: bool = False


def clean(settings: Settings, output: Path | None = None, whole_cache: bool = False,
          cache_folder: Path | None = None) -> CleanReport:
    """Remove the outputs publisher wrote (those the cache lists for the output
    folder and its proof folder: never a file it did not write, nor a path
    outside them), and collect the cache: entries no build used in the last
    ``[cache] keep`` builds and the objects no entry refers to; with
    ``whole_cache``, remove the cache folder itself (a symlink in its place
    is removed, not followed)."""
    import shutil

    report = CleanReport()
    folder = cache_folder or settings.root / CACHE_DIR
    if whole_cache and os.path.islink(folder):
        os.unlink(folder)
        report.cache_removed = True
        return report
    cache = BuildCache.open(folder, keep=settings.cache_keep)
    out = (output or settings.output_dir).resolve()
    for place in (out, proofing.proof_folder(out)):
        key = output_id(place, settings.root)
        if not place.is_dir():
            continue
        with output_lock(place):
            real = os.path.realpath(place)
            listed, cache.outputs[key] = cache.outputs.get(key, []), []
            for relative in listed:
                parts = relative.split("/")
                target = place / relative
                if not safe_output(relative) or os.path.realpath(target.parent) != \
                        os.path.join(real, *parts[:-1]) or not target.is_file():
                    continue
                target.unlink()
                report.removed.append(target)
            for top, _, _ in sorted(os.walk(place), key=lambda item: -len(item[0])):
                try:
                    if top != str(place):
                        os.rmdir(top)      # only when now empty
                except OSError:
                    pass
            (place / ".publisher.lock").unlink(missing_ok=True)
            (place / proofing.MARKER).unlink(missing_ok=True)
        try:
            place.rmdir()
        except OSError:
            pass
    if whole_cache:
        if folder.is_dir():
            shutil.rmtree(folder)
            report.cache_removed = True
        return report
    if folder.is_dir():
        before = _count_objects(folder)
        cache.scratch()         # removes the scratch folders of builds that died
        cache.close()
        cache.save()
        report.objects = max(0, before - _count_objects(folder))
    return report


def _count_objects(folder: Path) -> int:
    objects = folder / "objects"
    return sum(len(files) for _, _, files in os.walk(objects)) if objects.is_dir() else 0


# --- helpers ----------------------------------------------------------------------

def _expected_outputs(settings: Settings, plan: Plan) -> int:
    """About how many outputs the build makes (before its PDFs are counted
    exactly): for the progress display."""
    shards = plan.shard[1] if plan.shard else 1
    per_locale = 1
    for locale in plan.locales:
        bilingual = "bilingual" in plan.formats and locale != settings.source_locale
        pages = bool({"html", "pdf"} & set(plan.formats)) + bilingual
        pdfs = ("pdf" in plan.formats) + bilingual
        per_locale += len(plan.chosen) * pages + round(len(plan.chosen) * pdfs / shards) + 1
    return per_locale + ("html" in plan.formats)


def _relative(out: Path, path: Path) -> str:
    return path.relative_to(out).as_posix()


def _names(relative: str) -> tuple[str, str]:
    """(locale, document) of an output's relative path (core.outputs)."""
    what = outputs.parse(relative)
    if what is None or what.locale is None:
        return "", ""
    return what.locale, what.document or "index"


def _write(out: Path, relative: str, data: bytes, report: BuildReport) -> bool:
    target = out / relative
    written = atomic_write_bytes(target, data, out)
    if written:
        report.written.append(target)
    return written


def _page(out: Path, relative: str, html: str, report: BuildReport, pages: Pages, say: Progress,
          locale: str = "", document: str = "") -> Path:
    written = _write(out, relative, html.encode("utf-8"), report)
    (report.built if written else report.reused).append(relative)
    pages.html.append(out / relative)
    say(Event("done", relative, locale, document, action="built" if written else "reused"))
    return out / relative


class _Background:
    """A function run in a thread of its own: the web fonts are cut while the
    main thread reports the PDFs as they come.  A daemon thread, so a stopped
    build does not wait for it; it writes nothing in the output folder.  Its
    outcome travels in a Future: ``result()`` returns the value or raises
    the function's own error in the main thread."""

    def __init__(self, function, *args) -> None:
        self._future: Future = Future()
        self._thread = threading.Thread(target=self._run, args=(function, args), daemon=True)
        self._thread.start()

    def _run(self, function, args) -> None:
        self._future.set_running_or_notify_cancel()
        try:
            value = function(*args)
        except BaseException as error:  # raised again by result(), in the main thread
            self._future.set_exception(error)
        else:
            self._future.set_result(value)

    def result(self):
        while True:
            try:        # in slices: Ctrl-C still reaches the main thread
                return self._future.result(timeout=0.2)
            except FutureTimeout:
                continue


def _webfont_files(settings: Settings, plan: Plan, pages: Pages,
                   cache: BuildCache) -> tuple[dict[str, bytes], str, float]:
    """The web fonts of the pages, from the cache when the pages and fonts are
    those of a build before: (files by path in the assets, built or reused,
    seconds)."""
    started = time.perf_counter()
    every = set(pages.html)
    for folder in [plan.out / locale for locale in plan.locales]:
        if folder.is_dir() and not folder.is_symlink():
            every |= {p for p in folder.glob("*.html") if p.is_file() and not p.is_symlink()}
    key = webfonts_key(settings, plan.out, every,
                       [pages.font_keys.get(locale) or fonts_key(settings, locale)
                        for locale in plan.locales])
    manifest = cache.get(key, WEBFONTS_OUTPUT)
    files: dict[str, bytes] | None = None
    if manifest is not None:
        files = {}
        for line in manifest[0].decode("utf-8").splitlines():
            name, _, sub = line.partition("\t")
            hit = cache.get(sub, f"{WEBFONTS_OUTPUT}/{name}") if safe_output(name) else None
            if hit is None:
                files = None
                break
            files[name] = hit[0]
    action = "reused"
    if files is None:
        action = "built"
        files = site_webfonts(settings, plan.out, every)
        lines = []
        for name, data in sorted(files.items()):
            sub = webfont_file_key(key, name)
            cache.put(sub, data, claim=f"{WEBFONTS_OUTPUT}/{name}")
            lines.append(f"{name}\t{sub}")
        cache.put(key, "\n".join(lines).encode("utf-8"), claim=WEBFONTS_OUTPUT)
    return files, action, time.perf_counter() - started
