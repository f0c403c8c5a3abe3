"""The echoes of a generation: every paragraph's shingles, the pairs that share a passage, and
the quotations, built anew or updated from the previous generation's for the changed paragraphs."""

import pickle
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path

import numpy as np
import numpy.typing as npt

from search.echoes.shingles import Hashes, quotation_groups

ECHOES = "echoes.pickle"
# A shingle in more paragraphs than this is a stock phrase or boilerplate, not an echo: it
# finds no partners (and keeps a pair search linear in the corpus).
MAX_SHARING = 64
# Near-identical: at least NEAR of the shorter paragraph's shingles are in the longer one (a
# word changed, a sentence added or sentences reordered), and at least MIN_SHARED of them.
NEAR = 0.8
MIN_SHARED = 3
# A shared passage: at least PASSAGE shingles in common (about a dozen words in a row).
PASSAGE = 8
Ints = npt.NDArray[np.int64]
Quotes = list[tuple[str, str]]


@dataclass
class EchoTable:
    """A generation's paragraphs (in corpus order) with their shingles, quotes and pairs."""

    pids: list[str]
    article: Ints  # each paragraph's article number
    slugs: list[str]  # each article number's slug
    text_hashes: list[str]
    offsets: Ints  # paragraph i's sorted shingles are hashes[offsets[i]:offsets[i + 1]]
    hashes: Hashes
    quotes: dict[int, Quotes]
    pairs: Ints  # (a, b, shared shingles) rows with a < b

    @cached_property
    def index(self) -> dict[str, int]:
        """Map each paragraph id to its number in the table."""
        return {pid: i for i, pid in enumerate(self.pids)}

    @cached_property
    def by_paragraph(self) -> tuple[Ints, Ints]:
        """Return the pairs in both directions sorted by their first paragraph, and where each
        paragraph's begin (for a lookup by binary search)."""
        both = np.concatenate([self.pairs, self.pairs[:, [1, 0, 2]]])
        both = both[np.argsort(both[:, 0], kind="stable")]
        return both, np.searchsorted(both[:, 0], np.arange(len(self.pids) + 1))

    @cached_property
    def quoted(self) -> dict[str, list[int]]:
        """Map each quotation printed in two or more articles to the paragraphs printing it."""
        return quotation_groups(self.quotes, self.article.tolist())

    @cached_property
    def quotes_of(self) -> dict[int, list[str]]:
        """Map each paragraph to the quotations of two or more articles it prints."""
        found: dict[int, list[str]] = {}
        for key, paragraphs in self.quoted.items():
            for i in paragraphs:
                found.setdefault(i, []).append(key)
        return found

    def printed(self, key: str) -> str:
        """Return a quotation as first printed whole (its words and punctuation)."""
        for i in self.quoted.get(key, ()):
            for found, words in self.quotes.get(i, ()):
                if found == key:
                    return words
        return key

    def shingles_of(self, i: int) -> Hashes:
        """Return paragraph i's sorted shingle hashes."""
        return self.hashes[self.offsets[i]:self.offsets[i + 1]]

    def partners(self, i: int) -> list[tuple[int, int]]:
        """Return (paragraph, shared shingles) for each paragraph sharing a passage with i."""
        both, starts = self.by_paragraph
        rows = both[starts[i]:starts[i + 1]]
        return [(int(b), int(s)) for _, b, s in rows]

    def kind(self, a: int, b: int, shared: int) -> str:
        """Say how two paragraphs echo each other: near-identical or a shared passage."""
        shorter = min(len(self.shingles_of(a)), len(self.shingles_of(b)))
        return "near-identical" if shared >= NEAR * shorter else "passage"


def save(path: Path, table: EchoTable) -> None:
    """Write the table beside the generation's index."""
    state = {k: v for k, v in vars(table).items() if k in EchoTable.__dataclass_fields__}
    with path.open("wb") as out:
        pickle.dump(state, out, protocol=pickle.HIGHEST_PROTOCOL)


def load(path: Path) -> EchoTable | None:
    """Read a generation's table (None if it has none: built before echoes were)."""
    try:
        with path.open("rb") as file:
            return EchoTable(**pickle.load(file))  # our own file, written by save()
    except FileNotFoundError:
        return None


@lru_cache(maxsize=4)
def opened(generation: Path) -> EchoTable | None:
    """Return a generation folder's table, read once per process (a published generation never
    changes) and shared by the paragraph pages and the results' grouping."""
    return load(generation / ECHOES)
