"""Completions for a browser's search bar, from the index's own vocabulary."""

import re
from itertools import islice

from search.query.text import MAX_QUERY_CHARS
from search.whoosh.handle import IndexHandle
from search.whoosh.spelling import analyse
from search.whoosh.typos import SPELLING_FIELD

MAX_SUGGESTIONS = 8
MAX_SCAN = 2000  # vocabulary entries looked at for one prefix
MIN_PREFIX = 2


def complete(handle: IndexHandle, text: str) -> list[str]:
    """Complete the last word of the text with indexed words, most frequent first.

    The earlier words are kept as typed; the completed word is in its indexed form
    (lowercase, accents folded), which is what a search for it matches.
    """
    text = " ".join(text.split())[:MAX_QUERY_CHARS]
    head, _, last = text.rpartition(" ")
    prefix = analyse(last, stem=False)
    if len(prefix) < MIN_PREFIX or not re.fullmatch(r"[\w'-]+", last):
        return []
    with handle.searcher() as (_, searcher):
        reader = searcher.reader()
        found = [w.decode() if isinstance(w, bytes) else w
                 for w in islice(reader.expand_prefix(SPELLING_FIELD, prefix), MAX_SCAN)]
        # frequency, the sum of the weights: the spelling words of a segment are one posting
        # each, weighted by the paragraphs that have them (search/whoosh/pool.py)
        found.sort(key=lambda w: (-reader.frequency(SPELLING_FIELD, w), w))
    return [f"{head} {word}".strip() for word in found[:MAX_SUGGESTIONS]]
