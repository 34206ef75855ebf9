"""PDFs validated and passing, per profile, and the validation time per PDF.

    .venv/bin/python benchmarks/validation.py [--profile ua1|3b] DIST [DIST ...]

Every ``*/*.pdf`` below each output folder is validated with page
(page-validation) under the profile, and with pdfua (PDF/UA-1 only);
findings docs/pdf-validation.md records as false positives are set aside
(tests/pdfvalid.py).  Prints, per folder: PDFs, passing, the rules that
failed (with how many PDFs), and the median and largest time per PDF of
each validator.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from pdfvalid import page_findings, pdfua_findings  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--profile", default="ua1")
    parser.add_argument("dist", nargs="+", type=Path)
    args = parser.parse_args()
    for dist in args.dist:
        pdfs = sorted(dist.glob("*/*.pdf"))
        passing, rules, page_times, pdfua_times = 0, Counter(), [], []
        for pdf in pdfs:
            started = time.perf_counter()
            found = page_findings(pdf, args.profile)
            page_times.append(time.perf_counter() - started)
            if args.profile == "ua1":
                started = time.perf_counter()
                found += pdfua_findings(pdf)
                pdfua_times.append(time.perf_counter() - started)
            passing += not found
            rules.update({f.split()[0] for f in found})
        print(f"{dist}: profile {args.profile}: {passing}/{len(pdfs)} pass; "
              f"failed rules: {dict(rules) or 'none'}")
        print(f"  page: median {statistics.median(page_times) * 1000:.0f} ms, "
              f"largest {max(page_times) * 1000:.0f} ms per PDF")
        if pdfua_times:
            print(f"  pdfua: median {statistics.median(pdfua_times) * 1000:.0f} ms, "
                  f"largest {max(pdfua_times) * 1000:.0f} ms per PDF")


if __name__ == "__main__":
    main()
