"""Facet counts and the timeline, worked out as arrays (search/whoosh/facets.py), are the plain
counts of the matching paragraphs' stored fields, under every mix of filters, on an index of several
segments with deleted documents."""

from collections import Counter
from pathlib import Path

import pytest

from search.corpus.dates import parse_bound
from search.engine import search
from search.index.build import build_index
from search.models import SearchRequest
from search.whoosh.budget import Budget
from search.whoosh.handle import IndexHandle
from search.whoosh.run import plan
from tests.conftest import WriteArticle
from tests.test_performance_matching import whoosh_set

OUTLETS = ["Red Flag", "Wedge", "The Voice", "Daily Herald"]
AUTHORS = ["Ann", "Bo", "Cy", "Di", "Ed"]
WORDS = ["coup", "police", "election", "workers"]


def write_corpus(write_article: WriteArticle, version: int) -> None:
    for n in range(24):
        words = [WORDS[(n + k) % 4] for k in range(1 + n % 3)]
        body = "\n\n".join(f"Paragraph {p} of article {n} on the {' and the '.join(words)}."
                           for p in range(1 + n % 4))
        if version and n % 5 == 0:
            body += f"\n\nAn update about the coup, version {version}."
        if version and n == 7:
            continue  # removed from the corpus
        write_article(f"a{n:02d}", body, outlet=OUTLETS[n % 4],
                      authors=[AUTHORS[n % 5]] + ([AUTHORS[(n + 2) % 5]] if n % 3 == 0 else []),
                      date=f"{2019 + n % 3}-{1 + n % 12:02d}-{1 + n % 27:02d}")


@pytest.fixture
def updated(write_article: WriteArticle, corpus_dir: Path, index_dir: Path) -> IndexHandle:
    write_corpus(write_article, 0)
    assert build_index(corpus_dir, index_dir).published
    (corpus_dir / "a07.md").unlink()
    write_corpus(write_article, 1)
    report = build_index(corpus_dir, index_dir)
    assert report.published and not report.rebuilt
    return IndexHandle(index_dir)


REQUESTS = [SearchRequest(text=w) for w in WORDS] + [
    SearchRequest(text="coup", outlets=("Wedge",)),
    SearchRequest(text="coup OR police", outlets=("Wedge", "Daily Herald", "Nowhere")),
    SearchRequest(text="police", authors=("Bo",)),
    SearchRequest(text="election", authors=("Ann", "Cy"), outlets=("Red Flag", "The Voice")),
    SearchRequest(text="workers", date_from="2020-03", date_to="2021-06"),
    SearchRequest(text="coup", date_from="2021", outlets=("The Voice",), authors=("Di",)),
    SearchRequest(text="update", sort="newest"),
    SearchRequest(sort="oldest", date_to="2020"),
    SearchRequest(text="coup", authors=("Nobody",)),
]


def test_counts_are_the_stored_fields_counted(updated: IndexHandle) -> None:
    checked = 0
    with updated.searcher() as (gen, searcher):
        assert searcher.reader().has_deletions() and len(searcher.reader().leaf_readers()) > 1
        for req in REQUESTS:
            result = search(updated, req)
            assert result.error is None, req
            docs = whoosh_set(searcher, plan(gen, searcher, req, Budget(None)).strict)
            lo = parse_bound(req.date_from, end=False) if req.date_from else None
            hi = parse_bound(req.date_to, end=True) if req.date_to else None
            outlets: Counter[str] = Counter()
            authors: Counter[str] = Counter()
            timeline: Counter[tuple[str, str]] = Counter()
            total, articles = 0, set()
            for doc in docs:
                slug = searcher.stored_fields(doc)["slug"]
                meta = gen.articles[slug]
                in_outlet = not req.outlets or meta.outlet in req.outlets
                by_author = not req.authors or bool(set(req.authors) & set(meta.authors))
                in_dates = (hi is None or meta.date_start <= hi) and \
                    (lo is None or meta.date_end >= lo)
                if by_author and in_dates:
                    outlets[meta.outlet] += 1
                if in_outlet and in_dates:
                    authors.update(meta.authors)
                if in_outlet and by_author and in_dates:
                    timeline[(meta.date_start[:7], meta.outlet)] += 1
                    total += 1
                    articles.add(slug)
            assert result.total == total, req
            assert dict(result.outlet_facets) == dict(outlets), req
            assert dict(result.author_facets) == dict(authors), req
            assert {(b.month, b.outlet): b.count for b in result.timeline} == dict(timeline), req
            assert [b.month for b in result.timeline] == sorted(b.month for b in result.timeline)
            assert result.article_count == len(articles), req
            assert result.outlet_count == len({gen.articles[s].outlet for s in articles}), req
            checked += total
    assert checked > 50

