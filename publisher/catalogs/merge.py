"""Merging a template (POT) into a translation (PO), as msgmerge --previous does.

``merge`` is a pure function.  Its promise: no translation is ever dropped.
Every translated entry of the old catalog ends up in the new one, either
unchanged (its msgid is still in the template), fuzzy under a changed msgid
(with the old msgid kept in ``#|`` lines), or obsolete (``#~``).
"""

from __future__ import annotations

import copy
from difflib import SequenceMatcher

from .. import figures
from ..locales import locale_info
from .model import Catalog, Message

#: How alike two msgids must be for a translation to carry over as fuzzy.
FUZZY_THRESHOLD = 0.6

GENERATOR = "publisher"


def new_header(domain: str, locale: str) -> Message:
    """The header of a new PO file for ``locale``, with CLDR's plural forms."""
    info = locale_info(locale)
    header = Message(msgid="")
    header.translator_comments = [f"{info.native_name} translation of {domain}."]
    header.msgstr = (
        f"Project-Id-Version: {domain}\n"
        "Last-Translator: \n"
        f"Language-Team: {info.native_name}\n"
        f"Language: {locale}\n"
        "MIME-Version: 1.0\n"
        "Content-Type: text/plain; charset=UTF-8\n"
        "Content-Transfer-Encoding: 8bit\n"
        f"Plural-Forms: {info.plural_forms}\n"
        f"X-Generator: {GENERATOR}\n"
    )
    return header


def _similarity(a: str, b: str) -> float:
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    if matcher.real_quick_ratio() < FUZZY_THRESHOLD or matcher.quick_ratio() < FUZZY_THRESHOLD:
        return 0.0
    return matcher.ratio()


def _fit_forms(forms: list[str], nplurals: int) -> list[str]:
    """Plural forms padded to ``nplurals`` (extra forms are kept, never cut)."""
    return list(forms) + [""] * (nplurals - len(forms))


def _carry(template: Message, old: Message, nplurals: int, fuzzy: bool) -> Message:
    """``template`` with the translation and translator's notes of ``old``."""
    new = copy.deepcopy(template)
    new.translator_comments = list(old.translator_comments)
    new.flags = [f for f in template.flags if f != "fuzzy"]
    if template.is_plural:
        if old.is_plural:
            forms = list(old.msgstr_plural)
        else:
            forms = [old.msgstr]
        new.msgstr_plural = _fit_forms(forms, nplurals)
        new.msgstr = ""
    else:
        new.msgstr = old.msgstr if not old.is_plural else (old.msgstr_plural or [""])[0]
    if fuzzy or old.fuzzy:
        new.set_fuzzy(True)
        if fuzzy:
            new.previous_msgctxt = old.msgctxt
            new.previous_msgid = old.msgid
            new.previous_msgid_plural = old.msgid_plural
        else:
            new.previous_msgctxt = old.previous_msgctxt
            new.previous_msgid = old.previous_msgid
            new.previous_msgid_plural = old.previous_msgid_plural
    return new


def _refigure(new: Message, old: Message, locale: str, source_locale: str,
              nplurals: int) -> Message | None:
    """Carry ``old``'s translation to ``new`` when their msgids differ only in
    figures: the translation's placeholders are renamed to the new figures.

    The entry stays translated unless a figure moved to another CLDR plural
    category in ``locale`` (the noun beside it may need another form): then
    it is fuzzy, for review.  None when the msgids differ in more than figures.
    """
    if new.msgid_plural != old.msgid_plural and (new.msgid_plural is None or old.msgid_plural is None):
        return None
    if figures.skeleton(new.msgid) != figures.skeleton(old.msgid):
        return None
    before, after = figures.placeholders(old.msgid), figures.placeholders(new.msgid)
    if len(before) != len(after) or before == after:
        return None
    mapping: dict[str, str] = {}
    review = False
    for a, b in zip(before, after):
        if mapping.setdefault(a, b) != b:
            review = True
        try:
            fa, fb = figures.parse_figure(a, source_locale), figures.parse_figure(b, source_locale)
        except figures.FigureError:
            return None
        if figures.plural_category(fa, locale) != figures.plural_category(fb, locale):
            review = True
    carried = _carry(new, old, nplurals, fuzzy=review)

    def rename(text: str) -> str:
        return figures.PLACEHOLDER.sub(lambda m: "{" + mapping.get(m.group(1), m.group(1)) + "}",
                                        text)

    if not review:
        carried.msgstr = rename(carried.msgstr)
        carried.msgstr_plural = [rename(form) for form in carried.msgstr_plural]
    return carried


def merge(template: Catalog, old: Catalog | None, locale: str, domain: str,
          source_locale: str = "en") -> Catalog:
    """The new PO catalog for ``locale``: the template's entries, with translations
    carried over from ``old``."""
    nplurals = locale_info(locale).nplurals
    if old is not None and old.header_field("Plural-Forms"):
        from .translations import parse_plural_forms
        try:
            nplurals = parse_plural_forms(old.header_field("Plural-Forms"))[0]
        except ValueError:
            pass
    result = Catalog(header=copy.deepcopy(old.header) if old and old.header else new_header(domain, locale),
                     charset=old.charset if old else "UTF-8", path=old.path if old else None)
    previous = [m for m in (old.messages if old else []) if m.msgid != ""]
    active = {m.key: m for m in previous if not m.obsolete}
    obsolete = {m.key: m for m in previous if m.obsolete}
    used: set[int] = set()
    unmatched: list[Message] = []
    for entry in template.messages:
        if entry.msgid == "":
            continue
        match = active.get(entry.key) or obsolete.get(entry.key)
        if match is not None and id(match) not in used:
            used.add(id(match))
            result.messages.append(_carry(entry, match, nplurals, fuzzy=False))
        else:
            new = copy.deepcopy(entry)
            new.flags = [f for f in entry.flags if f != "fuzzy"]
            if new.is_plural:
                new.msgstr_plural = [""] * nplurals
            result.messages.append(new)
            unmatched.append(new)
    candidates = [m for m in previous if id(m) not in used and m.has_translation]
    # Figures only: a msgid whose figures changed keeps its translation.
    for new in list(unmatched):
        for candidate in candidates:
            if id(candidate) in used or candidate.msgctxt != new.msgctxt:
                continue
            carried = _refigure(new, candidate, locale, source_locale, nplurals)
            if carried is not None:
                used.add(id(candidate))
                result.messages[result.messages.index(new)] = carried
                unmatched.remove(new)
                break
    # Fuzzy matching: a new msgid takes the translation of the most similar
    # old one that the template no longer has.
    for new in unmatched:
        best, best_score = None, 0.0
        for candidate in candidates:
            if id(candidate) in used or candidate.msgctxt != new.msgctxt:
                continue
            score = _similarity(candidate.msgid, new.msgid)
            if score > best_score:
                best, best_score = candidate, score
        if best is not None and best_score >= FUZZY_THRESHOLD:
            used.add(id(best))
            index = result.messages.index(new)
            result.messages[index] = _carry(new, best, nplurals, fuzzy=True)
    # What is left becomes obsolete; untranslated leftovers go, as in msgmerge.
    for message in previous:
        if id(message) in used or not message.has_translation:
            continue
        gone = copy.deepcopy(message)
        gone.obsolete = True
        gone.references = []
        gone.extracted_comments = []
        result.messages.append(gone)
    return result
