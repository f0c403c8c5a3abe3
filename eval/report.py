"""Write docs/relevance.json (one record per collection, system and measure) and
docs/relevance.md (a table per collection, how it was run, press-search's worst seed and
Spanish queries)."""

import json
from pathlib import Path
from typing import Any

from eval.ceiling import word_matching_ceiling
from eval.loaders import Collection
from eval.model import Ranking
from eval.runs import SYSTEMS, SystemRun

LABELS = {"ndcg@10": "nDCG@10", "recall@10": "recall@10", "mrr": "MRR"}
WORST = 10
JUDGED = ("seed", "spanish")  # the collections of judged paragraphs, with kinds of query
SHOWN_HITS = 3

HOW = """\
## How it was run

`make eval` (`python -m eval.run`; `EVAL_COLLECTIONS=seed`, `=cisi` or `=spanish` runs one
collection).

- **press-search**: `press-search index --corpus TMP/corpus --index TMP/index --full`, then
  `press-search serve` on a free loopback port, and each query sent over HTTP to
  `/api/search?q=…&per_page=10` *exactly as written*: the query's text with its whitespace
  collapsed to single spaces, nothing else removed or added (punctuation, quotes, hyphens and
  question marks stay). An error answer (such as a 400) counts as no result.
- **tantivy**: an in-memory index, one `text` field with tantivy's `en_stem` tokenizer (for
  the Spanish collection, the same pipeline with tantivy's Spanish Snowball stemmer,
  `Filter.stemmer("spanish")`, registered as `es_stem`; no stop words, no accent folding, as
  `en_stem`); each query becomes its words (`\\w+`, lowercased so that none reads as an
  operator) joined by spaces, any of which may match (the query parser's default
  disjunction), BM25.
- **bm25s**: PyStemmer's English stemmer, English stop words (Spanish collection: PyStemmer's
  Spanish stemmer, bm25s's Spanish stop words), default BM25 (Lucene variant, k1 = 1.5,
  b = 0.75); results with a zero score are dropped.
- **Same texts**: a CISI document is one paragraph, its title followed by its abstract (the
  `.A` authors are metadata, `.X` links are ignored); the seed collection's documents are the
  corpus's paragraphs (blank-line-separated blocks, `#` headings excluded, list items apart).
  A press-search hit is mapped back by its article's slug (CISI) or its text (seed, Spanish).
- **Spanish**: five short news articles on the 2019 Bolivian crisis written in Spanish for the
  harness (`eval/spanish/`, `language: es`; facts from the seed articles, sentences our own),
  and queries judged by reading them (`eval/spanish_judgments.json`, named as the seed
  judgments are): names, accents typed or not (`Anez`, `auditoria`), inflections (`renunció`
  for *renuncia*, `masacre` for *masacres*, `quemaron` for *quemada*), phrases, questions with
  `¿?`, hyphenated and compound words.
- **Measures**, over the first 10 results, each document counted once at its first place,
  averaged over the judged queries: nDCG@10 (gain = grade, log2 discount, the ideal ranking
  made of every judged document), recall@10 (judged ≥ 1 found / judged ≥ 1), MRR (1 / rank of
  the first result judged ≥ 1, 0 when none is in the first 10).
"""


def records(runs: list[SystemRun], meta: dict[str, str]) -> list[dict[str, Any]]:
    """Return one record per collection, system and measure (and the query counts)."""
    out: list[dict[str, Any]] = []
    for run in runs:
        values: dict[str, float] = {m: round(run.mean(m), 4) for m in LABELS}
        values.update(queries=len(run.scores), errors=run.errors, empty=run.empty)
        out += [{"collection": run.collection, "system": run.system, "measure": m, "value": v,
                 **meta} for m, v in values.items()]
    return out


def table(runs: list[SystemRun]) -> list[str]:
    """Return a Markdown table of one collection's measures, a column per system."""
    by = {run.system: run for run in runs}
    systems = [s for s in SYSTEMS if s in by]
    lines = ["| measure | " + " | ".join(systems) + " |",
             "|---|" + "---:|" * len(systems)]
    for measure, label in LABELS.items():
        lines.append(f"| {label} | " + " | ".join(f"{by[s].mean(measure):.3f}"
                                                  for s in systems) + " |")
    for label, count in (("queries answered with an error", "errors"),
                         ("queries with no result", "empty")):
        lines.append(f"| {label} | " + " | ".join(
            f"{getattr(by[s], count)} of {len(by[s].scores)}" for s in systems) + " |")
    return lines


