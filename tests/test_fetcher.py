"""The PDF renderer reads nothing outside the project (and nothing that is not a file)."""

import os

import pytest

from publisher.render.pdf import ContainedFetcher, _allowed_link


@pytest.fixture
def tree(tmp_path):
    project = tmp_path / "project"
    (project / "images").mkdir(parents=True)
    (project / "images" / "logo.png").write_bytes(b"\x89PNG fake")
    (tmp_path / "secret.txt").write_text("secret")
    os.symlink(tmp_path / "secret.txt", project / "images" / "link-out.png")
    os.symlink("/dev/zero", project / "images" / "zero.png")
    return project


def test_files_inside_the_project_are_read(tree):
    fetcher = ContainedFetcher((tree,))
    response = fetcher.fetch((tree / "images" / "logo.png").as_uri())
    assert response.read() == b"\x89PNG fake"
    assert fetcher.refused == []


@pytest.mark.parametrize("url", [
    "file:///etc/passwd",
    "file:///dev/zero",
    "http://127.0.0.1:9/x.png",
    "https://example.org/font.woff2",
    "ftp://example.org/x",
    "file://remote-host/etc/passwd",
])
def test_outside_urls_are_refused(tree, url):
    fetcher = ContainedFetcher((tree,))
    with pytest.raises(ValueError):
        fetcher.fetch(url)
    assert fetcher.refused == [url]


@pytest.mark.parametrize("relative", [
    "images/../../secret.txt",
    "images/%2e%2e/%2e%2e/secret.txt",
    "images/link-out.png",
    "images/zero.png",
    "images/missing.png",
    "images",
])
def test_escapes_symlinks_devices_and_folders_are_refused(tree, relative):
    fetcher = ContainedFetcher((tree,))
    url = tree.as_uri() + "/" + relative
    with pytest.raises(ValueError):
        fetcher.fetch(url)


def test_pdf_links_keep_only_web_mail_and_internal_targets():
    assert _allowed_link(("external", "https://example.org", None, None))
    assert _allowed_link(("external", "mailto:a@example.org", None, None))
    assert _allowed_link(("internal", "section-2", None, None))
    assert not _allowed_link(("external", "file:///etc/passwd", None, None))
    assert not _allowed_link(("external", "javascript:alert(1)", None, None))
    assert not _allowed_link(("attachment", "file:///etc/passwd", None, None))


@pytest.fixture
def images_tree(tmp_path):
    project = tmp_path / "project"
    (project / "images").mkdir(parents=True)
    (project / "images" / "logo.png").write_bytes(b"\x89PNG fake")
    (project / "images" / "notes.unknownext").write_bytes(b"?")
    return project


def test_only_file_urls_are_read_whatever_their_path(images_tree):
    fetcher = ContainedFetcher((images_tree,))
    for url in ("http:" + str(images_tree / "images" / "logo.png"),
                "https://localhost" + str(images_tree / "images" / "logo.png")):
        with pytest.raises(ValueError) as info:
            fetcher.fetch(url)
        assert str(info.value) == f"refused to fetch {url}: only files inside the project are read"
    assert fetcher.refused == ["http:" + str(images_tree / "images" / "logo.png"),
                               "https://localhost" + str(images_tree / "images" / "logo.png")]


def test_localhost_file_urls_and_data_urls_are_read(images_tree):
    fetcher = ContainedFetcher((images_tree,))
    response = fetcher.fetch("file://localhost" + str(images_tree / "images" / "logo.png"))
    assert response.read() == b"\x89PNG fake"
    data = fetcher.fetch("data:text/plain,hello")
    assert data.read() == b"hello"
    assert fetcher.refused == []


def test_responses_carry_their_url_and_type(images_tree):
    fetcher = ContainedFetcher((images_tree,))
    png = fetcher.fetch((images_tree / "images" / "logo.png").as_uri())
    assert png.geturl() == (images_tree / "images" / "logo.png").resolve().as_uri()
    assert png.content_type == "image/png"
    other = fetcher.fetch((images_tree / "images" / "notes.unknownext").as_uri())
    assert other.content_type == "application/octet-stream"


def test_resources_up_to_the_size_limit_are_read_and_no_larger(images_tree):
    from publisher.render.pdf import MAX_RESOURCE_BYTES

    fetcher = ContainedFetcher((images_tree,))
    for size, readable in ((MAX_RESOURCE_BYTES, True), (MAX_RESOURCE_BYTES + 1, False)):
        path = images_tree / "images" / f"big{size}.png"
        with open(path, "wb") as stream:
            stream.truncate(size)                     # sparse: no disk used
        assert (fetcher.resolve(path.as_uri()) is not None) is readable
