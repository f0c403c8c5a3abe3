"""The home, results and about pages."""

from flask import Blueprint, render_template, request

from search.engine.lookup import corpus_stats
from search.web.calls import get_handle, run_search
from search.web.help import EXAMPLES, SHORT
from search.web.links import pagination
from search.web.params import DEFAULT_PER_PAGE, search_args
from search.web.results import author_options, count_line, outlet_options, timeline_chart

bp = Blueprint("pages", __name__)


@bp.get("/")
def home() -> str:
    """Show the search box, what the corpus holds, and the query syntax in brief."""
    return render_template("home.html", stats=corpus_stats(get_handle()), examples=SHORT)


@bp.get("/search")
def search() -> str:
    """Show one page of ranked paragraphs with the count, facets, timeline and pagination."""
    result = run_search(request.args)
    stats = corpus_stats(get_handle())
    return render_template(
        "search.html", result=result, req=result.request, count_line=count_line(result),
        outlets=outlet_options(stats, result), authors=author_options(result),
        chart=timeline_chart(stats, result), pages=pagination(result),
        research_args=search_args(result.request, page=1, per_page=DEFAULT_PER_PAGE),
        page_args=search_args(result.request),
    )


@bp.get("/about")
def about() -> str:
    """Explain the query syntax with working examples, and list the outlets."""
    return render_template("about.html", stats=corpus_stats(get_handle()), examples=EXAMPLES)
