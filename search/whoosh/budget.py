"""A time limit per search, checked while matches are counted and while they are ranked.

Whoosh's own TimeLimitCollector is not used: with its default (SIGALRM) it raises ValueError
outside a process's main thread, installs a signal handler it never restores and may interrupt
any code at all; without it, it starts a timer thread per search. A Budget is checked by the
loops that do the work, every few hundred documents, from a clock that tests can replace.
Term expansion (wildcards, spelling variants) happens before any of these loops, which is why
the query builder bounds it separately (search/whoosh/parser.py).
"""

import time
from collections.abc import Callable, Iterable, Iterator
from types import TracebackType
from typing import Any, Self

from whoosh.collectors import Collector, FilterCollector, WrappingCollector
from whoosh.query import Query
from whoosh.searching import Results, Searcher

from search.whoosh.admission import Gate

Clock = Callable[[], float]

CHECK_EVERY = 256  # documents between two looks at the clock


class SearchTimeout(Exception):
    """The search used up its time before its matches were counted."""


class Budget:
    """The time one search may take; `None` means no limit. With a gate (a server's), an
    expensive search also waits for its turn (see search/whoosh/admission.py): use the budget
    as a context manager, which gives the turn back when the search is done."""

    def __init__(self, seconds: float | None, clock: Clock = time.monotonic,
                 gate: Gate | None = None) -> None:
        self.seconds = seconds
        self.clock = clock
        self.started = clock()
        self.gate = gate
        self.admitted = False

    def __enter__(self) -> Self:
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None,
                 traceback: TracebackType | None) -> None:
        if self.admitted and self.gate is not None:
            self.admitted = False
            self.gate.leave()

    def admit(self, cost: Callable[[], int]) -> None:
        """Wait for a turn if the search's cost (worked out only with a gate) makes it
        expensive; raise Busy if none comes. The time limit counts from the turn."""
        if self.gate is None or self.admitted or cost() < self.gate.expensive:
            return
        self.gate.enter()
        self.admitted = True
        self.started = self.clock()

    def expired(self) -> bool:
        """Say whether the time is up."""
        return self.seconds is not None and self.clock() - self.started >= self.seconds

    def timeout(self, what: str = "the search") -> SearchTimeout:
        """Return the error saying that `what` took longer than this budget allows."""
        return SearchTimeout(f"{what} took longer than its limit of {self.seconds:g} s")

    def guard(self, items: Iterable[int]) -> Iterator[int]:
        """Yield the items, raising SearchTimeout if the time runs out on the way."""
        for n, item in enumerate(items):
            if n % CHECK_EVERY == 0 and self.expired():
                raise self.timeout()
            yield item


class BudgetCollector(WrappingCollector):  # type: ignore[misc]
    """Pass matches on until the budget runs out, then stop quietly with what was collected.

    It overrides matches(), not collect_matches(), so that it can sit inside Whoosh's
    FilterCollector (which filters in its own collect_matches and would be bypassed by a
    wrapper outside it, as Whoosh's TimeLimitCollector is).
    """

    def __init__(self, child: Collector, budget: Budget) -> None:
        super().__init__(child)
        self.budget = budget
        self.stopped = False

    def matches(self) -> Iterator[int]:
        """Yield the wrapped collector's matches, looking at the clock every CHECK_EVERY."""
        for n, docnum in enumerate(self.child.matches()):
            if n and n % CHECK_EVERY == 0 and self.budget.expired():
                self.stopped = True
                return
            yield docnum


def ranked(searcher: Searcher, q: Query, budget: Budget, **options: Any) -> tuple[Results, bool]:
    """Search like Searcher.search(q, **options) within the budget.

    Return the results and whether the budget stopped the ranking early (the hits are then
    the best of the matches ranked so far). The first CHECK_EVERY matches are always ranked.
    """
    collector = searcher.collector(**options)
    if isinstance(collector, FilterCollector):
        budgeted = collector.child = BudgetCollector(collector.child, budget)
    else:
        collector = budgeted = BudgetCollector(collector, budget)
    searcher.search_with_collector(q, collector)
    return collector.results(), budgeted.stopped
