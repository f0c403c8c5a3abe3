"""Every search parameter is validated: a 400 naming the parameter, clamping, or a notice."""

from collections.abc import Callable

import pytest
from flask.testing import FlaskClient

from search.web.params import MAX_PER_PAGE
from tests.conftest import WriteArticle
from tests.webtools import body, count_line, hit_ids, section, text


@pytest.mark.parametrize(("query", "named"), [
    ("q=" + "a" * 501, "Parameter 'q': The query has no words to search for."),
    ("q=*", "Parameter 'q': A wildcard needs at least 3 letters before the '*', as in elect*."),
    ("q=ab*", "Parameter 'q': A wildcard needs at least 3 letters"),
    ("q=coup&from=2019-13", "Parameter 'from': '2019-13' is not a date; use YYYY, YYYY-MM or "
                            "YYYY-MM-DD"),
    ("q=coup&to=yesterday", "Parameter 'to': 'yesterday' is not a date"),
    ("q=coup&from=2019-02-30", "Parameter 'from': '2019-02-30' is not a date"),
    ("q=coup&from=2020&to=2019", "Parameter 'from': '2020' is after the end date '2019'"),
    ("q=coup&sort=best", "Parameter 'sort': must be one of relevance, newest, oldest."),
    ("q=coup&page=0", "Parameter 'page': must be a whole number, 1 or more."),
    ("q=coup&page=-1", "Parameter 'page': must be a whole number"),
    ("q=coup&page=two", "Parameter 'page': must be a whole number"),
    ("q=coup&page=1e3", "Parameter 'page': must be a whole number"),
    ("q=coup&page=٣", "Parameter 'page': must be a whole number"),
    ("q=coup&page=000", "Parameter 'page': must be a whole number"),
    ("q=coup&per_page=0", "Parameter 'per_page': must be a whole number, 1 or more."),
    ("q=coup&per_page=ten", "Parameter 'per_page': must be a whole number"),
    ("q=coup&outlet=" + "x" * 201, "Parameter 'outlet': a value is longer than 200 characters."),
    ("q=coup" + "".join(f"&outlet=o{i}" for i in range(51)),
     "Parameter 'outlet': given 51 times; the limit is 50."),
    ("q=coup&author=" + "x" * 201, "Parameter 'author': a value is longer than 200"),
])
def test_bad_parameters_are_a_400_naming_them(tiny: FlaskClient, query: str, named: str) -> None:
    page = tiny.get("/search?" + query)
    assert page.status_code == 400
    assert named in text(page)
    # the page keeps the search form, with the query, above which the reason is shown
    error = section(body(page), '<div class="error-box" role="alert"', "</div>")
    assert "This search could not be run" in text(error) and named in text(error)
    assert '<form class="search-form" role="search"' in body(page)
    assert '<input id="q" type="search" name="q" value="' in body(page)
    api = tiny.get("/api/search?" + query)
    assert api.status_code == 400
    assert api.json is not None
    assert api.json["error"]["status"] == 400
    assert named in api.json["error"]["message"]


def test_per_page_is_clamped(tiny: FlaskClient, write_article: WriteArticle,
                             rebuild: Callable[[], None]) -> None:
    write_article("long", "\n\n".join(f"Paragraph {i} about the coup." for i in range(120)))
    rebuild()
    data = tiny.get("/api/search?q=coup&per_page=1000").json
    assert data is not None
    assert data["per_page"] == MAX_PER_PAGE
    assert len(data["results"]) == MAX_PER_PAGE
    assert data["total"] == 126
    assert data["pages"] == 2


@pytest.mark.parametrize("page", ["999999", "9" * 5000, "1" + "0" * 30])
def test_page_is_capped(tiny: FlaskClient, page: str) -> None:
    data = tiny.get(f"/api/search?q=coup&page={page}").json
    assert data is not None
    assert data["page"] == 1000
    assert data["results"] == []
    assert data["notices"] == ["Page 1000 is past the end of the results."]


def test_leading_zeros_are_a_number(tiny: FlaskClient) -> None:
    data = tiny.get("/api/search?q=coup&per_page=0004&page=002").json
    assert data is not None and (data["per_page"], data["page"]) == (4, 2)


def test_empty_parameters_mean_the_defaults(tiny: FlaskClient) -> None:
    page = body(tiny.get("/search?q=coup&from=&to=&sort=&page=&per_page=&outlet="))
    assert count_line(page) == "6 paragraphs in 3 articles from 3 outlets"
    assert len(hit_ids(page, some=False)) == 6


def test_dates_at_every_precision(tiny: FlaskClient) -> None:
    for query, total in (("from=2019&to=2019", 2), ("from=2019-11-13&to=2019-11-13", 2),
                         ("from=2019-11-14", 4), ("to=2020-01", 4), ("from= 2020-10 ", 2)):
        data = tiny.get(f"/api/search?q=coup&{query}").json
        assert data is not None and data["total"] == total, query


def test_hostile_query_syntax_is_answered_not_crashed(tiny: FlaskClient) -> None:
    for q in ('"coup', "coup)", "NOT NOT coup", "AND OR NOT", "((((((coup))))))", "coup~~~",
              "outlet:", "title:(", '"army police"~999', "\x00coup\x1f", "coup AND"):
        response = tiny.get("/search", query_string={"q": q})
        assert response.status_code in (200, 400), q
        if response.status_code == 400:
            assert "Parameter 'q':" in text(response), q


def test_query_syntax_that_was_rewritten_says_so(tiny: FlaskClient) -> None:
    page = text(tiny.get("/search", query_string={"q": '"coup leaders'}))
    assert "An unmatched quote was ignored." in page


def test_a_refused_search_keeps_its_query_and_filters_in_the_page(tiny: FlaskClient) -> None:
    long = "coup " * 120  # 600 characters, kept as typed beside the date that is refused
    page = tiny.get("/search", query_string={"q": long, "outlet": "Wedge", "from": "2019-13",
                                             "sort": "oldest"})
    assert page.status_code == 400
    html = body(page)
    assert html.index('class="error-box"') < html.index('<form class="search-form"')
    assert "Parameter 'from': '2019-13' is not a date" in text(page)
    form = section(html, '<form class="search-form"', "</form>")
    assert f'value="{long}"' in form  # as typed, to be shortened where it was typed
    for kept in ('name="outlet" value="Wedge"', 'name="from" value="2019-13"',
                 'name="sort" value="oldest"'):
        assert kept in form
    chips = text(section(html, '<div class="chips">', "</div>"))
    assert "Outlet: Wedge" in chips and "From: 2019-13" in chips
    assert '<p class="count"' not in html  # no count of a search that was not run
    unsearchable = tiny.get("/search", query_string={"q": "co*", "outlet": "Wedge"})
    assert "A wildcard needs at least 3 letters" in text(unsearchable)
    assert "Outlet: Wedge" in text(section(body(unsearchable), '<div class="chips">', "</div>"))
    bad_date = body(tiny.get("/search?q=coup&from=2019-02-30"))
    assert "Parameter 'from': '2019-02-30' is not a date" in text(bad_date)
    assert 'href="/search?q=coup"' in section(bad_date, '<div class="chips">', "</div>")
