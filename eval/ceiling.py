"""The best nDCG@10 that matching words can reach on a collection's judgments.

A judged document that shares no word with its query (accents folded, stemmed, stop words left
out, as bm25s reads both in the collection's language) cannot be found by a word-matching engine,
however it ranks: a list item under a heading that names the subject, a paragraph that says
"declaring herself" for "self-proclaimed". The ceiling ranks, for each query, the judged
documents that do share a word in the ideal order, and scores that ranking as any system's is
scored.

press-search also matches a query's words in a paragraph's section heading and its article's
title (a some-words match found through its context), so the ceiling is also given with those
words counted as the paragraph's: `word_matching_ceiling(c, context=True)`.
"""

import unicodedata
from statistics import fmean

import bm25s
import Stemmer

from eval.loaders import Collection
from eval.metrics import ndcg
from eval.model import STEMMERS


def word_matching_ceiling(c: Collection, context: bool = False) -> float:
    """Return the mean nDCG@10 of the ideal rankings made of word-matching documents only
    (context: a document's section heading and article title count as its words)."""
    stemmer = Stemmer.Stemmer(STEMMERS[c.language])

    def words(texts: list[str]) -> list[set[str]]:
        tokens: list[list[str]] = bm25s.tokenize([_folded(t) for t in texts],
                                                 stopwords=c.language, stemmer=stemmer,
                                                 return_ids=False, show_progress=False)
        return [set(t) for t in tokens]

    text_of = dict(zip(c.keys, c.texts, strict=True))
    judged_keys = sorted({k for q in c.queries for k in q.judged})
    contexts = c.contexts if context and c.contexts else {}
    judged_words = dict(zip(judged_keys, words([f"{text_of[k]} {contexts.get(k, '')}"
                                                for k in judged_keys]), strict=True))
    query_words = words([q.text for q in c.queries])
    scores = []
    for q, asked in zip(c.queries, query_words, strict=True):
        reachable = [k for k in q.judged if judged_words[k] & asked]
        ideal = sorted(reachable, key=lambda k: (-q.judged[k], k))
        scores.append(ndcg(ideal, q.judged))
    return fmean(scores) if scores else 0.0


def _folded(text: str) -> str:
    """Return the text without its accents (elección, eleccion), as every engine here folds
    them or is measured beside one that does."""
    return "".join(ch for ch in unicodedata.normalize("NFKD", text)
                   if not unicodedata.combining(ch))
