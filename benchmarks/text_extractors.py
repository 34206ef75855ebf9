"""Paragraphs given back exactly, per text extractor, from built PDFs.

    .venv/bin/python benchmarks/text_extractors.py DIST [DIST ...]

For each output folder (a built sample: ``dist/<locale>/<document>.pdf``
beside its HTML page), every paragraph of every document PDF (bilingual
ones aside) is looked for in the text that poppler's pdftotext, pypdf and
pdf.js (npm pdfjs-dist, as Firefox's viewer reads it: ``make pdfjs``
installs it) read back, with the comparison of
tests/test_pdftext.py: NFC, whitespace, line-end hyphens and bidi marks
aside; a right-to-left paragraph counts when each of its words is found.
The word joiner U+2060, which publisher/render/pdftext.py gives the glyphs that
stand for no character of their own, is ignorable and set aside too.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from test_pdftext import article_blocks, marks_after_base, missing, pdftotext_pages, pypdf_pages, words  # noqa: E402

from publisher.core.locales import locale_info  # noqa: E402

IGNORABLE = dict.fromkeys(map(ord, "\u2060"))
SCRIPT = ROOT / "benchmarks" / "pdfjs_text.mjs"


def pdfjs_pages(paths: list[Path]) -> dict[Path, list[str]]:
    """Each PDF's pages as pdf.js reads them (one node process for all)."""
    out = subprocess.run(["node", str(SCRIPT), *map(str, paths)], capture_output=True,
                         text=True, check=True).stdout
    return {Path(record["path"]): record["pages"]
            for record in map(json.loads, out.splitlines())}


def count(dist: Path) -> dict[str, tuple[int, int, dict]]:
    pdfs = sorted(p for p in dist.glob("*/*.pdf") if not p.stem.endswith("-bilingual"))
    pdfjs = pdfjs_pages(pdfs)
    totals = {name: [0, 0, {}] for name in ("pdftotext", "pypdf", "pdf.js")}
    for pdf in pdfs:
        rtl = locale_info(pdf.parent.name).direction == "rtl"
        paragraphs = article_blocks(pdf.with_suffix(".html").read_text(encoding="utf-8"))
        poppler = pdftotext_pages(pdf)
        if rtl:   # pdftotext writes a mark before its base in right-to-left words
            poppler = poppler + [" ".join(marks_after_base(w) for w in words(page))
                                 for page in poppler]
        for name, pages in (("pdftotext", poppler), ("pypdf", pypdf_pages(pdf)),
                            ("pdf.js", pdfjs[pdf])):
            pages = [page.translate(IGNORABLE) for page in pages]
            for paragraph in paragraphs:
                totals[name][1] += 1
                if not missing([paragraph], pages, rtl):
                    totals[name][0] += 1
                else:
                    lost = totals[name][2].setdefault(pdf.parent.name, 0)
                    totals[name][2][pdf.parent.name] = lost + 1
    return {name: tuple(value) for name, value in totals.items()}


def main() -> None:
    for dist in map(Path, sys.argv[1:]):
        print(f"{dist}:")
        for name, (exact, total, lost) in count(dist).items():
            where = ", ".join(f"{locale} {n}" for locale, n in sorted(lost.items()))
            print(f"  {name:9} {exact}/{total} paragraphs exact; not exact: {where or 'none'}")


if __name__ == "__main__":
    main()
