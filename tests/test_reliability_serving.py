"""The real server (gunicorn, several workers) under load while the index is republished, its
file descriptors, its logs, and its shutdown.

SOAK_SECONDS sets how long the load runs (a few seconds in `make test`; `make soak` runs longer
and prints the figures recorded in docs/operations.md).
"""

import json
import os
import random
import re
import signal
import socket
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from search.index.build import build_index
from tests.conftest import WriteArticle
from tests.servers import Server, open_files, serving

SOAK_SECONDS = float(os.environ.get("SOAK_SECONDS", "6"))
CLIENTS = 4
BASE_ARTICLES = 8


def write_generation(write: WriteArticle, k: int) -> int:
    """Write the corpus of round k; return how many paragraphs mention 'tide'.

    Each round changes one article (k paragraphs about the tide) and adds another (one), so
    every generation has its own count and a response can be matched to its generation.
    """
    for i in range(BASE_ARTICLES):
        write(f"base-{i}", f"The tide rose in port {i}.\n\nNothing else happened in port {i}.",
              title=f"Port {i}", outlet=f"Outlet {i % 3}")
    write("changing", "\n\n".join(f"The tide turned {j} times." for j in range(k + 1)),
          title="Changing", outlet="Outlet 0")
    for j in range(1, k + 1):
        write(f"added-{j}", f"Another tide, number {j}.", title=f"Added {j}", outlet="Outlet 1")
    return BASE_ARTICLES + (k + 1) + k


def get(url: str) -> tuple[int, bytes, dict[str, str]]:
    try:
        with urllib.request.urlopen(url, timeout=15) as response:
            return response.status, response.read(), dict(response.headers)
    except urllib.error.HTTPError as exc:
        with exc:
            return exc.code, exc.read(), dict(exc.headers)


def other_files(pid: int, index_dir: Path) -> list[str]:
    return [f for f in open_files(pid) if not f.startswith(str(index_dir))]


def index_files(pid: int, index_dir: Path) -> list[str]:
    return [f for f in open_files(pid) if f.startswith(str(index_dir))]


def test_republishing_under_load_loses_no_request_and_never_mixes_generations(
        corpus_dir: Path, index_dir: Path, write_article: WriteArticle, tmp_path: Path) -> None:
    first = write_generation(write_article, 0)
    report = build_index(corpus_dir, index_dir)
    assert report.generation
    expected = {report.generation: first}
    log = tmp_path / "server.log"
    with serving(index_dir, log, workers=3) as server:
        workers = server.workers()
        # The master never opened the index: nothing of it is shared across the fork.
        assert index_files(server.process.pid, index_dir) == []
        for _ in range(30):
            assert get(server.base + "/api/search?q=tide")[0] == 200
        fds_before = {pid: len(other_files(pid, index_dir)) for pid in workers}

        records: list[tuple[str, str, int]] = []
        failures: list[str] = []
        stop = threading.Event()

        def load(seed: int) -> None:
            rng = random.Random(seed)
            while not stop.is_set():
                path = rng.choice(["/api/search?q=tide", "/search?q=tide",
                                   "/api/search?q=tide&outlet=Outlet+1", "/healthz"])
                try:
                    status, body, headers = get(server.base + path)
                except OSError as exc:
                    failures.append(f"{path}: {exc!r}")
                    continue
                if status != 200:
                    failures.append(f"{path}: {status} {body[:200]!r}")
                elif path == "/api/search?q=tide":
                    data = json.loads(body)
                    records.append(("api", data["generation"], data["total"]))
                elif path == "/search?q=tide":
                    count = re.search(rb"(\d+) paragraphs? in", body)
                    assert count is not None
                    records.append(("page", headers["X-Index-Generation"], int(count[1])))

        clients = [threading.Thread(target=load, args=(n,)) for n in range(CLIENTS)]
        for client in clients:
            client.start()
        rounds, deadline = 0, time.monotonic() + SOAK_SECONDS
        try:
            while time.monotonic() < deadline:
                rounds += 1
                paragraphs = write_generation(write_article, rounds)
                built = build_index(corpus_dir, index_dir)
                assert built.published and built.generation
                expected[built.generation] = paragraphs
        finally:
            stop.set()
            for client in clients:
                client.join()
        last = index_dir / "generations" / str(built.generation)

        def stale_files() -> dict[int, list[str]]:
            return {pid: [f for f in index_files(pid, index_dir) if not f.startswith(f"{last}/")]
                    for pid in workers}

        # Every worker answers from the last generation, and drops the older ones as it does.
        # Requests come in parallel bursts: one at a time, the kernel may hand them all to the
        # same waiting worker, and a worker that answers nothing keeps what it had open.
        stale, settle, answers = stale_files(), time.monotonic() + 10, []
        while any(stale.values()) and time.monotonic() < settle:
            burst = [threading.Thread(target=lambda: answers.append(
                get(server.base + "/api/search?q=tide")[0])) for _ in range(4 * len(workers))]
            for request in burst:
                request.start()
            for request in burst:
                request.join()
            stale = stale_files()
        assert set(answers) <= {200}
        # A worker may still hold the sockets of the last burst's connections for a moment
        # (closed as its threads get to them): a descriptor that leaked stays, those go.
        settle = time.monotonic() + 5
        fds_after = {pid: len(other_files(pid, index_dir)) for pid in workers}
        while any(fds_after[p] > fds_before[p] + 2 for p in workers) \
                and time.monotonic() < settle:
            time.sleep(0.1)
            fds_after = {pid: len(other_files(pid, index_dir)) for pid in workers}
        assert server.workers() == workers  # no worker died or was replaced

    assert failures == []
    seen = Counter(gid for _, gid, _ in records)
    for kind, gid, total in records:
        # every answer came whole from one published generation, never a mix or an empty one
        assert gid in expected and total == expected[gid], (kind, gid, total)
    assert rounds >= 2 and len(seen) >= 2
    # Old generations' searchers were closed: no descriptor points into one, and the others
    # (sockets, logs) stay flat. (The current generation's count follows its segments.)
    assert stale == {pid: [] for pid in workers}
    for pid in workers:
        assert fds_after[pid] <= fds_before[pid] + 2, (fds_before, fds_after)
    print(f"\nsoak: {len(records)} checked answers, {len(failures)} failed, {rounds} "  # noqa: T201
          f"republications, {len(seen)} generations seen, {SOAK_SECONDS:g} s, descriptors "
          f"{fds_before} -> {fds_after}")


