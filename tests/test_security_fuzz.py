"""Property-based fuzzing of every route of the site and API with hostile paths and parameters.

Every answer: no 5xx, JSON where JSON is promised (errors in the documented shape), within a
bounded time. `make test` runs a modest number of examples; `make fuzz` runs FUZZ_EXAMPLES
(100,000 by default) and prints how many requests it made.
"""

import json
import os
import time
from collections import Counter
from urllib.parse import quote

import pytest
from flask import Flask
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from werkzeug.routing import Rule

from search.web.calls import get_handle
from search.web.headers import CONTENT_SECURITY_POLICY

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "300"))
BOUND_SECONDS = 10.0  # far above any real answer: a hang or a runaway query, not a slow machine
SEEN: Counter[str] = Counter()

WORDS = ["coup", "Morales", "Áñez", "Bolivia", "El Alto", "MAS", "Senkata", "Washington",
         "electi*", "coup*", "the", "police", "army", "whipala", "wiphala"]
SYNTAX = ["AND", "OR", "NOT", "ANDNOT", "ANDMAYBE", "REQUIRE", '"', "'", "(", ")", "[", "]",
          "{", "}", "*", "?", "~", "~2", "^", "^3", "+", "-", ":", "outlet:", "title:",
          "author:", "section:", "text:", "pid:", "date:", "slug:", "[a TO z]", "{a TO}",
          "<", ">", "=", "\\", "/", "&", "%00", "\x00", "\u200b", "\ufeff", "…", "“", "”",
          "<script>alert(1)</script>", "' OR 1=1 --", "${7*7}", "{{7*7}}", "../../etc/passwd"]
PARAMS = ["q", "outlet", "author", "from", "to", "sort", "page", "per_page", "format",
          "prefix", "count", "style", "accessed", "limit", "callback", "id", "lang"]
VALUES = ["", "0", "-1", "1", "2", "100", "101", "1000", "1001", "9" * 40, "1e9", "0x10",
          "2019", "2019-11", "2019-11-13", "2019-13", "2019-02-30", "9999-99-99", "0000-00-00",
          "relevance", "newest", "oldest", "Red Flag", "Wedge", "World Socialist Web Site",
          "csv", "json", "bibtex", "csl", "atom", "true", "null", "[]", "{}"]


def query_text() -> st.SearchStrategy[str]:
    """Queries built from corpus words, operators and syntax, and arbitrary unicode."""
    piece = st.one_of(st.sampled_from(WORDS), st.sampled_from(SYNTAX),
                      st.text(max_size=12), st.characters().map(str))
    return st.one_of(
        st.lists(piece, max_size=12).map(" ".join),
        st.lists(piece, max_size=8).map("".join),
        st.text(max_size=40),
        st.builds(lambda c, n: c * n, st.sampled_from(["(", ")", '"', "NOT ", "a", "x* ", "é"]),
                  st.integers(0, 3000)),
    )


def value() -> st.SearchStrategy[str]:
    return st.one_of(query_text(), st.sampled_from(VALUES), st.text(max_size=30))


def encode(text: str) -> str:
    """Percent-encode text, lone surrogates included (they become invalid UTF-8 bytes)."""
    return quote(text.encode("utf-8", "surrogatepass"), safe="")


def rules(app: Flask) -> list[Rule]:
    return sorted(app.url_map.iter_rules(), key=lambda r: r.rule)


def known_ids(app: Flask) -> tuple[list[str], list[str]]:
    """Return real article slugs and paragraph ids, so valid pages get hostile parameters too."""
    with app.app_context():
        handle = get_handle()
        generation = handle.check()
        slugs = sorted(generation.articles)
        with handle.searcher() as (_, searcher):
            pids = [f["pid"] for f in searcher.all_stored_fields()][:40]
    return slugs, pids


