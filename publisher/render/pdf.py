"""PDF rendering: an HTML page -> a print-ready PDF, through WeasyPrint.

WeasyPrint is imported only here and only when a PDF is made: importing it
loads Pango and HarfBuzz, which extraction and checks never need.

The URL fetcher reads local files only, and only inside the folders it is
given (the project, the output folder, the package's own templates): no
network, no ``file://`` outside, no device files, no symlink out.  What it
refuses is collected so the build can say so.
"""

from __future__ import annotations

import mimetypes
import stat
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from ..core.errors import RenderError
from ..core.fingerprints import file_digest, fingerprint, renderer_versions
from ..core.fonts import STYLE_PATTERNS, find_font
from ..sources.config import Settings

#: Largest file the renderer may read (images, fonts, stylesheets).
MAX_RESOURCE_BYTES = 64 * 1024 * 1024


@dataclass
class ContainedFetcher:
    """Resolve ``file:`` URLs inside ``roots``; refuse everything else."""

    roots: tuple[Path, ...]
    refused: list[str] = field(default_factory=list)
    # WeasyPrint 70 reads this private attribute of any fetcher when a fetch
    # fails (a plain callable raises AttributeError there): refusals must
    # only warn, so the page renders without the refused resource.
    _fail_on_errors = False

    def resolve(self, url: str) -> Path | None:
        parts = urlsplit(url)
        if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
            return None
        path = Path(unquote(parts.path))
        try:
            real = path.resolve(strict=True)
        except (OSError, RuntimeError):
            return None
        for root in self.roots:
            root = root.resolve()
            if real == root or root in real.parents:
                try:
                    info = real.stat()
                except OSError:
                    return None
                if stat.S_ISREG(info.st_mode) and info.st_size <= MAX_RESOURCE_BYTES:
                    return real
        return None

    def __call__(self, url: str, *args, **kwargs):
        return self.fetch(url)

    def fetch(self, url: str, headers=None):
        from weasyprint.urls import URLFetcherResponse

        if url.startswith("data:"):
            # Inline data needs no fetching; WeasyPrint decodes it itself.
            from weasyprint.urls import URLFetcher
            return URLFetcher(allowed_protocols={"data"}).fetch(url)
        path = self.resolve(url)
        if path is None:
            if url not in self.refused:
                self.refused.append(url)
            raise ValueError(f"refused to fetch {url}: only files inside the project are read")
        body = path.read_bytes()
        mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(path.as_uri(), body=body, headers={"Content-Type": mime})


#: Link targets a PDF may keep: the web, e-mail, and places in the document.
LINK_SCHEMES = ("http", "https", "mailto")


def _web_link(link: tuple, out: Path, site_url: str) -> tuple:
    """A link to a page of the output folder (another document, in another
    locale) made a link to where that page is published (``site_url``); a
    PDF cannot follow a relative address, and a file address names this
    machine."""
    kind, target = link[0], link[1]
    if kind != "external" or not site_url or not str(target).startswith("file:"):
        return link
    from urllib.parse import quote

    parts = urlsplit(str(target))
    try:
        relative = Path(unquote(parts.path)).resolve().relative_to(out.resolve())
    except ValueError:
        return link
    address = site_url + quote(relative.as_posix()) + (f"#{parts.fragment}" if parts.fragment else "")
    return (kind, address, *link[2:])


def _allowed_link(link: tuple) -> bool:
    kind, target = link[0], link[1]
    if kind == "internal":
        return True
    return kind == "external" and urlsplit(str(target)).scheme in LINK_SCHEMES


#: PDF variants publisher can write: accessible (tagged) by default, archival
#: and print-shop (PDF/X, see printshop.py) on request.
VARIANTS = ("pdf/ua-1", "pdf/a-3b", "pdf/x-4")


@dataclass
class PdfJob:
    html_path: Path      # the HTML page, already written
    pdf_path: Path       # where the PDF goes (written atomically)
    roots: tuple[Path, ...]
    variant: str = "pdf/ua-1"
    print_shop: bool = False
    # where the output folder (site_folder) is published (config.Settings.site_url)
    site_url: str = ""
    site_folder: Path | None = None
    # (element id, text): a PDF text annotation beside each element (proof PDFs)
    notes: tuple[tuple[str, str], ...] = ()
    notes_side: str = "left"    # the margin the notes go in: "right" for right-to-left pages


