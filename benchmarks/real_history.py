"""`publisher update` against GNU `msgmerge --previous` on real translation history.

Run:  .venv/bin/python benchmarks/real_history.py [--cache DIR] [--git-dir DIR]
          [--pairs 3.11:3.12,3.12:3.13] [--keep DIR]

The history is the French translation of the Python documentation
(https://github.com/python/python-docs-fr, CC0): for each pair of branches
OLD:NEW, the PO files both branches have.  Each branch is cloned once
(`git clone --depth 1 --branch B`) into the cache folder (default
benchmarks/.cache/python-docs-fr/, ignored by git); with --git-dir, the
branches are read from an existing clone instead (`git archive`).

For each pair, a project with the one locale fr is made: each file's
template is the NEW branch's file made a template,
`msgattrib --no-obsolete --clear-fuzzy --clear-previous | msgfilter
--keep-header sed d` (the header stays, and with it the charset),
and fr's catalog is the OLD branch's file; its domain is the file's path
with `/` as `-` (library/os.po -> library-os).  Then

1. GNU `msgmerge --previous --lang=fr OLD.po NEW.pot -o OUT.po` runs once per
   file (CPU time of all the processes, msgmerge's own threads included);
2. `publisher update` runs once on the whole project (CPU time of the
   process and its workers, peak memory of the largest);

and the outputs are compared file by file, read with polib:

- translations lost: each non-empty msgstr (every plural form) of an old
  file that its new file no longer holds anywhere (msgstr of an active,
  fuzzy or obsolete entry), and of those, the ones no new file holds;
- entries that differ, by kind: filled by the translation memory where
  msgmerge leaves the entry untranslated; a memory note (``# publisher
  memory: also ...``) beside msgmerge's own fuzzy match; anything else
  (listed);
- files byte for byte the same;
- memory fills that are the very translation the NEW branch published
  (how often the memory's guess is what the translators wrote).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
REPOSITORY = "https://github.com/python/python-docs-fr"
CACHE = Path(__file__).resolve().parent / ".cache" / "python-docs-fr"


def branch_tree(branch: str, cache: Path, git_dir: Path | None, repository: str) -> Path:
    """A folder holding ``branch``'s files (made once, in the cache)."""
    folder = cache / branch
    if (folder / ".complete").exists():
        return folder
    if folder.exists():
        shutil.rmtree(folder)
    folder.parent.mkdir(parents=True, exist_ok=True)
    if git_dir is not None:
        folder.mkdir()
        archive = subprocess.run(["git", "--git-dir", str(git_dir), "archive", branch],
                                 capture_output=True, check=True).stdout
        subprocess.run(["tar", "-x", "-C", str(folder)], input=archive, check=True)
    else:
        subprocess.run(["git", "clone", "--quiet", "--depth", "1", "--branch", branch,
                        repository, str(folder)], check=True)
    (folder / ".complete").write_text("")
    return folder


def po_files(tree: Path) -> dict[str, Path]:
    """The branch's PO files by domain (path with '/' as '-', no .po)."""
    found = {}
    for path in sorted(tree.rglob("*.po")):
        relative = path.relative_to(tree)
        if relative.parts[0].startswith("."):
            continue
        found[relative.with_suffix("").as_posix().replace("/", "-")] = path
    return found


def make_template(source: Path, target: Path) -> None:
    cleared = subprocess.run(["msgattrib", "--no-obsolete", "--clear-fuzzy", "--clear-previous",
                              str(source)], capture_output=True, check=True).stdout
    subprocess.run(["msgfilter", "--keep-header", "-o", str(target), "sed", "d"], input=cleared, check=True,
                   capture_output=True)


def run_measured(command: list[str], cwd: Path) -> tuple[float, int, int]:
    """CPU seconds (user + system, of the process and the children it
    waited for), peak resident MB, exit status."""
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    error = process.stderr.read().decode("utf-8", "replace")
    process.stderr.close()
    if process.returncode != 0:
        print(error, file=sys.stderr)
    return usage.ru_utime + usage.ru_stime, usage.ru_maxrss // 1024, process.returncode


