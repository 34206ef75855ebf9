"""Merging a template (POT) into a translation (PO), as ``msgmerge --previous`` does.

``merge`` is a pure function.  Its promise: no translation is ever dropped.
Every translated entry of the old catalog ends up in the new one, either
unchanged (its msgid is still in the template), as the source of a fuzzy
translation of a changed msgid (the old msgid kept in ``#|`` lines), or
obsolete (``#~``).

It makes GNU msgmerge 0.21's choices:

- an entry of the template whose context and msgid the old catalog has
  (obsolete entries included, which come back) keeps that translation, its
  translator comments and its fuzzy mark; the flags, references and
  extracted comments come from the template;
- any other entry takes, marked fuzzy, the translation of the old entry
  whose msgid is most similar to its own (:func:`similarity`, msgmerge's
  ``fstrcmp``: twice the longest common subsequence of the two UTF-8 byte
  strings over their total length, case-sensitive), if that similarity is
  above 0.6.  The old entry may be any entry with a translation (first form
  filled), fuzzy, obsolete or already used, in any context, but one without
  a context or in the same context gets a bonus of 0.00001.  Like msgmerge,
  an msgid of four characters or more is compared only with old msgids that
  share a run of four characters with it, and ties go to the old msgid that
  shares most such runs, then to the earlier one;
- a translation that was fuzzy keeps its own previous msgid; a changed
  plural (``msgid_plural`` added, removed or changed), a format flag the
  old entry lacked and its translation fails, or a narrower range make the
  entry fuzzy;
- old entries nothing used become obsolete.

One rule comes first and is publisher's own: a msgid that differs from an
old one only in its figure placeholders (``{27,785}`` -> ``{28,102}``) keeps
the translation with the placeholders renamed, and is marked fuzzy only
where a figure moved to another plural category of the locale
(:func:`_refigure`).  Other deliberate differences: plural translations
are padded with empty forms to the locale's number of forms (CLDR's when
the old header has no Plural-Forms); the header is merged as ``msgmerge
--lang=LOCALE`` merges it (:func:`merge_header_fields`); format flags are checked for python-format
and python-brace-format only; msgids are always compared as UTF-8 (msgmerge
compares them in the old file's charset when the template is not UTF-8).

The search for the most similar msgid is exact (it returns what msgmerge's
exhaustive search returns) and fast: old entries whose msgid starts or ends
like the new one are tried first, which usually raises the best similarity
at once; only old msgids whose length can still reach it are compared
further, and the longest common subsequences with all of them are computed
together, bit-parallel on one Python integer (:class:`_Packed`).
"""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from itertools import accumulate, compress, repeat
from operator import ge, mul, sub

from ..core.locales import locale_info
from ..figures import numbers as figures
from .model import GENERATOR, Catalog, Message

#: How alike two msgids must be for a translation to carry over as fuzzy
#: (msgmerge's FUZZY_THRESHOLD; a match must be strictly more alike).
FUZZY_THRESHOLD = 0.6

#: msgmerge's advantage for an old entry without a context or in the same one.
CONTEXT_BONUS = 0.00001


#: Header fields msgmerge takes from the template.
_TEMPLATE_FIELDS = ("Report-Msgid-Bugs-To", "POT-Creation-Date")

#: Format flags whose translations can be checked (msgmerge runs
#: ``msgfmt -c`` on every format it knows; publisher knows these two).
_CHECKED_FORMATS = ("python-format", "python-brace-format")


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


# -- similarity ------------------------------------------------------------------

def similarity(a: str, b: str) -> float:
    """msgmerge's ``fstrcmp``: 2 * LCS / (len(a) + len(b)) on UTF-8 bytes.

    1.0 for equal strings, 0.0 when one of them is empty and the other not.
    (fstrcmp's diff settles for an approximate LCS only past some 4,000
    steps, that is for strings thousands of bytes apart.)
    """
    x, y = a.encode("utf-8"), b.encode("utf-8")
    total = len(x) + len(y)
    if not x or not y:
        return float(total == 0)
    return 2 * _lcs(x, y) / total


def _common_prefix(a: bytes, b: bytes) -> int:
    if not a or not b or a[0] != b[0]:
        return 0
    low, high = 1, min(len(a), len(b))
    if a[:high] == b[:high]:
        return high
    while low < high:                   # a[:low] == b[:low], a[:high + 1] != b[:high + 1]
        middle = (low + high + 1) // 2
        if a[:middle] == b[:middle]:
            low = middle
        else:
            high = middle - 1
    return low


