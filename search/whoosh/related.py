"""Related paragraphs: when few paragraphs match a search, the ones that share the best
matches' words, shown after every match (pseudo-relevance feedback).

A search for a name found once (`Huarachi`) or for an event named one way (`Cuban doctors`)
ends after a few results, though the corpus holds paragraphs about the same thing in other
words: the union's other leaders, the other measures listed beside the expulsion. The words
that the best matches share and the rest of the corpus seldom holds say what those matches
are about; paragraphs holding several of them are related. This is the expansion step of a
relevance model (Lavrenko and Croft's RM1; RM3 in Anserini and Pyserini): each word of the
first FEEDBACK matches weighs its share of that paragraph times the paragraph's share of their
scores times its idf, and the FEEDBACK_WORDS heaviest make a weighted query.

Related paragraphs only fill a first page that the search's own matches leave short, after
them, labelled as such: they never change the order of the matches, or their count. Measured on
the seed and Spanish judgments (`make eval`): see docs/relevance.md.

Whoosh has its own expansion (`Searcher.key_terms`, `Results.key_terms`): it reads term vectors,
which this index does not store (they cost 6% of a build, search/whoosh/schema.py), and weighs
words by Bo1 over the whole feedback set without each match's score; a few stored paragraphs are
analysed here instead.
"""

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from math import log

import numpy as np
from whoosh import query
from whoosh.searching import Searcher

from search.whoosh.arrays import Ints, Mask
from search.whoosh.budget import Budget
from search.whoosh.languages import analyzer, base, every_stop_term, untagged
from search.whoosh.matchset import Postings, matches
from search.whoosh.ranking import length_prior
from search.whoosh.scoring import LengthsOf, best, scores

FEEDBACK = 5  # the first matches read for their words
FEEDBACK_WORDS = 20  # the words kept
SHARED = 2  # a related paragraph holds at least this many of them
SHOWN_WORDS = 8  # the words the page names
# A word in more than this share of the paragraphs (and more than COMMON_FLOOR of them) is too
# common to tell what the matches are about, and reading its postings costs the most: left out.
COMMON_SHARE = 0.02
COMMON_FLOOR = 1000


@dataclass(frozen=True)
class Expansion:
    """The words the best matches share, each with its weight and the form written most."""

    weights: dict[str, float] = field(default_factory=dict)  # indexed word -> weight (sum 1)
    written: dict[str, str] = field(default_factory=dict)  # indexed word -> as written

    def shown(self) -> list[str]:
        """Return the heaviest words as written, for the page to name."""
        return [self.written[w] for w in list(self.weights)[:SHOWN_WORDS]]


def expansion(searcher: Searcher, language_of: Callable[[str], str],
              feedback: list[tuple[int, float]], typed: Iterable[str]) -> Expansion:
    """Return the heaviest words of the feedback matches ((docnum, score), best first; their
    article's language from its slug by language_of), leaving out stop words, the query's own
    words (`typed`, as indexed), words in fewer than two paragraphs and common ones."""
    first = [(doc, score) for doc, score in feedback[:FEEDBACK] if score > 0]
    total = sum(score for _, score in first)
    if not first:
        return Expansion()
    skip = every_stop_term() | set(typed)
    reader = searcher.reader()
    docs = reader.doc_count_all()
    common = max(COMMON_FLOOR, COMMON_SHARE * docs)
    weights: dict[str, float] = {}
    forms: dict[str, Counter[str]] = {}
    for doc, score in first:
        stored = searcher.stored_fields(doc)
        analyse = analyzer(base(language_of(stored["slug"])))
        tokens = [(t.text, t.original) for t in analyse(stored["text"], keeporiginal=True)]
        counts = Counter(word for word, _ in tokens)
        for word, original in tokens:
            forms.setdefault(word, Counter())[original] += 1
        for word, n in counts.items():
            if word in skip or untagged(word).isdigit():
                continue
            frequency = reader.doc_frequency("text", word)
            if frequency < 2 or frequency > common:
                continue
            weights[word] = weights.get(word, 0.0) + n / len(tokens) * score / total * log(
                docs / frequency)
    kept = dict(sorted(weights.items(), key=lambda item: (-item[1], item[0]))[:FEEDBACK_WORDS])
    norm = sum(kept.values())
    if not norm:
        return Expansion()
    return Expansion({w: v / norm for w, v in kept.items()},
                     {w: forms[w].most_common(1)[0][0] for w in kept})


def related(searcher: Searcher, found: Expansion, excluded: Mask, postings: Postings,
            lengths: LengthsOf, doc_lengths: Ints, budget: Budget,
            limit: int) -> list[tuple[int, float]]:
    """Return (docnum, score) of the best `limit` paragraphs holding at least SHARED of the
    expansion's words, none of them `excluded`, short ones scaled down as in any ranking
    (search/whoosh/ranking.py); [] if the time runs out."""
    if len(found.weights) < SHARED or limit <= 0:
        return []
    shared = np.zeros(len(excluded), dtype=np.int16)
    for word in found.weights:
        shared += matches(searcher, query.Term("text", word), budget.guard, postings)
    wanted = (shared >= SHARED) & ~excluded
    if not wanted.any():
        return []
    q = query.Or([query.Term("text", w, boost=v) for w, v in found.weights.items()])
    scored = scores(searcher, q, wanted, postings, lengths, budget)
    return [] if scored is None else best(length_prior(scored, doc_lengths), limit)