def templates(branch: str, files: dict[str, Path], domains: list[str], cache: Path) -> Path:
    """The branch's files of ``domains`` made templates (each made once, in
    the cache: msgfilter runs sed once per entry, which takes minutes)."""
    folder = cache / f"{branch}-templates"
    folder.mkdir(parents=True, exist_ok=True)
    for domain in domains:
        target = folder / f"{domain}.pot"
        if not target.exists():
            partial = folder / f"{domain}.pot.partial"
            make_template(files[domain], partial)
            partial.replace(target)
    return folder


def prepare(old_files: dict[str, Path], domains: list[str], made: Path, project: Path) -> None:
    messages = project / "locales" / "fr" / "LC_MESSAGES"
    messages.mkdir(parents=True)
    (project / "publisher.toml").write_text('source_locale = "en"\nlocales = ["fr"]\n')
    for domain in domains:
        shutil.copyfile(made / f"{domain}.pot", project / "locales" / f"{domain}.pot")
        shutil.copyfile(old_files[domain], messages / f"{domain}.po")


def run_msgmerge(project: Path, domains: list[str], output: Path) -> float:
    output.mkdir()
    seconds = 0.0
    for domain in domains:
        cpu, _, status = run_measured(
            ["msgmerge", "--quiet", "--previous", "--lang=fr", "-o", str(output / f"{domain}.po"),
             str(project / "locales" / "fr" / "LC_MESSAGES" / f"{domain}.po"),
             str(project / "locales" / f"{domain}.pot")], project)
        if status != 0:
            raise SystemExit(f"msgmerge failed on {domain}")
        seconds += cpu
    return seconds


def translations(entries) -> Counter:
    found: Counter = Counter()
    for entry in entries:
        if entry.msgid == "" and not entry.msgctxt:
            continue
        forms = list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]
        found.update(form for form in forms if form)
    return found


def memory_note(entry) -> bool:
    return any(line.startswith("publisher memory: also") for line in entry.tcomment.split("\n"))


def strip_memory_note(entry) -> str:
    return "\n".join(line for line in entry.tcomment.split("\n")
                     if not line.startswith("publisher memory: also"))


