"""People's names in a query: a paragraph naming someone by surname alone names them too.

Press text gives a name in full once ("Evo Morales") and then the surname alone ("Morales
resigned"). Requiring every word of a typed name put those paragraphs among "some of your
words", below any paragraph that held the full name once. A name here is a run of two or
more capitalised words typed together ("Jeanine Añez", "Luis Fernando Camacho"; not an acronym,
not a compound) whose words, where a paragraph holds them all, mostly stand together
(COLLOCATED: "Morales Bolivia" typed in capitals is two words, not a name), and whose last word,
where the paragraphs use it, is mostly written with a capital (PROPER: "Armed Forces" is no
one's name, as the paragraphs write "security forces"). The name's last word then satisfies it;
its other words still add to the score of a paragraph that holds them.
"""

from collections.abc import Iterator
from itertools import islice

from whoosh import query
from whoosh.analysis import Analyzer
from whoosh.matching import Matcher
from whoosh.reading import IndexReader, TermNotFound
from whoosh.searching import Searcher

from search.whoosh.languages import ENGLISH
from search.whoosh.languages import analyzer as language_analyzer

COLLOCATED = 0.5  # of the paragraphs holding all its words, the share holding them in a row
SAMPLE = 200  # paragraphs holding all the words looked at, at most
PROPER = 0.8  # of the last word's uses, the share written with a capital
PROPER_SAMPLE = 20  # paragraphs holding the last word read, at most
LONGEST = 4  # words in a name, at most ("Juan Evo Morales Ayma")
CHECKS = 8  # spans looked at in one query, at most: each costs a few reads of the index


class Name(query.Or):  # type: ignore[misc]  # whoosh has no type hints
    """A typed name: all its words, or its last word alone (subqueries: And(words), last)."""

    @property
    def full(self) -> query.Query:
        """Return the query for every word of the name."""
        return self.subqueries[0]

    @property
    def last(self) -> query.Term:
        """Return the query for the name's last word."""
        return self.subqueries[-1]


def runs(words: list[tuple[str, ...]], breaks: frozenset[int] = frozenset()
         ) -> Iterator[list[str]]:
    """Yield each run of two or more capitalised words typed one after another (each word as
    its parts: a compound or an acronym ends a run, and so does punctuation after a word, its
    place in `breaks`: "the Senate, Jeanine Áñez" holds the run Jeanine Áñez)."""
    run: list[str] = []
    for n, parts in enumerate([*words, ("",)]):
        word = parts[0]
        if len(parts) == 1 and word[:1].isupper() and not word.isupper():
            run.append(word)
            if n not in breaks:
                continue
        if len(run) >= 2:
            yield run
        run = []


def candidates(run: list[str]) -> Iterator[tuple[int, int]]:
    """Yield the (start, end) of the spans of a run that could be a name, longest first from
    each start (`Evo Morales Senkata`: the three words, then Evo Morales, ...)."""
    for start in range(len(run) - 1):
        for end in range(min(len(run), start + LONGEST), start + 1, -1):
            yield start, end


def with_names(units: list[query.Query], words: list[tuple[str, ...]], reader: IndexReader,
               names: dict[str, str], code: str = ENGLISH,
               breaks: frozenset[int] = frozenset()) -> list[query.Query]:
    """Return the units with each typed name's words made one Name, in the place of its
    first word; note in `names` each name read (as typed) with the surname that counts alone."""
    analyzer = language_analyzer(code)
    checks = 0
    for run in runs(words, breaks):
        taken = 0  # words of the run already in a name
        for start, end in candidates(run):
            if start < taken or checks >= CHECKS:
                continue
            checks += 1
            name = run[start:end]
            found = _name(units, [next((t.text for t in analyzer(w)), w) for w in name],
                          reader, analyzer)
            if found is not None:
                units, taken = found, end
                names[" ".join(name)] = name[-1]
    return units


def _name(units: list[query.Query], stems: list[str], reader: IndexReader,
          analyzer: Analyzer) -> list[query.Query] | None:
    """Return the units with the words of stems made one Name if they are a name, else None."""
    inside = [u for u in units if isinstance(u, query.Term) and u.text in stems]
    if len({u.text for u in inside}) != len(set(stems)) or not (
            _collocated(reader, inside, stems) and proper(reader, stems[-1], analyzer)):
        return None
    last = next(u for u in inside if u.text == stems[-1])
    at = units.index(inside[0])
    kept = [u for u in units if u not in inside]
    kept.insert(at, Name([query.And(inside), last]))
    return kept


def _collocated(reader: IndexReader, terms: list[query.Term], stems: list[str]) -> bool:
    """Say whether, in the paragraphs holding every word of the name (the first SAMPLE), the
    words mostly stand in a row, as a name's do."""
    searcher = Searcher(reader, closereader=False)
    together = list(islice(_ids(query.And(terms).matcher(searcher)), SAMPLE))
    if not together:
        return False
    in_row = 0
    for doc in _ids(query.Phrase(terms[0].fieldname, stems).matcher(searcher)):
        if doc > together[-1]:
            break
        in_row += 1
    return in_row >= COLLOCATED * len(together)


def _ids(matcher: Matcher) -> Iterator[int]:
    """Yield a matcher's documents one at a time (Whoosh's all_ids() of an AND walks every
    posting of one of its words first: 1.8 s for two names at 1M paragraphs)."""
    while matcher.is_active():
        yield matcher.id()
        matcher.next()


def proper(reader: IndexReader, stem: str, analyzer: Analyzer) -> bool:
    """Say whether the paragraphs holding the word (the first PROPER_SAMPLE) mostly write it
    with a capital, as a name is written."""
    try:
        docs = list(islice(reader.postings("text", stem).all_ids(), PROPER_SAMPLE))
    except TermNotFound:
        return False
    capitals = uses = 0
    for doc in docs:
        text = reader.stored_fields(doc).get("text", "")
        for token in analyzer(text, chars=True):
            if token.text == stem:
                uses += 1
                capitals += text[token.startchar].isupper()
    return uses > 0 and capitals >= PROPER * uses
