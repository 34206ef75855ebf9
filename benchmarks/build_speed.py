"""Build speed and memory: per locale, per page, one process against a pool.

Run:  .venv/bin/python benchmarks/build_speed.py [--repeat 3]

It builds the project's documents into a temporary folder and measures
1. each locale's PDF rendered alone in a fresh process (wall time with the
   interpreter start, render time inside the process, pages, peak memory);
2. the same PDFs built by one `publisher build --format pdf` (a worker pool);
3. the full build (HTML, PDF and bilingual PDF, every locale).
Figures are printed as Markdown tables, for benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable

RENDER_ONE = r"""
import json, resource, sys, time
from pathlib import Path
started = time.perf_counter()
from publisher.render.pdf import PdfJob, render_pdf
imported = time.perf_counter()
html, pdf, root, out, templates = sys.argv[1:6]
result = render_pdf(PdfJob(Path(html), Path(pdf), (Path(root), Path(out), Path(templates))))
print(json.dumps({"import": imported - started, "render": result.seconds, "pages": result.pages,
                  "maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def run(command: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, check=True, cwd=ROOT, capture_output=True)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    from publisher.sources.config import load_settings
    from publisher.sources.lookup import PACKAGE_TEMPLATES

    settings = load_settings(ROOT)
    documents = [p.stem for p in settings.document_paths()]
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "dist"
        publisher = [PYTHON, "-m", "publisher", "build", "--output", str(out)]
        run(publisher + ["--format", "html"])
        rows = {}
        for locale in settings.all_locales:
            samples = []
            for _ in range(args.repeat):
                for name in documents:
                    html = out / locale / f"{name}.html"
                    started = time.perf_counter()
                    line = subprocess.run(
                        [PYTHON, "-c", RENDER_ONE, str(html), str(out / locale / f"{name}.pdf"),
                         str(settings.root), str(out), str(PACKAGE_TEMPLATES)],
                        check=True, capture_output=True, text=True, cwd=ROOT).stdout
                    data = json.loads(line)
                    data["wall"] = time.perf_counter() - started
                    samples.append(data)
            rows[locale] = {key: statistics.median(s[key] for s in samples)
                            for key in ("wall", "import", "render", "pages", "maxrss_mb")}
        separate = sum(r["wall"] for r in rows.values())
        pooled = statistics.median(run(publisher + ["--format", "pdf"]) for _ in range(args.repeat))
        full = statistics.median(run(publisher) for _ in range(args.repeat))

    print("| locale | process wall s | import s | render s | pages | s/page | peak MB |")
    print("|---|---|---|---|---|---|---|")
    for locale, r in rows.items():
        print(f"| {locale} | {r['wall']:.2f} | {r['import']:.2f} | {r['render']:.2f} | "
              f"{r['pages']:.0f} | {r['render'] / r['pages']:.2f} | {r['maxrss_mb']:.0f} |")
    en, zh = rows.get("en"), rows.get("zh_CN")
    print()
    if en and zh:
        print(f"- Chinese / English render time: {zh['render'] / en['render']:.2f} "
              f"(process wall: {zh['wall'] / en['wall']:.2f}); target <= 1.5")
    print(f"- every locale's PDF, one process each: {separate:.2f} s")
    print(f"- the same PDFs in one `publisher build --format pdf`: {pooled:.2f} s "
          f"({pooled / separate:.2f} of one process each; target < 0.6)")
    print(f"- full build (HTML, PDF, bilingual PDF; {len(rows)} locales): {full:.2f} s")


if __name__ == "__main__":
    main()
