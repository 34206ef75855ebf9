"""Text shown on a terminal or in a log: control characters made visible.

Translations, file names and request lines are untrusted.  Printed raw, an
escape character can recolour the terminal, move the cursor or rewrite the
line above; a bidi override can reorder what a reviewer reads.  ``printable``
writes such characters as escapes (``\\x1b``, ``\\u202e``).
"""

from __future__ import annotations

import unicodedata

#: Characters that reorder or hide text, beyond the control characters.
_INVISIBLE = frozenset({0x200E, 0x200F, 0x2028, 0x2029, *range(0x202A, 0x202F),
                        *range(0x2066, 0x206A)})


#: Unicode categories written as escapes: control characters, line and
#: paragraph separators, surrogates.  Spaces (U+00A0, U+202F), joiners and
#: soft hyphens stay: real text uses them.
_ESCAPED = frozenset({"Cc", "Zl", "Zp", "Cs"})


def printable(text: str, keep_newlines: bool = False) -> str:
    """``text`` with control characters (ESC, CR, BEL, ...) and bidi controls
    written as escapes; with ``keep_newlines``, line breaks stay."""
    if text.isprintable() and not any(ord(c) in _INVISIBLE for c in text):
        return text
    out = []
    for char in text:
        code = ord(char)
        if keep_newlines and char == "\n":
            out.append(char)
        elif code in _INVISIBLE or unicodedata.category(char) in _ESCAPED:
            out.append(f"\\x{code:02x}" if code < 0x100 else
                       f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}")
        else:
            out.append(char)
    return "".join(out)


def printable_json(text: str) -> str:
    """JSON text (as ``json.dumps`` writes it, with ``ensure_ascii=False``)
    with the characters ``printable`` escapes written as ``\\uXXXX`` escapes:
    still the same JSON, since they can only stand inside its strings."""
    if text.isprintable() and not any(ord(c) in _INVISIBLE for c in text):
        return text
    out = []
    for char in text:
        code = ord(char)
        if char != "\n" and (code in _INVISIBLE or unicodedata.category(char) in _ESCAPED):
            out.append(f"\\u{code:04x}")
        else:
            out.append(char)
    return "".join(out)
