"""At least 50 XSS payloads in every field of the corpus and in queries stay inert in every
output: pages, JSON, and every other format a route serves (the browser run is in
tests/browser/test_xss_browser.py)."""

import csv
import io
import json
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from typing import Any
from urllib.parse import quote

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from search.index.build import build_index
from search.web import create_app
from tests.payloads import PAYLOAD_WORDS, PAYLOADS, write_hostile_corpus
from tests.test_web_safety import _Tags, assert_inert


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Flask:
    root = tmp_path_factory.mktemp("xss")
    (root / "corpus").mkdir()
    write_hostile_corpus(root / "corpus")
    report = build_index(root / "corpus", root / "index")
    assert report.published, report.errors
    return create_app({"TESTING": True, "INDEX_DIR": str(root / "index")})


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


def test_there_are_at_least_fifty_distinct_payloads() -> None:
    assert len(set(PAYLOADS)) == len(PAYLOADS) >= 50


def real_urls(client: FlaskClient) -> list[str]:
    """Every route of the app, with the hostile corpus's own ids and hostile queries."""
    data = client.get("/api/search?q=coup&per_page=100").json
    assert data is not None and data["total"] >= 2 * len(PAYLOADS)
    pid = data["results"][0]["id"]
    slug = data["results"][0]["article"].rstrip("/").rsplit("/", 1)[-1]
    urls = []
    for rule in client.application.url_map.iter_rules():
        if "static" in rule.rule:
            continue
        path = rule.rule.replace("<slug>", slug).replace("<pid>", pid)
        for query in ("coup", *PAYLOAD_WORDS[:4], PAYLOADS[0], PAYLOADS[20]):
            urls.append(f"{path}?q={quote(query)}&outlet={quote(PAYLOADS[0] + ' outlet')}")
        urls.append(path)
    return urls


def test_every_route_keeps_the_payloads_inert(client: FlaskClient) -> None:
    formats: set[str] = set()
    for url in real_urls(client):
        response = client.get(url)
        assert response.status_code < 500, url
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        formats.add(response.mimetype or "")
        check_inert(response, url)
        response.close()
    assert {"text/html", "application/json"} <= formats


def check_inert(response: TestResponse, url: str) -> None:
    """Hold one response to the rules of its format."""
    data = response.get_data(as_text=True)
    kind = response.mimetype or ""
    if kind == "text/html":
        assert_inert(data)
    elif kind.endswith("json"):
        for key, value in strings(json.loads(data)):
            if key == "highlight":
                assert_only_marks(value)
    elif kind.endswith("xml"):  # Atom feeds, OpenSearch descriptions
        root = ET.fromstring(data)  # noqa: S314 - our own output, parsed to check it
        for element in root.iter():
            local = element.tag.rsplit("}", 1)[-1].lower()
            assert local not in ("script", "img", "svg", "iframe", "object"), (url, local)
            for name in element.attrib:
                assert not name.lower().startswith("on"), (url, name)
            if element.get("type") in ("html", "xhtml"):
                assert_inert(element.text or "")
    elif kind == "text/csv":
        rows = list(csv.reader(io.StringIO(data)))
        assert rows and response.headers["Content-Disposition"].startswith("attachment")
        for row in rows:  # no cell a spreadsheet would run as a formula
            assert not any(c.startswith(("=", "+", "-", "@")) for c in row), row
    else:  # plain text, BibTeX…: never sniffed as HTML
        assert not kind.startswith("text/html")


def strings(value: Any, key: str = "") -> Iterator[tuple[str, str]]:
    """Yield (key, string) for every string in a JSON value."""
    if isinstance(value, dict):
        for k, v in value.items():
            yield from strings(v, k)
    elif isinstance(value, list):
        for v in value:
            yield from strings(v, key)
    elif isinstance(value, str):
        yield key, value


def assert_only_marks(html: str) -> None:
    parser = _Tags()
    parser.feed(html)
    assert {tag for tag, _ in parser.tags} <= {"mark"}, html
    assert all(attrs == [] for _, attrs in parser.tags), html


def test_every_payload_comes_back_as_data_in_json(client: FlaskClient) -> None:
    data = client.get("/api/search?q=coup&per_page=100&page=1").json
    assert data is not None
    texts = [r["text"] for r in data["results"]]
    more = client.get("/api/search?q=coup&per_page=100&page=2").json
    assert more is not None
    texts += [r["text"] for r in more["results"]]
    for payload in PAYLOADS:
        as_indexed = " ".join(payload.split())  # paragraphs collapse runs of white space
        assert any(as_indexed in t for t in texts), payload
    for result in data["results"]:
        assert_only_marks(result["highlight"])


@pytest.mark.parametrize("word", PAYLOAD_WORDS)
def test_payload_words_highlight_as_text(client: FlaskClient, word: str) -> None:
    page = client.get(f"/search?q={word}")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert_inert(html)
    assert f"<mark>{word}</mark>" in html.lower() or "0 paragraphs" in html


@pytest.mark.parametrize("payload", PAYLOADS)
def test_each_payload_as_a_query_and_a_filter(client: FlaskClient, payload: str) -> None:
    for url in (f"/search?q={quote(payload)}", f"/search?q=coup&outlet={quote(payload)}",
                f"/search?from={quote(payload)}", f"/a/hostile-00?q={quote(payload)}"):
        response = client.get(url)
        assert response.status_code in (200, 400), url
        assert_inert(response.get_data(as_text=True))
    api = client.get(f"/api/search?q={quote(payload)}")
    assert api.status_code in (200, 400) and api.json is not None
    for key, value in strings(api.json):
        if key == "highlight":
            assert_only_marks(value)