def _common_suffix(a: bytes, b: bytes, limit: int) -> int:
    """The length of the common end of ``a`` and ``b``, at most ``limit``."""
    if not limit or a[-1] != b[-1]:
        return 0
    low, high = 1, limit
    if a[-high:] == b[-high:]:
        return high
    while low < high:
        middle = (low + high + 1) // 2
        if a[-middle:] == b[-middle:]:
            low = middle
        else:
            high = middle - 1
    return low


def _masks(a: bytes) -> list[int]:
    """For each byte value, the bits of the positions where ``a`` has it."""
    masks = [0] * 256
    bit = 1
    for byte in a:
        masks[byte] |= bit
        bit <<= 1
    return masks


def _lcs_bits(masks: list[int], n: int, b: bytes, need: int = 0) -> int:
    """The length of the longest common subsequence of a string of ``n``
    bytes (given by its ``masks``) and ``b`` (Allison-Dix / Hyyrö's
    bit-parallel algorithm).  Stops early, returning a number below ``need``,
    once the result cannot reach ``need``."""
    full = (1 << n) - 1
    v = full
    m = len(b)
    if need <= 0 or m <= 32:
        for byte in b:
            u = v & masks[byte]
            v = (v + u) | (v - u)
        return n - (v & full).bit_count()
    for start in range(0, m, 32):
        for byte in b[start:start + 32]:
            u = v & masks[byte]
            v = (v + u) | (v - u)
        found = n - (v & full).bit_count()
        if found + m - start - 32 < need:
            return found + max(m - start - 32, 0)
    return n - (v & full).bit_count()


def _lcs(a: bytes, b: bytes, need: int = 0, masks: list[int] | None = None) -> int:
    """The length of the longest common subsequence of ``a`` and ``b`` (or a
    number below ``need`` when it is below ``need``).  ``masks`` are
    ``_masks(a)``, when the caller has them."""
    prefix = _common_prefix(a, b)
    suffix = _common_suffix(a, b, min(len(a), len(b)) - prefix)
    if prefix + suffix >= 8 or masks is None:
        a, b = a[prefix:len(a) - suffix], b[prefix:len(b) - suffix]
        if len(b) < len(a):
            a, b = b, a
        if not a:
            return prefix + suffix
        return prefix + suffix + _lcs_bits(_masks(a), len(a), b, need - prefix - suffix)
    return _lcs_bits(masks, len(a), b, need)


# -- the fuzzy index -------------------------------------------------------------

class _Candidate:
    __slots__ = ("message", "order", "data", "size", "context")

    def __init__(self, message: Message, order: int) -> None:
        self.message = message
        self.order = order
        self.data = message.msgid.encode("utf-8")
        self.size = len(self.data)
        self.context = message.msgctxt


def _grams(text: str) -> list[str]:
    """The runs of four characters of ``text`` (msgmerge's 4-grams), in order."""
    return [text[i:i + 4] for i in range(len(text) - 3)]


