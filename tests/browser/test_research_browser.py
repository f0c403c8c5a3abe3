"""The research tools as a person uses them in a real browser: compare, download, cite, follow."""

import csv
import io
import re

from playwright.sync_api import Page

from search.engine import search
from search.models import SearchRequest
from search.whoosh.handle import IndexHandle


def test_from_results_to_compare_csv_and_citations(page: Page, live_server: str,
                                                    real_index: IndexHandle) -> None:
    page.goto(live_server + "/search?q=coup&outlet=Wedge&outlet=Red+Flag")
    expected = search(real_index, SearchRequest(text="coup", outlets=("Wedge", "Red Flag")))
    feed = page.locator('link[rel="alternate"][type="application/atom+xml"]')
    assert feed.get_attribute("href") == "/search.atom?q=coup&outlet=Wedge&outlet=Red+Flag"

    with page.expect_download() as download:
        page.get_by_role("link", name="CSV").click()
    rows = list(csv.DictReader(io.StringIO(download.value.path().read_text("utf-8"))))
    assert len(rows) == expected.total
    assert {r["outlet"] for r in rows} == {"Wedge", "Red Flag"}
    assert download.value.suggested_filename == "press-search-coup.csv"

    page.get_by_role("link", name="Compare outlets").click()
    page.wait_for_url(re.compile(r"/compare\?q=coup"))
    assert page.locator(".compare-column h3").all_inner_texts() == ["Red Flag", "Wedge"]
    counts = dict(expected.outlet_facets)
    figures = page.locator(".compare-figures").all_inner_texts()
    assert figures[0].startswith(f"{counts['Red Flag']} of ")
    assert figures[1].startswith(f"{counts['Wedge']} of ")

    page.locator(".compare-column").first.locator("a").first.click()  # a paragraph's page
    page.wait_for_url(re.compile(r"/a/[^/]+/p/[a-z2-7]+$"))
    line = page.locator("#citation").inner_text()
    assert line.startswith("Red Flag, KD Tait, “The November Coup in Bolivia and how to reverse it”"
                           ", January 2020, ¶ ")
    with page.expect_download() as bib:
        page.get_by_role("link", name="BibTeX").click()
    text = bib.value.path().read_text("utf-8")
    assert text.startswith("@article{tait2020") and "author = {{Tait}, KD}" in text
