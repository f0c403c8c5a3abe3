"""A real browser loads the pages of a corpus full of XSS payloads: no script runs.

The `page` fixture fails the test on any dialog (alert, confirm, prompt), page error or console
error, a Content-Security-Policy violation report included: a payload blocked by the policy
would still have been injected, and that counts as a failure too.
"""

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from playwright.sync_api import Page

from search.index.build import build_index
from tests.payloads import PAYLOAD_WORDS, PAYLOADS, write_hostile_corpus
from tests.servers import running_server


@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("xss-live")
    (root / "corpus").mkdir()
    write_hostile_corpus(root / "corpus")
    assert build_index(root / "corpus", root / "index").published
    with running_server(root / "index", Path(root / "server.log")) as base:
        yield base


def visit(page: Page, url: str) -> None:
    """Load a page, fire mouse and focus events at everything in it, and check."""
    page.goto(url)
    page.wait_for_load_state("load")
    page.eval_on_selector_all("main *", """els => els.forEach(e => {
        for (const kind of ["mouseover", "focus", "mouseenter"]) e.dispatchEvent(new Event(kind));
    })""")
    page.keyboard.press("Tab")
    # Nothing the corpus wrote became an element: the only scripts are ours.
    sources = page.eval_on_selector_all("script", "els => els.map(e => e.getAttribute('src'))")
    assert sources == ["/static/focus.js", "/static/enhance.js"], (url, sources)
    assert page.locator("img, iframe, object, embed, svg [onload], [onerror]").count() == 0


def test_pages_of_the_hostile_corpus_run_no_script(page: Page, hostile_server: str) -> None:
    visit(page, hostile_server + "/")
    visit(page, hostile_server + "/about")
    visit(page, hostile_server + "/search?q=coup&per_page=100")
    hits = page.locator("ol.hits > li").count()
    assert hits == 100
    links = {href.split("#")[0].split("?")[0] for href in page.eval_on_selector_all(
        "ol.hits > li > p a[href*='/a/']",  # each hit's own links, not its near-identical's
        "els => els.map(e => e.getAttribute('href'))")}
    assert page.locator("details.hit__near").count() > 0  # their hostile titles shown too
    articles = sorted(link for link in links if "/p/" not in link)
    permalinks = sorted(link for link in links if "/p/" in link)
    assert len(articles) == -(-len(PAYLOADS) // 6) and len(permalinks) == 100
    for article in articles:
        visit(page, hostile_server + article + "?q=coup")
    for permalink in permalinks[::10]:
        visit(page, hostile_server + permalink)


@pytest.mark.parametrize("chunk", range(0, len(PAYLOADS), 10))
def test_payloads_typed_as_queries_run_no_script(page: Page, hostile_server: str,
                                                 chunk: int) -> None:
    for payload in PAYLOADS[chunk:chunk + 10]:
        visit(page, f"{hostile_server}/search?q={quote(payload)}&outlet={quote(payload)}")


def test_payload_words_highlighted_run_no_script(page: Page, hostile_server: str) -> None:
    for word in PAYLOAD_WORDS:
        visit(page, f"{hostile_server}/search?q={word}")
        if page.locator("ol.hits > li").count():
            assert page.locator("ol.hits mark").count() >= 1
