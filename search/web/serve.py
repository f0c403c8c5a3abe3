"""`press-search serve`: check the index, then run the app under gunicorn."""

import sys
from pathlib import Path
from typing import Any

import click
from flask import Flask
from gunicorn.app.base import BaseApplication

from search import config
from search.engine import IndexHandle
from search.store.generations import IndexUnavailable
from search.web import create_app


class Server(BaseApplication):  # type: ignore[misc]
    """gunicorn running create_app() in each worker, after the fork (no preload)."""

    def __init__(self, index_dir: Path, options: dict[str, Any]) -> None:
        self.index_dir = index_dir
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        """Apply our settings (those this gunicorn version knows) instead of a config file."""
        for key, value in self.options.items():
            if key in self.cfg.settings:
                self.cfg.set(key, value)

    def load(self) -> Flask:
        """Create the app; gunicorn calls this in each worker once it has forked."""
        return create_app({"INDEX_DIR": str(self.index_dir), "WARM": True})


THREADS = 8  # threads per worker process


def check_index(index_dir: Path) -> str:
    """Return the published generation's id; raise IndexUnavailable if there is none.

    Only the manifest and the Whoosh table of contents are read; no searcher is opened in the
    master process, so nothing open is shared with the workers it forks.
    """
    return IndexHandle(index_dir).check().gid


def options(host: str, port: int, workers: int, threads: int = THREADS) -> dict[str, Any]:
    """Return the gunicorn settings."""
    bind = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
    return {
        "bind": [bind],
        "workers": workers,
        # Threaded workers, so that a cheap search never queues behind expensive ones (with
        # sync workers, 20 expensive searches made one for a rare word wait 23 s). Searches are
        # CPU-bound and a worker's threads share its interpreter lock, so expensive searches
        # take turns (search/whoosh/admission.py), and each search borrows a Whoosh searcher of
        # its own (search/whoosh/handle.py). gthread's main loop hands a connection to a thread
        # only once it has bytes to read; a client sending its headers slowly still holds a
        # thread, so put a buffering proxy in front (docs/operations.md).
        "worker_class": "gthread",
        "threads": threads,
        # Each worker opens the index itself after the fork: never share Whoosh files across it.
        "preload_app": False,
        "timeout": 30,
        "graceful_timeout": 10,
        "accesslog": "-",
        "errorlog": "-",
        "loglevel": "info",
        "logger_class": "search.web.logs.AccessLog",
        "proc_name": "press-search",
        # X-Forwarded-* headers are never believed by gunicorn (by default it believes them
        # from loopback, i.e. from anyone on the machine); the app believes them only from
        # $PRESS_SEARCH_PROXIES proxies in front (werkzeug's ProxyFix).
        "forwarded_allow_ips": "",
        "secure_scheme_headers": {},
        # gunicorn >= 24 opens a control socket at a fixed path in $HOME; two servers (or a
        # server and the tests) would fight over it, and nothing here uses it.
        "control_socket_disable": True,
    }


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535),
              help="Port to listen on.")
@click.option("--workers", default=2, show_default=True, type=click.IntRange(1, 64),
              help="Worker processes.")
@click.option("--threads", default=THREADS, show_default=True, type=click.IntRange(1, 256),
              help="Threads per worker process.")
@click.option("--index", "index", type=click.Path(path_type=Path), default=None,
              help="Index folder [$PRESS_SEARCH_INDEX or ./instance/index].")
def serve_command(host: str, port: int, workers: int, threads: int,
                  index: Path | None) -> None:
    """Serve the search site and JSON API with gunicorn."""
    index_dir = config.index_dir(index).resolve()
    try:
        generation = check_index(index_dir)
    except IndexUnavailable as exc:
        click.echo(f"press-search: cannot serve: {exc}", err=True)
        sys.exit(1)
    click.echo(f"Serving index {generation} from {index_dir} on http://{host}:{port}/ "
               f"({workers} workers × {threads} threads); Ctrl-C stops.", err=True)
    Server(index_dir, options(host, port, workers, threads)).run()
