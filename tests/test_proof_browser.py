"""A proof page in a real browser (headless Chromium driven by Playwright):
every state is marked by more than colour, reachable by keyboard, and its
description names the source text and the right .po line."""

from __future__ import annotations

import functools
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import pytest

from publisher.build.pipeline import build
from publisher.sources.config import load_settings

from chromium import CHROMIUM, CHROMIUM_ARGS, needs_chromium, sync_api
from proofing import DOC, PO, damaged_project, po_line

pytestmark = needs_chromium
playwright_api = sync_api()


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002
        pass


@pytest.fixture(scope="module")
def proof_site(tmp_path_factory):
    damaged = damaged_project(tmp_path_factory.mktemp("proof") / "project")
    settings = load_settings(damaged.root)
    build(settings, locales=["de"], formats=("html",), proof=True)
    folder = damaged.root / "dist-proof"
    assert not (damaged.root / "dist").exists(), "proof output stays out of the published folder"
    handler = functools.partial(QuietHandler, directory=str(folder))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/de/{DOC}.html", damaged
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def page(proof_site, tmp_path_factory):
    with playwright_api.sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("chromium-profile")), executable_path=str(CHROMIUM),
            headless=True, args=CHROMIUM_ARGS, service_workers="block")
        page = context.new_page()
        page.set_default_timeout(15_000)
        page.set_viewport_size({"width": 1100, "height": 900})
        page.goto(proof_site[0], wait_until="load")
        yield page
        context.close()


def segment(page, text: str):
    """The proof mark whose description quotes ``text``."""
    return page.locator(".proof[data-proof]", has=page.locator(
        ".proof-note", has_text=text[:40]))


def test_every_state_is_marked_by_more_than_colour(proof_site, page):
    _, damaged = proof_site
    expected = {"fuzzy": damaged.fuzzy, "untranslated": damaged.untranslated,
                "rejected": damaged.figures}
    styles = {}
    for state, msgid in expected.items():
        mark = segment(page, msgid)
        assert mark.count() == 1, state
        assert mark.get_attribute("data-proof") == state
        styles[state] = mark.evaluate("""e => {
            const badge = getComputedStyle(e, '::before');
            return [badge.content, getComputedStyle(e).borderBottomStyle];
        }""")
    assert segment(page, damaged.emphasis).get_attribute("data-proof-label").endswith("E301")
    assert segment(page, damaged.figures).get_attribute("data-proof-label").endswith("E201")
    translated = page.locator('.proof[data-proof="translated"]')
    assert translated.count() == 4   # title, summary and two paragraphs
    styles["translated"] = translated.first.evaluate(
        "e => [getComputedStyle(e, '::before').content, getComputedStyle(e).borderBottomStyle]")
    badges = {state: content for state, (content, _) in styles.items()}
    assert all(content not in ("none", "normal", '""') for content in badges.values()), badges
    assert len(set(badges.values())) == 4, "each state has its own badge text"
    assert len({border for _, border in styles.values()}) == 4, "and its own border style"
    summary = page.locator(".proof-summary").inner_text()
    assert "1 fuzzy" in summary and "1 untranslated" in summary and "2 rejected" in summary


def test_each_mark_is_reachable_by_keyboard_and_names_its_po_line(proof_site, page):
    _, damaged = proof_site
    page.locator("body").focus()
    page.evaluate("document.activeElement.blur()")
    wanted = {damaged.fuzzy, damaged.untranslated, damaged.figures, damaged.emphasis}
    seen = {}
    for _ in range(80):
        page.keyboard.press("Tab")
        facts = page.evaluate("""() => {
            const e = document.activeElement;
            if (!e || !e.classList.contains('proof')) return null;
            const note = e.querySelector(':scope > .proof-note');
            const style = getComputedStyle(note);
            return {state: e.dataset.proof, po: e.dataset.po, visible: style.display !== 'none'
                    && note.getBoundingClientRect().height > 0, note: note.innerText};
        }""")
        if facts is None:
            continue
        assert facts["visible"], "the description shows while the mark has the focus"
        for msgid in wanted:
            if msgid[:40] in facts["note"]:
                seen[msgid] = facts
    assert set(seen) == wanted
    for msgid, facts in seen.items():
        line = po_line(damaged.root, msgid)
        assert facts["po"] == f"{PO}:{line}"
        assert f"edit: {PO}:{line}" in facts["note"]


def test_hover_shows_the_source_text_and_the_po_line(proof_site, page):
    _, damaged = proof_site
    page.mouse.move(0, 0)
    mark = segment(page, damaged.fuzzy)
    note = mark.locator(":scope > .proof-note")
    assert not note.is_visible()
    mark.hover()
    assert note.is_visible()
    text = note.inner_text()
    assert damaged.fuzzy[:60] in text
    assert f"{PO}:{po_line(damaged.root, damaged.fuzzy)}" in text
    assert "fuzzy" in text
