import pytest
from hypothesis import given
from hypothesis import strategies as st

from publisher.core.formatting import FormatMismatch, placeholders, split, substitute


def test_named_placeholders_and_percent():
    assert placeholders("Page %(page)s of %(pages)s, 100%%") == {"page": 1, "pages": 1}
    assert substitute("%(a)s and %(a)s, 5%%", {"a": "x"}) == "x and x, 5%"
    assert split("Seite %(page)s von %(pages)s") == [
        ("text", "Seite "), ("field", "page"), ("text", " von "), ("field", "pages")]


@pytest.mark.parametrize("bad", [
    "%(name)500000000s", "%s", "%d", "%(name)r", "{name.__class__}" + "%", "50 % off", "%(a.b)s",
])
def test_anything_but_named_s_is_refused(bad):
    with pytest.raises(FormatMismatch):
        substitute(bad, {"name": "x", "a": "y"})


def test_braces_are_plain_text():
    assert substitute("{name.__class__} %(name)s", {"name": "x"}) == "{name.__class__} x"


@given(st.text(alphabet=st.characters(blacklist_characters="%"), max_size=40))
def test_text_without_percent_is_unchanged(text):
    assert substitute(text, {}) == text


def test_placeholders_are_counted():
    assert placeholders("%(n)s of %(n)s, %(m)s") == {"n": 2, "m": 1}


def test_split_gives_text_and_fields_with_literal_percent_signs():
    assert split("100%% of %(a)s and %(b)s%%") == [
        ("text", "100% of "), ("field", "a"), ("text", " and "), ("field", "b"), ("text", "%")]
    assert split("%(a)s") == [("field", "a")]
    assert split("") == []


def test_formatting_errors_say_what_to_write():
    with pytest.raises(FormatMismatch) as info:
        placeholders("%(x)5s")
    assert str(info.value) == "'%(x)5s' is not a placeholder; write %(name)s, or %% for a percent sign"
    with pytest.raises(FormatMismatch) as info:
        substitute("%(who)s", {})
    assert str(info.value) == "unknown placeholder %(who)s"
