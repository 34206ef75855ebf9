"""Documents as authors write them: parsing (footnotes, heading ids, hard
breaks inside code spans), translating and rendering a document with many
footnotes, headings and hard line breaks, at growing sizes, to show the
cost grows linearly.

    .venv/bin/python benchmarks/documents_speed.py [--repeat N]
"""

from __future__ import annotations

import argparse
import statistics
import time

from publisher.catalogs.translations import Translations
from publisher.sources.documents import normalise_inline, parse_document
from publisher.translate.document import render_body, translate_document
from publisher.translate.linknotes import with_footnotes


def timed(function, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def document(notes: int) -> str:
    """``notes`` sections, each a heading, a paragraph citing a note and a
    note citing the next one."""
    body = "".join(f"## Section {n}\n\nThe text of section {n}, see [the next](#section-"
                   f"{(n + 1) % notes}).[^{n}]\n\n" for n in range(notes))
    definitions = "".join(f"[^{n}]: Note {n}, which cites note {(n + 1) % notes}.[^"
                          f"{(n + 1) % notes}]\n" for n in range(notes))
    return f"---\ntitle: Big\n---\n\n{body}{definitions}"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print("| sections and notes | parse s | translate s | notes and render s | ms per section |")
    print("|---|---|---|---|---|")
    for notes in (500, 2000, 8000):
        text = document(notes)
        parsed = parse_document(text, "big.md")
        parse = timed(lambda: parse_document(text, "big.md"), args.repeat)
        translate = timed(lambda: translate_document(parsed, Translations(None, "de"), "en"),
                          args.repeat)
        translated = translate_document(parsed, Translations(None, "de"), "en")
        render = timed(lambda: render_body(with_footnotes(translated)), args.repeat)
        total = parse + translate + render
        print(f"| {notes} | {parse:.2f} | {translate:.2f} | {render:.2f} | "
              f"{total / notes * 1000:.2f} |")
    print()
    print("| lines ending in two spaces inside code spans (one block) | normalise s |")
    print("|---|---|")
    for lines in (2000, 8000, 32000):
        content = "\n".join(["word `code  "] * lines) + "\nend"
        print(f"| {lines} | {timed(lambda: normalise_inline(content), args.repeat):.2f} |")


if __name__ == "__main__":
    main()
