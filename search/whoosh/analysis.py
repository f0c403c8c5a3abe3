"""Index-time analysis of the full-text fields, done once per distinct value.

Whoosh analyses a paragraph's text once for each field that holds it and once more for its
spelling words, and the article's title, outlet and authors again for every paragraph: the
analysis was a third of a full build. `ParagraphText` gives Whoosh the very postings its TEXT
field gives (tests/test_analysis.py holds them equal), from one analysis of each value, kept
for the next few fields and documents that hold the same value.
"""

import pickle
import re
import threading
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass
from functools import cache, cached_property
from itertools import compress
from operator import itemgetter, sub
from typing import Any

from whoosh import fields, formats
from whoosh.analysis import (
    Analyzer,
    CharsetFilter,
    CompositeAnalyzer,
    LowercaseFilter,
    RegexTokenizer,
    StemFilter,
)
from whoosh.system import pack_uint

from search.query.text import GROUPED_NUMBER

RECENT = 16  # analysed values kept: a paragraph's text and its article's title, outlet, authors
ANALYZERS = 8  # analyzers recognised (each schema Whoosh unpickles brings its own)


@dataclass(frozen=True, eq=False)  # compared and hashed by identity: a key of _recent
class Chain:
    """The steps of the one analyzer this module reproduces (search.whoosh.schema.text_analyzer)."""

    pattern: re.Pattern[str]
    charmap: Any
    stems: "Stems"  # the stemmer, with each word it was asked for
    # the pattern without its first alternative, a number grouped in threes, for the values
    # where no digit, comma and digit stand in a row (None: the pattern has no such part)
    ungrouped: re.Pattern[str] | None = None

    def words(self, value: str) -> list[str]:
        """Return the value's words as the pattern finds them. Most paragraphs hold no number
        grouped by commas, and for them the pattern without that alternative finds the same
        words a quarter faster (5% of a full build)."""
        if self.ungrouped is not None and not _DIGIT_COMMA.search(value):
            return self.ungrouped.findall(value)
        return self.pattern.findall(value)

    def fold(self, lowered: str) -> str:
        """Fold the accents of a lowercased text as the charmap does. Folding works a
        character at a time, and the charmaps Whoosh gives leave lowercase ASCII as it is: only
        the runs of other characters are folded (most of a paragraph is ASCII, and folding it
        whole looked up every character)."""
        if not self.ascii_kept:
            return lowered.translate(self.charmap)
        if lowered.isascii():
            return lowered
        return _NON_ASCII.sub(lambda run: run[0].translate(self.charmap), lowered)

    @cached_property
    def ascii_kept(self) -> bool:
        """Say whether the charmap leaves every lowercase ASCII character as it is."""
        lowered = "".join(map(chr, range(128))).lower()
        return lowered.translate(self.charmap) == lowered


_NON_ASCII = re.compile(r"[^\x00-\x7f]+")
_DIGIT_COMMA = re.compile(r"\d,\d")


class Stems(dict[str, bytes]):
    """Each word looked up, lowercased and folded: its stem, as bytes (made when first asked)."""

    def __init__(self, stem: Callable[[str], str], keep: frozenset[str]) -> None:
        super().__init__()
        self.stem, self.keep = stem, keep  # keep: the words the stemmer leaves as they are

    def __missing__(self, word: str) -> bytes:
        stemmed = self[word] = (word if word in self.keep else self.stem(word)).encode()
        return stemmed


@dataclass(frozen=True)
class Analysed:
    """One value analysed: each stemmed word (as bytes, as Whoosh indexes it) with its
    positions, the number of words, and the distinct unstemmed words (the spelling words)."""

    positions: dict[bytes, list[int]]
    length: int
    plain: set[str]


# Keyed by id: each entry holds its analyzer, so the id stays its own while the entry lives.
_chains: dict[int, tuple[Analyzer, Chain | None]] = {}
_recent: dict[tuple[Chain, str], Analysed] = {}
_lock = threading.Lock()
SEP = "\x00"  # never in a word


def chain_of(analyzer: Analyzer) -> Chain | None:
    """Return the steps of the analyzer if it is tokenise | lowercase | fold | stem, else None."""
    known = _chains.get(id(analyzer))
    if known is None:
        with _lock:
            if len(_chains) >= ANALYZERS:
                _chains.clear()
            known = _chains[id(analyzer)] = (analyzer, _recognise(analyzer))
    return known[1]


def _recognise(analyzer: Analyzer) -> Chain | None:
    if not isinstance(analyzer, CompositeAnalyzer):
        return None
    steps = analyzer.items
    kinds = [type(step) for step in steps]
    if kinds != [RegexTokenizer, LowercaseFilter, CharsetFilter, StemFilter] or steps[0].gaps:
        return None
    return Chain(steps[0].expression, steps[2].charmap,
                 Stems(steps[3]._stem, frozenset(steps[3].ignore)),
                 _ungrouped(steps[0].expression))


