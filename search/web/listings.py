"""The list of articles (/a), sortable, and of outlets (/outlets), each linking to searches."""

from flask import Blueprint, render_template, request

from search.engine.listing import ArticleEntry, article_list
from search.engine.lookup import corpus_stats
from search.web.calls import get_handle

bp = Blueprint("listings", __name__)

ORDERS = {
    "newest": ("Newest first", lambda e: (e.meta.date_start, e.meta.slug), True),
    "oldest": ("Oldest first", lambda e: (e.meta.date_start, e.meta.slug), False),
    "title": ("Title", lambda e: (e.meta.title.casefold(), e.meta.slug), False),
    "outlet": ("Outlet", lambda e: (e.meta.outlet.casefold(), e.meta.date_start), False),
    "paragraphs": ("Most paragraphs", lambda e: (e.paragraphs, e.meta.slug), True),
}


def ordered(entries: list[ArticleEntry], order: str) -> list[ArticleEntry]:
    """Sort the articles by one of ORDERS (an unknown order is the default, newest first)."""
    _, key, reverse = ORDERS.get(order, ORDERS["newest"])
    return sorted(entries, key=key, reverse=reverse)


@bp.get("/a")
def articles() -> str:
    """List the articles: title, outlet, date and paragraphs, in a chosen order."""
    order = request.args.get("sort", "newest")
    order = order if order in ORDERS else "newest"
    return render_template("articles.html", entries=ordered(article_list(get_handle()), order),
                           order=order, orders={k: v[0] for k, v in ORDERS.items()})


@bp.get("/outlets")
def outlets() -> str:
    """List the outlets with their articles and paragraphs, each linking to its search."""
    counts: dict[str, int] = {}
    for entry in article_list(get_handle()):
        counts[entry.meta.outlet] = counts.get(entry.meta.outlet, 0) + 1
    stats = corpus_stats(get_handle())
    return render_template("outlets.html", stats=stats, article_counts=counts)
