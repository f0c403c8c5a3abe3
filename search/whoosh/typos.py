"""The corpus's words within a few edits of a word, a swap of neighbours counting as one."""

import re
from itertools import islice

from whoosh.automata.fsa import ANY, DFA, EPSILON, NFA
from whoosh.codec.base import Automata
from whoosh.reading import IndexReader
from whoosh.searching import Searcher
from whoosh.support.charset import accent_map

from search.query.spellings import distance
from search.whoosh.languages import code_of, forms, tag, untagged

# Variants share the word's first letter: the automaton then walks the words of one letter,
# not the whole vocabulary (at 100k paragraphs, ~10 ms instead of 190 ms). A misspelt first
# letter is the rarest of typos.
SAME_START = 1
SPELLING_FIELD = "spell_text"  # Whoosh's unstemmed copy of the paragraph words
MIN_STEM = 5  # the shortest stem whose close stems are looked for
STEM_START = 3  # a stem's words are looked for among those that begin as it does
MAX_SCAN = 2_000  # words read for one stem, at most
# A variant (another spelling, a word within `word~N` edits) counts at most this share of what
# the typed word would in the same paragraph: low enough that a paragraph with the word typed
# ranks above one with the variant, even when BM25's length norm favours the variant's
# paragraph (a short paragraph scores up to 4 times a long one: licence, in 64 words, under
# license, in 26, at a share of 0.5).
VARIANT_WEIGHT = 0.25
Scans = dict[tuple[str, str], dict[str, list[str]]]  # each prefix's words by stem, read once


def close_words(searcher: Searcher | IndexReader, word: str, maxdist: int,
                field: str = SPELLING_FIELD, start: int = SAME_START) -> set[str]:
    """Return the corpus's words (of `field`) within `maxdist` edits of `word` (a swap of
    neighbours is one edit), with the same first `start` letters."""
    dfa = _automaton(word, maxdist, start)
    found: set[str] = set()
    whole = searcher.reader() if isinstance(searcher, Searcher) else searcher
    for reader, _ in whole.leaf_readers():
        if field in reader.indexed_field_names():
            # Whoosh's own terms_within walks the same cursor with a Levenshtein automaton,
            # built again for each segment, where a swap costs two edits (bibel, bible)
            found.update(Automata.find_matches(dfa, reader.cursor(field)))
    return {w for w in found if w != word and distance(word, w) <= maxdist}


def close_inflections(searcher: Searcher, stems: set[str]) -> list[str]:
    """Return the corpus words indexed under a stem close to one of `stems` (the typed word's
    indexed forms, one per language), of the closest stems, one word (the most frequent) per
    stem: "elecion" is three edits from "elecciones", the one inflection a corpus has, but
    one from the stem eleccion that it is indexed under. A stem shorter than MIN_STEM letters
    is close to too many others (Spanish "golpe", indexed in English as "golp", is one edit
    from "gold"): none is looked for, nor found ("Tipnis", indexed as "tipni", is one edit
    from tiny's "tini")."""
    found: dict[str, tuple[int, int, str]] = {}
    scans: Scans = {}
    for stem in stems:
        code = code_of(stem)
        if len(untagged(stem)) < MIN_STEM:
            continue
        maxdist = 1 if len(untagged(stem)) < 6 else 2
        for near in close_words(searcher, stem, maxdist, "text", len(tag(code)) + SAME_START):
            if code_of(near) != code or len(untagged(near)) < MIN_STEM:
                continue
            best = _most_written(searcher, near, code, scans)
            if best is not None:
                found[near] = (distance(stem, near), -best[0], best[1])
    ranked = sorted(found.values())
    return list(dict.fromkeys(w for d, _, w in ranked if d == ranked[0][0]))


def _most_written(searcher: Searcher, stem: str, code: str, scans: Scans,
                  start: int = STEM_START) -> tuple[int, str] | None:
    """Return the corpus word indexed under `stem` (in the language `code`) that its
    paragraphs write most, with how often; None if no word is (`scans`: the prefixes read,
    the stem's first `start` letters)."""
    prefix = untagged(stem)[:start]
    if (prefix, code) not in scans:
        scans[prefix, code] = _words_by_stem(searcher, prefix, code)
    words = scans[prefix, code].get(stem, [])
    if not words:
        return None
    # Whoosh gives every spelling word a doc_frequency of 1; frequency counts
    return max((searcher.frequency(SPELLING_FIELD, w), w) for w in words)


def spelt(searcher: Searcher, stems: list[str]) -> list[str]:
    """Return the word each stem (an indexed form, tagged with its language) stands for
    as the corpus writes it most (folded), in order; a stem with none as itself."""
    scans: Scans = {}
    out = []
    for stem in stems:
        # a word begins with its stem but for the stem's last letter (happy: happi, any: ani):
        # reading only the words that begin so, not all those of its first three letters,
        # took naming the word `government~2` finds at 100k paragraphs from 10 ms to none
        # measurable (`coup~2`'s 14 words still take about 5 ms)
        start = max(2, len(untagged(stem)) - 1)
        best = _most_written(searcher, stem, code_of(stem), scans, start)
        out.append(best[1] if best is not None else untagged(stem))
    return list(dict.fromkeys(out))


def _words_by_stem(searcher: Searcher, prefix: str, code: str) -> dict[str, list[str]]:
    """Return the corpus words that begin with `prefix` (MAX_SCAN at most), by the form the
    language indexes them under."""
    by_stem: dict[str, list[str]] = {}
    for w in islice(searcher.reader().expand_prefix(SPELLING_FIELD, prefix), MAX_SCAN):
        word = w.decode() if isinstance(w, bytes) else w
        form = forms(word, [code]).get(code)
        if form is not None:
            by_stem.setdefault(form, []).append(word)
    return by_stem


def written(searcher: Searcher, word: str, languages: tuple[str, ...]) -> str:
    """Return a corpus word as its paragraphs write it, accents and all (the spelling words
    are kept folded: "constitucion"); the word itself when none does."""
    where = [f for f in forms(word, languages).values() if searcher.doc_frequency("text", f)]
    if not where:
        return word
    doc = next(iter(searcher.reader().postings("text", where[0]).all_ids()))
    text: str = searcher.stored_fields(doc).get("text") or ""
    tokens = [t.lower() for t in re.findall(r"\w+", text)]
    return next((t for t in tokens if t.translate(accent_map) == word), word)


def _automaton(word: str, k: int, start: int = SAME_START) -> DFA:
    """Build the automaton of the words within k edits of `word` that begin with its first
    `start` letters, swaps included (Whoosh's levenshtein_automaton, with a state between the
    two letters of a swap)."""
    nfa = NFA((0, 0))
    for i in range(start):
        nfa.add_transition((i, 0), word[i], (i + 1, 0))
    for i in range(start, len(word)):
        for e in range(k + 1):
            nfa.add_transition((i, e), word[i], (i + 1, e))
            if e < k:
                nfa.add_transition((i, e), ANY, (i, e + 1))  # a letter too many
                nfa.add_transition((i, e), EPSILON, (i + 1, e + 1))  # a letter missing
                nfa.add_transition((i, e), ANY, (i + 1, e + 1))  # a letter changed
                if i + 1 < len(word) and word[i] != word[i + 1]:  # two letters swapped
                    nfa.add_transition((i, e), word[i + 1], (i, e, 1))
                    nfa.add_transition((i, e, 1), word[i], (i + 2, e + 1))
    for e in range(k + 1):
        if e < k:
            nfa.add_transition((len(word), e), ANY, (len(word), e + 1))
        nfa.add_final_state((len(word), e))
    return nfa.to_dfa()
