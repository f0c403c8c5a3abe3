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
from typing import Any

from whoosh.collectors import Collector, FilterCollector, WrappingCollector
from whoosh.query import Query
from whoosh.searching import Results, Searcher

Clock = Callable[[], float]

CHECK_EVERY = 256  # documents between two looks at the clock


class SearchTimeout(Exception):
    """The search used up its time before its matches were counted."""


class Budget:
    """The time one search may take; `None` means no limit."""

    def __init__(self, seconds: float | None, clock: Clock = time.monotonic) -> None:
        self.seconds = seconds
        self.clock = clock
        self.started = clock()

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
