"""Whoosh's known traps: each one reproduced on the raw engine, then shown harmless through ours.

The first half of each test proves the trap is real with whoosh-reloaded 2.7.5 as installed; the
second half fails if our defence (search/query/text.py, search/whoosh/parser.py,
search/whoosh/budget.py, the filters) is removed.
"""

import threading
from pathlib import Path

import pytest
from whoosh import collectors, qparser, query

from search.engine import search
from search.index.build import build_index
from search.models import SearchRequest
from search.whoosh.handle import IndexHandle
from search.whoosh.parser import MAX_QUERY_CHARS, QueryError, parse
from search.whoosh.schema import build_schema
from tests.conftest import TINY, WriteArticle

RAW = qparser.QueryParser("text", build_schema())  # Whoosh's parser with all its plugins


@pytest.fixture
def handle(corpus_dir: Path, index_dir: Path, write_article: WriteArticle) -> IndexHandle:
    for slug, fields in TINY.items():
        write_article(slug, **fields)
    assert build_index(corpus_dir, index_dir).published
    return IndexHandle(index_dir)


def total(handle: IndexHandle, text: str, **kw: object) -> int:
    result = search(handle, SearchRequest(text=text, **kw))  # type: ignore[arg-type]
    assert result.error is None, result.error
    return result.total


def test_not_not(handle: IndexHandle) -> None:
    with pytest.raises(IndexError):
        RAW.parse("NOT NOT coup")
    assert total(handle, "NOT NOT coup") == total(handle, "coup") == 6
    assert total(handle, "NOT NOT NOT coup") == 9 - 6  # nine paragraphs, six with coup


def test_andnot_chains_mean_and_not(handle: IndexHandle) -> None:
    assert total(handle, "coup ANDNOT palace ANDNOT army") == total(
        handle, "coup NOT palace NOT army") == 5


def test_deep_brackets(handle: IndexHandle) -> None:
    deep = "(" * 1000 + "coup" + ")" * 1000
    with pytest.raises(RecursionError):
        RAW.parse(deep)
    assert search(handle, SearchRequest(text=deep)).error == (
        "The query has no words to search for. The query is 2,004 characters long; only the "
        "first 1,000 were searched (the limit is 1,000).")  # brackets alone are punctuation
    deep = "(" * 200 + "coup OR x" + ")" * 200  # within the length limit, past the depth limit
    result = search(handle, SearchRequest(text=deep))
    assert result.error is None and result.total == 6
    assert result.notices == ["Brackets were ignored (unbalanced or nested too deeply)."]


@pytest.mark.parametrize("length", [16_000, 100_000])
def test_huge_tokens_never_reach_the_parser(handle: IndexHandle, length: int,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    # Whoosh's parser takes time that grows with the square of a token's length (2.6 s for
    # 16,000 characters here): the text is refused before any parser sees it.
    def parser_called(*_: object, **__: object) -> None:
        raise AssertionError("the parser was given the huge token")

    monkeypatch.setattr(qparser.QueryParser, "parse", parser_called)
    with handle.searcher() as (_, searcher), pytest.raises(QueryError) as refused:
        parse("x" * length, searcher.reader())
    assert str(refused.value) == (
        f"The query has no words to search for. The query is {length:,} characters long; only "
        f"the first {MAX_QUERY_CHARS:,} were searched (the limit is {MAX_QUERY_CHARS:,}). Words "
        "longer than 60 characters were left out.")


def test_a_bare_star_is_not_every_document(handle: IndexHandle) -> None:
    assert isinstance(RAW.parse("*"), query.Every)
    assert search(handle, SearchRequest(text="*")).error == (
        "A wildcard needs at least 3 letters before the '*', as in elect*.")


def test_ranges_are_not_syntax(handle: IndexHandle) -> None:
    assert isinstance(RAW.parse("[a TO z]"), query.TermRange)
    result = search(handle, SearchRequest(text="[a TO z]"))
    # No range plugin: the brackets are punctuation and the words are searched as words (the
    # stop words "a" and "to" left out, as the page says).
    assert result.error is None and result.interpreted == "z"
    assert "Left out as too common to search for: a, to." in result.notices
    assert result.total == 0


def test_short_prefixes_are_refused_and_long_ones_bounded(handle: IndexHandle) -> None:
    raw = RAW.parse("a* OR b* OR c*")
    with handle.searcher() as (_, searcher):
        reader = searcher.reader()
        expanded = [t for p in raw.subqueries for t in reader.expand_prefix("text", p.text)]
        assert len(expanded) > 10  # every word of the corpus starting with a, b or c
        assert search(handle, SearchRequest(text="a* OR b* OR c*")).error == (
            "A wildcard needs at least 3 letters before the '*', as in elect*.")
        ours = parse("cou* OR boli*", reader).strict
    assert ours is not None
    words = {t.text for t in ours.leaves()}
    assert words == {"coup", "bolivia"}


def test_time_limit_collector_fails_in_threads_ours_does_not(handle: IndexHandle) -> None:
    raised: list[BaseException] = []

    def raw_search() -> None:
        with handle.searcher() as (_, searcher):
            limited = collectors.TimeLimitCollector(searcher.collector(limit=10), timelimit=5)
            try:
                searcher.search_with_collector(query.Term("text", "coup"), limited)
            except BaseException as exc:  # noqa: BLE001 - recorded for the assertion
                raised.append(exc)

    thread = threading.Thread(target=raw_search)
    thread.start()
    thread.join()
    assert len(raised) == 1 and isinstance(raised[0], ValueError)  # signal only in main thread

    answers: list[int] = []
    worker = threading.Thread(target=lambda: answers.append(total(handle, "coup")))
    worker.start()
    worker.join()
    assert answers == [6]


def test_outlet_filters_are_real_filters(handle: IndexHandle) -> None:
    assert isinstance(RAW.parse("outlet:x OR outlet:*"), query.Every)
    result = search(handle, SearchRequest(text="coup OR outlet:wedge OR outlet:red*",
                                          outlets=("World Socialist Web Site",)))
    assert result.error is None and result.total == 2
    assert {h.article.outlet for h in result.hits} == {"World Socialist Web Site"}
    assert search(handle, SearchRequest(text="outlet:x OR outlet:*")).error is not None


def test_long_or_chains_are_cut_with_a_reason(handle: IndexHandle) -> None:
    chain = " OR ".join(["coup"] * 1000)
    result = search(handle, SearchRequest(text=chain))
    assert result.error is None and result.total == 6
    assert result.notices == ["The query is 7,996 characters long; only the first 999 were "
                              "searched (the limit is 1,000)."]
    words = " OR ".join(["coup"] * 40)
    assert search(handle, SearchRequest(text=words)).total == 6
