"""Issue 23's journeys in a real browser, at desktop and phone widths, with and without
JavaScript: filters that act at once and survive paging and Back, a phone's first screen,
errors shown in the page, and what a search that finds nothing offers."""

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, ViewportSize, expect

from search.engine import search
from search.models import SearchRequest
from search.whoosh.handle import IndexHandle

DESKTOP: ViewportSize = {"width": 1280, "height": 900}
PHONE: ViewportSize = {"width": 390, "height": 844}


@pytest.fixture(params=[True, False], ids=["js", "no-js"])
def any_page(request: pytest.FixtureRequest, browser: Browser) -> Iterator[Page]:
    """A desktop page, with JavaScript and without."""
    context = browser.new_context(viewport=DESKTOP, java_script_enabled=request.param)
    yield context.new_page()
    context.close()


def shown_outlets(page: Page) -> set[str]:
    return set(page.locator("ol.hits .hit__outlet").all_inner_texts())


def chosen(page: Page) -> list[str]:
    return [t.split("\n")[0].strip() for t in
            page.locator("#outlet-heading + ul .facet__option--on .facet__name").all_inner_texts()]


def test_a_filter_acts_at_once_and_survives_paging_and_back(any_page: Page, live_server: str,
                                                            real_index: IndexHandle) -> None:
    page = any_page
    page.goto(live_server + "/search?q=coup&per_page=5")
    assert chosen(page) == []
    page.locator("#outlet-heading + ul").get_by_role("link", name="Red Flag").click()
    page.wait_for_url(re.compile(r"outlet=Red\+Flag"))
    expected = search(real_index, SearchRequest(text="coup", outlets=("Red Flag",), per_page=5))
    assert expected.pages > 1
    assert shown_outlets(page) == {"Red Flag"} and chosen(page) == ["Red Flag"]
    assert page.locator(".chip").all_inner_texts()[0].startswith("Outlet: Red Flag")
    page.get_by_role("link", name="Page 2").click()
    page.wait_for_url(re.compile(r"page=2"))
    assert shown_outlets(page) == {"Red Flag"} and chosen(page) == ["Red Flag"]
    assert page.locator(".count__range").inner_text() == f"Results 6–10 of {expected.total}"
    page.go_back()
    page.go_back()
    page.wait_for_url(re.compile(r"/search\?q=coup&per_page=5$"))
    assert chosen(page) == [] and page.locator(".chip").count() == 0
    assert len(shown_outlets(page)) > 1
    page.go_forward()
    page.wait_for_url(re.compile(r"outlet=Red\+Flag&per_page=5$"))
    assert chosen(page) == ["Red Flag"]
    page.locator(".chip").first.click()  # the chip removes its filter
    page.wait_for_url(re.compile(r"/search\?q=coup&per_page=5$"))
    assert chosen(page) == []


def test_a_date_typed_but_not_applied_is_not_shown_after_back(browser: Browser,
                                                              live_server: str) -> None:
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    page.goto(live_server + "/search?q=coup")
    page.locator("#from").fill("2020")
    page.locator("#outlet-heading + ul").get_by_role("link", name="Wedge").click()
    page.wait_for_url(re.compile(r"outlet=Wedge"))
    assert page.locator("#from").input_value() == ""  # the link did not take the typed date
    page.go_back()
    page.wait_for_url(re.compile(r"/search\?q=coup$"))
    assert page.locator("#from").input_value() == ""
    context.close()


@pytest.mark.parametrize("js", [True, False], ids=["js", "no-js"])
def test_a_phone_sees_the_query_and_results_first(browser: Browser, live_server: str,
                                                  js: bool) -> None:
    context = browser.new_context(viewport=PHONE, java_script_enabled=js, is_mobile=True)
    page = context.new_page()
    page.goto(live_server + "/search?q=coup&outlet=Wedge&outlet=Red+Flag")
    first = page.locator("ol.hits > li").first.bounding_box()
    assert first is not None and first["y"] + 80 < PHONE["height"]
    assert page.locator("#q").is_visible()
    summary = page.locator(".filters-panel__summary")
    assert summary.inner_text() == "Filters (2)"
    assert not page.locator("#outlet-heading").is_visible()
    summary.click()
    assert page.locator("#outlet-heading").is_visible()
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    context.close()


