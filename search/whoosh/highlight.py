"""Mark what a query matched in a paragraph, with the index's own analysis, then sanitise.

A word is matched by its analysed form (lowercased, accents folded, stemmed) and marked by its
characters in the original text. A phrase is matched as the index matches it (each word 1 to
`slop` positions after the one before) and marked as one span from its first word to its last,
with whatever the text holds between them; its words are not marked on their own.
"""

from dataclasses import dataclass
from functools import reduce
from operator import or_

from markupsafe import Markup
from whoosh import query

from search.whoosh.excerpt import WHOLE_PARAGRAPH_CHARS, Span, excerpt
from search.whoosh.languages import ENGLISH, base
from search.whoosh.languages import analyzer as language_analyzer
from search.whoosh.schema import text_analyzer

__all__ = ["WHOLE_PARAGRAPH_CHARS", "Marks", "highlight_text", "query_marks"]

_ANALYZER = text_analyzer()

PhraseMark = tuple[tuple[str, ...], int]  # a phrase's analysed words, and its slop


@dataclass(frozen=True)
class Marks:
    """What to mark in paragraph text: words wherever they occur, phrases only whole."""

    words: frozenset[str] = frozenset()
    phrases: frozenset[PhraseMark] = frozenset()

    def __or__(self, other: "Marks") -> "Marks":
        return Marks(self.words | other.words, self.phrases | other.phrases)

    def __bool__(self) -> bool:
        return bool(self.words or self.phrases)


def highlight_text(text: str, marks: Marks, whole: bool = False,
                   language: str = ENGLISH) -> Markup:
    """Return the paragraph (its best fragments if long, unless whole) as sanitised HTML, its
    words read in its article's language."""
    return excerpt(text, find_spans(text, marks, language) if marks else [], whole)


def query_marks(q: query.Query | None) -> Marks:
    """Return what a query looks for in paragraph text, leaving out negated words."""
    if q is None or isinstance(q, query.Not):
        return Marks()
    if isinstance(q, query.AndNot):
        return query_marks(q.a)
    if isinstance(q, query.Term):
        return Marks(words=frozenset({q.text})) if q.fieldname == "text" else Marks()
    if isinstance(q, query.Phrase):
        if q.fieldname != "text" or not q.words:
            return Marks()
        if len(q.words) == 1:
            return Marks(words=frozenset(q.words))
        return Marks(phrases=frozenset({(tuple(q.words), q.slop)}))
    return reduce(or_, (query_marks(sub) for sub in q.children()), Marks())


def find_spans(text: str, marks: Marks, language: str = ENGLISH) -> list[Span]:
    """Return the spans to mark in order, overlapping ones joined: each word's occurrences and
    each phrase's, from its first word to its last."""
    analyzer = _ANALYZER if language == ENGLISH else language_analyzer(base(language))
    tokens = [(t.text, t.startchar, t.endchar) for t in analyzer(text, chars=True)]
    spans = [Span(start, end, frozenset({word})) for word, start, end in tokens
             if word in marks.words]
    for words, slop in marks.phrases:
        key = frozenset({" ".join(words)})
        spans += [Span(tokens[first][1], tokens[last][2], key)
                  for first, last in phrase_at([t[0] for t in tokens], words, slop)]
    spans.sort()
    joined: list[Span] = []
    for span in spans:
        if joined and span.start < joined[-1].end:
            last = joined[-1]
            joined[-1] = Span(last.start, max(last.end, span.end), last.keys | span.keys)
        else:
            joined.append(span)
    return joined


def phrase_at(tokens: list[str], words: tuple[str, ...], slop: int) -> list[tuple[int, int]]:
    """Return the first and last token of each occurrence of the phrase: each word 1 to `slop`
    tokens after the one before. Of the occurrences ending at one token, the shortest."""
    ends = {i: i for i, token in enumerate(tokens) if token == words[0]}  # last -> first
    for word in words[1:]:
        following = {}
        for i, token in enumerate(tokens):
            if token == word:
                firsts = [first for last, first in ends.items() if i - slop <= last < i]
                if firsts:
                    following[i] = max(firsts)
        ends = following
    return sorted((first, last) for last, first in ends.items())