@st.composite
def requests(draw: st.DrawFn, app: Flask, slugs: list[str], pids: list[str]) -> tuple[str, str]:
    """Draw a method and a URL: any route, its path arguments, and hostile parameters."""
    rule = draw(st.sampled_from(rules(app)))
    path = rule.rule
    for name in rule.arguments:
        real = slugs if name == "slug" else pids if name == "pid" else ["style.css", "focus.js"]
        segment = draw(st.one_of(st.sampled_from(real), st.text(min_size=1, max_size=60),
                                 st.sampled_from(["..", "%2e%2e", "a" * 3000, "\x00", "é"])))
        kind = "path:" if f"<path:{name}>" in path else ""
        path = path.replace(f"<{kind}{name}>", encode(segment))
    pairs = draw(st.lists(st.tuples(st.one_of(st.sampled_from(PARAMS), st.text(max_size=8)),
                                    value()), max_size=6))
    if draw(st.booleans()):  # repeated parameters, sometimes many times
        pairs += [(draw(st.sampled_from(PARAMS)), draw(value()))] * draw(st.integers(2, 80))
    query = "&".join(f"{encode(k)}={encode(v)}" for k, v in pairs)
    method = draw(st.sampled_from(["GET", "GET", "GET", "HEAD", "POST", "OPTIONS"]))
    return method, path + ("?" + query if query else "")


def check(app: Flask, method: str, url: str) -> None:
    """Make the request and hold the answer to the promises."""
    started = time.monotonic()
    response = app.test_client().open(url, method=method)
    body = response.get_data()  # streamed answers (exports) are read to the end
    response.close()
    elapsed = time.monotonic() - started
    SEEN[f"{response.status_code // 100}xx"] += 1
    assert response.status_code < 500, (url, response.status_code, body[:500])
    assert elapsed < BOUND_SECONDS, (url, elapsed)
    assert response.headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY, url
    if method == "HEAD" or response.status_code in (204, 301, 302, 304, 308):
        return
    if response.mimetype == "application/json":
        data = json.loads(body)
        if response.status_code >= 400:
            assert set(data) == {"error"}, data
            assert data["error"]["status"] == response.status_code
            assert isinstance(data["error"]["message"], str) and data["error"]["message"]
    elif response.status_code >= 400 and url.startswith("/api/"):
        raise AssertionError(f"{url}: a {response.status_code} from the API is not JSON")


def test_every_route_survives_hostile_requests(app: Flask) -> None:
    slugs, pids = known_ids(app)

    @settings(max_examples=EXAMPLES, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    @given(requests(app, slugs, pids))
    def run(request: tuple[str, str]) -> None:
        check(app, *request)

    run()
    total = sum(SEEN.values())
    print(f"\nfuzz: {total} requests over {len(rules(app))} routes: "  # noqa: T201
          + ", ".join(f"{k} {v}" for k, v in sorted(SEEN.items())))
    assert total >= EXAMPLES  # each example made its request
    assert SEEN["2xx"] and SEEN["4xx"]  # the generator reaches both answers and refusals


def test_every_route_sends_the_content_security_policy(app: Flask) -> None:
    """Each rule in the URL map, given real arguments, answers with the policy."""
    slugs, pids = known_ids(app)
    real = {"slug": slugs[0], "pid": pids[0], "filename": "style.css", "fmt": "txt"}
    client = app.test_client()
    for rule in rules(app):
        path = rule.rule
        for name in rule.arguments:
            path = path.replace(f"<{name}>", real[name]).replace(f"<path:{name}>", real[name])
        response = client.get(path)
        response.close()
        assert response.status_code < 400, path
        assert response.headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY, path
        assert "'unsafe-inline'" not in CONTENT_SECURITY_POLICY
        assert "script-src 'self'" in CONTENT_SECURITY_POLICY


@pytest.mark.parametrize("url", ["/search?q=%ff%fe", "/api/search?q=%ed%a0%80",
                                 "/api/search?q=" + "(" * 600, "/a/%00", "/api/articles/..",
                                 "/api/search?" + "&".join(["outlet=x"] * 51)])
def test_known_hostile_requests(app: Flask, url: str) -> None:
    response = app.test_client().get(url)
    assert response.status_code in (200, 400, 404)
    if url.startswith("/api/") and response.status_code >= 400:
        assert response.json is not None and "message" in response.json["error"]
