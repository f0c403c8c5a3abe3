"""Issue 27 in a real browser: from a search result to its echoes, and on to the other
outlet's paragraph that quotes the same words; the quotations page with its links."""

import re

from playwright.sync_api import Page


def test_from_a_result_to_its_echoes_and_the_other_outlets_paragraph(page: Page,
                                                                     live_server: str) -> None:
    page.goto(live_server + '/search?q="significant moment for democracy"')
    hit = page.locator("ol.hits > li").filter(has_text="World Socialist Web Site").first
    hit.get_by_role("link", name="Permalink").click()
    page.wait_for_url(re.compile(r"/a/the-us-backed-coup-in-bolivia/p/"))
    echoes = page.locator("section.echoes")
    assert "Red Flag" in echoes.inner_text()
    assert echoes.locator("mark").first.inner_text() == (
        "a significant moment for democracy in the Western Hemisphere")
    echoes.get_by_role("link", name=re.compile("November Coup")).click()
    page.wait_for_url(re.compile(r"/a/the-november-coup-in-bolivia-and-how-to-reverse-it/p/"))
    assert "significant moment for democracy" in page.locator("#paragraph").inner_text()
    back = page.locator("section.echoes")
    assert "World Socialist Web Site" in back.inner_text()


def test_the_quotations_page_is_in_the_nav_and_links_both_outlets(page: Page,
                                                                   live_server: str) -> None:
    page.goto(live_server + "/")
    page.get_by_role("navigation", name="Site").get_by_role("link", name="Quotations").click()
    page.wait_for_url(re.compile(r"/quotes$"))
    quotation = page.locator("li.quotation").filter(has_text="significant moment for democracy")
    assert "First printed by World Socialist Web Site" in quotation.inner_text()
    quotation.get_by_role("link", name=re.compile("Red Flag")).click()
    page.wait_for_url(re.compile(r"/a/the-november-coup-in-bolivia-and-how-to-reverse-it/p/"))
