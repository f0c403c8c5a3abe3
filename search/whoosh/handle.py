"""Open the published index generation; notice a newer one by its id; lend searchers."""

import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import numpy as np
from whoosh import index as whoosh_index
from whoosh.index import Index
from whoosh.reading import IndexReader
from whoosh.searching import Searcher

from search.cache import LRUCache
from search.config import DEFAULT_TIME_LIMIT
from search.ids.ledger import Ledger
from search.models import ArticleMeta, CorpusStats, SearchResult
from search.query.spellings import in_dictionary
from search.store.generations import (
    LEDGER_COPY,
    IndexUnavailable,
    current_generation,
    generation_dir,
    read_manifest,
)
from search.whoosh import patches
from search.whoosh.admission import Gate
from search.whoosh.arrays import Ints
from search.whoosh.budget import Budget, Clock
from search.whoosh.facets import Catalogue
from search.whoosh.languages import ENGLISH, base
from search.whoosh.near import NearGroups, near_groups
from search.whoosh.ranking import weighting
from search.whoosh.scoring import field_lengths


@dataclass
class Generation:
    """One published generation: the Whoosh index and the manifest that describes it."""

    gid: str
    path: Path
    index: Index
    articles: dict[str, ArticleMeta]
    pids: dict[str, list[str]]
    built: str
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _slugs: list[str] | None = field(default=None, repr=False)
    _ranks: dict[bool, tuple[Ints, Ints]] = field(default_factory=dict, repr=False)
    _lengths: dict[tuple[str, str], Ints] = field(default_factory=dict, repr=False)
    _catalogue: Catalogue | None = field(default=None, repr=False)
    _near: NearGroups | None = field(default=None, repr=False)

    @cached_property
    def languages(self) -> tuple[str, ...]:
        """Return the languages of the articles (as analysed), English first, then by code."""
        found = {base(meta.language) for meta in self.articles.values()} or {ENGLISH}
        return tuple(sorted(found, key=lambda code: (code != ENGLISH, code)))

    def lengths(self, reader: IndexReader, fieldname: str) -> Ints:
        """Return a segment's field lengths per document (see search/whoosh/scoring.py), read once
        per generation: segments never change once published."""
        key = (reader.segment().segment_id(), fieldname)
        found = self._lengths.get(key)
        if found is None:
            found = self._lengths[key] = field_lengths(reader, fieldname)  # races: same list
        return found

    def doc_lengths(self, searcher: Searcher, fieldname: str = "text") -> Ints:
        """Return every document's field length, by document number (built once)."""
        key = ("", fieldname)
        found = self._lengths.get(key)
        if found is None:
            found = self._lengths[key] = np.concatenate(
                [self.lengths(leaf.reader(), fieldname) for leaf, _ in searcher.leaf_searchers()]
                or [np.zeros(0, dtype=np.int64)])
        return found

    def warm(self, searcher: Searcher) -> None:
        """Work out now what the first searches would otherwise work out on their way: the
        article of every document, both date orders and the paragraphs' lengths (at 1M
        paragraphs, a second or two that the first user would wait)."""
        self.catalogue(searcher)
        self.near_groups(searcher)
        for newest in (True, False):
            self.date_order(searcher, newest)
        for leaf, _ in searcher.leaf_searchers():
            self.lengths(leaf.reader(), "text")

    def slug_of(self, searcher: Searcher) -> list[str]:
        """Return the article slug of every document number (read once from the column)."""
        if self._slugs is None:
            with self._lock:
                if self._slugs is None and searcher.doc_count_all() == 0:
                    self._slugs = []  # an empty index has no columns to read
                elif self._slugs is None:
                    column = searcher.reader().column_reader("slug", translate=True)
                    self._slugs = [column[d] for d in range(searcher.doc_count_all())]
        return self._slugs

    def catalogue(self, searcher: Searcher) -> Catalogue:
        """Return the articles laid out as arrays for counting (see search/whoosh/facets.py)."""
        if self._catalogue is None:
            slugs = self.slug_of(searcher)
            with self._lock:
                if self._catalogue is None:
                    self._catalogue = Catalogue.build(self.articles, slugs)
        return self._catalogue

    def near_groups(self, searcher: Searcher) -> NearGroups:
        """Return the groups of near-identical paragraphs (see search/whoosh/near.py)."""
        if self._near is None:
            self._near = near_groups(self.path, searcher)  # a race: the same groups
        return self._near

    def date_rank(self, searcher: Searcher, newest: bool) -> Ints:
        """Return each document's place in date order (newest or oldest first, then article
        and paragraph order), worked out once per generation from the columns."""
        return self._date_order(searcher, newest)[0]

    def date_order(self, searcher: Searcher, newest: bool) -> Ints:
        """Return the document numbers in date order (see date_rank)."""
        return self._date_order(searcher, newest)[1]

    def _date_order(self, searcher: Searcher, newest: bool) -> tuple[Ints, Ints]:
        found = self._ranks.get(newest)
        if found is None:
            slugs = self.slug_of(searcher)
            ranks = [0] * len(slugs)
            order: list[int] = []
            if slugs:
                reader = searcher.reader()
                dates = list(reader.column_reader("date_start", translate=True))
                numbers = list(reader.column_reader("number", translate=True))
                order = sorted(range(len(slugs)), key=lambda d: (slugs[d], numbers[d]))
                order.sort(key=dates.__getitem__, reverse=newest)  # stable, even reversed
                for place, doc in enumerate(order):
                    ranks[doc] = place
            found = self._ranks[newest] = (np.array(ranks, dtype=np.int64),
                                           np.array(order, dtype=np.int64))  # a race: same
        return found

    @cached_property
    def ledger(self) -> Ledger:
        """Return the id ledger as it was when this generation was built."""
        return Ledger.from_json((self.path / LEDGER_COPY).read_text(encoding="utf-8"))

    @cached_property
    def stats(self) -> CorpusStats:
        """Describe this generation: articles, paragraphs, date span, outlets with counts
        (worked out once: every page shows some of it)."""
        outlets: Counter[str] = Counter()
        for slug, meta in self.articles.items():
            outlets[meta.outlet] += len(self.pids[slug])
        dates = sorted(m.date_start for m in self.articles.values())
        return CorpusStats(
            articles=len(self.articles), paragraphs=sum(outlets.values()),
            first_date=dates[0] if dates else None, last_date=dates[-1] if dates else None,
            outlets=sorted(outlets.items(), key=lambda kv: (-kv[1], kv[0])), generation=self.gid,
        )

    @cached_property
    def position(self) -> dict[str, tuple[str, int]]:
        """Map each live paragraph id to its article and 0-based index."""
        return {pid: (slug, i) for slug, pids in self.pids.items() for i, pid in enumerate(pids)}


