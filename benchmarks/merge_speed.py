"""`publisher update`'s merge against GNU `msgmerge --previous`.

Run:  .venv/bin/python benchmarks/merge_speed.py [--entries 10000] [--edited 0.05]
          [--added 0] [--repeat 3]

It generates, deterministically (a seeded generator, no download), a
catalog of realistic English interface strings and document sentences
(labels, messages with %(name)s placeholders, sentences with figure
placeholders, plural entries, entries with a context), translates every
entry with a stand-in translation, then edits a share of the msgids the way
authors do (a word replaced, added or dropped, punctuation, capitals, a
typo fixed; figures and placeholders are left alone, since publisher carries
figure-only edits by a rule of its own), drops a few and, with --added,
adds brand-new ones (the costly case: no old msgid is similar enough).  The old PO file and the new
template are written to a temporary folder, and

1. `msgmerge --previous OLD.po NEW.pot -o OUT.po` runs as a whole process;
2. `publisher update` runs as a whole process on a project holding the
   same two files (interpreter start, reading, merging and writing
   included);
3. the merge alone is timed in-process: `merge(template, old)` against
   msgmerge's whole process minus its time on an empty template (reading
   and writing the old file);

then the two results are compared entry by entry: for every entry of the
template, whether it was matched exactly, fuzzily (and to which old msgid),
or not at all, and whether the two files are byte for byte the same apart
from the header.
"""

from __future__ import annotations

import argparse
import random
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from check_speed import best  # noqa: E402

from publisher.catalogs.merge import merge  # noqa: E402
from publisher.catalogs.model import Catalog, Message  # noqa: E402
from publisher.catalogs.pofile import encode_po, parse_po, read_po  # noqa: E402

PYTHON = sys.executable

# -- a deterministic corpus -----------------------------------------------------

NOUNS = """account address agreement amount application archive article author
bank budget button calendar catalog category certificate change channel chapter
city comment committee company computer condition connection contact content
contract country court customer data database date deadline delivery department
description device directory document download draft edition editor email entry
event exchange export field file filter folder form format group guide history
holiday image import index installation institute invoice issue item language
law layout letter library licence link list location log manager map market
meeting member menu message method minister ministry model module month name
network note notice number office option order organisation owner package page
panel partner password payment period permission phone picture plan policy
position post price printer priority process product profile programme project
property proposal province publication purpose quality question queue quota
record region registration report request research resource result review right
role rule schedule school scheme screen search section sector selection server
service session setting share size source space staff standard statement status
step storage student subject summary supplier support survey system table tag
task team template term test text theme thread ticket time title topic total
training transfer translation type unit update upload user value vendor version
view volume warning website week window worker year zone""".split()

ADJECTIVES = """active annual available basic central civil common complete current
daily default digital direct domestic economic electronic empty existing external
final financial foreign formal free full general global green hidden important
industrial initial internal international invalid joint key large last legal
local main major manual maximum minimum mobile monthly national new next official
old online open original other personal previous primary private public quarterly
recent regional related remote required scientific secondary secure selected
separate shared short simple single small social special standard strategic
technical temporary total unknown urban valid weekly whole""".split()

VERBS = """accept add allow approve archive assign attach build cancel change check
choose close compare complete confirm connect contain copy create delete describe
download edit enable enter export fill find finish follow generate give import
include install keep leave list load lock manage mark move need open print
process protect publish receive record remove rename replace report request reset
restore review save search select send set share show sign sort start stop submit
support update upload use validate verify view""".split()

PLACES = """Asia Africa Europe China India Brazil Canada Germany France Japan Kenya
Mexico Norway Peru Spain Sweden Chile Egypt Ghana Italy Nepal""".split()

CONNECTORS = ["and", "or", "but", "because", "while", "although", "so that", "unless",
              "before", "after", "when", "if"]


def participle(verb: str) -> str:
    return verb + ("d" if verb.endswith("e") else "ed")


