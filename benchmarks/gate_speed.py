"""What the one rule (the build checks every translation it uses, as `check`
does) and the CI formats of `check` cost.

Run:  .venv/bin/python benchmarks/gate_speed.py [--repeat 3]

In a copy of the shipped sample (in the system's temporary directory;
nothing is written to the project), best of --repeat runs, in this process:

1. `refusals` for every catalog the build reads (every locale's documents'
   and templates' catalogs), with the locales' glyph coverage already known
   (as after the first build of a process) and, separately, the first
   coverage of all locales (fontconfig and the fonts' character maps);
2. an HTML build of three locales (de, ar, zh_CN) with the checks, and with
   them switched off (`usable_translations` returning the unchecked
   translations), each with --force;
3. `check` with `--format github`, `sarif` and the step summary on a project
   of 12 locales x 10 documents x 100 untranslated strings (format time only).
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))


def best(repeat: int, function) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    from publisher.build import pipeline as build_module
    from publisher.build.pipeline import build, load_catalog, usable_translations
    from publisher.catalogs.translations import Translations
    from publisher.extract.pot import load_documents
    from publisher.gate.check import check_project
    from publisher.gate.glyphs import coverage
    from publisher.gate.reports import format_github, format_sarif, format_summary
    from publisher.sources.config import load_settings

    from conftest import copy_project
    from projects import make_project

    with tempfile.TemporaryDirectory() as tmp:
        settings = load_settings(copy_project(Path(tmp) / "sample"))
        domains = [settings.templates_domain, *(d.name for d in load_documents(settings))]
        catalogs = [(locale, domain, load_catalog(settings, locale, domain))
                    for locale in settings.locales for domain in domains]
        started = time.perf_counter()
        for locale in settings.locales:
            coverage(tuple(settings.fonts_for(locale)), locale)
        first = time.perf_counter() - started
        entries = sum(len(c.messages) for _, _, c in catalogs if c is not None)
        seconds = best(args.repeat, lambda: [usable_translations(settings, c, l, d)
                                             for l, d, c in catalogs])
        print(f"refusals: {len(catalogs)} catalogs, {entries} entries: {seconds:.2f} s "
              f"({seconds / max(entries, 1) * 1e6:.0f} us an entry); first glyph coverage "
              f"of {len(settings.locales)} locales: {first:.2f} s")

        def html_build():
            build(settings, ["de", "ar", "zh_CN"], ("html",), force=True,
                  output=Path(tmp) / "out")
        checked = best(args.repeat, html_build)
        real = build_module.usable_translations
        build_module.usable_translations = lambda s, c, l, d: Translations(c, l)
        try:
            unchecked = best(args.repeat, html_build)
        finally:
            build_module.usable_translations = real
        print(f"HTML build of de, ar, zh_CN (--force): {checked:.2f} s with the checks, "
              f"{unchecked:.2f} s without")

        words = ("alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel",
                 "india", "juliett")
        documents = {f"part-{n}": "\n\n".join(f"Paragraph {words[n]} {words[i // 10]} "
                                              f"{words[i % 10]}." for i in range(100)) + "\n"
                     for n in range(10)}
        locales = ("de", "fr", "es", "it", "pl", "nl", "sv", "da", "fi", "pt", "cs", "hu")
        big = make_project(Path(tmp) / "big", documents, locales, translate=False)
        report = check_project(load_settings(big))
        problems = sum(len(c.problems) for c in report.catalogs)
        for name, formatter in (("github", format_github), ("sarif", format_sarif),
                                ("step summary", format_summary)):
            seconds = best(args.repeat, lambda: formatter(report))
            size = len(formatter(report).encode())
            print(f"{name}: {len(report.catalogs)} catalogs, {problems} problems: "
                  f"{seconds * 1000:.0f} ms, {size / 1024:.0f} KiB")
        shutil.rmtree(big)


if __name__ == "__main__":
    main()
