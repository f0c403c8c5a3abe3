"""A search that few paragraphs match is followed, on its first page, by related paragraphs:
none of the search's words, several of the best matches' words; labelled, after every match,
within the filters, and never with exact=1 or a date order."""

from pathlib import Path

import pytest

from search.engine import IndexHandle, search
from search.index.build import build_index
from search.models import SearchRequest, SearchResult
from search.web import create_app
from tests.conftest import WriteArticle

UNION = "COB trade union federation"


@pytest.fixture
def handle(corpus_dir: Path, index_dir: Path, write_article: WriteArticle) -> IndexHandle:
    write_article("one", f"""
        Juan Carlos Huarachi, leader of the {UNION}, asked the president to go after the election.

        The {UNION} called a general strike in La Paz after the election.

        Miners of the {UNION} marched on the capital with dynamite.

        Tourists admired the salt flats at sunset, far from the capital.

        The price of quinoa rose again in the markets of the capital.
        """, title="One", outlet="Outlet A", date="2019-11-20")
    write_article("two", f"""
        In Oruro the {UNION} backed the strike until the election was annulled.

        Llamas graze on the high plateau, far from the markets.
        """, title="Two", outlet="Outlet B", date="2019-11-21")
    build_index(corpus_dir, index_dir)
    return IndexHandle(index_dir)


def related(result: SearchResult) -> list[str]:
    return [h.text for h in result.hits if h.related]


def test_few_matches_are_followed_by_paragraphs_sharing_their_words(handle: IndexHandle
                                                                      ) -> None:
    result = search(handle, SearchRequest(text="Huarachi"))
    assert result.total == 1
    assert result.hits[0].text.startswith("Juan Carlos Huarachi") and not result.hits[0].related
    found = related(result)
    assert {t.split()[0] for t in found} == {"The", "Miners", "In"}  # the union's paragraphs
    assert not any("Huarachi" in t for t in found)
    assert not any(h.all_words for h in result.hits[1:])
    assert {"COB", "federation"} <= set(result.related)
    assert all("<mark>" not in h.highlight for h in result.hits if h.related)  # nothing typed
    assert result.total == 1  # counted: the matches only


def test_related_paragraphs_come_after_every_match_and_only_fill_the_page(
        handle: IndexHandle) -> None:
    some = search(handle, SearchRequest(text="Huarachi election"))  # 1 all, 2 some
    kinds = ["related" if h.related else "all" if h.all_words else "some" for h in some.hits]
    assert kinds == ["all", "some", "some", "related"]
    assert some.hits[-1].text.startswith("Miners")
    full = search(handle, SearchRequest(text="union", per_page=3))  # 4 matches: a full page
    assert not related(full) and not full.related


def test_exact_and_date_order_show_only_matches(handle: IndexHandle) -> None:
    for request in (SearchRequest(text="Huarachi", verbatim=True),
                    SearchRequest(text="Huarachi", sort="newest")):
        result = search(handle, request)
        assert [h.text.split()[0] for h in result.hits] == ["Juan"]
        assert result.related == []


def test_related_paragraphs_keep_to_the_filters(handle: IndexHandle) -> None:
    result = search(handle, SearchRequest(text="Huarachi", outlets=("Outlet A",)))
    assert related(result) and all(h.article.outlet == "Outlet A" for h in result.hits)


def test_a_search_matching_nothing_shows_nothing(handle: IndexHandle) -> None:
    result = search(handle, SearchRequest(text="Evo"))
    assert result.hits == [] and result.related == []


def test_the_page_and_the_api_say_which_results_are_related(index_dir: Path,
                                                            handle: IndexHandle) -> None:
    client = create_app({"TESTING": True, "INDEX_DIR": str(index_dir)}).test_client()
    page = client.get("/search?q=Huarachi").get_data(as_text=True)
    assert page.count("Related: none of your words") == 3
    assert "Few paragraphs match, so related ones follow" in page and "“COB”" in page
    assert "Search only for what I typed" in page
    api = client.get("/api/search?q=Huarachi").get_json()
    assert [h["related"] for h in api["results"]] == [False, True, True, True]
    assert "federation" in api["related_words"] and api["total"] == 1
    exact = client.get("/api/search?q=Huarachi&exact=1").get_json()
    assert len(exact["results"]) == 1 and exact["related_words"] == []


def test_related_paragraphs_are_read_in_their_articles_language(
        corpus_dir: Path, index_dir: Path, write_article: WriteArticle) -> None:
    central = "Central Obrera Boliviana"
    write_article("es", f"""
        Juan Carlos Huarachi, dirigente de la {central}, pidió la renuncia del presidente.

        Los mineros de la {central} marcharon hacia la capital.

        Las llamas pastan en el altiplano, lejos de los mercados.
        """, title="Uno", outlet="Outlet A", language="es")
    build_index(corpus_dir, index_dir)
    result = search(IndexHandle(index_dir), SearchRequest(text="Huarachi"))
    assert [h.text.split()[0] for h in result.hits if h.related] == ["Los"]
    assert {"Central", "Obrera"} <= set(result.related)  # as the paragraphs write them
