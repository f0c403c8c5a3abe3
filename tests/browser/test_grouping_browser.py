"""One result per article in a real browser, at desktop and phone widths: the 'Show' filter
groups the results, paging keeps the grouping, and '+N more' opens the article with the query."""

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page

from search.engine import search
from search.models import SearchRequest
from search.whoosh.handle import IndexHandle
from tests.browser.test_journeys import DESKTOP, PHONE


@pytest.fixture(params=[DESKTOP, PHONE], ids=["desktop", "phone"])
def sized_page(request: pytest.FixtureRequest, browser: Browser) -> Iterator[Page]:
    """A page at 1280 px and at 390 px wide."""
    context = browser.new_context(viewport=request.param)
    yield context.new_page()
    context.close()


def test_one_result_per_article(sized_page: Page, live_server: str,
                                real_index: IndexHandle) -> None:
    page = sized_page
    page.goto(live_server + "/search?q=coup&per_page=3")
    if page.locator(".filters-panel__summary").is_visible():  # a phone folds the filters
        page.locator(".filters-panel__summary").click()
    page.get_by_role("link", name="One per article").click()
    page.wait_for_url(re.compile(r"group=article"))
    grouped = search(real_index, SearchRequest(text="coup", per_page=3, by_article=True))
    assert page.locator(".count").inner_text() == (
        f"{grouped.article_count} articles from {grouped.outlet_count} outlets "
        f"({grouped.total} paragraphs), the best paragraph of each")
    titles = page.locator("ol.hits .hit__title").all_inner_texts()
    page.get_by_role("link", name="Page 2").click()
    page.wait_for_url(re.compile(r"page=2.*group=article"))
    titles += page.locator("ol.hits .hit__title").all_inner_texts()
    assert len(titles) == len(set(titles)) == grouped.article_count  # each article once
    more = page.locator(".hit__more a").first
    found = re.fullmatch(r"\+(\d+) more in this article", more.inner_text())
    assert found is not None
    count = int(found[1])
    more.click()
    page.wait_for_url(re.compile(r"/a/[^/?]+\?q=coup$"))
    assert page.locator("main mark").count() >= count + 1  # the query marked in the article
