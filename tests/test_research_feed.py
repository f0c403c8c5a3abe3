"""Follow a search: an Atom feed of the newest matches (read with feedparser), and the
browser search bar (OpenSearch description and suggestions)."""

import re
import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

import feedparser
import pytest
from flask.testing import FlaskClient

from search.whoosh.spelling import analyse
from tests.test_web_api import get_json


def feed(client: FlaskClient, query: str) -> feedparser.FeedParserDict:
    response = client.get("/search.atom?" + query)
    assert response.status_code == 200 and response.mimetype == "application/atom+xml"
    parsed = feedparser.parse(response.get_data())
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    return parsed


@pytest.mark.parametrize("query", ["q=coup", "q=Senkata", "q=coup&outlet=Wedge", ""])
def test_the_feed_has_the_newest_matches(client: FlaskClient, query: str) -> None:
    parsed = feed(client, query)
    newest = get_json(client, "/api/search?sort=newest&per_page=50&" + query)
    newest["results"] = [r for r in newest["results"] if r["all_words"]]  # the matches
    assert len(parsed.entries) == min(50, newest["total"]) == len(newest["results"])
    assert [e.link for e in parsed.entries] == [r["permalink"] for r in newest["results"]]
    updated = [e.updated for e in parsed.entries]
    assert updated == sorted(updated, reverse=True)
    for entry, result in zip(parsed.entries, newest["results"], strict=True):
        assert entry.id == result["permalink"]
        assert entry.title == f"{result['outlet']}: {result['title']}, ¶ {result['paragraph']}"
        assert entry.content[0].value == result["text"]
        assert [a.name for a in entry.get("authors", [])] == result["authors"]


def test_the_feed_of_several_words_has_only_the_paragraphs_holding_them_all(
        client: FlaskClient) -> None:
    # the results page tops a short list up with paragraphs holding some of the words (or
    # holding them in their heading or title); a feed of the search's matches does not
    newest = get_json(client, "/api/search?sort=newest&per_page=50&q=Parlasur+commission")
    assert any(not r["all_words"] for r in newest["results"])
    matches = [r["permalink"] for r in newest["results"] if r["all_words"]]
    assert len(matches) == newest["total"] > 0
    assert [e.link for e in feed(client, "q=Parlasur+commission").entries] == matches


def test_entry_links_resolve_and_ids_are_stable(client: FlaskClient) -> None:
    first, second = feed(client, "q=coup"), feed(client, "q=coup")
    assert [e.id for e in first.entries] == [e.id for e in second.entries]
    assert first.feed.id == second.feed.id == "http://localhost/search?q=coup"
    for entry in first.entries:
        page = client.get(urlsplit(entry.link).path)
        assert page.status_code == 200
        assert entry.content[0].value.split()[0] in page.get_data(as_text=True)


def test_results_pages_link_to_their_feed(client: FlaskClient) -> None:
    page = client.get("/search?q=coup&outlet=Wedge&page=2").get_data(as_text=True)
    [href] = re.findall(r'<link rel="alternate" type="application/atom\+xml" title="[^"]+" '
                        r'href="([^"]+)">', page)
    assert href == "/search.atom?q=coup&amp;outlet=Wedge"
    parsed = feed(client, "q=coup&outlet=Wedge")
    assert {e.link.split("/p/")[0] for e in parsed.entries} == {
        "http://localhost/a/bolivian-socialists-defeat-us-backed-coup"}


def test_a_feed_with_a_bad_parameter_is_refused(client: FlaskClient) -> None:
    assert client.get("/search.atom?sort=best").status_code == 400
    assert client.get("/search.atom?q=*").status_code == 400
    empty = feed(client, "q=zzzzunknown")
    assert empty.entries == [] and empty.feed.updated


def test_every_page_announces_the_opensearch_description(client: FlaskClient) -> None:
    pid = get_json(client, "/api/search?q=coup")["results"][0]["id"]
    for url in ("/", "/about", "/search?q=coup", "/compare?q=coup", f"/p/{pid}",
                "/a/the-us-backed-coup-in-bolivia", "/nowhere"):
        response = client.get(url, follow_redirects=True)
        assert ('<link rel="search" type="application/opensearchdescription+xml" '
                'title="Press search" href="/opensearch.xml">') in response.get_data(as_text=True)


def test_the_opensearch_description(client: FlaskClient) -> None:
    response = client.get("/opensearch.xml")
    assert response.mimetype == "application/opensearchdescription+xml"
    ns = {"os": "http://a9.com/-/spec/opensearch/1.1/"}
    root = ET.fromstring(response.get_data())  # noqa: S314 - our own output
    assert root.findtext("os:ShortName", namespaces=ns) == "press-search"
    urls = {u.get("type"): u.get("template") for u in root.findall("os:Url", ns)}
    assert urls["text/html"] == "http://localhost/search?q={searchTerms}"
    assert urls["application/x-suggestions+json"] == (
        "http://localhost/api/suggest?q={searchTerms}")
    for template in urls.values():  # each template answers when filled in
        assert template is not None
        assert client.get(urlsplit(template.replace("{searchTerms}", "coup")).path + "?q=coup"
                          ).status_code == 200


def test_suggestions_complete_from_the_index(client: FlaskClient) -> None:
    response = client.get("/api/suggest?q=elec")
    assert response.mimetype == "application/x-suggestions+json"
    typed, completions = response.json  # type: ignore[misc]
    assert typed == "elec" and completions
    assert completions[0] in ("election", "elections")
    for word in completions:
        assert word.startswith("elec")
        assert get_json(client, f"/api/search?q={word}")["total"] > 0  # from the corpus
    more = client.get("/api/suggest?q=Evo+Mor").json
    assert more is not None and more[1][0] == "Evo morales"
    accented = client.get("/api/suggest?q=Áñe").json
    assert accented is not None and "anez" in accented[1]
    assert analyse("Áñez", stem=False) == "anez"


@pytest.mark.parametrize("q", ["", "e", "***", "coup*", "(", "a" * 70])
def test_nothing_to_complete(client: FlaskClient, q: str) -> None:
    response = client.get("/api/suggest", query_string={"q": q})
    assert response.status_code == 200 and response.json == [q, []]


def test_an_over_long_suggestion_query_completes_nothing(client: FlaskClient) -> None:
    response = client.get("/api/suggest?q=" + "a" * 501)
    assert response.status_code == 200 and response.json == ["a" * 501, []]