class Corpus:
    """Sentences in the style of an application's and a report's strings."""

    def __init__(self, seed: int) -> None:
        self.random = random.Random(seed)

    def noun(self, plural: bool = False) -> str:
        word = self.random.choice(NOUNS)
        if not plural:
            return word
        if word.endswith(("s", "x", "ch", "sh")):
            return word + "es"
        if word.endswith("y") and word[-2] not in "aeiou":
            return word[:-1] + "ies"
        return word + "s"

    def phrase(self) -> str:
        r = self.random
        words = []
        if r.random() < 0.5:
            words.append(r.choice(["the", "a", "this", "your", "each", "every", "no"]))
        if r.random() < 0.6:
            words.append(r.choice(ADJECTIVES))
        words.append(self.noun(plural=r.random() < 0.3))
        if r.random() < 0.3:
            words += ["of", r.choice(["the", "your", "this"]), self.noun()]
        return " ".join(words)

    def clause(self) -> str:
        r = self.random
        kind = r.random()
        if kind < 0.15:
            return f"{self.phrase()} {r.choice(['is', 'was', 'will be', 'cannot be', 'has been'])} " \
                   f"{participle(r.choice(VERBS))}"
        if kind < 0.3:
            return f"{self.phrase()} {r.choice(['is', 'was', 'remains', 'seems'])} {r.choice(ADJECTIVES)}"
        if kind < 0.6:
            return f"{r.choice(['you', 'we', 'the system', 'an administrator', 'the owner'])} " \
                   f"{r.choice(['can', 'must', 'should', 'may', 'will'])} {r.choice(VERBS)} {self.phrase()}"
        if kind < 0.92:
            return f"{r.choice(VERBS)} {self.phrase()} {r.choice(['to', 'from', 'in', 'for', 'with'])} " \
                   f"{self.phrase()}"
        year, count = r.randint(1978, 2030), r.randint(2, 99999)
        grouped = f"{count:,}"
        return f"by {{{year}}}, {{{grouped}}} {self.noun(True)} had been {participle(r.choice(VERBS))} in " \
               f"{r.choice(PLACES)}"

    def sentence(self) -> str:
        r = self.random
        parts = [self.clause()]
        for _ in range(r.choice([0, 0, 1, 1, 1, 2, 3])):
            parts.append(r.choice(CONNECTORS) + " " + self.clause())
        text = ", ".join(parts) if r.random() < 0.3 else " ".join(parts)
        text = text[0].upper() + text[1:]
        return text + r.choice([".", ".", ".", "!", "?", ":"])

    def label(self) -> str:
        r = self.random
        kind = r.random()
        if kind < 0.4:
            text = r.choice(VERBS) + " " + self.phrase()
        elif kind < 0.7:
            text = self.phrase()
        else:
            text = f"{self.phrase()} %({r.choice(['name', 'count', 'date', 'user', 'size'])})s"
        return text[0].upper() + text[1:]

    def msgid(self) -> str:
        r = self.random.random()
        if r < 0.35:
            return self.label()
        if r < 0.85:
            return self.sentence()
        return " ".join(self.sentence() for _ in range(self.random.randint(2, 4)))

    def edit(self, text: str) -> str:
        """What an author does to a string between two releases."""
        r = self.random
        words = text.split(" ")
        kind = r.random()
        plain = [i for i, w in enumerate(words) if "{" not in w and "%" not in w]
        if not plain:                                          # figures only: add a word
            return text + " " + r.choice(ADJECTIVES)
        if kind < 0.25 and len(words) > 1:                     # a word replaced
            i = r.choice(plain)
            words[i] = r.choice(NOUNS + ADJECTIVES + VERBS)
        elif kind < 0.45:                                      # a word added
            words.insert(r.randrange(len(words) + 1), r.choice(ADJECTIVES + ["now", "also", "all"]))
        elif kind < 0.6 and len(plain) > 2:                    # a word dropped
            words.pop(r.choice(plain[1:]))
        elif kind < 0.7:                                       # punctuation
            return text.rstrip(".!?:") + r.choice([".", "…", "!", " ...", ""])
        elif kind < 0.8:                                       # capitals
            i = r.choice(plain)
            words[i] = words[i].capitalize() if words[i].islower() else words[i].lower()
        elif kind < 0.9:                                       # a typo fixed / made
            i = r.choice(plain)
            w = words[i]
            if len(w) > 3:
                j = r.randrange(len(w) - 1)
                words[i] = w[:j] + w[j + 1] + w[j] + w[j + 2:]
            else:
                words[i] = w + w[-1]
        else:                                                  # a clause added
            return text.rstrip(".!?:") + " " + r.choice(CONNECTORS) + " " + self.clause() + "."
        return " ".join(words)


