"""Words, 5-word shingles hashed to 32 bits, and quotations, as the echoes index reads them."""

import re
import zlib

import numpy as np
import numpy.typing as npt

# Words per shingle: "the United States" (3) or "in the Western Hemisphere" (4) fill none.
SHINGLE = 5
MIN_QUOTE_WORDS = 6
WORD_RE = re.compile(r"\w+")
Hashes = npt.NDArray[np.uint32]

# Words between quotation marks of any style, double or single (a single quote that touches
# a letter outside is an apostrophe: Áñez' or don't). Matched as printed: folding the marks
# first (str.translate) took 3 s of a 100k-paragraph build.
_D = "\"“”„‟«»＂"
_S = "'‘’‚‛‹›"
_DOUBLE_SPAN = re.compile(f"[{_D}]([^{_D}]+)[{_D}]")
# (the quote mark first, then the look behind it: a pattern that starts with a class is
# searched for that class's characters, one that starts with a look-behind at every place:
# 0.70 s against 0.15 s over 100k paragraphs)
_SINGLE_SPAN = re.compile(f"[{_S}](?<!\\w[{_S}])([^{_S}]+?)[{_S}](?!\\w)")
_PRIME = np.uint64(0x100000001B3)


class _WordHashes(dict[str, int]):
    """Each word's 32-bit hash, worked out once per distinct word."""

    def __missing__(self, word: str) -> int:
        value = self[word] = zlib.crc32(word.encode())
        return value


WORD_HASHES = _WordHashes()


def words(text: str) -> list[str]:
    """Return the text's words, lower-cased."""
    return WORD_RE.findall(text.lower())


def word_hashes(text: str) -> list[int]:
    """Return each word's hash, in order."""
    return list(map(WORD_HASHES.__getitem__, words(text)))


def window_hashes(hashes: npt.NDArray[np.uint64]) -> Hashes:
    """Return the hash of every run of SHINGLE words, by its first word (stable across runs)."""
    n = len(hashes) - SHINGLE + 1
    if n <= 0:
        return np.zeros(0, dtype=np.uint32)
    total = np.zeros(n, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for k in range(SHINGLE):
            total = total * _PRIME + hashes[k:k + n]
        return ((total >> np.uint64(32)) ^ total).astype(np.uint32)


def shingles(text: str) -> Hashes:
    """Return a paragraph's distinct shingle hashes, sorted."""
    return np.unique(window_hashes(np.array(word_hashes(text), dtype=np.uint64)))


def normalise(text: str) -> str:
    """Return the words of a quotation as compared: lower-case, single-spaced, no punctuation."""
    return " ".join(words(text))


def quotations(text: str) -> list[tuple[str, str]]:
    """Return each quotation of at least MIN_QUOTE_WORDS words as (normalised key, words as
    printed), whatever its quotation marks."""
    found: dict[str, str] = {}
    for pattern in (_DOUBLE_SPAN, _SINGLE_SPAN):
        for match in pattern.finditer(text):
            key = normalise(match.group(1))
            if key.count(" ") + 1 >= MIN_QUOTE_WORDS and key not in found:
                found[key] = " ".join(match.group(1).split()).strip(" ,.;:")
    return list(found.items())


def quotation_groups(quotes: dict[int, list[tuple[str, str]]], article: list[int]
                     ) -> dict[str, list[int]]:
    """Map each quotation printed in two or more articles to the paragraphs printing it, whole
    or within a longer quotation ("significant moment for …" within "a significant moment
    for …")."""
    carriers: dict[str, set[int]] = {}
    for i, printed in quotes.items():
        for key, _ in printed:
            carriers.setdefault(key, set()).add(i)
    containing: dict[str, set[str]] = {}  # each run of MIN_QUOTE_WORDS words → its quotations
    for key in carriers:
        w = key.split()
        for start in range(len(w) - MIN_QUOTE_WORDS + 1):
            containing.setdefault(" ".join(w[start:start + MIN_QUOTE_WORDS]), set()).add(key)
    groups: dict[str, list[int]] = {}
    for key, paragraphs in carriers.items():
        head = " ".join(key.split()[:MIN_QUOTE_WORDS])
        found = set(paragraphs)
        for longer in containing.get(head, ()):
            if longer != key and f" {key} " in f" {longer} ":
                found |= carriers[longer]
        if len({article[i] for i in found}) > 1:
            groups[key] = sorted(found)
    return groups
