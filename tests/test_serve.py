"""publisher serve: only the output folder is served, and saved sources show
up in the pages within seconds."""

from __future__ import annotations

import http.client
import json
import re
import threading
import time

import pytest

from publisher.serve.server import ALL, STATUS_PATH, Site, SiteServer, Watcher, affected_locales, annotate, route
from publisher.sources.config import load_settings

from conftest import copy_project

SECRET = "top secret: not part of the site"


@pytest.fixture
def root(tmp_path):
    (tmp_path / "secret.txt").write_text(SECRET)
    site = tmp_path / "dist"
    (site / "de").mkdir(parents=True)
    (site / "index.html").write_text("<html><body>chooser</body></html>")
    (site / "de" / "index.html").write_text("<html><body>de</body></html>")
    (site / ".publisher.lock").write_text("")
    (site / "leak.txt").symlink_to(tmp_path / "secret.txt")
    (site / "up").symlink_to(tmp_path)
    return site


@pytest.mark.parametrize("target", [
    "/../secret.txt", "/de/../../secret.txt", "/%2e%2e/secret.txt", "/%2E%2E%2Fsecret.txt",
    "/de/..%2f..%2fsecret.txt", "/..\\secret.txt", "/de%5c..%5c..%5csecret.txt",
    "/leak.txt", "/up/secret.txt", "/.publisher.lock", "/de/./index.html", "/index.html%00.css",
    "secret.txt", "//secret.txt/../secret.txt", "/%ff", "/nothing.html",
])
def test_nothing_outside_the_output_folder_is_served(root, target):
    assert route(root, target) is None


def test_pages_and_folders_are_served(root):
    assert route(root, "/") == (root / "index.html").resolve()
    assert route(root, "/de/") == route(root, "/de") == (root / "de" / "index.html").resolve()
    assert route(root, "/de/index.html?x=1#top") == (root / "de" / "index.html").resolve()


def test_changes_rebuild_only_what_they_affect(tmp_path):
    settings = load_settings(copy_project(tmp_path / "p"))
    po = lambda locale: settings.po_path(locale, "templates")  # noqa: E731
    assert affected_locales(settings, [po("de")]) == {"de"}
    assert affected_locales(settings, [po("de"), po("zh_CN")]) == {"de", "zh_CN"}
    assert affected_locales(settings, [settings.documents_dir / "new.md"]) is ALL
    assert affected_locales(settings, [settings.templates_dir / "base.html"],
                            [settings.templates_dir]) is ALL
    assert affected_locales(settings, [settings.locales_dir / "xx" / "LC_MESSAGES" / "a.po",
                                       settings.pot_path("templates"),
                                       settings.documents_dir / "notes.txt"]) == set()


def test_errors_reach_the_page_as_text():
    page = annotate(b"<html><body class=x><p>hi</p></body></html>", 3,
                    ["locales/de/LC_MESSAGES/x.po:4: <script>alert(1)</script>"])
    text = page.decode()
    assert text.index('role="alert"') > text.index("<body class=x>")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text and "<script>alert(1)" not in text
    assert "x.po:4" in text and "var seen = 3;" in text


def get(server: SiteServer, target: str) -> tuple[int, str]:
    host, port = server.server_address[:2]
    connection = http.client.HTTPConnection(host, port, timeout=10)
    try:
        connection.putrequest("GET", target, skip_accept_encoding=True)
        connection.endheaders()
        response = connection.getresponse()
        return response.status, response.read().decode("utf-8", errors="replace")
    finally:
        connection.close()


def wait_for(condition, seconds: float = 20.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError("timed out")


@pytest.fixture
def served(tmp_path):
    """A two-locale copy of the sample, built, served and watched."""
    project = copy_project(tmp_path / "project")
    toml = project / "publisher.toml"
    toml.write_text(re.sub(r"(?m)^locales = .*$", 'locales = ["ar", "de"]', toml.read_text()))
    (tmp_path / "secret.txt").write_text(SECRET)
    settings = load_settings(project)
    site = Site(settings)
    site.rebuild(ALL)
    server = SiteServer(site, "127.0.0.1", 0)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1},
                              daemon=True)
    thread.start()
    watcher = Watcher(site, debounce_ms=50)
    watcher.start()
    assert watcher.ready.wait(10)
    yield settings, site, server
    watcher.stop()
    server.shutdown()
    server.server_close()
    watcher.join(10)


def test_the_server_sends_the_site_and_nothing_else(served):
    settings, site, server = served
    status, body = get(server, "/")
    assert status == 200 and 'hreflang="ar"' in body and STATUS_PATH in body
    status, body = get(server, "/ar/china-st-cooperation.html")
    assert status == 200 and 'dir="rtl"' in body
    for target in ["/../secret.txt", "/../../secret.txt", "/%2e%2e/secret.txt",
                   "/ar/%2e%2e/%2e%2e/%2e%2e/secret.txt", "/..%2fsecret.txt",
                   "/.publisher.lock", "/assets/../../publisher.toml", "/" + "../" * 12 + "etc/passwd"]:
        status, body = get(server, target)
        assert status == 404 and SECRET not in body and "source_locale" not in body, target
    status, body = get(server, STATUS_PATH)
    assert status == 200 and json.loads(body) == {"version": 1, "errors": []}


def test_a_saved_catalog_shows_in_the_page_within_seconds(served):
    settings, site, server = served
    po = settings.po_path("de", "templates")
    text = po.read_text("utf-8")
    old = re.search(r'msgid "Skip to content"\nmsgstr "([^"]+)"', text).group(1)
    po.write_text(text.replace(f'msgstr "{old}"', 'msgstr "Weiter zum Text"'), "utf-8")
    started = time.monotonic()
    wait_for(lambda: "Weiter zum Text" in get(server, "/de/index.html")[1])
    assert time.monotonic() - started < 10
    assert "Weiter zum Text" not in get(server, "/ar/index.html")[1]


def test_a_broken_catalog_is_shown_and_the_server_goes_on(served):
    settings, site, server = served
    po = settings.po_path("ar", "china-st-cooperation")
    good = po.read_text("utf-8")
    lines = good.count("\n")
    po.write_text(good + '\nmsgid "unterminated\n', "utf-8")
    version = json.loads(get(server, STATUS_PATH)[1])["version"]
    status = wait_for(lambda: (s := json.loads(get(server, STATUS_PATH)[1]))["errors"] and s)
    assert status["version"] > version
    assert f"china-st-cooperation.po:{lines + 2}" in status["errors"][0]
    code, page = get(server, "/ar/china-st-cooperation.html")
    assert code == 200 and 'role="alert"' in page and "china-st-cooperation.po" in page
    po.write_text(good, "utf-8")
    wait_for(lambda: json.loads(get(server, STATUS_PATH)[1])["errors"] == [])
    assert 'role="alert"' not in get(server, "/ar/china-st-cooperation.html")[1]


def test_the_command_is_registered():
    from click.testing import CliRunner

    from publisher.cli import main

    result = CliRunner().invoke(main, ["serve", "--help"])
    assert result.exit_code == 0 and "--port" in result.output and "--host" in result.output
