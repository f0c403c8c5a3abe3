"""Speed-ups change how fast answers come, never the answers: same ids, order, totals, facets."""

from pathlib import Path
from typing import Any

from search.build import build_index
from search.engine import search
from search.models import SearchRequest, SearchResult
from search.reader import IndexHandle
from tests.conftest import WriteArticle

REQUESTS = [
    SearchRequest(text="coup"),
    SearchRequest(text="coup", page=2),
    SearchRequest(text="police", sort="newest"),
    SearchRequest(text="election", sort="oldest", date_from="2020"),
    SearchRequest(text='"armed forces"'),
    SearchRequest(text="morales resignation military"),
    SearchRequest(text="Choquehuanka"),  # spelling variants and a suggestion
    SearchRequest(text="elect*"),
    SearchRequest(text="coup -military"),
    SearchRequest(text="coup", outlets=("Red Flag",)),
    SearchRequest(text="workers", date_from="2019-11", date_to="2019-12"),
    SearchRequest(sort="newest"),
    SearchRequest(text="NOT"),  # cannot be searched: the error is an answer too
]


def answer(result: SearchResult) -> tuple[Any, ...]:
    """Return everything a page shows, except the generation id."""
    return (result.total, result.article_count, result.outlet_count,
            [(h.pid, h.score, h.highlight, h.all_words) for h in result.hits],
            result.outlet_facets, result.author_facets, result.timeline, result.interpreted,
            result.suggestion, result.notices, result.partial, result.error)


def test_result_cache_gives_the_same_answers(real_index: IndexHandle) -> None:
    plain = IndexHandle(real_index.index_dir, cache_size=0)
    cached = IndexHandle(real_index.index_dir, cache_size=4)  # fewer than REQUESTS: evictions
    expected = [answer(search(plain, r)) for r in REQUESTS]
    assert sum(e[0] for e in expected) > 100  # the requests do find things
    for _ in range(2):  # first filling the cache, then (partly) from it
        assert [answer(search(cached, r)) for r in REQUESTS] == expected
    assert len(cached.results) == 4
    assert len(plain.results) == 0


def test_cached_result_is_not_served_for_a_new_generation(
        write_article: WriteArticle, corpus_dir: Path, index_dir: Path) -> None:
    write_article("one", "The coup was announced.")
    build_index(corpus_dir, index_dir)
    handle = IndexHandle(index_dir, cache_size=8)
    assert search(handle, SearchRequest(text="coup")).total == 1
    write_article("two", "Another coup, another paragraph.")
    build_index(corpus_dir, index_dir)
    assert search(handle, SearchRequest(text="coup")).total == 2