def test_the_desktop_shows_the_filters_unfolded_without_javascript(any_page: Page,
                                                                   live_server: str) -> None:
    any_page.goto(live_server + "/search?q=coup")
    assert any_page.locator("#outlet-heading").is_visible()
    assert not any_page.locator(".filters-panel__summary").is_visible()


def test_an_error_is_shown_above_the_form_with_the_search_kept(any_page: Page,
                                                               live_server: str) -> None:
    page = any_page
    page.goto(live_server + "/search?q=ab*&outlet=Wedge&sort=oldest")
    alert = page.get_by_role("alert")
    assert "A wildcard needs at least 3 letters" in alert.inner_text()
    box = page.locator("#q")
    assert box.input_value() == "ab*"
    alert_box, form_box = alert.bounding_box(), box.bounding_box()
    assert alert_box and form_box and alert_box["y"] < form_box["y"]
    box.fill("elect*")
    box.press("Enter")
    page.wait_for_url(re.compile(r"q=elect"))
    assert "outlet=Wedge" in page.url and "sort=oldest" in page.url
    assert page.get_by_role("alert").count() == 0


def test_nothing_found_suggests_a_way_forward(any_page: Page, live_server: str) -> None:
    page = any_page
    page.goto(live_server + "/search?q=Senkata+army&outlet=Wedge")
    assert page.get_by_role("link", name="Compare outlets").count() == 0
    page.get_by_role("link", name="the same search without the filters").click()
    page.wait_for_url(re.compile(r"/search\?q=Senkata\+army$"))
    assert int(page.locator(".count").inner_text().split()[0]) > 0


def test_copy_a_citation_in_one_click_and_see_copied(browser: Browser, live_server: str) -> None:
    context = browser.new_context(viewport=DESKTOP, permissions=["clipboard-read",
                                                                 "clipboard-write"])
    page = context.new_page()
    page.goto(live_server + "/search?q=Senkata")
    page.locator("ol.hits > li").first.get_by_role("link", name="Permalink").click()
    page.wait_for_url(re.compile(r"/p/[a-z2-7]{10}\?q=Senkata$"))
    assert page.locator("blockquote.cited mark").first.inner_text().lower() == "senkata"
    assert page.locator("#header-q").input_value() == "Senkata"
    page.get_by_role("button", name="Copy the citation").click()
    expect(page.locator("#copy-status")).to_have_text("Copied")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == page.locator("#citation").inner_text().strip()
    context.close()


def test_no_copy_button_without_javascript(browser: Browser, live_server: str) -> None:
    context = browser.new_context(viewport=DESKTOP, java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server + "/search?q=Senkata")
    page.locator("ol.hits > li").first.get_by_role("link", name="Permalink").click()
    assert page.get_by_role("button", name="Copy the citation").count() == 0
    assert "selects all of it" in page.locator(".copy").inner_text()
    context.close()


def test_the_search_box_completes_words(page: Page, live_server: str) -> None:
    page.goto(live_server + "/")
    page.locator("#q").press_sequentially("senk")
    # Playwright's own waits: a wait_for_function string is evaluated in the page, which the
    # site's content security policy forbids whenever the check has to wait (a flaky test)
    expect(page.locator("#q-completions option[value='senkata']")).to_have_count(1)


def test_back_to_the_search_keeps_filters_order_and_page(page: Page, live_server: str) -> None:
    page.goto(live_server + "/search?q=coup&outlet=Red+Flag&sort=oldest&per_page=5&page=2")
    page.locator("ol.hits > li").first.get_by_role("link", name="In context").click()
    page.wait_for_url(re.compile(r"/a/"))
    page.get_by_role("link", name="Back to the search").click()
    page.wait_for_url(re.compile(r"/search\?q=coup&outlet=Red\+Flag&sort=oldest&per_page=5"
                                 r"&page=2$"))
