"""A paragraph as a result shows it: whole if short, else its best fragments, cut at sentence
(else word) boundaries with "…" wherever text was left out; marks added to escaped text, then
sanitised."""

import html
import re
from typing import NamedTuple

from markupsafe import Markup

from search.sanitize import clean_highlight

WHOLE_PARAGRAPH_CHARS = 700
FRAGMENT_CHARS = 360
MAX_FRAGMENTS = 2
PIECE_CHARS = FRAGMENT_CHARS // 3  # a sentence longer than a fragment is cut into such pieces
ELLIPSIS = "…"

# A sentence ends at . ! ? or …, maybe closed by quotes or brackets, then space and a capital
# or a digit (checked in _sentence_starts, as re has no class for capitals beyond ASCII).
_SENTENCE_END = re.compile(r"[.!?…]+[\"'”’»)\]]*\s+")
# Words a full stop follows without ending a sentence ("Gen. Kaliman"), lowercased.
_ABBREVIATIONS = frozenset("mr mrs ms dr gen sen rep st jr sr lt col capt gov prof no vs mt ft "
                           "jan feb mar apr jun jul aug sep sept oct nov dec".split())
_SPACE = re.compile(r"\s+")
_INITIALS = re.compile(r"(?:\w\.)*\w")  # "U.S.", "i.e.", "K." (the last full stop left out)

Unit = tuple[int, int]  # characters [start, end) of a sentence or a piece of one


class Span(NamedTuple):
    """Characters to mark [start, end), with the query words (or phrases) found there."""

    start: int
    end: int
    keys: frozenset[str]


def excerpt(text: str, spans: list[Span], whole: bool = False) -> Markup:
    """Return the paragraph, whole if it fits (or whole=True) else its best fragments, with the
    spans (in order, not overlapping) marked, as sanitised HTML."""
    if whole or len(text.strip()) <= WHOLE_PARAGRAPH_CHARS:
        return clean_highlight(_marked(text, 0, len(text), spans))
    windows = _fragments(text, spans)
    shown = f" {ELLIPSIS} ".join(_marked(text, a, b, spans) for a, b in windows)
    if windows[0][0] > len(text) - len(text.lstrip()):
        shown = f"{ELLIPSIS} {shown}"
    if windows[-1][1] < len(text.rstrip()):
        shown = f"{shown} {ELLIPSIS}"
    return clean_highlight(shown)


def _marked(text: str, start: int, end: int, spans: list[Span]) -> str:
    """Return text[start:end] escaped, with the spans inside it marked."""
    out = []
    at = start
    for span in spans:
        if start <= span.start and span.end <= end:
            out += [html.escape(text[at:span.start], quote=False), "<mark>",
                    html.escape(text[span.start:span.end], quote=False), "</mark>"]
            at = span.end
    out.append(html.escape(text[at:end], quote=False))
    return "".join(out)


def _fragments(text: str, spans: list[Span]) -> list[Unit]:
    """Return the characters of the fragments to show, in order: around the units with the most
    query words not yet shown (then the earliest), each grown by its neighbours to a fragment's
    length; the first unit when nothing is marked."""
    units = _units(text, spans)
    keys = [frozenset().union(*(s.keys for s in spans if a <= s.start < b)) for a, b in units]
    taken: list[tuple[int, int]] = []  # first and last unit of each fragment
    shown: frozenset[str] = frozenset()
    for _ in range(MAX_FRAGMENTS):
        free = [i for i in range(len(units)) if not any(lo <= i <= hi for lo, hi in taken)]
        candidates = [i for i in free if keys[i]] or ([] if taken else [0])
        if not candidates:
            break
        seed = max(candidates, key=lambda i: (len(keys[i] - shown), len(keys[i]), -i))
        lo, hi = _grow(units, seed, taken)
        taken.append((lo, hi))
        shown = shown.union(*keys[lo:hi + 1])
    joined: list[tuple[int, int]] = []
    for lo, hi in sorted(taken):  # fragments of consecutive units are one, with no "…"
        if joined and joined[-1][1] == lo - 1:
            joined[-1] = (joined[-1][0], hi)
        else:
            joined.append((lo, hi))
    return [(units[lo][0], units[hi][1]) for lo, hi in joined]


def _grow(units: list[Unit], seed: int, taken: list[tuple[int, int]]) -> tuple[int, int]:
    """Return the first and last unit of a fragment around the seed: its neighbours added, the
    next then the one before in turn, while the fragment stays within FRAGMENT_CHARS."""
    lo = hi = seed
    free = set(range(len(units))) - {i for a, b in taken for i in range(a, b + 1)}
    grew = True
    while grew:
        grew = False
        if hi + 1 in free and units[hi + 1][1] - units[lo][0] <= FRAGMENT_CHARS:
            hi, grew = hi + 1, True
        if lo - 1 in free and units[hi][1] - units[lo - 1][0] <= FRAGMENT_CHARS:
            lo, grew = lo - 1, True
    return lo, hi


def _units(text: str, spans: list[Span]) -> list[Unit]:
    """Return the text's sentences, each longer than a fragment cut into pieces at spaces;
    none starts or ends inside a span, and only spaces are left between them."""
    units = []
    starts = _sentence_starts(text, spans)
    for start, after in zip(starts, [*starts[1:], len(text)], strict=True):
        end = len(text[:after].rstrip())
        if end - start <= FRAGMENT_CHARS:
            units.append((start, end))
            continue
        while end - start > PIECE_CHARS:
            cut, resume = _word_cut(text, start, start + PIECE_CHARS, spans)
            units.append((start, cut))
            start = resume
        units.append((start, end))
    return [(a, b) for a, b in units if b > a]


def _sentence_starts(text: str, spans: list[Span]) -> list[int]:
    """Return where each sentence starts (the first at the first non-space character)."""
    starts = [len(text) - len(text.lstrip())]
    for m in _SENTENCE_END.finditer(text):
        following = text[m.end():m.end() + 3].lstrip("\"'“‘«([")[:1]
        before = text[max(0, m.start() - 12):m.start()].split()
        word = before[-1].lower() if before else ""
        abbreviated = text[m.start()] == "." and (word in _ABBREVIATIONS
                                                  or _INITIALS.fullmatch(word) is not None)
        if ((following.isupper() or following.isdigit()) and not abbreviated
                and not _inside(m.end(), spans)):
            starts.append(m.end())
    return starts


def _word_cut(text: str, start: int, limit: int, spans: list[Span]) -> tuple[int, int]:
    """Return where a piece starting at `start` ends (at most `limit` where the text allows) and
    where the next one starts: at the last run of spaces outside a span, else (no space at all)
    at `limit` itself, or after the span holding it."""
    for gap in reversed(list(_SPACE.finditer(text, start + 1, limit))):
        if not _inside(gap.start(), spans):
            return gap.start(), _after_spaces(text, gap.start())
    cut = max([limit, *(s.end for s in spans if s.start < limit < s.end)])
    return cut, _after_spaces(text, cut)


def _after_spaces(text: str, at: int) -> int:
    """Return where the run of spaces at `at` (if any) ends."""
    space = _SPACE.match(text, at)
    return space.end() if space else at


def _inside(at: int, spans: list[Span]) -> bool:
    """Say whether a cut at `at` would split a span."""
    return any(s.start < at < s.end for s in spans)