def compare(domains: list[str], olds: Path, ours: Path, theirs: Path,
            published: dict[str, Path]) -> dict:
    import polib

    lost = {"msgmerge": [], "publisher": []}
    everywhere = {"msgmerge": Counter(), "publisher": Counter()}
    kinds: Counter = Counter()
    others: list[str] = []
    identical = 0
    fills = {"translated": 0, "fuzzy": 0, "as published": 0}
    for domain in domains:
        final = {(e.msgctxt, e.msgid): e.msgstr
                 for e in polib.pofile(str(published[domain])) if not e.obsolete and not e.fuzzy}
        old = polib.pofile(str(olds / f"{domain}.po"))
        outputs = {"msgmerge": theirs / f"{domain}.po", "publisher": ours / f"{domain}.po"}
        if outputs["msgmerge"].read_bytes() == outputs["publisher"].read_bytes():
            identical += 1
        read = {tool: polib.pofile(str(path)) for tool, path in outputs.items()}
        before = translations(old)
        for tool, catalog in read.items():
            after = translations(catalog)
            everywhere[tool].update(after)
            lost[tool] += [(domain, text) for text in before if text not in after]
        mine = {(e.msgctxt, e.msgid, e.obsolete): e for e in read["publisher"]}
        for entry in read["msgmerge"]:
            key = (entry.msgctxt, entry.msgid, entry.obsolete)
            other = mine.pop(key, None)
            if other is None:
                kinds["only in msgmerge's file"] += 1
                others.append(f"{domain}: only msgmerge: {entry.msgid[:60]!r}")
                continue
            if str(other) == str(entry):
                continue
            if not entry.translated() and not entry.fuzzy and other.msgstr and \
                    "publisher memory: from" in other.tcomment:
                kinds["memory fill of an entry msgmerge leaves untranslated"] += 1
                fills["fuzzy" if other.fuzzy else "translated"] += 1
                fills["as published"] += final.get((other.msgctxt, other.msgid)) == other.msgstr
                continue
            if memory_note(other) and other.msgstr == entry.msgstr and \
                    strip_memory_note(other) == entry.tcomment and other.flags == entry.flags \
                    and other.previous_msgid == entry.previous_msgid:
                kinds["memory note beside msgmerge's own fuzzy match"] += 1
                continue
            if entry.fuzzy and "publisher memory: from" in other.tcomment:
                kinds["memory replaced msgmerge's fuzzy match"] += 1
            else:
                kinds["other"] += 1
            others.append(f"{domain}: {entry.msgid[:60]!r}")
        for key in mine:
            kinds["only in publisher's file"] += 1
            others.append(f"{domain}: only publisher: {key[1][:60]!r}")
    gone = {tool: [(d, t) for d, t in found if t not in everywhere[tool]]
            for tool, found in lost.items()}
    return {"lost": lost, "gone": gone, "kinds": kinds, "others": others,
            "identical": identical, "fills": fills}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cache", type=Path, default=CACHE,
                        help="where the branches are cloned (reused by later runs)")
    parser.add_argument("--git-dir", type=Path, help="read the branches from this clone instead")
    parser.add_argument("--repository", default=REPOSITORY)
    parser.add_argument("--pairs", default="3.11:3.12,3.12:3.13")
    parser.add_argument("--keep", type=Path, help="keep the projects and outputs in this folder")
    parser.add_argument("--update-option", action="append", default=[],
                        help="an option for `publisher update` (repeatable)")
    args = parser.parse_args()
    for tool in ("git", "msgmerge", "msgattrib", "msgfilter"):
        if not shutil.which(tool):
            raise SystemExit(f"{tool} is needed")
    pairs = [pair.split(":") for pair in args.pairs.split(",")]
    trees = {branch: po_files(branch_tree(branch, args.cache, args.git_dir, args.repository))
             for pair in pairs for branch in pair}
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        base = args.keep or Path(tmp)
        for old, new in pairs:
            work = base / f"{old}-{new}"
            if work.exists():
                shutil.rmtree(work)
            project = work / "project"
            domains = sorted(set(trees[old]) & set(trees[new]))
            prepare(trees[old], domains, templates(new, trees[new], domains, args.cache), project)
            olds = work / "old"
            shutil.copytree(project / "locales" / "fr" / "LC_MESSAGES", olds)
            msgmerge_cpu = run_msgmerge(project, domains, work / "msgmerge")
            os.environ["PYTHONPATH"] = str(ROOT)
            cpu, peak, status = run_measured([PYTHON, "-m", "publisher", "--project",
                                              str(project), "update", *args.update_option],
                                             project)
            if status != 0:
                print(f"publisher update exited {status} on {old} -> {new}")
            result = compare(domains, olds, project / "locales" / "fr" / "LC_MESSAGES",
                             work / "msgmerge", trees[new])
            rows.append((old, new, len(domains), msgmerge_cpu, cpu, peak, result))
    print("| pair | files | msgmerge CPU s | update CPU s | ratio | peak MB | lost: msgmerge |"
          " lost: publisher | lost from every file: publisher | identical files |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for old, new, count, theirs, ours, peak, result in rows:
        print(f"| {old} -> {new} | {count} | {theirs:.2f} | {ours:.2f} | {ours / theirs:.2f}x |"
              f" {peak} | {len(result['lost']['msgmerge'])} | {len(result['lost']['publisher'])}"
              f" | {len(result['gone']['publisher'])} | {result['identical']}/{count} |")
    for old, new, count, _, _, _, result in rows:
        print(f"\n{old} -> {new}: entries that differ, by kind")
        for kind, number in sorted(result["kinds"].items()):
            print(f"- {kind}: {number}")
        fills = result["fills"]
        print(f"- memory fills: {fills['translated']} translated, {fills['fuzzy']} fuzzy; "
              f"{fills['as published']} are the translation the {new} branch published")
        for line in result["others"][:20]:
            print(f"  {line}")
        for tool in ("msgmerge", "publisher"):
            for domain, text in result["lost"][tool][:10]:
                print(f"  lost by {tool}: {domain}: {text[:70]!r}")


if __name__ == "__main__":
    main()