def translate(text: str) -> str:
    """A stand-in translation: deterministic and as long as a real one."""
    return " ".join(word[::-1] for word in text.split(" "))


def make_catalogs(entries: int, edited: float, seed: int = 4,
                  added: float = 0.0) -> tuple[Catalog, Catalog]:
    """The old translated catalog and the new template (with ``added`` as
    many brand-new msgids as a share of ``entries``)."""
    corpus = Corpus(seed)
    seen: set[tuple[str | None, str]] = set()
    old_messages: list[Message] = []
    while len(old_messages) < entries:
        msgid = corpus.msgid()
        context = corpus.random.choice(["menu", "verb", "noun"]) if corpus.random.random() < 0.03 \
            else None
        if (context, msgid) in seen:
            continue
        seen.add((context, msgid))
        index = len(old_messages)
        message = Message(msgid=msgid, msgctxt=context,
                          references=[f"src/module{index % 97}.py:{index % 1000 + 1}"])
        if "%(" in msgid:
            message.flags = ["python-format"]
        if corpus.random.random() < 0.04:
            message.msgid_plural = msgid + "s"
            message.msgstr_plural = [translate(msgid), translate(msgid) + "s"]
        else:
            message.msgstr = translate(msgid)
        state = corpus.random.random()
        if state < 0.03:                                       # untranslated
            message.msgstr = ""
            message.msgstr_plural = [""] * len(message.msgstr_plural)
        elif state < 0.06:                                     # fuzzy already
            message.flags.insert(0, "fuzzy")
        old_messages.append(message)
    header = Message(msgid="", msgstr=(
        "Project-Id-Version: bench\nLanguage: fr\nMIME-Version: 1.0\n"
        "Content-Type: text/plain; charset=UTF-8\nContent-Transfer-Encoding: 8bit\n"
        "Plural-Forms: nplurals=2; plural=(n > 1);\n"))
    old = Catalog(header=header, messages=old_messages)

    new_messages = []
    changes = set(corpus.random.sample(range(entries), int(entries * edited)))
    dropped = set(corpus.random.sample(sorted(set(range(entries)) - changes), entries // 200))
    used = {m.key for m in old_messages}
    for index, message in enumerate(old_messages):
        if index in dropped:
            continue
        msgid = message.msgid
        if index in changes:
            while (message.msgctxt, msgid) in used:
                msgid = corpus.edit(msgid)
            used.add((message.msgctxt, msgid))
        new = Message(msgid=msgid, msgctxt=message.msgctxt, msgid_plural=message.msgid_plural,
                      references=list(message.references),
                      flags=[f for f in message.flags if f != "fuzzy"])
        if new.msgid_plural is not None:
            new.msgstr_plural = ["", ""]
        new_messages.append(new)
    fresh = Corpus(seed + 1000)
    for index in range(int(entries * added)):
        msgid = fresh.msgid()
        if (None, msgid) not in used:
            used.add((None, msgid))
            new_messages.insert(corpus.random.randrange(len(new_messages) + 1),
                                Message(msgid=msgid, references=[f"src/new.py:{index + 1}"]))
    template = Catalog(header=Message(msgid="", msgstr=(
        "Project-Id-Version: bench\nMIME-Version: 1.0\n"
        "Content-Type: text/plain; charset=UTF-8\nContent-Transfer-Encoding: 8bit\n")),
        messages=new_messages)
    return old, template


# -- measuring -------------------------------------------------------------------

def run_msgmerge(old: Path, pot: Path, out: Path) -> None:
    subprocess.run(["msgmerge", "--quiet", "--previous", "-o", str(out), str(old), str(pot)],
                   check=True)


def matches(catalog: Catalog) -> dict[tuple[str | None, str], tuple[str, str | None]]:
    """For each active entry: exact, fuzzy (with its previous msgid) or new."""
    result = {}
    for message in catalog.messages:
        if message.obsolete:
            continue
        if message.previous_msgid is not None:
            result[message.key] = ("fuzzy", message.previous_msgid)
        elif message.has_translation:
            result[message.key] = ("exact", None)
        else:
            result[message.key] = ("new", None)
    return result


def body(data: bytes) -> bytes:
    """A PO file without its header entry."""
    return data.split(b"\n\n", 1)[1]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--entries", type=int, default=10_000)
    parser.add_argument("--edited", type=float, default=0.05)
    parser.add_argument("--added", type=float, default=0.0,
                        help="brand-new msgids, as a share of --entries")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=4)
    args = parser.parse_args()

    old, template = make_catalogs(args.entries, args.edited, args.seed, args.added)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        project = folder / "project"
        (project / "locales" / "fr" / "LC_MESSAGES").mkdir(parents=True)
        (project / "publisher.toml").write_text('locales = ["fr"]\n')
        pot = project / "locales" / "bench.pot"
        po = project / "locales" / "fr" / "LC_MESSAGES" / "bench.po"
        old_path = folder / "old.po"
        old_path.write_bytes(encode_po(old))
        pot.write_bytes(encode_po(template))
        empty = folder / "empty.pot"
        empty.write_bytes(encode_po(Catalog(header=template.header)))
        gnu_out = folder / "gnu.po"

        old = read_po(old_path)
        template = read_po(pot)
        edited = sum(1 for m in template.messages if old.find(m.msgid, m.msgctxt) is None)
        print(f"{len(template.messages)} template entries, {edited} of them edited or new; "
              f"{len(old.messages)} old entries; best of {args.repeat}\n")

        gnu = best(lambda: run_msgmerge(old_path, pot, gnu_out), args.repeat)
        gnu_io = best(lambda: run_msgmerge(old_path, empty, folder / "io.po"), args.repeat)

        def update() -> None:
            shutil.copy(old_path, po)
            subprocess.run([PYTHON, "-m", "publisher", "--project", str(project), "update"],
                           check=True, stdout=subprocess.DEVNULL)

        ours = best(update, args.repeat)
        merged = None

        def in_process() -> None:
            nonlocal merged
            merged = merge(template, old, "fr", "bench")

        merge_only = best(in_process, args.repeat)

        print("| run | seconds |")
        print("|---|---:|")
        print(f"| `msgmerge --previous` (process) | {gnu:.2f} |")
        print(f"| `publisher update` (process) | {ours:.2f} |")
        print(f"| msgmerge, merging only (process minus its run on an empty template) "
              f"| {gnu - gnu_io:.2f} |")
        print(f"| `merge()` in-process | {merge_only:.2f} |")
        print(f"\nwhole processes: publisher takes {ours / gnu:.2f}x msgmerge's time")

        theirs = parse_po(gnu_out.read_bytes())
        mine = read_po(po)
        ours_m, theirs_m = matches(mine), matches(theirs)
        fuzzy_theirs = {k: v for k, v in theirs_m.items() if v[0] == "fuzzy"}
        agree = sum(1 for k, v in fuzzy_theirs.items() if ours_m.get(k) == v)
        fuzzy_ours = sum(1 for v in ours_m.values() if v[0] == "fuzzy")
        same = sum(1 for k, v in theirs_m.items() if ours_m.get(k) == v)
        print(f"\nfuzzy matches: msgmerge {len(fuzzy_theirs)}, publisher {fuzzy_ours}, "
              f"same old msgid in both: {agree}/{len(fuzzy_theirs)}")
        print(f"every entry's outcome (exact, fuzzy from which msgid, new): "
              f"{same}/{len(theirs_m)} the same")
        identical = body(po.read_bytes()) == body(gnu_out.read_bytes())
        print(f"files identical apart from the header: {'yes' if identical else 'no'}")
        del merged


if __name__ == "__main__":
    main()
