"""A second look at the best matches: the query's words standing close together, in its order,
and the whole query as a phrase, raise a paragraph's score.

BM25 scores each word on its own: a paragraph that says "the coup makers" and one that has
"coup" in its first sentence and "makers" in its last score alike. Only the best CANDIDATES
matches are looked at again (their stored text analysed as the index analysed it), so the cost
is bounded whatever the number of matches.
"""

from whoosh import query
from whoosh.searching import Searcher

from search.query.irregular import BASE
from search.whoosh.schema import text_analyzer
from search.whoosh.variants import Variant, VariantPhrase

CANDIDATES = 30
WINDOW = 3  # a later word at most this many words after an earlier one is "close"
PAIR_WEIGHT = 0.3  # all neighbouring query words close: +30%
PHRASE_WEIGHT = 0.3  # the whole query as a phrase: +30% more

_ANALYZER = text_analyzer()
_STEM = _ANALYZER.items[-1].stemfn  # the index's stemmer, with its cache
PREFIX = 3
Ranked = list[tuple[int, float]]
# each stem's irregular forms' first letters, which its own may not be ("take": "too" of took)
_IRREGULAR: dict[str, set[str]] = {}
for _form in BASE:
    _IRREGULAR.setdefault(_STEM(_form), set()).add(_form[:PREFIX])


def query_terms(q: query.Query | None) -> list[str]:
    """Return the words a query looks for in paragraph text, in its order, negated ones left
    out (a phrase's words in place), each word's other spellings left out (see spelt_as)."""
    if q is None or isinstance(q, query.Not):
        return []
    if isinstance(q, query.AndNot):
        return query_terms(q.a)
    if isinstance(q, query.Term):
        return [q.text] if q.fieldname == "text" else []
    if isinstance(q, query.Phrase):
        return list(q.words) if q.fieldname == "text" else []
    return [t for child in _typed(q.children()) for t in query_terms(child)]


def spelt_as(q: query.Query | None) -> dict[str, str]:
    """Return each other spelling the query searches with the word typed that it stands for
    (defence: defense), so that a paragraph with the other spelling stands as close as one
    with the typed word."""
    if q is None or q.is_leaf():
        return {}
    found: dict[str, str] = {}
    children = list(q.children())
    typed = _typed(children)
    for child in children:
        if isinstance(child, Variant) and isinstance(typed[0], query.Term):
            found[child.text] = typed[0].text
        elif isinstance(child, VariantPhrase) and isinstance(typed[0], query.Phrase):
            found.update((w, t) for w, t in zip(child.words, typed[0].words, strict=False)
                         if w != t)
        else:
            found.update(spelt_as(child))
    return found


def _typed(children: list[query.Query]) -> list[query.Query]:
    """Return the queries for what was typed among a query's children (not its variants)."""
    return [c for c in children if not isinstance(c, Variant | VariantPhrase)]


def rerank(searcher: Searcher, ranked: Ranked, q: query.Query | None,
           skip: frozenset[str]) -> Ranked:
    """Return `ranked` (best first) with its first CANDIDATES rescored by how close the words
    of `q` stand and sorted again; `skip` are words that never count (stop words)."""
    words = list(dict.fromkeys(t for t in query_terms(q) if t not in skip))
    if len(words) < 2 or not ranked:
        return ranked
    wanted, spellings = frozenset(words), spelt_as(q)
    head = [(doc, score * (1 + closeness(_positions(searcher, doc, wanted, spellings), words)))
            for doc, score in ranked[:CANDIDATES]]
    head.sort(key=lambda item: (-item[1], item[0]))
    return head + ranked[CANDIDATES:]


def closeness(where: dict[str, list[int]], words: list[str]) -> float:
    """Return the bonus for a paragraph whose query words stand at these positions: the share
    of neighbouring query words that stand close, in order, plus the whole query as one
    phrase."""
    pairs = list(zip(words, words[1:], strict=False))
    near = sum(1 for a, b in pairs if _near(where.get(a, []), where.get(b, [])))
    phrase = any(all(start + k in where.get(w, ()) for k, w in enumerate(words))
                 for start in where.get(words[0], []))
    return PAIR_WEIGHT * near / len(pairs) + (PHRASE_WEIGHT if phrase else 0.0)


def _near(first: list[int], then: list[int]) -> bool:
    """Say whether some position in `then` is 1 to WINDOW after some position in `first`."""
    later = set(then)
    return any(p + gap in later for p in first for gap in range(1, WINDOW + 1))


def _positions(searcher: Searcher, docnum: int, words: frozenset[str],
               spellings: dict[str, str]) -> dict[str, list[int]]:
    """Return where each of the (stemmed) words stands in a paragraph, analysed as the index
    analysed it, another spelling of one standing for it. Only a word that starts as one of
    them does is stemmed (a stem keeps its word's first letters, an irregular form its own):
    stemming every word of 30 paragraphs took most of the time."""
    starts = {w[:PREFIX] for w in [*words, *spellings]}
    starts |= {start for w in words for start in _IRREGULAR.get(w, ())}
    where: dict[str, list[int]] = {}
    text = searcher.stored_fields(docnum).get("text") or ""
    for n, token in enumerate(_ANALYZER(text, no_morph=True)):
        head = token.text[:PREFIX]  # a stem may be shorter than its word's start (MAS: ma)
        if head in starts or head[:2] in starts or head[:1] in starts:
            stem = _STEM(token.text)
            stem = spellings.get(stem, stem)
            if stem in words:
                where.setdefault(stem, []).append(n)
    return where
