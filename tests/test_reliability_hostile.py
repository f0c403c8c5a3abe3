"""The real server (`press-search serve`, gunicorn, on loopback) tried as an attacker would:
huge articles, hostile Host headers, Unicode in downloads, malformed requests, control
characters. Each test names the point of issue 25 it pins."""

import csv
import http.client
import io
import json
import resource
import socket
import subprocess
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest

from search.cache import LRUCache
from search.index.build import build_index
from tests.conftest import article_text
from tests.servers import SCRIPT, Server, serving

LONG_PARAGRAPHS = 1_000
HUGE_CHARS = 300_000


def write_corpus(corpus: Path) -> None:
    """Write a small corpus with one article of many paragraphs and one of a huge paragraph."""
    corpus.mkdir()
    (corpus / "senkata.md").write_text(article_text(
        "Senkata", "Red Flag", ["KD Tait"], "2019-11-19",
        "The army opened fire in Senkata.\n\nThe coup leaders denied it."), encoding="utf-8")
    body = "\n\n".join(f"Paragraph {n} of the long record of the coup and the strike."
                       for n in range(1, LONG_PARAGRAPHS + 1))
    (corpus / "long.md").write_text(article_text(
        "A long record", "Wedge", ["Ann Other"], "2020-01-02", body), encoding="utf-8")
    huge = " ".join(f"the coup word{n % 500}" for n in range(HUGE_CHARS // 18))
    (corpus / "huge.md").write_text(article_text(
        "One huge paragraph", "Wedge", ["Ann Other"], "2020-01-03", huge), encoding="utf-8")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("hostile")
    write_corpus(root / "corpus")
    report = build_index(root / "corpus", root / "index")
    assert report.published, report.errors
    return root


@pytest.fixture(scope="module")
def server(built: Path) -> Iterator[Server]:
    with serving(built / "index", built / "server.log", workers=2) as running:
        yield running


def fetch(server: Server, path: str, method: str = "GET",
          headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    """Send one request as written (no client-side quoting or Host) and read the answer."""
    netloc = urlsplit(server.base).netloc
    host, port = netloc.rsplit(":", 1)
    connection = http.client.HTTPConnection(host, int(port), timeout=30)
    try:
        connection.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
        sent = {"Host": netloc, **(headers or {})}
        for name, value in sent.items():
            connection.putheader(name, value)
        connection.endheaders()
        response = connection.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        connection.close()


# --- 1. Every route within the time limit; long articles shown a page at a time. ---

def test_a_long_article_is_shown_a_page_at_a_time(server: Server) -> None:
    started = time.monotonic()
    status, _, body = fetch(server, "/a/long")
    assert status == 200
    page = body.decode()
    assert 'id="p100"' in page and 'id="p101"' not in page
    assert "Page 1 of 10" in page and 'rel="next"' in page
    status, _, body = fetch(server, "/a/long?page=10&q=coup")
    assert status == 200
    page = body.decode()
    assert 'id="p1000"' in page and 'id="p900"' not in page
    assert "100 matches in page 10 of this article" in page
    status, _, body = fetch(server, "/api/articles/long?page=3")
    data = json.loads(body)
    assert (data["page"], data["pages"]) == (3, 10)
    assert [p["paragraph"] for p in data["paragraphs"]] == list(range(201, 301))
    assert time.monotonic() - started < 5


def test_search_results_link_to_the_page_that_shows_the_paragraph(server: Server) -> None:
    _, _, body = fetch(server, "/api/search?q=%22Paragraph+950%22")
    hit = json.loads(body)["results"][0]
    assert hit["paragraph"] == 950
    _, _, page = fetch(server, "/search?q=%22Paragraph+950%22")
    assert "/a/long?q=%22Paragraph+950%22&amp;page=10#p950" in page.decode()


def test_a_huge_paragraph_is_shown_cut_and_highlighted_quickly(server: Server) -> None:
    started = time.monotonic()
    status, _, body = fetch(server, "/a/huge?q=coup")
    elapsed = time.monotonic() - started
    assert status == 200
    assert len(body) < 200_000, len(body)
    assert "the paragraph continues" in body.decode()
    assert "<mark>coup</mark>" in body.decode()
    assert elapsed < 2, elapsed
    status, _, body = fetch(server, "/api/articles/huge?q=coup")
    item = json.loads(body)["paragraphs"][0]
    assert item["truncated"] and item["length"] > HUGE_CHARS * 0.9
    assert len(item["text"]) == 10_000
    status, _, body = fetch(server, "/api/paragraphs/" + item["id"])
    assert len(json.loads(body)["text"]) == item["length"]  # the whole text is there


def test_the_article_search_keeps_to_the_time_limit(built: Path) -> None:
    env = {"PRESS_SEARCH_TIME_LIMIT": "0.000001"}
    with serving(built / "index", built / "limited.log", workers=1, env=env) as limited:
        for path in ("/a/long?q=%22the+coup%22~5", "/api/articles/long?q=coup+OR+strike"):
            status, _, body = fetch(limited, path)
            assert status == 503, (path, body[:300])
            assert b"was stopped" in body
        assert fetch(limited, "/a/long")[0] == 200  # no query: nothing to time


# --- 2. Links from the configured base URL or a trusted Host; cache keys never from headers. ---

def test_an_untrusted_host_is_refused_and_never_reaches_a_cached_answer(server: Server) -> None:
    for _ in range(6):
        status, headers, body = fetch(server, "/api/search?q=senkata",
                                      headers={"Host": "attacker.example"})
        assert status == 400, body[:200]
        assert headers["content-type"] == "application/json"
        assert "content-security-policy" in headers
    status, _, body = fetch(server, "/api/search?q=senkata")
    assert status == 200
    [hit] = [r for r in json.loads(body)["results"] if r["all_words"]]
    assert hit["permalink"].startswith(server.base + "/a/senkata/p/")


def test_forwarded_headers_are_ignored_unless_a_proxy_is_configured(server: Server) -> None:
    forged = {"X-Forwarded-Proto": "https", "X-Forwarded-Host": "attacker.example",
              "Forwarded": "proto=https;host=attacker.example"}
    for path in ("/api/search?q=senkata&x=1", "/search.atom?q=senkata", "/opensearch.xml",
                 "/search.csv?q=senkata", "/a/senkata/cite.bib", "/a/senkata/cite.txt"):
        status, _, body = fetch(server, path, headers=forged)
        assert status == 200, path
        assert b"attacker" not in body and b"https://" not in body, (path, body[:300])
        assert server.base.encode() in body, path


def test_links_come_from_the_configured_base_url(built: Path) -> None:
    env = {"PRESS_SEARCH_BASE_URL": "https://search.example.org/",
           "PRESS_SEARCH_TRUSTED_HOSTS": "127.0.0.1,localhost"}
    with serving(built / "index", built / "based.log", workers=1, env=env) as based:
        netloc = urlsplit(based.base).netloc
        for host in (netloc, "localhost:" + netloc.rsplit(":", 1)[1]):
            for path in ("/api/search?q=senkata", "/search.atom?q=senkata", "/opensearch.xml",
                         "/search.json?q=senkata", "/a/senkata/cite.json"):
                status, _, body = fetch(based, path, headers={"Host": host})
                assert status == 200, path
                assert b"https://search.example.org/" in body, path
                assert b"127.0.0.1" not in body and b"localhost" not in body, (path, body[:300])


# --- 3. Any Unicode query on every route; queries in no log. ---

# a plane-16 character beside a word (a query with no word at all is a 400)
@pytest.mark.parametrize("q", ["中", "б", "é", "𝔘𝔫𝔦", "a\u202eb", "x\U0010fffd"])
def test_exports_of_any_unicode_query_name_their_file(server: Server, q: str) -> None:
    for ext in ("csv", "json"):
        status, headers, _ = fetch(server, f"/search.{ext}?q={quote(q)}")
        assert status == 200, (q, ext)
        header = headers["content-disposition"]
        assert header.isascii()
        assert "filename*=UTF-8''press-search-" in header


def test_queries_reach_no_log_and_no_line_is_forged(built: Path) -> None:
    log = built / "logged.log"
    secret = "zanzibarsecret"
    with serving(built / "index", log, workers=1) as logged:
        fetch(logged, f"/search.csv?q={secret}+%E4%B8%AD")
        fetch(logged, f"/api/search?q={secret}%0Aforged-line")
        fetch(logged, "/%0Aforged-line", headers={"Host": "bad host!"})
        fetch(logged, f"/%0Aforged-line?q={secret}", headers={"Host": "[::1"})
        fetch(logged, f"/a/senkata?q={secret}", headers={"Host": "attacker.example"})
        raw = http_raw(logged, f"GET /?q={secret} HTTP/1.1 junk\r\n\r\n".encode())
        assert raw.startswith(b"HTTP/1.1 400")
    text = log.read_text()
    assert secret not in text
    assert not any(line.startswith("forged-line") for line in text.splitlines()), text


def http_raw(server: Server, data: bytes) -> bytes:
    """Send bytes as they are and return what comes back."""
    netloc = urlsplit(server.base).netloc
    host, port = netloc.rsplit(":", 1)
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        sock.sendall(data)
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)


# --- 5. A malformed Host gets the site's own 400, with its headers. ---

@pytest.mark.parametrize("host", ["bad host!", "[::1", "a:99999", "exa\u00e9mple.org", ""])
def test_a_malformed_host_is_a_400_with_the_security_headers(server: Server, host: str) -> None:
    for path in ("/", "/api/search?q=coup", "/a/senkata"):
        status, headers, body = fetch(server, path, headers={"Host": host})
        assert status == 400, (host, path, status, body[:300])
        assert "content-security-policy" in headers


# --- 9. Smaller: control characters in feeds, TRACE, the OpenAPI document, cache bytes. ---

@pytest.mark.parametrize("q", ["%0B", "%1B", "%EF%BF%BE", "coup%00%08", "%ED%A0%80"])
def test_the_feed_of_any_query_is_well_formed_xml(server: Server, q: str) -> None:
    status, _, body = fetch(server, f"/search.atom?q={q}")
    assert status in (200, 400), body[:300]
    if status == 200:
        ET.fromstring(body)  # raises on a character XML does not allow


def test_a_refused_method_says_which_are_allowed(server: Server) -> None:
    for path in ("/api/search", "/search", "/api/articles/senkata"):
        status, headers, _ = fetch(server, path, method="TRACE")
        assert status == 405
        assert "GET" in headers.get("allow", ""), (path, headers)


def test_the_openapi_document_describes_every_answer_the_server_gives(server: Server) -> None:
    document = json.loads(fetch(server, "/api/openapi.json")[2])
    for path, operations in document["paths"].items():
        for operation in operations.values():
            assert {"400", "414"} <= set(operation["responses"]), path
    cite = document["paths"]["/a/{slug}/cite.{format}"]["get"]["responses"]["200"]["content"]
    assert {"application/x-bibtex", "application/vnd.citationstyles.csl+json"} <= set(cite)
    long = "/api/search?q=" + "a" * 5000
    assert fetch(server, long)[0] == 414


def test_the_caches_are_bounded_in_bytes() -> None:
    cache = LRUCache[bytes](1000, max_bytes=10_000, weigh=len)
    for n in range(100):
        cache.put(n, bytes(3_000))
    assert len(cache) == 3 and cache.bytes == 9_000
    assert cache.get(99) is not None and cache.get(0) is None
    cache.put("huge", bytes(20_000))  # larger than the whole cache: not kept
    assert cache.get("huge") is None and len(cache) == 3


# --- 4 and 9. Corpus files: YAML limits, names with newlines, symbolic links out. ---

def check(corpus: Path) -> subprocess.CompletedProcess[str]:
    """Run `press-search check` on a corpus with 1 GB of address space and 60 s at most."""
    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))
    return subprocess.run([str(SCRIPT), "check", "--corpus", str(corpus)], capture_output=True,
                          text=True, timeout=60, preexec_fn=limit, check=False)


