"""Open graph.html in Debian's chromium (Playwright, never a downloaded browser): wait, time, screenshot.

Used by `kg render --screenshot` and bench/html_layout.py. Playwright is a test/dev dependency,
so it is imported only here, when one of these is asked for.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from kg.io import atomic_write

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-component-update", "--disable-gpu"]


class BrowserError(RuntimeError):
    """No usable chromium or Playwright; the message says what is missing."""


@contextmanager
def chromium_page(width: int = 1400, height: int = 900) -> Iterator[object]:
    """A Playwright page in headless chromium, closed on exit."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as error:
        raise BrowserError("playwright is not installed (pip install -e '.[test]')") from error
    if not Path(CHROMIUM).exists():
        raise BrowserError(f"{CHROMIUM} not found (apt-get install chromium)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": width, "height": height})
            yield page
        finally:
            browser.close()


def wait_until_settled(page, timeout_s: float = 300) -> float:
    """Wait for the page's layout to stop (vis's stabilisation ends); returns the page's own figure in seconds."""
    page.wait_for_function("() => window.kg && window.kg.settled === true", timeout=timeout_s * 1000, polling=100)
    return page.evaluate("window.kg.settleMs") / 1000


def settle_seconds(html: Path, timeout_s: float = 300) -> float:
    """Seconds from the page's script start to the end of its layout."""
    with chromium_page() as page:
        page.goto(html.resolve().as_uri())
        return wait_until_settled(page, timeout_s)


def screenshot(html: Path, png: Path, width: int = 1400, height: int = 900) -> float:
    """A PNG of the settled page, written atomically; returns the settle time in seconds."""
    png.parent.mkdir(parents=True, exist_ok=True)
    with chromium_page(width, height) as page:
        page.goto(html.resolve().as_uri())
        seconds = wait_until_settled(page)
        page.wait_for_timeout(300)  # let the final frame paint after physics stops
        image = page.screenshot(type="png")
    atomic_write(png, image)
    return seconds
