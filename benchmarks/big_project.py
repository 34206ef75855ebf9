"""A big project, built cold, again with nothing changed, after one change.

Run:  .venv/bin/python benchmarks/big_project.py                 (100 documents of 2 pages, 8 locales)
      .venv/bin/python benchmarks/big_project.py --documents 4 --locales 3   (a quick check)

The text is real and anyone can make it again offline, from the Python
interpreter that runs this script: the Language Reference's help topics
(``pydoc_data.topics``, what ``help("assignment")`` prints), then the
standard-library modules' docstrings, cut at section breaks into documents
of about --pages pages of text (examples and indented listings left out).  The
catalogs are synthesized: every entry of every locale is filled with the
source text with its letters mapped into the locale's script (Cyrillic,
Arabic, Devanagari, CJK ideographs, accented Latin), so each locale's fonts
and shaping are exercised as with real translations.

It measures, through the ``build`` function (the same as ``publisher build``):
the cold build (wall, CPU of every process, peak memory of the process
tree, seconds per PDF page next to WeasyPrint rendering the same HTML in a
bare loop), the longest gap between two progress events, each PDF
worker's memory over its jobs, a no-op rebuild, one changed paragraph (and
that document built alone), one changed msgstr, extract/update/check/stats,
and two shards against one build (of --shard-documents documents).
Figures are printed as Markdown for benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import importlib
import inspect
import io
import os
import pkgutil
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LOCALES = ["ar", "de", "es", "fr", "hi", "ru", "zh_CN"]
CHARS_PER_PAGE = 3000
SKIP = re.compile(r"^(_|test|tests|site-packages|idlelib|tkinter|turtle|antigravity|this|lib2to3|ensurepip|venv|"
                  r"pydoc_data|encodings|msilib|winreg|winsound|curses|dbm|sqlite3\.dump)")


# --- the text ---------------------------------------------------------------------

def _paragraphs(doc: str) -> list[str]:
    out = []
    for block in re.split(r"\n\s*\n", inspect.cleandoc(doc)):
        lines = block.splitlines()
        if not lines or any(l.startswith((" ", "\t", ">>>", "...")) for l in lines):
            continue      # examples and indented listings
        text = " ".join(l.strip() for l in lines)
        text = re.sub(r"``([^`]+)``", r"`\1`", text)
        if text.count("`") % 2:
            text = text.replace("`", "")
        # Markdown's and the figures' special characters out of the prose;
        # code spans keep theirs (backslashes and backticks aside)
        parts = text.split("`")
        text = "`".join(re.sub(r"[{}<>\[\]*_#|\\]", " ", part) if index % 2 == 0
                        else re.sub(r"[\\{}]", " ", part) for index, part in enumerate(parts))
        text = re.sub(r"\s+", " ", text).strip()
        if len(text) > 40 and not text[0] in "-+=:.0123456789":
            out.append(text)
    return out


def _sections() -> list[tuple[str, str, list[str]]]:
    """(source, heading, paragraphs) in order: the Language Reference's help
    topics (pydoc_data.topics, the text ``help("assignment")`` shows), then
    the standard-library modules' docstrings."""
    import warnings
    from pydoc_data.topics import topics

    sections = []
    for name in sorted(topics):
        blocks = re.split(r"\n(?=[^\n]+\n[*=\-]{3,}\n)", topics[name])
        for block in blocks:
            lines = block.split("\n")
            heading = lines[0].strip() if len(lines) > 1 and re.fullmatch(r"[*=\-]{3,}", lines[1].strip()) else ""
            body = "\n".join(lines[2:] if heading else lines)
            paragraphs = _paragraphs(body)
            if paragraphs:
                sections.append((name, re.sub(r"[^\w\s,.()'-]", "", heading).strip(), paragraphs))
    warnings.simplefilter("ignore")
    stdlib = os.path.dirname(os.__file__)
    modules = sorted(m.name for m in pkgutil.walk_packages([stdlib], onerror=lambda name: None)
                     if not any(SKIP.match(part) for part in m.name.split(".")))
    for name in modules:
        try:
            module = importlib.import_module(name)
        except BaseException:
            continue
        sections.append((name, f"The {name} module", _paragraphs(module.__doc__ or "")))
        for attr, value in sorted(vars(module).items()):
            if attr.startswith("_") or getattr(value, "__module__", None) != name:
                continue
            if inspect.isclass(value) or inspect.isfunction(value):
                paragraphs = _paragraphs(inspect.getdoc(value) or "")
                if paragraphs:
                    sections.append((name, f"{name}.{attr}", paragraphs))
    return [s for s in sections if s[2]]


