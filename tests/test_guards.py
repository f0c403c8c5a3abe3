"""Each guard, held to its exact promise: these tests fail on hand-made bugs that the rest of
the suite let through (a sanitiser allowing one more tag, text left unescaped where nothing is
highlighted, a formula start missing from the CSV guard, an exclusive date bound, a removed
article still indexed after an update)."""

import csv
import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import given, settings
from hypothesis import strategies as st

from search import sanitize
from search.engine import search
from search.models import SearchRequest
from search.query.text import Reading, normalise, read
from search.sanitize import bleached, clean_highlight
from search.web import create_app
from search.whoosh.handle import IndexHandle
from tests.conftest import WriteArticle

HOSTILE = "Use <b>bold</b> & x<y in Senkata, said the police."
ESCAPED = "Use &lt;b&gt;bold&lt;/b&gt; &amp; x&lt;y in "


@pytest.mark.parametrize("markup", [
    "<b>bold</b>", '<a href="https://example.org">link</a>', "<script>alert(1)</script>",
    '<img src="x" onerror="alert(1)">', "<!-- a comment -->", '<mark class="x">m</mark>',
    '<mark onclick="alert(1)">m</mark>', "<i>i</i>", "<span>s</span>", "<p>p</p>",
])
def test_the_sanitiser_keeps_only_a_bare_mark(markup: str) -> None:
    cleaned = str(clean_highlight(f"before <mark>word</mark> {markup} after"))
    assert cleaned.startswith("before <mark>word</mark> ") and cleaned.endswith(" after")
    rest = cleaned.removeprefix("before <mark>word</mark> ").removesuffix(" after")
    assert "<" not in rest.replace("<mark>", "").replace("</mark>", "")
    assert "<mark " not in cleaned and "-->" not in cleaned
    assert "alert" not in rest or "script" in markup  # a script's text stays, inert, as text


@settings(max_examples=3000, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=40)
       | st.lists(st.sampled_from(["<mark>", "</mark>", "&amp;", "&lt;", "&gt;", "&quot;",
                                   "&", "<", ">", "<mark", "mark>", "</", "a", " ", "\"",
                                   "'", "=", "\r", "\x00", "\x0c", "\u2028", "\xa0", "ñ",
                                   "😀", "<b>", "<!--", "-->", "&#60;", "&amp"]),
                  max_size=12).map("".join))
def test_the_sanitiser_gives_what_bleach_gives_for_any_text(text: str) -> None:
    # what bleach would keep as it is is handed back without bleach's parse
    assert str(clean_highlight(text)) == bleached(text)
    assert str(clean_highlight(f"<mark>{text}</mark>")) == bleached(f"<mark>{text}</mark>")


def test_a_highlight_as_the_highlighter_makes_it_skips_bleach(
        monkeypatch: pytest.MonkeyPatch) -> None:
    # bleach's parse is most of a highlight's cost: text whose only tags are paired bare
    # <mark>s, with &amp; &lt; &gt; for its own characters, is handed back as it is
    def fail(html: str) -> str:
        raise AssertionError(f"bleach was called for {html!r}")

    monkeypatch.setattr(sanitize, "bleached", fail)
    for html in ("plain text", "a <mark>coup</mark> &amp; <mark>army</mark> &lt;b&gt;",
                 "<mark>one</mark>"):
        assert str(clean_highlight(html)) == html
    for html in ("<mark><mark>x</mark></mark>", "</mark>x<mark>", "<mark>x", "a & b", "a\rb"):
        with pytest.raises(AssertionError, match="bleach was called"):
            clean_highlight(html)


@pytest.fixture
def site(write_article: WriteArticle, rebuild: Callable[[], None], index_dir: Path) -> Flask:
    """A site with one paragraph of markup-like text beside ordinary ones."""
    write_article("marked", f"The coup began in November.\n\n{HOSTILE}", title="Marked",
                  outlet="Escaped Outlet", date="2019-11-13")
    write_article("month", "The coup was denounced in the Senate.", title="Month",
                  outlet="Other Outlet", date="2019-11")
    write_article("after", "The coup government fell a year later.", title="After",
                  outlet="Other Outlet", date="2019-11-14")
    write_article("last", "The coup was a month old.", title="Last", outlet="Other Outlet",
                  date="2019-11-30")
    rebuild()
    return create_app({"TESTING": True, "INDEX_DIR": str(index_dir)})


