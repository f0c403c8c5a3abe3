"""Where the corpus and the index live: arguments, then environment, then defaults."""

import os
from pathlib import Path
from urllib.parse import urlsplit

CORPUS_ENV = "PRESS_SEARCH_CORPUS"
INDEX_ENV = "PRESS_SEARCH_INDEX"
CACHE_ENV = "PRESS_SEARCH_RESULT_CACHE"
TIME_LIMIT_ENV = "PRESS_SEARCH_TIME_LIMIT"
CACHE_BYTES_ENV = "PRESS_SEARCH_CACHE_MB"
DEFAULT_CACHE_MB = 64
EXPORT_ROWS_ENV = "PRESS_SEARCH_EXPORT_ROWS"
DEFAULT_EXPORT_ROWS = 10_000
BASE_URL_ENV = "PRESS_SEARCH_BASE_URL"
TRUSTED_HOSTS_ENV = "PRESS_SEARCH_TRUSTED_HOSTS"
PROXIES_ENV = "PRESS_SEARCH_PROXIES"
LOOPBACK_HOSTS = ("localhost", "127.0.0.1", "::1")
DEFAULT_RESULT_CACHE = 512
DEFAULT_TIME_LIMIT = 2.0  # seconds per search


def corpus_dir(given: str | Path | None = None) -> Path:
    """Return the corpus folder: the argument, $PRESS_SEARCH_CORPUS, or ./corpus."""
    return Path(given or os.environ.get(CORPUS_ENV) or "corpus")


def index_dir(given: str | Path | None = None) -> Path:
    """Return the index folder: the argument, $PRESS_SEARCH_INDEX, or ./instance/index."""
    return Path(given or os.environ.get(INDEX_ENV) or Path("instance") / "index")


def result_cache_size() -> int:
    """Return how many search results each worker keeps: $PRESS_SEARCH_RESULT_CACHE or 512."""
    value = os.environ.get(CACHE_ENV, "").strip()
    return int(value) if value.isdigit() else DEFAULT_RESULT_CACHE


def cache_bytes() -> int:
    """Return the bytes each of a worker's two caches (results, serialised bodies) may hold:
    $PRESS_SEARCH_CACHE_MB megabytes, or 64."""
    value = os.environ.get(CACHE_BYTES_ENV, "").strip()
    return (int(value) if value.isdigit() else DEFAULT_CACHE_MB) * 1024 * 1024


def export_rows() -> int:
    """Return the most rows one export holds: $PRESS_SEARCH_EXPORT_ROWS or 10,000."""
    value = os.environ.get(EXPORT_ROWS_ENV, "").strip()
    return int(value) if value.isdigit() and int(value) > 0 else DEFAULT_EXPORT_ROWS


def time_limit() -> float | None:
    """Return the seconds each search may take: $PRESS_SEARCH_TIME_LIMIT (0: none) or 2."""
    value = os.environ.get(TIME_LIMIT_ENV, "").strip()
    try:
        seconds = float(value) if value else DEFAULT_TIME_LIMIT
    except ValueError:
        seconds = DEFAULT_TIME_LIMIT
    return seconds if seconds > 0 else None


def base_url() -> str | None:
    """Return the site's public origin for links in answers ($PRESS_SEARCH_BASE_URL, e.g.
    https://search.example.org), without a trailing slash; None to use the request's Host."""
    value = os.environ.get(BASE_URL_ENV, "").strip().rstrip("/")
    if value and not value.lower().startswith(("http://", "https://")):
        raise ValueError(f"{BASE_URL_ENV} must start with http:// or https://")
    return value or None


def trusted_hosts(base: str | None = None) -> list[str]:
    """Return the Host header values accepted: $PRESS_SEARCH_TRUSTED_HOSTS (comma-separated;
    a leading dot accepts subdomains), else the base URL's host and the loopback names."""
    listed = [h.strip() for h in os.environ.get(TRUSTED_HOSTS_ENV, "").split(",") if h.strip()]
    if listed:
        return listed
    extra = [urlsplit(base).hostname or ""] if base else []
    return [h for h in (*extra, *LOOPBACK_HOSTS) if h]


def proxies() -> int:
    """Return how many reverse proxies in front are trusted to set X-Forwarded-* headers
    ($PRESS_SEARCH_PROXIES, 0: none, the headers are ignored)."""
    value = os.environ.get(PROXIES_ENV, "").strip()
    return int(value) if value.isdigit() else 0
