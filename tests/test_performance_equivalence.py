"""Speed-ups change how fast answers come, never the answers: same ids, order, totals, facets."""

from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from whoosh import index as whoosh_index
from whoosh import query
from whoosh.codec.whoosh3 import W3PerDocReader
from whoosh.reading import MultiReader, SegmentReader

from search.engine import search
from search.index.build import build_index
from search.models import SearchRequest, SearchResult
from search.store.generations import current_generation, generation_dir
from search.web import create_app
from search.whoosh.handle import IndexHandle
from search.whoosh.run import _sorting, by_date
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


def ranked_groups(result: SearchResult) -> list[tuple[float, frozenset[str]]]:
    """Return the hits as groups of equal score, best first (order within a group aside)."""
    groups: dict[float, set[str]] = {}
    for hit in result.hits:
        groups.setdefault(hit.score, set()).add(hit.pid)
    return [(score, frozenset(pids)) for score, pids in groups.items()]


def test_multiprocess_build_gives_the_same_answers(real_corpus: Path, tmp_path: Path) -> None:
    """Same totals, facets and ranking; hits of exactly equal score may swap places.

    Whoosh breaks score ties by document number, and several writer processes number the
    documents in the order they happen to finish (an incremental build renumbers changed
    articles in the same way), so only the order within a tie may differ.
    """
    assert build_index(real_corpus, tmp_path / "single", procs=1).published
    assert build_index(real_corpus, tmp_path / "multi", procs=2).published
    multi = tmp_path / "multi"
    ix = whoosh_index.open_dir(str(generation_dir(multi, current_generation(multi) or "")))
    assert len(ix._segments()) > 1  # the writer processes really each wrote a segment
    ix.close()
    single, parallel = IndexHandle(tmp_path / "single"), IndexHandle(multi)
    for request in REQUESTS:
        whole = replace(request, page=1, per_page=1000)
        one, two = search(single, whole), search(parallel, whole)
        assert answer(two)[:3] + answer(two)[4:] == answer(one)[:3] + answer(one)[4:], request
        assert ranked_groups(two) == ranked_groups(one), request
        if request.sort != "relevance" or not request.text:  # date order has no ties
            assert answer(search(parallel, request)) == answer(search(single, request))


def test_date_ranks_give_whooshs_date_order(real_index: IndexHandle) -> None:
    """Date sorts use ranks worked out once per generation instead of Whoosh's sort."""
    with real_index.searcher() as (gen, searcher):
        for sort in ("newest", "oldest"):
            order = _sorting(SearchRequest(sort=sort), has_text=True)
            expected = [h.docnum for h in searcher.search(query.Every(), limit=None,
                                                           sortedby=order)]
            rank = gen.date_rank(searcher, newest=sort == "newest")
            assert len(expected) > 100
            assert sorted(expected, key=rank.__getitem__) == expected
            assert gen.date_order(searcher, newest=sort == "newest").tolist() == expected
            # the first of a set in date order, from the whole order or by sorting the set
            for docs in (set(expected), set(expected[::3]), set(expected[5:9])):
                mask = np.zeros(searcher.doc_count_all(), dtype=np.bool_)
                mask[list(docs)] = True
                first = by_date(gen, searcher, mask, sort == "newest", 20)
                assert first == [d for d in expected if d in docs][:20]


def test_api_answers_from_the_body_cache_are_the_answers_without_it(
        write_article: WriteArticle, corpus_dir: Path, index_dir: Path) -> None:
    write_article("one", "The coup was announced.\n\nThe police and the coup.")
    build_index(corpus_dir, index_dir)
    plain = create_app({"TESTING": True, "INDEX_DIR": str(index_dir), "RESULT_CACHE": 0})
    cached = create_app({"TESTING": True, "INDEX_DIR": str(index_dir), "RESULT_CACHE": 8})
    paths = ["/api/search?q=coup", "/api/search?q=coup&sort=newest", "/api/search?q=police"]
    expected = [plain.test_client().get(p).get_data() for p in paths]
    client = cached.test_client()
    for _ in range(2):
        answers = [client.get(p) for p in paths]
        assert [a.get_data() for a in answers] == expected
        assert all(a.mimetype == "application/json" for a in answers)
    assert client.get(paths[0]).json["total"] == 2  # type: ignore[index]
    write_article("two", "Another coup, another paragraph.")
    build_index(corpus_dir, index_dir)  # a new generation: no body of the old one is served
    assert client.get(paths[0]).json["total"] == 3  # type: ignore[index]


def test_a_warmed_app_reads_no_column_during_its_first_searches(
        real_index: IndexHandle, monkeypatch: pytest.MonkeyPatch) -> None:
    app = create_app({"TESTING": True, "INDEX_DIR": str(real_index.index_dir), "WARM": True,
                      "RESULT_CACHE": 0})

    warmed = {"slug", "date_start", "number", "_text_len"}  # what warming works out from

    def refusing(cls: Any) -> Any:
        original = cls.column_reader

        def column_reader(self: Any, fieldname: str, *args: Any, **kwargs: Any) -> Any:
            if fieldname in warmed:
                raise AssertionError(f"the {fieldname} column was read during a search")
            return original(self, fieldname, *args, **kwargs)
        return column_reader

    for cls in (SegmentReader, MultiReader, W3PerDocReader):
        monkeypatch.setattr(cls, "column_reader", refusing(cls))
    client = app.test_client()
    for path in ("/api/search?q=coup", "/api/search?q=coup&sort=newest",
                 "/api/search?sort=oldest", '/api/search?q="armed+forces"'):
        answer = client.get(path)
        assert answer.status_code == 200 and answer.json is not None, path
        assert answer.json["total"] > 0 and answer.json["results"], path
