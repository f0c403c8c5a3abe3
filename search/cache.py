"""A bounded least-recently-used cache of search results, keyed by generation and request.

The generation id is part of the key, so publishing a new index makes every older entry
unreachable at once (they age out); nothing is ever served from a generation no longer current.
"""

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

Value = TypeVar("Value")


class LRUCache(Generic[Value]):
    """Keep at most `size` values, and at most `max_bytes` by `weigh` (an estimate of a value's
    bytes) when given, dropping the least recently used; size 0 keeps none."""

    def __init__(self, size: int, max_bytes: int | None = None,
                 weigh: Callable[[Value], int] | None = None) -> None:
        self.size = max(0, size)
        self.max_bytes = max_bytes
        self.weigh = weigh or (lambda _: 0)
        self.bytes = 0
        self._items: OrderedDict[Hashable, tuple[Value, int]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable) -> Value | None:
        """Return the value stored under key (marking it recently used), or None."""
        with self._lock:
            found = self._items.get(key)
            if found is None:
                return None
            self._items.move_to_end(key)
            return found[0]

    def put(self, key: Hashable, value: Value) -> None:
        """Store a value, dropping the least recently used one if the cache is full."""
        weight = self.weigh(value)
        if not self.size or (self.max_bytes is not None and weight > self.max_bytes):
            return
        with self._lock:
            old = self._items.pop(key, None)
            self.bytes += weight - (old[1] if old else 0)
            self._items[key] = (value, weight)
            while len(self._items) > self.size or (
                    self.max_bytes is not None and self.bytes > self.max_bytes):
                self.bytes -= self._items.popitem(last=False)[1][1]

    def __len__(self) -> int:
        return len(self._items)
