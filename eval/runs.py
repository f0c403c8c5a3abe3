"""Run each system on a collection's queries and score its rankings."""

import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from statistics import fmean

from eval.baselines import Bm25sBaseline, TantivyBaseline
from eval.loaders import Collection
from eval.metrics import MEASURES, K
from eval.model import Ranking
from eval.press import build_index, search, serve

SYSTEMS = ("press-search", "tantivy", "bm25s")


@dataclass(frozen=True)
class SystemRun:
    """One system's rankings on one collection, with each query's scores."""

    collection: str
    system: str
    rankings: dict[str, Ranking]
    scores: dict[str, dict[str, float]]
    seconds: float

    def mean(self, measure: str) -> float:
        """Return the measure averaged over the judged queries."""
        return fmean(s[measure] for s in self.scores.values())

    @property
    def errors(self) -> int:
        """Count the queries answered with an error."""
        return sum(r.error is not None for r in self.rankings.values())

    @property
    def empty(self) -> int:
        """Count the queries with no result (errors included)."""
        return sum(not r.keys for r in self.rankings.values())


def ranking(keys: list[str], texts: list[str], error: str | None = None) -> Ranking:
    """Make a ranking with each document once, at its first place."""
    text_of: dict[str, str] = {}
    for key, text in zip(keys, texts, strict=True):
        text_of.setdefault(key, text)
    return Ranking(list(text_of), list(text_of.values()), error)


def press_rankings(c: Collection, work: Path, depth: int = K) -> dict[str, Ranking]:
    """Index the collection's corpus, serve it, and send every query over HTTP (its first
    `depth` results)."""
    work.mkdir(parents=True, exist_ok=True)
    index = work / "index"
    build_index(c.corpus, index, work / "index.log")
    rankings = {}
    with serve(index, work / "serve.log") as base:
        for q in c.queries:
            answer = search(base, q.text, depth)
            rankings[q.qid] = ranking([c.hit_key(h) for h in answer.hits],
                                      [h.text for h in answer.hits], answer.error)
    return rankings


def baseline_rankings(c: Collection, search_top: Callable[[str, int], list[int]]
                      ) -> dict[str, Ranking]:
    """Ask a baseline every query; an exception is that query's error."""
    rankings = {}
    for q in c.queries:
        try:
            found = search_top(q.text, K)
        except Exception as exc:  # noqa: BLE001 - any failure is that query's error
            rankings[q.qid] = Ranking(error=f"{type(exc).__name__}: {exc}")
            continue
        rankings[q.qid] = ranking([c.keys[n] for n in found], [c.texts[n] for n in found])
    return rankings


def run_system(c: Collection, system: str, work: Path) -> SystemRun:
    """Run one system on the collection and score it."""
    print(f"eval: {c.name}: {system} ...", file=sys.stderr, flush=True)
    started = time.perf_counter()
    if system == "press-search":
        rankings = press_rankings(c, work / system)
    elif system == "tantivy":
        rankings = baseline_rankings(c, TantivyBaseline(c.texts, c.language).search)
    else:
        rankings = baseline_rankings(c, Bm25sBaseline(c.texts, c.language).search)
    scores = {q.qid: {name: measure(rankings[q.qid].keys, q.judged, K)
                      for name, measure in MEASURES.items()} for q in c.queries}
    return SystemRun(c.name, system, rankings, scores, time.perf_counter() - started)
