"""What changed: the source strings new or changed since a release, per
locale and document, with their word counts: what a translation agency is
asked to quote.

Two baselines:

- a git reference (``--since REF``; by default the last tag): the sources
  at that commit (the documents, and the templates' ``.pot`` file) are
  extracted in memory and compared with the sources now;
- the last ``publisher update`` (``--since-update``): each locale's
  catalogs are compared with the sources now (entries the catalog lacks,
  has untranslated, or has fuzzy with the old source in ``#|`` lines).

A string the sources now have and the baseline lacks is *new*, or
*changed* when it resembles a string the baseline had and the sources no
longer have (msgmerge's measure, as ``update`` uses), which is shown beside
it.  A locale lists only the strings its catalog has no reviewed
translation for yet.

``compare`` and ``for_locale`` are pure; ``git_catalogs`` runs git.
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from ..catalogs.merge import similarity
from ..catalogs.model import Catalog, Message
from ..catalogs.stats import count_words
from ..core.errors import ConfigError
from ..sources.config import Settings

#: How alike two strings must be for one to count as the other changed (msgmerge's threshold).
SIMILAR = 0.6


@dataclass(frozen=True)
class Change:
    kind: str               # "new" or "changed"
    new: str
    old: str | None
    msgctxt: str | None
    reference: str          # where the new string is, "documents/x.md:12"
    words: int


@dataclass
class DomainChanges:
    domain: str
    changes: list[Change] = field(default_factory=list)

    @property
    def words(self) -> int:
        return sum(c.words for c in self.changes)


@dataclass
class LocaleChanges:
    locale: str
    domains: list[DomainChanges] = field(default_factory=list)

    @property
    def words(self) -> int:
        return sum(d.words for d in self.domains)

    @property
    def strings(self) -> int:
        return sum(len(d.changes) for d in self.domains)


def _words(message: Message) -> int:
    return count_words(message.msgid) + (count_words(message.msgid_plural)
                                         if message.msgid_plural else 0)


def _change(message: Message, old: str | None) -> Change:
    return Change("changed" if old is not None else "new", message.msgid, old, message.msgctxt,
                  message.references[0] if message.references else "", _words(message))


def compare(old: Catalog | None, new: Catalog) -> list[Change]:
    """The strings of ``new`` that ``old`` lacks, paired with the most
    similar string ``old`` has and ``new`` does not, in ``new``'s order."""
    before = {m.key for m in old.active()} if old is not None else set()
    now = {m.key for m in new.active()}
    gone = [m for m in old.active() if m.key not in now] if old is not None else []
    changes = []
    for message in new.active():
        if message.key in before:
            continue
        best, score = None, SIMILAR
        for candidate in gone:
            value = similarity(candidate.msgid, message.msgid)
            if value > score:
                best, score = candidate, value
        changes.append(_change(message, best.msgid if best is not None else None))
    return changes


def for_locale(locale: str, changes: dict[str, list[Change]],
               catalogs: dict[str, Catalog | None]) -> LocaleChanges:
    """The changes a locale still has to translate: those its catalog has no
    reviewed translation for."""
    result = LocaleChanges(locale)
    for domain in sorted(changes):
        catalog = catalogs.get(domain)
        done = {m.key for m in catalog.messages if m.translated} if catalog is not None else set()
        kept = [c for c in changes[domain] if (c.msgctxt, c.new) not in done]
        if kept:
            result.domains.append(DomainChanges(domain, kept))
    return result


