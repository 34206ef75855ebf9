"""The exact text layer's cost: each locale's PDF rendered with WeasyPrint's
own text drawing and with publisher/render/pdftext.py's, in one process, median of
N; time and bytes, and how many /ActualText spans the PDF carries.

    .venv/bin/python benchmarks/text_layer.py [--repeat N]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def spans(data: bytes) -> int:
    from io import BytesIO

    import pypdf

    reader = pypdf.PdfReader(BytesIO(data))
    return sum(page.get_contents().get_data().count(b"/ActualText") for page in reader.pages)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1700000000")
    import weasyprint

    from publisher.build.pipeline import build
    from publisher.render import pdftext
    from publisher.render.pdf import ContainedFetcher
    from publisher.sources.config import load_settings

    with tempfile.TemporaryDirectory() as folder:
        project = Path(folder) / "project"
        project.mkdir()
        shutil.copy(ROOT / "publisher.toml", project)
        for name in ("documents", "locales"):
            shutil.copytree(ROOT / name, project / name)
        settings = load_settings(project)
        build(settings, formats=("html",))
        out = project / "dist"
        print("| locale | WeasyPrint s | pdftext s | ratio | WeasyPrint bytes | pdftext bytes | /ActualText spans |")
        print("|---|---|---|---|---|---|---|")
        for locale in settings.all_locales:
            for page in sorted((out / locale).glob("*.html")):
                if page.name == "index.html":
                    continue
                figures = {}
                for mode in ("weasyprint", "pdftext"):
                    (pdftext.install if mode == "pdftext" else pdftext.uninstall)()
                    times, data = [], b""
                    for _ in range(args.repeat):
                        started = time.perf_counter()
                        data = weasyprint.HTML(filename=str(page), media_type="print",
                                               url_fetcher=ContainedFetcher((out,))).write_pdf(
                                                   pdf_variant="pdf/ua-1")
                        times.append(time.perf_counter() - started)
                    figures[mode] = (statistics.median(times), len(data), spans(data))
                (w, wb, _), (p, pb, count) = figures["weasyprint"], figures["pdftext"]
                print(f"| {locale} | {w:.3f} | {p:.3f} | {p / w:.2f} | {wb} | {pb} | {count} |")
        pdftext.install()


if __name__ == "__main__":
    main()
