"""Pure-Python work spread over the machine's cores when there is enough of it."""

import ctypes
import os
import signal
import sys
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")
PROCS = 2  # reading and sketching processes at most: measured on a machine with 2 cores
WRITER_PROCS = 4  # a large build's writer processes at most (one segment each)
PR_SET_PDEATHSIG = 1  # prctl(2) option: the signal a process gets when its parent dies


def cores(at_most: int) -> int:
    """Return how many processes to use: one per core, at most `at_most`."""
    return min(at_most, os.cpu_count() or 1)


def die_with_parent(parent: int) -> None:
    """Have this (child) process killed when its parent `parent` dies, and end it now if the
    parent is already gone: a killed build leaves no process behind to hold its lock or block
    for minutes on a pipe nobody writes to."""
    if sys.platform == "linux":
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:  # the parent died before prctl: the signal will never come
        os._exit(1)


def map_in_processes(work: Callable[[T], R], items: list[T], from_items: int,
                     chunksize: int) -> list[R]:
    """Return [work(item) for item in items], computed by PROCS processes (forked, so `work`
    and the items need only be picklable) when there are at least `from_items` items."""
    procs = cores(PROCS)
    if len(items) < from_items or procs < 2:
        return [work(item) for item in items]
    with ProcessPoolExecutor(procs, initializer=die_with_parent,
                             initargs=(os.getpid(),)) as pool:
        return list(pool.map(work, items, chunksize=chunksize))
