"""Minimal reproduction: WeasyPrint 70's text layer for complex scripts.

    python patches/actualtext_repro.py

Renders a few words of Hindi, Bengali, Tamil, Thai, Arabic, Hebrew, Persian
(words joined by a zero width non-joiner) and Urdu (Nastaliq) and
prints what pdftotext and pypdf read back next to what was printed.  With
WeasyPrint 70 as released, Hindi "विकास" comes back as "वकिास" or similar:
each glyph keeps the text of the first cluster where it was met.  With
weasyprint-70-actualtext.patch applied (or publisher.render.pdftext installed), the
clusters are wrapped in /ActualText and pdftotext reads the printed text;
and every glyph carries its own non-empty piece of its cluster's text (a
glyph needed with two texts drawn through a second code), so that readers
that ignore /ActualText (pypdf, pdf.js) read it too, and PDF/UA validators
find no empty ToUnicode entry (validation_repro.py).
"""

import subprocess
import sys
import tempfile
import unicodedata
from pathlib import Path

import weasyprint

SAMPLES = {
    "hi": "अंतरराष्ट्रीय सहयोग एवं विकास",
    "bn": "আন্তর্জাতিক সহযোগিতা ক্ষেত্রে",
    "ta": "தமிழ் மொழி கொண்டு பேசுகிறோம்",
    "th": "ภาษาไทยเป็นภาษาที่สวยงาม น้ำ",
    "ar": "تُعَدُّ الشَّرَاكَةُ بَيْنَ الْبَلَدَيْنِ",
    "he": "בְּרֵאשִׁית בָּרָא אֱלֹהִים",
    "fa": "همکاری\u200cهای بین\u200cالمللی",
    "ur": "سائنس و ٹیکنالوجی میں",
}


def main() -> int:
    if "--patched" in sys.argv:
        from publisher.render.pdftext import install
        print("installed:", install())
    body = "".join(f'<p lang="{lang}">{text}</p>' for lang, text in SAMPLES.items())
    with tempfile.TemporaryDirectory() as folder:
        pdf = Path(folder) / "repro.pdf"
        weasyprint.HTML(string=f'<meta charset="utf-8"><body>{body}</body>').write_pdf(pdf)
        extracted = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True,
                                   text=True).stdout
    extracted = unicodedata.normalize("NFC", extracted)
    wrong = 0
    for lang, text in SAMPLES.items():
        ok = unicodedata.normalize("NFC", text) in extracted
        wrong += not ok
        print(f"{lang}: {'ok   ' if ok else 'WRONG'} {text}")
    print("--- pdftotext:\n" + extracted)
    return 1 if wrong else 0


if __name__ == "__main__":
    sys.exit(main())
