"""A paragraph's section heading and its article's title are part of what it says: the
some-words matches include paragraphs that hold a word only there, and the result shows the
word marked where it is."""

from pathlib import Path

import pytest
from flask.testing import FlaskClient

from search.engine import IndexHandle
from search.index.build import build_index
from search.models import Hit, SearchResult
from search.web import create_app
from tests.conftest import WriteArticle
from tests.test_query_reading import found


@pytest.fixture
def handle(corpus_dir: Path, index_dir: Path, write_article: WriteArticle) -> IndexHandle:
    write_article("report", """
        The crisis deepened through November.

        ## The Parlasur Commission

        The delegation heard the families of the victims in La Paz.

        - The persecution of national and foreign journalists;
        - Failure to grant safe conduct to leaders in asylum;

        ## Elsewhere

        The ombudsman reports that the army fired on the crowd.
        """, title="Bolivia in crisis")
    write_article("masacre", """
        Los militares dispararon contra los vecinos de El Alto.
        """, title="La masacre de Senkata", language="es")
    write_article("sacaba", """
        En Sacaba hubo nueve muertos el viernes.
        """, title="Cochabamba", language="es")
    assert build_index(corpus_dir, index_dir).published
    return IndexHandle(index_dir)


def hit(result: SearchResult, start: str) -> Hit:
    [match] = [h for h in result.hits if h.text.startswith(start)]
    return match


def test_a_paragraph_under_a_heading_of_the_query_is_a_some_words_match(
        handle: IndexHandle) -> None:
    result = found(handle, "Parlasur commission report")
    assert result.total == 0  # no paragraph holds all three words
    for start in ("The delegation heard", "The persecution of", "Failure to grant"):
        match = hit(result, start)
        assert not match.all_words and not match.related
        assert match.section_highlight == (
            "The <mark>Parlasur</mark> <mark>Commission</mark>")
        assert "<mark>" not in match.highlight  # the paragraph itself holds none of them
    reports = hit(result, "The ombudsman reports")
    assert reports.section_highlight == "Elsewhere"  # marked alike, with nothing to mark
    # a paragraph outside that section, holding none of the words, is not one of them
    assert not [h for h in result.hits if h.text.startswith("The crisis deepened")
                and not h.related]


def test_a_paragraph_of_an_article_titled_with_the_query_is_a_some_words_match(
        handle: IndexHandle) -> None:
    result = found(handle, "masacre Sacaba")
    shot = hit(result, "Los militares dispararon")
    assert not shot.all_words and not shot.related
    assert shot.title_highlight == "La <mark>masacre</mark> de Senkata"
    assert hit(result, "En Sacaba").highlight == (
        "En <mark>Sacaba</mark> hubo nueve muertos el viernes.")
    # the paragraph holding a typed word in its own text ranks above the one holding it
    # only in its article's title
    texts = [h.text for h in result.hits]
    assert texts.index("En Sacaba hubo nueve muertos el viernes.") < texts.index(
        "Los militares dispararon contra los vecinos de El Alto.")


def test_the_all_words_matches_hold_every_word_in_their_own_text(handle: IndexHandle) -> None:
    # "masacre" is in the title, "militares" in the text: not an all-words match
    result = found(handle, "masacre militares")
    assert result.total == 0
    assert hit(result, "Los militares dispararon").all_words is False


def test_the_results_page_and_the_api_mark_the_title_and_the_section(
        handle: IndexHandle) -> None:
    app = create_app({"TESTING": True, "INDEX_DIR": str(handle.index_dir)})
    client: FlaskClient = app.test_client()
    page = client.get("/search", query_string={"q": "Parlasur commission report"})
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert ('<span class="hit__section">The <mark>Parlasur</mark> <mark>Commission</mark>'
            '</span>') in html
    titled = client.get("/search", query_string={"q": "masacre Sacaba"}).get_data(as_text=True)
    assert "La <mark>masacre</mark> de Senkata</a>" in titled
    api = client.get("/api/search", query_string={"q": "masacre Sacaba"}).get_json()
    [shot] = [r for r in api["results"] if r["text"].startswith("Los militares")]
    assert shot["title_highlight"] == "La <mark>masacre</mark> de Senkata"
    assert shot["section_highlight"] is None and shot["all_words"] is False


