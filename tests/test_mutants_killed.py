"""Tests written for mutants that survived a mutation run
(benchmarks/mutation.py; the list is in benchmarks/README.md): each pins a
behaviour a user can see that no test held before."""

from __future__ import annotations

import os

import pytest

from publisher.core.formatting import FormatMismatch, placeholders, split, substitute
from publisher.core.fsutil import atomic_write_bytes
from publisher.render.pdf import ContainedFetcher


# -- fsutil ---------------------------------------------------------------------------

def test_atomic_writes_create_missing_folders(tmp_path):
    target = tmp_path / "dist" / "de" / "assets" / "page.html"
    assert atomic_write_bytes(target, b"x") and target.read_bytes() == b"x"


def test_new_files_get_the_usual_mode_not_an_executable_one(tmp_path):
    umask = os.umask(0o022)
    try:
        atomic_write_bytes(tmp_path / "new.pdf", b"%PDF")
    finally:
        os.umask(umask)
    assert (tmp_path / "new.pdf").stat().st_mode & 0o777 == 0o644


# -- formatting -------------------------------------------------------------------------

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


# -- the PDF renderer's fetcher -----------------------------------------------------------

@pytest.fixture
def tree(tmp_path):
    project = tmp_path / "project"
    (project / "images").mkdir(parents=True)
    (project / "images" / "logo.png").write_bytes(b"\x89PNG fake")
    (project / "images" / "notes.unknownext").write_bytes(b"?")
    return project


def test_only_file_urls_are_read_whatever_their_path(tree):
    fetcher = ContainedFetcher((tree,))
    for url in ("http:" + str(tree / "images" / "logo.png"),
                "https://localhost" + str(tree / "images" / "logo.png")):
        with pytest.raises(ValueError) as info:
            fetcher.fetch(url)
        assert str(info.value) == f"refused to fetch {url}: only files inside the project are read"
    assert fetcher.refused == ["http:" + str(tree / "images" / "logo.png"),
                               "https://localhost" + str(tree / "images" / "logo.png")]


def test_localhost_file_urls_and_data_urls_are_read(tree):
    fetcher = ContainedFetcher((tree,))
    response = fetcher.fetch("file://localhost" + str(tree / "images" / "logo.png"))
    assert response.read() == b"\x89PNG fake"
    data = fetcher.fetch("data:text/plain,hello")
    assert data.read() == b"hello"
    assert fetcher.refused == []


def test_responses_carry_their_url_and_type(tree):
    fetcher = ContainedFetcher((tree,))
    png = fetcher.fetch((tree / "images" / "logo.png").as_uri())
    assert png.geturl() == (tree / "images" / "logo.png").resolve().as_uri()
    assert png.content_type == "image/png"
    other = fetcher.fetch((tree / "images" / "notes.unknownext").as_uri())
    assert other.content_type == "application/octet-stream"


def test_resources_up_to_the_size_limit_are_read_and_no_larger(tree):
    from publisher.render.pdf import MAX_RESOURCE_BYTES

    fetcher = ContainedFetcher((tree,))
    for size, readable in ((MAX_RESOURCE_BYTES, True), (MAX_RESOURCE_BYTES + 1, False)):
        path = tree / "images" / f"big{size}.png"
        with open(path, "wb") as stream:
            stream.truncate(size)                     # sparse: no disk used
        assert (fetcher.resolve(path.as_uri()) is not None) is readable
