"""The site on (a copy of) the real corpus: the documented examples work, every article and
paragraph page renders, the pages agree with the API, and no input produces a 500."""

import re
from typing import Any
from urllib.parse import urlencode

import pytest
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from search.web.help import EXAMPLES, SHORT, Example
from tests.webtools import body, count_line, hit_ids, text

OUTLETS = {"Red Flag", "World Socialist Web Site", "Revolutionary Communist Group",
           "Left on the Move", "Wedge"}


def api(client: FlaskClient, url: str) -> Any:
    response = client.get(url)
    assert response.status_code == 200, (url, response.get_data(as_text=True))
    return response.json


def test_home_describes_the_real_corpus(client: FlaskClient) -> None:
    shown = text(client.get("/"))
    assert re.search(r"5 articles, \d+ paragraphs, from \w+ 2019 to \w+ 20\d\d\.", shown)
    assert {o["name"] for o in api(client, "/api/outlets")["outlets"]} == OUTLETS
    for outlet in OUTLETS:
        assert outlet in shown


@pytest.mark.parametrize("example", EXAMPLES + tuple(e for line in SHORT for e in line),
                         ids=lambda e: e.query)
def test_every_documented_example_finds_something(client: FlaskClient,
                                                  example: Example) -> None:
    data = api(client, "/api/search?" + urlencode({"q": example.query}))
    assert data["total"] > 0, example.query
    assert data["results"][0]["all_words"], example.query


def test_documented_spelling_and_accent_examples(client: FlaskClient) -> None:
    assert api(client, "/api/search?q=Choquehuanka")["suggestion"] == "Choquehuanca"
    marks = {m for r in api(client, "/api/search?q=Anez&per_page=100")["results"]
             for m in re.findall(r"<mark>(.*?)</mark>", r["highlight"])}
    assert {"Áñez", "Añez"} <= marks


def test_each_outlet_filter_matches_its_facet_count(client: FlaskClient) -> None:
    unfiltered = api(client, "/api/search?q=coup")
    facets = {f["value"]: f["count"] for f in unfiltered["facets"]["outlets"]}
    assert set(facets) == OUTLETS
    assert sum(facets.values()) == unfiltered["total"]
    for outlet, count in facets.items():
        data = api(client, f"/api/search?q=coup&outlet={outlet}")
        assert data["total"] == count
        assert {r["outlet"] for r in data["results"]} == {outlet}


def test_every_article_and_paragraph_page_renders(client: FlaskClient) -> None:
    slugs = {r["article"].rsplit("/", 1)[1] for page in (1, 2)
             for r in api(client, f"/api/search?per_page=100&page={page}")["results"]}
    assert len(slugs) == 5
    for slug in slugs:
        article = api(client, f"/api/articles/{slug}")
        html = body(client.get(f"/a/{slug}"))
        assert f"<h1>{article['title']}</h1>" in html.replace("&#39;", "'")
        numbers = [int(n) for n in re.findall(r'class="para[^"]*" id="p(\d+)"', html)]
        assert numbers == list(range(1, len(article["paragraphs"]) + 1))
        for paragraph in article["paragraphs"]:
            page = client.get(f"/a/{slug}/p/{paragraph['id']}")
            assert page.status_code == 200
            assert f"¶ {paragraph['paragraph']}" in text(page)


@pytest.mark.parametrize("query", ["q=coup", "q=Morales+resigned", "q=%22coup+leaders%22",
                                   "q=elect*&sort=newest", "q=army&from=2019-11&to=2019-12",
                                   "q=Bolivia&page=2", "q=coup+massacre+Senkata+lithium"])
def test_pages_and_api_agree_on_the_real_corpus(client: FlaskClient, query: str) -> None:
    html = body(client.get("/search?" + query))
    data = api(client, "/api/search?" + query)
    assert hit_ids(html, related=True) == [r["id"] for r in data["results"]]
    if data["total"]:
        assert count_line(html).startswith(f"{data['total']} paragraph")


PARAMS = st.fixed_dictionaries({}, optional={
    "q": st.text(max_size=80) | st.sampled_from(['"coup', "NOT NOT", "a*", "outlet:(", "~5",
                                                  "title:", "(((((((x", "AND"]),
    "outlet": st.lists(st.text(max_size=30), max_size=3),
    "from": st.text(max_size=12) | st.sampled_from(["2019", "2019-11", "2019-11-31", "0000"]),
    "to": st.text(max_size=12),
    "sort": st.text(max_size=10) | st.sampled_from(["newest", "oldest"]),
    "page": st.text(max_size=6) | st.integers(-5, 2000).map(str),
    "per_page": st.text(max_size=6) | st.integers(-5, 500).map(str),
})


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(params=PARAMS, path=st.sampled_from(["/search", "/api/search"]))
def test_no_input_produces_a_500(app: Flask, params: dict[str, Any], path: str) -> None:
    response = app.test_client().get(path, query_string=params)
    assert response.status_code in (200, 400), (params, response.get_data(as_text=True)[:500])
