"""Untrusted corpus text and queries stay inert; headers on every response; no 500 escapes."""

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from search.index.build import build_index
from search.web import create_app
from search.web.headers import HEADERS
from tests.webtools import body, hit_ids

EVIL = '<script>alert(1)</script>" onmouseover="alert(2)'
ALLOWED_ATTRIBUTES = {
    "lang", "charset", "name", "content", "rel", "href", "type", "src", "defer", "class", "id",
    "role", "action", "method", "for", "value", "maxlength", "aria-describedby", "autocomplete",
    "aria-label", "aria-labelledby", "tabindex", "datetime", "checked", "inputmode", "size",
    "placeholder", "pattern", "selected", "start", "aria-current", "xmlns", "viewbox", "width",
    "height", "x", "y", "x1", "y1", "x2", "y2", "text-anchor", "data-focus", "scope", "title",
    "list", "data-copy", "hidden", "aria-hidden",
}
HOSTILE_FILE = """---
title: '{evil} title'
outlet: '{evil} outlet'
authors:
  - '{evil} author'
date: "2019-11-20"
url: "javascript:alert(3)"
note: '{evil} note'
---

## {evil} section

Hostile paragraph {evil} <img src=x onerror=alert(4)> about the coup.

Second paragraph with <b>bold</b> &amp; entities &lt;mark&gt; about the coup.
"""


@pytest.fixture
def hostile(corpus_dir: Path, index_dir: Path) -> FlaskClient:
    """Serve one article whose every field carries markup and attribute breakers."""
    (corpus_dir / "hostile.md").write_text(HOSTILE_FILE.format(evil=EVIL.replace("'", "''")),
                                           encoding="utf-8")
    assert build_index(corpus_dir, index_dir).published
    app: Flask = create_app({"TESTING": True, "INDEX_DIR": str(index_dir)})
    return app.test_client()


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))


def assert_inert(html: str) -> None:
    """No markup from the corpus or the query survives as an element or an attribute."""
    parser = _Tags()
    parser.feed(html)
    for tag, attrs in parser.tags:
        assert tag not in ("img", "b", "iframe", "object"), tag
        if tag == "script":
            assert attrs in ([("src", "/static/focus.js"), ("defer", None)],
                             [("src", "/static/enhance.js"), ("defer", None)])
        for name, value in attrs:
            assert not name.startswith("on"), (tag, name)
            assert name in ALLOWED_ATTRIBUTES, (tag, name)
            if name in ("href", "src", "action"):
                url = "".join((value or "").split()).lower()
                assert not url.startswith(("javascript:", "data:", "vbscript:")), (tag, value)


def hostile_urls(client: FlaskClient) -> list[str]:
    data = client.get("/api/search?q=coup").json
    assert data is not None
    pid = data["results"][0]["id"]
    return ["/", "/about", "/search?q=coup", "/search?q=hostile+coup+outlet", "/a/hostile",
            "/a/hostile?q=coup", f"/a/hostile/p/{pid}",
            "/search?" + "q=" + EVIL.replace("&", "%26") + "&outlet=" + EVIL,
            "/a/hostile?q=" + EVIL, "/search?from=" + EVIL]


def test_hostile_corpus_and_queries_are_escaped_in_html(hostile: FlaskClient) -> None:
    for url in hostile_urls(hostile):
        response = hostile.get(url)
        assert response.status_code in (200, 400), url
        html = body(response)
        assert_inert(html)
        if response.status_code == 200 and "q=coup" in url:
            assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html, url


def test_highlights_allow_only_mark(hostile: FlaskClient) -> None:
    html = body(hostile.get("/search?q=coup"))
    assert len(hit_ids(html)) == 2
    assert ("Hostile paragraph &lt;script&gt;alert(1)&lt;/script&gt;\" onmouseover=\"alert(2) "
            "&lt;img src=x onerror=alert(4)&gt; about the <mark>coup</mark>.") in html
    assert ("Second paragraph with &lt;b&gt;bold&lt;/b&gt; &amp;amp; entities &amp;lt;mark&amp;gt; "
            "about the <mark>coup</mark>.") in html
    assert re.findall(r"<(/?\w+)", html.split('<ol class="hits"')[1].split("</ol>")[0]).count(
        "mark") == 2


