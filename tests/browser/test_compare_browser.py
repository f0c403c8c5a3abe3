"""The outlet comparison in a real browser at desktop and phone widths: outlets by share with
bars to scale, the columns side by side on a desktop and one under another on a phone, and the
way from a one-outlet comparison to all outlets."""

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page

from tests.browser.test_journeys import DESKTOP, PHONE


@pytest.fixture(params=[DESKTOP, PHONE], ids=["desktop", "phone"])
def sized_page(request: pytest.FixtureRequest, browser: Browser) -> Iterator[Page]:
    """A page at 1280 px and at 390 px wide."""
    context = browser.new_context(viewport=request.param)
    yield context.new_page()
    context.close()


def tops(page: Page, selector: str) -> list[float]:
    boxes = [page.locator(selector).nth(i).bounding_box()
             for i in range(page.locator(selector).count())]
    return [round(b["y"]) for b in boxes if b is not None]


def test_outlets_by_share_with_bars_and_a_layout_that_fits(sized_page: Page,
                                                           live_server: str) -> None:
    page = sized_page
    page.goto(live_server + "/compare?q=coup&outlet=Wedge")
    narrowed = page.locator(".narrowed")
    assert narrowed.inner_text() == ("Only 1 outlet is compared because of the outlet filter. "
                                     "Compare all outlets")
    narrowed.get_by_role("link", name="Compare all outlets").click()
    page.wait_for_url(re.compile(r"/compare\?q=coup$"))
    assert page.locator(".narrowed").count() == 0
    assert page.locator('input[type="search"]').count() == 1
    figures = page.locator(".share-row__figures").all_inner_texts()
    found = [re.fullmatch(r"\d+ of \d+ paragraphs, (\d+)%", f) for f in figures]
    shares = [int(m[1]) for m in found if m]
    assert len(shares) == 5 and shares == sorted(shares, reverse=True)
    bars = page.locator(".share-row__bar")
    track = bars.first.bounding_box()
    for i, share in enumerate(shares):  # each bar's length is its share of the track
        rect = bars.nth(i).locator("rect").nth(1).bounding_box()
        assert track is not None and rect is not None
        assert rect["width"] / track["width"] == pytest.approx(share / 100, abs=0.01)
    assert page.locator(".timeline__chart").is_visible()
    columns = tops(page, ".compare-column")
    width = page.viewport_size["width"] if page.viewport_size else 0
    if width >= 1280:
        assert len(set(columns)) == 1  # five columns on one row, none alone on the next
    else:
        assert columns == sorted(columns) and len(set(columns)) == 5  # one under another
    scroll = page.evaluate("document.documentElement.scrollWidth")
    assert scroll <= width  # nothing wider than the screen
