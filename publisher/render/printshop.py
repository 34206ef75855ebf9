"""The print-shop profile of a PDF: 3 mm bleed, a slug area outside it with
crop and registration marks, and boxes a prepress check reads.

WeasyPrint 70 draws crop marks from the media edge over half of the CSS
bleed, and sets the PDF BleedBox at most 10 pt outside the TrimBox.  With
the CSS bleed alone at 3 mm, the marks would sit inside the bleed, where the
cut can reach.  So the CSS bleed here is the bleed plus the slug: the marks
fall in the outer half of the slug, and a finisher sets each page's
BleedBox to exactly the bleed around the TrimBox.

PDF/X: WeasyPrint 70 offers X-1a, X-3, X-4 and X-5g.  Pages here are RGB
and the only profile WeasyPrint ships is sRGB, so publisher offers X-4 (RGB
allowed under an RGB output intent); X-1a wants CMYK only, X-3 and X-5g a
characterized printing condition (a CMYK ICC profile) the project does not
have.  WeasyPrint writes no output intent unless ``output_intent`` is given
to ``render``: pdf.py passes ``srgb``.
"""

from __future__ import annotations

MM = 72 / 25.4
#: What the printer may cut into, and the slug outside it that holds the marks.
BLEED_MM = 3
SLUG_MM = 12

PRINT_SHOP_CSS = f"@page {{ bleed: {BLEED_MM + SLUG_MM}mm; marks: crop cross; }}"

#: PDF/X variants for print shops.
PDFX_VARIANTS = ("pdf/x-4",)


def set_bleed_boxes(pdf, bleed_pt: float = BLEED_MM * MM) -> None:
    """WeasyPrint finisher: every page's BleedBox is the TrimBox plus the bleed."""
    import pydyf

    for item in pdf.objects:
        if isinstance(item, pydyf.Dictionary) and "TrimBox" in item:
            left, top, right, bottom = (float(v) for v in item["TrimBox"])
            item["BleedBox"] = pydyf.Array([left - bleed_pt, top - bleed_pt,
                                            right + bleed_pt, bottom + bleed_pt])


def source_date() -> str | None:
    """SOURCE_DATE_EPOCH as an ISO date-time (UTC), when it is set."""
    import datetime as _dt
    import os

    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not value.isdigit():
        return None
    moment = _dt.datetime.fromtimestamp(int(value), _dt.timezone.utc)
    return moment.strftime("%Y-%m-%dT%H:%M:%S+00:00")


def fix_pdfx_identity(pdf, identity: bytes) -> None:
    """WeasyPrint finisher: PDF/X-4's XMP DocumentID is a random UUID in
    WeasyPrint 70; make it a digest of the page's source, so same inputs
    give the same bytes."""
    import hashlib
    import re
    import uuid

    import pydyf

    digest = hashlib.sha256(identity).digest()[:16]
    document_id = f"xmp.did:{uuid.UUID(bytes=digest, version=5)}".encode()
    for item in pdf.objects:
        if isinstance(item, pydyf.Stream) and str(item.extra.get("Type")) == "/Metadata":
            item.stream[:] = [re.sub(rb"xmp\.did:[0-9a-f-]{36}", document_id, part)
                              if isinstance(part, bytes) else part for part in item.stream]
