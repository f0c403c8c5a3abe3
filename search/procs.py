"""Pure-Python work spread over the machine's cores when there is enough of it."""

import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")
PROCS = 2  # processes at most: the machine this was measured on has 2 cores


def map_in_processes(work: Callable[[T], R], items: list[T], from_items: int,
                     chunksize: int) -> list[R]:
    """Return [work(item) for item in items], computed by PROCS processes (forked, so `work`
    and the items need only be picklable) when there are at least `from_items` items."""
    procs = min(PROCS, os.cpu_count() or 1)
    if len(items) < from_items or procs < 2:
        return [work(item) for item in items]
    with ProcessPoolExecutor(procs) as pool:
        return list(pool.map(work, items, chunksize=chunksize))
