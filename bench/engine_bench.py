"""Time the engine in process over the fixed query set; print JSON (run as a fresh child).

Cold: the first pass of a fresh process (index files are in the OS page cache, searchers and
column caches are not). Warm: later passes, result cache off. Cached: result cache on, repeated.
"""

import json
import sys
import time
from pathlib import Path

from werkzeug.datastructures import MultiDict

from bench.queries import query_set
from bench.stats import percentile
from search.engine import search
from search.web.params import parse_search_args
from search.whoosh.handle import IndexHandle


def one_pass(handle: IndexHandle, requests: list) -> list[float]:  # type: ignore[type-arg]
    """Run every query once; return each one's milliseconds."""
    times = []
    for request in requests:
        started = time.perf_counter()
        search(handle, request)
        times.append((time.perf_counter() - started) * 1000)
    return times


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
    per_query = {f"{kind} {args}": sorted(p[i] for p in warm)[len(warm) // 2]
                 for i, (kind, args) in enumerate(queries)}
    print(json.dumps({
        "cold_p50": percentile(cold, 0.5), "cold_p95": percentile(cold, 0.95),
        "warm_p50": [percentile(p, 0.5) for p in warm],
        "warm_p95": [percentile(p, 0.95) for p in warm],
        "warm_p99": [percentile(p, 0.99) for p in warm],
        "cached_p50": [percentile(p, 0.5) for p in cached],
        "per_query": per_query,
    }))


if __name__ == "__main__":
    main()
