"""What the results page shows beside the hits: the count line and the timeline."""

from search.models import CorpusStats, SearchResult
from search.web.links import month_url
from search.web.timeline import Chart, build_chart


def plural(n: int, word: str) -> str:
    """Return '1 paragraph' or '2 paragraphs'."""
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def count_line(result: SearchResult) -> str:
    """Say how many paragraphs match all the words, in how many articles and outlets."""
    if not result.total:
        return "No paragraphs match all of your words." if result.hits else "No paragraphs match."
    if result.request.by_article:
        return (f"{plural(result.article_count, 'article')} from "
                f"{plural(result.outlet_count, 'outlet')} ({plural(result.total, 'paragraph')}),"
                " the best paragraph of each")
    where = (f"in {plural(result.article_count, 'article')} from "
             f"{plural(result.outlet_count, 'outlet')}")
    if result.grouped and result.copies:
        return (f"{plural(result.listed, 'result')} ({plural(result.total, 'paragraph')} {where};"
                " near-identical paragraphs counted once)")
    return f"{plural(result.total, 'paragraph')} {where}"


def timeline_chart(stats: CorpusStats, result: SearchResult) -> Chart | None:
    """Lay out the timeline; each month's bar links to the search limited to that month."""
    return build_chart(result.timeline, [name for name, _ in stats.outlets],
                       lambda month: month_url(result.request, month))