@dataclass
class PdfResult:
    pdf_path: Path
    pages: int
    seconds: float
    refused: list[str]
    text_layer_exact: bool = True   # False: another WeasyPrint, see pdftext.py
    # Copyfitting (a document's ``fit:``): the pages asked for, the type size
    # used (1.0: as designed), and whether the content pages still exceed it.
    fit: int | None = None
    scale: float = 1.0
    overflow: bool = False


#: Copyfitting: a page that must fit in ``fit`` pages and does not is
#: rendered again with its type (and, with it, the leading, which is relative)
#: reduced in steps of FIT_STEP down to FIT_FLOOR of the designed size.
FIT_STEP = 0.025
FIT_FLOOR = 0.85
#: Named pages that are not counted as content (print.css: the cover, an
#: edition's contents).
UNCOUNTED_PAGES = ("cover", "front")


def fit_scales(step: float = FIT_STEP, floor: float = FIT_FLOOR) -> list[float]:
    """The type sizes copyfitting tries, largest first: 0.975, 0.95 ... 0.85."""
    scales, count = [], 1
    while round(1 - step * count, 4) >= floor - 1e-9:
        scales.append(round(1 - step * count, 4))
        count += 1
    return scales


def largest_fitting(scales: list[float], fits) -> float | None:
    """The largest of ``scales`` (largest first) for which ``fits`` holds,
    or None: the floor first (a page that cannot fit costs one more
    rendering), then by halves, as smaller type never takes more pages."""
    if not scales or not fits(scales[-1]):
        return None
    low, high = 0, len(scales) - 1      # scales[high] fits
    while low < high:
        middle = (low + high) // 2
        if fits(scales[middle]):
            high = middle
        else:
            low = middle + 1
    return scales[high]


def page_fit(root) -> int | None:
    """The pages a rendered HTML page asks its PDF to fit in (its
    ``<meta name="publisher-fit-pages">``), or None.  ``root`` is the page's
    parsed tree (xml.etree)."""
    from .typography import FIT_META

    for element in root.iter("meta"):
        if element.get("name") == FIT_META:
            value = (element.get("content") or "").strip()
            return int(value) if value.isdigit() and int(value) > 0 else None
    return None


def content_pages(document) -> int:
    """Pages of a rendered document that count: not a cover, not contents."""
    return sum(1 for page in document.pages
               if getattr(getattr(page, "_page_box", None), "page_type", None) is None
               or page._page_box.page_type.name not in UNCOUNTED_PAGES)


def _root_font_size(document) -> float | None:
    """The root element's font size in CSS pixels, as the page's own
    stylesheets set it (WeasyPrint 70 keeps it on the first page's root box)."""
    try:
        return float(document.pages[0]._page_box.children[0].style["font_size"])
    except (AttributeError, IndexError, KeyError, TypeError, ValueError):
        return None


def copyfit_css(root_px: float, scale: float) -> str:
    """The user stylesheet that scales the type: the root's size, which every
    size in ``rem`` or ``em`` and every unitless leading follows."""
    return f"html {{ font-size: {root_px * scale:.4f}px !important; }}"


def load_renderer() -> None:
    """Load WeasyPrint (Pango, HarfBuzz): a worker does it before its first job."""
    import weasyprint  # noqa: F401


