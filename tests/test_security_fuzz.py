"""Property-based fuzzing of every route of the site and API, through the real server
(`press-search serve`, gunicorn, on loopback), with hostile paths, parameters, headers and methods.

Every answer: no 5xx, the security headers on whatever the app answered, JSON where JSON is
promised (errors in the documented shape), within a bounded time. Requests are written with
http.client, unchecked: raw bytes of every Unicode plane and control characters reach the
server in the path and the headers. gunicorn itself refuses some (a malformed request line or
header, a header past its size limit) with a bare 4xx page of its own, which has no Server
header; those are counted apart. `make test` runs a modest number of examples; `make fuzz` runs
FUZZ_EXAMPLES (100,000 by default) and prints how many requests it made.
"""

import http.client
import json
import os
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from flask import Flask
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from werkzeug.routing import Rule

from search.web.calls import get_handle
from search.web.headers import CONTENT_SECURITY_POLICY
from search.whoosh.handle import IndexHandle
from tests.servers import Server, serving

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "400"))
BOUND_SECONDS = 10.0  # far above any real answer: a hang or a runaway query, not a slow machine
SEEN: Counter[str] = Counter()
SECURITY_HEADERS = {"X-Content-Type-Options": "nosniff", "Referrer-Policy": "same-origin",
                    "X-Frame-Options": "DENY", "Cross-Origin-Opener-Policy": "same-origin"}
REFUSALS: Counter[str] = Counter()  # gunicorn's reasons, by their first words

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


# A code point from each plane in use (BMP, SMP, SIP, TIP, SSP, private use): lone surrogates
# and noncharacters included.
PLANES = [(0x0, 0xFFFF), (0x10000, 0x1FFFF), (0x20000, 0x2FFFF), (0x30000, 0x3FFFF),
          (0xE0000, 0xEFFFF), (0xF0000, 0x10FFFF)]
CONTROLS = [chr(c) for c in (*range(0x00, 0x20), 0x7F, *range(0x80, 0xA0))]
METHODS = ["GET", "HEAD", "POST", "OPTIONS", "PUT", "DELETE", "PATCH",
           "TRACE", "PROPFIND", "BREW", "get", "M" * 40]
FORWARDED = ["X-Forwarded-For", "X-Forwarded-Proto", "X-Forwarded-Host", "X-Forwarded-Port",
             "X-Forwarded-Prefix", "Forwarded"]
HEADER_VALUES = ["https", "http", "javascript:alert(1)", "evil.example", "evil.example:443",
                 "1.2.3.4, 5.6.7.8", "-1", "99999999999", "/../x", "//evil.example", "", " ",
                 "localhost", "127.0.0.1:1", "[::1]", "for=1.2.3.4;proto=https", "a" * 300]
OTHER_HEADERS = ["Accept", "Accept-Language", "Accept-Encoding", "Cookie", "Range",
                 "If-None-Match", "If-Modified-Since", "Referer", "User-Agent", "Origin",
                 "Content-Type", "X-Requested-With", "X-Long"]


def any_character() -> st.SearchStrategy[str]:
    """One character: any plane, surrogates and controls included."""
    return st.one_of(st.sampled_from(PLANES).flatmap(lambda p: st.integers(*p)).map(chr),
                     st.sampled_from(CONTROLS), st.characters())


def hostile_text(max_size: int) -> st.SearchStrategy[str]:
    return st.one_of(st.text(max_size=max_size),
                     st.lists(any_character(), max_size=max_size).map("".join))


def value() -> st.SearchStrategy[str]:
    return st.one_of(query_text(), st.sampled_from(VALUES), hostile_text(30))


def encode(text: str) -> str:
    """Percent-encode text, lone surrogates included (they become invalid UTF-8 bytes)."""
    return quote(text.encode("utf-8", "surrogatepass"), safe="")


def raw(text: str) -> str:
    """Text as the bytes that go on the wire (one character per byte): UTF-8, lone surrogates
    included, and no CR or LF, which would end the request line or header early."""
    data = text.encode("utf-8", "surrogatepass").replace(b"\r", b"").replace(b"\n", b"")
    return data.decode("latin-1")


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


Request = tuple[str, str, list[tuple[str, str]]]  # method, path as sent, headers as sent


@st.composite
def requests(draw: st.DrawFn, app: Flask, slugs: list[str], pids: list[str]) -> Request:
    """Draw a method, a path (any route, its path arguments, hostile parameters; encoded or
    raw) and headers (a hostile Host sometimes, forwarded headers, long and odd ones)."""
    rule = draw(st.sampled_from(rules(app)))
    wild = draw(st.integers(0, 2)) == 0  # a third of the requests have raw bytes, odd headers
    encodings = [encode, encode, raw] if wild else [encode]
    path = rule.rule
    for name in rule.arguments:
        real = slugs if name == "slug" else pids if name == "pid" else ["style.css", "focus.js"]
        segment = draw(st.one_of(st.sampled_from(real), hostile_text(60),
                                 st.sampled_from(["..", "%2e%2e", "a" * 3000, "\x00", "é"])))
        kind = "path:" if f"<path:{name}>" in path else ""
        as_sent = draw(st.sampled_from(encodings))
        path = path.replace(f"<{kind}{name}>", as_sent(segment))
    pairs = draw(st.lists(st.tuples(st.one_of(st.sampled_from(PARAMS), hostile_text(8)),
                                    value()), max_size=6))
    if draw(st.booleans()):  # repeated parameters, sometimes many times
        pairs += [(draw(st.sampled_from(PARAMS)), draw(value()))] * draw(st.integers(2, 80))
    as_sent = draw(st.sampled_from(encodings))
    query = "&".join(f"{as_sent(k)}={as_sent(v)}" for k, v in pairs)
    method = draw(st.sampled_from(METHODS)) if wild else "GET"
    return method, path + ("?" + query if query else ""), draw(headers(wild))


