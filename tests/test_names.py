"""A typed name finds the paragraphs that name the person by surname alone, among the
all-words results, and says so; words typed in capitals that are not a name stay two words."""

from pathlib import Path

import pytest

from search.engine import IndexHandle, search
from search.index.build import build_index
from search.models import SearchRequest, SearchResult
from search.web import create_app
from tests.conftest import WriteArticle


@pytest.fixture
def handle(corpus_dir: Path, index_dir: Path, write_article: WriteArticle) -> IndexHandle:
    write_article("one", """
        Evo Morales won the October election by ten points, said the tribunal.

        Three weeks later Morales resigned, under pressure from the army.

        The vice president resigned on the same day as the ministers.

        Luis Arce, his former economy minister, was named the candidate.

        Luis Fernando Camacho resigned from the civic committee to run.

        In Bolivia, the president Morales had ruled for thirteen years.

        Nobody in Bolivia expected the police mutiny; Morales least of all.

        Arce won the election a year later.

        The Armed Forces asked him to go, and the police forces had mutinied.

        Security forces fired on the crowd at Sacaba.
        """, title="One", outlet="Outlet A")
    build_index(corpus_dir, index_dir)
    return IndexHandle(index_dir)


def texts(result: SearchResult, all_words: bool = True) -> list[str]:
    return [h.text for h in result.hits if h.all_words is all_words and not h.related]


def test_a_typed_name_finds_paragraphs_naming_the_surname_alone(handle: IndexHandle) -> None:
    result = search(handle, SearchRequest(text="Why did Evo Morales resign?"))
    found = texts(result)
    assert found[0].startswith("Three weeks later Morales resigned")
    assert not any(t.startswith("The vice president") for t in found)  # no Morales at all
    assert result.names == {"Evo Morales": "Morales"}


def test_the_full_name_ranks_above_the_surname_alone(handle: IndexHandle) -> None:
    found = texts(search(handle, SearchRequest(text="Evo Morales")))
    assert found[0].startswith("Evo Morales won")
    assert {t.split(",")[0] for t in found[1:]} >= {"Three weeks later Morales resigned",
                                                    "In Bolivia"}


def test_a_first_name_alone_does_not_satisfy_a_name(handle: IndexHandle) -> None:
    result = search(handle, SearchRequest(text="Luis Arce"))
    found = texts(result)
    assert [t[:9] for t in found] == ["Luis Arce", "Arce won "]
    assert texts(result, all_words=False) == [
        "Luis Fernando Camacho resigned from the civic committee to run."]


def test_capitalised_words_that_do_not_stand_together_are_not_a_name(
        handle: IndexHandle) -> None:
    result = search(handle, SearchRequest(text="Bolivia Morales"))
    assert len(texts(result)) == 2  # both words, never "Morales" alone
    assert result.names == {}


def test_lowercase_words_and_verbatim_names_are_read_as_typed(handle: IndexHandle) -> None:
    assert len(texts(search(handle, SearchRequest(text="evo morales")))) == 1
    assert len(texts(search(handle, SearchRequest(text='"Evo Morales"')))) == 1


def test_words_the_paragraphs_write_in_lowercase_are_no_name(handle: IndexHandle) -> None:
    result = search(handle, SearchRequest(text="Armed Forces"))
    assert texts(result) == ["The Armed Forces asked him to go, and the police forces had "
                             "mutinied."]  # not "Security forces fired"
    assert texts(result, all_words=False) == ["Security forces fired on the crowd at Sacaba."]


def test_a_name_is_found_within_a_longer_run_of_capitals(handle: IndexHandle) -> None:
    result = search(handle, SearchRequest(text="Evo Morales Bolivia"))
    assert result.names == {"Evo Morales": "Morales"}
    assert sorted(t[:9] for t in texts(result)) == ["In Bolivi", "Nobody in"]


def test_searching_only_what_was_typed_reads_no_name(handle: IndexHandle) -> None:
    result = search(handle, SearchRequest(text="Evo Morales", verbatim=True))
    assert result.names == {} and len(texts(result)) == 1


def test_the_page_says_which_surname_counted_alone_and_how_to_search_as_typed(
        handle: IndexHandle, index_dir: Path) -> None:
    client = create_app({"TESTING": True, "INDEX_DIR": str(index_dir)}).test_client()
    page = client.get("/search?q=Evo+Morales").get_data(as_text=True)
    assert "Paragraphs naming “Morales” alone count as naming “Evo Morales”." in page
    assert 'href="/search?q=Evo+Morales&amp;exact=1"' in page
    api = client.get("/api/search?q=Evo+Morales").get_json()
    assert api["names"] == {"Evo Morales": "Morales"} and api["total"] == 4
    assert client.get("/api/search?q=Evo+Morales&exact=1").get_json()["total"] == 1


def test_a_name_never_runs_past_punctuation(real_index: IndexHandle) -> None:
    # "the Senate, Jeanine Áñez," in a pasted sentence: Senate is no part of her name
    result = search(real_index, SearchRequest(
        text="Deputy leader of the Senate, Jeanine Áñez, installed herself in the presidential "
             "residence"))
    assert result.names == {"Jeanine Áñez": "Áñez"}
    assert result.hits[0].text.startswith("Deputy leader of the Senate, Jeanine Áñez")