def test_a_hostile_title_is_escaped_when_marked(corpus_dir: Path, index_dir: Path,
                                                write_article: WriteArticle) -> None:
    write_article("evil", "The coup began in the night.",
                  title="<script>alert(1)</script> coup")
    assert build_index(corpus_dir, index_dir).published
    [match] = found(IndexHandle(index_dir), "coup").hits
    assert match.title_highlight == "&lt;script&gt;alert(1)&lt;/script&gt; <mark>coup</mark>"


def test_the_article_page_marks_the_title_and_the_headings_that_hold_a_word(
        handle: IndexHandle) -> None:
    # "In context" from a result that holds a word only in its heading shows the word there
    client = create_app({"TESTING": True, "INDEX_DIR": str(handle.index_dir)}).test_client()
    html = client.get("/a/report", query_string={"q": "Parlasur commission report"}
                      ).get_data(as_text=True)
    assert "<h2>The <mark>Parlasur</mark> <mark>Commission</mark></h2>" in html
    assert "<h2>Elsewhere</h2>" in html and "<h1>Bolivia in crisis</h1>" in html
    titled = client.get("/a/masacre", query_string={"q": "masacre Sacaba"}).get_data(as_text=True)
    assert "<h1>La <mark>masacre</mark> de Senkata</h1>" in titled
    plain = client.get("/a/report").get_data(as_text=True)
    assert "<h2>The Parlasur Commission</h2>" in plain and "<mark>" not in plain


def test_one_word_finds_its_matches_then_the_paragraphs_under_a_heading_holding_it(
        handle: IndexHandle) -> None:
    # `Parlasur` is in no paragraph's text: the commission's findings, under the heading
    # "The Parlasur Commission", are found through it, after any match
    result = found(handle, "Parlasur")
    assert result.total == 0
    shown = [h for h in result.hits if not h.related]
    assert {h.text[:16] for h in shown} == {"The delegation h", "The persecution ",
                                             "Failure to grant"}
    assert all(not h.all_words and h.in_context_only for h in shown)
    assert all(h.section_highlight == "The <mark>Parlasur</mark> Commission" for h in shown)
    # a word in the text: that paragraph is the match, counted and first; the title's
    # other paragraph follows, not counted
    result = found(handle, "Sacaba")
    assert result.total == 1 and result.hits[0].all_words
    assert not result.hits[0].in_context_only
    cochabamba = found(handle, "masacre")
    assert cochabamba.total == 0
    assert hit(cochabamba, "Los militares").in_context_only


def test_the_page_says_where_one_word_was_found_and_counts_only_the_matches(
        handle: IndexHandle) -> None:
    client = create_app({"TESTING": True, "INDEX_DIR": str(handle.index_dir)}).test_client()
    html = client.get("/search", query_string={"q": "Parlasur"}).get_data(as_text=True)
    assert "No paragraph’s text contains your words; these are under a heading or in an " \
           "article whose title does." in html
    assert html.count("Found through its section heading") == 3
    assert "Matches some of your words" not in html
    # the matches alone are counted, exported and in the feed
    data = client.get("/api/search", query_string={"q": "Parlasur"}).get_json()
    assert data["total"] == 0 and len([r for r in data["results"] if not r["related"]]) == 3
    assert client.get("/search.csv", query_string={"q": "Parlasur"}).get_data(
        as_text=True).count("\n") == 1  # the header row only
    feed = client.get("/search.atom", query_string={"q": "Parlasur"}).get_data(as_text=True)
    assert "<entry>" not in feed
    # several words, some in the text: the tag says "some of your words"
    mixed = client.get("/search", query_string={"q": "masacre Sacaba"}).get_data(as_text=True)
    assert "No paragraph contains all of your words; these contain some of them." in mixed
    assert "Matches some of your words" in mixed
    titled = client.get("/search", query_string={"q": "masacre"}).get_data(as_text=True)
    assert "Found through its article’s title" in titled
