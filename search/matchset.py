"""The documents a query matches, as a set, and ranking restricted to a known set.

Whoosh walks a query's postings one document at a time in Python: an AND of four words steps
through every posting of every word (skip_to, id, next), which made counting the slowest part
of a search. Here terms, AND, OR and NOT become Python set operations over whole posting blocks
(one unpickle per block of up to 128 documents, C-speed set algebra); anything else (phrases,
field-less Every) is left to Whoosh's own matcher. The answer is the same set of live
documents: `tests/test_performance_equivalence.py` checks it against Whoosh on every query shape.
One difference is deliberate: Whoosh's AND-NOT matcher (`coup -military`) wrongly keeps the
first document of the positive side when the negative side's postings start earlier (its
_find_first compares the current ids only, never skipping the negative side forward); the
sets here leave such a document out, and ranking within the set leaves it out too.

Once the matching set is known, `Within` ranks only those documents: the query's matcher is
intersected with a matcher over the set that adds nothing to the scores, so a filtered search
scores the paragraphs that pass the filters, not every paragraph that contains the words.
"""

from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable
from itertools import accumulate
from typing import Any

from whoosh import query
from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.matching import IntersectionMatcher, ListMatcher, Matcher, NullMatcher
from whoosh.matching.wrappers import FilterMatcher
from whoosh.query.qcore import _NullQuery
from whoosh.reading import IndexReader, TermNotFound
from whoosh.searching import Searcher

Guard = Callable[[Iterable[int]], Iterable[int]]


Block = tuple[Searcher, int, list[int], list[float]]  # leaf, its offset, ids, weights


class Postings:
    """The posting lists one search has read, by term: each leaf's document numbers (deleted
    ones included) and weights, read a whole block at a time and kept for the scorer."""

    def __init__(self, searcher: Searcher) -> None:
        self.searcher = searcher
        self._read: dict[tuple[str, bytes], list[Block]] = {}

    def blocks(self, fieldname: str, text: Any) -> list[Block]:
        """Return the term's postings in each leaf (empty for a term nowhere in the index)."""
        schema = self.searcher.schema
        if fieldname not in schema:
            return []
        btext = schema[fieldname].to_bytes(text)
        key = (fieldname, btext)
        if key not in self._read:
            self._read[key] = [(leaf, offset, *_postings(leaf.reader(), fieldname, btext))
                               for leaf, offset in self.searcher.leaf_searchers()]
        return self._read[key]


def matching(searcher: Searcher, q: query.Query, guard: Guard = iter,
             postings: Postings | None = None) -> set[int]:
    """Return the (top-level) numbers of the live documents that `q` matches.

    `guard` wraps the document-at-a-time loops left to Whoosh (a time limit checks there);
    `postings` keeps what was read, for the scorer.
    """
    return _docs(postings or Postings(searcher), q, guard)


def plain(q: query.Query) -> bool:
    """Say whether Whoosh's own matcher for `q` matches exactly what `matching` gives: any
    query without a NOT (its AND-NOT matcher does not: see the module notes)."""
    if isinstance(q, query.Not | query.AndNot):
        return False
    return all(map(plain, q.children()))


def by_sets(q: query.Query) -> bool:
    """Say whether `matching` works out `q` by set algebra alone (no phrase in it)."""
    if isinstance(q, _NullQuery | query.Term | query.MultiTerm):
        return True
    if isinstance(q, query.Every):
        return not q.fieldname
    if isinstance(q, query.Or) and q.minmatch:
        return False
    if isinstance(q, query.And | query.Require | query.Or | query.DisjunctionMax
                  | query.AndNot | query.AndMaybe | query.Not | query.ConstantScoreQuery):
        return all(map(by_sets, q.children()))
    return False


def _docs(postings: Postings, q: query.Query, guard: Guard) -> set[int]:
    searcher = postings.searcher
    if isinstance(q, _NullQuery):
        return set()
    if isinstance(q, query.Term):
        return _terms(postings, q.fieldname, [q.text])
    if isinstance(q, query.MultiTerm):  # prefixes, wildcards, variations: a union of terms
        return _terms(postings, q.fieldname, list(q._btexts(searcher.reader())))
    if isinstance(q, query.Every) and not q.fieldname:
        return _live(searcher)
    if isinstance(q, query.And | query.Require):
        parts = sorted((_docs(postings, c, guard) for c in q.children()), key=len)
        return set.intersection(*parts) if parts else set()
    if isinstance(q, query.Or) and not q.minmatch or isinstance(q, query.DisjunctionMax):
        return set().union(*(_docs(postings, c, guard) for c in q.children()))
    if isinstance(q, query.AndNot):
        return _docs(postings, q.a, guard) - _docs(postings, q.b, guard)
    if isinstance(q, query.AndMaybe):
        return _docs(postings, q.a, guard)
    if isinstance(q, query.Not):
        return _live(searcher) - _docs(postings, q.query, guard)
    if isinstance(q, query.ConstantScoreQuery):
        return _docs(postings, q.child, guard)
    return set(guard(q.docs(searcher)))  # phrases and the rest: Whoosh's own matcher


def _live(searcher: Searcher) -> set[int]:
    """Return every live document (Whoosh's all_doc_ids asks about each one in Python)."""
    live: set[int] = set()
    for leaf, offset in searcher.leaf_searchers():
        reader = leaf.reader()
        docs = set(range(offset, offset + reader.doc_count_all()))
        if reader.has_deletions():
            docs -= {d + offset for d in reader.deleted_docs_set}
        live |= docs
    return live


def _terms(postings: Postings, fieldname: str, texts: Iterable[Any]) -> set[int]:
    """Return the live documents that contain any of the terms."""
    found: set[int] = set()
    for n, (leaf, offset) in enumerate(postings.searcher.leaf_searchers()):
        reader = leaf.reader()
        ids: set[int] = set()
        for text in texts:
            blocks = postings.blocks(fieldname, text)
            if blocks:
                ids.update(blocks[n][2])
        deleted = reader.deleted_docs_set if reader.has_deletions() else frozenset()
        found.update(d + offset for d in ids - deleted)
    return found


def _postings(reader: IndexReader, fieldname: str, btext: bytes
              ) -> tuple[list[int], list[float]]:
    """Return the segment's document numbers and weights of one term's postings, deleted
    documents included."""
    try:
        matcher = reader.postings(fieldname, btext)
    except TermNotFound:
        return [], []
    if isinstance(matcher, FilterMatcher):  # the segment's deletions, removed by the caller
        matcher = matcher.child
    ids: list[int] = []
    weights: list[float] = []
    if not isinstance(matcher, W3LeafMatcher):  # short posting lists are stored inline
        while matcher.is_active():
            ids.append(matcher.id())
            weights.append(matcher.weight())
            matcher.next()
        return ids, weights
    while matcher.is_active():  # one posting block at a time
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
        matcher._next_block()
    return ids, weights


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
