"""Where the corpus and the index live: arguments, then environment, then defaults."""

import os
from pathlib import Path

CORPUS_ENV = "PRESS_SEARCH_CORPUS"
INDEX_ENV = "PRESS_SEARCH_INDEX"
CACHE_ENV = "PRESS_SEARCH_RESULT_CACHE"
DEFAULT_RESULT_CACHE = 512


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
