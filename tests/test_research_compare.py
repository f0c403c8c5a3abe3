"""Compare outlets: counts equal the search's facet counts, shares are count / paragraphs,
highest share first, with the dates of the matches, the timeline and notes on the filters."""

import html
import re

import pytest
from flask.testing import FlaskClient

from tests.test_web_api import get_json


def outlet_paragraphs(client: FlaskClient) -> dict[str, int]:
    return {o["name"]: o["paragraphs"] for o in get_json(client, "/api/outlets")["outlets"]}


@pytest.mark.parametrize("query", ["q=coup", "q=Morales", "q=police+army", "q=zzzzunknown", ""])
def test_counts_and_shares_add_up_from_the_facets(client: FlaskClient, query: str) -> None:
    comparison = get_json(client, "/api/compare?" + query)
    search = get_json(client, "/api/search?" + query)
    facets = {f["value"]: f["count"] for f in search["facets"]["outlets"]}
    paragraphs = outlet_paragraphs(client)
    columns = {c["outlet"]: c for c in comparison["outlets"]}
    assert set(columns) == set(paragraphs)  # every outlet, those without matches too
    for outlet, column in columns.items():
        assert column["count"] == facets.get(outlet, 0)
        assert column["paragraphs"] == paragraphs[outlet]
        assert column["share"] == pytest.approx(column["count"] / paragraphs[outlet], abs=1e-6)
        assert len(column["results"]) == min(3, column["count"])
        assert {r["outlet"] for r in column["results"]} <= {outlet}
    assert sum(c["count"] for c in comparison["outlets"]) == comparison["total"] == search["total"]
    # highest share first (the fair measure), not most matches: then most matches, then name
    order = [(-c["share"], -c["count"], c["outlet"]) for c in comparison["outlets"]]
    assert order == sorted(order)


def test_each_column_shows_the_outlets_best_paragraphs(client: FlaskClient) -> None:
    comparison = get_json(client, "/api/compare?q=coup")
    for column in comparison["outlets"]:
        best = get_json(client, "/api/search?q=coup&per_page=3&outlet=" + column["outlet"])
        assert [r["id"] for r in column["results"]] == [r["id"] for r in best["results"]]
        assert all("<mark>" in r["highlight"] for r in column["results"])


def test_filters_apply_as_on_search(client: FlaskClient) -> None:
    chosen = get_json(client, "/api/compare?q=coup&outlet=Wedge&outlet=Red+Flag")
    assert [c["outlet"] for c in chosen["outlets"]] == ["Red Flag", "Wedge"]
    dated = get_json(client, "/api/compare?q=coup&from=2019-12&to=2019-12")
    search = get_json(client, "/api/search?q=coup&from=2019-12&to=2019-12")
    facets = {f["value"]: f["count"] for f in search["facets"]["outlets"]}
    # Only December 2019 articles are in range: the shares are of their paragraphs.
    articles = get_json(client, "/api/search?from=2019-12&to=2019-12&per_page=100")
    in_range = {f["value"]: f["count"] for f in articles["facets"]["outlets"]}
    assert {c["outlet"]: c["paragraphs"] for c in dated["outlets"]} == in_range
    assert {c["outlet"]: c["count"] for c in dated["outlets"]} == {
        o: facets.get(o, 0) for o in in_range}


def test_the_page_shows_a_column_per_outlet_and_is_linked_from_results(
        client: FlaskClient) -> None:
    results = client.get("/search?q=coup&outlet=Wedge").get_data(as_text=True)
    assert 'href="/compare?q=coup&amp;outlet=Wedge"' in results
    page = html.unescape(client.get("/compare?q=coup").get_data(as_text=True))
    data = get_json(client, "/api/compare?q=coup")
    headings = re.findall(r'<h3 id="outlet-\d+">(.*?)</h3>', page)
    assert headings == [c["outlet"] for c in data["outlets"]]
    rows = re.findall(r'class="share-row__outlet" href="[^"]*">(.*?)</a>', page)
    assert rows == headings
    for column in data["outlets"]:
        share = column["share"] * 100
        percent = f"{share:.0f}%" if share >= 10 else f"{share:.1f}%"
        figures = f"{column['count']} of {column['paragraphs']} paragraphs, {percent}"
        assert page.count(figures) == 2  # in the share chart and above the column
    assert f"{data['total']} matching paragraphs" in page