def _meta(entry: dict[str, Any]) -> ArticleMeta:
    """Rebuild article metadata from its manifest entry."""
    fields = {k: v for k, v in entry.items() if k in ArticleMeta.__dataclass_fields__}
    fields["authors"] = tuple(fields.get("authors", ()))
    fields["sources"] = tuple(fields.get("sources", ()))
    return ArticleMeta(**fields)


def open_generation(index_dir: Path, gid: str) -> Generation:
    """Open one generation read-only."""
    patches.apply()
    manifest = read_manifest(index_dir, gid)
    path = generation_dir(index_dir, gid)
    articles = manifest["articles"]
    return Generation(
        gid=gid, path=path, index=whoosh_index.open_dir(str(path), readonly=True),
        articles={slug: _meta(entry) for slug, entry in articles.items()},
        pids={slug: entry["pids"] for slug, entry in articles.items()},
        built=manifest.get("built", ""),
    )


def result_bytes(result: SearchResult) -> int:
    """Estimate the memory a result holds (its hits' texts and highlights dominate)."""
    hits = sum(200 + 2 * len(h.text) + 2 * len(h.highlight) for h in result.hits)
    return 2000 + hits + 150 * (len(result.outlet_facets) + len(result.author_facets)
                                + len(result.timeline))


class IndexHandle:
    """The web app's (or CLI's) view of the index folder; safe to share between threads.

    Open it after a worker process starts, never before a fork. A Whoosh searcher is not
    safe to use from two threads at once, so each search borrows one of its own from a pool
    (opening one when none is free) and gives it back; searchers of a generation no longer
    published are closed as soon as they are free (Whoosh's own refresh() compares generation
    numbers and would miss a swapped-in build). With a gate (a server's), expensive searches
    take turns (see search/whoosh/admission.py).
    """

    def __init__(self, index_dir: Path, cache_size: int = 0,
                 time_limit: float | None = DEFAULT_TIME_LIMIT,
                 clock: Clock = time.monotonic, cache_bytes: int | None = None,
                 gate: Gate | None = None) -> None:
        self.index_dir = index_dir
        # Each search may take this many seconds (None: no limit), measured by this clock.
        self.time_limit = time_limit
        self.clock = clock
        self.gate = gate
        # Results of recent searches, keyed by (generation id, request); 0 turns it off.
        self.results: LRUCache[SearchResult] = LRUCache(cache_size, cache_bytes, result_bytes)
        self._lock = threading.Lock()
        self._generation: Generation | None = None
        self._free: list[tuple[str, Searcher]] = []  # searchers no search is using
        self._pool_lock = threading.Lock()

    def check(self) -> Generation:
        """Return the current generation; raise IndexUnavailable with a clear message."""
        gid = current_generation(self.index_dir)
        if gid is None:
            raise IndexUnavailable(f"no index in {self.index_dir}: run 'press-search index' first")
        loaded = self._generation
        if loaded is not None and loaded.gid == gid:
            return loaded
        with self._lock:
            if self._generation is None or self._generation.gid != gid:
                try:
                    self._generation = open_generation(self.index_dir, gid)
                except (OSError, ValueError, KeyError) as exc:
                    if self._generation is not None:
                        return self._generation
                    raise IndexUnavailable(f"index {gid} in {self.index_dir} cannot be read: "
                                           f"{exc}") from exc
            return self._generation

    def budget(self, seconds: float | None = None) -> Budget:
        """Return the budget of one search: the handle's time limit (or `seconds`), clock and
        gate; use it as a context manager."""
        return Budget(seconds if seconds is not None else self.time_limit, self.clock,
                      self.gate)

    @contextmanager
    def searcher(self) -> Iterator[tuple[Generation, Searcher]]:
        """Yield the current generation and a searcher for it that no other thread uses until
        the block ends."""
        generation = self.check()
        borrowed = self._borrow(generation.gid)
        if borrowed is None:
            borrowed = generation.index.searcher(weighting=weighting())
        try:
            yield generation, borrowed
        finally:
            self._give_back(generation.gid, borrowed)

    def _borrow(self, gid: str) -> Searcher | None:
        """Take a free searcher of generation gid, closing free ones of other generations."""
        with self._pool_lock:
            stale = [s for g, s in self._free if g != gid]
            self._free = [(g, s) for g, s in self._free if g == gid]
            found = self._free.pop()[1] if self._free else None
        for searcher in stale:
            searcher.close()
        return found

    def _give_back(self, gid: str, searcher: Searcher) -> None:
        """Keep a searcher for the next search, or close it if its generation was replaced."""
        current = self._generation
        with self._pool_lock:
            if current is not None and current.gid == gid:
                self._free.append((gid, searcher))
                return
        searcher.close()

    def warm(self) -> None:
        """Open the current generation and warm it (see Generation.warm): a server does this
        before it takes requests."""
        with self.searcher() as (generation, searcher):
            generation.warm(searcher)
        in_dictionary("the")  # load wordfreq's word list (0.3 s) before the first search

    def close(self) -> None:
        """Close the searchers no search is using."""
        with self._pool_lock:
            free, self._free = self._free, []
        for _, searcher in free:
            searcher.close()
