"""The home, results and about pages."""

from flask import Blueprint, render_template, request

from search.engine.lookup import corpus_stats
from search.models import SearchResult
from search.web import filters
from search.web.calls import get_handle, run_search
from search.web.errors import WebError
from search.web.help import EXAMPLES, SHORT
from search.web.links import pagination
from search.web.nothing import ways_forward
from search.web.params import DEFAULT_PER_PAGE, search_args
from search.web.recover import kept_request, refused
from search.web.results import count_line, timeline_chart

bp = Blueprint("pages", __name__)


@bp.get("/")
def home() -> str:
    """Show the search box, what the corpus holds, and the query syntax in brief."""
    return render_template("home.html", stats=corpus_stats(get_handle()), examples=SHORT)


@bp.get("/search")
def search() -> str | tuple[str, int]:
    """Show one page of ranked paragraphs with the count, filters, timeline and pagination;
    a search that cannot be run is shown again with the reason above the form (still a 400,
    or 503 when it ran out of time), its query and filters kept."""
    try:
        return results_page(run_search(request.args))
    except WebError as exc:
        return results_page(refused(kept_request(request.args), exc.message)), exc.status


def results_page(result: SearchResult) -> str:
    """Render the results page of a search (or of one refused, whose result says why)."""
    req = result.request
    stats = corpus_stats(get_handle())
    chips = filters.chips(req)
    return render_template(
        "search.html", result=result, req=req, count_line=count_line(result),
        range_line=filters.range_line(result), chips=chips, clear_url=filters.clear_url(req),
        outlets=filters.outlet_links(stats, result), authors=filters.author_links(result),
        languages=filters.language_links(result),
        periods=filters.period_links(result), sorts=filters.sort_links(req),
        groupings=filters.grouping_links(req), copies=filters.copies_links(result),
        ways=ways_forward(get_handle(), result),
        chart=timeline_chart(stats, result), pages=pagination(result),
        research_args=search_args(req, page=1, per_page=DEFAULT_PER_PAGE),
        page_args=search_args(req),
    )


@bp.get("/about")
def about() -> str:
    """Explain the query syntax with working examples, and list the outlets."""
    return render_template("about.html", stats=corpus_stats(get_handle()), examples=EXAMPLES)
