"""The index as the web app sees it: one handle per app, created in each worker after it forks."""

import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any, TypeVar, cast

from flask import Flask, Response, current_app, g

from search.cache import LRUCache
from search.engine import Busy, Gate, IndexHandle, SearchTimeout, search
from search.models import SearchResult
from search.query.text import QueryError
from search.web.errors import WebError
from search.web.links import origin
from search.web.params import Args, parse_search_args

EXTENSION = "press_search_index"
BODIES = "press_search_bodies"
T = TypeVar("T")


def init_app(app: Flask) -> None:
    """Open the index for this app; raise IndexUnavailable (a clear message) if there is none.

    The handle gives each thread its own Whoosh searcher and reuses it across requests until a
    new generation is published, so nothing needs closing per request. Recent results are
    cached per worker (RESULT_CACHE entries, keyed by generation and request). With WARM (as
    `press-search serve` runs it), the generation's per-document tables are worked out before
    the first request rather than during it. Expensive searches take turns (a Gate per
    worker, search/whoosh/admission.py): the ones beyond its bounds are refused with a 503 and
    Retry-After.
    """
    limit = app.config["TIME_LIMIT"]
    handle = IndexHandle(Path(app.config["INDEX_DIR"]), cache_size=app.config["RESULT_CACHE"],
                         cache_bytes=app.config["CACHE_BYTES"], time_limit=limit,
                         clock=app.config["CLOCK"] or time.monotonic,
                         gate=Gate(retry_after=limit or 2.0))
    handle.check()
    if app.config.get("WARM"):
        handle.warm()
    app.extensions[EXTENSION] = handle
    app.extensions[BODIES] = LRUCache[bytes](app.config["RESULT_CACHE"],
                                             app.config["CACHE_BYTES"], len)
    app.after_request(_say_generation)


def _say_generation(response: Response) -> Response:
    """Name the index generation that answered a search (the access log records it), and
    when to come back after a search refused as too many were running."""
    generation = g.get("generation")
    if generation:
        response.headers["X-Index-Generation"] = generation
    retry_after = g.get("retry_after")
    if retry_after:
        response.headers["Retry-After"] = str(retry_after)
    return response


def get_handle() -> IndexHandle:
    """Return this app's index handle."""
    handle: IndexHandle = current_app.extensions[EXTENSION]
    return handle


def cached_body(result: SearchResult, kind: str, make: Callable[[], Any]) -> Response:
    """Return a JSON response of the data `make` gives for a result, serialised once per
    generation, request and kind (the result cache's key): a repeated search skips serialising
    its facets and timeline too, which at 100k paragraphs took longer than finding the result
    in the cache. Partial results (a time limit was reached) are not kept, as the result cache
    does not keep them."""
    bodies: LRUCache[bytes] = current_app.extensions[BODIES]
    key = (result.generation, result.request, kind, origin())  # links start with origin()
    body = bodies.get(key)
    if body is None:
        body = cast(Response, current_app.json.response(make())).get_data()
        if not result.timed_out:
            bodies.put(key, body)
    return current_app.response_class(body, mimetype="application/json")


def engine_call(call: Callable[[], T]) -> T:
    """Run an engine call; an unsearchable query is a 400 naming 'q', a timeout a 503, and so
    is an expensive search when too many are running (with Retry-After)."""
    try:
        return call()
    except Busy as exc:
        raise refusal(str(exc), True, exc.retry_after) from None
    except (QueryError, SearchTimeout) as exc:
        raise refusal(str(exc), isinstance(exc, SearchTimeout)) from None


def refusal(error: str, timed_out: bool, retry_after: int | None = None) -> WebError:
    """Return the error answering a query that cannot be searched (400), ran out of time
    before its matches were counted (503), or waited in vain for its turn (503, saying when
    to try again in Retry-After)."""
    if retry_after is not None:
        g.retry_after = retry_after
        return WebError(503, f"The search was not run: {error}. Try again in {retry_after} "
                             "seconds, or with more specific words.")
    if timed_out:
        return WebError(503, f"The search was stopped: {error}. Try more specific words or "
                             "narrower filters.")
    return WebError(400, f"Parameter 'q': {error}")


def run_search(args: Args, **changes: Any) -> SearchResult:
    """Validate the arguments (then apply `changes`, e.g. a feed's fixed order) and search;
    an unsearchable query is a 400 naming 'q', a search that ran out of time before its
    matches were counted a 503."""
    request = replace(parse_search_args(args), **changes)
    result = engine_call(lambda: search(get_handle(), request))
    g.generation = result.generation
    if result.error:
        raise refusal(result.error, result.timed_out)
    return result
