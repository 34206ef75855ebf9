"""A PO line holding only a character that Python's str.split takes for
whitespace (the information separators U+001C-U+001F) is our error, not a crash."""

import pytest

from publisher.catalogs.pofile import parse_po
from publisher.core.errors import CatalogError


@pytest.mark.parametrize("character", ["\x1c", "\x1d", "\x1e", "\x1f", "\x85"])
def test_a_separator_alone_on_a_line_is_a_catalog_error(character):
    with pytest.raises(CatalogError) as caught:
        parse_po(character.encode("utf-8"), "sep.po")
    assert "sep.po:1" in str(caught.value)
