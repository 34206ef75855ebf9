"""Debian's Chromium for the browser tests: where it is, how it is started
on a machine with no network, and the skips when it or Playwright is missing."""

from __future__ import annotations

from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]

needs_chromium = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason=f"the browser tests need Debian's chromium at {CHROMIUM} (apt-get install chromium)")


def sync_api():
    """Playwright's synchronous API, or a skip of the calling module or test."""
    return pytest.importorskip(
        "playwright.sync_api", reason="the browser tests need Playwright (pip install -e '.[test]')")
