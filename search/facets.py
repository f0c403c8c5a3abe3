"""Counts over the matching set: outlet and author facets, and the month-by-outlet timeline.

Facets work per article (every paragraph of an article shares its outlet, authors and date), so
each matching paragraph costs one column lookup for its article slug.
"""

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from search.models import ArticleMeta, SearchRequest, TimelineBucket


@dataclass
class Filters:
    """For each filter dimension, the articles that pass it."""

    outlet: set[str]
    author: set[str]
    date: set[str]

    @property
    def all(self) -> set[str]:
        """Return the articles that pass every filter."""
        return self.outlet & self.author & self.date


def article_filters(articles: dict[str, ArticleMeta], request: SearchRequest,
                    date_from: str | None, date_to: str | None) -> Filters:
    """Work out which articles each of the request's filters lets through."""
    outlets, authors = set(request.outlets), set(request.authors)
    return Filters(
        outlet={s for s, a in articles.items() if not outlets or a.outlet in outlets},
        author={s for s, a in articles.items() if not authors or authors & set(a.authors)},
        date={s for s, a in articles.items()
              if (date_to is None or a.date_start <= date_to)
              and (date_from is None or a.date_end >= date_from)},
    )


@dataclass
class Counts:
    """The facet counts and timeline of one search."""

    total_docs: set[int]
    outlets: list[tuple[str, int]]
    authors: list[tuple[str, int]]
    timeline: list[TimelineBucket]
    article_count: int
    outlet_count: int


def count(matches: Iterable[int], slug_of: list[str], articles: dict[str, ArticleMeta],
          filters: Filters) -> Counts:
    """Count matches by outlet (ignoring the outlet filter), author (ignoring the author
    filter), and month and outlet (all filters)."""
    docs = matches if isinstance(matches, set) else set(matches)
    per_article = Counter(map(slug_of.__getitem__, docs))  # one pass, in C
    outlets: Counter[str] = Counter()
    authors: Counter[str] = Counter()
    timeline: Counter[tuple[str, str]] = Counter()
    passing = filters.all
    unfiltered = len(passing) == len(articles)  # then every count counts every match
    for slug, n in per_article.items():
        meta = articles[slug]
        if unfiltered or slug in filters.author and slug in filters.date:
            outlets[meta.outlet] += n
        if unfiltered or slug in filters.outlet and slug in filters.date:
            for author in meta.authors:
                authors[author] += n
        if unfiltered or slug in passing:
            timeline[(meta.month, meta.outlet)] += n
    kept = [s for s in per_article if s in passing]
    if len(kept) < len(per_article):  # some matching articles are filtered out
        docs = {d for d in docs if slug_of[d] in passing}
    return Counts(
        total_docs=docs,
        outlets=sorted(outlets.items(), key=lambda kv: (-kv[1], kv[0])),
        authors=sorted(authors.items(), key=lambda kv: (-kv[1], kv[0])),
        timeline=[TimelineBucket(m, o, n) for (m, o), n in sorted(timeline.items())],
        article_count=len(kept),
        outlet_count=len({articles[s].outlet for s in kept}),
    )
