"""The benchmark metric of `make eval-import`, as ../shared/benchmarks/README.md states it."""

import pytest

from eval_import.score import score_page, summarise

BODY = "The council voted to close the mine. Farmers downstream had asked for it for years."


def test_an_exact_extraction_scores_one_whatever_the_case_and_punctuation() -> None:
    page = score_page(BODY, BODY.upper().replace(".", " —"))
    assert (page.precision, page.recall) == (1.0, 1.0)


def test_chrome_costs_precision_and_a_missing_sentence_costs_recall() -> None:
    chrome = score_page(BODY, BODY + " Subscribe to our newsletter for more news like this.")
    assert chrome.recall == 1.0 and chrome.precision == pytest.approx(12 / 21)
    half = score_page(BODY, BODY.split(". ")[0])
    assert half.precision == 1.0 and half.recall == pytest.approx(4 / 12)


def test_pages_weigh_the_same_and_an_empty_page_counts_one_when_nothing_is_true() -> None:
    refused, empty = score_page(BODY, ""), score_page("", "")
    assert (refused.precision, refused.recall) == (0.0, 0.0)
    assert (empty.precision, empty.recall) == (1.0, 1.0)
    both = summarise([refused, empty])
    assert (both.precision, both.recall, both.f1) == (0.5, 0.5, 0.5)
    published = summarise([refused, score_page(BODY, BODY)], published=True)
    assert (published.precision, published.recall) == (1.0, 0.5)
