"""Each article's language: how its words are indexed, so that languages share one index.

English is analysed as it always was (search.whoosh.schema.text_analyzer): its words are indexed
unprefixed, so indexes and figures of an English corpus stay what they were. Every other
language's words are tagged with the language (`es:eleccion`): a stem never meets another
language's (Spanish `sin` is not English `sin`), and each language has its own document
frequencies, so its own idf. A language with a Snowball stemmer and a stop list in Whoosh is
lowercased, accent-folded and stemmed; any other is lowercased and folded only. Every word is
indexed, stop words too, as in English: a phrase holds them ("golpe de Estado"), and a plain
query leaves its language's stop words out when other words remain (search/whoosh/parser.py),
but for the few that press text writes mostly as nouns (NOUNS).
"""

import re
from collections.abc import Iterable, Iterator
from functools import cache
from typing import Any

from whoosh import lang as whoosh_lang
from whoosh.analysis import (
    Analyzer,
    CharsetFilter,
    Filter,
    LowercaseFilter,
    RegexTokenizer,
    StemFilter,
)
from whoosh.support.charset import accent_map

from search.whoosh.analysis import Chain, Stems, chain_of
from search.whoosh.schema import TOKEN_PATTERN, text_analyzer
from search.whoosh.schema import stop_terms as english_stop_terms
from search.whoosh.stemming import Stemmer

ENGLISH = "en"
# The fields holding an article's own words, analysed in its language; outlet and author names
# are names, analysed alike whatever the article's language.
TAGGED_FIELDS = frozenset({"text", "text_counts", "section", "title"})
_CODE = re.compile(r"[a-z]{2}")


def base(code: str | None) -> str:
    """Return the language a front matter's code names, lowercased (`es-ES` -> `es`)."""
    return re.split(r"[-_]", (code or ENGLISH).strip().lower())[0] or ENGLISH


def stemmed(code: str) -> bool:
    """Say whether the language has its own analysis (a stemmer and stop words)."""
    return code == ENGLISH or bool(whoosh_lang.has_stemmer(code)
                                   and whoosh_lang.has_stopwords(code))


def tag(code: str) -> str:
    """Return the prefix of the language's indexed words ('' for English)."""
    return "" if code == ENGLISH else f"{code}:"


class TagFilter(Filter):  # type: ignore[misc]  # whoosh has no type hints
    """Prefix each word with its language's tag."""

    def __init__(self, prefix: str) -> None:
        self.prefix = prefix

    def __eq__(self, other: object) -> bool:
        return isinstance(other, TagFilter) and other.prefix == self.prefix

    def __hash__(self) -> int:
        return hash(self.prefix)

    def __call__(self, tokens: Iterable[Any]) -> Iterator[Any]:
        for token in tokens:
            token.text = self.prefix + token.text
            yield token


# Words of a Snowball stop list that press text writes far more often as nouns: Spanish
# *estado* and *estados* are forms of *estar* and the State ("golpe de estado", "Estados
# Unidos", "estado de sitio"), so a query keeps them however they are typed.
NOUNS = {"es": ("estado", "estados")}


@cache
def stop_terms(code: str) -> frozenset[str]:
    """Return the language's stop words as its analysis indexes them (es:de): left out of a
    query when other words remain, never counted for closeness; none for a language without
    a stop list."""
    if code == ENGLISH:
        return english_stop_terms()
    if not stemmed(code):
        return frozenset()
    analyse = analyzer(code)
    nouns = {token.text for word in NOUNS.get(code, ()) for token in analyse(word)}
    return frozenset(token.text for word in whoosh_lang.stopwords_for_language(code)
                     for token in analyse(word)) - nouns  # estado's stem, estad, is estada's too


@cache
def every_stop_term() -> frozenset[str]:
    """Return the stop words of every language with a stop list, as each indexes them."""
    codes = [ENGLISH, *(c for c in whoosh_lang.languages if _CODE.fullmatch(c) and stemmed(c))]
    return frozenset().union(*(stop_terms(code) for code in codes))


@cache
def analyzer(code: str) -> Analyzer:
    """Return the analyzer of a language's words (English: the schema's own)."""
    if code == ENGLISH:
        return text_analyzer()
    steps = RegexTokenizer(TOKEN_PATTERN) | LowercaseFilter() | CharsetFilter(accent_map)
    if stemmed(code):
        steps = steps | StemFilter(stemfn=Stemmer(code), cachesize=-1)
    return steps | TagFilter(tag(code))


@cache
def chain(code: str) -> Chain:
    """Return the steps of the language's analysis for the writer's one-analysis path."""
    english = chain_of(analyzer(ENGLISH))
    assert english is not None  # the schema's analyzer is the one the chain reproduces
    if code == ENGLISH:
        return english
    prefix = tag(code)
    if stemmed(code):
        stem = Stemmer(code)
        return Chain(english.pattern, english.charmap,
                     Stems(lambda word: prefix + stem(word), frozenset()), english.ungrouped)
    return Chain(english.pattern, english.charmap, Stems(prefix.__add__, frozenset()),
                 english.ungrouped)


def forms(word: str, codes: Iterable[str]) -> dict[str, str]:
    """Return a word's indexed form in each language."""
    found = {}
    for code in codes:
        tokens = [token.text for token in analyzer(code)(word)]
        if tokens:
            found[code] = tokens[0]
    return found


def code_of(word: str) -> str:
    """Return the language of an indexed word, read from its tag (none: English)."""
    head, colon, _ = word.partition(":")
    return head if colon and len(head) == 2 else ENGLISH


def untagged(word: str) -> str:
    """Return an indexed word without its language's tag."""
    head, colon, rest = word.partition(":")
    return rest if colon and len(head) == 2 else word
