"""Ranking measures over one query's ranked document keys and its graded judgments.

A judgment maps a document key to a grade: 2 answers the query, 1 is related, absent is 0.
Only the first K results count; each measure is 0 for a query with nothing judged relevant.
"""

import math
from collections.abc import Mapping, Sequence

K = 10


def dcg(grades: Sequence[int], k: int = K) -> float:
    """Return the discounted cumulative gain of grades in rank order (gain = grade, log2)."""
    return sum(grade / math.log2(rank + 2) for rank, grade in enumerate(grades[:k]))


def ndcg(ranked: Sequence[str], judged: Mapping[str, int], k: int = K) -> float:
    """Return nDCG@k, the ideal ranking made from every judged document."""
    ideal = dcg(sorted(judged.values(), reverse=True), k)
    if ideal <= 0:
        return 0.0
    return dcg([judged.get(key, 0) for key in ranked], k) / ideal


def recall(ranked: Sequence[str], judged: Mapping[str, int], k: int = K) -> float:
    """Return the share of the relevant documents (grade >= 1) found in the first k."""
    relevant = {key for key, grade in judged.items() if grade >= 1}
    if not relevant:
        return 0.0
    return len(relevant & set(ranked[:k])) / len(relevant)


def reciprocal_rank(ranked: Sequence[str], judged: Mapping[str, int], k: int = K) -> float:
    """Return 1 / the rank of the first relevant result in the first k, or 0."""
    for rank, key in enumerate(ranked[:k], start=1):
        if judged.get(key, 0) >= 1:
            return 1.0 / rank
    return 0.0


MEASURES = {"ndcg@10": ndcg, "recall@10": recall, "mrr": reciprocal_rank}
