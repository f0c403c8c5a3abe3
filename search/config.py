"""Where the corpus and the index live: arguments, then environment, then defaults."""

import os
from pathlib import Path

CORPUS_ENV = "PRESS_SEARCH_CORPUS"
INDEX_ENV = "PRESS_SEARCH_INDEX"
CACHE_ENV = "PRESS_SEARCH_RESULT_CACHE"
TIME_LIMIT_ENV = "PRESS_SEARCH_TIME_LIMIT"
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


def time_limit() -> float | None:
    """Return the seconds each search may take: $PRESS_SEARCH_TIME_LIMIT (0: none) or 2."""
    value = os.environ.get(TIME_LIMIT_ENV, "").strip()
    try:
        seconds = float(value) if value else DEFAULT_TIME_LIMIT
    except ValueError:
        seconds = DEFAULT_TIME_LIMIT
    return seconds if seconds > 0 else None