def test_json_carries_the_text_as_data_and_highlights_sanitised(hostile: FlaskClient) -> None:
    response = hostile.get("/api/search?q=coup")
    assert response.mimetype == "application/json"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    data = response.json
    assert data is not None
    [first] = [r for r in data["results"] if r["text"].startswith("Hostile")]
    assert EVIL in first["text"] and EVIL in first["title"] and EVIL in first["outlet"]
    assert "<script>" not in first["highlight"] and "<img" not in first["highlight"]
    assert "&lt;script&gt;" in first["highlight"]


def test_original_url_links_only_http(hostile: FlaskClient) -> None:
    html = body(hostile.get("/a/hostile"))
    assert "Original: javascript:alert(3)</p>" in html
    assert 'href="javascript' not in html


def test_timeline_and_facets_escape_outlet_names(hostile: FlaskClient) -> None:
    html = body(hostile.get("/search?q=coup"))
    assert 'aria-label="November 2019: 2 paragraphs (&lt;script&gt;alert(1)&lt;/script&gt;&#34; ' \
           'onmouseover=&#34;alert(2) outlet 2)"' in html
    assert '<span class="facet__name">&lt;script&gt;alert(1)&lt;/script&gt;&#34; ' \
           'onmouseover=&#34;alert(2) outlet</span>' in html  # the facet, now a link's text


ROUTES = ["/", "/search?q=coup", "/about", "/a/flag", "/a/flag?q=coup", "/api/search?q=coup",
          "/api/outlets", "/api/articles/flag", "/api/openapi.json", "/healthz", "/a/none",
          "/p/zzzzzzzzzz", "/search?sort=x", "/api/search?sort=x", "/static/style.css",
          "/static/focus.js", "/nowhere"]


@pytest.mark.parametrize("url", ROUTES)
def test_security_headers_on_every_route(tiny: FlaskClient, url: str) -> None:
    response = tiny.get(url)
    response.close()
    for name, value in HEADERS.items():
        assert response.headers[name] == value, (url, name)
    csp = response.headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in csp and "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert response.headers["Referrer-Policy"] == "same-origin"


def test_headers_on_redirects(tiny: FlaskClient) -> None:
    pid = tiny.get("/api/search?q=Senkata").json["results"][0]["id"]  # type: ignore[index]
    response = tiny.get(f"/p/{pid}")
    assert response.status_code == 301
    assert response.headers["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("url", ["/", "/search?q=coup", "/about", "/a/flag?q=coup", "/a/none",
                                 "/search?q=" + "a" * 600])
def test_pages_have_no_inline_script_or_style(tiny: FlaskClient, url: str) -> None:
    html = body(tiny.get(url))
    assert re.findall(r"<script\b[^>]*>", html) == [
        '<script src="/static/focus.js" defer>', '<script src="/static/enhance.js" defer>']
    assert "<style" not in html and " style=" not in html
    assert not re.search(r"\son[a-z]+=", html)


def test_static_files_have_etags(tiny: FlaskClient) -> None:
    first = tiny.get("/static/style.css")
    assert first.status_code == 200 and first.mimetype == "text/css"
    first.close()
    etag = first.headers["ETag"]
    again = tiny.get("/static/style.css", headers={"If-None-Match": etag})
    again.close()
    assert again.status_code == 304
    assert again.headers["Content-Security-Policy"]


def test_unexpected_errors_are_a_500_page_or_json(index_dir: Path, tiny_app: Flask) -> None:
    app = create_app({"TESTING": True, "INDEX_DIR": str(index_dir)})

    def boom() -> str:
        raise RuntimeError("secret detail")

    app.add_url_rule("/boom", view_func=boom)
    app.add_url_rule("/api/boom", "api_boom", view_func=boom)
    client = app.test_client()
    page = client.get("/boom")
    assert page.status_code == 500
    assert "Something went wrong" in body(page) and "secret detail" not in body(page)
    assert page.headers["X-Content-Type-Options"] == "nosniff"
    api = client.get("/api/boom")
    assert api.status_code == 500
    assert api.json == {"error": {"status": 500, "message": "The server failed to answer this "
                                                           "request. Please try again later."}}


def test_index_removed_while_running_is_a_503(tiny: FlaskClient, index_dir: Path) -> None:
    (index_dir / "CURRENT").unlink()
    page = tiny.get("/search?q=coup")
    assert page.status_code == 503
    assert "The search index is not available right now." in body(page)
    health = tiny.get("/healthz")
    assert health.status_code == 503 and health.json is not None
    assert health.json["error"]["status"] == 503
