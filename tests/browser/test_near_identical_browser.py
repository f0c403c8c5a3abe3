"""Near-identical paragraphs in a real browser: a reprinted story is one result whose
"+2 near-identical in …" opens in place (a <details>, no script needed) and leads to each
reprint's permalink; the option to list every one; the new markup accessible and valid."""

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

from search.index.build import build_index
from tests.browser.test_validity import vnu_errors
from tests.servers import running_server
from tests.test_near_identical import QUERY, write_near_corpus


@pytest.fixture(scope="module")
def near_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Serve the corpus of tests/test_near_identical.py with `press-search serve`."""
    root = tmp_path_factory.mktemp("near-live")
    write_near_corpus(root / "corpus")
    assert build_index(root / "corpus", root / "index").published
    with running_server(root / "index", root / "server.log") as base:
        yield base


def test_a_group_opens_in_place_and_leads_to_a_reprint(page: Page, near_server: str) -> None:
    page.goto(f"{near_server}/search?q={QUERY}")
    assert page.locator("ol.hits > li").count() == 8
    group = page.locator("details.hit__near")
    assert group.count() == 1
    summary = group.locator("summary")
    named = re.fullmatch(r"\+2 near-identical in (.+), (.+)", summary.inner_text())
    shown = page.locator("li.hit").filter(has=group).locator(".hit__source .hit__outlet")
    assert named is not None and {*named.groups(), shown.inner_text()} == {
        "Wire Service", "The Daily", "The Herald"}
    copies = group.locator(".hit__copies a")
    assert not copies.first.is_visible()  # folded until asked for
    summary.click()
    assert copies.count() == 2 and copies.first.is_visible()
    outlet = group.locator(".hit__copies .hit__outlet").first.inner_text()
    copies.first.click()
    page.wait_for_url(re.compile(r"/a/(wire|daily|herald)/p/[^/?]+\?q=soldiers$"))
    assert "Bolivian soldiers fired" in page.locator("#paragraph").inner_text()
    assert outlet in page.locator("main").inner_text()
    page.go_back()
    page.get_by_role("link", name="Every near-identical paragraph").click()
    page.wait_for_url(re.compile(r"dups=show"))
    assert page.locator("ol.hits > li").count() == 10
    assert page.locator("details.hit__near").count() == 0


def test_the_grouped_results_are_accessible_and_valid(page: Page, near_server: str,
                                                      tmp_path: Path) -> None:
    page.goto(f"{near_server}/search?q={QUERY}")
    page.locator("details.hit__near summary").click()  # the list open, as a user sees it
    violations = Axe().run(page).response["violations"]
    assert [(v["id"], v["impact"]) for v in violations
            if v["impact"] in ("serious", "critical")] == []
    assert vnu_errors(near_server, {"grouped": f"/search?q={QUERY}",
                                    "every": f"/search?q={QUERY}&dups=show"}, tmp_path) == []
