"""The HTML edition in a real browser: headless Chromium driven by Playwright.

The sample is built into a temporary folder and served by a local web server
in a thread; every request the browser makes is recorded, and any that would
leave the site is refused.
"""

from __future__ import annotations

import functools
import html
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

import pytest

from publisher.build.pipeline import build
from publisher.core.locales import locale_info
from publisher.sources.config import load_settings

from chromium import CHROMIUM, CHROMIUM_ARGS, needs_chromium, sync_api
from conftest import ROOT, copy_project

pytestmark = needs_chromium
playwright_api = sync_api()

LOCALES = list(load_settings(ROOT).all_locales)   # whatever the project has when the tests run
DOC = "china-st-cooperation"
OUTLINE = "outline"   # a document whose own headings start at level one
PAGES = ["index.html"] + [f"{l}/{name}" for l in LOCALES for name in (f"{DOC}.html", "index.html")]


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002
        pass


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The sample's HTML edition, served on a free local port."""
    root = copy_project(tmp_path_factory.mktemp("browser") / "project")
    (root / "documents" / f"{OUTLINE}.md").write_text(
        "---\ntitle: Outline\n---\n\n# Part\n\nText.\n\n## Chapter\n\nMore text.\n", "utf-8")
    settings = load_settings(root)
    build(settings, formats=("html",))
    handler = functools.partial(QuietHandler, directory=str(settings.output_dir))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/", settings.output_dir
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def browser(site, tmp_path_factory):
    """A page in a fresh Chromium profile; ``requests`` lists every URL asked
    for, ``refused`` those that would have left the site."""
    base, _ = site
    allowed = urlsplit(base).netloc
    requests: list[str] = []
    refused: list[str] = []

    def guard(route):
        url = route.request.url
        requests.append(url)
        if urlsplit(url).netloc == allowed or url.startswith(("data:", "about:")):
            route.continue_()
        else:
            refused.append(url)
            route.abort()

    with playwright_api.sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("chromium-profile")), executable_path=str(CHROMIUM),
            headless=True, args=CHROMIUM_ARGS, service_workers="block")
        context.route("**/*", guard)
        page = context.new_page()
        page.set_default_timeout(15_000)
        yield page, requests, refused
        context.close()


def visit(page, base: str, path: str, width: int = 1280) -> None:
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(base + path, wait_until="load")
    page.evaluate("document.fonts.ready")


def test_arabic_page_runs_right_to_left(site, browser):
    base, _ = site
    page, _, _ = browser
    visit(page, base, f"ar/{DOC}.html")
    facts = page.evaluate("""() => {
        const main = document.querySelector('main');
        const h1 = main.querySelector('h1');
        const style = getComputedStyle(main);
        const range = document.createRange();
        range.selectNodeContents(h1);
        const lines = [...range.getClientRects()];
        const box = main.getBoundingClientRect();
        return {
            direction: getComputedStyle(document.documentElement).direction,
            mainDirection: style.direction,
            contentRight: box.right - parseFloat(style.paddingRight),
            contentLeft: box.left + parseFloat(style.paddingLeft),
            headingRight: h1.getBoundingClientRect().right,
            textRight: Math.max(...lines.map(r => r.right)),
            textLeft: Math.min(...lines.map(r => r.left)),
        };
    }""")
    assert facts["direction"] == facts["mainDirection"] == "rtl"
    assert abs(facts["headingRight"] - facts["contentRight"]) < 1
    assert abs(facts["textRight"] - facts["contentRight"]) < 2, facts
    assert facts["textLeft"] > facts["contentLeft"] + 10, "the title is set from the right"
    first = page.evaluate("""() => {
        const items = [...document.querySelectorAll('.languages li')];
        return items[0].getBoundingClientRect().left > items[1].getBoundingClientRect().left;
    }""")
    assert first, "the language menu runs from the right as well"


def test_no_page_scrolls_sideways_on_a_phone(site, browser):
    base, _ = site
    page, _, _ = browser
    wide = []
    for path in PAGES:
        visit(page, base, path, width=360)
        sizes = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        if sizes[0] > sizes[1]:
            wide.append((path, sizes))
    assert wide == []


def test_language_switcher_leads_to_the_same_document(site, browser):
    base, out = site
    page, _, _ = browser
    for here, there in [("en", "zh_CN"), ("zh_CN", "ar"), ("ar", "de"), ("de", "en")]:
        visit(page, base, f"{here}/{DOC}.html")
        tag = locale_info(there).tag
        current = page.locator('.languages a[aria-current="page"]')
        assert current.count() == 1 and current.get_attribute("lang") == locale_info(here).tag
        page.locator(f'.languages a[hreflang="{tag}"]').click()
        page.wait_for_load_state("load")
        assert page.url == f"{base}{there}/{DOC}.html"
        assert page.evaluate("document.documentElement.lang") == tag
        title = page.locator("main h1").inner_text()
        assert title and title == page.title()
        assert title in html.unescape((out / there / f"{DOC}.html").read_text("utf-8"))


def test_chooser_leads_to_every_language(site, browser):
    base, _ = site
    page, _, _ = browser
    visit(page, base, "index.html")
    links = page.locator(".chooser a")
    assert links.count() == len(LOCALES)
    for locale in LOCALES:
        link = page.locator(f'.chooser a[hreflang="{locale_info(locale).tag}"]')
        assert link.get_attribute("href") == f"{locale}/index.html"
        assert link.get_attribute("dir") == locale_info(locale).direction


def test_landmarks_and_headings(site, browser):
    base, _ = site
    page, _, _ = browser
    for path in ["index.html", f"ar/{DOC}.html", "zh_CN/index.html", f"de/{OUTLINE}.html"]:
        visit(page, base, path)
        facts = page.evaluate("""() => ({
            banner: document.querySelectorAll('body > header').length,
            nav: document.querySelectorAll('body > header nav[aria-label] ul a[hreflang]').length,
            main: document.querySelectorAll('main').length,
            h1: document.querySelectorAll('h1').length,
            levels: [...document.querySelectorAll('main h1, main h2, main h3, main h4')]
                .map(h => Number(h.tagName[1])),
        })""")
        assert facts["banner"] == 1 and facts["main"] == 1 and facts["h1"] == 1, (path, facts)
        assert facts["nav"] == len(LOCALES)
        levels = facts["levels"]
        assert levels[0] == 1 and all(b - a <= 1 for a, b in zip(levels, levels[1:])), path
    assert levels == [1, 2, 3], "the document's own headings come below its title"
    visit(page, base, f"fr/{DOC}.html")
    assert page.locator("body > footer").count() == 1
    assert page.locator('nav.breadcrumb ol > li > a[href="index.html"]').count() == 1


def test_no_request_leaves_the_site_and_fonts_come_with_it(site, browser):
    base, _ = site
    page, requests, refused = browser
    requests.clear()
    for path in PAGES:
        visit(page, base, path)
    assert refused == []
    assert requests and all(url.startswith(base) for url in requests)
    visit(page, base, f"zh_CN/{DOC}.html")
    faces = page.evaluate("""() => [...document.fonts]
        .filter(f => f.status === 'loaded').map(f => f.family.replace(/"/g, ''))""")
    assert "Noto Serif CJK SC" in faces, "the Chinese text is drawn with the site's own font"
    fonts = [url for url in requests if url.endswith(".woff2")]
    assert any("/assets/fonts/zh_CN/" in url for url in fonts)
