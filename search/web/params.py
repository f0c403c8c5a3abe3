"""The one place that turns request arguments into a SearchRequest, and a request back into
arguments (for links that change one thing and keep the rest)."""

import re
from dataclasses import replace
from typing import Any

from werkzeug.datastructures import MultiDict

from search.corpus.dates import parse_bound
from search.engine import MAX_PAGE
from search.models import SORTS, SearchRequest, Sort
from search.query.text import MAX_QUERY_CHARS
from search.web.errors import WebError

DEFAULT_PER_PAGE = 10
MAX_PER_PAGE = 100
MAX_FILTER_VALUES = 50
MAX_FILTER_CHARS = 200
NUMBER_RE = re.compile(r"[0-9]+")
MAX_DIGITS = 18  # longer numbers are simply huge: clamped like any other too-large value

# Every parameter the search pages and /api/search accept (the OpenAPI document lists these).
SEARCH_PARAMS = ("q", "outlet", "author", "language", "from", "to", "sort", "page", "per_page",
                 "exact", "group", "dups")
LANGUAGE_RE = re.compile(r"[A-Za-z]{2}")  # an ISO 639-1 code

Args = MultiDict[str, str]


def bad(parameter: str, problem: str) -> WebError:
    """Return the 400 error for one parameter, naming it."""
    return WebError(400, f"Parameter '{parameter}': {problem}")


def query_text(args: Args) -> str:
    """Return the query text (q); the engine searches its first MAX_QUERY_CHARS characters and
    says so, and what it will never read is not kept (a request's text is a cache key)."""
    text = args.get("q", "")
    return text[:MAX_QUERY_CHARS * 4]


def page_number(args: Args) -> int:
    """Return the page asked for (parameter 'page'), 1 when absent."""
    return _number(args, "page", 1)


def parse_search_args(args: Args) -> SearchRequest:
    """Validate the search arguments; raise WebError(400) naming the first bad parameter."""
    date_from, date_to = _date(args, "from", end=False), _date(args, "to", end=True)
    if date_from and date_to and parse_bound(date_from, end=False) > parse_bound(date_to, end=True):
        raise bad("from", f"'{date_from}' is after the end date '{date_to}' (parameter 'to').")
    return SearchRequest(
        text=query_text(args),
        outlets=_values(args, "outlet"),
        authors=_values(args, "author"),
        date_from=date_from,
        date_to=date_to,
        sort=_sort(args.get("sort", "")),
        page=min(_number(args, "page", 1), MAX_PAGE),
        per_page=min(_number(args, "per_page", DEFAULT_PER_PAGE), MAX_PER_PAGE),
        verbatim=_flag(args, "exact"),
        by_article=_group(args.get("group", "")),
        every_copy=_dups(args.get("dups", "")),
        languages=_languages(args),
    )


def _languages(args: Args) -> tuple[str, ...]:
    """Return the languages asked for (parameter 'language', repeated), as lowercase codes."""
    codes = _values(args, "language")
    for code in codes:
        if not LANGUAGE_RE.fullmatch(code):
            raise bad("language", f"'{code[:40]}' is not a two-letter ISO 639-1 language code "
                                  "(e.g. en, es, pt).")
    return tuple(dict.fromkeys(code.lower() for code in codes))


def _values(args: Args, name: str) -> tuple[str, ...]:
    """Return a repeated parameter's distinct non-empty values, in order."""
    values = [v.strip() for v in args.getlist(name) if v.strip()]
    if len(values) > MAX_FILTER_VALUES:
        raise bad(name, f"given {len(values)} times; the limit is {MAX_FILTER_VALUES}.")
    if any(len(v) > MAX_FILTER_CHARS for v in values):
        raise bad(name, f"a value is longer than {MAX_FILTER_CHARS} characters.")
    return tuple(dict.fromkeys(values))


def _date(args: Args, name: str, *, end: bool) -> str | None:
    """Return a date bound as given (YYYY, YYYY-MM or YYYY-MM-DD), or None if empty."""
    value = args.get(name, "").strip()
    if not value:
        return None
    try:
        parse_bound(value, end=end)
    except ValueError:
        shown = value if len(value) <= 40 else value[:40] + "…"
        raise bad(name, f"'{shown}' is not a date; use YYYY, YYYY-MM or YYYY-MM-DD "
                        "(e.g. 2019, 2019-11 or 2019-11-13).") from None
    return value


def _sort(value: str) -> Sort:
    """Return the sort order; absent or empty means relevance."""
    wanted = value.strip() or "relevance"
    for sort in SORTS:
        if wanted == sort:
            return sort
    raise bad("sort", "must be one of " + ", ".join(SORTS) + ".")


def _group(value: str) -> bool:
    """Return whether results are grouped by article (group=article); empty means not."""
    if value.strip() not in ("", "article"):
        raise bad("group", "must be 'article' (one result per article) or empty.")
    return value.strip() == "article"


def _dups(value: str) -> bool:
    """Return whether every near-identical paragraph is listed (dups=show); empty means each
    group of them is listed once."""
    if value.strip() not in ("", "show"):
        raise bad("dups", "must be 'show' (every near-identical paragraph) or empty.")
    return value.strip() == "show"


def _flag(args: Args, name: str) -> bool:
    """Return a yes/no parameter: 1 for yes; 0, empty or absent for no."""
    value = args.get(name, "").strip()
    if value not in ("", "0", "1"):
        raise bad(name, "must be 1 (yes) or 0 (no).")
    return value == "1"


def _number(args: Args, name: str, default: int) -> int:
    """Return a positive whole-number parameter, or its default when absent or empty."""
    value = args.get(name, "").strip()
    if not value:
        return default
    if not NUMBER_RE.fullmatch(value):
        raise bad(name, "must be a whole number, 1 or more.")
    digits = value.lstrip("0")
    number = 10**MAX_DIGITS if len(digits) > MAX_DIGITS else int(digits or "0")
    if number < 1:
        raise bad(name, "must be a whole number, 1 or more.")
    return number


def search_args(request: SearchRequest, **changes: Any) -> dict[str, Any]:
    """Return the URL arguments of a request with some fields changed, leaving out defaults."""
    r = replace(request, **changes)
    args: dict[str, Any] = {"q": r.text or None, "outlet": list(r.outlets) or None,
                            "author": list(r.authors) or None,
                            "language": list(r.languages) or None, "from": r.date_from,
                            "to": r.date_to}
    if r.sort != "relevance":
        args["sort"] = r.sort
    if r.page != 1:
        args["page"] = r.page
    if r.per_page != DEFAULT_PER_PAGE:
        args["per_page"] = r.per_page
    if r.verbatim:
        args["exact"] = 1
    if r.by_article:
        args["group"] = "article"
    if r.every_copy:
        args["dups"] = "show"
    return {k: v for k, v in args.items() if v is not None}
