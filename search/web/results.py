"""What the results page shows beside the hits: the count line, facet options, the timeline."""

from dataclasses import dataclass

from search.models import CorpusStats, SearchResult
from search.web.links import month_url
from search.web.timeline import Chart, build_chart


@dataclass(frozen=True)
class FacetOption:
    """One checkbox: a value, how many matches it has with the other filters, whether ticked."""

    value: str
    count: int
    checked: bool


def plural(n: int, word: str) -> str:
    """Return '1 paragraph' or '2 paragraphs'."""
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def count_line(result: SearchResult) -> str:
    """Say how many paragraphs match all the words, in how many articles and outlets."""
    if not result.total:
        return "No paragraphs match all of your words." if result.hits else "No paragraphs match."
    return (f"{plural(result.total, 'paragraph')} in {plural(result.article_count, 'article')} "
            f"from {plural(result.outlet_count, 'outlet')}")


def outlet_options(stats: CorpusStats, result: SearchResult) -> list[FacetOption]:
    """List every outlet of the corpus alphabetically (a stable list), ticked ones included."""
    counts = dict(result.outlet_facets)
    ticked = set(result.request.outlets)
    names = sorted({name for name, _ in stats.outlets} | ticked)
    return [FacetOption(name, counts.get(name, 0), name in ticked) for name in names]


def author_options(result: SearchResult) -> list[FacetOption]:
    """List the authors the search is limited to, so each can be unticked."""
    counts = dict(result.author_facets)
    return [FacetOption(name, counts.get(name, 0), True) for name in result.request.authors]


def timeline_chart(stats: CorpusStats, result: SearchResult) -> Chart | None:
    """Lay out the timeline; each month's bar links to the search limited to that month."""
    return build_chart(result.timeline, [name for name, _ in stats.outlets],
                       lambda month: month_url(result.request, month))
