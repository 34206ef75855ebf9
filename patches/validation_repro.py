"""Minimal reproduction: what WeasyPrint 70 writes that PDF/UA-1 and PDF/A
validators (page-validation, pdfua) or the standards reject.

    python patches/validation_repro.py

Renders one small page as released (or, with ``--patched``, with
publisher's extensions, the same change as the two patches beside this
file) and prints:

- page's PDF/UA-1 findings: "malformed ToUnicode CMap" (glyphs of Hindi
  clusters mapped to empty text: ``<0259> <>``);
- page's PDF/A-3b findings for the same page as PDF/A-3b: the XMP metadata
  stream compressed (a Filter key; forbidden by ISO 19005-1 6.7.2, checked
  by page for parts 2 and 3 too);
- what no validator checks: the German paragraph inside an English page
  has no /Lang (ISO 14289-1 7.2), the link around emphasis puts the
  emphasis' annotation in a Span, not a Link (7.18.5), and the link's
  /Contents is its bare address.
"""

import sys
import tempfile
from pathlib import Path

import page
import pypdf
import weasyprint

HTML = ('<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Repro</title></head>'
        '<body><p lang="hi">अंतरराष्ट्रीय सहयोग एवं विकास</p>'
        '<p lang="de">Lesen Sie <a href="https://example.org/">den <em>Bericht</em></a>.</p>'
        '</body></html>')


def structure(path: Path) -> list[str]:
    reader = pypdf.PdfReader(path)
    lines = []

    def walk(node, depth=0):
        node = node.get_object()
        if "/S" in node:
            lines.append("  " * depth + str(node["/S"]) + (f" /Lang {node['/Lang']}"
                                                            if "/Lang" in node else ""))
        kids = node.get("/K")
        for kid in kids if isinstance(kids, list) else [kids] if kids is not None else []:
            kid = kid.get_object() if hasattr(kid, "get_object") else kid
            if isinstance(kid, dict) and "/S" in kid:
                walk(kid, depth + 1)
            elif isinstance(kid, dict) and kid.get("/Type") == "/OBJR":
                lines.append("  " * (depth + 1) + "annotation, /Contents "
                             + repr(str(kid["/Obj"].get_object().get("/Contents"))))

    walk(reader.trailer["/Root"]["/StructTreeRoot"])
    return lines


def main() -> int:
    if "--patched" in sys.argv:
        from publisher.render.pdftext import install
        print("installed:", install())
    with tempfile.TemporaryDirectory() as folder:
        ua, archival = Path(folder) / "ua.pdf", Path(folder) / "a.pdf"
        document = weasyprint.HTML(string=HTML)
        document.write_pdf(ua, pdf_variant="pdf/ua-1")
        document.write_pdf(archival, pdf_variant="pdf/a-3b")
        found = 0
        for path, profile in ((ua, "ua1"), (archival, "3b")):
            report = page.validate_pdf(path, profile=profile)
            found += len(report.failures)
            print(f"{profile}: {'conformant' if report.is_compliant else 'NOT conformant'}")
            for failure in report.failures:
                print(f"  {failure.rule_id}: {failure.message}")
        print("structure of the PDF/UA-1 file:")
        print("\n".join(structure(ua)))
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
