"""Mutation testing of the core modules with mutmut, one scope at a time.

Each scope is a module and the tests that exercise it; the run happens in a
scratch copy of the repository (mutmut writes a mutants/ folder and reads its
settings from pyproject.toml), so the working tree is left alone.  Prints,
per scope, the mutants killed and those that survived, with their diffs.

    .venv/bin/pip install -e '.[mutation]'
    .venv/bin/python benchmarks/mutation.py [SCOPE ...] [--jobs N]

The machine's cores are shared: the default is one mutant at a time.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

#: scope -> (files to mutate, tests that exercise them)
SCOPES = {
    "plurals": (["publisher/catalogs/plurals.py"],
                ["tests/test_one_rule.py", "tests/catalogs/test_pofile.py"]),
    "fsutil": (["publisher/fsutil.py"], ["tests/test_atomic_writes.py", "tests/test_settings_lock.py",
                                         "tests/test_mutants_killed.py"]),
    "formatting": (["publisher/formatting.py"],
                   ["tests/test_formatting.py", "tests/test_one_rule.py",
                    "tests/test_mutants_killed.py"]),
    "translations": (["publisher/catalogs/translations.py", "publisher/catalogs/model.py"],
                     ["tests/test_translate_html.py", "tests/test_one_rule.py",
                      "tests/catalogs/test_stats.py"]),
    "fetcher": (["publisher/pdf.py"], ["tests/test_fetcher.py", "tests/test_mutants_killed.py"]),
    "figures": (["publisher/figures.py"], ["tests/test_figures.py"]),
    "mofile": (["publisher/catalogs/mofile.py"], ["tests/catalogs/test_mofile.py"]),
}

IGNORED = shutil.ignore_patterns(".git", ".venv", "dist", "__pycache__", ".pytest_cache",
                                 ".hypothesis", "mutants", "*.mo")


def run_scope(name: str, jobs: int) -> tuple[str, float]:
    files, tests = SCOPES[name]
    with tempfile.TemporaryDirectory(prefix=f"mutation-{name}-") as scratch:
        copy = Path(scratch) / "repo"
        shutil.copytree(ROOT, copy, ignore=IGNORED)
        settings = "\n[tool.mutmut]\n" + \
            f"source_paths = {['publisher']!r}\n".replace("'", '"') + \
            f"only_mutate = {files!r}\n".replace("'", '"') + \
            f"pytest_add_cli_args_test_selection = {tests!r}\n".replace("'", '"') + \
            'pytest_add_cli_args = ["-p", "no:cacheprovider", "-o", "addopts="]\n' + \
            '# Fork workers from a server that has only collected the tests: forking\n' + \
            '# from the process that ran them would share its warm lru_caches, and\n' + \
            '# mutants of cached functions would survive unseen.\n' + \
            'process_isolation = "forkserver"\n'
        with open(copy / "pyproject.toml", "a", encoding="utf-8") as stream:
            stream.write(settings)
        mutmut = [sys.executable, "-m", "mutmut"]
        env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
        started = time.perf_counter()
        subprocess.run([*mutmut, "run", "--max-children", str(jobs)], cwd=copy, env=env,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        elapsed = time.perf_counter() - started
        results = subprocess.run([*mutmut, "results", "--all", "true"], cwd=copy, env=env,
                                 capture_output=True, text=True).stdout
        survivors = re.findall(r"^\s*(\S+): survived$", results, re.M)
        counts = {}
        for status in re.findall(r": (\w[\w ]*)$", results, re.M):
            counts[status] = counts.get(status, 0) + 1
        lines = [f"## {name}: {', '.join(files)} ({elapsed:.0f} s)",
                 "counts: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items()))]
        for mutant in survivors:
            diff = subprocess.run([*mutmut, "show", mutant], cwd=copy, env=env,
                                  capture_output=True, text=True).stdout
            changed = [l for l in diff.splitlines() if l.startswith(("-", "+"))
                       and not l.startswith(("---", "+++"))]
            lines.append(f"- {mutant}: " + " / ".join(c.strip() for c in changed))
        return "\n".join(lines), elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("scopes", nargs="*", default=list(SCOPES), choices=list(SCOPES) + [[]])
    parser.add_argument("--jobs", type=int, default=1)
    args = parser.parse_args()
    for name in args.scopes or list(SCOPES):
        report, _ = run_scope(name, args.jobs)
        print(report, flush=True)


if __name__ == "__main__":
    main()
