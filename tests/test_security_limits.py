"""Bounded work per query: each documented limit, hit by a query built to hit it.

Time is measured by a clock the tests control, so nothing here depends on the machine's speed.
"""

from pathlib import Path

import pytest
from flask import Flask
from whoosh import query

from search.engine import MAX_PAGE, search
from search.index.build import build_index
from search.models import SearchRequest
from search.query.text import MAX_EXPANSION, MAX_WORD_CHARS, MAX_WORDS
from search.web import create_app
from search.whoosh import facets, parser
from search.whoosh import run as engine
from search.whoosh.budget import CHECK_EVERY
from search.whoosh.handle import IndexHandle
from search.whoosh.parser import parse
from tests.conftest import Clock, WriteArticle

MATCHES = CHECK_EVERY * 3  # enough matching paragraphs for the ranking to look at the clock


@pytest.fixture
def big(corpus_dir: Path, index_dir: Path, write_article: WriteArticle) -> Path:
    """Index MATCHES paragraphs that all contain 'coup', spread over three outlets."""
    for n, outlet in enumerate(("Outlet A", "Outlet B", "Outlet C")):
        write_article(f"a{n}", "\n\n".join(f"Paragraph {i} about the coup in the year {i}."
                                           for i in range(MATCHES // 3)), outlet=outlet)
    assert build_index(corpus_dir, index_dir).published
    return index_dir


def test_a_search_out_of_time_before_counting_is_a_503(big: Path) -> None:
    app = create_app({"TESTING": True, "INDEX_DIR": str(big), "TIME_LIMIT": 0.0})
    client = app.test_client()
    api = client.get("/api/search?q=coup")
    assert api.status_code == 503
    assert api.json == {"error": {"status": 503, "message":
                        "The search was stopped: the search took longer than its limit of 0 s. "
                        "Try more specific words or narrower filters."}}
    page = client.get("/search?q=coup")
    assert page.status_code == 503
    assert "took longer than its limit" in page.get_data(as_text=True)
    # A query with no matches has nothing to count and answers at once, even with no time.
    none = client.get("/api/search?q=zebra")
    assert none.status_code == 200 and none.json is not None and none.json["total"] == 0


def test_ranking_out_of_time_gives_partial_results_that_are_not_cached(
        big: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    clock = Clock()
    handle = IndexHandle(big, cache_size=10, time_limit=1.0, clock=clock)
    counted = facets.count

    def count_then_run_out(*args: object) -> object:
        result = counted(*args)  # type: ignore[arg-type]
        clock.now += 5  # the counting used up the time: the ranking must stop early
        return result

    monkeypatch.setattr(engine, "count", count_then_run_out)
    request = SearchRequest(text="coup")
    partial = search(handle, request)
    assert partial.error is None and partial.timed_out
    assert partial.total == MATCHES  # the count is exact
    assert len(partial.hits) == 10  # a page of the best of the first matches ranked
    assert ("The search reached its time limit of 1 s while ranking: these are the best of "
            "the matches ranked by then.") in partial.notices
    assert len(handle.results) == 0  # not kept: the next search of it may finish

    monkeypatch.setattr(engine, "count", counted)
    whole = search(handle, request)
    assert not whole.timed_out and whole.notices == [] and whole.total == MATCHES
    assert len(handle.results) == 1


def test_partial_results_say_so_over_http(big: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    clock = Clock()
    app = create_app({"TESTING": True, "INDEX_DIR": str(big), "TIME_LIMIT": 1.0,
                      "CLOCK": clock})
    counted = facets.count

    def count_then_run_out(*args: object) -> object:
        result = counted(*args)  # type: ignore[arg-type]
        clock.now += 5
        return result

    monkeypatch.setattr(engine, "count", count_then_run_out)
    data = app.test_client().get("/api/search?q=coup").json
    assert data is not None
    assert data["total"] == MATCHES and len(data["results"]) == 10
    assert any("time limit" in n for n in data["notices"])


def test_the_time_limit_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch,
                                                   big: Path) -> None:
    monkeypatch.setenv("PRESS_SEARCH_TIME_LIMIT", "0.25")
    assert create_app({"INDEX_DIR": str(big)}).config["TIME_LIMIT"] == 0.25
    monkeypatch.setenv("PRESS_SEARCH_TIME_LIMIT", "0")
    assert create_app({"INDEX_DIR": str(big)}).config["TIME_LIMIT"] is None
    monkeypatch.setenv("PRESS_SEARCH_TIME_LIMIT", "soon")
    assert create_app({"INDEX_DIR": str(big)}).config["TIME_LIMIT"] == 2.0


@pytest.fixture
def many_words(corpus_dir: Path, index_dir: Path, write_article: WriteArticle) -> IndexHandle:
    """Index 120 words pre000 … pre119, where pre<n> is in n + 1 paragraphs (of 120)."""
    body = "\n\n".join(" ".join(f"pre{n:03d}" for n in range(k, 120)) for k in range(120))
    write_article("words", body)
    assert build_index(corpus_dir, index_dir).published
    return IndexHandle(index_dir)


def test_a_wildcard_expands_to_the_most_frequent_words_only(many_words: IndexHandle) -> None:
    result = search(many_words, SearchRequest(text="pre*", per_page=100))
    assert result.error is None
    assert result.notices == [f"pre* matches 120 words; searching the {MAX_EXPANSION} most "
                              "frequent."]
    with many_words.searcher() as (_, searcher):
        expanded = parse("pre*", searcher.reader()).strict
    assert isinstance(expanded, query.Or)
    assert {t.text for t in expanded.subqueries} == {f"pre{n:03d}" for n in range(70, 120)}
    # Paragraph k holds pre<k> … pre119, so every paragraph holds one of the 50.
    assert result.total == 120


def test_a_wildcard_needs_three_letters(many_words: IndexHandle) -> None:
    for text in ("p*", "pr*", "*", "*re", "p?e"):
        result = search(many_words, SearchRequest(text=text))
        assert result.total == 0 and result.hits == []
        if "*" in text:
            assert result.error == ("A wildcard needs at least 3 letters before the '*', as in "
                                    "elect*.")


def test_clause_and_word_limits(many_words: IndexHandle) -> None:
    # pre<n> is in paragraphs 1 … n + 1: an OR of pre040 … pre071 matches 72 paragraphs.
    words = " OR ".join(f"pre{n:03d}" for n in range(40, 72))
    assert search(many_words, SearchRequest(text=words)).total == 72
    # Past the word limit the first MAX_WORDS words are searched, and the notice says so.
    one_more = " ".join(["pre"] * MAX_WORDS + ["pre119"])
    past = search(many_words, SearchRequest(text=one_more))
    assert past.error is None and past.total == 0  # pre119 (in every paragraph) was cut off
    assert f"The query has {MAX_WORDS + 1} words; only the first {MAX_WORDS} were searched." \
        in past.notices
    long_word = "a" * (MAX_WORD_CHARS + 1)
    assert search(many_words, SearchRequest(text=long_word)).error == (
        f"The query has no words to search for. Words longer than {MAX_WORD_CHARS} characters "
        "were left out.")


def test_a_fuzzy_search_is_bounded(many_words: IndexHandle,
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    # pre100~2: the 48 words pre<n> within two edits of pre100 (pre057 is three away), the
    # word itself first, then the most frequent
    result = search(many_words, SearchRequest(text="pre100~2"))
    assert result.error is None and result.total == 120 and not result.notices
    assert result.interpreted == "pre100~2"
    assert result.within_edits["pre100~2"][:2] == ["pre119", "pre118"]  # the others it found
    assert len(result.within_edits["pre100~2"]) == 47

    def searched() -> list[str]:
        with many_words.searcher() as (_, searcher):
            expanded = parse("pre100~2", searcher.reader()).strict
        assert isinstance(expanded, parser.WithinEdits)
        return [t.text for t in expanded.subqueries]

    assert len(searched()) == 48 and searched()[:3] == ["pre100", "pre119", "pre118"]
    assert "pre050" in searched() and "pre057" not in searched()
    # past MAX_EXPANSION words, the most frequent are searched and the page says so
    monkeypatch.setattr(parser, "MAX_EXPANSION", 10)
    capped = search(many_words, SearchRequest(text="pre100~2"))
    assert searched()[:2] == ["pre100", "pre119"] and len(searched()) == 10
    assert capped.notices == ["pre100~2 matches 48 words; searching the 10 most frequent."]
    # past MAX_FUZZY words with ~, the others are searched as typed
    many = " OR ".join(f"pre{n:03d}~2" for n in range(parser.MAX_FUZZY + 1))
    assert any(n.startswith(f"Only the first {parser.MAX_FUZZY} words with ~")
               for n in search(many_words, SearchRequest(text=many)).notices)


def test_page_depth_is_capped_for_api_clients(big: Path) -> None:
    app: Flask = create_app({"TESTING": True, "INDEX_DIR": str(big)})
    data = app.test_client().get("/api/search?q=coup&page=100000&per_page=100").json
    assert data is not None and data["page"] == MAX_PAGE and data["results"] == []


