"""Citations: a plain-text line, BibTeX (read back with bibtexparser) and CSL-JSON, for
paragraphs, articles and a page of results; dates keep their precision."""

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path

import bibtexparser
import pytest
from bibtexparser.bparser import BibTexParser
from flask import Flask
from flask.testing import FlaskClient

from search.web import create_app
from tests.conftest import WriteArticle
from tests.test_web_api import get_json

WSWS = "the-us-backed-coup-in-bolivia"
RCG = "bolivia-reaction-repression-resistance"


def today() -> str:
    return dt.datetime.now(dt.UTC).date().isoformat()


def parse_bibtex(text: str) -> list[dict[str, str]]:
    parser = BibTexParser(common_strings=True)  # knows the month macros (nov, dec…)
    entries: list[dict[str, str]] = bibtexparser.loads(text, parser=parser).entries
    return entries


def first_paragraph(client: FlaskClient, slug: str) -> dict[str, object]:
    article = get_json(client, f"/api/articles/{slug}")
    paragraph: dict[str, object] = article["paragraphs"][2]
    return paragraph


def test_a_paragraph_in_bibtex(client: FlaskClient) -> None:
    p = first_paragraph(client, WSWS)
    response = client.get(f"/a/{WSWS}/p/{p['id']}/cite.bib")
    assert response.status_code == 200 and response.mimetype == "application/x-bibtex"
    assert response.headers["Content-Disposition"] == (
        f'attachment; filename="{WSWS}-p{p["paragraph"]}.bib"; '
        f"filename*=UTF-8''{WSWS}-p{p['paragraph']}.bib")
    [entry] = parse_bibtex(response.get_data(as_text=True))
    assert entry["ENTRYTYPE"] == "article"
    assert entry["author"] == "{Van Auken}, Bill"
    assert entry["title"] == "{The US-backed coup in Bolivia}"
    assert entry["journal"] == "World Socialist Web Site"
    assert (entry["year"], entry["month"], entry["date"]) == ("2019", "November", "2019-11-13")
    assert entry["url"] == p["permalink"]
    assert entry["note"] == f"¶ {p['paragraph']}"
    assert entry["urldate"] == today()


def test_month_precision_is_kept(client: FlaskClient) -> None:
    p = first_paragraph(client, RCG)
    [entry] = parse_bibtex(client.get(f"/a/{RCG}/p/{p['id']}/cite.bib").get_data(as_text=True))
    assert (entry["year"], entry["month"], entry["date"]) == ("2019", "December", "2019-12")
    [item] = json.loads(client.get(f"/a/{RCG}/p/{p['id']}/cite.json").get_data())
    assert item["issued"] == {"date-parts": [[2019, 12]]}
    line = client.get(f"/a/{RCG}/p/{p['id']}/cite.txt").get_data(as_text=True)
    assert ", December 2019, ¶ " not in line  # stated as fact, it was only inferred


def test_an_inferred_date_is_cited_as_inferred(client: FlaskClient) -> None:
    p = first_paragraph(client, RCG)
    line = client.get(f"/a/{RCG}/p/{p['id']}/cite.txt").get_data(as_text=True)
    assert ", [December 2019, date inferred], ¶ " in line
    why = ("Date inferred: Undated; inferred December 2019: it says \"as we reported in "
           "November\" and no election date had been set yet.")
    [entry] = parse_bibtex(client.get(f"/a/{RCG}/p/{p['id']}/cite.bib").get_data(as_text=True))
    assert entry["note"] == f"¶ {p['paragraph']}. {why}"
    [item] = json.loads(client.get(f"/a/{RCG}/p/{p['id']}/cite.json").get_data())
    assert item["note"] == f"¶ {p['paragraph']}. {why}"
    [whole] = parse_bibtex(client.get(f"/a/{RCG}/cite.bib").get_data(as_text=True))
    assert whole["note"] == why
    page = client.get(f"/a/{RCG}/p/{p['id']}").get_data(as_text=True)
    assert "[December 2019, date inferred]" in page
    # a month stated by the article itself is not inferred
    flag = first_paragraph(client, "the-november-coup-in-bolivia-and-how-to-reverse-it")
    stated = client.get(f"/a/the-november-coup-in-bolivia-and-how-to-reverse-it/p/{flag['id']}"
                        "/cite.txt").get_data(as_text=True)
    assert ", January 2020, ¶ " in stated