def _ungrouped(pattern: re.Pattern[str]) -> re.Pattern[str] | None:
    """Return the pattern without its first alternative when that is a grouped number (it can
    match only where a digit, a comma and a digit stand in a row), None for other patterns."""
    first = f"(?:{GROUPED_NUMBER}|"
    if first not in pattern.pattern:
        return None
    return re.compile(pattern.pattern.replace(first, "(?:", 1), pattern.flags)


def analyse(chain: Chain, value: str) -> Analysed:
    """Analyse a value as the analyzer would: words numbered from 0, lowercased, accents
    folded, then stemmed (the spelling words are the same words unstemmed)."""
    key = (chain, value)
    found = _recent.get(key)
    if found is None:
        # Lowercasing and folding work a character at a time (Greek's final sigma looks no
        # further than the word), so the words are lowercased and folded in one string.
        words = chain.words(value)
        plain = chain.fold(SEP.join(words).lower()).split(SEP) if words else []
        positions: dict[bytes, list[int]] = {}
        for pos, stemmed in enumerate(map(chain.stems.__getitem__, plain)):
            positions.setdefault(stemmed, []).append(pos)
        found = Analysed(positions, len(plain), set(plain))
        with _lock:
            if len(_recent) >= RECENT:
                del _recent[next(iter(_recent))]
            _recent[key] = found
    return found


@cache
def encode_count(count: int) -> bytes:
    """Encode a count as Whoosh's Frequency format does (each count's value made once)."""
    encoded: bytes = pack_uint(count)
    return encoded


Encoder = Callable[[list[list[int]], list[int]], list[bytes]]


def encode_frequency(positions: list[list[int]], counts: list[int]) -> list[bytes]:
    """Encode each word's posting value as Whoosh's Frequency format does: its count."""
    return list(map(encode_count, counts))


def encode_positions(positions: list[list[int]], counts: list[int]) -> list[bytes]:
    """Encode each word's posting value (from its positions and their count) as Whoosh's
    Positions format does: the count, then the pickled gaps between positions. Most words of
    a paragraph occur once: their values are looked up by position (each made once), without a
    Python step per word; only the words occurring more often are encoded one by one."""
    values = list(map(_single.__getitem__, map(_first, positions)))
    for i in compress(range(len(counts)), map(_more_than_one, counts)):
        found = positions[i]
        values[i] = encode_count(counts[i]) + pickle.dumps(list(map(sub, found, [0, *found])), 2)
    return values


class _Singles(dict[int, bytes]):
    """The value of a word at a single position, by its position (made when first asked)."""

    def __missing__(self, position: int) -> bytes:
        encoded: bytes = ONE + pickle.dumps([position], 2)
        self[position] = encoded
        return encoded


ONE = pack_uint(1)
_single = _Singles()
_first = itemgetter(0)
_more_than_one = (1).__lt__
ENCODERS: dict[type, Encoder] = {formats.Positions: encode_positions,
                                 formats.Frequency: encode_frequency}


def field_postings(analysed: Analysed, encode: Encoder, boost: float
                   ) -> tuple[Collection[bytes], list[float], list[bytes]]:
    """Return a full-text field's postings from a value's analysis, as columns: each word, its
    weight (its count × the field's boost) and its encoded positions, as TEXT indexes them."""
    found = analysed.positions
    positions = list(found.values())
    counts = list(map(len, positions))
    weights = list(map(float, counts)) if boost == 1.0 else [count * boost for count in counts]
    return found.keys(), weights, encode(positions, counts)


class ParagraphText(fields.TEXT):  # type: ignore[misc]
    """Whoosh's TEXT field, indexed from one analysis per distinct value."""

    def one_analysis(self) -> tuple[Chain, Encoder, float] | None:
        """Return how this field indexes a text from its one analysis (the steps, the encoder
        of a word's positions, the field's boost), or None if Whoosh's TEXT does it."""
        chain = chain_of(self.analyzer)
        encode = ENCODERS.get(type(self.format))
        if chain is None or encode is None:
            return None
        return chain, encode, self.format.field_boost

    def index(self, value: Any, **kwargs: Any) -> Iterable[tuple[bytes, int, float, bytes]]:
        """Return (word, frequency, weight, encoded value) for each word, as TEXT does."""
        way = None if kwargs or not isinstance(value, str) else self.one_analysis()
        if way is None:
            return super().index(value, **kwargs)  # type: ignore[no-any-return]
        chain, encode, boost = way
        analysed = analyse(chain, value)
        words, weights, values = field_postings(analysed, encode, boost)
        counts = map(len, analysed.positions.values())
        return list(zip(words, counts, weights, values, strict=True))

    def spellable_words(self, value: Any) -> Iterable[str]:
        """Return the value's distinct unstemmed words, sorted, as TEXT does."""
        chain = chain_of(self.analyzer)
        if chain is None or not isinstance(value, str):
            return super().spellable_words(value)  # type: ignore[no-any-return]
        return iter(sorted(analyse(chain, value).plain))
