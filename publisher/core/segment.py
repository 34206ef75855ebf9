"""Word boundaries in scripts written without spaces between words (Thai,
Lao, Khmer, Myanmar), from ICU's dictionary line breaker: the one Chromium
uses, so the PDF breaks its lines where the browser does.  Pango, which
lays out the PDF, has no dictionary for Lao, Khmer or Burmese and finds no
break opportunity in them at all.

The binding is ``icu4py`` (wheels with ICU bundled, for every platform the
project runs on; PyICU has no wheels and needs ICU's headers to build).
Pure functions; ICU is loaded on first use.
"""

from __future__ import annotations

import re
from functools import lru_cache

#: Scripts without spaces between words that ICU segments by dictionary:
#: their letters (with marks), and the language whose dictionary they use.
UNSPACED_SCRIPTS = {
    "Thai": ("\u0e01-\u0e4e", "th"),
    "Laoo": ("\u0e81-\u0ece\u0edc-\u0edf", "lo"),
    "Khmr": ("\u1780-\u17d3\u17dc\u17dd\u19e0-\u19ff", "km"),
    "Mymr": ("\u1000-\u103f\u1050-\u109f\uaa60-\uaa7f\ua9e0-\ua9fe", "my"),
}

_RUNS = {script: re.compile(f"[{letters}]{{2,}}") for script, (letters, _) in UNSPACED_SCRIPTS.items()}


def icu_available() -> bool:
    try:
        import icu4py.breakers  # noqa: F401
    except ImportError:
        return False
    return True


@lru_cache(maxsize=4096)
def _breaks(run: str, language: str) -> tuple[int, ...]:
    """Offsets inside ``run`` (not its ends) where a line may break."""
    from icu4py.breakers import LineBreaker

    return tuple(start for start, _ in LineBreaker(run, language).segments() if 0 < start < len(run))


def word_breaks(text: str) -> list[int]:
    """Offsets in ``text`` where a line may break between two words of an
    unspaced script (ICU's dictionary), in increasing order; empty when ICU
    is not installed."""
    found: list[int] = []
    if not text or not icu_available():
        return found
    for script, pattern in _RUNS.items():
        language = UNSPACED_SCRIPTS[script][1]
        for match in pattern.finditer(text):
            found.extend(match.start() + offset for offset in _breaks(match.group(0), language))
    return sorted(found)


def has_unspaced(text: str) -> bool:
    return any(pattern.search(text) for pattern in _RUNS.values())
