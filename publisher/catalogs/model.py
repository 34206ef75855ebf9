"""The in-memory form of a gettext catalog (PO or POT file).

A catalog is its header entry (msgid "") followed by its messages, in file
order, obsolete ones included.  Parsing and formatting live in
:mod:`publisher.catalogs.pofile`; this module holds data and queries only.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Message:
    """One PO entry.

    ``msgstr_plural`` is used (and ``msgstr`` ignored) when ``msgid_plural``
    is set.  ``lineno`` is the 1-based line of the entry's ``msgid`` keyword in
    the file it was read from (0 for entries made in memory).
    """

    msgid: str
    msgstr: str = ""
    msgid_plural: str | None = None
    msgstr_plural: list[str] = field(default_factory=list)
    msgctxt: str | None = None
    flags: list[str] = field(default_factory=list)
    translator_comments: list[str] = field(default_factory=list)
    extracted_comments: list[str] = field(default_factory=list)
    references: list[str] = field(default_factory=list)
    previous_msgctxt: str | None = None
    previous_msgid: str | None = None
    previous_msgid_plural: str | None = None
    obsolete: bool = False
    lineno: int = 0

    @property
    def key(self) -> tuple[str | None, str]:
        """What identifies the entry in its catalog: context and msgid."""
        return (self.msgctxt, self.msgid)

    @property
    def is_plural(self) -> bool:
        return self.msgid_plural is not None

    @property
    def fuzzy(self) -> bool:
        return "fuzzy" in self.flags

    def set_fuzzy(self, value: bool) -> None:
        if value and "fuzzy" not in self.flags:
            self.flags.insert(0, "fuzzy")
        elif not value and "fuzzy" in self.flags:
            self.flags.remove("fuzzy")

    @property
    def is_header(self) -> bool:
        return self.msgid == "" and self.msgctxt is None

    @property
    def first_msgstr(self) -> str:
        """The msgstr, or the first plural form: what msgfmt looks at."""
        if self.is_plural:
            return self.msgstr_plural[0] if self.msgstr_plural else ""
        return self.msgstr

    @property
    def state(self) -> str:
        """"obsolete", "untranslated", "fuzzy" or "translated", as
        ``msgfmt --statistics`` counts: a fuzzy entry with an empty msgstr is
        untranslated, and only the first plural form is looked at (an entry
        whose msgstr[0] is filled is translated even if msgstr[1] is empty)."""
        if self.obsolete:
            return "obsolete"
        if self.first_msgstr == "":
            return "untranslated"
        return "fuzzy" if self.fuzzy else "translated"

    @property
    def translated(self) -> bool:
        """Counted as translated by msgfmt (never the header)."""
        return not self.is_header and self.state == "translated"

    @property
    def has_translation(self) -> bool:
        """Whether a translator wrote anything in the entry (fuzzy or not)."""
        if self.is_plural:
            return any(self.msgstr_plural)
        return self.msgstr != ""


@dataclass
class Catalog:
    """A PO or POT file: the header entry and the messages after it.

    ``charset`` is the encoding the file was read in (or will be written
    in); ``header`` is the entry with the empty msgid, kept verbatim so that
    its comments and field order survive a round trip.
    """

    header: Message | None = None
    messages: list[Message] = field(default_factory=list)
    charset: str = "UTF-8"
    path: str | None = None
    #: SHA-256 of the bytes it was read from ("" for a catalog made in memory)
    digest: str = ""
    #: a document's link reference definitions ([label]: address), as
    #: (label, address, title) triples: its messages' reference links are
    #: checked against them (extract sets them; never written to a file)
    link_definitions: tuple[tuple[str, str, str], ...] = ()

    # -- header fields -------------------------------------------------
    def header_fields(self) -> list[tuple[str, str]]:
        """The header's ``Key: value`` lines, in file order."""
        if self.header is None:
            return []
        fields = []
        for line in self.header.msgstr.split("\n"):
            if ":" in line:
                key, _, value = line.partition(":")
                fields.append((key.strip(), value.strip()))
        return fields

    def header_field(self, name: str) -> str | None:
        for key, value in self.header_fields():
            if key.lower() == name.lower():
                return value
        return None

    def set_header_field(self, name: str, value: str) -> None:
        """Set one header field, keeping the order of the others."""
        if self.header is None:
            self.header = Message(msgid="")
        lines = [l for l in self.header.msgstr.split("\n") if l != ""]
        for i, line in enumerate(lines):
            key = line.partition(":")[0].strip()
            if key.lower() == name.lower():
                lines[i] = f"{key}: {value}"
                break
        else:
            lines.append(f"{name}: {value}")
        self.header.msgstr = "\n".join(lines) + "\n"

    # -- queries (after polib's API) -------------------------------------
    def active(self) -> list[Message]:
        """Messages that are not obsolete."""
        return [m for m in self.messages if not m.obsolete]

    def find(self, msgid: str, msgctxt: str | None = None) -> Message | None:
        for message in self.messages:
            if not message.obsolete and message.key == (msgctxt, msgid):
                return message
        return None

    # Counted as ``msgfmt --statistics`` counts: the header never counts, a
    # fuzzy entry without a translation counts as untranslated.
    def _counted(self) -> list[Message]:
        return [m for m in self.active() if not m.is_header]

    def translated_entries(self) -> list[Message]:
        return [m for m in self._counted() if m.translated]

    def fuzzy_entries(self) -> list[Message]:
        return [m for m in self._counted() if m.state == "fuzzy"]

    def untranslated_entries(self) -> list[Message]:
        return [m for m in self._counted() if m.state == "untranslated"]

    def obsolete_entries(self) -> list[Message]:
        return [m for m in self.messages if m.obsolete]

    def statistics(self) -> dict[str, int]:
        """Entry counts by state, as ``msgfmt --statistics`` reports them."""
        return {"translated": len(self.translated_entries()),
                "fuzzy": len(self.fuzzy_entries()),
                "untranslated": len(self.untranslated_entries()),
                "obsolete": len(self.obsolete_entries())}


def percent(part: int, whole: int) -> float:
    """``part`` of ``whole`` in percent, rounded down to 0.1, so that 100.0
    means all (99.96 shows as 99.9) and an empty whole counts as all.  The
    one rule for every percentage shown (stats, check, reports)."""
    if whole <= 0:
        return 100.0
    return (part * 1000 // whole) / 10


GENERATOR = "publisher"


def pot_header(domain: str, description: str) -> Message:
    """The header of a generated template: no dates, so no churn."""
    header = Message(msgid="")
    header.translator_comments = [
        description,
        "This file is generated by `publisher extract`: edit the sources, not this file.",
    ]
    header.msgstr = (
        f"Project-Id-Version: {domain}\n"
        "MIME-Version: 1.0\n"
        "Content-Type: text/plain; charset=UTF-8\n"
        "Content-Transfer-Encoding: 8bit\n"
        f"X-Generator: {GENERATOR}\n"
    )
    return header
