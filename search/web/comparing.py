"""What the comparison page shows: outlets as bars of their shares, the filters that narrow it,
and the month-by-outlet timeline."""

from dataclasses import dataclass

from flask import url_for

from search.corpus.dates import display_date
from search.models import CorpusStats, SearchRequest
from search.research.compare import Comparison, OutletColumn
from search.web.links import month_url, search_url
from search.web.params import search_args
from search.web.results import plural
from search.web.timeline import Chart, build_chart, colours


@dataclass(frozen=True)
class ShareRow:
    """One outlet's line in the share chart."""

    column: OutletColumn
    figures: str  # '12 of 40 paragraphs, 30%'
    width: float  # the bar's length, in % of the longest possible (a share of 100%)
    css: str  # the outlet's colour class, as in the timeline
    dates: str  # 'November 2019 – January 2020', or '' without matches
    href: str  # the search limited to this outlet


@dataclass(frozen=True)
class Narrowing:
    """A note that filters narrow the comparison, and the link that lifts them."""

    text: str
    href: str
    label: str


def percent(share: float) -> str:
    """Render a share as a percentage: '30%', '4.5%', '0.8%'."""
    value = share * 100
    return f"{value:.0f}%" if value >= 10 or value == 0 else f"{value:.1f}%"


def span(first: str | None, last: str | None) -> str:
    """Render the dates of an outlet's matches: one date, or 'first – last'."""
    if first is None or last is None:
        return ""
    if first == last:
        return display_date(first)
    return f"{display_date(first)} – {display_date(last)}"


def share_rows(comparison: Comparison, stats: CorpusStats) -> list[ShareRow]:
    """Lay out one row per column, in the comparison's order (highest share first)."""
    css = colours([name for name, _ in stats.outlets])
    req = comparison.request
    return [ShareRow(
        c, f"{c.count} of {plural(c.paragraphs, 'paragraph')}, {percent(c.share)}",
        round(c.share * 100, 2), css.get(c.outlet, "c0"), span(c.first, c.last),
        search_url(req, outlets=(c.outlet,), page=1)) for c in comparison.columns]


def narrowing(req: SearchRequest, stats: CorpusStats) -> list[Narrowing]:
    """Say which filters narrow the comparison, each with a link to the comparison without."""
    notes = []
    if req.outlets and len(req.outlets) < len(stats.outlets):
        n = len(req.outlets)
        notes.append(Narrowing(
            f"Only {plural(n, 'outlet')} {'is' if n == 1 else 'are'} compared because of "
            f"the outlet filter.", compare_url(req, outlets=()), "Compare all outlets"))
    if req.date_from or req.date_to or req.authors or req.languages:
        parts = [f"from {req.date_from}" if req.date_from else "",
                 f"to {req.date_to}" if req.date_to else "",
                 f"by {', '.join(req.authors)}" if req.authors else "",
                 f"in {', '.join(req.languages)}" if req.languages else ""]
        notes.append(Narrowing(
            f"Counts and shares are of the paragraphs {' '.join(p for p in parts if p)} only.",
            compare_url(req, date_from=None, date_to=None, authors=(), languages=()),
            "Compare over all dates, authors and languages" if req.languages
            else "Compare over all dates and authors"))
    return notes


def compare_url(req: SearchRequest, **changes: object) -> str:
    """Return the comparison's URL for this request with some fields changed."""
    return url_for("research.compare_page", **search_args(req, page=1, **changes))


def compare_chart(comparison: Comparison, stats: CorpusStats) -> Chart | None:
    """Lay out the timeline of the compared matches; a bar links to the search in its month."""
    return build_chart(comparison.timeline, [name for name, _ in stats.outlets],
                       lambda month: month_url(comparison.request, month))
