"""The one query builder: user text in, a bounded Whoosh query out (or a clear error).

The text is first normalised, limited and tidied (search/query/text.py); Whoosh's parser then
reads it with only the plugins our documented syntax needs.
"""

from dataclasses import dataclass, field
from functools import cache
from typing import Any

from whoosh import qparser, query
from whoosh.qparser import syntax
from whoosh.reading import IndexReader

from search.query.text import (
    LONG_QUERY,
    MAX_EDITS,
    MAX_EXPANSION,
    MAX_QUERY_CHARS,
    MAX_SLOP,
    MIN_PREFIX,
    QUOTED,
    QueryError,
    Reading,
    read,
    word_parts,
)
from search.whoosh.languages import ENGLISH, TAGGED_FIELDS, untagged
from search.whoosh.languages import analyzer as language_analyzer
from search.whoosh.languages import stop_terms as language_stop_terms
from search.whoosh.names import with_names
from search.whoosh.schema import QUERY_FIELDS, build_schema
from search.whoosh.typos import SAME_START, VARIANT_WEIGHT, close_words
from search.whoosh.wildcards import (
    TOO_SHORT,
    Pattern,
    WildcardsPlugin,
    expand,
    expand_prefix,
)

COMMON_SHARE = 0.05  # on an index of COMMON_FROM paragraphs or more
COMMON_FROM = 20_000
MAX_FUZZY = 8  # words searched within edits (`word~N`) in one query, at most
MIN_KEPT = 8  # stop words are left out of a long query unless fewer words would be left
_SYNTAX_WORDS = {"AND", "OR", "NOT", "TO"}  # query syntax in capitals (ranges: Lucene's TO)

__all__ = ["MAX_QUERY_CHARS", "ParsedQuery", "QueryError", "parse"]


@dataclass
class ParsedQuery:
    """A parsed query: strict (all words), loose (some words), and how it was read."""

    strict: query.Query | None
    loose: query.Query | None
    words: list[str]
    notices: list[str] = field(default_factory=list)
    names: dict[str, str] = field(default_factory=dict)  # name typed: surname counting alone


def _parser(group: type[syntax.GroupNode], code: str = ENGLISH) -> qparser.QueryParser:
    """Make a parser with only the plugins our documented syntax needs, reading an article's
    own words (text, section, title) in one language."""
    fields = "|".join(QUERY_FIELDS)
    schema = build_schema()
    if code != ENGLISH:
        for name in TAGGED_FIELDS:
            schema[name].analyzer = language_analyzer(code)
    parser = qparser.QueryParser("text", schema, group=group, plugins=[
        qparser.FieldsPlugin(expr=rf"(?P<text>(?:{fields})):", remove_unknown=True),
        WildcardsPlugin(code),
        qparser.PrefixPlugin(expr=rf"(?P<text>\w{{{MIN_PREFIX},}})[*](?=[\s)^]|$)"),
        qparser.PhrasePlugin(),
        qparser.GroupPlugin(),
        qparser.OperatorsPlugin(AndNot=None, AndMaybe=None, Require=None),
        qparser.PlusMinusPlugin(),
        qparser.FuzzyTermPlugin(),
        qparser.BoostPlugin(),
        qparser.FieldAliasPlugin({v: [k] for k, v in QUERY_FIELDS.items()}),
    ])
    return parser


@cache
def _parsers(code: str) -> tuple[qparser.QueryParser, qparser.QueryParser]:
    """Return the strict (all words) and loose (some words) parsers of a language."""
    return _parser(syntax.AndGroup, code), _parser(syntax.OrGroup, code)


