"""The stemmer of a language, with an acronym's dots dropped first.

"U.S." is one word to the tokenizer ("u.s"), which Snowball's English stemmer made "u.": a
search for "US" never found it, and "U.S." found only the dotted spelling. A word of single
letters joined by dots is the same acronym as its letters written together (U.S., US; U.N.,
UN; p.m., pm); numbers keep their dots (3.5 is not 35).
"""

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from whoosh.lang import stemmer_for_language

_ACRONYM = re.compile(r"(?:[^\W\d_]\.)+[^\W\d_]")


def undotted(word: str) -> str:
    """Return an acronym's letters without its dots; any other word as it is."""
    if "." in word and _ACRONYM.fullmatch(word):
        return word.replace(".", "")
    return word


@cache
def _snowball(code: str) -> Callable[[str], str]:
    stem: Callable[[str], str] = stemmer_for_language(code)
    return stem


@dataclass(frozen=True)
class Stemmer:
    """A language's Snowball stemmer, acronyms undotted; equal for equal languages, and
    pickled by its language with the schema of each index (Whoosh keeps its analyzer)."""

    code: str

    def __call__(self, word: str) -> str:
        """Return the word's stem."""
        return _snowball(self.code)(undotted(word))
