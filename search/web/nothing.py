"""When a search finds nothing: ways forward that do find something, each with its count."""

import re
from dataclasses import dataclass, replace

from search.engine import Busy, IndexHandle, search
from search.models import SearchRequest, SearchResult
from search.web.filters import clear_url
from search.web.links import search_url

PLAIN_WORD = re.compile(r"[\w'’-]+")
# a word with a wildcard or its edits (`wom?n`, `protest*`, `bolvia~`): searched as typed,
# with no some-words step after its matches, so "a OR b" is the one way to see either
PATTERN_WORD = re.compile(r"\w[\w?*]*(?:[?*]\w*|~\d?)")
OPERATORS = {"AND", "OR", "NOT", "ANDNOT"}
MAX_OR_WORDS = 6


@dataclass(frozen=True)
class Way:
    """A search to try instead, what it changes, and how many paragraphs it finds."""

    label: str
    url: str
    total: int


def _total(handle: IndexHandle, request: SearchRequest) -> int:
    """Count a search's all-words matches (0 when it cannot be run, or not now)."""
    try:
        found = search(handle, replace(request, page=1))
    except Busy:
        return 0
    return 0 if found.error else found.total


def either_word(text: str) -> str | None:
    """Return 'a OR b' for a query of a few plain words (or words with a wildcard or edits),
    None for anything else."""
    words = text.split()
    if not 2 <= len(words) <= MAX_OR_WORDS:
        return None
    if any(not (PLAIN_WORD.fullmatch(w) or PATTERN_WORD.fullmatch(w))
           or w.upper() in OPERATORS for w in words):
        return None
    return " OR ".join(words)


def ways_forward(handle: IndexHandle, result: SearchResult) -> list[Way]:
    """Offer the same words without the filters, and any of the words instead of all of
    them, when they find something; the did-you-mean is shown elsewhere."""
    req = result.request
    if result.total or result.error:
        return []
    ways = []
    if req.outlets or req.authors or req.date_from or req.date_to:
        unfiltered = replace(req, outlets=(), authors=(), date_from=None, date_to=None)
        total = _total(handle, unfiltered)
        if total:
            ways.append(Way("the same search without the filters", clear_url(req), total))
    # Any of the words is worth offering only when some of them match: the page then shows
    # the paragraphs with some of the words. With none shown, "sworn OR in" would find only
    # the stop words that the search left out.
    patterns = any(PATTERN_WORD.fullmatch(w) for w in req.text.split())
    alternative = either_word(req.text) if result.hits or patterns else None
    if alternative:
        total = _total(handle, replace(req, text=alternative))
        if total:
            ways.append(Way(alternative, search_url(req, text=alternative, page=1), total))
    return ways
