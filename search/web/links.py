"""URLs built in Python, so templates and JSON link to the same places."""

from dataclasses import dataclass
from typing import Any

from flask import current_app, request, url_for

from search.engine.lookup import page_of
from search.models import SearchRequest, SearchResult
from search.web.params import search_args

PAGE_WINDOW = 2


@dataclass(frozen=True)
class PageLink:
    """One entry of the pagination: a page number (or a gap) and where it leads."""

    label: str
    url: str | None
    current: bool = False


@dataclass(frozen=True)
class Pagination:
    """Links to the previous and next pages, and to numbered pages."""

    previous: str | None
    next: str | None
    links: list[PageLink]


def origin() -> str:
    """Return the origin absolute links start with: the configured base URL, or the scheme
    and Host of this request (a Host already checked against TRUSTED_HOSTS)."""
    base: str | None = current_app.config.get("BASE_URL")
    return base or request.host_url.rstrip("/")


def external_url(endpoint: str, **values: Any) -> str:
    """Return the absolute URL of an endpoint, from origin()."""
    return origin() + url_for(endpoint, **values)


def _url(endpoint: str, external: bool, **values: Any) -> str:
    return external_url(endpoint, **values) if external else url_for(endpoint, **values)


def permalink(slug: str, pid: str, external: bool = False) -> str:
    """Return a paragraph's canonical, permanent URL."""
    return _url("reading.paragraph", external, slug=slug, pid=pid)


def article_url(slug: str, q: str = "", number: int | None = None,
                external: bool = False) -> str:
    """Return an article's URL, optionally highlighting a query and pointing at a paragraph
    (on the page of the article that shows it)."""
    anchor = f"p{number}" if number is not None else None
    page = page_of(number) if number is not None else 1
    return _url("reading.article", external, slug=slug, q=q or None,
                page=page if page > 1 else None, _anchor=anchor)


def article_page_url(slug: str, q: str, page: int) -> str:
    """Return the URL of one page of an article."""
    return url_for("reading.article", slug=slug, q=q or None, page=page if page > 1 else None)


def search_url(request: SearchRequest, **changes: Any) -> str:
    """Return the search page's URL for this request with some fields changed."""
    return url_for("pages.search", **search_args(request, **changes))


def month_url(request: SearchRequest, month: str) -> str:
    """Return the search limited to one month (YYYY-MM), keeping the query and other filters."""
    return search_url(request, date_from=month, date_to=month, page=1)


def pagination(result: SearchResult) -> Pagination:
    """Return the pagination: previous, next, and the first, last and nearby pages with gaps."""
    request = result.request
    current, last = request.page, result.pages
    wanted = {1, last, *range(current - PAGE_WINDOW, current + PAGE_WINDOW + 1)}
    links: list[PageLink] = []
    shown = 0
    for n in sorted(n for n in wanted if 1 <= n <= last):
        if n > shown + 1:
            links.append(PageLink("…", None))
        links.append(PageLink(str(n), search_url(request, page=n), current=n == current))
        shown = n
    previous = search_url(request, page=min(current - 1, last)) if current > 1 else None
    following = search_url(request, page=current + 1) if current < last else None
    return Pagination(previous, following, links)


def http_url(url: str | None) -> str | None:
    """Return an article's original URL if it is http(s), so no other scheme becomes a link."""
    if url and url.lower().startswith(("https://", "http://")):
        return url
    return None
