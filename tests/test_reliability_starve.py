"""Issue 25, point 7: one client must not starve everyone. Through the real server
(`press-search serve`, gunicorn gthread): twenty expensive searches at once, connections that
send their headers slowly, and the same behind nginx, the buffering proxy docs/operations.md
advises. Wall-clock bounds are generous (a loaded 2-core machine); the figures measured are in
docs/operations.md."""

import http.client
import json
import random
import shutil
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest
from markupsafe import escape

from search.engine import IndexHandle, search
from search.index.build import build_index
from search.models import SearchRequest
from tests.conftest import article_text
from tests.servers import Server, free_port, serving

WORDS = ["the", "coup", "army", "strike", "of", "and", "police", "road", "city", "vote"]
ARTICLES, PARAGRAPHS, LENGTH = 100, 100, 60  # 10,000 paragraphs of 60 common words
EXPENSIVE = 20
CHEAP = "/api/search?q=senkata"
BOUND = 1.0  # seconds: the cheap search's bound (measured: docs/operations.md)


def write_corpus(corpus: Path) -> None:
    """Write 10,000 paragraphs of the same ten words, and one about Senkata."""
    corpus.mkdir()
    rng = random.Random(7)
    for a in range(ARTICLES):
        body = "\n\n".join(" ".join(rng.choice(WORDS) for _ in range(LENGTH)) + "."
                           for _ in range(PARAGRAPHS))
        (corpus / f"a{a}.md").write_text(article_text(
            f"Article {a}", f"Outlet {a % 5}", ["An Author"], "2019-11-13", body),
            encoding="utf-8")
    (corpus / "senkata.md").write_text(article_text(
        "Senkata", "Red Flag", ["KD Tait"], "2019-11-19", "The massacre in Senkata."),
        encoding="utf-8")


def expensive_query(n: int) -> str:
    """Return the n-th of the expensive queries: ten six-word phrases with slop 20, ORed
    (each search about 3 s of work, over the 2 s time limit; each one different, so that no
    answer comes from the result cache)."""
    rng = random.Random(n)
    return " OR ".join('"' + " ".join(rng.choice(WORDS) for _ in range(6)) + '"~20'
                       for _ in range(10))


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("starve")
    write_corpus(root / "corpus")
    assert build_index(root / "corpus", root / "index").published
    return root


@pytest.fixture(scope="module")
def server(built: Path) -> Iterator[Server]:
    with serving(built / "index", built / "server.log", workers=2) as running:
        yield running


def fetch(base: str, path: str, timeout: float = 30) -> tuple[int, dict[str, str], bytes]:
    """GET one path; return the status, the headers (lower-case names) and the body."""
    netloc = urlsplit(base).netloc
    host, port = netloc.rsplit(":", 1)
    connection = http.client.HTTPConnection(host, int(port), timeout=timeout)
    try:
        connection.request("GET", path, headers={"Host": "127.0.0.1"})
        response = connection.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        connection.close()


def timed_cheap_search(base: str) -> float:
    """Search for the rare word; check the answer; return how long it took."""
    started = time.monotonic()
    status, _, body = fetch(base, CHEAP, timeout=10)
    elapsed = time.monotonic() - started
    assert status == 200, body[:300]
    assert json.loads(body)["results"][0]["text"] == "The massacre in Senkata."
    return elapsed


def test_a_cheap_search_is_answered_while_twenty_expensive_ones_run(server: Server) -> None:
    answers: list[tuple[int, dict[str, str], bytes]] = []

    def expensive(n: int) -> None:
        answers.append(fetch(server.base, "/api/search?q=" + quote(expensive_query(n))))

    clients = [threading.Thread(target=expensive, args=(n,)) for n in range(EXPENSIVE)]
    for client in clients:
        client.start()
    time.sleep(0.3)  # every expensive search has arrived and the admitted ones are running
    elapsed = timed_cheap_search(server.base)
    for client in clients:
        client.join()
    print(f"\ncheap search while {EXPENSIVE} expensive ran: {elapsed * 1000:.0f} ms")  # noqa: T201
    assert elapsed < BOUND
    statuses = sorted(status for status, _, _ in answers)
    assert len(statuses) == EXPENSIVE and set(statuses) <= {200, 503}, statuses
    refused = [(h, b) for status, h, b in answers if status == 503 and "retry-after" in h]
    # At most (1 running + 2 waiting) per worker were let in; the others were told to come back.
    assert len(refused) >= EXPENSIVE - 6, statuses
    for headers, body in refused:
        assert headers["retry-after"] == "2"
        assert "Try again in 2 seconds" in json.loads(body)["error"]["message"]


