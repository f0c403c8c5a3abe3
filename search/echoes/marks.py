"""The words a paragraph shares with another, as character spans to mark."""

import numpy as np

from search.echoes.shingles import SHINGLE, WORD_HASHES, WORD_RE, Hashes, window_hashes


def shared_spans(text: str, theirs: Hashes, quotes: list[str]) -> list[tuple[int, int]]:
    """Return the (start, end) spans of text's words that are in a shingle of `theirs` (sorted
    hashes) or in one of the quotations (normalised), merged and in order."""
    lowered = text.lower()
    if len(lowered) != len(text):  # a letter whose lower case is longer: spans would drift
        return []
    found = list(WORD_RE.finditer(lowered))
    keys = [m.group() for m in found]
    covered = np.zeros(len(found), dtype=bool)
    windows = window_hashes(np.array([WORD_HASHES[k] for k in keys], dtype=np.uint64))
    if len(windows) and len(theirs):
        at = np.minimum(np.searchsorted(theirs, windows), len(theirs) - 1)
        for first in np.flatnonzero(theirs[at] == windows).tolist():
            covered[first:first + SHINGLE] = True
    for quote in quotes:
        words = quote.split()
        for start in range(len(keys) - len(words) + 1):
            if keys[start:start + len(words)] == words:
                covered[start:start + len(words)] = True
    spans: list[tuple[int, int]] = []
    for m, on in zip(found, covered, strict=True):
        if not on:
            continue
        if spans and m.start() - spans[-1][1] <= 3:  # words apart by a space or a mark: one
            spans[-1] = (spans[-1][0], m.end())
        else:
            spans.append((m.start(), m.end()))
    return spans
