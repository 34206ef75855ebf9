"""`publisher stats` and `publisher fmt` against GNU msgfmt and msgcat on real-world PO files.

Run:  .venv/bin/python benchmarks/catalog_speed.py [--repeat 3] [--cache DIR]

The PO files are those inside the Django wheel (about 1,200 catalogs of a
hundred languages), fetched once by check_speed.py's helper into
benchmarks/.cache/ (ignored by git).  The files are copied to a temporary
folder, so the cache is never changed.  Best of --repeat runs:

1. parsing, in-process: every file read by the strict reader;
2. `publisher stats --format json FOLDER`, one process for all files,
   against `msgfmt --statistics -o /dev/null FILE` for each file in turn;
3. `publisher fmt --check FOLDER`, one process, against `msgcat FILE` for
   each file (output thrown away); and `publisher fmt FOLDER` rewriting a
   fresh copy, against `msgcat -o FILE FILE` for each file of another copy;
   with one worker process (--jobs 1) and with the default (one per core).

Times are also given per 1,000 entries.  Finally the results are compared
file by file: the counts of `stats` with msgfmt's, and the files `fmt`
writes with msgcat's output.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from check_speed import REQUIREMENT, best, fetch, msgfmt_counts

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
CACHE = Path(__file__).resolve().parent / ".cache" / "django"


def publisher(*args: str, cwd: Path, capture: bool = False) -> subprocess.CompletedProcess:
    result = subprocess.run([PYTHON, "-m", "publisher", *args], cwd=cwd, text=True,
                            capture_output=capture,
                            stdout=None if capture else subprocess.DEVNULL,
                            stderr=None if capture else subprocess.DEVNULL)
    if result.returncode not in (0, 1):
        raise SystemExit(f"publisher {' '.join(args)} failed to run (exit {result.returncode})")
    return result


def each(command: list[str], files: list[Path], output: bool = False) -> None:
    for path in files:
        subprocess.run([*command, *([str(path), "-o", str(path)] if output else [str(path)])],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--cache", type=Path, default=CACHE)
    parser.add_argument("--requirement", default=REQUIREMENT)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    from publisher.catalogs.pofile import read_po
    from publisher.core.errors import CatalogError

    source = fetch(args.cache, args.requirement)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp) / "po"
        shutil.copytree(source, work)
        files = sorted(work.rglob("*.po"))
        size = sum(p.stat().st_size for p in files) / 1e6

        counts: dict[Path, int] = {}
        unreadable: list[Path] = []

        def parse_all() -> None:
            counts.clear()
            unreadable.clear()
            for path in files:
                try:
                    catalog = read_po(path)
                except CatalogError:
                    unreadable.append(path)
                else:
                    counts[path] = len(catalog.messages) + (catalog.header is not None)

        parse = best(parse_all, args.repeat)
        entries = sum(counts.values())
        thousands = entries / 1000
        print(f"{len(files)} PO files, {size:.1f} MB, {entries} entries in the "
              f"{len(counts)} files the strict reader accepts ({args.requirement}); "
              f"best of {args.repeat}\n")

        stats = best(lambda: publisher("stats", "--format", "json", ".", cwd=work), args.repeat)
        msgfmt = best(lambda: each(["msgfmt", "--statistics", "-o", "/dev/null"], files),
                      args.repeat)
        check1 = best(lambda: publisher("fmt", "--check", "--jobs", "1", ".", cwd=work),
                      args.repeat)
        check = best(lambda: publisher("fmt", "--check", ".", cwd=work), args.repeat)
        msgcat = best(lambda: each(["msgcat"], files), args.repeat)

        def fresh(name: str) -> Path:
            copy = Path(tmp) / name
            if copy.exists():
                shutil.rmtree(copy)
            shutil.copytree(source, copy)
            return copy

        def timed(function, prepare) -> float:
            times = []
            for _ in range(args.repeat):
                argument = prepare()
                started = time.perf_counter()
                function(argument)
                times.append(time.perf_counter() - started)
            return min(times)

        rewrite1 = timed(lambda folder: publisher("fmt", "--jobs", "1", ".", cwd=folder),
                         lambda: fresh("ours1"))
        rewrite = timed(lambda folder: publisher("fmt", ".", cwd=folder), lambda: fresh("ours"))
        gnu_rewrite = timed(lambda folder: each(["msgcat"], sorted(folder.rglob("*.po")),
                                                output=True), lambda: fresh("gnu"))

        print("| run | processes | seconds | ms per 1,000 entries |")
        print("|---|---:|---:|---:|")
        rows = [
            ("parse, in-process (strict reader)", "-", parse),
            ("`publisher stats --format json FOLDER`", "1", stats),
            ("`msgfmt --statistics` per file", str(len(files)), msgfmt),
            ("`publisher fmt --check --jobs 1 FOLDER`", "1", check1),
            ("`publisher fmt --check FOLDER` (one worker per core)", "1 + workers", check),
            ("`msgcat FILE` per file", str(len(files)), msgcat),
            ("`publisher fmt --jobs 1 FOLDER` (rewrites)", "1", rewrite1),
            ("`publisher fmt FOLDER` (rewrites, one worker per core)", "1 + workers", rewrite),
            ("`msgcat -o FILE FILE` per file", str(len(files)), gnu_rewrite),
        ]
        for name, processes, seconds in rows:
            print(f"| {name} | {processes} | {seconds:.2f} | {1000 * seconds / thousands:.1f} |")
        print(f"\nstats takes {stats / msgfmt:.2f}x msgfmt's time; fmt --check {check / msgcat:.2f}x "
              f"(--jobs 1: {check1 / msgcat:.2f}x) msgcat's; fmt rewriting "
              f"{rewrite / gnu_rewrite:.2f}x (--jobs 1: {rewrite1 / gnu_rewrite:.2f}x)")

        # Counts against msgfmt's.
        report = json.loads(publisher("stats", "--format", "json", ".", cwd=work,
                                      capture=True).stdout)
        same, rejected, different = 0, 0, []
        for catalog in report["catalogs"]:
            ours = (catalog["translated"], catalog["fuzzy"], catalog["untranslated"])
            theirs, accepted = msgfmt_counts(work / catalog["path"], check=False)
            if catalog["problem"] is not None:
                rejected += 1
            elif ours == theirs:
                same += 1
            else:
                different.append(f"  {catalog['path']}: publisher {ours}, msgfmt {theirs}")
        print(f"\nstats counts (translated, fuzzy, untranslated) equal to msgfmt's: {same} files; "
              f"unreadable to publisher (reported with their line): {rejected}; "
              f"different: {len(different)}")
        print("\n".join(different[:20]))

        # Files against msgcat's output.
        ours = fresh("compare")
        publisher("fmt", ".", cwd=ours)
        identical, differ, left = 0, [], 0
        for path in sorted(source.rglob("*.po")):
            relative = path.relative_to(source)
            if work / relative in unreadable:
                left += 1
                continue
            expected = subprocess.run(["msgcat", str(path)], capture_output=True).stdout
            if (ours / relative).read_bytes() == expected:
                identical += 1
            else:
                differ.append(str(relative))
        print(f"fmt output byte for byte msgcat's: {identical} files; different: {len(differ)}; "
              f"left alone as unreadable: {left}")
        print("\n".join(f"  {name}" for name in differ[:20]))


if __name__ == "__main__":
    main()
