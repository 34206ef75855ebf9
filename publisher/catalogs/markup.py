"""The inline Markdown structure of a translation against its source's.

A translation may move the source's emphasis, strong text and code spans to
the words its sentence needs, and may stretch or shrink them: that is a
warning (W305), for a reviewer's eye.  It may not add or drop such an
element, and it may not leave a delimiter unpaired (``*word`` prints a
literal asterisk): those are errors (E301), and the build shows the source
sentence instead of publishing raw delimiters.

Pure functions over strings; the parser is markdown-it's CommonMark inline
parser with raw HTML off (HTML is the business of E303).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

#: Inline elements whose count and nesting the check compares, and how
#: translators see them named.
ELEMENTS = {"em_open": "*emphasis*", "strong_open": "**strong**", "code_inline": "`code`"}
_CLOSE = {"em_close": "em_open", "strong_close": "strong_open"}

#: Delimiter characters that, left in the text after parsing, mean an
#: element was opened and never closed (or closed and never opened).
_STRAY = re.compile(r"\*+|`+|(?<![^\W_])_+|_+(?![^\W_])")

#: How far the share of a sentence an element covers may change before the
#: change is worth a reviewer's look (fractions of the visible text).
EXTENT_TOLERANCE = 0.3


@dataclass(frozen=True)
class Shape:
    """What the comparison needs of one string's inline Markdown."""

    counts: tuple[tuple[str, int], ...]     # element -> how many
    order: tuple[str, ...]                  # elements in document order, with their parents
    shares: tuple[float, ...]               # share of the visible text inside each element
    stray: tuple[tuple[str, int], ...]      # unpaired delimiter runs -> how many


@lru_cache(maxsize=1)
def _parser():
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": False})


def _visible(token) -> str:
    return token.content if token.type in ("text", "code_inline") else ""


@lru_cache(maxsize=8192)
def shape(text: str) -> Shape:
    """The inline structure of ``text``."""
    children = _parser().parseInline(text)[0].children or []
    counts: Counter = Counter()
    stray: Counter = Counter()
    order: list[str] = []
    lengths: list[int] = []
    open_: list[tuple[str, int]] = []   # (element, index in order)
    total = 0
    stack = list(reversed(children))
    while stack:
        token = stack.pop()
        if token.children and token.type not in ("image",):
            stack.extend(reversed(token.children))
        if token.type == "text":
            for run in _STRAY.findall(token.content):
                stray[run[0]] += 1
        size = len(_visible(token))
        total += size
        for _, index in open_:
            lengths[index] += size
        if token.type in ELEMENTS:
            counts[token.type] += 1
            path = "/".join([name for name, _ in open_] + [token.type.split("_")[0]])
            order.append(path)
            lengths.append(size)
            if token.type != "code_inline":
                open_.append((token.type.split("_")[0], len(order) - 1))
        elif token.type in _CLOSE and open_:
            open_.pop()
    shares = tuple(round(length / total, 3) if total else 0.0 for length in lengths)
    return Shape(tuple(sorted(counts.items())), tuple(order), shares, tuple(sorted(stray.items())))


def _plural(word: str, count: int) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def compare(source: str, translation: str) -> tuple[list[str], list[str]]:
    """(errors, warnings): sentences for the translator on how the
    translation's inline Markdown differs from the source's."""
    theirs, mine = shape(source), shape(translation)
    errors: list[str] = []
    warnings: list[str] = []
    extra = Counter(dict(mine.stray))
    extra.subtract(Counter(dict(theirs.stray)))
    unpaired = [char for char, count in sorted(extra.items()) if count > 0]
    if unpaired:
        shown = " ".join(f"`{c}`" if c != "`" else "``" for c in unpaired)
        errors.append(f"an unpaired {shown} would print as a literal character (markup opened "
                      "and never closed, or closed and never opened); pair it, or write "
                      "it as \\" + unpaired[0] + " for the character itself")
    if mine.counts != theirs.counts:
        want, have = dict(theirs.counts), dict(mine.counts)
        parts = []
        for element, name in ELEMENTS.items():
            w, h = want.get(element, 0), have.get(element, 0)
            if w != h:
                parts.append(f"{name} {_plural('time', w)} (the translation {h})")
        errors.append("the source has " + ", ".join(parts) + "; mark the matching words of "
                      "the translation the same way, neither adding nor dropping any")
    if errors:
        return errors, warnings
    if mine.order != theirs.order:
        warnings.append("the translation keeps the source's emphasis but orders or nests it "
                        f"differently ({', '.join(theirs.order)} in the source, "
                        f"{', '.join(mine.order)} in the translation); check that it marks "
                        "the words the source marks")
    else:
        changed = [name for name, a, b in zip(mine.order, theirs.shares, mine.shares)
                   if abs(a - b) > EXTENT_TOLERANCE]
        if changed:
            warnings.append(f"the translation's {', '.join(changed)} covers much more or much "
                            "less of the sentence than the source's; check that it marks the "
                            "words the source marks")
    return errors, warnings
