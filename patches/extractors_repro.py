"""Minimal reproductions: what the text extractors themselves lose (to be
filed upstream with poppler, pypdf and pdf.js).

    python patches/extractors_repro.py [--patched]

Each case is a few words rendered by WeasyPrint 70 (with ``--patched``,
with publisher's text layer installed: the results are the same), read back
by pdftotext, pypdf and, where node and pdfjs-dist are installed (``make
pdfjs``), pdf.js; each reading is printed beside what was printed.  The
text in the PDF is right in every case: the glyphs are drawn in visual
order with exact ToUnicode entries.

- poppler: two table cells whose lines are set 1.8 apart (the leading of
  Devanagari, Bengali, Thai, Khmer... and of CJK) are read line by line
  across the cells; at 1.45 each cell is read whole.
- all three: Adlam (U+1E900, the supplementary plane) is right-to-left, but
  none of them knows it: each word comes back reversed.
- pypdf: a right-to-left line's runs come back in visual order ("2027 במרץ
  14" for "14 במרץ 2027"), the Arabic-Indic digits of a number reversed
  ("٤١" for "١٤"), a sentence's full stop at the start of its line.
- pdf.js: a text item ends at each marked-content operator and a
  right-to-left line's items are read from the left: a word whose raised
  mark is drawn inside /ActualText (publisher's layer, for pdftotext) comes
  back cut and reversed ("ترجمُتلم" for "لم تُترجم").
"""

import json
import shutil
import subprocess
import sys
import tempfile
import unicodedata
from pathlib import Path

import weasyprint

HERE = Path(__file__).resolve().parent
PDFJS = HERE.parent / "benchmarks" / "pdfjs_text.mjs"

TABLE = ('<style>body {{ font: 11pt "Noto Serif"; line-height: {} }} td {{ vertical-align: top }}'
         '</style><table style="width: 100%; table-layout: fixed"><tr><td>No one shall be subjected to torture or to cruel, inhuman or degrading treatment.</td>'
         '<td>No one shall be subjected to arbitrary arrest, detention or exile ever again.</td>'
         '</tr></table>')
CASES = {
    "poppler, leading 1.45": ("en", "ltr", TABLE.format(1.45),
                              "No one shall be subjected to torture or to cruel, inhuman"),
    "poppler, leading 1.8": ("en", "ltr", TABLE.format(1.8),
                             "No one shall be subjected to torture or to cruel, inhuman"),
    "Adlam": ("ff-Adlm", "rtl", "𞤖𞤢𞤴 𞤲𞤫𞤯𞥆𞤮", "𞤖𞤢𞤴 𞤲𞤫𞤯𞥆𞤮"),
    "Hebrew date": ("he", "rtl", "14 במרץ 2027", "14 במרץ 2027"),
    "Arabic-Indic digits": ("ar", "rtl", "١٤ مارس ٢٠٢٧", "١٤ مارس ٢٠٢٧"),
    "Hebrew full stop": ("he", "rtl", "מוצגים באנגלית.", "מוצגים באנגלית."),
    "Arabic raised mark": ("ar", "rtl", "لم تُترجم", "لم تُترجم"),
}


def squash(text: str) -> str:
    drop = "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2060"
    return "".join(c for c in unicodedata.normalize("NFC", text) if not c.isspace() and c not in drop)


def readers(pdf: Path) -> dict[str, str]:
    from pypdf import PdfReader

    read = {"pdftotext": subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True,
                                        text=True).stdout,
            "pypdf": "\n".join(p.extract_text() for p in PdfReader(str(pdf)).pages)}
    if shutil.which("node"):
        done = subprocess.run(["node", str(PDFJS), str(pdf)], capture_output=True)
        if done.returncode == 0:
            read["pdf.js"] = "".join(json.loads(done.stdout)["pages"])
    return read


def main() -> int:
    if "--patched" in sys.argv:
        from publisher.render.pdftext import install
        print("installed:", install())
    lost = 0
    with tempfile.TemporaryDirectory() as folder:
        for name, (lang, direction, body, expected) in CASES.items():
            pdf = Path(folder) / "case.pdf"
            weasyprint.HTML(string=f'<!DOCTYPE html><html lang="{lang}" dir="{direction}">'
                            f'<meta charset="utf-8"><body><p>{body}</p></body></html>'
                            ).write_pdf(pdf)
            for reader, text in readers(pdf).items():
                ok = squash(expected) in squash(text)
                lost += not ok
                print(f"{name:24} {reader:9} {'ok   ' if ok else 'LOST '} "
                      f"{' '.join(text.split())[:70]!r}")
    return 1 if lost else 0


if __name__ == "__main__":
    sys.exit(main())
