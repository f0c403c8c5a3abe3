"""A second look at the best matches: the query's words standing close together, in its order,
and the whole query as a phrase, raise a paragraph's score.

BM25 scores each word on its own: a paragraph that says "the coup makers" and one that has
"coup" in its first sentence and "makers" in its last score alike. Only the best CANDIDATES
matches are looked at again (their stored text analysed as the index analysed it), so the cost
is bounded whatever the number of matches.
"""

from whoosh import query
from whoosh.searching import Searcher

from search.whoosh.schema import text_analyzer

CANDIDATES = 50
WINDOW = 3  # a later word at most this many words after an earlier one is "close"
PAIR_WEIGHT = 0.3  # all neighbouring query words close: +30%
PHRASE_WEIGHT = 0.3  # the whole query as a phrase: +30% more

_ANALYZER = text_analyzer()
Ranked = list[tuple[int, float]]


def query_terms(q: query.Query | None) -> list[str]:
    """Return the words a query looks for in paragraph text, in its order, negated ones left
    out (a phrase's words in place)."""
    if q is None or isinstance(q, query.Not):
        return []
    if isinstance(q, query.AndNot):
        return query_terms(q.a)
    if isinstance(q, query.Term):
        return [q.text] if q.fieldname == "text" else []
    if isinstance(q, query.Phrase):
        return list(q.words) if q.fieldname == "text" else []
    return [t for child in q.children() for t in query_terms(child)]


def rerank(searcher: Searcher, ranked: Ranked, terms: list[str], skip: frozenset[str]) -> Ranked:
    """Return `ranked` (best first) with its first CANDIDATES rescored by closeness and
    sorted again; `skip` are words that never count (stop words)."""
    words = list(dict.fromkeys(t for t in terms if t not in skip))
    if len(words) < 2 or not ranked:
        return ranked
    head = [(doc, score * (1 + closeness(_tokens(searcher, doc), words)))
            for doc, score in ranked[:CANDIDATES]]
    head.sort(key=lambda item: (-item[1], item[0]))
    return head + ranked[CANDIDATES:]


def closeness(tokens: list[str], words: list[str]) -> float:
    """Return the bonus for a paragraph's tokens: the share of neighbouring query words that
    stand close, in order, plus the whole query as one phrase."""
    where: dict[str, list[int]] = {}
    for n, token in enumerate(tokens):
        if token in words:
            where.setdefault(token, []).append(n)
    pairs = list(zip(words, words[1:], strict=False))
    near = sum(1 for a, b in pairs if _near(where.get(a, []), where.get(b, [])))
    phrase = any(all(start + k in where.get(w, ()) for k, w in enumerate(words))
                 for start in where.get(words[0], []))
    return PAIR_WEIGHT * near / len(pairs) + (PHRASE_WEIGHT if phrase else 0.0)


def _near(first: list[int], then: list[int]) -> bool:
    """Say whether some position in `then` is 1 to WINDOW after some position in `first`."""
    later = set(then)
    return any(p + gap in later for p in first for gap in range(1, WINDOW + 1))


def _tokens(searcher: Searcher, docnum: int) -> list[str]:
    """Return a paragraph's words as the index analysed them, in order."""
    text = searcher.stored_fields(docnum).get("text") or ""
    return [token.text for token in _ANALYZER(text)]
