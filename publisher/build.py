"""The build: the one place where the stages meet.

sources -> extract -> catalogs -> translate -> HTML -> PDF -> output folder.

Each page and PDF is written atomically, and a lock on the output folder
keeps two builds from writing it at once.  PDFs are rendered in a pool of
worker processes (one per core by default), each importing WeasyPrint once.
"""

from __future__ import annotations

import fcntl
import os
import time
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator

from .bilingual import render_bilingual
from .catalogs.model import Catalog
from .catalogs.update import read_catalog
from .catalogs.translations import Translations
from .config import Settings
from .errors import CatalogError, ConfigError
from .documents import local_images
from .extract import load_documents
from .fsutil import WriteError, atomic_write_bytes
from .html import (ASSETS, Cover, Localizer, make_environment, render_chooser, render_document_page,
                   render_locale_index, static_files)
from .pdf import PdfJob, PdfResult, render_pdf
from . import proof as proofing
from .pseudo import PSEUDO_LOCALES, is_pseudo, project_catalog as pseudo_catalog
from .sources import PACKAGE_TEMPLATES
from .translate import TranslatedDocument, relocate_images, translate_document
from .webfonts import site_webfonts

FORMATS = ("html", "pdf", "bilingual")
IMAGES = "images"

Progress = Callable[[str], None]


@dataclass
class BuildReport:
    written: list[Path] = field(default_factory=list)
    # locale -> domain -> what was shown in the source language: "file:line: why"
    # for document segments, the msgid for template strings
    fallbacks: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    missing_catalogs: list[Path] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)
    pdfs: list[PdfResult] = field(default_factory=list)
    seconds: float = 0.0
    locale_seconds: dict[str, float] = field(default_factory=dict)
    output: Path | None = None   # every write stays inside it (no symlinked way out)
    failed: dict[str, CatalogError] = field(default_factory=dict)  # locales not built, and why


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


