"""The README's picture of the results page, taken from the real page so that it stays current:
`UPDATE_SCREENSHOT=1` writes docs/screenshot-results.png; otherwise the test checks that the
committed picture is there, 1280 px wide and small enough to sit in a README."""

import os
import struct

from playwright.sync_api import Browser

from tests.conftest import ROOT

PICTURE = ROOT / "docs" / "screenshot-results.png"
MAX_BYTES = 300_000


def png_size(data: bytes) -> tuple[int, int]:
    """Return a PNG's width and height, from its IHDR chunk."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def test_the_readme_shows_a_current_picture_of_the_results_page(browser: Browser,
                                                                live_server: str) -> None:
    if os.environ.get("UPDATE_SCREENSHOT") == "1":
        context = browser.new_context(viewport={"width": 1280, "height": 800})
        page = context.new_page()
        page.goto(live_server + "/search?q=coup")
        page.wait_for_load_state("networkidle")
        PICTURE.write_bytes(page.screenshot(type="png"))
        context.close()
    data = PICTURE.read_bytes()
    assert png_size(data) == (1280, 800)
    assert len(data) < MAX_BYTES
    readme = (ROOT / "README.md").read_text()
    assert "![The results page](docs/screenshot-results.png)" in readme
