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
3. Reading an edition file of 5,000 to 20,000 cover lines (each line's place
   in the file is found for the catalog's references), and the line-by-line
   search it replaced on 2,000 and 5,000 lines.
4. The preview under 40 slow clients (each sends its request one byte every
   0.1 s, and comes back when closed): how long a normal request waits.
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

    from publisher.translate.document import break_long_words

    word = "abcdefghij" * 500
    text = break_long_words(word) if broken else word
    html = ("<html lang='en'><style>p { hyphens: auto; overflow-wrap: break-word; }</style>"
            f"<p>Before {text} after.</p></html>")
    started = time.process_time()
    HTML(string=html).write_pdf()
    return time.process_time() - started


def _small_project(folder: Path) -> Path:
    from click.testing import CliRunner

    from publisher.cli import main as cli

    project = folder / "project"
    (project / "documents").mkdir(parents=True)
    (project / "publisher.toml").write_text('source_locale = "en"\nlocales = ["fr"]\n')
    (project / "documents" / "report.md").write_text("# Report\n\nSome text.\n")
    for command in (["extract"], ["update"]):
        CliRunner().invoke(cli, ["--project", str(project), *command])
    return project


def edition_lines() -> None:
    """Seconds to read an edition of N cover lines, and the old line search."""
    from publisher.sources.config import load_settings
    from publisher.sources.editions import _line_of, parse_edition

    with tempfile.TemporaryDirectory() as folder:
        project = _small_project(Path(folder))
        (project / "editions").mkdir()
        settings = load_settings(project)
        print("| cover lines | read the edition, s | the old line-by-line search, s |")
        print("|---|---|---|")
        for count in (2_000, 5_000, 20_000):
            lines = [f"Cover line number {n}" for n in range(count)]
            path = project / "editions" / "visit.toml"
            source = ('occasion = "Visit"\ndocuments = ["report"]\ncover = [\n'
                      + "\n".join(f'  "{line}",' for line in lines) + "\n]\n")
            path.write_text(source)
            started = time.perf_counter()
            parse_edition(path, settings, ["report"])
            now = time.perf_counter() - started
            old = "-"
            if count <= 5_000:
                started = time.perf_counter()
                for line in lines:
                    _line_of(source, "cover", line)
                old = f"{time.perf_counter() - started:.2f}"
            print(f"| {count:,} | {now:.2f} | {old} |")


def slow_clients(clients: int = 40, requests: int = 5) -> None:
    """How long a normal request to the preview waits while ``clients`` slow
    clients trickle their requests in (loopback only, bounded in time)."""
    import http.client
    import socket
    import statistics
    import threading

    from publisher.serve.server import ALL, Site, SiteServer
    from publisher.sources.config import load_settings

    with tempfile.TemporaryDirectory() as folder:
        site = Site(load_settings(_small_project(Path(folder))), proof=False)
        site.rebuild(ALL)
        server = SiteServer(site, "127.0.0.1", 0)
        threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05},
                         daemon=True).start()
        address = server.server_address[:2]
        stop = threading.Event()
        end = time.monotonic() + 30

        def slow() -> None:
            while not stop.is_set() and time.monotonic() < end:
                try:
                    conn = socket.create_connection(address, timeout=5)
                except OSError:
                    stop.wait(0.02)
                    continue
                try:
                    conn.sendall(b"GET /en/report.html HTTP/1.1\r\n")
                    while not stop.wait(0.1):
                        conn.sendall(b"X")
                except OSError:
                    stop.wait(0.02)
                finally:
                    conn.close()

        threads = [threading.Thread(target=slow, daemon=True) for _ in range(clients)]
        for thread in threads:
            thread.start()
        time.sleep(2)
        waits, failed = [], 0
        for _ in range(requests):
            started = time.monotonic()
            try:
                connection = http.client.HTTPConnection(*address, timeout=15)
                connection.request("GET", "/en/report.html", headers={"Host": "localhost"})
                connection.getresponse().read()
                connection.close()
                waits.append(time.monotonic() - started)
            except (OSError, http.client.HTTPException):
                failed += 1
            time.sleep(0.5)
        stop.set()
        for thread in threads:
            thread.join(5)
        server.shutdown()
        server.server_close()
        shown = f"median {statistics.median(waits):.3f} s, longest {max(waits):.3f} s" \
            if waits else "no answer"
        print(f"{clients} slow clients: {len(waits)} of {requests} normal requests answered "
              f"({shown}), {failed} refused")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--skip-pdf", action="store_true")
    parser.add_argument("--only", choices=["po", "pdf", "editions", "serve"],
                        help="Run one part only.")
    args = parser.parse_args()
    if args.only == "editions":
        edition_lines()
        return
    if args.only == "serve":
        slow_clients()
        return
    if args.only in (None, "po"):
        po_files()
    if args.only in (None, "pdf") and not args.skip_pdf:
        print()
        print(f"5,000-letter word, as written: {long_word(False):.1f} s CPU; "
              f"as the build gives it: {long_word(True):.2f} s CPU")
    if args.only is None:
        print()
        edition_lines()
        print()
        slow_clients()


def po_files() -> None:
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


if __name__ == "__main__":
    main()
