"""Render a parsed query the way the engine understood it, for people."""

from whoosh import query
from whoosh.searching import Searcher

from search.whoosh.languages import untagged
from search.whoosh.parser import Languages, WithinEdits
from search.whoosh.schema import QUERY_FIELDS
from search.whoosh.typos import spelt
from search.whoosh.variants import Variant, VariantPhrase
from search.whoosh.wildcards import Matching

_LABELS = {v: k for k, v in QUERY_FIELDS.items()}


def describe(q: query.Query | None, typed: dict[str, str] | None = None) -> str:
    """Return a readable form of the query: words as typed, operators in capitals."""
    if q is None:
        return "all paragraphs"
    return _render(q, typed or {}, top=True)


def within_edits(searcher: Searcher, q: query.Query | None,
                 typed: dict[str, str]) -> dict[str, list[str]]:
    """Return each `word~N` of the query, as typed, with the other words it found, as the
    corpus writes them (`coup~2`: could, court), the most frequent first."""
    found: dict[str, list[str]] = {}
    stack = [q] if q is not None else []
    while stack:
        sub = stack.pop()
        if isinstance(sub, WithinEdits):
            stems = [t.text for t in sub.leaves() if isinstance(t, query.Term)
                     and not isinstance(t, Variant) and t.text != sub.word]  # not spellings
            found[f"{typed.get(sub.word, untagged(sub.word))}~{sub.edits}"] = spelt(searcher,
                                                                                    stems)
        elif not sub.is_leaf():
            stack.extend(reversed(list(sub.children())))
    return found


def wildcard_words(q: query.Query | None) -> dict[str, list[str]]:
    """Return each wildcard inside a word of the query (organi?ation), as typed, with the
    words that fit it, as the corpus writes them (folded), the most frequent first."""
    found: dict[str, list[str]] = {}
    stack = [q] if q is not None else []
    while stack:
        sub = stack.pop()
        if isinstance(sub, Matching) and sub.words:  # each language's reading adds its own
            found[sub.pattern] = list(dict.fromkeys([*found.get(sub.pattern, []), *sub.words]))
        elif not sub.is_leaf():
            stack.extend(reversed(list(sub.children())))
    return found


def _label(fieldname: str) -> str:
    return "" if fieldname == "text" else f"{_LABELS.get(fieldname, fieldname)}:"


def _render(q: query.Query, typed: dict[str, str], top: bool = False) -> str:
    if isinstance(q, Languages):  # the other languages' readings are the same words
        return _render(q.subqueries[0], typed, top)
    if isinstance(q, query.Term):
        return f"{_label(q.fieldname)}{typed.get(q.text, untagged(q.text))}"
    if isinstance(q, Matching):  # organi?ation: the pattern as typed, not its words' stems
        return f"{_label(next(q.leaves()).fieldname)}{q.pattern}"
    if isinstance(q, WithinEdits):  # bolvia~: the word as typed, not the words it found
        label = _label(next(q.leaves()).fieldname)
        return f"{label}{typed.get(q.word, untagged(q.word))}~{q.edits}"
    if isinstance(q, query.Phrase):
        slop = f"~{q.slop}" if q.slop > 1 else ""
        words = " ".join(typed.get(w, untagged(w)) for w in q.words)
        return f'{_label(q.fieldname)}"{words}"{slop}'
    if isinstance(q, query.Not):
        return f"NOT {_render(q.query, typed)}"
    if isinstance(q, query.AndNot):
        return f"{_render(q.a, typed)} NOT {_render(q.b, typed)}"
    if isinstance(q, query.AndMaybe):  # "coup +army": army required, coup only ranks
        inner = f"{_render(q.a, typed)} ({_render(q.b, typed, top=True)} optional)"
        return inner if top else f"({inner})"
    if isinstance(q, query.Or) and any(isinstance(sub, Variant | VariantPhrase)
                                       for sub in q.subqueries):
        typed_words = [sub for sub in q.subqueries if not isinstance(sub, Variant | VariantPhrase)]
        return _render(typed_words[0], typed, top) if len(typed_words) == 1 else \
            _render(query.Or(typed_words), typed, top)  # variants are named apart
    if isinstance(q, query.And | query.Or):
        joiner = " AND " if isinstance(q, query.And) else " OR "
        inner = joiner.join(_render(sub, typed) for sub in q.subqueries)
        return inner if top else f"({inner})"
    return str(q)
