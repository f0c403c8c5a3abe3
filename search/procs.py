"""Pure-Python work spread over the machine's cores when there is enough of it."""

import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")
PROCS = 2  # reading and sketching processes at most: measured on a machine with 2 cores
WRITER_PROCS = 4  # a large build's writer processes at most (one segment each)


def cores(at_most: int) -> int:
    """Return how many processes to use: one per core, at most `at_most`."""
    return min(at_most, os.cpu_count() or 1)


def map_in_processes(work: Callable[[T], R], items: list[T], from_items: int,
                     chunksize: int) -> list[R]:
    """Return [work(item) for item in items], computed by PROCS processes (forked, so `work`
    and the items need only be picklable) when there are at least `from_items` items."""
    procs = cores(PROCS)
    if len(items) < from_items or procs < 2:
        return [work(item) for item in items]
    with ProcessPoolExecutor(procs) as pool:
        return list(pool.map(work, items, chunksize=chunksize))