class _Packed:
    """Every candidate's msgid as one bit vector of a Python integer, to run
    the bit-parallel LCS against all of them at once.

    Candidate j takes whole 64-bit words, its bits first and at least one
    zero bit after them, so that a carry never reaches the next candidate.
    Iterating over the query's bytes, each step works on the whole range of
    candidates with five integer operations; the LCS of each candidate is
    the number of bits of its segment left cleared.
    """

    def __init__(self, candidates: list[_Candidate]) -> None:
        words = [(c.size + 64) // 64 for c in candidates]
        self.start = list(accumulate(words, initial=0))
        self.size = self.start[-1] * 8                  # bytes of each bit vector
        # One byte of this string per bit: the candidate's byte, NUL in the
        # padding (an msgid never holds NUL).
        layout = b"".join(c.data + bytes(w * 64 - c.size) for c, w in zip(candidates, words))
        self.reversed = layout[::-1]
        self.vectors: dict[int, bytes] = {}
        self.segments = self._vector(bytes([48]) + bytes([49]) * 255)

    def _vector(self, table: bytes) -> bytes:
        return int(self.reversed.translate(table), 2).to_bytes(self.size, "little")

    def vector(self, byte: int) -> bytes:
        """The bits of the positions where the candidates have ``byte``."""
        found = self.vectors.get(byte)
        if found is None:
            table = bytearray(b"0" * 256)
            table[byte] = 49
            found = self.vectors[byte] = self._vector(bytes(table))
        return found

    def lcs(self, query: bytes, low: int, high: int) -> list[int]:
        """The LCS of ``query`` with each candidate from ``low`` to ``high`` - 1."""
        first, last = self.start[low] * 8, self.start[high] * 8
        mask = int.from_bytes(self.segments[first:last], "little")
        present = {}
        for byte in set(query):
            vector = int.from_bytes(self.vector(byte)[first:last], "little")
            if vector:
                present[byte] = vector
        v = mask
        for byte in query:
            found = present.get(byte)
            if found is not None:
                u = v & found
                v = ((v + u) | (v ^ u)) & mask
        cleared = memoryview((mask ^ v).to_bytes(last - first, "little")).cast("Q")
        # Bits cleared per word, summed up to each word, read at the
        # candidates' boundaries.
        counts = list(accumulate(map(int.bit_count, cleared), initial=0))
        base = self.start[low]
        ends = [counts[i - base] for i in self.start[low:high + 1]]
        return list(map(sub, ends[1:], ends))


class _FuzzyIndex:
    """The old catalog's translated entries, for msgmerge's fuzzy search."""

    #: Above this many candidates of a fitting length, the LCS is computed
    #: for all of them at once (:class:`_Packed`) rather than one by one.
    PACKED = 32

    #: Bytes of an msgid's start and end that find likely matches first,
    #: and how many old msgids a start or end may have to be worth trying.
    SEED = 16
    SEEDS = 8

    #: Searches over many candidates made before the index of 4-grams is.
    UNINDEXED = 32

    def __init__(self, messages: list[Message]) -> None:
        candidates = [_Candidate(m, order) for order, m in enumerate(messages)
                      if m.first_msgstr]
        candidates.sort(key=lambda c: (c.size, c.order))
        self.candidates = candidates
        self.sizes = [c.size for c in candidates]
        self.starts: dict[bytes, list[int]] = {}
        self.ends: dict[bytes, list[int]] = {}
        for position, candidate in enumerate(candidates):
            if candidate.size >= self.SEED:
                self.starts.setdefault(candidate.data[:self.SEED], []).append(position)
                self.ends.setdefault(candidate.data[-self.SEED:], []).append(position)
        self._packed: _Packed | None = None
        self._by_gram: dict[str, list[int]] | None = None
        self.wide = 0       # searches that compared many candidates

    def sharing(self, grams: set[str], low: int, high: int, limit: int) -> list[int] | None:
        """The positions from ``low`` to ``high`` - 1 of the candidates that
        have one of ``grams`` (msgmerge compares no others), or None when
        there are more than ``limit`` (then comparing all at once is faster).
        The index of 4-grams is made at the first call."""
        if self._by_gram is None:
            self._by_gram = {}
            for position, candidate in enumerate(self.candidates):
                for gram in set(_grams(candidate.message.msgid)):
                    self._by_gram.setdefault(gram, []).append(position)
        found: set[int] = set()
        for gram in grams:
            positions = self._by_gram.get(gram)
            if positions is None:
                continue
            found.update(positions[bisect_left(positions, low):bisect_left(positions, high)])
            if len(found) > limit:
                return None
        return sorted(found)

    @property
    def packed(self) -> _Packed:
        if self._packed is None:
            self._packed = _Packed(self.candidates)
        return self._packed

    def search(self, msgctxt: str | None, msgid: str,
               floor: float = FUZZY_THRESHOLD) -> Message | None:
        """The old entry msgmerge takes the fuzzy translation of ``msgid`` from
        (one more alike than ``floor``, when given)."""
        if len(msgid) < 4:
            return self._search_short(msgctxt, msgid, floor)
        search = _Search(self, msgctxt, msgid)
        search.best_weight = floor
        return search.run()

    def _search_short(self, msgctxt: str | None, msgid: str,
                      floor: float = FUZZY_THRESHOLD) -> Message | None:
        """An msgid of fewer than four characters is compared with every old
        msgid of a length that can reach the threshold, shortest first."""
        data = msgid.encode("utf-8")
        size = len(data)
        factor = 2 / FUZZY_THRESHOLD - 1
        low, high = math.ceil(size / factor), int(size * factor)
        best, best_weight = None, floor
        for position in range(bisect_left(self.sizes, low), len(self.sizes)):
            candidate = self.candidates[position]
            if candidate.size > high:
                break
            weight = _weight(data, candidate, msgctxt)
            if weight > best_weight:
                best, best_weight = candidate, weight
        return best.message if best is not None else None


def _weight(data: bytes, candidate: _Candidate, msgctxt: str | None) -> float:
    """msgmerge's fuzzy_search_goal_function."""
    total = len(data) + candidate.size
    if not data or not candidate.size:
        score = float(total == 0)
    else:
        score = 2 * _lcs(data, candidate.data) / total
    if candidate.context is None or candidate.context == msgctxt:
        return score + CONTEXT_BONUS
    return score


class _Search:
    """One exact search for the best old msgid of an msgid of four characters
    or more: branch and bound over the candidates, best first."""

    def __init__(self, index: _FuzzyIndex, msgctxt: str | None, msgid: str) -> None:
        self.index = index
        self.msgctxt = msgctxt
        self.msgid = msgid
        self.data = msgid.encode("utf-8")
        self.size = len(self.data)
        self.masks = _masks(self.data)
        self.best_weight = FUZZY_THRESHOLD
        self.best: list[_Candidate] = []
        self.seen: set[int] = set()
        self.grams: list[str] | None = None

    def run(self) -> Message | None:
        index, data = self.index, self.data
        # Likely matches first (an edit seldom touches both ends), so that
        # the best weight rises and the length bound excludes more.
        seed = index.SEED
        if self.size >= seed:
            for found in (index.starts.get(data[:seed]), index.ends.get(data[-seed:])):
                if found is not None and len(found) <= index.SEEDS:
                    for position in found:
                        self.consider(position)
        size = self.size
        # The candidates whose length lets them reach the best weight so far.
        reach = self.best_weight - CONTEXT_BONUS - 1e-9
        low = bisect_left(index.sizes, math.floor(reach * size / (2 - reach)))
        high = bisect_right(index.sizes, math.ceil(size * (2 - reach) / reach))
        if high - low > index.PACKED:
            # Only the candidates that share a 4-gram with the msgid, when
            # they are few (a new msgid, like no old one, rules out most);
            # the index of 4-grams pays only for many such searches.
            index.wide += 1
            few = None
            if index.wide > index.UNINDEXED:
                if self.grams is None:
                    self.grams = _grams(self.msgid)
                few = index.sharing(set(self.grams), low, high, (high - low) // 4)
            if few is not None:
                for position in few:
                    self.consider(position)
                return self.winner()
            common = index.packed.lcs(data, low, high)
            # Those whose LCS can reach the best weight: 2 * LCS >= reach * (n + m).
            reached = map(ge, map(sub, map(mul, common, repeat(2)),
                                  map(mul, index.sizes[low:high], repeat(reach))),
                          repeat(reach * size))
            for position in compress(range(low, high), reached):
                self.offer(index.candidates[position], common[position - low])
            return self.winner()
        # Visit the rest from the closest length outwards, while the length
        # bound alone lets a candidate reach the best weight found so far.
        candidates = index.candidates
        right = bisect_left(index.sizes, size)
        left = right - 1
        count = len(candidates)
        while True:
            # The length bound: 2 * min(n, m) / (n + m).
            up = 2 * size / (size + candidates[right].size) if right < count else -1.0
            down = 2 * candidates[left].size / (size + candidates[left].size) if left >= 0 \
                else -1.0
            if max(up, down) + CONTEXT_BONUS < self.best_weight - 1e-12:
                break
            if up >= down:
                self.consider(right)
                right += 1
            else:
                self.consider(left)
                left -= 1
        return self.winner()

    def consider(self, position: int) -> None:
        if position in self.seen:
            return
        self.seen.add(position)
        candidate = self.index.candidates[position]
        total = self.size + candidate.size
        # The score that can still win or tie, and the LCS it takes.
        need = self.best_weight - CONTEXT_BONUS - 1e-12
        if 2 * min(self.size, candidate.size) / total < need:
            return
        self.offer(candidate, _lcs(self.data, candidate.data, math.ceil(need * total / 2),
                                   self.masks))

    def offer(self, candidate: _Candidate, common: int) -> None:
        """Take ``candidate``, whose LCS with the msgid is ``common``, if it
        is the best so far or as good as the best."""
        weight = 2 * common / (self.size + candidate.size)
        if candidate.context is None or candidate.context == self.msgctxt:
            weight += CONTEXT_BONUS
        if weight < self.best_weight or weight == self.best_weight and not self.best:
            return
        if candidate in self.best or not self.shares_a_gram(candidate):
            return
        if weight > self.best_weight:
            self.best_weight, self.best = weight, [candidate]
        else:
            self.best.append(candidate)

    def shares_a_gram(self, candidate: _Candidate) -> bool:
        """msgmerge compares only msgids that have a 4-gram in common."""
        if self.grams is None:
            self.grams = _grams(self.msgid)
        text = candidate.message.msgid
        return len(text) >= 4 and any(gram in text for gram in self.grams)

    def winner(self) -> Message | None:
        if not self.best:
            return None
        if len(self.best) == 1:
            return self.best[0].message
        # msgmerge tries candidates by the number of the msgid's 4-grams they
        # have (most first), then in file order, and keeps the first best.
        grams = self.grams or _grams(self.msgid)

        def shared(candidate: _Candidate) -> int:
            theirs = set(_grams(candidate.message.msgid))
            return sum(1 for gram in grams if gram in theirs)

        return min(self.best, key=lambda c: (-shared(c), c.order)).message


# -- merging entries -------------------------------------------------------------

def _copy(message: Message, **changes) -> Message:
    """A copy of ``message`` that shares no list with it (its fields copied
    as they are: a third of the time of ``dataclasses.replace``, which
    calls ``__init__``)."""
    copied = object.__new__(Message)
    fields = copied.__dict__
    fields.update(message.__dict__)
    fields.update(flags=list(message.flags),
                  translator_comments=list(message.translator_comments),
                  extracted_comments=list(message.extracted_comments),
                  references=list(message.references),
                  msgstr_plural=list(message.msgstr_plural))
    for name, value in changes.items():
        if name not in fields:
            raise TypeError(f"Message has no field {name!r}")
        fields[name] = value
    return copied


def _fit_forms(forms: list[str], nplurals: int) -> list[str]:
    """Plural forms padded to ``nplurals`` (extra forms are kept, never cut)."""
    return list(forms) + [""] * (nplurals - len(forms))


def _range(flags: list[str]) -> tuple[int, int] | None:
    for flag in flags:
        if flag.startswith("range:"):
            low, _, high = flag[6:].strip().partition("..")
            if low.isdigit() and high.isdigit():
                return int(low), int(high)
    return None


def _format_fails(message: Message) -> bool:
    """Whether the translation fails a format check of the entry's flags."""
    from .checks import check_brace_format, check_python_format

    if "python-format" in message.flags and check_python_format(message):
        return True
    return "python-brace-format" in message.flags and bool(check_brace_format(message))


def _carry(template: Message, old: Message, nplurals: int, fuzzy: bool) -> Message:
    """``template`` with the translation of ``old``, as msgmerge's
    message_merge makes it: ``fuzzy`` for a fuzzy match."""
    new = _copy(template, translator_comments=list(old.translator_comments),
                flags=[f for f in template.flags if f != "fuzzy"],
                previous_msgctxt=None, previous_msgid=None, previous_msgid_plural=None)
    fuzzy = fuzzy or old.fuzzy
    if old.fuzzy:
        previous = (old.previous_msgctxt, old.previous_msgid, old.previous_msgid_plural)
    else:
        previous = (old.msgctxt, old.msgid, old.msgid_plural)
    if template.is_plural:
        if old.is_plural:
            new.msgstr_plural = _fit_forms(old.msgstr_plural, nplurals)
        else:
            # msgmerge copies the translation into every form, for review.
            new.msgstr_plural = [old.msgstr] * nplurals
            fuzzy = True
        new.msgstr = ""
    else:
        new.msgstr_plural = []
        if old.is_plural:
            new.msgstr = old.msgstr_plural[0] if old.msgstr_plural else ""
            fuzzy = fuzzy or len(old.msgstr_plural) > 1
            # msgmerge drops the other forms; they are the translator's work,
            # so they stay as translator comments, for review.
            new.translator_comments += [
                f"previous msgstr[{index}]: " + form.replace("\\", "\\\\").replace("\n", "\\n")
                for index, form in enumerate(old.msgstr_plural) if index and form]
        else:
            new.msgstr = old.msgstr
    if template.msgid_plural != old.msgid_plural:
        fuzzy = True
    if not fuzzy:
        for flag in _CHECKED_FORMATS:
            if flag in new.flags and flag not in old.flags and _format_fails(new):
                fuzzy = True
    if not fuzzy:
        before, after = _range(old.flags), _range(template.flags)
        if before is not None and (after is None or after[0] < before[0] or after[1] > before[1]):
            fuzzy = True
    if fuzzy:
        new.set_fuzzy(True)
        if new.first_msgstr:
            new.previous_msgctxt, new.previous_msgid, new.previous_msgid_plural = previous
    return new


def _untranslated(template: Message, nplurals: int) -> Message:
    new = _copy(template, flags=[f for f in template.flags if f != "fuzzy"])
    if new.is_plural and not any(new.msgstr_plural):
        new.msgstr_plural = [""] * nplurals
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

    if not carried.fuzzy:
        carried.msgstr = rename(carried.msgstr)
        carried.msgstr_plural = [rename(form) for form in carried.msgstr_plural]
    return carried


#: The header fields gettext knows, in the order msgmerge writes them.
STANDARD_FIELDS = ("Project-Id-Version", "Report-Msgid-Bugs-To", "POT-Creation-Date",
                   "PO-Revision-Date", "Last-Translator", "Language-Team", "Language",
                   "MIME-Version", "Content-Type", "Content-Transfer-Encoding")
_STANDARD = {name.lower(): name for name in STANDARD_FIELDS}


def merge_header_fields(old: str, template: Catalog, locale: str) -> str:
    """The header text ``msgmerge --lang=LOCALE`` writes for an old header:
    the fields gettext knows (matched without regard to case) in its
    standard order, each once with its last value, Report-Msgid-Bugs-To and
    POT-Creation-Date from the template, Language set to the locale; then
    every other line as it was, in its order (duplicates included)."""
    known: dict[str, str] = {}
    others: list[str] = []
    for line in old.split("\n"):
        if not line:
            continue
        name, colon, value = line.partition(":")
        canonical = _STANDARD.get(name.strip().lower()) if colon else None
        if canonical is None:
            others.append(line)
        else:
            known[canonical] = value.strip()
    for name in _TEMPLATE_FIELDS:
        value = template.header_field(name)
        if value is not None:
            known[name] = value
    known["Language"] = locale
    lines = [f"{name}: {known[name]}" for name in STANDARD_FIELDS if name in known] + others
    return "".join(line + "\n" for line in lines)


def _merge_header(old: Catalog | None, template: Catalog, domain: str, locale: str) -> Message:
    """The old header (a new one for a new catalog), merged as msgmerge
    --lang does (:func:`merge_header_fields`)."""
    header = _copy(old.header) if old is not None and old.header is not None \
        else new_header(domain, locale)
    header.msgstr = merge_header_fields(header.msgstr, template, locale)
    return header


class Compendium:
    """Translations of other PO files (``msgmerge -C``), for :func:`merge`:
    each reviewed entry by context and msgid (the first file and entry
    first), and the fuzzy index of them all."""

    def __init__(self, catalogs: list[tuple[str, Catalog]]) -> None:
        self.exact: dict[tuple[str | None, str], tuple[Message, str]] = {}
        messages: list[Message] = []
        self.where: dict[int, str] = {}
        for shown, catalog in catalogs:
            for message in catalog.messages:
                if message.is_header or message.fuzzy or not message.first_msgstr:
                    continue
                if message.is_plural and not all(message.msgstr_plural):
                    continue
                where = f"{shown}:{message.lineno}" if message.lineno else shown
                self.exact.setdefault(message.key, (message, where))
                self.where[id(message)] = where
                messages.append(message)
        self.messages = messages
        self._index: _FuzzyIndex | None = None

    @property
    def index(self) -> _FuzzyIndex:
        if self._index is None:
            self._index = _FuzzyIndex(self.messages)
        return self._index


#: The translator comment that names the compendium a translation came from.
_COMPENDIUM_ORIGIN = "publisher memory: from {where}"


def _from_compendium(template: Message, found: Message, where: str, nplurals: int,
                     fuzzy: bool) -> Message:
    """``template`` with the translation of the compendium's entry ``found``:
    as msgmerge -C carries it, fuzzy also where the context or flags differ
    (publisher's rule for every reuse), with a comment naming the file."""
    flags = lambda m: {f for f in m.flags if f != "fuzzy"}  # noqa: E731
    fuzzy = fuzzy or found.msgctxt != template.msgctxt or flags(found) != flags(template)
    new = _carry(template, found, nplurals, fuzzy)
    new.translator_comments = [c for c in new.translator_comments
                               if not c.startswith("publisher memory:")]
    new.translator_comments.append(_COMPENDIUM_ORIGIN.format(where=where))
    return new


def merge(template: Catalog, old: Catalog | None, locale: str, domain: str,
          source_locale: str = "en", compendium: Compendium | None = None) -> Catalog:
    """The new PO catalog for ``locale``: the template's entries, with translations
    carried over from ``old`` (and, as ``msgmerge -C`` does, from
    ``compendium``: an exact match where ``old`` has no translation of the
    msgid, a fuzzy one where it is more alike than ``old``'s best)."""
    nplurals = locale_info(locale).nplurals
    if old is not None and old.header_field("Plural-Forms"):
        from .plurals import parse_plural_forms
        try:
            nplurals = parse_plural_forms(old.header_field("Plural-Forms"))[0]
        except ValueError:
            pass
    result = Catalog(header=_merge_header(old, template, domain, locale),
                     charset=old.charset if old else "UTF-8", path=old.path if old else None)
    previous = [m for m in (old.messages if old else []) if not m.is_header]
    exact = {m.key: m for m in previous if m.obsolete}
    exact.update((m.key, m) for m in previous if not m.obsolete)
    used: set[int] = set()
    pending: list[int] = []
    for entry in template.messages:
        if entry.is_header:
            continue
        match = exact.get(entry.key)
        if compendium is not None and (match is None or not match.first_msgstr) \
                and entry.key in compendium.exact:
            # msgmerge -C prefers a translated entry of the compendium to an
            # untranslated (or missing) one of the old file.
            found, where = compendium.exact[entry.key]
            result.messages.append(_from_compendium(entry, found, where, nplurals, False))
        elif match is not None:
            used.add(id(match))
            result.messages.append(_carry(entry, match, nplurals, fuzzy=False))
        else:
            pending.append(len(result.messages))
            result.messages.append(entry)
    # Figures only: a msgid whose figures changed keeps its translation.
    skeletons: dict[tuple[str | None, str], list[Message]] | None = None
    index: _FuzzyIndex | None = None
    for slot in pending:
        entry = result.messages[slot]
        carried = None
        if figures.PLACEHOLDER.search(entry.msgid):
            if skeletons is None:
                skeletons = {}
                for message in previous:
                    if message.has_translation and figures.PLACEHOLDER.search(message.msgid):
                        key = (message.msgctxt, figures.skeleton(message.msgid))
                        skeletons.setdefault(key, []).append(message)
            for candidate in skeletons.get((entry.msgctxt, figures.skeleton(entry.msgid)), ()):
                carried = _refigure(entry, candidate, locale, source_locale, nplurals)
                if carried is not None:
                    used.add(id(candidate))
                    break
        if carried is None:
            # The most similar old msgid, as msgmerge finds it.
            if index is None:
                index = _FuzzyIndex(previous)
            match = index.search(entry.msgctxt, entry.msgid)
            other = _compendium_match(compendium, entry, match)
            if other is not None:
                carried = _from_compendium(entry, other, compendium.where[id(other)], nplurals,
                                           True)
            elif match is not None:
                used.add(id(match))
                carried = _carry(entry, match, nplurals, fuzzy=True)
            else:
                carried = _untranslated(entry, nplurals)
        result.messages[slot] = carried
    # What is left becomes obsolete; untranslated leftovers go, as in msgmerge.
    for message in previous:
        if id(message) in used or not message.has_translation:
            continue
        result.messages.append(_copy(message, obsolete=True, references=[],
                                     extracted_comments=[]))
    return result


def _compendium_match(compendium: Compendium | None, entry: Message,
                      match: Message | None) -> Message | None:
    """The compendium's entry msgmerge -C takes ``entry``'s fuzzy translation
    from: one strictly more alike than the old file's best ``match``."""
    if compendium is None or not compendium.messages:
        return None
    floor = FUZZY_THRESHOLD
    if match is not None:
        floor = _weight(entry.msgid.encode("utf-8"), _Candidate(match, 0), entry.msgctxt)
    return compendium.index.search(entry.msgctxt, entry.msgid, floor)
