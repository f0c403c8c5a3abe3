"""Each article's language: how its words are indexed, so that languages share one index.

English is analysed as it always was (search.whoosh.schema.text_analyzer): its words are indexed
unprefixed, so indexes and figures of an English corpus stay what they were. Every other
language's words are tagged with the language (`es:eleccion`): a stem never meets another
language's (Spanish `sin` is not English `sin`), and each language has its own document
frequencies, so its own idf. A language with a Snowball stemmer and a stop list in Whoosh is
lowercased, accent-folded, stripped of its stop words (the rest renumbered, as Whoosh's
StopFilter does) and stemmed; any other is lowercased and folded only.
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
    StopFilter,
)
from whoosh.support.charset import accent_map

from search.whoosh.analysis import Chain, Stems, chain_of
from search.whoosh.schema import TOKEN_PATTERN, text_analyzer
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


@cache
def stop_words(code: str) -> frozenset[str]:
    """Return the language's stop words, folded (none for English: they stay indexed)."""
    if code == ENGLISH or not stemmed(code):
        return frozenset()
    return frozenset(word.lower().translate(accent_map)
                     for word in whoosh_lang.stopwords_for_language(code))


@cache
def analyzer(code: str) -> Analyzer:
    """Return the analyzer of a language's words (English: the schema's own)."""
    if code == ENGLISH:
        return text_analyzer()
    steps = RegexTokenizer(TOKEN_PATTERN) | LowercaseFilter() | CharsetFilter(accent_map)
    if stemmed(code):
        steps = steps | StopFilter(stop_words(code), minsize=1, renumber=True) \
            | StemFilter(stemfn=Stemmer(code), cachesize=-1)
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
                     Stems(lambda word: prefix + stem(word), frozenset()), stop_words(code))
    return Chain(english.pattern, english.charmap, Stems(prefix.__add__, frozenset()))


def forms(word: str, codes: Iterable[str]) -> dict[str, str]:
    """Return a word's indexed form in each language (leaving out those where it is a stop
    word)."""
    found = {}
    for code in codes:
        tokens = [token.text for token in analyzer(code)(word)]
        if tokens:
            found[code] = tokens[0]
    return found


def untagged(word: str) -> str:
    """Return an indexed word without its language's tag."""
    head, colon, rest = word.partition(":")
    return rest if colon and len(head) == 2 else word
