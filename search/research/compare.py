"""Compare outlets: for one query, each outlet's matching paragraphs, as a count and as a share
of the outlet's paragraphs (so a long article does not look like more coverage), highest share
first, with the dates they span and the month-by-outlet timeline."""

from collections import Counter
from dataclasses import dataclass, field, replace

import numpy as np

from search.models import ArticleMeta, Hit, SearchRequest, TimelineBucket
from search.whoosh.describe import describe
from search.whoosh.facets import Catalogue
from search.whoosh.handle import IndexHandle
from search.whoosh.highlight import query_marks
from search.whoosh.run import make_hit, ordered, plan
from search.whoosh.spelling import typed_forms

MAX_COLUMNS = 20
PER_OUTLET = 3


@dataclass(frozen=True)
class OutletColumn:
    """One outlet's part of the answer."""

    outlet: str
    count: int  # matching paragraphs
    paragraphs: int  # the outlet's paragraphs that pass the date and author filters
    hits: list[Hit]
    first: str | None = None  # the stated date of the earliest article with a match
    last: str | None = None  # ... and of the latest

    @property
    def share(self) -> float:
        """Return the matching paragraphs as a fraction of the outlet's paragraphs."""
        return self.count / self.paragraphs if self.paragraphs else 0.0


@dataclass
class Comparison:
    """A column per outlet, highest share first."""

    request: SearchRequest
    total: int
    columns: list[OutletColumn]
    interpreted: str
    generation: str
    notices: list[str] = field(default_factory=list)
    timeline: list[TimelineBucket] = field(default_factory=list)


def compare(handle: IndexHandle, request: SearchRequest,
            per_outlet: int = PER_OUTLET) -> Comparison:
    """Compare the outlets on one query; raise QueryError or SearchTimeout.

    Outlets named in the request are the columns; otherwise every outlet with paragraphs in
    the date, author and language range; highest share first (then most matches, then by
    name), up to MAX_COLUMNS.
    """
    request = replace(request, page=1)
    with handle.searcher() as (gen, searcher), handle.budget() as budget:
        p = plan(gen, searcher, request, budget)
        cat = gen.catalogue(searcher)
        paragraphs: Counter[str] = Counter()
        for n in np.flatnonzero(p.filters.date & p.filters.author & p.filters.language):
            paragraphs[cat.outlets[cat.outlet[n]]] += len(gen.pids[cat.slugs[n]])
        matched = np.flatnonzero(p.counts.matched)
        codes = cat.outlet[cat.article_of[matched]]  # each match's outlet
        docs = {cat.outlets[c]: set(matched[codes == c].tolist())
                for c in np.unique(codes).tolist()}
        outlets = list(request.outlets) or list(paragraphs)
        outlets.sort(key=lambda o: (-_share(len(docs.get(o, ())), paragraphs.get(o, 0)),
                                    -len(docs.get(o, ())), o))
        notices = list(p.notices)
        if len(outlets) > MAX_COLUMNS:
            notices.append(f"Showing the {MAX_COLUMNS} outlets with the highest shares of "
                           f"{len(outlets)}.")
            outlets = outlets[:MAX_COLUMNS]
        marks = query_marks(p.parsed.strict)
        columns = []
        for outlet in outlets:
            mine = docs.get(outlet, set())
            best = ordered(gen, searcher, request, p, budget, docs=mine, limit=per_outlet)
            first, last = _span(gen.articles, cat, mine)
            columns.append(OutletColumn(
                outlet=outlet, count=len(mine), paragraphs=paragraphs.get(outlet, 0),
                hits=[make_hit(gen, searcher, d, score, marks) for d, score in best],
                first=first, last=last))
        return Comparison(request=request, total=p.counts.total, columns=columns,
                          interpreted=describe(p.parsed.strict,
                                                      typed_forms(p.parsed.words, gen.languages)),
                          generation=gen.gid, notices=notices, timeline=p.counts.timeline)


def _share(count: int, paragraphs: int) -> float:
    """Return count / paragraphs, 0 for an outlet without paragraphs in range."""
    return count / paragraphs if paragraphs else 0.0


def _span(articles: dict[str, ArticleMeta], cat: Catalogue,
          docs: set[int]) -> tuple[str | None, str | None]:
    """Return the stated dates of the earliest and the latest article among the documents."""
    if not docs:
        return None, None
    numbers = np.unique(cat.article_of[np.fromiter(docs, dtype=np.int64)])
    first = numbers[np.argmin(cat.date_start[numbers])]
    last = numbers[np.argmax(cat.date_end[numbers])]
    return articles[cat.slugs[first]].date, articles[cat.slugs[last]].date
