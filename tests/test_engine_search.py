"""Engine search behaviour on a small purpose-built corpus whose counts are known by hand."""

from pathlib import Path

import pytest

from search.engine import search
from search.index.build import build_index
from search.models import SearchRequest, SearchResult
from search.whoosh.handle import IndexHandle
from tests.conftest import WriteArticle


@pytest.fixture
def handle(corpus_dir: Path, index_dir: Path, write_article: WriteArticle) -> IndexHandle:
    write_article("flag", """
        Jeanine Áñez installed herself in the palace after the coup.

        ## What next?

        Mobs burned the Wiphala flag while the coup leaders resigned.

        - The army opened fire in Senkata.
        - Police mutinied in Cochabamba.
        """, title="A coup in Bolivia", outlet="Red Flag", authors=["KD Tait"], date="2020-01")
    write_article("wedge", """
        The MAS party won the election; Anez was defeated and the whipala flew again.

        David Choquehuanca became vice president after the coups were reversed.

        The coup regime of Añez persecuted the MÁS and its voters.
        """, title="Socialists win", outlet="Wedge", authors=["Cory Willingham", "Ann Other"],
        date="2020-10-19")
    write_article("wsws", """
        The coup in Bolivia was backed by Washington, and the coup leaders knew it.

        Workers in El Alto resisted the coup for weeks.
        """, title="The US-backed coup", outlet="World Socialist Web Site",
        authors=["Bill Van Auken"], date="2019-11-13")
    assert build_index(corpus_dir, index_dir).published
    return IndexHandle(index_dir)


def run(handle: IndexHandle, text: str = "", **kw: object) -> SearchResult:
    result = search(handle, SearchRequest(text=text, **kw))  # type: ignore[arg-type]
    assert result.error is None, result.error
    return result


def texts(result: SearchResult) -> list[str]:
    return [h.text for h in result.hits]


def test_accents_fold_both_ways_and_highlight_the_written_form(handle: IndexHandle) -> None:
    for query in ("Áñez", "Añez", "anez", "ANEZ"):
        result = run(handle, query)
        assert result.total == 3
        marks = {h.highlight.split("<mark>")[1].split("</mark>")[0] for h in result.hits}
        assert marks == {"Áñez", "Anez", "Añez"}
    assert run(handle, "MAS").total == run(handle, "MÁS").total == 2


def test_stemming_matches_all_forms(handle: IndexHandle) -> None:
    result = run(handle, "coups")
    assert result.total == 6
    assert any("<mark>coups</mark>" in h.highlight for h in run(handle, "coup").hits)
    assert run(handle, "resigning").hits[0].highlight.count("<mark>resigned</mark>") == 1


def test_phrases_are_exact_and_curly_quotes_work(handle: IndexHandle) -> None:
    assert sorted(texts(run(handle, '"coup leaders"'))) == [
        "Mobs burned the Wiphala flag while the coup leaders resigned.",
        "The coup in Bolivia was backed by Washington, and the coup leaders knew it.",
    ]
    assert run(handle, "“leaders coup”").total == 0
    assert run(handle, '"coup leaders"').total == 2
    assert run(handle, '"coup Bolivia"~2').total == 1


def test_all_words_first_then_some_words_marked_as_such(handle: IndexHandle) -> None:
    result = run(handle, "coup Senkata")
    assert result.total == 0  # no paragraph has both words; counts count the all-words set
    assert result.partial
    assert all(not h.all_words for h in result.hits)
    assert "The army opened fire in <mark>Senkata</mark>." in [h.highlight for h in result.hits]
    mixed = run(handle, "coup leaders")
    assert mixed.total == 2
    flags = [h.all_words for h in mixed.hits]
    assert flags[:2] == [True, True] and not any(flags[2:]) and len(flags) > 2


def test_operators_fields_and_prefix(handle: IndexHandle) -> None:
    assert run(handle, "coup NOT palace").total == 5
    assert run(handle, "coup -palace").total == 5
    assert run(handle, "Senkata OR Cochabamba").total == 2
    assert {h.article.outlet for h in run(handle, "outlet:wedge coup").hits} == {"Wedge"}
    assert run(handle, "author:tait").total == 4
    assert run(handle, "title:socialists").total == 3
    assert "<mark>election</mark>" in run(handle, "elect*").hits[0].highlight


def test_outlet_facets_are_or_within_outlets_and_respect_other_filters(
        handle: IndexHandle) -> None:
    everything = run(handle, "coup")
    assert everything.total == 6
    assert everything.outlet_facets == [("Red Flag", 2), ("Wedge", 2),
                                        ("World Socialist Web Site", 2)]
    two = run(handle, "coup", outlets=("Wedge", "Red Flag"))
    assert two.total == 4 and two.article_count == 2 and two.outlet_count == 2
    assert dict(two.outlet_facets) == dict(everything.outlet_facets)  # ignores its own filter
    dated = run(handle, "coup", outlets=("Wedge",), date_from="2020-01", date_to="2020-06")
    assert dated.total == 0
    assert dict(dated.outlet_facets) == {"Red Flag": 2}  # the date filter still applies
    authors = dict(run(handle, "coup", outlets=("Wedge",)).author_facets)
    assert authors == {"Cory Willingham": 2, "Ann Other": 2}