def test_a_refused_search_page_keeps_the_query_and_says_when_to_come_back(
        server: Server) -> None:
    pages: list[tuple[str, int, dict[str, str], bytes]] = []

    def expensive(n: int) -> None:
        text = expensive_query(100 + n)
        pages.append((text, *fetch(server.base, "/search?q=" + quote(text))))

    clients = [threading.Thread(target=expensive, args=(n,)) for n in range(10)]
    for client in clients:
        client.start()
    for client in clients:
        client.join()
    refused = [(text, h, b.decode()) for text, status, h, b in pages
               if status == 503 and "retry-after" in h]
    assert refused
    for text, headers, page in refused:
        assert headers["retry-after"] == "2"
        assert "Try again in 2 seconds" in page
        assert f'value="{escape(text)}"' in page  # the query is in the box, ready to retry


def test_a_phrase_search_stops_at_its_time_limit(built: Path) -> None:
    # The phrase matcher decodes and compares positions without Whoosh's loops: it looks at
    # the clock itself (it once took 4-8 s, and an expensive search held its turn that long).
    handle = IndexHandle(built / "index", time_limit=0.3)
    started = time.monotonic()
    result = search(handle, SearchRequest(text=expensive_query(200)))
    assert result.timed_out and "limit of 0.3 s" in (result.error or "")
    assert time.monotonic() - started < 1.5


def slow_headers(base: str, count: int) -> list[socket.socket]:
    """Open connections that send the start of a request and then nothing (slowloris)."""
    host, port = urlsplit(base).netloc.rsplit(":", 1)
    opened = []
    for _ in range(count):
        sock = socket.create_connection((host, int(port)), timeout=10)
        sock.sendall(b"GET /api/search?q=coup HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
        opened.append(sock)
    return opened


def test_two_slow_clients_do_not_block_the_site(server: Server) -> None:
    held = slow_headers(server.base, 2)
    try:
        time.sleep(0.3)  # both connections were taken by the workers
        assert timed_cheap_search(server.base) < BOUND
    finally:
        for sock in held:
            sock.close()


NGINX_CONF = """
daemon off;
master_process off;
pid {root}/nginx.pid;
error_log {root}/error.log;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    client_body_temp_path {root}/body;
    proxy_temp_path {root}/proxy;
    fastcgi_temp_path {root}/fastcgi;
    uwsgi_temp_path {root}/uwsgi;
    scgi_temp_path {root}/scgi;
    client_header_timeout 10s;
    client_body_timeout 10s;
    server {{
        listen 127.0.0.1:{port};
        location / {{
            proxy_pass {upstream};
            proxy_set_header Host $host;
        }}
    }}
}}
"""


@pytest.fixture
def proxied(server: Server, tmp_path: Path) -> Iterator[str]:
    """Run nginx (Debian's, as `make install-test` installs it) in front of the server."""
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    assert Path(nginx).exists(), "nginx is missing: run make install-test"
    port = free_port()
    conf = tmp_path / "nginx.conf"
    conf.write_text(NGINX_CONF.format(root=tmp_path, port=port, upstream=server.base))
    process = subprocess.Popen([nginx, "-c", str(conf), "-p", str(tmp_path)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                if fetch(base, "/healthz", timeout=2)[0] == 200:
                    break
            except OSError:
                pass
            assert process.poll() is None, (tmp_path / "error.log").read_text()
            assert time.monotonic() < deadline, "nginx did not start"
            time.sleep(0.1)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_behind_nginx_many_slow_clients_do_not_block_the_site(proxied: str) -> None:
    # More slow connections than the server has threads (2 workers x 8): nginx holds them all
    # and passes a request on only once it has arrived whole.
    held = slow_headers(proxied, 40)
    try:
        time.sleep(0.3)
        assert timed_cheap_search(proxied) < BOUND
    finally:
        for sock in held:
            sock.close()
