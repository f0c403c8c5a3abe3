"""Answer a SearchRequest from the published index, through the worker's result cache."""

from search.models import SearchRequest, SearchResult
from search.whoosh.handle import IndexHandle
from search.whoosh.run import answer

MAX_PAGE = 1000


def search(handle: IndexHandle, request: SearchRequest) -> SearchResult:
    """Run one search; a query that cannot be searched gives a result with `error` set."""
    with handle.searcher() as (generation, searcher):
        key = (generation.gid, request)
        cached = handle.results.get(key)
        if cached is None:
            with handle.budget() as budget:
                cached = answer(generation, searcher, request, budget)
            if not cached.timed_out:  # a partial answer is not kept: next time may finish
                handle.results.put(key, cached)
        return cached
