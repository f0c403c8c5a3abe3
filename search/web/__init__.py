"""The web layer: parse request arguments, call the engine, render HTML or JSON.

This package is the only place Flask is imported; the engine in search/ knows nothing of it.
"""

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Flask
from jinja2 import StrictUndefined
from werkzeug.middleware.proxy_fix import ProxyFix

from search import config
from search.corpus.dates import display_date, month_label
from search.research.cite import names
from search.web import (
    api,
    calls,
    errors,
    headers,
    links,
    listings,
    pages,
    quotes,
    reading,
    research,
)

ROOT = Path(__file__).resolve().parents[2]


def create_app(test_config: Mapping[str, Any] | None = None) -> Flask:
    """Create the app and open the index; raise IndexUnavailable if there is none to serve."""
    app = Flask(__name__, instance_relative_config=True,
                template_folder=str(ROOT / "templates"), static_folder=str(ROOT / "static"))
    base = config.base_url()
    app.config.from_mapping(INDEX_DIR=str(config.index_dir()),
                            RESULT_CACHE=config.result_cache_size(),
                            CACHE_BYTES=config.cache_bytes(), EXPORT_ROWS=config.export_rows(),
                            TIME_LIMIT=config.time_limit(), CLOCK=None, WARM=False,
                            BASE_URL=base, TRUSTED_HOSTS=config.trusted_hosts(base),
                            PROXIES=config.proxies())
    if test_config is None:
        app.config.from_pyfile("config.py", silent=True)
    else:
        app.config.from_mapping(test_config)
    if app.config["PROXIES"]:  # X-Forwarded-* believed only from that many proxies in front
        n = app.config["PROXIES"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=n, x_proto=n, x_host=n,  # type: ignore
                                x_port=n, x_prefix=n)
    _configure_templates(app)
    app.json.sort_keys = False  # type: ignore[attr-defined]
    errors.init_app(app)
    headers.init_app(app)
    calls.init_app(app)
    for blueprint in (pages.bp, reading.bp, api.bp, research.bp, listings.bp,
                      quotes.bp):
        app.register_blueprint(blueprint)
    return app


def _configure_templates(app: Flask) -> None:
    """Fail on undefined names, and give templates the date and link helpers."""
    app.jinja_env.undefined = StrictUndefined
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    app.jinja_env.filters.update(display_date=display_date, month_label=month_label,
                                 names=names, http_url=links.http_url)
    app.jinja_env.globals.update(search_url=links.search_url, permalink=links.permalink,
                                 article_url=links.article_url,
                                 article_page_url=links.article_page_url)
