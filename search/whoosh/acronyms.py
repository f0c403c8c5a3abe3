"""An acronym and the name it stands for, as the corpus defines them.

Press text spells a name out once with its acronym in brackets ("the Organization of American
States (OAS)", "COB (Central Obrera Boliviana)") and then writes the acronym alone; another
article may write the name alone. A paragraph is one of them: `OAS audit` missed the paragraph
about "the Organization of American States' audit". A typed acronym also finds the names the
corpus defines it as: the first SAMPLE paragraphs holding the acronym are read for a definition,
a name in brackets after it or before it in brackets, whose words' first letters spell it
(small words such as "of" and "de" may be skipped; "Movement Towards Socialism (MAS)", a
translation, defines nothing). A typed name (a run of capitalised words) likewise finds its
acronym where the corpus defines the one by the other. Each counts NAME_WEIGHT of what was
typed, and the page names it as it names a spelling variant (search/whoosh/spelling.py).
"""

import re
from collections import Counter
from collections.abc import Iterable
from itertools import islice

from whoosh import query
from whoosh.reading import IndexReader, TermNotFound
from whoosh.searching import Searcher

from search.whoosh.languages import analyzer as language_analyzer
from search.whoosh.languages import forms
from search.whoosh.names import Name
from search.whoosh.variants import Variant, VariantPhrase, Variants

SAMPLE = 50  # paragraphs holding the acronym read for its definitions, at most
MOST = 2  # names kept for one acronym, the most often defined first
SHORTEST, LONGEST = 2, 8  # letters in an acronym
# Small words a name may hold without a letter in its acronym (or with one: Movimiento Al
# Socialismo, MAS), in the languages the corpus is analysed in.
CONNECTORS = frozenset(
    "of the and for on in to at by a an de del la las los el y e al da do das dos du des "
    "et le les di della und der die das van von für".split())
_WORD = re.compile(r"\w+(?:['’]\w+)?")
NAME_WEIGHT = 0.5  # the name an acronym stands for, beside the acronym typed (and the reverse)
# Acronyms typed, and typed names' acronyms, whose definitions are read (each reads up to
# SAMPLE paragraphs) in one query, at most; and the runs of a query's words tried as names.
CHECKS = 4
RUNS = 32


def is_acronym(word: str) -> bool:
    """Say whether a typed word is written as an acronym: capitals only, SHORTEST to LONGEST."""
    return SHORTEST <= len(word) <= LONGEST and word.isalpha() and word.isupper()


def long_forms(reader: IndexReader, acronym: str, term: str) -> list[str]:
    """Return the names the corpus defines `acronym` as (indexed as `term`), the most often
    defined first (MOST of them), as written in the first definition found."""
    try:
        docs = list(islice(reader.postings("text", term).all_ids(), SAMPLE))
    except TermNotFound:
        return []
    # the words before "(ACR)", or inside the brackets of "ACR (...)": a pattern that starts
    # at the acronym or its bracket, not one tried at every place of a paragraph
    before = re.compile(rf"\(\s*{re.escape(acronym)}\s*\)")
    after = re.compile(rf"(?<!\w){re.escape(acronym)}\s*\(([^()]+)\)")
    counts: Counter[str] = Counter()
    written: dict[str, str] = {}
    for doc in docs:
        text = reader.stored_fields(doc)["text"]
        found = [spelt(text[:m.start()], acronym) for m in before.finditer(text)]
        found += [spelt(m[1], acronym) for m in after.finditer(text)]
        for name in filter(None, found):
            counts[name.lower()] += 1
            written.setdefault(name.lower(), name)
    return [written[key] for key, _ in counts.most_common(MOST)]


def spelt(text: str, acronym: str) -> str | None:
    """Return the last words of `text` that spell `acronym` by their first letters, as
    written; None when no run of them does. Each word starts with a capital, or is a small
    word (CONNECTORS), and the first is not small ("of American States" is no name)."""
    spans = [(m.start(), m[0]) for m in _WORD.finditer(text)]  # Inter-American: two words
    words = [w for _, w in spans]
    letters = acronym.lower()
    start = next((n for n in reversed(range(len(words)))
                  if words[n].lower() not in CONNECTORS and _spells(words[n:], letters)), None)
    return text[spans[start][0]:].strip() if start is not None else None


def _spells(words: list[str], letters: str) -> bool:
    """Say whether the words' first letters are the letters, each word spelling one of them
    (a capitalised word must; a small word may be skipped instead)."""
    if not words:
        return not letters
    word, rest = words[0], words[1:]
    small = word.lower() in CONNECTORS
    if not small and not word[:1].isupper():
        return False
    if letters and word[:1].lower() == letters[0] and _spells(rest, letters[1:]):
        return True
    return small and _spells(rest, letters)