def parse(text: str, reader: IndexReader, languages: tuple[str, ...] = (ENGLISH,),
          names: bool = True) -> ParsedQuery:
    """Parse user text into strict and loose queries; raise QueryError for unsearchable text.

    The text is read in each of the index's languages (the first's notices are given), and a
    paragraph matches the reading in its own language (see `Languages`). A name typed in
    capitals is satisfied by its surname alone (whoosh/names.py) unless `names` is False."""
    reading = read(text)
    notices = list(reading.notices)
    if not reading.text:
        if text.strip():
            raise QueryError(" ".join(["The query has no words to search for.", *notices]))
        return ParsedQuery(None, None, [], notices)
    first, *others = languages or (ENGLISH,)
    named: dict[str, str] | None = {} if names else None
    strict, loose = _parse_in(first, reading, reader, notices, named)
    if others:
        readings = [(strict, loose), *(_parse_in(code, reading, reader, [],
                                                 {} if names else None) for code in others)]
        strict = _either([s for s, _ in readings])
        loose = _either([lo for _, lo in readings])
    if strict is None or strict is query.NullQuery:
        raise QueryError("The query has no words to search for.")
    return ParsedQuery(strict, loose, word_parts(reading.text), notices, named or {})


class Languages(query.Or):  # type: ignore[misc]  # whoosh has no type hints
    """The query read in each language of the index, the first first: a paragraph, in one
    language, matches (and is scored by) its own language's reading only."""


class WithinEdits(query.Or):  # type: ignore[misc]  # whoosh has no type hints
    """`word~N`: the word and the indexed words within N edits of it (described as typed)."""

    def __init__(self, subqueries: list[query.Query], boost: float = 1.0, word: str = "",
                 edits: int = 1) -> None:
        super().__init__(subqueries, boost=boost)
        self.word, self.edits = word, edits

    def apply(self, fn: Any) -> "WithinEdits":
        """Return the query with `fn` applied to each word, still `word~N`."""
        return WithinEdits([fn(q) for q in self.subqueries], self.boost, self.word, self.edits)


def _either(readings: list[query.Query | None]) -> query.Query | None:
    """Return the readings as one query, those with no words left out."""
    kept = [q for q in readings if q is not None and q is not query.NullQuery]
    if len(kept) < 2:
        return kept[0] if kept else None
    return Languages(kept)


def _parse_in(code: str, reading: Reading, reader: IndexReader, notices: list[str],
              names: dict[str, str] | None) -> tuple[query.Query | None, query.Query | None]:
    """Parse what was read in one language: strict and loose queries (the typed names read
    noted in `names`; none read when it is None)."""
    if reading.plain:
        typed = [part for parts in reading.words for part in parts]
        units = _common_left_out(_units(reading.words, code), reader, notices, words=typed,
                                 code=code, capitals=reading.capitals)
        units = _stop_words_left_out(units, notices, typed, code, reading.capitals)
        named = units if names is None else with_names(units, reading.words, reader, names,
                                                       code, reading.breaks)
        return _all_and_some(named)[0], _all_and_some(units)[1]
    strict, loose = _syntax(reading.text, reading.phrases, notices, code)
    strict = _bounded(_few_within_edits(strict, notices), reader, notices)
    loose = _bounded(loose, reader, notices) if loose is not None else None
    if reading.phrases:  # words and phrases only: a pasted quotation, say
        typed = word_parts(reading.text)
        strict = _shorter(strict, reader, notices, True, typed, code)
        loose = _shorter(loose, reader, notices, False, typed, code)
    return strict, loose


def _syntax(text: str, phrases: bool, notices: list[str],
            code: str = ENGLISH) -> tuple[query.Query, query.Query | None]:
    """Parse text with operators or phrases; words and phrases alone (`phrases`) get a
    some-of-them form too, operators are meant as typed."""
    short = TOO_SHORT.search(QUOTED.sub(" ", text))
    if short:
        mark = "*" if "*" in short[0] else "?"
        raise QueryError(f"A wildcard needs at least {MIN_PREFIX} letters before the '{mark}', "
                         f"as in {'elect*' if mark == '*' else 'organi?ation'}.")
    strict_parser, loose_parser = _parsers(code)
    try:
        strict = strict_parser.parse(text)
        loose = loose_parser.parse(text) if phrases else None
    except Exception:  # noqa: BLE001 - Whoosh's parser raises assorted errors on odd input
        literal = " ".join(word_parts(text))
        notices.append("The query could not be parsed as syntax, so its words were searched "
                       "literally.")
        strict, loose = strict_parser.parse(literal), loose_parser.parse(literal)
    return strict, loose


