"""A wildcard inside a word: `organi?ation` (one letter), `behavio*r`, `elect*s` (any letters).

Whoosh's WildcardPlugin matches its pattern against the indexed words, and those are stems:
`organization` is indexed as "organ", so `organi?ation` would match nothing (and the pattern
itself goes through the stemmer first). The pattern is matched here against the words as the
paragraphs write them (Whoosh's unstemmed spelling copy of the text field), and the query is
the stems of the words that fit it, the most frequent first. A wildcard at a word's end
(`elect*`) stays a prefix of the stems (`expand_prefix`): it finds every form of what it
begins. Both keep the MAX_EXPANSION most frequent words.
"""

import re
from collections.abc import Callable
from itertools import islice
from typing import Any

from whoosh import qparser, query
from whoosh.qparser import syntax
from whoosh.query import Query
from whoosh.reading import IndexReader
from whoosh.support.charset import accent_map

from search.query.text import MAX_EXPANSION, MAX_SCAN, MIN_PREFIX
from search.whoosh.languages import ENGLISH, TAGGED_FIELDS, forms, untagged
from search.whoosh.typos import SPELLING_FIELD

# letters, then at least one ? or * with letters after it, and perhaps a last *
EXPR = r"(?P<text>\w+(?:[*?]+\w+)+\*?)(?=[\s)^]|$)"  # a ^ after it: its weight
# a wildcard with fewer than MIN_PREFIX letters before its first ? or *: too many words fit
TOO_SHORT = re.compile(rf"(?<![\w*?])\w{{0,{MIN_PREFIX - 1}}}(?:\?[*?]*\w|\*)")


class Pattern(query.Wildcard):  # type: ignore[misc]  # whoosh has no type hints
    """The pattern as typed (lowercase), in the language it is read in; expanded by
    `expand` before the query runs."""

    def __init__(self, fieldname: str, text: str, code: str, boost: float) -> None:
        super().__init__(fieldname, text, boost=boost)
        self.code = code


class Matching(query.Or):  # type: ignore[misc]  # whoosh has no type hints
    """The stems of the words that fit a pattern (described as the pattern typed); `words`:
    those words as written, when they are known (a pattern inside a word)."""

    def __init__(self, subqueries: list[query.Query], boost: float = 1.0, *, pattern: str,
                 words: list[str] | None = None) -> None:
        super().__init__(subqueries, boost=boost)
        self.pattern = pattern
        self.words = words or []

    def apply(self, fn: Any) -> "Matching":
        """Return the query with `fn` applied to each word, still the pattern."""
        return Matching([fn(q) for q in self.subqueries], self.boost, pattern=self.pattern,
                        words=self.words)


class WildcardsPlugin(qparser.TaggingPlugin):  # type: ignore[misc]
    """Tag a word with a wildcard inside it as a Pattern in one language."""

    expr = EXPR
    priority = 0

    def __init__(self, code: str = ENGLISH) -> None:
        super().__init__()
        self.code = code

    def create(self, parser: qparser.QueryParser, match: re.Match[str]) -> syntax.SyntaxNode:
        """Return the node of one pattern, which makes a Pattern of its raw text."""
        return _PatternNode(match["text"], self.code)


class _PatternNode(syntax.TextNode):  # type: ignore[misc]
    def __init__(self, text: str, code: str) -> None:
        super().__init__(text)
        self.code = code

    # `-> Query`, not `-> query.Query`: inside this class `query` is this method's name
    def query(self, parser: qparser.QueryParser) -> Query:
        return Pattern(self.fieldname or parser.fieldname, self.text.lower(), self.code,
                       self.boost)


def expand(q: Pattern, reader: IndexReader, notices: list[str]) -> query.Query:
    """Return the pattern as the stems of the words that fit it (the MAX_EXPANSION most
    frequent, saying so past that); `nothing` when none does."""
    pattern = q.text.translate(accent_map)  # the spelling words are kept folded
    prefix = re.split(r"[*?]", pattern)[0]
    fitting = [w for w in _words(reader, SPELLING_FIELD, prefix) if fits(pattern, w)]
    # Whoosh gives every spelling word a doc_frequency of 1; frequency counts
    found = _most_frequent(fitting, lambda w: reader.frequency(SPELLING_FIELD, w), q.text,
                           notices)
    code = q.code if q.fieldname in TAGGED_FIELDS else ENGLISH
    stem_of = {w: forms(w, [code]).get(code) for w in found}
    kept = {w: s for w, s in stem_of.items() if s and reader.doc_frequency(q.fieldname, s)}
    if not kept:
        return nothing(q.fieldname, q.text)
    return Matching([query.Term(q.fieldname, s, boost=q.boost)
                     for s in dict.fromkeys(kept.values())], pattern=q.text, words=list(kept))


def expand_prefix(q: query.Prefix, reader: IndexReader, notices: list[str]) -> query.Query:
    """Return `word*` as the MAX_EXPANSION most frequent indexed words (stems) it begins,
    saying so past that; `nothing` when no word begins so."""
    typed = f"{untagged(q.text)}*"
    words = _most_frequent(_words(reader, q.fieldname, q.text),
                           lambda w: reader.doc_frequency(q.fieldname, w), typed, notices)
    if not words:
        return nothing(q.fieldname, typed)
    return Matching([query.Term(q.fieldname, w) for w in words], pattern=typed)


def _words(reader: IndexReader, fieldname: str, prefix: str) -> list[str]:
    """Return the field's words that begin with `prefix` (MAX_SCAN at most), in order."""
    return [w.decode() if isinstance(w, bytes) else w
            for w in islice(reader.expand_prefix(fieldname, prefix), MAX_SCAN)]


def _most_frequent(words: list[str], count: Callable[[str], int], typed: str,
                   notices: list[str]) -> list[str]:
    """Return the MAX_EXPANSION most frequent of the words (by `count`; ties in their order),
    saying so when there are more."""
    ranked = sorted(words, key=lambda w: -count(w))
    if len(ranked) > MAX_EXPANSION:
        notices.append(f"{typed} matches {len(ranked)} words; searching the {MAX_EXPANSION} "
                       "most frequent.")
    return ranked[:MAX_EXPANSION]


def fits(pattern: str, word: str) -> bool:
    """Return whether the word fits the pattern (`?` one letter, `*` any letters). Two
    pointers, going back to the last `*` on a mismatch: at most len(pattern) x len(word)
    steps, where a regular expression of several `.*` backtracks exponentially on a long word
    (`aaa*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b` against forty a's did not finish in a minute)."""
    p = w = 0
    star, mark = -1, 0
    while w < len(word):
        if p < len(pattern) and pattern[p] in ("?", word[w]):
            p, w = p + 1, w + 1
        elif p < len(pattern) and pattern[p] == "*":
            star, mark, p = p, w, p + 1
        elif star >= 0:
            mark += 1
            p, w = star + 1, mark
        else:
            return False
    return all(c == "*" for c in pattern[p:])


def nothing(fieldname: str, pattern: str) -> Matching:
    """Return a pattern no word fits: it matches no paragraph, and is described as typed
    (no indexed word holds a `?` or a `*`)."""
    return Matching([query.Term(fieldname, pattern)], pattern=pattern)