def module_documents(count: int, pages: int) -> list[tuple[str, str]]:
    """``count`` documents of about ``pages`` pages of text each, cut from the
    reference topics and module documentation in order (at section breaks)."""
    documents = []
    current: list[str] = []
    size, first = 0, ""
    for source, heading, paragraphs in _sections():
        if not current:
            first = source
        if heading:
            current.append(f"## {heading}\n")
        for paragraph in paragraphs:
            current.append(paragraph + "\n")
            size += len(paragraph)
        if size >= CHARS_PER_PAGE * pages:
            name = f"{len(documents) + 1:03d}-{first.replace('.', '-')}"
            documents.append((name, f"---\ntitle: \"Python reference {len(documents) + 1}, {first}\"\n---\n\n"
                                    f"# Python reference {len(documents) + 1}, {first}\n\n" + "\n".join(current)))
            current, size = [], 0
            if len(documents) == count:
                break
    return documents


# --- synthesized translations ---------------------------------------------------

SCRIPTS = {
    "ru": "абвгдежзийклмнопрстуфхцчшщэюя", "ar": "ابتثجحخدذرزسشصضطظعغفقكلمنهوي",
    "hi": "अआइईउऊएऐओऔकखगघचछजझटठडढणतथदधनपफबभमयरलवशसह", "zh_CN": "的一是不了人我在有他这中大来上国个到说们为子和你地出道也时年",
    "de": "äbcdëfghïjklmnöpqrsßüvwxyz", "es": "ábcdéfghíjklmñópqrstúvwxyz", "fr": "àbçdéfghîjklmnôpqrstùvwxyz",
}


def pseudo(text: str, locale: str) -> str:
    """``text`` with its letters outside code spans mapped into the locale's script."""
    script = SCRIPTS[locale]
    parts = re.split(r"(`[^`]*`|\{[^}]*\}|%\(\w+\)s)", text)
    mapped = []
    for index, part in enumerate(parts):
        if index % 2:
            mapped.append(part)
        elif locale == "zh_CN":
            mapped.append(re.sub(r"[A-Za-z]+", lambda m: "".join(
                script[(ord(c) * 7 + len(m.group())) % len(script)] for c in m.group()[:3]), part))
        else:
            mapped.append("".join(script[(ord(c.lower()) - 97) % len(script)] if c.isascii()
                                  and c.isalpha() else c for c in part))
    return "".join(mapped)


def make_project(folder: Path, documents: int, locales: int, pages: int) -> Path:
    from publisher.catalogs.pofile import read_po, write_po

    chosen = LOCALES[:max(0, locales - 1)]
    folder.mkdir(parents=True)
    (folder / "documents").mkdir()
    (folder / "publisher.toml").write_text(
        'source_locale = "en"\nlocales = [' + ", ".join(f'"{l}"' for l in chosen) + ']\n'
        'documents = "documents"\ntemplates = "templates"\nlocales_dir = "locales"\n'
        'output = "dist"\npage_size = "A4"\n', "utf-8")
    for name, text in module_documents(documents, pages):
        (folder / "documents" / f"{name}.md").write_text(text, "utf-8")
    publisher(folder, "extract")
    publisher(folder, "update")
    for po in sorted((folder / "locales").glob("*/LC_MESSAGES/*.po")):
        locale = po.parent.parent.name
        catalog = read_po(po)
        for message in catalog.messages:
            if message.msgid and not message.msgid_plural:
                message.msgstr = pseudo(message.msgid, locale)
            elif message.msgid_plural:
                message.msgstr_plural = [pseudo(message.msgid_plural, locale)] * max(
                    1, len(message.msgstr_plural))
            message.flags = [f for f in message.flags if f != "fuzzy"]
        write_po(po, catalog)
    return folder


def publisher(project: Path, *args: str) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "publisher", "--project", str(project), *args],
                   check=True, capture_output=True, cwd=ROOT)
    return time.perf_counter() - started


# --- measuring ------------------------------------------------------------------

