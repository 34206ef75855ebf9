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
