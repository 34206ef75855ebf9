"""Translation memory: a sentence translated once is offered wherever it recurs.

When ``publisher update`` merges a template, an entry that is new (or whose
source changed) and has no translation of its own yet takes the translation
of the identical source string from elsewhere: the locale's other catalogs
(obsolete entries included) and, as GNU msgmerge's ``-C`` does, compendia
(any PO files the user names, used inside ``merge`` as msgmerge uses them).
The entry is fuzzy, for a translator's review (``[update] memory =
"translated"`` counts a fill with the same source, context and flags as
translated); a translator comment names where the translation came from.
An entry the merge gave a translation of its own history keeps it: the
memory's different offer is only noted beside it.

``inconsistencies`` finds the other side: one source string translated in
different ways in one locale's catalogs (W603 in ``publisher check``).

Pure functions over catalogs; ``update.py`` reads and writes the files.
"""

from __future__ import annotations

from dataclasses import dataclass

from .checks import Problem, ignored_codes, problem, quoted
from .model import Catalog, Message

#: The translator comment that names a translation's origin.
ORIGIN = "publisher memory: from {where}"

#: Flags that say nothing about the entry's text.
_STATE_FLAGS = {"fuzzy"}


@dataclass(frozen=True)
class Remembered:
    message: Message
    where: str              # "locales/de/LC_MESSAGES/other.po:42"


def _flags(message: Message) -> frozenset[str]:
    return frozenset(f for f in message.flags if f not in _STATE_FLAGS)


class Memory:
    """Translations by source string, first come first served."""

    def __init__(self) -> None:
        self._by_source: dict[tuple[str, str | None], list[Remembered]] = {}

    def add(self, catalog: Catalog, shown: str) -> None:
        """Remember every reviewed translation of ``catalog`` (obsolete ones too)."""
        for message in catalog.messages:
            if message.is_header or message.fuzzy or not message.has_translation:
                continue
            if message.is_plural and not all(message.msgstr_plural):
                continue
            key = (message.msgid, message.msgid_plural)
            self._by_source.setdefault(key, []).append(
                Remembered(message, f"{shown}:{message.lineno}" if message.lineno else shown))

    def __len__(self) -> int:
        return sum(len(found) for found in self._by_source.values())

    def find(self, entry: Message, exclude: str = "") -> Remembered | None:
        """The best remembered translation of ``entry``'s source: one with the
        same context and flags first, then any.  ``exclude`` skips a file."""
        found = [r for r in self._by_source.get((entry.msgid, entry.msgid_plural), ())
                 if not r.where.startswith(exclude + ":") and r.where != exclude] \
            if exclude else list(self._by_source.get((entry.msgid, entry.msgid_plural), ()))
        if not found:
            return None
        for candidate in found:
            if candidate.message.msgctxt == entry.msgctxt and \
                    _flags(candidate.message) == _flags(entry):
                return candidate
        return found[0]

    def fill(self, catalog: Catalog, before: set[tuple[str | None, str]], nplurals: int,
             mode: str = "fuzzy") -> int:
        """Fill (in place) the entries of a merged ``catalog`` that are new
        since ``before`` (the keys the file had) and that the merge left
        untranslated.  Returns how many were filled.

        ``mode`` is the ``[update] memory`` setting: "fuzzy" (every fill is
        fuzzy, for review: the default), "translated" (a fill with the same
        context and flags counts as translated, any other is fuzzy) or "off"
        (nothing is filled).

        An entry the merge gave a translation (a fuzzy match from its own
        previous msgid, or an obsolete entry brought back) keeps it: the
        entry's history wins, and a different translation the memory has for
        the same source is only noted beside it (:func:`note_offer`)."""
        if mode == "off":
            return 0
        filled = 0
        for entry in catalog.messages:
            if entry.is_header or entry.obsolete or entry.key in before:
                continue
            if entry.has_translation:
                if entry.fuzzy:
                    note_offer(entry, self.find(entry))
                continue
            found = self.find(entry)
            if found is None:
                continue
            fill_entry(entry, found, nplurals, fuzzy=mode == "fuzzy")
            filled += 1
        return filled


#: The translator comment beside a fuzzy match that names what the memory offered.
OFFER = "publisher memory: also {text} from {where}"


def note_offer(entry: Message, found: Remembered | None) -> None:
    """Note ``found``'s translation beside ``entry``'s own (a translator
    comment), unless it is the same."""
    entry.translator_comments = [c for c in entry.translator_comments
                                 if not c.startswith("publisher memory: also ")]
    if found is None:
        return
    source = found.message
    if (source.msgstr, list(source.msgstr_plural)) == (entry.msgstr, list(entry.msgstr_plural)):
        return
    text = source.msgstr if not source.is_plural else " | ".join(source.msgstr_plural)
    escaped = text.replace("\\", "\\\\").replace("\n", "\\n").replace('"', '\\"')
    entry.translator_comments.append(OFFER.format(text=f'"{escaped}"', where=found.where))


def fill_entry(entry: Message, found: Remembered, nplurals: int, fuzzy: bool = False) -> None:
    """Give the untranslated ``entry`` ``found``'s translation: fuzzy when
    asked, or when the context or flags differ (or a plural's forms do not
    fit), with a comment naming where it came from."""
    source = found.message
    if entry.is_plural:
        forms = list(source.msgstr_plural[:nplurals])
        forms += [forms[-1]] * (nplurals - len(forms))
        entry.msgstr_plural = forms
    else:
        entry.msgstr = source.msgstr
    exact = source.msgctxt == entry.msgctxt and _flags(source) == _flags(entry) \
        and (not entry.is_plural or len(source.msgstr_plural) == nplurals)
    entry.set_fuzzy(fuzzy or not exact)
    entry.previous_msgid = entry.previous_msgid_plural = entry.previous_msgctxt = None
    entry.translator_comments = [c for c in entry.translator_comments
                                 if not c.startswith("publisher memory:")]
    entry.translator_comments.append(ORIGIN.format(where=found.where))


def inconsistencies(catalogs: list[tuple[str, Catalog]]) -> dict[str, list[Problem]]:
    """W603 for each translated entry whose source string is translated
    otherwise in another of ``catalogs`` (one locale's), by file."""
    seen: dict[tuple[str | None, str, str | None], list[tuple[str, Message]]] = {}
    for shown, catalog in catalogs:
        for message in catalog.messages:
            if message.translated:
                seen.setdefault((message.msgctxt, message.msgid, message.msgid_plural),
                                []).append((shown, message))
    found: dict[str, list[Problem]] = {}
    for occurrences in seen.values():
        texts = {(m.msgstr, tuple(m.msgstr_plural)) for _, m in occurrences}
        if len(texts) < 2:
            continue
        for shown, message in occurrences:
            if "W603" in ignored_codes(message):
                continue
            others = [f"{where}:{m.lineno} ({quoted(m.msgstr or m.first_msgstr, 40)})"
                      for where, m in occurrences
                      if (m.msgstr, tuple(m.msgstr_plural)) !=
                      (message.msgstr, tuple(message.msgstr_plural))]
            found.setdefault(shown, []).append(problem(
                "W603", message.lineno,
                f"{quoted(message.msgid)} is translated otherwise in {', '.join(others[:3])}; "
                "use one translation, or add the word publisher-ignore-W603 in a "
                "translator comment where the difference is wanted"))
    return found