@contextmanager
def output_lock(folder: Path) -> Iterator[None]:
    """Hold an exclusive lock on the output folder for the length of a build."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        # O_NOFOLLOW: a symlink in the lock's place must not be opened (or created through).
        fd = os.open(folder / ".publisher.lock", os.O_WRONLY | os.O_CREAT | os.O_NOFOLLOW, 0o666)
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


def _write(path: Path, text: str, report: BuildReport) -> None:
    atomic_write_bytes(path, text.encode("utf-8"), report.output)
    report.written.append(path)


def _publish_images(settings: Settings, documents: list, out: Path,
                    report: BuildReport) -> dict[str, str]:
    """Copy the documents' images into the output's assets; their addresses
    as the pages (one folder below the output) refer to them."""
    addresses: dict[str, str] = {}
    root = settings.documents_dir.resolve()
    for document in documents:
        for src, path in local_images(document, settings.documents_dir).items():
            relative = path.relative_to(root).as_posix()
            target = out / ASSETS / IMAGES / relative
            if atomic_write_bytes(target, path.read_bytes(), out):
                report.written.append(target)
            addresses[src] = f"../{ASSETS}/{IMAGES}/{relative}"
    return addresses


def _pool_size(jobs: int | None, count: int) -> int:
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    return max(1, min(jobs or cores, count))


@contextmanager
def rendering_pdfs(jobs: list[PdfJob], workers: int) -> Iterator[Callable[[], list[PdfResult]]]:
    """Start rendering PDFs (in worker processes when there are several) and
    give a function that waits for their results: the caller can do other
    work meanwhile."""
    if workers <= 1 or len(jobs) <= 1:
        yield lambda: [render_pdf(job) for job in jobs]
        return
    with ProcessPoolExecutor(max_workers=workers) as pool:
        futures = [pool.submit(render_pdf, job) for job in jobs]
        yield lambda: [future.result() for future in futures]


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


def build(settings: Settings, locales: list[str] | None = None,
          formats: tuple[str, ...] = FORMATS, output: Path | None = None,
          jobs: int | None = None, progress: Progress | None = None,
          pdf_variant: str = "pdf/ua-1", print_shop: bool = False,
          cover: Cover | None = None, documents: list[str] | None = None,
          proof: bool = False) -> BuildReport:
    """Build every document (or the ``documents`` named) in every requested
    locale and format.

    ``proof`` builds proof pages and PDFs (see ``proof.py``), by default into
    the proof folder beside the output folder, never into the output folder."""
    started = time.perf_counter()
    say = progress or (lambda message: None)
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
    out = (output or (proofing.proof_folder(settings.output_dir) if proof
                      else settings.output_dir)).resolve()
    report = BuildReport(output=out)
    documents = choose_documents(settings, load_documents(settings), documents)
    env = make_environment(settings)
    with output_lock(out):
        for name, path in static_files(settings).items():
            target = out / ASSETS / name
            atomic_write_bytes(target, path.read_bytes(), out)
        # Every catalog is read first: a locale with a broken one is not built
        # (its error is reported), and never stops the other locales.
        catalogs: dict[str, dict[str, Catalog | None]] = {}
        for locale in wanted:
            try:
                catalogs[locale] = {domain: load_catalog(settings, locale, domain, report)
                                    for domain in [settings.templates_domain,
                                                   *(d.name for d in documents)]}
            except CatalogError as error:
                report.failed[locale] = error
        if report.failed and not catalogs:   # nothing else to build: the error is the answer
            raise next(iter(report.failed.values()))
        wanted = [locale for locale in wanted if locale in catalogs]
        localizers: dict[str, Localizer] = {}
        template_catalogs: dict[str, Catalog | None] = {}
        for locale in [*settings.all_locales, *(l for l in wanted if is_pseudo(l))]:
            if locale in wanted:
                catalog = catalogs[locale][settings.templates_domain]
            else:   # only the language chooser needs it: a broken one must not stop this build
                try:
                    catalog = load_catalog(settings, locale, settings.templates_domain)
                except CatalogError:
                    catalog = None
            template_catalogs[locale] = catalog
            localizers[locale] = Localizer(Translations(catalog, locale), settings.source_locale,
                                           settings.numbering_for(locale),
                                           calendar=settings.calendar_for(locale))
        pdf_jobs: list[PdfJob] = []
        image_addresses = _publish_images(settings, documents, out, report)
        originals = {document.name: translate_document(
            document, Translations(None, settings.source_locale), settings.source_locale,
            settings.numbering_for(settings.source_locale),
            settings.numbering_for(settings.source_locale),
            settings.calendar_for(settings.source_locale),
            settings.calendar_for(settings.source_locale)) for document in documents}
        for original in originals.values():
            relocate_images(original, image_addresses)
        # What a PDF may read: the pages and assets, the documents (their images)
        # and the templates; not the rest of the project (its .git, its settings).
        roots = (out, settings.documents_dir, settings.templates_dir, PACKAGE_TEMPLATES)
        for locale in wanted:
            locale_started = time.perf_counter()
            localizer = localizers[locale]
            templates_po = settings.relative(settings.po_path(locale, settings.templates_domain))
            translated: list[TranslatedDocument] = []
            for document in documents:
                catalog = catalogs[locale][document.name]
                result = translate_document(document, Translations(catalog, locale),
                                            settings.source_locale,
                                            settings.numbering_for(locale),
                                            settings.numbering_for(settings.source_locale),
                                            settings.calendar_for(locale),
                                            settings.calendar_for(settings.source_locale))
                relocate_images(result, image_addresses)
                translated.append(result)
                po_shown = settings.relative(settings.po_path(locale, document.name))
                if result.fallbacks:
                    report.fallbacks.setdefault(locale, {})[document.name] = \
                        proofing.fallback_lines(result, catalog, po_shown)
                marks = proofing.proof_document(result, catalog, po_shown) \
                    if proof and locale != settings.source_locale else None
                html_path = out / locale / f"{document.name}.html"
                html = render_document_page(settings, env, localizer, result, cover)
                if marks is not None:
                    html = proofing.proof_page(html, marks, proofing.template_lines(
                        localizer.fallbacks, template_catalogs[locale], templates_po))
                    result.proof_marks.clear()
                if "html" in formats or "pdf" in formats:
                    _write(html_path, html, report)
                if "pdf" in formats:
                    pdf_jobs.append(PdfJob(html_path=html_path,
                                           pdf_path=out / locale / f"{document.name}.pdf",
                                           roots=roots,
                                           variant=pdf_variant, print_shop=print_shop,
                                           **proofing.pdf_options(marks, locale)))
                if "bilingual" in formats and locale != settings.source_locale:
                    pair_path = out / locale / f"{document.name}-bilingual.html"
                    _write(pair_path, render_bilingual(settings, env, localizer,
                                                       originals[document.name], result), report)
                    pdf_jobs.append(PdfJob(html_path=pair_path,
                                           pdf_path=out / locale / f"{document.name}-bilingual.pdf",
                                           roots=roots,
                                           variant=pdf_variant, print_shop=print_shop))
            _write(out / locale / "index.html",
                   render_locale_index(settings, env, localizer, translated), report)
            if localizer.fallbacks:
                report.fallbacks.setdefault(locale, {})[settings.templates_domain] = \
                    proofing.template_lines(localizer.fallbacks, template_catalogs[locale],
                                            templates_po)
            report.locale_seconds[locale] = time.perf_counter() - locale_started
            say(f"{locale}: {len(translated)} document(s) translated and rendered to HTML")
        _write(out / "index.html", render_chooser(settings, env, localizers, len(documents)),
               report)
        if pdf_jobs:
            say(f"rendering {len(pdf_jobs)} PDF(s)")
        # PDFs use the installed fonts, not the web fonts: both are made at once.
        with rendering_pdfs(pdf_jobs, _pool_size(jobs, len(pdf_jobs))) as results:
            if "html" in formats:
                say("subsetting web fonts")
                pages = list(report.written)
                for name, data in site_webfonts(settings, out, pages).items():
                    target = out / ASSETS / name
                    atomic_write_bytes(target, data, out)
                    report.written.append(target)
            report.pdfs = results()
            for job, result in zip(pdf_jobs, report.pdfs):
                locale = job.pdf_path.parent.name
                report.locale_seconds[locale] = report.locale_seconds.get(locale, 0) + result.seconds
                report.written.append(result.pdf_path)
                for url in result.refused:
                    if url not in report.refused:
                        report.refused.append(url)
    report.seconds = time.perf_counter() - started
    return report
