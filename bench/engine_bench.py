"""Time the engine in process over the fixed query set; print JSON (run as a fresh child).

Cold: the first pass of a fresh process (index files are in the OS page cache, searchers and
column caches are not). Warm: later passes, result cache off. Cached: result cache on, repeated.
"""

import json
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from werkzeug.datastructures import MultiDict

from bench.queries import query_set
from bench.stats import percentile
from search.engine import search
from search.engine.echoes import echoes_of, table_of
from search.models import SearchRequest
from search.web.params import parse_search_args
from search.whoosh.handle import IndexHandle

T = TypeVar("T")


def timed(run: Callable[[T], object], items: list[T]) -> list[float]:
    """Run each item once; return each one's milliseconds."""
    times = []
    for item in items:
        started = time.perf_counter()
        run(item)
        times.append((time.perf_counter() - started) * 1000)
    return times


def one_pass(handle: IndexHandle, requests: list[SearchRequest]) -> list[float]:
    """Run every query once; return each one's milliseconds."""
    return timed(lambda request: search(handle, request), requests)


def echo_times(handle: IndexHandle, sample: int = 400) -> list[float]:
    """Time a paragraph page's echoes (issue 27) for paragraphs spread over the corpus, half of
    them with echoes to list; the table is read once first, as a server warms it."""
    with handle.searcher() as (gen, _):
        table = table_of(gen)
    if table is None or not table.pids:
        return []
    step = max(len(table.pids) // (sample // 2), 1)
    echoed = sorted({int(i) for i in table.pairs[:, 0]})[:: max(len(table.pairs) // sample, 1)]
    pids = [table.pids[i] for i in range(0, len(table.pids), step)]
    pids += [table.pids[i] for i in echoed[: sample // 2]]
    return timed(lambda pid: echoes_of(handle, pid), pids)


def main() -> None:
    """Print cold, warm and cached p50/p95 (ms) and each query's warm median."""
    index, passes = Path(sys.argv[1]), int(sys.argv[2])
    queries = query_set()
    requests = [parse_search_args(MultiDict(args)) for _, args in queries]
    handle = IndexHandle(index, cache_size=0)
    cold = one_pass(handle, requests)
    warm = [one_pass(handle, requests) for _ in range(passes)]
    cached_handle = IndexHandle(index, cache_size=256)
    one_pass(cached_handle, requests)
    cached = [one_pass(cached_handle, requests) for _ in range(passes)]
    echoes = echo_times(handle)
    per_query = {f"{kind} {args}": sorted(p[i] for p in warm)[len(warm) // 2]
                 for i, (kind, args) in enumerate(queries)}
    print(json.dumps({
        "cold_p50": percentile(cold, 0.5), "cold_p95": percentile(cold, 0.95),
        "warm_p50": [percentile(p, 0.5) for p in warm],
        "warm_p95": [percentile(p, 0.95) for p in warm],
        "warm_p99": [percentile(p, 0.99) for p in warm],
        "cached_p50": [percentile(p, 0.5) for p in cached],
        "echoes_p50": percentile(echoes, 0.5) if echoes else None,
        "echoes_p95": percentile(echoes, 0.95) if echoes else None,
        "per_query": per_query,
    }))


if __name__ == "__main__":
    main()
