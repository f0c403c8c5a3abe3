"""The stemmer of a language, with an acronym's dots, a number's commas and an ordinal's
ending dropped first.

"U.S." is one word to the tokenizer ("u.s"), which Snowball's English stemmer made "u.": a
search for "US" never found it, and "U.S." found only the dotted spelling. A word of single
letters joined by dots is the same acronym as its letters written together (U.S., US; U.N.,
UN; p.m., pm); numbers keep their dots (3.5 is not 35).

Numbers are written one way and typed another: "Decree No. 4,078" was found by neither `4078`
(another word) nor `4,078` (read as 4 and 078, found anywhere apart), and "10th November" not
by `November 10`. A number grouped by commas in threes is its digits (4,078, 4078; 1,000,000),
and an ordinal is its number (10th, 10; 1st, 1). Outside English, where a comma marks the
decimals, a number grouped by dots in threes is its digits too (Spanish "Decreto 4.078", "3.500
personas"); in English 3.500 stays a decimal.

In English, an irregular form is stemmed as the word it is a form of (overthrown, overthrow;
held, hold; women, woman: search/query/irregular.py), as Snowball stems a regular ending.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from whoosh.lang import stemmer_for_language

from search.query.irregular import BASE
from search.query.text import GROUPED_NUMBER

_ACRONYM = re.compile(r"(?:[^\W\d_]\.)+[^\W\d_]")
_GROUPED = re.compile(GROUPED_NUMBER)  # as the tokenizer keeps them whole
_ORDINAL = re.compile(r"(\d+)(?:st|nd|rd|th)")
_DOT_GROUPED = re.compile(r"\d{1,3}(?:\.\d{3})+")  # thousands, where a comma is the decimal point
# The version of the rules above, pickled with each index's schema: an index stemmed by older
# rules (before RULES was pickled) is rebuilt in full (search/whoosh/segments.py).
RULES = 4  # 2: grouped numbers and ordinals; 3: English irregular forms; 4: dots outside English


def undotted(word: str, code: str) -> str:
    """Return an acronym's letters without its dots, a grouped number's digits without its
    commas (or, in a language other than English, its dots), an ordinal's number; any other
    word as it is."""
    if "." in word and (_ACRONYM.fullmatch(word)
                        or code != "en" and _DOT_GROUPED.fullmatch(word)):
        return word.replace(".", "")
    if "," in word and _GROUPED.fullmatch(word):
        return word.replace(",", "")
    if word[:1].isdigit() and (ordinal := _ORDINAL.fullmatch(word)):
        return ordinal[1]
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
    rules: int = RULES  # pickled: what search/whoosh/segments.py compares

    def __call__(self, word: str) -> str:
        """Return the word's stem."""
        if self.code == "en":
            word = BASE.get(word, word)
        return _snowball(self.code)(undotted(word, self.code))