@st.composite
def headers(draw: st.DrawFn, wild: bool) -> list[tuple[str, str]]:
    """Draw the request's headers: Host first (usually the server's own name); odd names,
    control characters and oversized values only if `wild`."""
    host = draw(st.one_of(st.just("127.0.0.1"), st.just("localhost"),
                          st.sampled_from(HEADER_VALUES), hostile_text(40).map(raw)))
    found = [] if draw(st.integers(0, 20)) == 0 else [("Host", host)]
    known = st.sampled_from(FORWARDED + OTHER_HEADERS)
    printable = st.characters(exclude_categories=("Cc", "Cs"))
    plain = st.one_of(st.sampled_from(HEADER_VALUES), st.text(printable, max_size=40).map(raw))
    if not wild:
        return found + draw(st.lists(st.tuples(known, plain), max_size=3))
    names = st.one_of(known, st.text(st.characters(min_codepoint=0x21, max_codepoint=0x7E,
                                            exclude_characters=":"), min_size=1, max_size=20))
    values = st.one_of(plain, hostile_text(40).map(raw),
                       st.integers(0, 12000).map(lambda n: "x" * n))
    found += draw(st.lists(st.tuples(names, values), max_size=4))
    return found


class RawConnection(http.client.HTTPConnection):
    """An HTTP connection that sends the method, path and headers as given, unchecked."""

    def _validate_path(self, url: str) -> None:
        """Check nothing: odd bytes are the point."""

    def _validate_method(self, method: str) -> None:
        """Check nothing: odd methods are the point."""

    def _encode_request(self, request: str) -> bytes:
        return request.encode("latin-1")  # one character per byte (see raw())


def send(server: Server, request: Request) -> tuple[int, http.client.HTTPMessage, bytes]:
    """Make the request; return the answer's status, headers and body (read to the end)."""
    method, path, sent = request
    port = int(server.base.rsplit(":", 1)[1])
    connection = RawConnection("127.0.0.1", port, timeout=BOUND_SECONDS)
    try:
        connection.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
        for name, value in sent:
            connection.putheader(name, value.encode("latin-1"))
        connection.endheaders()
        response = connection.getresponse()
        return response.status, response.headers, response.read()
    finally:
        connection.close()


def check(server: Server, request: Request) -> None:
    """Make the request and hold the answer to the promises."""
    method, url, _ = request
    started = time.monotonic()
    status, answer, body = send(server, request)
    elapsed = time.monotonic() - started
    assert status < 500, (request, status, body[:500])
    assert elapsed < BOUND_SECONDS, (request, elapsed)
    if "Server" not in answer:  # gunicorn's own refusal, before the app: a bare page
        SEEN["refused by gunicorn"] += 1
        REFUSALS[" ".join(body.decode("latin-1").split("</h1>")[-1].split()[:3])] += 1
        assert 400 <= status < 500 and answer["Connection"] == "close", (request, status)
        return
    SEEN[f"{status // 100}xx"] += 1
    assert answer["Content-Security-Policy"] == CONTENT_SECURITY_POLICY, request
    for name, expected in SECURITY_HEADERS.items():
        assert answer[name] == expected, (request, name)
    if method == "HEAD" or status in (204, 301, 302, 304, 308):
        return
    if answer.get_content_type() == "application/json":
        data = json.loads(body)
        if status >= 400:
            assert set(data) == {"error"}, data
            assert data["error"]["status"] == status
            assert isinstance(data["error"]["message"], str) and data["error"]["message"]
    elif status >= 400 and url.startswith("/api/"):
        raise AssertionError(f"{url}: a {status} from the API is not JSON")


@pytest.fixture(scope="module")
def live(real_index: IndexHandle, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """The real server on the real corpus, trusting one proxy's X-Forwarded-* headers (so the
    hostile ones are believed and go through the code that reads them)."""
    log = tmp_path_factory.mktemp("fuzz") / "server.log"
    with serving(Path(real_index.index_dir), log, workers=2,
                 env={"PRESS_SEARCH_PROXIES": "1"}) as server:
        yield server


def test_every_route_survives_hostile_requests(app: Flask, live: Server) -> None:
    slugs, pids = known_ids(app)

    @settings(max_examples=EXAMPLES, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    @given(requests(app, slugs, pids))
    def run(request: Request) -> None:
        check(live, request)

    run()
    total = sum(SEEN.values())
    print(f"\nfuzz: {total} requests over {len(rules(app))} routes: "  # noqa: T201
          + ", ".join(f"{k} {v}" for k, v in sorted(SEEN.items())))
    print("refused by gunicorn: " + ", ".join(f"{k!r} {v}" for k, v in REFUSALS.items()))  # noqa: T201
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
