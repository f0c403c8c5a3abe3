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


def matching(searcher: Searcher, q: query.Query, guard: Guard = iter) -> set[int]:
    """Return the (top-level) numbers of the live documents that `q` matches.

    `guard` wraps the document-at-a-time loops left to Whoosh (a time limit checks there).
    """
    return _docs(searcher, q, guard)


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


def _docs(searcher: Searcher, q: query.Query, guard: Guard) -> set[int]:
    if isinstance(q, _NullQuery):
        return set()
    if isinstance(q, query.Term):
        return _terms(searcher, q.fieldname, [q.text])
    if isinstance(q, query.MultiTerm):  # prefixes, wildcards, variations: a union of terms
        return _terms(searcher, q.fieldname, list(q._btexts(searcher.reader())))
    if isinstance(q, query.Every) and not q.fieldname:
        return _live(searcher)
    if isinstance(q, query.And | query.Require):
        parts = sorted((_docs(searcher, c, guard) for c in q.children()), key=len)
        return set.intersection(*parts) if parts else set()
    if isinstance(q, query.Or) and not q.minmatch or isinstance(q, query.DisjunctionMax):
        return set().union(*(_docs(searcher, c, guard) for c in q.children()))
    if isinstance(q, query.AndNot):
        return _docs(searcher, q.a, guard) - _docs(searcher, q.b, guard)
    if isinstance(q, query.AndMaybe):
        return _docs(searcher, q.a, guard)
    if isinstance(q, query.Not):
        return _live(searcher) - _docs(searcher, q.query, guard)
    if isinstance(q, query.ConstantScoreQuery):
        return _docs(searcher, q.child, guard)
    return set(guard(q.docs(searcher)))  # phrases and the rest: Whoosh's own matcher


def _live(searcher: Searcher) -> set[int]:
    """Return every live document."""
    return set(searcher.reader().all_doc_ids())


def _terms(searcher: Searcher, fieldname: str, texts: Iterable[Any]) -> set[int]:
    """Return the live documents that contain any of the terms."""
    found: set[int] = set()
    for leaf, offset in searcher.leaf_searchers():
        reader = leaf.reader()
        ids: list[int] = []
        for text in texts:
            ids += _postings(reader, fieldname, text)
        deleted = reader.deleted_docs_set if reader.has_deletions() else frozenset()
        found.update(d + offset for d in set(ids) - deleted)
    return found


def _postings(reader: IndexReader, fieldname: str, text: Any) -> list[int]:
    """Return the segment's document numbers of one term's postings, deleted ones included."""
    try:
        matcher = reader.postings(fieldname, text)
    except TermNotFound:
        return []
    if isinstance(matcher, FilterMatcher):  # the segment's deletions, removed by the caller
        matcher = matcher.child
    if not isinstance(matcher, W3LeafMatcher):  # short posting lists are stored inline
        return list(matcher.all_ids())
    ids: list[int] = []
    while matcher.is_active():  # one posting block at a time
        if matcher._data is None:
            matcher._read_data()
        block = matcher._data[0]
        if matcher._byteids:
            ids.extend(block)
        else:
            ids.extend(accumulate(block))  # the block's ids are stored as differences
        matcher._next_block()
    return ids


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