def bomb(levels: int) -> str:
    """Return front matter whose date is a YAML alias bomb of that many levels."""
    lines = ["---", 'title: "T"', 'outlet: "O"', 'authors: ["A"]', 'a0: &a0 ["lol"]']
    for n in range(1, levels):
        lines.append(f"a{n}: &a{n} [" + ", ".join([f"*a{n - 1}"] * 9) + "]")
    lines += [f"date: *a{levels - 1}", "---", "", "Text.", ""]
    return "\n".join(lines)


@pytest.mark.parametrize("levels", [6, 9])
def test_a_yaml_alias_bomb_is_reported_in_one_short_line(tmp_path: Path, levels: int) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "bomb.md").write_text(bomb(levels), encoding="utf-8")
    started = time.monotonic()
    done = check(corpus)
    assert time.monotonic() - started < 20
    assert done.returncode == 1, done.stderr[-500:]
    [line] = [ln for ln in done.stderr.splitlines() if ln.startswith("corpus/bomb.md:")]
    assert "aliases" in line and len(line) < 300, line[:300]
    assert len(done.stderr) < 1000


def test_file_names_and_links_are_reported_safely(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    body = article_text("T", "O", ["A"], "2019-11-13", "Text.")
    (corpus / "evil\nforged.md").write_text(body, encoding="utf-8")
    secret = tmp_path / "secret.md"
    secret.write_text(body, encoding="utf-8")
    (corpus / "link.md").symlink_to(secret)
    done = check(corpus)
    assert done.returncode == 1
    lines = done.stderr.splitlines()
    assert any(ln.startswith("corpus/evil\\nforged.md:") for ln in lines), done.stderr
    assert not any(ln.startswith("forged") for ln in lines)
    assert any(ln.startswith("corpus/link.md:0: a symbolic link") for ln in lines), done.stderr


# --- 6. Exports hold a stated number of rows at most, and say so when cut. ---

def test_an_export_past_its_limit_says_it_was_cut(built: Path) -> None:
    env = {"PRESS_SEARCH_EXPORT_ROWS": "50"}
    with serving(built / "index", built / "export.log", workers=1, env=env) as limited:
        status, headers, body = fetch(limited, "/search.csv?q=strike")
        assert status == 200 and headers["x-export-truncated"] == "true"
        rows = list(csv.reader(io.StringIO(body.decode())))
        assert len(rows) == 1 + 50 + 1
        assert rows[-1][0].startswith("# cut at 50 of ") and "export limit" in rows[-1][0]
        status, headers, body = fetch(limited, "/search.json?q=strike")
        data = json.loads(body)
        assert len(data["results"]) == 50 and data["total"] > 50
        assert data["truncated"].startswith("cut at 50 of")
        status, headers, body = fetch(limited, "/search.json?q=senkata")
        assert headers["x-export-truncated"] == "false" and json.loads(body)["truncated"] is None
