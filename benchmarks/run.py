"""Run the benchmarks that finish in minutes, one after another (`make benchmark`).

    .venv/bin/python benchmarks/run.py [NAME ...]

Each script prints Markdown tables for benchmarks/README.md; this runs them
with their default arguments and stops at the first that fails.  The long
ones are run by hand, as the README says: big_project.py (tens of minutes)
and mutation.py (hours).  Other scripts in this folder are picked up by name,
so a new benchmark runs here without being listed.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
LONG = {"big_project", "mutation", "run"}


def scripts(names: list[str]) -> list[Path]:
    found = sorted(p for p in HERE.glob("*.py") if p.stem not in LONG)
    if names:
        unknown = sorted(set(names) - {p.stem for p in HERE.glob("*.py")})
        if unknown:
            raise SystemExit(f"no benchmark named {', '.join(unknown)}: "
                             f"known: {', '.join(p.stem for p in found)}")
        found = [HERE / f"{name}.py" for name in names]
    return found


def main(argv: list[str]) -> int:
    for script in scripts(argv[1:]):
        sys.stdout.write(f"\n## {script.name}\n\n")
        sys.stdout.flush()
        started = time.monotonic()
        result = subprocess.run([sys.executable, str(script)], cwd=HERE.parent)
        sys.stdout.write(f"\n({script.name}: {time.monotonic() - started:.0f} s, exit {result.returncode})\n")
        if result.returncode != 0:
            return result.returncode
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
