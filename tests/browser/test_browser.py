"""A person's path through the site in a real browser: search, filter, permalink, keyboard."""

import re

from playwright.sync_api import Page, expect

from search.engine import search
from search.models import SearchRequest
from search.whoosh.handle import IndexHandle

STATUS = "[role=status]"


def count_of(page: Page) -> int:
    """Return the number of paragraphs the status line announces."""
    match = re.match(r"(\d+) paragraphs?", page.locator(STATUS).inner_text())
    assert match, page.locator(STATUS).inner_text()
    return int(match[1])


def test_type_a_query_submit_and_see_highlights(page: Page, live_server: str,
                                                real_index: IndexHandle) -> None:
    page.goto(live_server + "/")
    page.locator("#q").fill("coup")
    page.locator("#q").press("Enter")
    page.wait_for_url(re.compile(r"/search\?q=coup"))
    expected = search(real_index, SearchRequest(text="coup"))
    assert count_of(page) == expected.total
    assert page.locator(STATUS).inner_text().endswith(
        f"in {expected.article_count} articles from {expected.outlet_count} outlets")
    marks = page.locator("ol.hits mark").all_inner_texts()
    assert len(marks) >= 10
    assert {m.lower() for m in marks} <= {"coup", "coups"}


def test_tick_an_outlet_and_see_only_its_results_and_new_counts(
        page: Page, live_server: str, real_index: IndexHandle) -> None:
    page.goto(live_server + "/search?q=coup")
    everything = count_of(page)
    page.locator("#outlet-heading + ul").get_by_role("link", name="Wedge").click()
    page.wait_for_url(re.compile(r"outlet=Wedge"))
    expected = search(real_index, SearchRequest(text="coup", outlets=("Wedge",)))
    assert count_of(page) == expected.total < everything
    assert set(page.locator("ol.hits .hit__outlet").all_inner_texts()) == {"Wedge"}
    assert page.locator(".facet__option--on").all_inner_texts()[0].startswith("Wedge")


def test_open_a_permalink_and_land_on_the_paragraph_highlighted_and_focused(
        page: Page, live_server: str) -> None:
    page.goto(live_server + "/search?q=Senkata")
    first = page.locator("ol.hits > li").first
    number = int(first.locator(".hit__number").inner_text().removeprefix("¶").strip())
    text = first.locator(".hit__text").inner_text()
    first.get_by_role("link", name="Permalink").click()
    page.wait_for_url(re.compile(r"/a/[a-z0-9-]+/p/[a-z2-7]{10}\?q=Senkata$"))
    assert text[:60] in page.locator("main").inner_text()
    page.get_by_role("link", name="Read it in the article").click()
    page.wait_for_url(re.compile(rf"/a/[a-z0-9-]+#p{number}$"))
    target = page.locator(f"#p{number}")
    expect(target).to_be_focused()
    assert text[:60] in target.inner_text()
    background = target.evaluate("el => getComputedStyle(el).backgroundColor")
    assert background not in ("rgba(0, 0, 0, 0)", "transparent")
    assert target.evaluate("el => { const r = el.getBoundingClientRect();"
                           " return r.top >= 0 && r.top < window.innerHeight; }")


def test_everything_by_keyboard(page: Page, live_server: str) -> None:
    page.goto(live_server + "/")
    for _ in range(15):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "q":
            break
    assert page.evaluate("document.activeElement.id") == "q"
    page.keyboard.type("massacre")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"q=massacre"))
    assert count_of(page) > 0
    for _ in range(80):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent.trim()") == "Permalink":
            break
    assert page.evaluate("document.activeElement.textContent.trim()") == "Permalink"
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/p/[a-z2-7]{10}\?q=massacre$"))
    assert "massacre" in page.locator("main").inner_text().lower()


def test_phone_width_has_no_horizontal_scroll(page: Page, live_server: str) -> None:
    page.set_viewport_size({"width": 360, "height": 740})
    for path in ("/", "/search?q=coup", "/about"):
        page.goto(live_server + path)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, path
