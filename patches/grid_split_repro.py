"""WeasyPrint 70: an item of a CSS grid row that is split across pages
(here the right column of a two-column row, after a left column that
ended on the first page) continues on the next page inside the top margin,
over the running header, instead of below the margin.  The bilingual PDF's
pairs are such rows (found by the script matrix: Sinhala's bilingual PDF).

    python patches/grid_split_repro.py

prints the tops of page 2's lines: the first is the running header (in the
margin, right); the second should be at 56.7 pt or lower (the 20 mm margin)
and is at about 29 pt.
"""

import subprocess
import tempfile
from pathlib import Path

from weasyprint import HTML

ITEM = "<li>" + "word " * 40 + "</li>"
PAGE = f"""<style>
@page {{ size: A4; margin: 20mm; @top-center {{ content: "running header" }} }}
body {{ font: 10pt/1.45 serif; }}
.pair {{ display: grid; grid-template-columns: 1fr 1fr; column-gap: 9mm; }}
.pair > div > :first-child {{ margin-block-start: 0; }}
</style>
<p style="height: 245mm; margin: 0">filler</p>
<div class="pair"><div><ul><li>short</li><li>short two</li></ul></div>
<div><ul>{ITEM * 3}</ul></div></div>"""

with tempfile.TemporaryDirectory() as folder:
    pdf = Path(folder) / "grid.pdf"
    HTML(string=PAGE).write_pdf(pdf)
    layout = subprocess.run(["pdftotext", "-f", "2", "-l", "2", "-bbox-layout", str(pdf), "-"],
                            capture_output=True, text=True, check=True).stdout
    tops = sorted({float(line.split('yMin="')[1].split('"')[0])
                   for line in layout.split("<line ")[1:]})
    print("page 2, tops of its lines (pt):", [round(top, 1) for top in tops[:3]],
          "- the top margin ends at 56.7")
