"""Figures: extraction (context rules) and printing, per figure, on the
corpus of real sentences and on one paragraph with many figures (a table
pasted as text), to show the cost grows linearly with the figures.

    .venv/bin/python benchmarks/figures_speed.py [--repeat N]
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path

from publisher.figures.kinds import source_words
from publisher.figures.numbers import mark_figures, render

CORPUS = Path(__file__).resolve().parents[1] / "tests" / "data" / "figures_corpus.jsonl"
WORLD = CORPUS.with_name("figures_corpus_world.jsonl")


def timed(function, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    sentences = [json.loads(line)["text"] for line in CORPUS.read_text(encoding="utf-8").splitlines()]
    figures = sum(len(json.loads(line)["figures"]) for line in CORPUS.read_text(encoding="utf-8").splitlines())
    marked = [mark_figures(s, "en") for s in sentences]
    extract = timed(lambda: [mark_figures(s, "en") for s in sentences], args.repeat)
    printing = timed(lambda: [render(m, m, "en", "de") for m in marked], args.repeat)
    print(f"corpus: {len(sentences)} sentences, {figures} figures: extraction {extract * 1000:.0f} ms, "
          f"printing (de) {printing * 1000:.0f} ms")
    world = [json.loads(line) for line in WORLD.read_text(encoding="utf-8").splitlines()]
    print("| source language | sentences | figures | extraction ms | printing (en) ms |")
    print("|---|---|---|---|---|")
    for language in ("fr", "de", "es", "ru", "ar", "zh"):
        rows = [row for row in world if row["lang"] == language]
        texts = [row["text"] for row in rows]
        source_words(language)          # the CLDR words, read once per process (timed apart below)
        marked = [mark_figures(t, language) for t in texts]
        extract = timed(lambda: [mark_figures(t, language) for t in texts], args.repeat)
        printing = timed(lambda: [render(m, m, language, "en") for m in marked], args.repeat)
        print(f"| {language} | {len(rows)} | {sum(len(r['figures']) for r in rows)} | "
              f"{extract * 1000:.0f} | {printing * 1000:.0f} |")
    source_words.cache_clear()
    start = time.perf_counter()
    for language in ("fr", "de", "es", "ru", "ar", "zh"):
        source_words(language)
    print(f"reading the CLDR words of six languages once: {(time.perf_counter() - start) * 1000:.0f} ms")
    print("| figures in one paragraph | characters | extraction s | printing s | µs per figure |")
    print("|---|---|---|---|---|")
    for count in (1000, 4000, 16000):
        text = " ".join(f"{i},{i % 1000:03d} and 1.5 km and `x` and 7-8%" for i in range(1, count))
        paragraph = mark_figures(text, "en")
        extract = timed(lambda: mark_figures(text, "en"), args.repeat)
        printing = timed(lambda: render(paragraph, paragraph, "en", "de"), args.repeat)
        total = 4 * count
        print(f"| {total} | {len(text)} | {extract:.2f} | {printing:.2f} | "
              f"{(extract + printing) / total * 1e6:.0f} |")


if __name__ == "__main__":
    main()
