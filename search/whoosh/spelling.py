"""Spelling variants: a rare or absent query word also matches close, more frequent words."""

from dataclasses import dataclass, field

from whoosh import query
from whoosh.searching import Searcher

from search.whoosh.schema import text_analyzer

RARE = 3  # a word in at most this many paragraphs is rare enough to look for variants
# Variants share the word's first letter: Whoosh then measures edit distances to the words of
# one letter, not of the whole vocabulary (at 100k paragraphs, 13 ms instead of 190 ms). A
# misspelt first letter is the rarest of typos.
SAME_START = 1

_ANALYZER = text_analyzer()


@dataclass
class Variants:
    """Variants found for each rare query word, and a corrected query to suggest."""

    by_stem: dict[str, list[str]] = field(default_factory=dict)
    replacements: dict[str, str] = field(default_factory=dict)


def analyse(word: str, stem: bool = True) -> str:
    """Return the indexed form of one word (lowercased, accents folded, optionally stemmed)."""
    tokens = [t.text for t in _ANALYZER(word, nomorph=not stem)]
    return tokens[0] if tokens else ""


def typed_forms(words: list[str]) -> dict[str, str]:
    """Map each word's indexed form to the word as the user typed it (lowercased)."""
    return {analyse(w): w.lower() for w in words if analyse(w)}


def find_variants(searcher: Searcher, words: list[str], q: query.Query) -> Variants:
    """Look up close spellings for the query's rare words that search paragraph text."""
    searched = {text for fieldname, text in q.all_terms() if fieldname == "text"}
    found = Variants()
    for word in dict.fromkeys(words):
        plain, stem = analyse(word, stem=False), analyse(word)
        if len(plain) < 4 or stem not in searched or stem in found.by_stem:
            continue
        freq = searcher.doc_frequency("text", stem)
        if freq > RARE:
            continue
        maxdist = 1 if len(plain) < 6 else 2
        options = []
        for candidate in searcher.suggest("text", plain, limit=5, maxdist=maxdist,
                                          prefix=SAME_START):
            cstem = analyse(candidate)
            # any indexed variant counts: wiphala (1 paragraph) and whipala (3) find each other
            if cstem != stem and searcher.doc_frequency("text", cstem) >= 1:
                options.append(candidate)
        if options:
            found.by_stem[stem] = [analyse(o) for o in options[:3]]
            if freq == 0:
                found.replacements[word] = options[0]
    return found


def widen(q: query.Query, variants: Variants) -> query.Query:
    """Return the query with each rare word also matching its variants."""
    if isinstance(q, query.Term) and q.fieldname == "text" and q.text in variants.by_stem:
        alternatives = [q.text, *variants.by_stem[q.text]]
        return query.Or([query.Term("text", t) for t in dict.fromkeys(alternatives)])
    if q.is_leaf():
        return q
    return q.apply(lambda sub: widen(sub, variants))


def suggestion(text: str, variants: Variants) -> str | None:
    """Return the query text with absent words replaced by their best variant, if any."""
    if not variants.replacements:
        return None
    out = text
    for word, better in variants.replacements.items():
        if word.isupper():
            better = better.upper()
        elif word[:1].isupper():
            better = better[:1].upper() + better[1:]
        out = out.replace(word, better)
    return out