def spelling_runs(words: list[str]) -> list[tuple[int, int, str]]:
    """Return (start, end, acronym) for each run of typed words that may be a name with an
    acronym: two or more capitalised words, small words between them; the acronym of the
    capitalised words' first letters, and of every word's where a small one is in it
    (Movimiento al Socialismo: MAS)."""
    found = []
    for start, first in enumerate(words):
        if not _capitalised(first):
            continue
        for end in range(start + 2, len(words) + 1):
            run = words[start:end]
            if not all(_capitalised(w) or w.lower() in CONNECTORS for w in run):
                break
            if not _capitalised(run[-1]):
                continue
            capitals = "".join(w[0] for w in run if _capitalised(w)).upper()
            every = "".join(w[0] for w in run).upper()
            found += [(start, end, acronym) for acronym in dict.fromkeys([capitals, every])
                      if is_acronym(acronym)]
    return found


def _capitalised(word: str) -> bool:
    """Say whether a typed word is a capitalised word of a name (not an acronym, nor small)."""
    return word[:1].isupper() and not word.isupper() and word.lower() not in CONNECTORS


def with_acronyms(q: query.Query, variants: Variants) -> query.Query:
    """Return the query with each typed name that has an acronym also matching the acronym."""
    for needed, (acronym, boost) in variants.acronyms.items():
        q = _abbreviate(q, needed, Variant("text", acronym, boost=boost))
    return q


def spelt_out(searcher: Searcher, words: list[str], searched: set[str],
              languages: tuple[str, ...], found: Variants) -> None:
    """Add to `found` the names the corpus defines each typed acronym as (`searched`: the
    indexed words the query searches unquoted; the first CHECKS acronyms the corpus has):
    each phrase scores about NAME_WEIGHT of what the acronym would in its place (its words'
    idf summed standing for the acronym's), below the acronym typed but not a page behind."""
    typed = [(word, code, form) for word in dict.fromkeys(words) if is_acronym(word)
             for code, form in forms(word, languages).items()
             if form in searched and searcher.doc_frequency("text", form)]
    for word, code, form in typed[:CHECKS]:
        mine = float(searcher.idf("text", form))
        for name in long_forms(searcher.reader(), word, form):
            tokens = tuple(t.text for t in language_analyzer(code)(name))
            boost = NAME_WEIGHT * min(1.0, mine / _idf(searcher, tokens))
            found.names.setdefault(form, {})[tokens] = boost
            if name not in found.spelled.setdefault(word.lower(), []):
                found.spelled[word.lower()].append(name)


def abbreviated(searcher: Searcher, words: list[str], searched: set[str],
                languages: tuple[str, ...], found: Variants) -> None:
    """Add to `found` the acronym of each typed name that the corpus defines it by (of the
    first RUNS runs, the first CHECKS acronyms the corpus has): it scores about NAME_WEIGHT
    of what the name's words would in its place."""
    runs = [(" ".join(words[start:end]), acronym, code, form)
            for start, end, acronym in spelling_runs(words)[:RUNS]
            for code, form in forms(acronym, languages).items()
            if searcher.doc_frequency("text", form)]
    for typed, acronym, code, form in runs[:CHECKS]:
        mine = [t.text for t in language_analyzer(code)(typed)]
        names = [[t.text for t in language_analyzer(code)(name)]
                 for name in long_forms(searcher.reader(), acronym, form)]
        needed = frozenset(t for t in mine if t in searched)
        if mine in names and len(needed) > 1:
            boost = NAME_WEIGHT * _idf(searcher, needed) / float(searcher.idf("text", form))
            found.acronyms[needed] = (form, boost)
            if acronym not in found.spelled.setdefault(typed.lower(), []):
                found.spelled[typed.lower()].append(acronym)


def _idf(searcher: Searcher, words: Iterable[str]) -> float:
    """Return the words' idf summed."""
    return sum(float(searcher.idf("text", w)) for w in words)


def _abbreviate(q: query.Query, needed: frozenset[str], acronym: Variant) -> query.Query:
    """Return the query with the words of a name (`needed`) also matched by its acronym: in
    an AND, the name's words become (all of them OR the acronym); an OR of them gains it."""
    if _unit_words(q) == needed:  # the name alone: typed as one word, or read as a name
        return query.Or([q, acronym])
    if q.is_leaf() or isinstance(q, Name):
        return q
    children = list(q.children())
    if isinstance(q, query.And):
        picked = [c for c in children if _unit_words(c) and _unit_words(c) < needed]
        if set().union(*map(_unit_words, picked)) == needed:
            kept = [c for c in children if c not in picked]
            kept.insert(children.index(picked[0]), query.Or([query.And(picked), acronym]))
            return query.And(kept, boost=q.boost) if len(kept) > 1 else kept[0]
    if type(q) is query.Or and needed <= set().union(*map(_unit_words, children)):
        return query.Or([*children, acronym], boost=q.boost)
    return q.apply(lambda sub: _abbreviate(sub, needed, acronym))


def _unit_words(q: query.Query) -> set[str]:
    """Return the text words a unit of a query stands for: a word's (with its variants or
    not), a name's; none for anything else."""
    if isinstance(q, Name):
        return set().union(*map(_unit_words, q.full.children()))
    if isinstance(q, query.Or) and q.subqueries and all(
            isinstance(o, Variant | VariantPhrase) for o in q.subqueries[1:]):
        q = q.subqueries[0]  # a word and its variants
    if isinstance(q, query.Term) and not isinstance(q, Variant) and q.fieldname == "text":
        return {q.text}
    return set()
