"""The ranking formula: BM25 over the paragraph text, its statistics from Whoosh.

Whoosh's BM25F takes its idf from WeightingModel, log(N / (df + 1)) + 1, which never falls
below 1: a word in every paragraph weighs as much as a rare one does in a third of them, and a
question's common words ("what", "information", "system") outweigh its one telling word. The
probabilistic idf of BM25 (Robertson and Sparck Jones, as Lucene and bm25s use it) goes to 0
for such words. Whoosh's own scorer and search/whoosh/scoring.py both call this idf (through
Searcher.idf), so they still give the same scores.
"""

from math import log
from typing import Any

import numpy as np
from whoosh import query, scoring
from whoosh.searching import Searcher

from search.whoosh.arrays import Ints
from search.whoosh.languages import every_stop_term
from search.whoosh.names import Name
from search.whoosh.proximity import CANDIDATES, rerank
from search.whoosh.scoring import Scored, best

_STOP = every_stop_term()  # never counted for closeness, in any language


class Ranking(scoring.BM25F):  # type: ignore[misc]
    """BM25F with BM25's probabilistic idf."""

    def idf(self, searcher: Any, fieldname: str, text: bytes) -> float:
        """Return log(1 + (N - df + 0.5) / (df + 0.5)) over the whole index."""
        parent = searcher.get_parent()
        df = parent.doc_frequency(fieldname, text)
        docs = parent.doc_count_all()
        return log(1 + (docs - df + 0.5) / (df + 0.5))


def weighting() -> Ranking:
    """Return the ranking formula (B and K1 as Whoosh's defaults: others tried on CISI moved
    nDCG@10 by less than 0.01, see docs/relevance.md)."""
    return Ranking(B=0.75, K1=1.2)


# BM25F over the paragraph and its context: a query word in the paragraph's section heading or
# in its article's title adds to the paragraph's score (never to what it matches).
SECTION_WEIGHT = 0.3
TITLE_WEIGHT = 0.2
# A paragraph shorter than SHORT words (a slogan, a list fragment: shorter than a sentence
# of press prose, about 20 words) has its score scaled by (length / SHORT) ** SHORT_POWER:
# BM25's length normalisation alone hands them the top. (At 12 words, a 10-word list item
# that says "coup" once still ranked first for `coup` on the seed corpus; CISI and the seed
# judgments score the same at 12 and 20, the Spanish ones the same.)
SHORT = 20
SHORT_POWER = 0.5


def _in_context(q: query.Term) -> query.Or:
    """Return a text word or the same word in the section and title fields (lower weights)."""
    context = [query.Term("section", q.text, boost=SECTION_WEIGHT),
               query.Term("title", q.text, boost=TITLE_WEIGHT)]
    return query.Or([q, *[c for c in context if c.boost > 0]])


def in_context(q: query.Query) -> query.Query:
    """Return `q` with each text word also matched in the paragraph's section heading or its
    article's title: what the some-words matches are found by, so that a paragraph under
    "The Parlasur Commission" is one of the matches of `Parlasur commission report` (BM25F
    over the fields; the all-words matches hold every word in their own text). A word after
    NOT still leaves out only the paragraphs that hold it."""
    if isinstance(q, query.Term) and q.fieldname == "text":
        return _in_context(q)
    if isinstance(q, query.AndNot):
        return query.AndNot(in_context(q.a), q.b)
    if isinstance(q, query.And | query.Or) and not isinstance(q, Name):  # names: in the text
        return q.apply(in_context)  # the same kind of query (its languages, its word~N)
    return q


def ranking_query(q: query.Query) -> query.Query:
    """Return the query to score the matches of `q` by: each text word also in the section
    and title fields (lower weights), as one sum (every match already matches `q`)."""
    if isinstance(q, query.Term) and q.fieldname == "text":
        return _in_context(q)
    if isinstance(q, Name):  # its words each counted once, those the paragraph holds
        return ranking_query(q.full)
    if isinstance(q, query.AndNot):
        return ranking_query(q.a)
    if isinstance(q, query.And | query.Or) and not isinstance(q, query.AndNot):
        kept = [ranking_query(c) for c in q.children() if not isinstance(c, query.Not)]
        return query.Or(kept, boost=q.boost) if kept else q  # a NOT scores nothing
    return q


def length_prior(scored: Scored, lengths: Ints) -> Scored:
    """Scale the scores of paragraphs shorter than SHORT words (lengths: per document)."""
    ids, values = scored
    if SHORT <= 1 or not len(ids):
        return scored
    scale = np.minimum(lengths[ids] / SHORT, 1.0) ** SHORT_POWER
    return ids, values * scale


def final_order(searcher: Searcher, scored: Scored, lengths: Ints, q: query.Query | None,
                limit: int | None, within: set[int] | None = None) -> list[tuple[int, float]]:
    """Return (docnum, score) of the best `limit` (None: all) of the scored matches (or of
    those `within`): short paragraphs scaled down, then the first candidates looked at again
    for the query's words standing close (search/whoosh/proximity.py)."""
    scored = length_prior(scored, lengths)
    top = best(scored, None if limit is None else max(limit, CANDIDATES), within)
    return rerank(searcher, top, q, _STOP)[:limit]