def test_outlets_come_highest_share_first_with_bars_to_scale_and_dates(
        client: FlaskClient) -> None:
    data = get_json(client, "/api/compare?q=coup")
    shares = [c["share"] for c in data["outlets"]]
    assert shares == sorted(shares, reverse=True)
    assert shares[0] > shares[-1] > 0  # not all equal: the order says something here
    page = client.get("/compare?q=coup").get_data(as_text=True)
    widths = [float(w) for w in re.findall(
        r'<rect class="c\d" width="([\d.]+)%" height="100%"/>', page)]
    assert widths == pytest.approx([s * 100 for s in shares], abs=0.01)
    search = get_json(client, "/api/search?q=coup&per_page=100")
    for column in data["outlets"]:
        dates = sorted(r["date"] for r in search["results"] if r["outlet"] == column["outlet"])
        assert (column["first"], column["last"]) == (dates[0], dates[-1])
    empty = get_json(client, "/api/compare?q=Senkata")
    assert any(c["first"] is None and c["last"] is None and c["count"] == 0
               for c in empty["outlets"])


def test_the_page_has_one_query_box_and_the_timeline(client: FlaskClient) -> None:
    page = client.get("/compare?q=coup").get_data(as_text=True)
    assert page.count('type="search"') == 1
    assert 'id="timeline-heading"' in page
    data = get_json(client, "/api/compare?q=coup")
    search = get_json(client, "/api/search?q=coup")
    assert data["timeline"] == search["timeline"]


def test_a_note_says_when_filters_narrow_the_comparison(client: FlaskClient) -> None:
    page = html.unescape(client.get("/compare?q=coup&outlet=Wedge").get_data(as_text=True))
    assert re.findall(r'<h3 id="outlet-\d+">(.*?)</h3>', page) == ["Wedge"]
    assert ('Only 1 outlet is compared because of the outlet filter. '
            '<a href="/compare?q=coup">Compare all outlets</a>') in page
    two = html.unescape(client.get("/compare?q=coup&outlet=Wedge&outlet=Red+Flag&from=2019-12"
                                   ).get_data(as_text=True))
    assert "Only 2 outlets are compared because of the outlet filter." in two
    assert ('Counts and shares are of the paragraphs from 2019-12 only. <a href="/compare?'
            'q=coup&outlet=Wedge&outlet=Red+Flag">Compare over all dates and authors</a>') in two
    whole = client.get("/compare?q=coup").get_data(as_text=True)
    assert 'class="narrowed"' not in whole


@pytest.mark.parametrize(("url", "message"), [
    ("/api/compare?sort=best", "Parameter 'sort': must be one of relevance, newest, oldest."),
    ("/api/compare?q=*", "Parameter 'q': A wildcard needs at least 3 letters"),
    ("/api/compare?to=2019-13", "Parameter 'to': '2019-13' is not a date"),
    ("/api/compare?" + "&".join(["outlet=x"] * 51), "Parameter 'outlet': given 51 times"),
])
def test_bad_parameters_are_refused(client: FlaskClient, url: str, message: str) -> None:
    response = client.get(url)
    assert response.status_code == 400
    assert response.json is not None and response.json["error"]["message"].startswith(message)
    page = client.get(url.replace("/api/compare", "/compare"))
    assert page.status_code == 400 and message in html.unescape(page.get_data(as_text=True))


def test_the_openapi_document_describes_the_research_answers(client: FlaskClient) -> None:
    from tests.test_web_api import check, response_schema

    doc = get_json(client, "/api/openapi.json")
    for path, url in [("/api/compare", "/api/compare?q=coup&from=2019"),
                      ("/search.json", "/search.json?q=Senkata&from=2019-11")]:
        check(response_schema(doc, path, "200"), get_json(client, url), doc, url)
        bad = client.get(url + "&sort=best")
        check(response_schema(doc, path, "400"), bad.json, doc, url)
    rules = {r.rule for r in client.application.url_map.iter_rules()}
    for route in ("/compare", "/api/compare", "/search.csv", "/search.json", "/search.atom",
                  "/opensearch.xml", "/api/suggest"):
        assert route in rules and route in doc["paths"]
    for rule, path in [("/a/<slug>/cite.<fmt>", "/a/{slug}/cite.{format}"),
                       ("/a/<slug>/p/<pid>/cite.<fmt>", "/a/{slug}/p/{id}/cite.{format}"),
                       ("/search/cite.<fmt>", "/search/cite.{format}")]:
        assert rule in rules and path in doc["paths"]