def tree_rss_kb(pid: int) -> int:
    """Resident memory of a process and all its descendants."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as stream:
                fields = stream.read().rsplit(")", 1)[1].split()
            children.setdefault(int(fields[1]), []).append(int(entry))
            rss[int(entry)] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE") // 1024
        except (OSError, ValueError, IndexError):
            continue
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        total += rss.get(current, 0)
        todo.extend(children.get(current, []))
    return total


class _Stamped(io.StringIO):
    """What plain progress output writes, with the time of each line."""

    def __init__(self) -> None:
        super().__init__()
        self.times: list[float] = []

    def write(self, text: str) -> int:
        self.times.extend(time.perf_counter() for _ in range(text.count("\n")))
        return super().write(text)


class Measure:
    """Wall, CPU (this process and its finished children), peak tree memory,
    and the lines plain progress output (as in a CI log) writes, with their
    times: the longest silence is the longest gap between two of them."""

    def __enter__(self):
        from publisher.cli.progress import BuildProgress

        self.stream = _Stamped()
        self.stages: list[tuple[float, str]] = []
        self.display = BuildProgress(self.stream, live=False).__enter__()
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()
        self.cpu0 = self._cpu()
        self.started = time.perf_counter()
        return self

    def _sample(self):
        while not self._stop.wait(0.25):
            self.peak = max(self.peak, tree_rss_kb(os.getpid()))

    @staticmethod
    def _cpu() -> float:
        own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
        return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime

    def progress(self, event) -> None:
        if event.kind == "stage":
            self.stages.append((time.perf_counter(), event.output))
        self.display(event)

    def __exit__(self, *exc):
        self.wall = time.perf_counter() - self.started
        self.cpu = self._cpu() - self.cpu0
        self.display.__exit__(None, None, None)
        self._stop.set()
        self._thread.join()
        marks = [self.started, *self.stream.times, self.started + self.wall]
        self.silence = max(b - a for a, b in zip(marks, marks[1:]))
        lines = self.stream.getvalue().splitlines()
        self.heartbeats = sum(line.startswith("working: ") for line in lines)
        self.lines = len(lines)
        ends = [when for when, _ in self.stages[1:]] + [self.started + self.wall]
        self.stage_seconds = [(name, end - when) for (when, name), end in zip(self.stages, ends)]


def raw_weasyprint(pages: list[Path], roots) -> tuple[float, int]:
    """WeasyPrint alone on the same HTML pages, in this process: (seconds, pages)."""
    script = r"""
import sys, time
from weasyprint import HTML
from weasyprint.text.fonts import FontConfiguration
total, count = 0.0, 0
for name in sys.argv[1:]:
    started = time.perf_counter()
    fonts = FontConfiguration()
    document = HTML(filename=name, media_type="print").render(font_config=fonts, pdf_tags=True)
    document.write_pdf(pdf_variant="pdf/ua-1")
    total += time.perf_counter() - started
    count += len(document.pages)
