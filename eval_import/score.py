"""The article-extraction benchmark's metric: F1 over word 4-gram multisets, averaged per page.

As ../shared/benchmarks/README.md states it: words are `\\w+`, lowercased; each page's shared,
extracted-only and true-only 4-grams (TP, FP, FN, counted as multisets) are divided by
TP+FP+FN so that long pages do not weigh more; precision and recall are averaged over all
pages (a page with nothing true and nothing extracted counts 1); F1 = 2PR/(P+R).
"""

import re
from collections import Counter
from dataclasses import dataclass

WORD = re.compile(r"\w+")
N = 4


@dataclass(frozen=True)
class PageScore:
    """One page's normalised shingle counts."""

    tp: float
    fp: float
    fn: float

    @property
    def precision(self) -> float:
        """Return the share of extracted shingles that are true (1 when both are empty)."""
        if self.fp == self.fn == 0:
            return 1.0
        return 0.0 if self.tp == self.fp == 0 else self.tp / (self.tp + self.fp)

    @property
    def recall(self) -> float:
        """Return the share of true shingles that were extracted (1 when both are empty)."""
        if self.fp == self.fn == 0:
            return 1.0
        return 0.0 if self.tp == self.fn == 0 else self.tp / (self.tp + self.fn)

    @property
    def f1(self) -> float:
        """Return the page's own F1, to rank the worst pages."""
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(frozen=True)
class Summary:
    """Precision and recall averaged over pages, and their F1."""

    precision: float
    recall: float

    @property
    def f1(self) -> float:
        """Return 2PR/(P+R) of the averages."""
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def shingles(text: str, n: int = N) -> Counter[tuple[str, ...]]:
    """Count the text's word n-grams (one shorter n-gram for a text of fewer than n words)."""
    words = [w.lower() for w in WORD.findall(text)]
    return Counter(tuple(words[i:i + n]) for i in range(max(1, len(words) - n + 1)) if words)


def score_page(true: str, extracted: str) -> PageScore:
    """Compare one page's extracted body with its true body."""
    want, got = shingles(true), shingles(extracted)
    tp = sum((want & got).values())
    fp = sum((got - want).values())
    fn = sum((want - got).values())
    total = tp + fp + fn
    return PageScore(tp / total, fp / total, fn / total) if total else PageScore(0, 0, 0)


def summarise(pages: list[PageScore], published: bool = False) -> Summary:
    """Average precision and recall over all the pages; `published` averages them as the
    benchmark's evaluate.py does (precision over pages where something was extracted, recall
    over pages with a true body)."""
    precisions = [p.precision for p in pages if not published or p.tp + p.fp > 0]
    recalls = [p.recall for p in pages if not published or p.tp + p.fn > 0]
    return Summary(sum(precisions) / max(1, len(precisions)), sum(recalls) / max(1, len(recalls)))
