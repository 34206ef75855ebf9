"""Mutation testing of the core modules with mutmut, one scope at a time.

Each scope is a module and the tests that exercise it; the run happens in a
scratch copy of the repository (mutmut writes a mutants/ folder and reads its
settings from pyproject.toml), so the working tree is left alone.  Prints,
per scope, the mutants killed and those that survived, with their diffs.

    .venv/bin/pip install -e '.[mutation]'
    .venv/bin/python benchmarks/mutation.py [SCOPE ...] [--jobs N] [--mutants NAME ...]

A scope may name the functions whose mutants run (the larger modules are
cut to their user-facing parts); ``--mutants`` runs only the named mutants
(fnmatch patterns allowed), e.g. a scope's survivors again after new tests.
The machine's cores are shared: the default is one mutant at a time.
"""

from __future__ import annotations

import argparse
import fnmatch
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

#: scope -> (files to mutate, tests that exercise them[, functions]): with
#: functions ("name" or "Class.method"), only their mutants are run.
SCOPES = {
    "plurals": (["publisher/catalogs/plurals.py"],
                ["tests/test_one_rule.py", "tests/catalogs/test_pofile.py"]),
    "fsutil": (["publisher/core/fsutil.py"], ["tests/test_atomic_writes.py", "tests/test_settings_lock.py"]),
    "formatting": (["publisher/core/formatting.py"],
                   ["tests/test_formatting.py", "tests/test_one_rule.py"]),
    "translations": (["publisher/catalogs/translations.py", "publisher/catalogs/model.py"],
                     ["tests/test_translate_html.py", "tests/test_one_rule.py",
                      "tests/catalogs/test_stats.py"]),
    "fetcher": (["publisher/render/pdf.py"], ["tests/test_fetcher.py"]),
    "figures": (["publisher/figures/numbers.py"],
                ["tests/test_figures.py", "tests/test_figures_cldr.py", "tests/test_figures_corpus.py",
                 "tests/test_figures_hostile.py", "tests/test_figures_numerals_digits.py",
                 "tests/test_figures_property.py", "tests/test_translate_html.py"],
                # what a reader sees printed: the figure read, written in the
                # locale's way, compared with the source's
                ["parse_figure", "format_figure", "format_number", "_group", "_affix",
                 "_number_symbols", "minimum_grouping_digits", "_currency_problem", "compare",
                 "render", "localize_digits", "localize_numerals", "neighbour_problems",
                 "_neighbours", "placeholders", "figures", "mark_figures", "figure_spans"]),
    "mofile": (["publisher/catalogs/mofile.py"], ["tests/catalogs/test_mofile.py"]),
    # the PO reader and writer; msgcat, msgfmt and polib are the oracles
    "pofile": (["publisher/catalogs/pofile.py"],
               ["tests/catalogs/test_pofile.py", "tests/test_pofile_separators.py",
                "tests/test_polib_oracle.py", "tests/test_golden_oracles.py",
                "tests/test_one_rule.py",
                "tests/test_hostile_input.py::test_odd_catalogs_are_errors_with_file_and_line",
                "tests/test_catalogs_gettext_oracle.py"],
               # the reader (charsets, keywords, strings, escapes, the header and
               # its plural forms) and the writer's entries; not the writer's line
               # breaking (Unicode tables, directive guards), references and flags
               ["parse_po", "_reject_binary", "_sniff_charset", "_codec", "_decode",
                "_Parser.tokens", "_Parser.plural_index", "_Parser.comment", "_Parser.keyword",
                "_Parser.plural_form", "_Parser.misplaced", "_Parser.previous_keyword",
                "_Parser.string", "_Parser.finish", "_Parser.text", "_Parser.end", "_unescape",
                "_parse_text", "_check_header", "_check_plural_forms", "_format_message"]),
    # msgmerge is the oracle
    "merge": (["publisher/catalogs/merge.py"],
              ["tests/test_merge.py", "tests/catalogs/test_merge_gnu.py",
               "tests/catalogs/test_header_merge_gnu.py", "tests/test_catalogs_gettext_oracle.py"],
              # what becomes of each entry and of the header; not the fuzzy
              # search (msgmerge agreement tests cover it) nor the figures' refit
              ["merge", "_carry", "_copy", "merge_header_fields", "_merge_header", "new_header"]),
    # the checks as plain functions (msgfmt --check is the oracle of the format checks)
    "checks": (["publisher/catalogs/checks.py"],
               ["tests/test_check.py", "tests/test_markup_structure.py", "tests/test_one_rule.py",
                "tests/test_figures_hostile.py", "tests/test_memory_glossary.py",
                "tests/test_check_cli.py", "tests/test_catalogs_gettext_oracle.py"],
               # the checks of headers, plural forms, format strings and whitespace,
               # and of one entry
               ["check_header", "_check_plural_header", "check_plural_count", "check_empty_forms",
                "check_python_format", "check_brace_format", "check_whitespace", "check_entry"]),
    # where translations meet HTML and CSS: escaping, placeholders, lang marks,
    # the autoescaping sandbox and its contained template loader
    "html": (["publisher/render/html.py"],
             ["tests/test_translate_html.py", "tests/test_html_escaping.py",
              "tests/test_hostile.py::test_markup_and_script_in_translations_reach_the_page_as_text",
              "tests/test_hostile.py::test_format_strings_never_evaluate_or_allocate",
              "tests/test_hostile.py::test_templates_and_css_cannot_read_outside_the_project"],
             ["make_environment", "_ContainedLoader.__init__", "_ContainedLoader.get_source", "render_template", "css_string",
              "font_stack", "Localizer._value", "Localizer._choose", "Localizer._render",
              "Localizer.gettext", "Localizer.ngettext", "Localizer.pgettext",
              "Localizer.css_gettext", "Localizer.context", "_marked", "document_view",
              "cover_view"]),
}