@pytest.mark.parametrize("url", [
    "/search?q=police",  # matched by a word after the markup-like text
    "/search?outlet=Escaped+Outlet",  # no query: nothing is highlighted
    "/a/marked",  # the article page without a query
    "/a/marked?q=november",  # with one that highlights another paragraph
])
def test_markup_like_paragraph_text_is_shown_as_text(site: Flask, url: str) -> None:
    response = site.test_client().get(url)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert ESCAPED in page, url
    assert "<b>bold" not in page and "x<y" not in page


def test_csv_cells_that_start_like_a_formula_get_an_apostrophe(
        write_article: WriteArticle, rebuild: Callable[[], None], index_dir: Path) -> None:
    starts = ["=1+1 senkata", "+1 senkata", "-1 senkata", "@SUM(1) senkata"]
    write_article("formulas", "\n\n".join(starts), title="=HYPERLINK(1)", outlet="@Outlet")
    rebuild()
    client = create_app({"TESTING": True, "INDEX_DIR": str(index_dir)}).test_client()
    response = client.get("/search.csv?q=senkata")
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert sorted(row["text"] for row in rows) == sorted("'" + s for s in starts)
    assert {row["title"] for row in rows} == {"'=HYPERLINK(1)"}
    assert {row["outlet"] for row in rows} == {"'@Outlet"}


def _titles(client: FlaskClient, query: str) -> set[str]:
    data = client.get("/api/search?q=coup&per_page=100&" + query).json
    assert data is not None, query
    return {r["title"] for r in data["results"]}


@pytest.mark.parametrize(("bounds", "titles"), [  # "Month" is dated 2019-11: all of November
    ("to=2019-11-13", {"Marked", "Month"}),  # day precision: the paragraph dated on `to` is in
    ("to=2019-11", {"Marked", "Month", "After", "Last"}),  # month precision: up to the 30th
    ("from=2019-11-13&to=2019-11-13", {"Marked", "Month"}),
    ("from=2019-11-30&to=2019-11-30", {"Month", "Last"}),
    ("from=2019-11-14", {"Month", "After", "Last"}),
    ("to=2019-11-12", {"Month"}),
    ("to=2019-10", set()),
])
def test_date_bounds_are_inclusive(site: Flask, bounds: str, titles: set[str]) -> None:
    assert _titles(site.test_client(), bounds) == titles


def test_an_article_removed_before_an_update_is_gone_from_the_index(
        site: Flask, corpus_dir: Path, rebuild: Callable[[], None]) -> None:
    client = site.test_client()

    def answer(url: str) -> Any:
        data = client.get(url).json
        assert data is not None, url
        return data

    assert answer("/api/search?q=senkata")["total"] == 1
    pids = [r["id"] for r in answer("/api/search?q=coup&outlet=Escaped+Outlet")["results"]]
    assert pids
    (corpus_dir / "marked.md").unlink()
    rebuild()  # an incremental build
    assert answer("/api/search?q=senkata")["total"] == 0
    assert answer("/api/search?q=coup")["total"] == 3
    for pid in pids:
        assert client.get(f"/api/paragraphs/{pid}").status_code == 410
        assert client.get(f"/a/marked/p/{pid}").status_code == 410


BRACKETS = "Brackets were ignored (unbalanced or nested too deeply)."
LONG_WORDS = "Words longer than 60 characters were left out."