def _units(words: list[tuple[str, ...]], code: str = ENGLISH) -> list[query.Query]:
    """Return a query unit per word (none for a stop word of the language): its term, or the
    phrase of a compound's parts."""
    units: list[query.Query] = []
    analyzer = language_analyzer(code)
    for parts in words:
        tokens = [tok.text for part in parts for tok in analyzer(part)]
        if len(tokens) == 1:
            units.append(query.Term("text", tokens[0]))
        elif tokens:
            units.append(query.Phrase("text", tokens))
    return units


def _all_and_some(units: list[query.Query]) -> tuple[query.Query | None, query.Query | None]:
    """Return the query for all the units and the one for some of them: for one word, the
    word itself (its some-words matches hold it in their section heading or their article's
    title only, search/whoosh/ranking.py `in_context`)."""
    if not units:
        return None, None
    if len(units) == 1:
        return units[0], units[0]
    return query.And(units), query.Or(units)


def _stop_words(typed: list[str], code: str = ENGLISH,
                capitals: frozenset[str] = frozenset()) -> frozenset[str]:
    """Return the stop words of a query: a stop word typed in capitals among words that are
    not is an acronym ("US embassy", "WHO report", "IT workers") and stays, unless it is a
    word of query syntax elsewhere (a range's "TO", as in "[a TO z]"). So does one typed with
    a capital first letter where no sentence starts (`capitals`), among words typed in
    lowercase: a name or a noun ("golpe de Estado", "Estados Unidos", "elections in May"),
    not the verb form or function word that the stop list holds."""
    stop = language_stop_terms(code)
    if all(w.isupper() for w in typed):
        return stop
    kept = {w for w in typed if len(w) > 1 and w.isupper() and w not in _SYNTAX_WORDS}
    if any(w[:1].islower() for w in typed):
        kept |= {w for w in capitals if not w.isupper()}  # in capitals: an acronym, above
    return stop - {_stem_of(w, code) for w in kept}


def _stop_words_left_out(units: list[query.Query], notices: list[str], typed: list[str],
                         code: str = ENGLISH, capitals: frozenset[str] = frozenset()
                         ) -> list[query.Query]:
    """Leave the stop words out of plain words when other words remain, saying which: "the"
    is in nearly every paragraph, so requiring it narrows nothing, it would be marked all
    over each paragraph shown, and its posting list is the longest to read (a question took
    830 ms at 1M paragraphs with its "who", "the", "in", "and"). Inside a phrase (a compound
    word) they stay."""
    stop = _stop_words(typed, code, capitals)
    content = [u for u in units if not (isinstance(u, query.Term) and u.text in stop)]
    if not content or len(content) == len(units):
        return units
    left = {u.text for u in units if isinstance(u, query.Term) and u.text in stop}
    stems = {_stem_of(w, code): w.lower() for w in reversed(typed)}
    notices.append("Left out as too common to search for: "
                   + ", ".join(sorted(stems.get(w, w) for w in left)) + ".")
    return content


def _common_left_out(units: list[query.Query], reader: IndexReader, notices: list[str],
                     say: bool = True, words: list[str] | None = None,
                     code: str = ENGLISH, capitals: frozenset[str] = frozenset()
                     ) -> list[query.Query]:
    """Leave the common words out of a long query (a pasted passage), saying which: the stop
    words, and on a large index the words in more than COMMON_SHARE of its paragraphs. They
    weigh next to nothing in a ranking, and each is read from a good share of the index
    (a 150-word passage took 430 ms at 100k paragraphs with them). On small indexes frequent
    words are kept: leaving them out cost CISI (1,460 abstracts) 0.01 in nDCG@10."""
    if len(units) <= LONG_QUERY:
        return units
    paragraphs = reader.doc_count()
    share = paragraphs * COMMON_SHARE if paragraphs >= COMMON_FROM else None
    stop = _stop_words(words or [], code, capitals)
    common = {u.text for u in units if isinstance(u, query.Term) and (
        u.text in stop or share is not None and reader.doc_frequency(u.fieldname, u.text) > share)}
    kept = [u for u in units if not (isinstance(u, query.Term) and u.text in common)]
    if not common or len(kept) < MIN_KEPT:
        return units
    if say:  # named as typed, not as stems ("government", not "govern")
        typed = {_stem_of(w, code): w.lower() for w in reversed(words or [])}
        notices.append("Very common words were left out of this long query: "
                       + ", ".join(sorted(typed.get(w, w) for w in common)) + ".")
    return kept


