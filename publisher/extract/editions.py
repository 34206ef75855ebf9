"""The editions' catalog: the translatable text of the edition files'
covers (read by ``sources.editions``) as a gettext template."""

from __future__ import annotations

from ..catalogs.model import Catalog, Message, pot_header
from ..sources.editions import DOMAIN, Edition


def editions_catalog(editions: list[Edition]) -> Catalog:
    """The POT catalog of the editions' cover texts, in file and cover order."""
    catalog = Catalog(header=pot_header(DOMAIN, "Translatable text of the editions' covers."))
    index: dict = {}
    for edition in editions:
        for what, text in edition.texts():
            reference = f"{edition.shown}:{edition.lines.get(text, 1)}"
            comment = f"edition {edition.name}: {what}"
            message = index.get(text)
            if message is None:
                message = Message(msgid=text, references=[reference], extracted_comments=[comment])
                index[text] = message
                catalog.messages.append(message)
            else:
                if reference not in message.references:
                    message.references.append(reference)
                if comment not in message.extracted_comments:
                    message.extracted_comments.append(comment)
    return catalog
