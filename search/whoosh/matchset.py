"""The documents a query matches, as a mask over the document numbers, and ranking restricted
to a known set.

Whoosh walks a query's postings one document at a time in Python: an AND of four words steps
through every posting of every word (skip_to, id, next), which made counting the slowest part
of a search. Here a term's postings are read a whole block at a time (one unpickle per block
of up to 512 documents) into numpy arrays, a query's matches are a mask with a flag per
document, and AND, OR and NOT are numpy operations on masks; a phrase is the intersection of
its words' documents with their positions checked by Whoosh's own rule (SpanNear2, ordered,
each word 1 to `slop` positions after the one before), each distinct encoded position list
decoded once. Anything else is left to Whoosh's own matcher (the query builder makes no such
query). The answer is the same set of live documents: `tests/test_performance_matching.py`
checks it against Whoosh on every query shape, on one segment and on several with deletions.
One difference is deliberate: Whoosh's AND-NOT matcher (`coup -military`) wrongly keeps the
first document of the positive side when the negative side's postings start earlier (its
_find_first compares the current ids only, never skipping the negative side forward); the
sets here leave such a document out, and ranking within the set leaves it out too.

The blocks read are kept (`Postings`) for the scorer (search/whoosh/scoring.py). For a query it
cannot score, `Within` ranks only the known set: the query's matcher is intersected with a
matcher over the set that adds nothing to the scores, so a filtered search scores the
paragraphs that pass the filters, not every paragraph that contains the words.
"""

from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable
from itertools import accumulate, chain
from pickle import loads
from typing import Any

import numpy as np
from whoosh import formats, query
from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.matching import IntersectionMatcher, ListMatcher, Matcher, NullMatcher
from whoosh.matching.wrappers import FilterMatcher
from whoosh.query.qcore import _NullQuery
from whoosh.reading import IndexReader, TermNotFound
from whoosh.searching import Searcher
from whoosh.system import _INT_SIZE

from search.whoosh.arrays import Floats, Ints, Mask
from search.whoosh.schema import COUNTING_COPIES

Guard = Callable[[Iterable[int]], Iterable[int]]


Block = tuple[Searcher, int, Ints, Floats, list[Any]]  # leaf, offset, ids,
# weights, values (for a field with positions: each posting's encoded positions)


class Postings:
    """The posting lists one search has read, by term: each leaf's document numbers (deleted
    ones included), weights and values, read a whole block at a time and kept for the
    scorer and for phrases."""

    def __init__(self, searcher: Searcher) -> None:
        self.searcher = searcher
        self._read: dict[tuple[str, bytes, bool], list[Block]] = {}  # key: term, with values
        self._live: Mask | None = None

    def blocks(self, fieldname: str, text: Any, values: bool = False) -> list[Block]:
        """Return the term's postings in each leaf (empty for a term nowhere in the index);
        their values (positions) only if asked for, as only phrases need them: without them,
        from the field's copy without positions when the index has one."""
        schema = self.searcher.schema
        if fieldname not in schema:
            return []
        btext = schema[fieldname].to_bytes(text)
        found = self._read.get((fieldname, btext, True))  # a read with values serves both
        if found is None and not values:
            found = self._read.get((fieldname, btext, False))
        if found is None:
            source = fieldname if values else COUNTING_COPIES.get(fieldname, fieldname)
            if source not in schema:
                source = fieldname
            found = self._read[(fieldname, btext, values)] = [
                (leaf, offset, *_postings(leaf.reader(), source, btext, values))
                for leaf, offset in self.searcher.leaf_searchers()]
        return found

    def live(self) -> Mask:
        """Return the live documents (Whoosh's all_doc_ids asks about each one in Python)."""
        if self._live is None:
            self._live = np.ones(self.searcher.doc_count_all(), dtype=np.bool_)
            for leaf, offset in self.searcher.leaf_searchers():
                deleted = _deleted(leaf.reader())
                self._live[np.fromiter(deleted, dtype=np.int64, count=len(deleted)) + offset] \
                    = False
        return self._live

    def none(self) -> Mask:
        """Return a mask of no document."""
        return np.zeros(self.searcher.doc_count_all(), dtype=np.bool_)


def matches(searcher: Searcher, q: query.Query, guard: Guard = iter,
            postings: Postings | None = None) -> Mask:
    """Return a mask of the live documents that `q` matches.

    `guard` wraps the document-at-a-time loops left to Whoosh (a time limit checks there);
    `postings` keeps what was read, for the scorer.
    """
    return _docs(postings or Postings(searcher), q, guard)


def plain(q: query.Query) -> bool:
    """Say whether Whoosh's own matcher for `q` matches exactly what `matches` gives: any
    query without a NOT (its AND-NOT matcher does not: see the module notes)."""
    if isinstance(q, query.Not | query.AndNot):
        return False
    return all(map(plain, q.children()))