def render_pdf(job: PdfJob) -> PdfResult:
    """Render one HTML page to PDF (atomically) and report what happened."""
    import logging
    import time

    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    from ..core.fsutil import atomic_write_bytes
    from .pdftext import install as exact_text_layer
    from .printshop import PRINT_SHOP_CSS, fix_pdfx_identity, set_bleed_boxes, source_date

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    started = time.perf_counter()
    if job.variant not in VARIANTS:
        raise RenderError(f"unknown PDF variant {job.variant!r}", hint="use " + " or ".join(VARIANTS))
    exact = exact_text_layer()
    fetcher = ContainedFetcher(job.roots)
    fonts = FontConfiguration()
    try:
        html = HTML(filename=str(job.html_path), url_fetcher=fetcher, media_type="print")
        # The output intent PDF/X declares: WeasyPrint's own sRGB profile.
        intent = "srgb" if job.variant.startswith("pdf/x") else None
        stylesheets = [CSS(string=PRINT_SHOP_CSS, font_config=fonts)] if job.print_shop else []

        def render(extra: list) -> object:
            return html.render(font_config=fonts, stylesheets=stylesheets + extra,
                               pdf_tags=job.variant == "pdf/ua-1", output_intent=intent)

        document = render([])
        fit, scale = page_fit(html.etree_element), 1.0
        overflow = bool(fit) and content_pages(document) > fit
        root_px = _root_font_size(document) if overflow else None
        if root_px:
            trials: dict[float, object] = {}

            def fits(step: float) -> bool:
                trials[step] = render([CSS(string=copyfit_css(root_px, step), font_config=fonts)])
                return content_pages(trials[step]) <= fit

            found = largest_fitting(fit_scales(), fits)
            if found is not None:
                document, scale, overflow = trials[found], found, False
            # Even the floor does not fit: the page keeps its designed size
            # (the build warns), rather than smaller type on as many pages.
        for page in document.pages:
            links = [_web_link(link, job.site_folder, job.site_url) for link in page.links] \
                if job.site_folder is not None else page.links
            page.links[:] = [link for link in links if _allowed_link(link)]
        if intent:   # PDF/X stamps the clock unless given dates: SOURCE_DATE_EPOCH's
            document.metadata.created = document.metadata.created or source_date()
            document.metadata.modified = document.metadata.modified or source_date()
        identity = job.html_path.read_bytes() + job.variant.encode()

        def finish(document_, pdf) -> None:
            if job.notes:
                add_notes(document_, pdf, notes=job.notes, side=job.notes_side)
            if job.print_shop:
                set_bleed_boxes(pdf)
            if intent:
                fix_pdfx_identity(pdf, identity)
            if job.variant.startswith("pdf/a"):
                uncompress_metadata(pdf)
            describe_links(document_)

        data = document.write_pdf(pdf_variant=job.variant, output_intent=intent, finisher=finish)
    except Exception as exc:  # WeasyPrint raises many kinds; name the page
        raise RenderError(f"cannot render the PDF: {exc}", path=str(job.html_path)) from None
    atomic_write_bytes(job.pdf_path, data, root=job.roots[0])
    return PdfResult(job.pdf_path, len(document.pages), time.perf_counter() - started,
                     fetcher.refused, exact, fit=fit, scale=scale, overflow=overflow)


#: The size of a note's icon on the page, in points.
NOTE_SIZE = 12


def add_notes(document, pdf, notes: tuple[tuple[str, str], ...], side: str = "left") -> None:
    """Add a text annotation (a "sticky note") beside each element ``notes``
    names by id, holding its text, in the margin where its first line starts
    (``side``); WeasyPrint calls this through ``write_pdf(finisher=...)``
    before it writes the file."""
    import pydyf

    texts = dict(notes)
    kids = pdf.pages["Kids"][::3]     # each page is referred to as "N 0 R"
    for number, page in enumerate(document.pages):
        # an element split across pages has an anchor on each: note it once
        found = [(name, box, texts.pop(name)) for name, box in page.anchors.items()
                 if name in texts]
        if not found:
            continue
        pdf_page = pdf.objects[kids[number]]
        annotations = pdf_page.setdefault("Annots", pydyf.Array())
        width = page.width * 0.75
        for name, (x1, y1, x2, _y2), text in sorted(found, key=lambda i: (i[1][1], i[1][0])):
            if side == "right":
                left = min(x2 * 0.75 + 10, width - NOTE_SIZE)
            else:
                left = max(x1 * 0.75 - NOTE_SIZE - 10, 0)
            top = (page.height - y1) * 0.75
            annotation = pydyf.Dictionary({
                "Type": "/Annot", "Subtype": "/Text", "Name": "/Comment",
                "Rect": pydyf.Array([left, top - NOTE_SIZE, left + NOTE_SIZE, top]),
                "Contents": pydyf.String(text),
                "T": pydyf.String(name), "NM": pydyf.String(name),
                "F": 4, "P": pdf_page.reference,
            })
            pdf.add_object(annotation)
            annotations.append(annotation.reference)
            tag_annotation(pdf, annotation, pdf_page.reference)


def describe_links(document) -> None:
    """Each link annotation's /Contents, its alternate description (PDF/UA-1
    7.18.5, Matterhorn 28-012): the link's own text, as a screen reader says
    it, not WeasyPrint's bare address or anchor name; the address follows for
    a link to the web."""
    import pydyf

    for page in document.pages:
        for kind, target, _rect, box in page.links:
            annotation = getattr(box, "link_annotation", None)
            element = getattr(box, "element", None)
            if annotation is None or element is None or "Contents" not in annotation:
                continue
            text = " ".join("".join(element.itertext()).split())
            if text and kind == "external" and text != target:
                text = f"{text} ({target})"
            annotation["Contents"] = pydyf.String(text or str(target))