def since_update(template: Catalog, catalog: Catalog | None,
                 brought: list[dict] | None = None) -> list[Change]:
    """The strings of ``template`` the last update brought into ``catalog``
    (``brought``: its record, see ``catalogs/update.py``) that still have
    no reviewed translation, new or changed (with the old source, from the
    record or the ``#|`` lines); a string the catalog lacks altogether (no
    update yet) is new too.  Without a record (catalogs updated before
    updates were recorded), every string without a reviewed translation."""
    entries = {m.key: m for m in catalog.active()} if catalog is not None else {}
    recorded = {(item.get("context"), item.get("msgid")): item for item in brought or ()}
    changes = []
    for message in template.active():
        entry = entries.get(message.key)
        if entry is not None and entry.translated:
            continue
        if brought is not None and entry is not None and message.key not in recorded:
            continue        # untranslated from before the last update
        old = recorded.get(message.key, {}).get("old")
        if old is None and entry is not None and entry.fuzzy:
            old = entry.previous_msgid
        changes.append(_change(message, old))
    return changes


# -- git --------------------------------------------------------------------------

def _git(root: Path, *args: str) -> str:
    return _git_bytes(root, *args).decode("utf-8", "replace")


def _git_bytes(root: Path, *args: str) -> bytes:
    try:
        done = subprocess.run(["git", "-C", str(root), *args], capture_output=True, timeout=60)
    except FileNotFoundError:
        raise ConfigError("git is not installed", hint="install git, or use --since-update") \
            from None
    if done.returncode != 0:
        stderr = done.stderr.decode("utf-8", "replace").strip()[:300]
        raise ConfigError(f"git {' '.join(args[:2])} failed: {stderr}",
                          path=str(root), hint="run this inside the project's git repository")
    return done.stdout


def last_tag(root: Path) -> str:
    try:
        return _git(root, "describe", "--tags", "--abbrev=0").strip()
    except ConfigError:
        raise ConfigError("the repository has no tag to compare with", path=str(root),
                          hint="name a commit with --since REF, or use --since-update") from None


def _history_text(root: Path, commit: str, ref: str, inside: str) -> str:
    """A file as it was at ``commit``, read as the project's sources are
    (UTF-8); another encoding is a clear error, with the line."""
    data = _git_bytes(root, "show", f"{commit}:./{inside}")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        from ..core.terminal import printable

        raise ConfigError(f"{printable(inside)} at {printable(ref)} is not UTF-8 text (byte "
                          f"0x{data[exc.start]:02X}), so its strings cannot be compared",
                          path=f"{printable(ref)}:{printable(inside)}",
                          line=data.count(b"\n", 0, exc.start) + 1,
                          hint="compare with a later reference (--since), one where the file "
                               "is UTF-8, or use --since-update") from None


def git_catalogs(settings: Settings, ref: str) -> dict[str, Catalog]:
    """The catalogs of the sources at ``ref``, by domain, extracted in memory:
    every document of the documents folder, and the templates' .pot file."""
    from ..catalogs.pofile import parse_po
    from ..core.errors import PublisherError
    from ..extract.pot import document_catalog
    from ..sources.documents import parse_document

    if ref.startswith("-"):
        raise ConfigError(f"{ref!r} is not a git reference", hint="name a tag, branch or commit")
    try:
        commit = _git(settings.root, "rev-parse", "--verify", "--quiet",
                      f"{ref}^{{commit}}").strip()
    except ConfigError:
        raise ConfigError(f"git knows no commit named {ref!r}", path=str(settings.root),
                          hint="name a tag, branch or commit of the project's repository "
                               "(git tag lists the tags)") from None
    folder = settings.relative(settings.documents_dir)
    # -z: names as they are (git quotes and escapes non-ASCII names otherwise)
    listed = [os.fsdecode(name) for name in _git_bytes(
        settings.root, "ls-tree", "-z", "--name-only", commit, f"./{folder}/").split(b"\0")
        if name]
    prefix = _git(settings.root, "rev-parse", "--show-prefix").strip()
    catalogs: dict[str, Catalog] = {}
    for name in listed:
        inside = name[len(prefix):] if prefix and name.startswith(prefix) else name
        if not inside.endswith(".md"):
            continue
        text = _history_text(settings.root, commit, ref, inside)
        try:
            document = parse_document(text, inside, settings.source_locale)
        except PublisherError:
            continue    # a document broken at that commit: all its strings count as new
        catalogs[document.name] = document_catalog(document)
    pot = settings.relative(settings.pot_path(settings.templates_domain))
    try:
        data = _git_bytes(settings.root, "show", f"{commit}:./{pot}")
        catalogs[settings.templates_domain] = parse_po(data, pot)
    except (ConfigError, PublisherError):
        pass
    return catalogs