def by_sets(q: query.Query) -> bool:
    """Say whether `matches` works out `q` from posting blocks alone, without Whoosh's
    matchers: words, prefixes, phrases and any AND, OR, NOT of them."""
    if isinstance(q, _NullQuery | query.Term | query.MultiTerm):
        return True
    if isinstance(q, query.Phrase):
        return bool(q.words)
    if isinstance(q, query.Every):
        return not q.fieldname
    if isinstance(q, query.Or) and q.minmatch:
        return False
    if isinstance(q, query.And | query.Require | query.Or | query.DisjunctionMax
                  | query.AndNot | query.AndMaybe | query.Not | query.ConstantScoreQuery):
        return all(map(by_sets, q.children()))
    return False


def _docs(postings: Postings, q: query.Query, guard: Guard) -> Mask:
    searcher = postings.searcher
    if isinstance(q, _NullQuery):
        return postings.none()
    if isinstance(q, query.Term):
        return _terms(postings, q.fieldname, [q.text])
    if isinstance(q, query.MultiTerm):  # prefixes, wildcards, variations: a union of terms
        return _terms(postings, q.fieldname, list(q._btexts(searcher.reader())))
    if isinstance(q, query.Every) and not q.fieldname:
        return postings.live()
    if isinstance(q, query.Phrase) and _positional(searcher, q):
        return _phrase(postings, q, guard)
    if isinstance(q, query.And | query.Require):
        parts = [_docs(postings, c, guard) for c in q.children()]
        return np.logical_and.reduce(parts) if parts else postings.none()
    if isinstance(q, query.Or) and not q.minmatch or isinstance(q, query.DisjunctionMax):
        parts = [_docs(postings, c, guard) for c in q.children()]
        return np.logical_or.reduce(parts) if parts else postings.none()
    if isinstance(q, query.AndNot):
        return _docs(postings, q.a, guard) & ~_docs(postings, q.b, guard)
    if isinstance(q, query.AndMaybe):
        return _docs(postings, q.a, guard)
    if isinstance(q, query.Not):
        return postings.live() & ~_docs(postings, q.query, guard)
    if isinstance(q, query.ConstantScoreQuery):
        return _docs(postings, q.child, guard)
    found = postings.none()  # anything else: Whoosh's own matcher
    found[np.fromiter(guard(q.docs(searcher)), dtype=np.int64)] = True
    return found


def _positional(searcher: Searcher, q: query.Phrase) -> bool:
    """Say whether a phrase can be matched from positions (else Whoosh raises its error)."""
    field = searcher.schema[q.fieldname] if q.fieldname in searcher.schema else None
    return bool(q.words) and field is not None and bool(field.format) \
        and field.format.supports("positions")


def _phrase(postings: Postings, q: query.Phrase, guard: Guard) -> Mask:
    """Return the live documents where the phrase's words follow each other, each within
    `slop` positions after the one before: Whoosh's SpanNear2(ordered, mindist=1) rule.
    The guard (a time limit) checks the decoding and the checking, which take the time."""
    searcher = postings.searcher
    decode = _position_decoder(searcher.schema[q.fieldname].format)
    found = postings.none()
    try:
        words = [postings.blocks(q.fieldname, w, values=True) for w in q.words]
    except ValueError:  # a word the field cannot encode matches nothing, as in Whoosh
        return found
    if any(not blocks for blocks in words):
        return found
    live = postings.live()
    for n, (_, offset) in enumerate(searcher.leaf_searchers()):
        candidates = words[0][n][2]
        for blocks in words[1:]:
            candidates = np.intersect1d(candidates, blocks[n][2], assume_unique=True)
        candidates = candidates[live[candidates + offset]]
        # each word's values at the candidates (its ids are sorted and unique)
        at = [[blocks[n][4][i] for i in np.searchsorted(blocks[n][2], candidates).tolist()]
              for blocks in words]
        # the same encoded positions recur (a word once, at the same place in a paragraph),
        # so each distinct value is decoded once, and each distinct combination checked once
        values = list(set(chain.from_iterable(at)))
        decoded = {values[i]: decode(values[i]) for i in guard(range(len(values)))}
        combos = list(zip(*at, strict=True))
        distinct = list(set(combos))
        verdict = {distinct[i]: _follows([decoded[v] for v in distinct[i]], q.slop)
                   for i in guard(range(len(distinct)))}
        hit = np.fromiter(map(verdict.__getitem__, combos), dtype=np.bool_, count=len(combos))
        found[candidates[hit] + offset] = True
    return found


