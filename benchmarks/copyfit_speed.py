"""What copyfitting (a document's ``fit:``) costs: the sample's PDF of each
locale rendered as it is and without its ``fit:``, median of N, one process;
the type size each ended at.  A PDF that fits as designed costs nothing more;
one that must be reduced is rendered once more per step (2.5 %) it needs.

    .venv/bin/python benchmarks/copyfit_speed.py [--repeat N] [--locale xx ...]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--locale", action="append")
    args = parser.parse_args()
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1700000000")
    from publisher.build.pipeline import build
    from publisher.render.pdf import PdfJob, render_pdf
    from publisher.render.typography import FIT_META
    from publisher.sources.config import load_settings

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "dist"
        settings = load_settings(ROOT)
        locales = args.locale or list(settings.all_locales)
        build(settings, locales=locales, formats=("html",), output=out)
        print(f"{'locale':8} {'with fit':>9} {'without':>9} {'pages':>6} {'type':>6}")
        for locale in locales:
            for page in sorted((out / locale).glob("*.html")):
                html = page.read_text("utf-8")
                if FIT_META not in html:
                    continue
                bare = page.with_name(page.stem + "-nofit.html")
                bare.write_text(re.sub(rf'<meta name="{FIT_META}"[^>]*>', "", html), "utf-8")
                times = {}
                for name, source in (("fit", page), ("bare", bare)):
                    runs = []
                    for _ in range(args.repeat):
                        started = time.perf_counter()
                        result = render_pdf(PdfJob(source, out / f"{name}.pdf", (out, ROOT)))
                        runs.append(time.perf_counter() - started)
                        times[name] = (statistics.median(runs), result)
                fitted, plain = times["fit"], times["bare"]
                print(f"{locale:8} {fitted[0]:8.2f}s {plain[0]:8.2f}s "
                      f"{plain[1].pages:>3}->{fitted[1].pages:<2} {fitted[1].scale:6.1%}")
        shutil.rmtree(out, ignore_errors=True)


if __name__ == "__main__":
    main()
