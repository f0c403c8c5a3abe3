"""Fewer garbage collections while a build holds a large heap.

A build keeps the whole corpus, the id ledger and the manifest in memory (hundreds of thousands of
objects at 100k paragraphs) and allocates millions more. CPython's default thresholds (700, 10,
10) then run a full collection every few hundred thousand allocations, and each one walks the
whole heap: a profiled 1% update at 100k spent 1.5-2.5 of its 5 s in them while finding almost
no garbage (a build makes few reference cycles). Collections still run inside the block, only
less often; the thresholds are restored after it. Writer processes forked inside the block
inherit the same thresholds. See docs/performance.md.
"""

import gc
from collections.abc import Iterator
from contextlib import contextmanager

BUILD_THRESHOLDS = (50_000, 20, 100)


@contextmanager
def fewer_collections(thresholds: tuple[int, int, int] = BUILD_THRESHOLDS) -> Iterator[None]:
    """Run the block with the garbage collector's thresholds raised, then restore them."""
    before = gc.get_threshold()
    gc.set_threshold(*thresholds)
    try:
        yield
    finally:
        gc.set_threshold(*before)