@pytest.fixture
def server(write_article: WriteArticle, corpus_dir: Path, index_dir: Path,
           tmp_path: Path) -> Iterator[Server]:
    write_article("first", "The army entered La Paz.", title="First", outlet="Red Flag")
    assert build_index(corpus_dir, index_dir).published
    with serving(index_dir, tmp_path / "server.log", workers=2) as running:
        yield running


def test_access_logs_are_json_without_query_text(server: Server, tmp_path: Path) -> None:
    secret = "zanzibarian"
    assert get(f"{server.base}/api/search?q={secret}&outlet=Red+Flag")[0] == 200
    assert get(f"{server.base}/search?q={secret}&sort=bogus")[0] == 400
    time.sleep(0.3)  # let the log lines reach the file
    text = (tmp_path / "server.log").read_text()
    assert secret not in text
    access = [json.loads(line) for line in text.splitlines() if line.startswith("{")]
    api = next(a for a in access if a["path"] == "/api/search")
    assert api["method"] == "GET" and api["status"] == 200
    assert api["params"] == ["outlet", "q"] and isinstance(api["ms"], float)
    assert re.fullmatch(r"\d{8}T\d{6}-[0-9a-f]{6}", api["generation"])
    bad = next(a for a in access if a["path"] == "/search")
    assert bad["status"] == 400 and bad["params"] == ["q", "sort"]


def test_sigterm_finishes_the_request_in_flight(server: Server) -> None:
    host, port = server.base.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=15) as sock:
        # A request half sent: a worker has taken it and is reading it when SIGTERM arrives.
        sock.sendall(b"GET /api/search?q=army HTTP/1.1\r\nHost: localhost\r\n")
        time.sleep(0.3)
        os.kill(server.process.pid, signal.SIGTERM)
        time.sleep(0.3)
        sock.sendall(b"Connection: close\r\n\r\n")
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    head, _, body = answer.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 200")
    assert json.loads(body)["results"][0]["text"] == "The army entered La Paz."
    assert server.process.wait(timeout=20) == 0
    with socket.socket() as probe:  # and it no longer listens
        assert probe.connect_ex((host, int(port))) != 0
