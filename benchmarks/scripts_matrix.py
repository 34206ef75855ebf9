"""The script matrix, whole: its size, its time on this machine, its cells
passing per check and the text layer per extractor; writes the table of
docs/scripts-matrix.md between its markers.

    python benchmarks/scripts_matrix.py [all|fast|km,lo,...] [--write] [--references]

``--keep=DIR`` builds into DIR and keeps it (checks again without building
when DIR has a build).  ``--references`` stores the cells' first pages as the visual check's
references (tests/data/matrix-png/): run it on ``fast`` after a change of
layout that is meant.
"""

from __future__ import annotations

import re
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

import scripts_matrix as matrix  # noqa: E402

DOC = ROOT / "docs" / "scripts-matrix.md"
BEGIN, END = "<!-- matrix:begin -->", "<!-- matrix:end -->"
SUMMARY_BEGIN, SUMMARY_END = "<!-- matrix-summary:begin -->", "<!-- matrix-summary:end -->"


def main(which: str = "all", write: bool = False, references: bool = False) -> None:
    started = time.perf_counter()
    cells = matrix.chosen_cells(which)
    locales = sum(1 + len(c.also) for c in cells)
    keep = next((a.split("=", 1)[1] for a in sys.argv if a.startswith("--keep=")), None)
    with tempfile.TemporaryDirectory() as folder:
        where = Path(keep) if keep else Path(folder) / "matrix"
        if keep and (where / "dist").is_dir():     # checks again on a kept build
            build = matrix.MatrixBuild(where, where / "dist", cells, {"build": 0, "edition": 0})
        else:
            build = matrix.build_matrix(where, cells)
        built = time.perf_counter()
        if references:
            for path in matrix.write_references(build, cells):
                print("reference:", path.relative_to(ROOT))
        results = [r for cell in cells for r in matrix.run_checks(build, cell)]
    checked = time.perf_counter()
    passing, run = Counter(), Counter()
    for r in results:
        if not r.skipped:
            run[r.check] += 1
            passing[r.check] += r.ok
    scripts = len({c.script for c in cells})
    blocks = Counter()
    for r in results:
        found = re.match(r"(\d+)/(\d+) blocks", r.detail)
        if r.check.startswith("text-") and found:
            blocks[r.check, "back"] += int(found.group(1))
            blocks[r.check, "all"] += int(found.group(2))
    timing = (f"project and build {built - started:.0f} s ({build.seconds['build']:.0f} s pages "
              f"and PDFs, {build.seconds['edition']:.0f} s the edition), " if build.seconds["build"]
              else "checks of a kept build: ")
    lines = [f"Cells: {len(cells)} (standing for {locales} drawn locales, {scripts} scripts); "
             f"{timing}checks {checked - built:.0f} s on 2 cores.", "",
             "| check | cells passing |", "|---|---|"]
    lines += [f"| {check} | {passing[check]}/{run[check]} |" if run[check] else
              f"| {check} | not run |" for check in matrix.CHECKS]
    lines += ["", "| text extractor | blocks given back whole, whole matrix |", "|---|---|"]
    lines += [f"| {check[5:]} | {blocks[check, 'back']}/{blocks[check, 'all']} "
              f"({blocks[check, 'back'] / blocks[check, 'all']:.0%}) |"
              for check in matrix.CHECKS if check.startswith("text-") and blocks[check, "all"]]
    summary = "\n".join(lines)
    lines += ["", "| cell | script | digits | calendar | long date | failing checks |",
              "|---|---|---|---|---|---|"]
    for cell in cells:
        failed = [f"{r.check}: {r.detail[:90]}".replace("|", "\\|") for r in results
                  if r.cell == cell and not r.ok and not r.skipped]
        lines.append(f"| {cell.locale} | {cell.script} | {cell.numbering} | {cell.calendar} | "
                     f"{cell.date_shape} | {'<br>'.join(failed) or 'all pass'} |")
    table = "\n".join(lines)
    print(table)
    if write:
        text = DOC.read_text("utf-8")
        head, _, rest = text.partition(BEGIN)
        _, _, tail = rest.partition(END)
        DOC.write_text(f"{head}{BEGIN}\n{table}\n{END}{tail}", "utf-8")
        readme = ROOT / "README.md"
        text = readme.read_text("utf-8")
        head, _, rest = text.partition(SUMMARY_BEGIN)
        _, _, tail = rest.partition(SUMMARY_END)
        readme.write_text(f"{head}{SUMMARY_BEGIN}\n{summary}\n{SUMMARY_END}{tail}", "utf-8")


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    main(args[0] if args else "all", "--write" in sys.argv, "--references" in sys.argv)