def _position_decoder(fmt: formats.Format) -> Callable[[bytes], list[int]]:
    """Return the format's decode_positions; for Whoosh's Positions format, the same
    decoding with the running sum taken in C (it is most of a phrase search's time)."""
    if type(fmt) is not formats.Positions:
        return fmt.decode_positions  # type: ignore[no-any-return]

    def decode(value: bytes) -> list[int]:
        # as Positions.decode_positions: a count, then the pickled differences, whose final
        # STOP byte may have been dropped when the block was stored (a second one is ignored)
        return list(accumulate(loads(value[_INT_SIZE:] + b".")))

    return decode


def _follows(positions: list[list[int]], slop: int) -> bool:
    """Say whether some position of each word comes 1 to `slop` positions after a chosen
    position of the word before."""
    ends = set(positions[0])
    for later in positions[1:]:
        if slop == 1:
            ends = ends.intersection(p - 1 for p in later)
            ends = {e + 1 for e in ends}
        else:
            ends = {p for p in later if any(p - slop <= e < p for e in ends)}
        if not ends:
            return False
    return True


def _deleted(reader: IndexReader) -> frozenset[int]:
    """Return a segment's deleted document numbers (its own numbering)."""
    return reader.deleted_docs_set if reader.has_deletions() else frozenset()


def _terms(postings: Postings, fieldname: str, texts: Iterable[Any]) -> Mask:
    """Return the live documents that contain any of the terms."""
    found = postings.none()
    for text in texts:
        for _, offset, ids, _, _ in postings.blocks(fieldname, text):
            found[ids + offset] = True
    return found & postings.live()


def _postings(reader: IndexReader, fieldname: str, btext: bytes, with_values: bool
              ) -> tuple[Ints, Floats, list[Any]]:
    """Return the segment's document numbers, weights and (if asked for) values of one term's
    postings, deleted documents included."""
    try:
        matcher = reader.postings(fieldname, btext)
    except TermNotFound:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float64), []
    if isinstance(matcher, FilterMatcher):  # the segment's deletions, removed by the caller
        matcher = matcher.child
    ids: list[int] = []
    weights: list[float] = []
    values: list[Any] = []
    if not isinstance(matcher, W3LeafMatcher):  # short posting lists are stored inline
        while matcher.is_active():
            ids.append(matcher.id())
            weights.append(matcher.weight())
            values.append(matcher.value())
            matcher.next()
    while isinstance(matcher, W3LeafMatcher) and matcher.is_active():  # a block at a time
        if matcher._data is None:
            matcher._read_data()
        block, block_weights = matcher._data[0], matcher._data[1]
        size = len(ids)
        ids.extend(block if matcher._byteids else accumulate(block))  # stored as differences
        if block_weights is None or isinstance(block_weights, float):
            # as Whoosh's _read_weights: one weight for the block, kept as a 32-bit float
            one = array("f", [1.0 if block_weights is None else block_weights])[0]
            weights.extend([one] * (len(ids) - size))
        else:
            weights.extend(block_weights)
        if with_values:
            matcher._read_values()
            values.extend(matcher._values)
        matcher._next_block()
    return (np.fromiter(ids, dtype=np.int64, count=len(ids)),
            np.fromiter(weights, dtype=np.float64, count=len(weights)), values)


class _Zero(ListMatcher):  # type: ignore[misc]
    """A matcher over a sorted list of document numbers that adds 0.0 to any score."""

    def score(self) -> float:
        return 0.0

    def weight(self) -> float:
        return 0.0

    def supports_block_quality(self) -> bool:
        return False

    def max_quality(self) -> float:
        return 0.0

    def block_quality(self) -> float:
        return 0.0

    def replace(self, minquality: float = 0) -> Matcher:
        return self if self.is_active() else NullMatcher()


class Within(query.WrappingQuery):  # type: ignore[misc]
    """`child`, restricted to the given top-level document numbers, with the child's scores."""

    def __init__(self, child: query.Query, docs: Iterable[int]) -> None:
        super().__init__(child)
        self.docs = sorted(docs)

    def _rewrap(self, child: query.Query) -> "Within":
        return Within(child, self.docs)

    def matcher(self, searcher: Searcher, context: Any = None) -> Matcher:
        offset = _offset(searcher)
        lo = bisect_left(self.docs, offset)
        hi = bisect_right(self.docs, offset + searcher.reader().doc_count_all() - 1)
        inner = self.child.matcher(searcher, context)
        if lo == hi or not inner.is_active():
            return NullMatcher()
        return IntersectionMatcher(inner, _Zero([d - offset for d in self.docs[lo:hi]]))


def _offset(searcher: Searcher) -> int:
    """Return the first top-level document number of a (leaf) searcher."""
    parent = searcher.get_parent()
    for leaf, offset in parent.leaf_searchers():
        if leaf is searcher:
            return int(offset)
    return 0