def test_a_paragraph_as_a_text_line_and_csl_json(client: FlaskClient) -> None:
    p = first_paragraph(client, WSWS)
    accessed = dt.date.fromisoformat(today())
    line = client.get(f"/a/{WSWS}/p/{p['id']}/cite.txt")
    assert line.mimetype == "text/plain"
    assert line.get_data(as_text=True) == (
        f"World Socialist Web Site, Bill Van Auken, “The US-backed coup in Bolivia”, "
        f"13 November 2019, ¶ {p['paragraph']}, {p['permalink']} (accessed "
        f"{accessed.day} {accessed:%B %Y}).\n")
    response = client.get(f"/a/{WSWS}/p/{p['id']}/cite.json")
    assert response.mimetype == "application/vnd.citationstyles.csl+json"
    [item] = json.loads(response.get_data())
    assert item["type"] == "article-newspaper"
    assert item["author"] == [{"family": "Van Auken", "given": "Bill"}]
    assert item["container-title"] == "World Socialist Web Site"
    assert item["issued"] == {"date-parts": [[2019, 11, 13]]}
    assert item["URL"] == p["permalink"] and item["note"] == f"¶ {p['paragraph']}"
    assert item["accessed"] == {"date-parts": [[accessed.year, accessed.month, accessed.day]]}


def test_the_paragraph_page_shows_the_line_and_links_the_downloads(client: FlaskClient) -> None:
    p = first_paragraph(client, WSWS)
    page = client.get(f"/a/{WSWS}/p/{p['id']}").get_data(as_text=True)
    line = client.get(f"/a/{WSWS}/p/{p['id']}/cite.txt").get_data(as_text=True).strip()
    assert line.replace("“", "&ldquo;") in page or line in page
    for fmt in ("bib", "json", "txt"):
        assert f'href="/a/{WSWS}/p/{p["id"]}/cite.{fmt}"' in page


def test_a_whole_article(client: FlaskClient) -> None:
    page = client.get(f"/a/{RCG}").get_data(as_text=True)
    assert f'href="/a/{RCG}/cite.bib"' in page
    [entry] = parse_bibtex(client.get(f"/a/{RCG}/cite.bib").get_data(as_text=True))
    assert entry["author"] == "{Howarth}, Cassandra"
    assert entry["url"] == f"http://localhost/a/{RCG}" and "¶" not in entry["note"]
    line = client.get(f"/a/{RCG}/cite.txt").get_data(as_text=True)
    assert "¶" not in line and line.startswith("Revolutionary Communist Group, Cassandra Howarth")


def test_a_page_of_results(client: FlaskClient) -> None:
    results = get_json(client, "/api/search?q=coup&page=2")["results"]
    lines = client.get("/search/cite.txt?q=coup&page=2").get_data(as_text=True).splitlines()
    assert len(lines) == len(results) == 10
    for line, result in zip(lines, results, strict=True):
        assert f"¶ {result['paragraph']}, {result['permalink']} (accessed " in line
    entries = parse_bibtex(client.get("/search/cite.bib?q=coup&page=2").get_data(as_text=True))
    assert [e["url"] for e in entries] == [r["permalink"] for r in results]
    assert len({e["ID"] for e in entries}) == 10  # keys are unique
    items = json.loads(client.get("/search/cite.json?q=coup&page=2").get_data())
    assert [i["URL"] for i in items] == [r["permalink"] for r in results]
    page = client.get("/search?q=coup&page=2").get_data(as_text=True)
    assert 'href="/search/cite.bib?q=coup&amp;page=2"' in page


def test_special_characters_are_escaped_for_bibtex(write_article: WriteArticle,
                                                   rebuild: Callable[[], None],
                                                   index_dir: Path) -> None:
    write_article("money", "The coup cost 100% of $5 & more.",
                  title="Profits & Losses: 100% of $5 #1_a {x} ~ ^", outlet="A&B_Weekly",
                  authors=["José María Ñúñez"], date="2021-03")
    rebuild()
    app: Flask = create_app({"TESTING": True, "INDEX_DIR": str(index_dir)})
    text = app.test_client().get("/a/money/cite.bib").get_data(as_text=True)
    assert r"Profits \& Losses: 100\% of \$5 \#1\_a \{x\} \textasciitilde{} \textasciicircum{}" \
        in text
    [entry] = parse_bibtex(text)
    assert entry["journal"] == r"A\&B\_Weekly"
    assert entry["author"] == "{Ñúñez}, José María"
    assert entry["year"] == "2021" and entry["month"] == "March"


@pytest.mark.parametrize(("url", "status"), [
    (f"/a/{WSWS}/cite.pdf", 404), (f"/a/{WSWS}/p/zzzzzzzzzz/cite.bib", 404),
    ("/a/no-such-article/cite.txt", 404), ("/a/NOT%20a%20slug/cite.txt", 404),
    ("/search/cite.bib?sort=best", 400), ("/search/cite.xml?q=coup", 404),
])
def test_bad_addresses_are_refused(client: FlaskClient, url: str, status: int) -> None:
    response = client.get(url)
    assert response.status_code == status
    assert "Bad request" in response.get_data(as_text=True) or status == 404