def uncompress_metadata(pdf) -> None:
    """The catalog's XMP metadata stream without a Filter, readable by
    tools that know no PDF filters.  PDF/A-1 (ISO 19005-1, 6.7.2) forbids
    the Filter; PDF/A-2 and -3 (6.6.2.1) do not, but a validator checks it
    there too (docs/pdf-validation.md).  WeasyPrint 70 leaves it uncompressed
    for PDF/A-1 only."""
    if "Metadata" in pdf.catalog:
        _object(pdf, pdf.catalog["Metadata"]).compress = False


def _object(pdf, reference):
    """The pydyf object a reference (``b"12 0 R"``) names."""
    return pdf.objects[int(reference.split()[0])]


def tag_annotation(pdf, annotation, page_reference) -> None:
    """Nest an annotation in an ``Annot`` structure element at the end of
    the document's structure (PDF/UA-1 7.18.1, Matterhorn 28-002), with its
    ``StructParent`` in the parent tree; untagged PDFs (PDF/A, PDF/X) are
    left as they are."""
    import pydyf

    if "StructTreeRoot" not in pdf.catalog:
        return
    root = _object(pdf, pdf.catalog["StructTreeRoot"])
    document = _object(pdf, root["K"][0])
    nums = _object(pdf, root["ParentTree"])["Nums"]
    key = max((nums[i] for i in range(0, len(nums), 2)), default=-1) + 1
    reference = pydyf.Dictionary({"Type": "/OBJR", "Obj": annotation.reference,
                                  "Pg": page_reference})
    pdf.add_object(reference)
    element = pydyf.Dictionary({"Type": "/StructElem", "S": "/Annot", "P": root["K"][0],
                                "Pg": page_reference, "K": pydyf.Array([reference.reference])})
    pdf.add_object(element)
    document["K"].append(element.reference)
    annotation["StructParent"] = key
    nums.extend([key, element.reference])


def fast_subsetting_available() -> bool:
    """Whether HarfBuzz's subsetter is there (fontTools' is ~80x slower on CJK)."""
    import ctypes.util

    return ctypes.util.find_library("harfbuzz-subset") is not None or any(
        Path(p).exists() for p in ("/usr/lib/x86_64-linux-gnu/libharfbuzz-subset.so.0",
                                   "/usr/lib/aarch64-linux-gnu/libharfbuzz-subset.so.0"))


# -- the cache key of a PDF ------------------------------------------------------

_FONT_DIGESTS: dict[tuple[str, int, int], str] = {}


def installed_fonts() -> str:
    """Which fonts are installed (fontconfig's list): a new or removed font can
    change which one draws a character."""
    try:
        listing = subprocess.run(["fc-list", "--format", "%{file}|%{index}|%{family}|%{style}\\n"],
                                 capture_output=True, text=True, timeout=30).stdout
    except (OSError, subprocess.SubprocessError):
        listing = ""
    return "\n".join(sorted(listing.splitlines()))


def font_files(settings: Settings, locale: str) -> list[Path]:
    """The font files of a locale's font stack, every style."""
    found = []
    for family in settings.fonts_for(locale):
        for style in STYLE_PATTERNS:
            face = find_font(family, style)
            if face is not None and face.path not in found:
                found.append(face.path)
    return found


def fonts_key(settings: Settings, locale: str, installed: str | None = None) -> str:
    """The fonts a locale's PDFs are drawn with; ``installed``: fontconfig's
    list, when the caller has read it already (once per build)."""
    digests = []
    for path in font_files(settings, locale):
        info = path.stat()
        # The hash of a file is remembered for one process only, by its
        # identity on disk: fonts are large and used by many locales.
        stamp = (str(path), info.st_size, info.st_mtime_ns)
        if stamp not in _FONT_DIGESTS:
            _FONT_DIGESTS[stamp] = file_digest(path)
        digests.append(f"{path}:{_FONT_DIGESTS[stamp]}")
    return fingerprint(installed_fonts() if installed is None else installed, *digests)


def pdf_key(job: PdfJob, options: str, html: str, resources: str, images: str,
            fonts: str) -> str:
    """The key of a PDF's inputs: its page's bytes, the stylesheets
    (``resources``), the document's images, the fonts of its locale
    (``fonts_key``), the renderer's versions, the build's options
    (``options``: variant, print shop, page size) and the job's own (the
    notes of a proof PDF)."""
    return fingerprint(renderer_versions(), options,
                       repr(sorted({"notes": job.notes, "notes_side": job.notes_side}.items())),
                       html, resources, images, fonts)
