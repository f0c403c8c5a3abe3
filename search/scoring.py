"""BM25F scores worked out from whole posting blocks: Whoosh's scores, without its matchers.

Whoosh scores a match by walking its matcher tree one document at a time in Python (next,
id, weight, the field length from a column, the formula): about 7 µs a document, so ranking a
word found in 28,000 paragraphs took most of a search. The counting pass (search/matchset.py)
has already read every posting block of the query's words; here the same blocks give each
word's weights, the field lengths come from one read of the length column per segment and
generation, and the formula is Whoosh's own `bm25` with the searcher's idf, average length,
B and K1. Words, AND, OR and AND-NOT are scored this way (the sum of the words' scores, times
any boosts, as Whoosh's matchers add them); anything else is left to Whoosh's matchers.

Sums may be added in another order than Whoosh's matcher tree: the scores can then differ in
the last bits of a float (the tests allow 1e-12 relative), never in the order of the results
beyond such ties.
"""

from collections.abc import Callable
from typing import Any

from whoosh import query, scoring
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield
from whoosh.reading import IndexReader
from whoosh.searching import Searcher
from whoosh.util.numeric import byte_to_length

from search.budget import CHECK_EVERY, Budget
from search.matchset import Postings

Lengths = Callable[[IndexReader, str], list[int]]
_LENGTH_OF_BYTE = [byte_to_length(b) for b in range(256)]


def scorable(searcher: Searcher, q: query.Query) -> bool:
    """Say whether `scores` can score `q` (else Whoosh's matchers must)."""
    weighting = searcher.weighting
    if type(weighting) is not scoring.BM25F:
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


def scores(searcher: Searcher, q: query.Query, docs: set[int], postings: Postings,
           lengths: Lengths, budget: Budget) -> dict[int, float] | None:
    """Return the score Whoosh would give each of `docs` (documents `q` matches), or None if
    the budget ran out first (the first CHECK_EVERY postings of each word are always scored)."""
    try:
        return _scores(searcher, q, docs, postings, lengths, budget)
    except _OutOfTime:
        return None


def _scores(searcher: Searcher, q: query.Query, docs: set[int], postings: Postings,
            lengths: Lengths, budget: Budget) -> dict[int, float]:
    """Return {doc: score} for the documents of `docs` that `q` matches."""
    if isinstance(q, query.Term):
        found = _term(searcher, q, docs, postings, lengths, budget)
    elif isinstance(q, query.AndNot):
        found = _scores(searcher, q.a, docs, postings, lengths, budget)
    elif isinstance(q, query.Phrase):
        words = query.And([query.Term(q.fieldname, w) for w in q.words])
        found = _scores(searcher, words, docs, postings, lengths, budget)
    else:  # And, Or: each document's sum over the children that match it
        parts = [_scores(searcher, c, docs, postings, lengths, budget) for c in q.children()]
        found = {}
        for part in parts:
            for doc, score in part.items():
                found[doc] = found[doc] + score if doc in found else score
        if isinstance(q, query.And):
            found = {d: s for d, s in found.items() if all(d in part for part in parts)}
    if q.boost != 1.0:
        found = {d: s * q.boost for d, s in found.items()}
    return found


def _term(searcher: Searcher, q: query.Term, docs: set[int], postings: Postings,
          lengths: Lengths, budget: Budget) -> dict[int, float]:
    """Score one word in each document of `docs` that contains it."""
    field = q.fieldname
    btext = searcher.schema[field].to_bytes(q.text)
    weighting: Any = searcher.weighting
    idf = searcher.idf(field, btext)
    avgfl = searcher.avg_field_length(field) or 1
    b, k1 = weighting._field_B.get(field, weighting.B), weighting.K1
    found: dict[int, float] = {}
    for leaf, offset, ids, weights, _ in postings.blocks(field, btext):
        fl = lengths(leaf.reader(), field)
        for start in range(0, len(ids), CHECK_EVERY):
            if start and budget.expired():
                raise _OutOfTime
            stop = start + CHECK_EVERY
            # whoosh.scoring.bm25(idf, tf, fl, avgfl, B, K1), written out: the same operations
            # in the same order, so the same floats, without a call per posting
            found.update(
                (doc + offset, idf * ((w * (k1 + 1)) / (w + k1 * ((1 - b) + b * fl[doc] / avgfl))))
                for doc, w in zip(ids[start:stop], weights[start:stop], strict=True)
                if doc + offset in docs)
    return found


def field_lengths(reader: IndexReader, field: str) -> list[int]:
    """Return the length of `field` in each document of a segment, as Whoosh's
    doc_field_length(docnum, field, 1) gives it, read in one piece from the length column."""
    count = reader.doc_count_all()
    perdoc = getattr(reader, "_perdoc", None)
    column = perdoc._cached_reader(_lenfield(field), LENGTHS_COLUMN) if perdoc else None
    if column is None or getattr(column, "_fixedlen", None) != 1:
        return [reader.doc_field_length(d, field, 1) for d in range(count)]
    raw = column._dbfile.get(column._basepos, column._count) + bytes(count - column._count)
    return [_LENGTH_OF_BYTE[b] if b else 1 for b in raw]
