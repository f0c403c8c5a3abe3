"""The corpus's words within a few edits of a word, a swap of neighbours counting as one."""

from whoosh.automata.fsa import ANY, DFA, EPSILON, NFA
from whoosh.codec.base import Automata
from whoosh.searching import Searcher

from search.query.spellings import distance

# Variants share the word's first letter: the automaton then walks the words of one letter,
# not the whole vocabulary (at 100k paragraphs, ~10 ms instead of 190 ms). A misspelt first
# letter is the rarest of typos.
SAME_START = 1
SPELLING_FIELD = "spell_text"  # Whoosh's unstemmed copy of the paragraph words


def close_words(searcher: Searcher, word: str, maxdist: int) -> set[str]:
    """Return the corpus's words within `maxdist` edits of `word` (a swap of neighbours is one
    edit), with the same first letter."""
    dfa = _automaton(word, maxdist)
    found: set[str] = set()
    for leaf, _ in searcher.leaf_searchers():
        reader = leaf.reader()
        if SPELLING_FIELD in reader.indexed_field_names():
            # Whoosh's own terms_within walks the same cursor with a Levenshtein automaton,
            # built again for each segment, where a swap costs two edits (bibel, bible)
            found.update(Automata.find_matches(dfa, reader.cursor(SPELLING_FIELD)))
    return {w for w in found if w != word and distance(word, w) <= maxdist}


def _automaton(word: str, k: int) -> DFA:
    """Build the automaton of the words within k edits of `word`, swaps included (Whoosh's
    levenshtein_automaton, with a state between the two letters of a swap)."""
    nfa = NFA((0, 0))
    for i in range(SAME_START):
        nfa.add_transition((i, 0), word[i], (i + 1, 0))
    for i in range(SAME_START, len(word)):
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
