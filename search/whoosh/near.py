"""One result per group of near-identical paragraphs: a generation's groups (from its echo
table), how many of a search's matches they hide, and each shown paragraph's hidden copies.

A group is a connected set of near-identical pairs (search/echoes/table.py: 80% of the shorter
paragraph's 5-word runs in the other). Grouping hides results, so a pair joins a group only if
the shared runs also cover two thirds of the longer one (GROUP_SHARE): a short sentence printed
inside two different long paragraphs must not make them one group, nor a paragraph join two
others that each add a different half to it. On the bench's 10k corpus (which reuses seed
sentences) a half let groups chain to 58 paragraphs; two thirds keeps the largest at 26.
"""

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import numpy as np
from whoosh.searching import Searcher

from search.echoes.table import MIN_SHARED, NEAR, opened
from search.models import ArticleMeta, NearCopy
from search.whoosh.arrays import Ints, Mask

GROUP_SHARE = 2 / 3
Score = TypeVar("Score")


@dataclass(frozen=True)
class NearGroups:
    """The groups of near-identical paragraphs, by document number."""

    label: Ints  # each document's group: its lowest document number (a lone one: its own)
    grouped: Mask  # each document: in a group of two or more
    members: dict[int, Ints]  # each group's documents, ascending, by label

    def copies(self, matched: Mask) -> int:
        """Return how many matches are near-identical to another match (all but one of each
        group's matches): the results grouping hides."""
        if not self.members:
            return 0
        docs = np.flatnonzero(matched & self.grouped)
        return len(docs) - len(np.unique(self.label[docs]))

    def leads(self, order: list[tuple[int, Score]]) -> list[int]:
        """Return the places in `order` of each group's first document, in order."""
        if not order:
            return []
        labels = self.label[np.fromiter((d for d, _ in order), dtype=np.int64, count=len(order))]
        _, first = np.unique(labels, return_index=True)
        return np.sort(first).tolist()  # type: ignore[no-any-return]

    def others(self, doc: int, matched: Mask) -> list[int]:
        """Return the matches in `doc`'s group other than `doc`."""
        if not self.grouped[doc]:
            return []
        group = self.members[int(self.label[doc])]
        return [d for d in group[matched[group]].tolist() if d != doc]


def near_groups(generation: Path, searcher: Searcher) -> NearGroups:
    """Return the groups of a generation's documents (none if it has no echo table)."""
    n = searcher.doc_count_all()
    label, grouped = np.arange(n, dtype=np.int64), np.zeros(n, dtype=bool)
    table = opened(generation)
    if table is None or not len(table.pairs):
        return NearGroups(label, grouped, {})
    a, b, shared = table.pairs[:, 0], table.pairs[:, 1], table.pairs[:, 2]
    sizes = np.diff(table.offsets)
    shorter, longer = np.minimum(sizes[a], sizes[b]), np.maximum(sizes[a], sizes[b])
    near = (shared >= NEAR * shorter) & (shared >= MIN_SHARED) & (shared >= GROUP_SHARE * longer)
    edges = list(zip(a[near].tolist(), b[near].tolist(), strict=True))
    # only the paragraphs in a pair are looked up (a few per cent of them, by their id term)
    docs = {row: searcher.document_number(pid=table.pids[row])
            for row in {r for edge in edges for r in edge}}
    parent: dict[int, int] = {}

    def root(x: int) -> int:
        while parent.setdefault(x, x) != x:
            parent[x] = x = parent[parent[x]]
        return x

    for x, y in edges:
        dx, dy = docs[x], docs[y]
        if dx is not None and dy is not None:
            rx, ry = root(dx), root(dy)
            parent[max(rx, ry)] = min(rx, ry)
    found: dict[int, list[int]] = {}
    for doc in parent:
        found.setdefault(root(doc), []).append(doc)
    members = {}
    for first, group in found.items():
        ids = np.array(sorted(group), dtype=np.int64)
        label[ids], grouped[ids], members[first] = first, True, ids
    return NearGroups(label, grouped, members)


def page_of_leads(near: NearGroups | None,
                  first: Callable[[int], tuple[list[tuple[int, Score]], bool]], total: int,
                  copies: int, matched: Mask, start: int, end: int
                  ) -> tuple[list[tuple[int, Score, list[int]]], bool]:
    """Return a page of results, from `start` to `end`, each with the matches near-identical to
    it (none without `near`), and whether the time limit stopped the ranking early.

    `first(n)` ranks the first n matches. At most `copies` of them are hidden, so the first
    end + copies hold the page's groups; twice the page is tried first.
    """
    if near is None:
        top, stopped = first(end)
        return [(d, score, []) for d, score in top[start:end]], stopped
    enough = min(total, end + copies)
    top, stopped = first(min(2 * end, enough))
    keep = near.leads(top)
    if len(keep) < end and len(top) < enough and not stopped:
        top, stopped = first(enough)
        keep = near.leads(top)
    return [(top[i][0], top[i][1], near.others(top[i][0], matched))
            for i in keep[start:end]], stopped


def collapse(near: NearGroups | None, order: list[tuple[int, Score]]
             ) -> list[tuple[int, Score, list[int]]]:
    """Keep the first of each group in a list (the some-words matches), with the rest of its
    group in the list."""
    if near is None or not near.members:
        return [(d, score, []) for d, score in order]
    listed = np.zeros(len(near.label), dtype=bool)
    listed[[d for d, _ in order]] = True
    return [(order[i][0], order[i][1], near.others(order[i][0], listed))
            for i in near.leads(order)]


def near_copies(articles: dict[str, ArticleMeta], searcher: Searcher,
                docs: list[int]) -> tuple[NearCopy, ...]:
    """Describe hidden copies for showing: oldest first, then by outlet."""
    found = []
    for doc in docs:
        stored = searcher.stored_fields(doc)
        found.append(NearCopy(stored["pid"], articles[stored["slug"]], stored["number"]))
    found.sort(key=lambda c: (c.article.date_start, c.article.outlet, c.pid))
    return tuple(found)
