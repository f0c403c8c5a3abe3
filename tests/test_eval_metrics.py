"""The relevance harness's measures (eval/metrics.py, eval/ceiling.py) on examples computed by
hand."""

import math
from pathlib import Path

import pytest

from eval.ceiling import word_matching_ceiling
from eval.loaders import Collection
from eval.metrics import dcg, ndcg, recall, reciprocal_rank
from eval.model import Query

JUDGED = {"a": 2, "b": 1, "c": 1, "d": 2}


def test_ndcg_uses_the_grades_as_gains_and_every_judged_document_for_the_ideal() -> None:
    # 2/log2(2) + 0/log2(3) + 1/log2(4) + 1/log2(5), over the ideal order 2, 2, 1, 1
    found = 2 + 0.5 + 1 / math.log2(5)
    ideal = 2 + 2 / math.log2(3) + 0.5 + 1 / math.log2(5)
    assert ndcg(["a", "x", "b", "c"], JUDGED) == pytest.approx(found / ideal)
    assert ndcg(["a", "x", "b", "c"], JUDGED) == pytest.approx(0.699022, abs=1e-6)
    assert ndcg(["a", "d", "b", "c"], JUDGED) == pytest.approx(1.0)


def test_only_the_first_ten_results_count() -> None:
    ranked = [f"x{i}" for i in range(10)] + ["a", "b"]
    assert ndcg(ranked, JUDGED) == 0.0
    assert recall(ranked, JUDGED) == 0.0
    assert reciprocal_rank(ranked, JUDGED) == 0.0
    assert dcg([1] * 12) == pytest.approx(sum(1 / math.log2(r + 1) for r in range(1, 11)))


def test_recall_and_reciprocal_rank() -> None:
    assert recall(["a", "x", "b", "c"], JUDGED) == 0.75
    assert reciprocal_rank(["a", "x"], JUDGED) == 1.0
    assert reciprocal_rank(["x", "y", "b"], JUDGED) == pytest.approx(1 / 3)


def test_no_result_or_nothing_relevant_scores_zero() -> None:
    for measure in (ndcg, recall, reciprocal_rank):
        assert measure([], JUDGED) == 0.0
        assert measure(["a"], {"a": 0}) == 0.0


def test_the_ceiling_counts_a_heading_word_only_when_asked() -> None:
    # "findings" answers the query through its heading alone; "other" shares no word at all
    texts = {"report": "The commission wrote its report in December.",
             "findings": "1) The persecution of national and foreign journalists;",
             "other": "Nothing here is about it."}
    query = Query("q1", "name", "Parlasur commission report",
                  {"report": 2, "findings": 1, "other": 1})
    c = Collection("t", "t", Path("."), list(texts), list(texts.values()), [query],
                   lambda hit: hit.slug,
                   contexts={"report": "", "findings": "The Parlasur Commission",
                             "other": "Elsewhere"})
    gains = [2, 1, 1]
    assert word_matching_ceiling(c) == pytest.approx(dcg([2]) / dcg(gains))
    assert word_matching_ceiling(c, context=True) == pytest.approx(dcg([2, 1]) / dcg(gains))