def by_kind(c: Collection, runs: list[SystemRun]) -> list[str]:
    """Return a table of nDCG@10 for each kind of seed query, a column per system."""
    kinds = sorted({q.kind for q in c.queries})
    lines = ["| kind of query (queries) | " + " | ".join(r.system for r in runs) + " |",
             "|---|" + "---:|" * len(runs)]
    for kind in kinds:
        ids = [q.qid for q in c.queries if q.kind == kind]
        cells = [f"{sum(r.scores[i]['ndcg@10'] for i in ids) / len(ids):.3f}" for r in runs]
        lines.append(f"| {kind} ({len(ids)}) | " + " | ".join(cells) + " |")
    return lines


def worst(c: Collection, run: SystemRun) -> list[str]:
    """Describe the run's worst queries by nDCG@10 and what they returned."""
    lines = []
    ranked = sorted(c.queries, key=lambda q: (run.scores[q.qid]["ndcg@10"], q.qid))
    for q in ranked[:WORST]:
        answer = run.rankings[q.qid]
        lines.append(f"- `{_cut(q.text, 90)}` ({q.kind}, {q.qid}): nDCG@10 "
                     f"{run.scores[q.qid]['ndcg@10']:.3f}; " + _returned(q.judged, answer))
    return lines


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[:width - 1] + "…"


def _returned(judged: dict[str, int], answer: Ranking) -> str:
    if answer.error:
        return f"error {answer.error}"
    if not answer.keys:
        return "no result"
    shown = [f"[{judged.get(k, 0)}] {_cut(t, 70)}" for k, t in
             zip(answer.keys[:SHOWN_HITS], answer.texts[:SHOWN_HITS], strict=True)]
    return f"{len(answer.keys)} results, first: " + " / ".join(shown)


def markdown(collections: list[Collection], runs: list[SystemRun], meta: dict[str, str],
             skipped: list[str]) -> str:
    """Return docs/relevance.md."""
    lines = ["# Relevance", "",
             f"Measured by `make eval` on {meta['date']}, commit {meta['commit']}, in "
             f"{meta['seconds']} s: press-search as served (over HTTP) beside tantivy and bm25s "
             "on the same texts and queries. Higher is better; each figure is a mean over the "
             "judged queries.", ""]
    lines += [f"- Not measured: {note}" for note in skipped] + ([""] if skipped else [])
    for c in collections:
        mine = [r for r in runs if r.collection == c.name]
        lines += [f"## {c.title}", "", *table(mine), "",
                  f"Word-matching ceiling: nDCG@10 {word_matching_ceiling(c):.3f}, the best any "
                  "ranking can reach with the judged documents that share a word with their "
                  "query (accents folded, stemmed, stop words left out, typos not "
                  "corrected); the others hold none of the query's words (eval/ceiling.py). "
                  f"Counting a document's section heading and article title as its words, "
                  f"as press-search's some-words matches do: "
                  f"{word_matching_ceiling(c, context=True):.3f}.",
                  ""]
        if c.name in JUDGED:
            lines += ["nDCG@10 by kind of query:", "", *by_kind(c, mine), ""]
    lines.append(HOW)
    for c in collections:
        press = [r for r in runs if r.collection == c.name and r.system == "press-search"]
        if c.name in JUDGED and press:
            lines += [f"## press-search: the {WORST} worst {c.name} queries", "",
                      "By nDCG@10, with what came back ([grade] text of the first results).",
                      "", *worst(c, press[0]), ""]
    return "\n".join(lines).rstrip() + "\n"


def write_report(docs: Path, collections: list[Collection], runs: list[SystemRun],
                 meta: dict[str, str], skipped: list[str]) -> None:
    """Write docs/relevance.json and docs/relevance.md."""
    stamp = {"commit": meta["commit"], "date": meta["date"]}
    (docs / "relevance.json").write_text(json.dumps(records(runs, stamp), indent=1) + "\n",
                                         encoding="utf-8")
    (docs / "relevance.md").write_text(markdown(collections, runs, meta, skipped),
                                       encoding="utf-8")
