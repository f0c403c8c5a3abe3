"""BM25F scores worked out from whole posting blocks: Whoosh's scores, without its matchers.

Whoosh scores a match by walking its matcher tree one document at a time in Python (next,
id, weight, the field length from a column, the formula): about 7 µs a document, so ranking a
word found in 28,000 paragraphs took most of a search. The counting pass (search/whoosh/matchset.py)
has already read every posting block of the query's words; here the same blocks give each
word's weights, the field lengths come from one read of the length column per segment and
generation, and the formula is Whoosh's own `bm25` with the searcher's idf, average length,
B and K1, applied by numpy to a whole segment's postings of a word at once (the same
double-precision operations in the same order, so the same floats). Words, AND, OR and
AND-NOT are scored this way (the sum of the words' scores, times any boosts, as Whoosh's
matchers add them); anything else is left to Whoosh's matchers.

Sums may be added in another order than Whoosh's matcher tree: the scores can then differ in
the last bits of a float (the tests allow 1e-12 relative), never in the order of the results
beyond such ties.
"""

from collections.abc import Callable
from typing import Any

import numpy as np
from whoosh import query, scoring
from whoosh.reading import IndexReader
from whoosh.searching import Searcher

from search.whoosh.arrays import Floats, Ints, Mask
from search.whoosh.budget import Budget
from search.whoosh.matchset import Postings
from search.whoosh.patches import LENGTH_OF_BYTE, length_bytes

Scored = tuple[Ints, Floats]  # documents, in ascending order, and scores
LengthsOf = Callable[[IndexReader, str], Ints]  # a segment's field lengths per document


def scorable(searcher: Searcher, q: query.Query) -> bool:
    """Say whether `scores` can score `q` (else Whoosh's matchers must)."""
    weighting = searcher.weighting
    if not isinstance(weighting, scoring.BM25F):
        return False
    return _shape(searcher, q)


def _shape(searcher: Searcher, q: query.Query) -> bool:
    if isinstance(q, query.Term):
        return q.fieldname in searcher.schema and searcher.schema[q.fieldname].scorable \
            and not q.minquality
    if isinstance(q, query.Or):
        return not q.minmatch and not q.scale and all(_shape(searcher, c) for c in q.children())
    if isinstance(q, query.And):
        return all(_shape(searcher, c) for c in q.children())
    if isinstance(q, query.AndNot):
        return _shape(searcher, q.a)
    if isinstance(q, query.Phrase):  # scored as Whoosh does: the sum of its words' scores
        return bool(q.words) and _shape(searcher, query.Term(q.fieldname, q.words[0]))
    return False


class _OutOfTime(Exception):
    pass


def scores(searcher: Searcher, q: query.Query, wanted: Mask, postings: Postings,
           lengths: LengthsOf, budget: Budget) -> Scored | None:
    """Return the score Whoosh would give each `wanted` document (all of them match `q`), or
    None if the budget ran out first (checked before each word's postings in each segment)."""
    try:
        return _scores(searcher, q, wanted, postings, lengths, budget)
    except _OutOfTime:
        return None


def best(scored: Scored, limit: int | None, within: set[int] | None = None
         ) -> list[tuple[int, float]]:
    """Return (document, score) of the best `limit` (None: all) of the scored documents (or of
    those `within`), the best score first, then the lowest document number, as Whoosh
    orders them."""
    ids, values = scored
    if within is not None:
        keep = np.isin(ids, np.fromiter(within, dtype=np.int64, count=len(within)))
        ids, values = ids[keep], values[keep]
    candidates = np.arange(len(ids))
    if limit is not None and limit < len(ids):  # all that tie with the limit-th best, too
        cut = np.partition(values, len(ids) - limit)[len(ids) - limit]
        candidates = np.flatnonzero(values >= cut)
    order = candidates[np.lexsort((ids[candidates], -values[candidates]))][:limit]
    return list(zip(ids[order].tolist(), values[order].tolist(), strict=True))


def _scores(searcher: Searcher, q: query.Query, wanted: Mask, postings: Postings,
            lengths: LengthsOf, budget: Budget) -> Scored:
    """Return the (document, score) of the documents in `wanted` that `q` matches."""
    if isinstance(q, query.Term):
        found = _term(searcher, q, wanted, postings, lengths, budget)
    elif isinstance(q, query.AndNot):
        found = _scores(searcher, q.a, wanted, postings, lengths, budget)
    elif isinstance(q, query.Phrase):
        words = query.And([query.Term(q.fieldname, w) for w in q.words])
        found = _scores(searcher, words, wanted, postings, lengths, budget)
    else:  # And, Or: each document's sum over the children that match it
        parts = [_scores(searcher, c, wanted, postings, lengths, budget) for c in q.children()]
        total = np.zeros(len(wanted), dtype=np.float64)
        matched = np.zeros(len(wanted), dtype=np.int64)
        for ids, values in parts:  # in the children's order: 0.0 + a + b is a + b
            total[ids] += values
            matched[ids] += 1
        keep = np.flatnonzero(matched == len(parts) if isinstance(q, query.And) else matched)
        found = (keep, total[keep])
    if q.boost != 1.0:
        found = (found[0], found[1] * q.boost)
    return found


def _term(searcher: Searcher, q: query.Term, wanted: Mask, postings: Postings,
          lengths: LengthsOf, budget: Budget) -> Scored:
    """Score one word in each document of `wanted` that contains it."""
    field = q.fieldname
    btext = searcher.schema[field].to_bytes(q.text)
    weighting: Any = searcher.weighting
    idf = searcher.idf(field, btext)
    avgfl = searcher.avg_field_length(field) or 1
    b, k1 = weighting._field_B.get(field, weighting.B), weighting.K1
    found_ids, found_values = [], []
    for leaf, offset, ids, weights, _ in postings.blocks(field, btext):
        if budget.expired():
            raise _OutOfTime
        keep = wanted[ids + offset]
        local, w = ids[keep], weights[keep]
        fl = lengths(leaf.reader(), field)[local]
        # whoosh.scoring.bm25(idf, tf, fl, avgfl, B, K1), written out: the same operations
        # in the same order on the same doubles, so the same floats, for a whole segment at once
        found_values.append(idf * ((w * (k1 + 1)) / (w + k1 * ((1 - b) + b * fl / avgfl))))
        found_ids.append(local + offset)
    if not found_ids:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float64)
    return np.concatenate(found_ids), np.concatenate(found_values)


_LENGTH_TABLE = np.array([LENGTH_OF_BYTE[b] if b else 1 for b in range(256)], dtype=np.int64)


def field_lengths(reader: IndexReader, field: str) -> Ints:
    """Return the length of `field` in each document of a segment, as Whoosh's
    doc_field_length(docnum, field, 1) gives it, read in one piece from the length column."""
    perdoc = getattr(reader, "_perdoc", None)
    raw = length_bytes(perdoc, field) if perdoc is not None else None
    if raw is None:
        return np.array([reader.doc_field_length(d, field, 1)
                         for d in range(reader.doc_count_all())], dtype=np.int64)
    return _LENGTH_TABLE[np.frombuffer(raw, dtype=np.uint8)]
