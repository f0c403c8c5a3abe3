"""`press-search serve`: the real gunicorn server, a new generation without restart, and a clear
refusal when there is no index."""

import json
import subprocess
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from search.cli import main
from search.store.generations import IndexUnavailable
from search.web import create_app
from tests.conftest import WriteArticle
from tests.servers import SCRIPT, running_server


def fetch(url: str) -> tuple[int, Any]:
    """GET a URL; return the status and the decoded JSON body."""
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, json.load(response)
    except urllib.error.HTTPError as exc:
        with exc:
            return exc.code, json.load(exc)


@pytest.fixture
def server(write_article: WriteArticle, rebuild: Callable[[], None], index_dir: Path,
           tmp_path: Path) -> Iterator[str]:
    """Start `press-search serve` with two workers on a free port; yield its base URL."""
    write_article("first", "The army entered La Paz.", title="First", outlet="Red Flag")
    rebuild()
    with running_server(index_dir, tmp_path / "server.log") as base:
        yield base
    assert (tmp_path / "server.log").read_text().count("Booting worker") == 2


def test_real_server_answers_and_picks_up_a_new_generation(
        server: str, write_article: WriteArticle, rebuild: Callable[[], None]) -> None:
    status, data = fetch(server + "/api/search?q=army")
    assert status == 200
    assert [r["text"] for r in data["results"]] == ["The army entered La Paz."]
    assert data["results"][0]["permalink"].startswith(server + "/a/first/p/")
    before = fetch(server + "/healthz")[1]["generation"]
    with urllib.request.urlopen(server + "/search?q=army", timeout=5) as page:
        assert "The <mark>army</mark> entered La Paz." in page.read().decode()
        assert page.headers["Content-Security-Policy"]

    write_article("second", "The army withdrew from Senkata.", title="Second", outlet="Wedge")
    rebuild()
    # Several requests, so that both workers answer at least some of them.
    for _ in range(12):
        health = fetch(server + "/healthz")[1]
        assert health["generation"] != before and health["articles"] == 2
        status, data = fetch(server + "/api/search?q=Senkata")
        assert status == 200 and data["total"] == 1
    assert fetch(server + "/api/search?q=army")[1]["total"] == 2
    assert fetch(server + "/api/search?sort=nope")[0] == 400


def test_serve_without_an_index_exits_with_a_clear_message(tmp_path: Path) -> None:
    missing = tmp_path / "no-index"
    result = CliRunner().invoke(main, ["serve", "--index", str(missing), "--port", "1"])
    assert result.exit_code == 1
    assert f"press-search: cannot serve: no index in {missing}: run 'press-search index' " \
           "first" in result.stderr


def test_serve_script_without_an_index_exits_non_zero(tmp_path: Path) -> None:
    done = subprocess.run([str(SCRIPT), "serve", "--index", str(tmp_path / "none")],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 1
    assert "no index in" in done.stderr and "press-search index" in done.stderr


def test_create_app_fails_loudly_without_an_index(tmp_path: Path) -> None:
    with pytest.raises(IndexUnavailable, match="run 'press-search index' first"):
        create_app({"INDEX_DIR": str(tmp_path / "none")})


def test_create_app_fails_loudly_on_an_unreadable_index(
        write_article: WriteArticle, rebuild: Callable[[], None], index_dir: Path) -> None:
    write_article("first", "Some text.")
    rebuild()
    gid = (index_dir / "CURRENT").read_text().strip()
    (index_dir / "generations" / gid / "manifest.json").write_text("{not json")
    with pytest.raises(IndexUnavailable, match="cannot be read"):
        create_app({"INDEX_DIR": str(index_dir)})