def project_changes(settings: Settings, locales: list[str] | None = None,
                    since: str | None = None, since_last_update: bool = False
                    ) -> tuple[str, list[LocaleChanges]]:
    """(the baseline's name, each locale's changes)."""
    from ..catalogs.update import read_catalog
    from ..extract.pot import extract_catalogs

    def load_catalog(locale: str, domain: str) -> Catalog | None:
        path = settings.po_path(locale, domain)
        return read_catalog(settings, path) if path.exists() else None

    current = extract_catalogs(settings)
    chosen = [l for l in (locales or settings.locales) if l != settings.source_locale]
    if since_last_update:
        from ..catalogs.update import read_update_record, used_domains

        record = read_update_record(settings)
        baseline = "the last update" if record is not None else \
            "the last update (no record of it: every string not yet translated)"
        result = []
        for locale in chosen:
            used = used_domains(settings, locale, list(current))
            catalogs = {d: load_catalog(locale, d) for d in used}
            changes = {d: since_update(current[d], catalogs[d], None if record is None else
                                       record.get(settings.relative(settings.po_path(locale, d)),
                                                  []))
                       for d in used}
            result.append(for_locale(locale, changes, catalogs))
        return baseline, result
    ref = since or last_tag(settings.root)
    old = git_catalogs(settings, ref)
    changes = {domain: compare(old.get(domain), catalog) for domain, catalog in current.items()}
    result = []
    for locale in chosen:
        catalogs = {d: load_catalog(locale, d) for d in current}
        result.append(for_locale(locale, changes, catalogs))
    return ref, result


# -- reports ------------------------------------------------------------------------

def as_json(baseline: str, locales: list[LocaleChanges]) -> dict:
    return {"since": baseline, "locales": [
        {"locale": l.locale, "strings": l.strings, "words": l.words, "documents": [
            {"domain": d.domain, "strings": len(d.changes), "words": d.words, "changes": [
                {"kind": c.kind, "old": c.old, "new": c.new, "context": c.msgctxt,
                 "reference": c.reference, "words": c.words} for c in d.changes]}
            for d in l.domains]} for l in locales]}


def as_text(baseline: str, locales: list[LocaleChanges]) -> str:
    lines = [f"changes since {baseline}"]
    for locale in locales:
        lines.append(f"{locale.locale}: {locale.strings} string(s), {locale.words} word(s)")
        for domain in locale.domains:
            lines.append(f"  {domain.domain}: {len(domain.changes)} string(s), "
                         f"{domain.words} word(s)")
            for change in domain.changes:
                lines.append(f"    {change.kind} ({change.words} words) {change.reference}")
                if change.old is not None:
                    lines.append(f"      - {change.old}")
                lines.append(f"      + {change.new}")
    return "\n".join(lines) + "\n"


def _cell(text: str | None) -> str:
    if text is None:
        return ""
    return " ".join(text.split()).replace("\\", "\\\\").replace("|", "\\|")


def as_markdown(baseline: str, locales: list[LocaleChanges]) -> str:
    lines = [f"# Changes since {_cell(baseline)}", ""]
    for locale in locales:
        lines += [f"## {locale.locale}: {locale.strings} strings, {locale.words} words", ""]
        if not locale.domains:
            lines += ["Nothing to translate.", ""]
            continue
        lines += ["| Document | Change | Old source | New source | Words |",
                  "|---|---|---|---|---:|"]
        for domain in locale.domains:
            for change in domain.changes:
                lines.append(f"| {domain.domain} | {change.kind} | {_cell(change.old)} | "
                             f"{_cell(change.new)} | {change.words} |")
        lines.append("")
    return "\n".join(lines)
