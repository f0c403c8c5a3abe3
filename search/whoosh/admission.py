"""Admission control: a search's cost estimated before it runs, and a gate that lets only a
few expensive searches run at once in a worker, so that they cannot starve cheap ones.

A worker serves requests from a few threads (gunicorn's gthread) that share one interpreter
lock: twenty CPU-bound searches running side by side would each get a twentieth of the
processor, and a search for one rare word would wait behind them all. The estimate counts the
postings a search will read, from the term dictionary (a lookup per word, microseconds): a
word's document frequency, times PHRASE_WEIGHT for a word of a phrase (its positions are read
and compared too, measured 5-7 times the work per posting). From EXPENSIVE postings (about a
quarter of a second of work on a 2-core machine) a search must pass the gate: RUNNING of them
at a time per worker, WAITING more may wait up to WAIT seconds for a turn, and any other is
refused at once with Busy (503 with Retry-After). Cheap searches are never gated, and a cached
answer is never estimated at all.
"""

import math
import threading
from collections.abc import Iterator

from whoosh import query
from whoosh.reading import IndexReader

EXPENSIVE = 200_000  # estimated postings from which a search is gated
PHRASE_WEIGHT = 6  # a phrase's word costs this many times a plain word's posting
RUNNING = 1  # expensive searches running at once, per worker
WAITING = 2  # expensive searches waiting for a turn, per worker
WAIT = 1.0  # seconds one of them waits before it is refused
POSITIONAL = (query.Phrase, query.Sequence, query.Ordered)


class Busy(Exception):
    """Too many expensive searches are running: this one is refused; try again later."""

    def __init__(self, retry_after: int) -> None:
        super().__init__("the server is busy with other searches that read as many words")
        self.retry_after = retry_after


def cost(reader: IndexReader, *queries: query.Query | None) -> int:
    """Estimate the postings searching the queries reads: each word's document frequency,
    PHRASE_WEIGHT times over for a word of a phrase."""
    return sum(_leaf_cost(reader, leaf) for q in queries if q is not None
               for leaf in _leaves(q))


def _leaves(q: query.Query) -> Iterator[query.Query]:
    """Yield the query's leaves, a phrase (or any query on positions) as one leaf."""
    if q.is_leaf() or isinstance(q, POSITIONAL):
        yield q
    else:
        for child in q.children():
            yield from _leaves(child)


def _leaf_cost(reader: IndexReader, leaf: query.Query) -> int:
    """Return the postings one leaf reads (a phrase's words weighted)."""
    weight = PHRASE_WEIGHT if isinstance(leaf, POSITIONAL) else 1
    total = 0
    for fieldname, text in leaf.terms(phrases=True):
        try:
            total += reader.doc_frequency(fieldname, text)
        except (KeyError, TypeError, ValueError):  # a field this index lacks
            continue
    if isinstance(leaf, query.Every):
        total = reader.doc_count_all()
    return weight * total


class Gate:
    """Let `running` expensive searches run at once; `waiting` more wait up to `wait` seconds
    for a turn; refuse the others at once (Busy), never holding a thread for them."""

    def __init__(self, running: int = RUNNING, waiting: int = WAITING, wait: float = WAIT,
                 expensive: int = EXPENSIVE, retry_after: float = 2.0) -> None:
        self.expensive = expensive
        self.waiting = waiting
        self.wait = wait
        self.retry_after = max(1, math.ceil(retry_after))
        self._turns = threading.BoundedSemaphore(running)
        self._lock = threading.Lock()
        self._queued = 0

    def enter(self) -> None:
        """Take a turn to run an expensive search, or raise Busy."""
        if self._turns.acquire(blocking=False):
            return
        with self._lock:
            if self._queued >= self.waiting:
                raise Busy(self.retry_after)
            self._queued += 1
        try:
            admitted = self._turns.acquire(timeout=self.wait)
        finally:
            with self._lock:
                self._queued -= 1
        if not admitted:
            raise Busy(self.retry_after)

    def leave(self) -> None:
        """Give back a turn taken by enter()."""
        self._turns.release()