@pytest.mark.parametrize("typed, text, notices", [
    ("NOT NOT coup", "coup", []),
    ("NOT NOT NOT coup", "NOT coup", []),
    ("coup ANDNOT army", "coup AND NOT army", []),
    ("AND OR coup AND", "coup", []),
    ("OR coup NOT", "coup", []),
    ("((coup OR army)", "coup OR army", [BRACKETS]),
    (")coup OR army(", "coup OR army", [BRACKETS]),
    ("(a OR (b OR (c OR (d OR (e OR f)))))", "(a OR (b OR (c OR (d OR (e OR f)))))", []),
    ("(a OR (b OR (c OR (d OR (e OR (f OR g))))))", "a OR b OR c OR d OR e OR f OR g",
     [BRACKETS]),
    ('"coup army', "coup army", ["An unmatched quote was ignored."]),
    ('"coup" army" OR x', '"coup" army OR x', ["An unmatched quote was ignored."]),
    ("„coup‟ «army» ″x″ OR ‘y’", "\"coup\" \"army\" \"x\" OR 'y'", []),
    ("e\u0301lite\u0000OR\tx", "élite OR x", []),
    ("coup-makers OR OAS's", '"coup makers" OR OAS', []),
    ("did-n't OR x", '"did n t" OR x', []),
    ("x" * 61 + " OR coup", "coup", [LONG_WORDS]),  # no OR left dangling in front
    ("x" * 60 + " OR coup", "x" * 60 + " OR coup", []),
    ("x " * 200 + "AND y", " ".join(["x"] * 200),
     ["The query has 201 words; only the first 200 were searched."]),
    ("x " * 199 + "AND y", " ".join(["x"] * 199 + ["AND", "y"]), []),
    ('coup "army" "x', 'coup "army" x', ["An unmatched quote was ignored."]),
    ('"coup-makers" OR army-men', '"coup-makers" OR "army men"', []),
    ("coup AND (a OR (b OR (c OR (d OR (e OR (f OR g))))))",
     "coup AND a OR b OR c OR d OR e OR f OR g", [BRACKETS]),
    ("x" * 61 + " OR " + "y" * 60, "y" * 60, [LONG_WORDS]),
])
def test_query_syntax_is_tidied_into_what_the_parser_can_read(
        typed: str, text: str, notices: list[str]) -> None:
    """Each rewrite of typed syntax, and each notice, is exactly as promised."""
    reading = read(typed)
    assert (reading.text, reading.plain, reading.words, reading.notices) == (
        text, False, [], notices)


@pytest.mark.parametrize("typed, words, notices, quoted, breaks, capitals", [
    ("coup-makers OAS's", [("coup", "makers"), ("OAS",)], [], frozenset(), frozenset(),
     frozenset({"OAS"})),
    ('"Training" phase', [("Training",), ("phase",)], [], frozenset({"training"}),
     frozenset({0}), frozenset()),
    ("a" * 61 + " b", [("b",)], [LONG_WORDS], frozenset(), frozenset(), frozenset()),
    ("a" * 60, [("a" * 60,)], [], frozenset(), frozenset(), frozenset()),
    ("w " * 201, [("w",)] * 200, ["The query has 201 words; only the first 200 were searched."],
     frozenset(), frozenset(), frozenset()),
    ("w " * 200, [("w",)] * 200, [], frozenset(), frozenset(), frozenset()),
    # a capital after a full stop starts a sentence; after a comma it is the word's own
    ("the Senate, Jeanine Áñez. Bible", [("the",), ("Senate",), ("Jeanine",), ("Áñez",),
                                         ("Bible",)], [], frozenset(), frozenset({1, 3}),
     frozenset({"Senate", "Jeanine", "Áñez"})),
    ('May: "Will" (Here) ¿Quién? ¡Ya! x US-Led', [("May",), ("Will",), ("Here",), ("Quién",),
                                                  ("Ya",), ("x",), ("US", "Led")], [],
     frozenset({"will"}), frozenset({0, 1, 2, 3, 4}), frozenset({"US", "Led"})),
    ("x, " + "a" * 61 + " y", [("x",), ("y",)], [LONG_WORDS], frozenset(), frozenset({0}),
     frozenset()),
])
def test_plain_words_are_read_within_the_limits(
        typed: str, words: list[tuple[str, ...]], notices: list[str],
        quoted: frozenset[str], breaks: frozenset[int], capitals: frozenset[str]) -> None:
    """Plain words keep their parts, lose a possessive, and stop at the limits, saying so;
    the places of those followed by punctuation are kept, and the words with a capital first
    letter where no sentence starts."""
    reading = read(typed)
    assert reading == Reading(" ".join(" ".join(w) for w in words), True, False, words, notices,
                              quoted, breaks, capitals)