def test_timeline_counts_month_by_outlet(handle: IndexHandle) -> None:
    buckets = {(b.month, b.outlet): b.count for b in run(handle, "coup").timeline}
    assert buckets == {("2019-11", "World Socialist Web Site"): 2, ("2020-01", "Red Flag"): 2,
                       ("2020-10", "Wedge"): 2}


def test_date_filters_use_the_dates_precision(handle: IndexHandle) -> None:
    assert run(handle, "coup", date_from="2020-01-15", date_to="2020-01-20").total == 2
    assert run(handle, "coup", date_from="2020-02-01").total == 2
    assert run(handle, "coup", date_to="2019").total == 2


def test_sorting_by_date(handle: IndexHandle) -> None:
    newest = [h.article.date for h in run(handle, "coup", sort="newest").hits if h.all_words]
    assert newest == sorted(newest, reverse=True) and newest[0] == "2020-10-19"
    oldest = [h.article.date for h in run(handle, "coup", sort="oldest").hits if h.all_words]
    assert oldest[0] == "2019-11-13"


def test_spelling_variants_and_suggestion(handle: IndexHandle) -> None:
    wiphala = run(handle, "wiphala")
    assert wiphala.total == 2
    assert {"<mark>Wiphala</mark>", "<mark>whipala</mark>"} <= {
        m for h in wiphala.hits if not h.related
        for m in [h.highlight[h.highlight.index("<mark>"):
                                                     h.highlight.index("</mark>") + 7]]}
    typo = run(handle, "Choquehuanka")
    assert typo.total == 1 and typo.suggestion == "Choquehuanca"
    assert "<mark>Choquehuanca</mark>" in typo.hits[0].highlight


def test_pagination_and_unknown_outlet(handle: IndexHandle) -> None:
    first = run(handle, "coup", per_page=4)
    second = run(handle, "coup", per_page=4, page=2)
    assert first.pages == 2 and len(first.hits) == 4 and len(second.hits) == 2
    assert not {h.pid for h in first.hits} & {h.pid for h in second.hits}
    beyond = run(handle, "coup", per_page=4, page=9)
    assert beyond.hits == [] and "Page 9 is past the end of the results." in beyond.notices
    unknown = run(handle, "coup", outlets=("Daily Nothing",))
    assert unknown.total == 0 and "No outlet is called “Daily Nothing”." in unknown.notices


@pytest.mark.parametrize(("query", "answer"), [
    ("*", "A wildcard needs at least 3 letters before the '*', as in elect*."),
    ("co*", "A wildcard needs at least 3 letters before the '*', as in elect*."),
    ("x" * 501, "The query has no words to search for. Words longer than 60 characters were "
                "left out."),
    ("AND", "The query has no words to search for."),
    ("()", "The query has no words to search for."),
])
def test_unsearchable_queries_get_a_clear_error(handle: IndexHandle, query: str,
                                                answer: str) -> None:
    result = search(handle, SearchRequest(text=query))
    assert result.error == answer and result.hits == [] and result.total == 0


@pytest.mark.parametrize(("query", "total"), [
    ("NOT NOT coup", 6), ("NOT NOT NOT coup", 3), ("coup ANDNOT palace ANDNOT army", 5),
    ('"coup leaders', 2), ("coup OR OR", 6), ("\x00\x07coup\x1b", 6),
    ("(" * 240 + "coup" + ")" * 240, 6), ("(" * 1000 + "coup", None),
    (" OR ".join(["coup"] * 32), 6),
    ("outlet:x OR outlet:*", None), ("coup AND", 6),
])
def test_hostile_queries_never_raise(handle: IndexHandle, query: str, total: int | None) -> None:
    result = search(handle, SearchRequest(text=query))
    if total is None:
        assert result.error is not None
    else:
        assert result.error is None and result.total == total


def test_language_facet_respects_the_other_filters(handle: IndexHandle) -> None:
    assert run(handle, "coup").language_facets == [("en", 6)]
    assert run(handle, "coup", outlets=("Wedge",)).language_facets == [("en", 2)]
    assert run(handle, "coup", authors=("KD Tait",)).language_facets == [("en", 2)]
    assert run(handle, "coup", date_to="2019").language_facets == [("en", 2)]
    # it ignores its own filter, as the outlet facet its own
    assert run(handle, "coup", languages=("es",)).language_facets == [("en", 6)]


def test_language_filter_keeps_only_the_articles_in_those_languages(handle: IndexHandle) -> None:
    assert run(handle, "coup", languages=("en",)).total == 6
    assert run(handle, "coup", languages=("es", "en")).total == 6
    spanish = run(handle, "coup", languages=("es",))
    assert spanish.total == 0 and spanish.hits == [] and spanish.timeline == []


def test_an_empty_index_answers_every_filter_with_nothing(corpus_dir: Path,
                                                         index_dir: Path) -> None:
    assert build_index(corpus_dir, index_dir).published
    handle = IndexHandle(index_dir)
    for filters in ({}, {"outlets": ("Wedge",)}, {"authors": ("KD Tait",)},
                    {"date_from": "2019-11", "date_to": "2020"}, {"languages": ("en",)}):
        result = run(handle, "coup", **filters)
        assert (result.total, result.article_count, result.hits, result.timeline) == \
            (0, 0, [], []), filters
        assert result.outlet_facets == result.author_facets == result.language_facets == []