def _shorter(q: query.Query | None, reader: IndexReader, notices: list[str], say: bool,
             words: list[str], code: str = ENGLISH) -> query.Query | None:
    """Leave the common words out of a long parsed query of words and phrases."""
    if isinstance(q, query.And | query.Or) and not isinstance(q, query.AndNot):
        return type(q)(_common_left_out(list(q.children()), reader, notices, say, words,
                                        code))
    return q


def _stem_of(word: str, code: str = ENGLISH) -> str:
    """Return a word's indexed form in a language (its first token's)."""
    return next((token.text for token in language_analyzer(code)(word)), word)


def _few_within_edits(q: query.Query, notices: list[str]) -> query.Query:
    """Return the query with its words after the first MAX_FUZZY `word~N` searched as typed,
    saying so: each walks the vocabulary (about 10 ms at 100k paragraphs)."""
    fuzzy = [leaf for leaf in q.leaves() if isinstance(leaf, query.FuzzyTerm)]
    if len(fuzzy) <= MAX_FUZZY:
        return q
    notices.append(f"Only the first {MAX_FUZZY} words with ~ were searched within edits of "
                   "them; the others as typed.")
    extra = {id(leaf) for leaf in fuzzy[MAX_FUZZY:]}

    def typed(sub: query.Query) -> query.Query:
        if id(sub) in extra:
            return query.Term(sub.fieldname, sub.text, boost=sub.boost)
        return sub if sub.is_leaf() else sub.apply(typed)

    return typed(q)


def _within_edits(q: query.FuzzyTerm, reader: IndexReader, notices: list[str]) -> query.Query:
    """Return `word~N` as the indexed words within N edits of the word (at most MAX_EDITS,
    the word's first letter kept, the MAX_EXPANSION most frequent), the word's own first. Beside
    it the others together weigh at most what one spelling variant does (VARIANT_WEIGHT, shared
    among them): a paragraph saying *could*, *court* and *count* does not outrank one saying
    *coup* for `coup~2`. With none, the word alone (found nowhere, as the page then says)."""
    edits = q.maxdist
    if edits > MAX_EDITS:
        notices.append(f"{untagged(q.text)}~{edits}: words within at most {MAX_EDITS} edits "
                       f"are searched.")
        edits = MAX_EDITS
    start = len(q.text) - len(untagged(q.text)) + SAME_START  # after a language's tag
    near = close_words(reader, q.text, edits, q.fieldname, start) if edits else set()
    own = [q.text] if reader.doc_frequency(q.fieldname, q.text) else []
    others = sorted(near, key=lambda t: (-reader.doc_frequency(q.fieldname, t), t))
    if len(own) + len(others) > MAX_EXPANSION:
        notices.append(f"{untagged(q.text)}~{edits} matches {len(own) + len(others)} words; "
                       f"searching the {MAX_EXPANSION} most frequent.")
    words = (own + others)[:MAX_EXPANSION] or [q.text]
    weight = (VARIANT_WEIGHT if own else 1.0) / max(1, len(words) - len(own))
    return WithinEdits([query.Term(q.fieldname, w, boost=q.boost * (1.0 if w in own else weight))
                        for w in words], word=q.text, edits=edits)


def _bounded(q: query.Query, reader: IndexReader, notices: list[str]) -> query.Query:
    """Expand prefixes to at most MAX_EXPANSION words and cap phrase slop."""
    if isinstance(q, query.Prefix):
        return expand_prefix(q, reader, notices)
    if isinstance(q, Pattern):
        return expand(q, reader, notices)
    if isinstance(q, query.FuzzyTerm):
        return _within_edits(q, reader, notices)
    if isinstance(q, query.Phrase) and q.slop > MAX_SLOP:
        q.slop = MAX_SLOP
    if q.is_leaf():
        return q
    return q.apply(lambda sub: _bounded(sub, reader, notices))