@pytest.mark.parametrize("typed, kept, notices", [
    ("a" * 1000, "a" * 1000, []),
    ("a" * 1001, "a" * 1000,
     ["The query is 1,001 characters long; only the first 1,000 were searched (the limit is "
      "1,000)."]),
    ("ab " * 333 + "a b", "ab " * 333 + "a",
     ["The query is 1,002 characters long; only the first 1,000 were searched (the limit is "
      "1,000)."]),
    ("ab " * 333 + "ab c", ("ab " * 333).strip(),
     ["The query is 1,003 characters long; only the first 998 were searched (the limit is "
      "1,000)."]),
    ("ab " * 333 + "abcd", ("ab " * 333).strip(),
     ["The query is 1,003 characters long; only the first 998 were searched (the limit is "
      "1,000)."]),
])
def test_a_long_query_is_cut_at_a_word_end_and_says_so(
        typed: str, kept: str, notices: list[str]) -> None:
    """Past 1,000 characters the query is cut, at the end of a word when there is one."""
    assert normalise(typed) == (kept, notices)


def test_a_phrase_beside_brackets_is_read_as_words_and_phrases() -> None:
    """Brackets around no operator are punctuation: the phrase is kept, the brackets dropped."""
    reading = read('"coup army" (x)')
    assert (reading.text.split(), reading.plain, reading.phrases) == (
        ['"coup', 'army"', "x"], False, True)


def test_facets_list_the_most_matches_first_then_by_name(
        write_article: WriteArticle, rebuild: Callable[[], None], index_dir: Path) -> None:
    """Outlets and authors with as many matches are listed by name; more matches come first."""
    for slug, outlet, author in [("c1", "Outlet C", "Zoe"), ("b1", "Outlet B", "Ann"),
                                 ("b2", "Outlet B", "Ann"), ("a1", "Outlet A", "Mia")]:
        write_article(slug, "The coup, as told by its witnesses.", outlet=outlet,
                      authors=[author])
    rebuild()
    found = search(IndexHandle(index_dir), SearchRequest(text="coup"))
    assert found.outlet_facets == [("Outlet B", 2), ("Outlet A", 1), ("Outlet C", 1)]
    assert found.author_facets == [("Ann", 2), ("Mia", 1), ("Zoe", 1)]



def test_a_filter_that_leaves_out_the_last_article_after_an_update_finds_nothing(
        write_article: WriteArticle, corpus_dir: Path, rebuild: Callable[[], None],
        index_dir: Path) -> None:
    """An update that removes all but one article leaves its paragraphs deleted in the index;
    a filter that passes no article then answers no match, not an error."""
    write_article("kept", "The coup began in November.", outlet="Outlet A")
    write_article("gone", "The coup ended a year later.", outlet="Outlet B")
    rebuild()
    (corpus_dir / "gone.md").unlink()
    rebuild()  # an incremental build
    handle = IndexHandle(index_dir)
    assert search(handle, SearchRequest(text="coup")).total == 1
    filtered = search(handle, SearchRequest(text="coup", outlets=("Outlet B",)))
    assert (filtered.total, filtered.hits) == (0, [])


def test_a_filtered_search_by_date_lists_the_some_words_matches_of_the_filter_only(
        site: Flask, index_dir: Path) -> None:
    """Past its all-words matches, a filtered search in date order lists the paragraphs with
    some of the words, still only from the outlets asked for."""
    request = SearchRequest(text="coup Senate", outlets=("Other Outlet",), sort="newest")
    found = search(IndexHandle(index_dir), request)
    assert [(h.article.slug, h.all_words) for h in found.hits] == [
        ("month", True), ("last", False), ("after", False)]
    nowhere = SearchRequest(text="coup Senate", outlets=("No Outlet",), sort="newest")
    assert search(IndexHandle(index_dir), nowhere).hits == []
