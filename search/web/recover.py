"""A refused search shown again: what can be kept of its arguments, to fill the form with."""

from search.engine import MAX_PAGE
from search.models import SORTS, SearchRequest, SearchResult
from search.query.text import MAX_QUERY_CHARS
from search.web.params import (
    DEFAULT_PER_PAGE,
    MAX_FILTER_CHARS,
    MAX_FILTER_VALUES,
    MAX_PER_PAGE,
    NUMBER_RE,
    Args,
)

MAX_KEPT_CHARS = 2 * MAX_QUERY_CHARS  # a longer query is shown cut, with the message saying so
MAX_KEPT_DATE = 40


def _values(args: Args, name: str) -> tuple[str, ...]:
    kept = [v.strip() for v in args.getlist(name) if v.strip() and len(v) <= MAX_FILTER_CHARS]
    return tuple(dict.fromkeys(kept))[:MAX_FILTER_VALUES]


def _number(args: Args, name: str, default: int, most: int) -> int:
    value = args.get(name, "").strip()
    if NUMBER_RE.fullmatch(value) and len(value) < 6 and 1 <= int(value):
        return min(int(value), most)
    return default


def kept_request(args: Args) -> SearchRequest:
    """Keep every argument that can be shown again: the query as typed, valid filters, and a
    date as typed (so a mistyped date can be corrected where it was typed)."""
    sort = args.get("sort", "").strip()
    return SearchRequest(
        text=args.get("q", "")[:MAX_KEPT_CHARS],
        outlets=_values(args, "outlet"),
        authors=_values(args, "author"),
        date_from=args.get("from", "").strip()[:MAX_KEPT_DATE] or None,
        date_to=args.get("to", "").strip()[:MAX_KEPT_DATE] or None,
        sort=next((s for s in SORTS if s == sort), "relevance"),
        page=_number(args, "page", 1, MAX_PAGE),
        per_page=_number(args, "per_page", DEFAULT_PER_PAGE, MAX_PER_PAGE),
    )


def refused(request: SearchRequest, message: str) -> SearchResult:
    """Return an empty result that carries the reason the search was refused."""
    return SearchResult(request=request, total=0, article_count=0, outlet_count=0, hits=[],
                        outlet_facets=[], author_facets=[], timeline=[], interpreted="",
                        error=message)
