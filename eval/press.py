"""press-search through its public interfaces only: the command line and the HTTP JSON API.

`press-search index --full` builds an index of a corpus folder, `press-search serve` (gunicorn)
serves it on a free loopback port, and each query goes to `/api/search` over real HTTP.
"""

import json
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.http_bench import server

SCRIPT = Path(sys.executable).with_name("press-search")
TIMEOUT = 60


@dataclass(frozen=True)
class Hit:
    """One search result as the API gives it: the article's slug and the paragraph's text."""

    slug: str
    text: str


@dataclass(frozen=True)
class Answer:
    """The results of one query, or the error that the server answered instead."""

    hits: list[Hit]
    error: str | None = None


def build_index(corpus: Path, index: Path, log: Path) -> None:
    """Build a fresh index of the corpus with `press-search index --full`."""
    with open(log, "w") as out:
        done = subprocess.run([str(SCRIPT), "index", "--corpus", str(corpus), "--index",
                               str(index), "--full"], stdout=out, stderr=subprocess.STDOUT,
                              timeout=600)
    if done.returncode:
        raise RuntimeError(f"press-search index failed:\n{log.read_text()}")


@contextmanager
def serve(index: Path, log: Path) -> Iterator[str]:
    """Run `press-search serve` on the index until the block ends; yield its base URL (the
    benchmark's server: two workers, the result cache off, so every query is searched)."""
    with server(index, workers=2, cache=0, log=log) as base:
        yield base


def search(base: str, query: str, per_page: int = 10) -> Answer:
    """Send the query as written to /api/search; an error answer gives no hits and its message."""
    url = f"{base}/api/search?" + urllib.parse.urlencode({"q": query, "per_page": per_page})
    try:
        with urllib.request.urlopen(url, timeout=TIMEOUT) as response:
            data: dict[str, Any] = json.load(response)
    except urllib.error.HTTPError as exc:
        return Answer([], f"{exc.code}: {_message(exc)}")
    except (OSError, ValueError) as exc:
        return Answer([], f"{type(exc).__name__}: {exc}")
    return Answer([Hit(article_slug(h["article"]), h["text"]) for h in data["results"]])


def _message(exc: urllib.error.HTTPError) -> str:
    try:
        return str(json.load(exc)["error"]["message"])
    except (OSError, ValueError, KeyError, TypeError):
        return exc.reason if isinstance(exc.reason, str) else "no message"


def article_slug(url: str) -> str:
    """Return the slug in an article URL of the API (`…/a/<slug>`)."""
    parts = urllib.parse.urlsplit(url).path.rstrip("/").split("/")
    if len(parts) < 2 or parts[-2] != "a":
        raise ValueError(f"not an article URL: {url}")
    return urllib.parse.unquote(parts[-1])
