"""Time and memory on hostile input: huge PO strings and very long words.

Run:  .venv/bin/python benchmarks/hostile_input.py [--skip-pdf]

1. Reading a PO file, each case in a fresh process (CPU seconds, peak
   resident memory), against `msgfmt -o /dev/null` on the same file:
   a single 20 MB msgstr on one line; a msgstr continued over 160,000
   backslash-ended lines (8 MB); a 15 MB msgstr of 5 million escapes.
2. Fuzzy matching in `update`'s merge: one catalog of 2,000 translated
   sentences whose template changes every one of them (half edited by a
   word, half replaced by new sentences: the costly case, where every old
   msgid must be ruled out), in a fresh process (CPU seconds).
3. Laying out one paragraph holding a word of 5,000 letters without a space,
   in WeasyPrint, as the text stands and as the build gives it (a zero-width
   break opportunity every 40 letters of a word longer than 120).
"""

from __future__ import annotations

import argparse
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

CASES = {
    "one 20 MB string": lambda: 'msgid "a"\nmsgstr "' + "x" * 20_000_000 + '"\n',
    "160,000 continued lines": lambda: 'msgid "a"\nmsgstr ""\n"' + ("x" * 50 + "\\\n") * 160_000
                                       + '"\n',
    "5 million escapes": lambda: 'msgid "a"\nmsgstr "' + "x\\n" * 5_000_000 + '"\n',
}

READ = """
import resource, sys, time
from publisher.catalogs.pofile import read_po
started = time.process_time()
read_po(sys.argv[1])
print(time.process_time() - started, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024)
"""


def read_in_process(path: Path) -> tuple[float, int]:
    out = subprocess.run([sys.executable, "-c", READ, str(path)], capture_output=True, text=True,
                         check=True, cwd=ROOT).stdout.split()
    return float(out[0]), int(out[1])


def msgfmt_seconds(path: Path) -> str:
    if not shutil.which("msgfmt"):
        return "-"
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(["msgfmt", "-o", "/dev/null", str(path)], capture_output=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return f"{(after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime):.2f}"


FUZZY = """
import random, sys, time
from publisher.catalogs.merge import merge
from publisher.catalogs.model import Catalog, Message
rng = random.Random(7)
words = ["".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rng.randint(2, 9)))
         for _ in range(3000)]
def sentence():
    return " ".join(rng.choice(words) for _ in range(rng.randint(6, 16))).capitalize() + "."
count = int(sys.argv[1])
olds = [sentence() for _ in range(count)]
news = []
for index, text in enumerate(olds):
    if index % 2:
        edited = text.split()
        edited[rng.randrange(len(edited))] = rng.choice(words)
        news.append(" ".join(edited) + "!")
    else:
        news.append(sentence())
old = Catalog(header=Message(msgid="", msgstr="Content-Type: text/plain; charset=UTF-8\\n"),
              messages=[Message(msgid=text, msgstr="T " + text) for text in olds])
template = Catalog(header=Message(msgid=""), messages=[Message(msgid=text) for text in news])
started = time.process_time()
merged = merge(template, old, "fr", "hostile")
print(time.process_time() - started, sum(1 for m in merged.messages if m.fuzzy and not m.obsolete))
"""


def fuzzy_matching(count: int) -> tuple[float, int]:
    out = subprocess.run([sys.executable, "-c", FUZZY, str(count)], capture_output=True,
                         text=True, check=True, cwd=ROOT).stdout.split()
    return float(out[0]), int(out[1])


def long_word(broken: bool) -> float:
    from weasyprint import HTML

    from publisher.translate import break_long_words

    word = "abcdefghij" * 500
    text = break_long_words(word) if broken else word
    html = ("<html lang='en'><style>p { hyphens: auto; overflow-wrap: break-word; }</style>"
            f"<p>Before {text} after.</p></html>")
    started = time.process_time()
    HTML(string=html).write_pdf()
    return time.process_time() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--skip-pdf", action="store_true")
    args = parser.parse_args()
    print("| case | file MB | publisher CPU s | peak MB | msgfmt CPU s |")
    print("|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as folder:
        for name, make in CASES.items():
            path = Path(folder) / "case.po"
            path.write_text(make(), "utf-8")
            seconds, peak = read_in_process(path)
            print(f"| {name} | {path.stat().st_size / 1e6:.0f} | {seconds:.2f} | {peak} | "
                  f"{msgfmt_seconds(path)} |")
    print()
    print("| changed strings in one catalog | merge CPU s | fuzzy matches |")
    print("|---|---|---|")
    for count in (500, 1000, 2000):
        seconds, matches = fuzzy_matching(count)
        print(f"| {count:,} | {seconds:.2f} | {matches:,} |")
    if not args.skip_pdf:
        print()
        print(f"5,000-letter word, as written: {long_word(False):.1f} s CPU; "
              f"as the build gives it: {long_word(True):.2f} s CPU")


if __name__ == "__main__":
    main()
