"""Writing GNU MO files (compiled catalogs), byte for byte as msgfmt 0.21 does.

``mo_bytes`` is a pure function.  Like ``msgfmt`` without options it
leaves out obsolete, untranslated (first form empty) and fuzzy entries,
but keeps the header even when it is fuzzy, after removing its
POT-Creation-Date line (for reproducible builds).  Strings are written in
the catalog's charset.  The file is little-endian, with its strings sorted
by msgid (a context is written before the msgid, separated by EOT; a plural
msgid after it, separated by NUL) and msgfmt's hash table, which GNU
libintl uses for its lookups and Python's :mod:`gettext` ignores.

(msgfmt writes "system dependent" strings in a second table for C format
strings that use ``<inttypes.h>`` macros such as ``<PRIu64>``; this writer
does not, so a C program's such strings are not found.)
"""

from __future__ import annotations

import struct

from ..core.errors import CatalogError
from .model import Catalog, Message
from .pofile import _codec

MAGIC = 0x950412DE
_HEADER = struct.Struct("<7I")


def _hash(data: bytes) -> int:
    """gettext's hash_string (hashpjw), computed as on a 64-bit machine."""
    value = 0
    for byte in data:
        value = ((value << 4) + byte) & 0xFFFFFFFFFFFFFFFF
        high = value & 0xF0000000
        if high:
            value ^= high >> 24
            value ^= high
    return value & 0xFFFFFFFF


def _is_prime(candidate: int) -> bool:
    # gettext's is_prime, for odd numbers (it calls 3 composite, as gettext does).
    divisor, square = 3, 9
    while square < candidate and candidate % divisor != 0:
        divisor += 1
        square += 4 * divisor
        divisor += 1
    return candidate % divisor != 0


def _next_prime(seed: int) -> int:
    seed |= 1
    while not _is_prime(seed):
        seed += 2
    return seed


def _without_creation_date(header: str) -> str:
    """The header without its first line that starts with POT-Creation-Date:."""
    start = 0
    while start < len(header):
        if header.startswith("POT-Creation-Date:", start):
            end = header.find("\n", start)
            return header[:start] + ("" if end < 0 else header[end + 1:])
        newline = header.find("\n", start)
        if newline < 0:
            break
        start = newline + 1
    return header


def compiled_entries(catalog: Catalog) -> list[Message]:
    """The entries msgfmt puts in the MO file: the header, and the
    translated entries that are neither fuzzy nor obsolete."""
    entries = []
    if catalog.header is not None and catalog.header.msgstr:
        entries.append(catalog.header)
    for message in catalog.messages:
        if message.obsolete or message.is_header or message.fuzzy or not message.first_msgstr:
            continue
        entries.append(message)
    return entries


def _pair(message: Message, codec: str) -> tuple[bytes, bytes, bytes]:
    """The sort and hash key, the original and the translation of an entry."""
    key = message.msgid if message.msgctxt is None else f"{message.msgctxt}\x04{message.msgid}"
    key_bytes = key.encode(codec)
    if message.is_header:
        return key_bytes, key_bytes, _without_creation_date(message.msgstr).encode(codec)
    if message.is_plural:
        return (key_bytes, key_bytes + b"\0" + (message.msgid_plural or "").encode(codec),
                "\0".join(message.msgstr_plural).encode(codec))
    return key_bytes, key_bytes, message.msgstr.encode(codec)


def mo_bytes(catalog: Catalog) -> bytes:
    """The MO file of ``catalog``."""
    codec = _codec(catalog.charset, catalog.path)
    pairs = []
    for message in compiled_entries(catalog):
        try:
            pairs.append(_pair(message, codec))
        except UnicodeEncodeError as exc:
            char = exc.object[exc.start]
            raise CatalogError(f"the character {char!r} (U+{ord(char):04X}) cannot be written "
                               f"in {catalog.charset}", path=catalog.path,
                               line=message.lineno or None,
                               hint="set charset=UTF-8 in the header's Content-Type") from None
    pairs.sort(key=lambda pair: pair[0])
    count = len(pairs)
    size = _next_prime(count * 4 // 3)
    if size <= 2:
        size = 3
    originals_at = _HEADER.size
    translations_at = originals_at + 8 * count
    table_at = translations_at + 8 * count
    offset = table_at + 4 * size
    descriptors = []
    for strings in ([p[1] for p in pairs], [p[2] for p in pairs]):
        for data in strings:
            descriptors.append((len(data), offset))
            offset += len(data) + 1
    table = [0] * size
    for index, (key, _, _) in enumerate(pairs):
        value = _hash(key)
        slot = value % size
        if table[slot]:
            step = 1 + value % (size - 2)
            while table[slot]:
                slot = slot - (size - step) if slot >= size - step else slot + step
        table[slot] = index + 1
    parts = [_HEADER.pack(MAGIC, 0, count, originals_at, translations_at, size, table_at),
             struct.pack(f"<{4 * count}I", *(v for d in descriptors for v in d)),
             struct.pack(f"<{size}I", *table)]
    parts += [p[1] + b"\0" for p in pairs]
    parts += [p[2] + b"\0" for p in pairs]
    return b"".join(parts)