print(total, count)
"""
    out = subprocess.run([sys.executable, "-c", script, *map(str, pages)], check=True,
                         capture_output=True, text=True).stdout.split()
    return float(out[0]), int(out[1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--documents", type=int, default=100)
    parser.add_argument("--locales", type=int, default=8)
    parser.add_argument("--pages", type=int, default=2,
                        help="pages of text per document (the text runs out at about "
                             "100 documents of 2 pages)")
    parser.add_argument("--shard-documents", type=int, default=20)
    parser.add_argument("--keep", type=Path, help="make the project here and keep it")
    parser.add_argument("--cold-only", action="store_true",
                        help="measure the cold build only (and the catalog commands)")
    args = parser.parse_args()
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1700000000")
    from publisher.build.pipeline import build
    from publisher.sources.config import load_settings

    tmp = Path(tempfile.mkdtemp(prefix="publisher-big-"))
    project = args.keep or tmp / "project"
    started = time.perf_counter()
    make_project(project, args.documents, args.locales, args.pages)
    print(f"project made in {time.perf_counter() - started:.0f} s: {project}", file=sys.stderr)
    settings = load_settings(project)
    names = sorted(p.stem for p in settings.document_paths())
    if len(names) < args.documents:
        sys.exit(f"the text makes only {len(names)} documents of {args.pages} page(s): "
                 "ask for fewer documents or pages")
    rows: list[tuple[str, str]] = []

    def add(row: tuple[str, str]) -> None:   # shown at once: a long run can be watched
        rows.append(row)
        print(f"| {row[0]} | {row[1]} |", file=sys.stderr, flush=True)
    add(("machine load before (uptime)", subprocess.run(
        ["uptime"], capture_output=True, text=True).stdout.strip()))
    size = sum(len(p.read_text("utf-8")) for p in settings.document_paths())
    add(("project", f"{len(names)} documents ({size // 1000} kB of Markdown), "
                            f"{len(settings.all_locales)} locales"))

    for command in (["extract"], ["update"], ["check"], ["stats"]):
        try:
            seconds = publisher(project, *command)
            add((f"`publisher {command[0]}`", f"{seconds:.1f} s"))
        except subprocess.CalledProcessError as error:   # check fails on findings: time it anyway
            add((f"`publisher {command[0]}`", f"exit {error.returncode}"))

    with Measure() as cold:
        report = build(settings, progress=cold.progress)
    pages = sum(r.pages for r in report.pdfs)
    rendering = sum(r.seconds for r in report.pdfs)
    add(("cold build", f"{cold.wall:.0f} s wall, {cold.cpu:.0f} s CPU "
                               f"({cold.cpu / cold.wall:.2f} cores busy), peak memory "
                               f"{cold.peak / 1024:.0f} MB (all processes)"))
    add(("outputs", f"{len(report.built)} made: {len(report.pdfs)} PDFs, {pages} pages"))
    add(("cold build's stages", "; ".join(f"{re.sub(r' [0-9]+ ', ' N ', name)} {seconds:.1f} s"
                                         for name, seconds in cold.stage_seconds)))
    add(("longest silence in plain progress output (as in a CI log)",
         f"{cold.silence:.2f} s ({cold.lines} lines, {cold.heartbeats} of them "
         "`working: ...` lines)"))
    sample = [r.pdf_path.with_suffix(".html") for r in sorted(report.pdfs, key=lambda r: str(r.pdf_path))[::max(1, len(report.pdfs) // 12)]]
    raw_seconds, raw_pages = raw_weasyprint(sample, None)
    ours = [r for r in report.pdfs if r.pdf_path.with_suffix(".html") in sample]
    add(("s per PDF page", f"{rendering / max(1, pages):.2f} in the build's workers; "
                 f"same {len(sample)} pages' HTML in bare WeasyPrint: "
                 f"{raw_seconds / max(1, raw_pages):.2f} (build: "
                 f"{sum(r.seconds for r in ours) / max(1, sum(r.pages for r in ours)):.2f})"))
    growth = []
    for worker, samples in report.worker_rss_kb.items():
        growth.append((samples[0], samples[-1], len(samples)))
    add(("PDF worker memory (first job -> last job, per worker)",
                 f"{len(growth)} workers, each at most {max(g[2] for g in growth)} jobs; "
                 f"median {sorted(g[0] for g in growth)[len(growth) // 2] / 1024:.0f} -> "
                 f"{sorted(g[1] for g in growth)[len(growth) // 2] / 1024:.0f} MB, max "
                 f"{max(g[1] for g in growth) / 1024:.0f} MB" if growth else "-"))

    if args.cold_only:
        add(("machine load after (uptime)", subprocess.run(
            ["uptime"], capture_output=True, text=True).stdout.strip()))
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)
        return
    with Measure() as noop:
        again = build(settings, progress=noop.progress)
    add(("no-op rebuild", f"{noop.wall:.1f} s ({100 * noop.wall / cold.wall:.1f}% of cold), "
                                  f"{again.pdf_renders} PDFs rendered"))

    name = names[len(names) // 2]
    source = project / "documents" / f"{name}.md"
    text = source.read_text("utf-8")
    paragraph = next(line for line in text.splitlines()[6:] if len(line) > 80)
    source.write_text(text.replace(paragraph, paragraph + " One sentence more.", 1), "utf-8")
    with Measure() as changed:
        one = build(settings, progress=changed.progress)
    with Measure() as alone:
        build(settings, documents=[name], output=tmp / "alone", force=True,
              cache_folder=tmp / "alone-cache")
    add(("one changed paragraph", f"{changed.wall:.1f} s, {one.pdf_renders} PDFs rendered; "
                 f"that document alone (cold): {alone.wall:.1f} s "
                 f"(ratio {changed.wall / alone.wall:.2f})"))

    target = next((l for l in settings.all_locales if l != settings.source_locale), None)
    po = project / "locales" / str(target) / "LC_MESSAGES" / f"{names[0]}.po"
    if target and po.exists():
        catalog = po.read_text("utf-8")
        first = re.search(r'\nmsgstr "(.+)"\n', catalog)
        po.write_text(catalog[:first.start(1)] + "+ " + catalog[first.start(1):], "utf-8")
        with Measure() as msg:
            single = build(settings, progress=msg.progress)
        add((f"one changed msgstr ({target})", f"{msg.wall:.1f} s; rendered: " + ", ".join(
            sorted(r.pdf_path.relative_to(single.output).as_posix() for r in single.pdfs))))

    # Shards: a share of the documents, each shard cold into its own folder and cache.
    subset = names[:args.shard_documents]
    with Measure() as whole:
        build(settings, documents=subset, output=tmp / "one", cache_folder=tmp / "c1", force=True)
    shard_times = []
    for index in (1, 2):
        with Measure() as part:
            build(settings, documents=subset, output=tmp / f"shard{index}", shard=(index, 2),
                  cache_folder=tmp / f"c-{index}", force=True)
        shard_times.append(part.wall)
    add((f"2 shards vs 1 ({len(subset)} documents, every locale)",
                 f"one build {whole.wall:.0f} s; shards {shard_times[0]:.0f} s and "
                 f"{shard_times[1]:.0f} s ({max(shard_times) / whole.wall:.2f} of one)"))
    add(("machine load after (uptime)", subprocess.run(
        ["uptime"], capture_output=True, text=True).stdout.strip()))

    print("| measure | result |")
    print("|---|---|")
    for key, value in rows:
        print(f"| {key} | {value} |")
    if not args.keep:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