IGNORED = shutil.ignore_patterns(".git", ".venv", "dist", "__pycache__", ".pytest_cache",
                                 ".hypothesis", "mutants", "*.mo")


def mutant_pattern(file: str, function: str) -> str:
    """mutmut's name for the mutants of ``function`` (``name`` or ``Class.method``) in ``file``."""
    module = file.removesuffix(".py").replace("/", ".")
    if "." in function:
        cls, method = function.split(".")
        return f"{module}.x\u01c1{cls}\u01c1{method}__mutmut_*"
    return f"{module}.x_{function}__mutmut_*"


def run_scope(name: str, jobs: int, mutants: list[str] | None = None) -> tuple[str, float]:
    files, tests, *rest = SCOPES[name]
    patterns = [mutant_pattern(file, function) for file in files for function in rest[0]] if rest else []
    patterns = mutants or patterns
    tests = [test for test in tests if (ROOT / test.split("::")[0]).exists()]
    with tempfile.TemporaryDirectory(prefix=f"mutation-{name}-") as scratch:
        copy = Path(scratch) / "repo"
        shutil.copytree(ROOT, copy, ignore=IGNORED)
        # the sample project too, for tests that build a copy of it
        also_copy = sorted(p.name for p in copy.iterdir()
                           if p.name not in ("publisher", "tests", "pyproject.toml")
                           and not p.name.endswith(".egg-info"))
        settings = "\n[tool.mutmut]\n" + \
            f"source_paths = {['publisher']!r}\n".replace("'", '"') + \
            f"only_mutate = {files!r}\n".replace("'", '"') + \
            f"also_copy = {also_copy!r}\n".replace("'", '"') + \
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
        for _ in range(3):
            # A test with a time limit can fail the first, unmutated run on a
            # machine shared with heavy jobs; mutmut then stops: run it again.
            run = subprocess.run([*mutmut, "run", "--max-children", str(jobs), *patterns],
                                 cwd=copy, env=env, capture_output=True, text=True,
                                 errors="replace")
            if "failed to collect stats" not in run.stdout + run.stderr:
                break
        elapsed = time.perf_counter() - started
        results = subprocess.run([*mutmut, "results", "--all", "true"], cwd=copy, env=env,
                                 capture_output=True, text=True).stdout
        verdicts = re.findall(r"^\s*(\S+): (\w[\w ]*)$", results, re.M)
        if patterns:
            verdicts = [(mutant, status) for mutant, status in verdicts
                        if any(fnmatch.fnmatchcase(mutant, pattern) for pattern in patterns)]
        counts = {}
        for _, status in verdicts:
            counts[status] = counts.get(status, 0) + 1
        lines = [f"## {name}: {', '.join(files)} ({elapsed:.0f} s)",
                 "counts: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items()))]
        if set(counts) <= {"not checked"}:   # mutmut stopped before the mutants: say why
            lines += [line for line in (run.stdout + run.stderr).splitlines()
                      if "Running stats" not in line][-60:]
        for mutant in [mutant for mutant, status in verdicts if status == "survived"]:
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
    parser.add_argument("--mutants", nargs="+", metavar="NAME",
                        help="run only these mutants (names as printed, or fnmatch patterns), "
                             "e.g. the survivors of an earlier run after new tests")
    args = parser.parse_args()
    for name in args.scopes or list(SCOPES):
        report, _ = run_scope(name, args.jobs, args.mutants)
        print(report, flush=True)


if __name__ == "__main__":
    main()
