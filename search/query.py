"""The one query builder: user text in, a bounded Whoosh query out (or a clear error).

Limits are applied before Whoosh's parser sees the text, because the parser has known crashes
(NOT NOT x, ANDNOT chains, deep nesting) and costs that grow with the square of a token's length.
"""

import re
import unicodedata
from dataclasses import dataclass, field
from itertools import islice

from whoosh import qparser, query
from whoosh.qparser import syntax
from whoosh.reading import IndexReader

from search.schema import QUERY_FIELDS, build_schema

MAX_QUERY_CHARS = 500
MAX_WORDS = 32
MAX_WORD_CHARS = 60
MAX_DEPTH = 5
MAX_SLOP = 20
MIN_PREFIX = 3
MAX_EXPANSION = 50
MAX_SCAN = 5000
OPERATORS = {"AND", "OR", "NOT"}


class QueryError(ValueError):
    """The query text cannot be searched; the message says why, for the user."""


@dataclass
class ParsedQuery:
    """A parsed query: strict (all words), loose (some words), and how it was read."""

    strict: query.Query | None
    loose: query.Query | None
    words: list[str]
    notices: list[str] = field(default_factory=list)


def normalise(text: str) -> str:
    """Fold curly quotes, drop control characters, collapse whitespace; enforce the length cap."""
    text = unicodedata.normalize("NFC", text)
    text = re.sub(r"[“”„‟″«»]", '"', text).replace("‘", "'").replace("’", "'")
    text = "".join(" " if unicodedata.category(c)[0] == "C" else c for c in text)
    text = " ".join(text.split())
    if len(text) > MAX_QUERY_CHARS:
        raise QueryError(f"The query is {len(text)} characters long; the limit is "
                         f"{MAX_QUERY_CHARS}.")
    return text


def tidy(text: str) -> tuple[str, list[str]]:
    """Rewrite syntax the parser would choke on into a harmless equivalent; say what changed."""
    notices = []
    if text.count('"') % 2:
        text = text[::-1].replace('"', "", 1)[::-1]
        notices.append("An unmatched quote was ignored.")
    depth, deepest = 0, 0
    for ch in text:
        depth += {"(": 1, ")": -1}.get(ch, 0)
        deepest = max(deepest, depth)
        if depth < 0:
            break
    if depth != 0 or deepest > MAX_DEPTH:
        text = text.replace("(", " ").replace(")", " ")
        notices.append("Brackets were ignored (unbalanced or nested too deeply).")
    # ANDNOT is documented Whoosh syntax whose chains have crashed its parser; say it the way
    # our syntax does (AND NOT), which the parser handles in any number.
    text = re.sub(r"\bANDNOT\b", "AND NOT", text)
    # NOT NOT x crashes Whoosh's parser; it means x, and an odd run of NOTs means NOT x.
    text = re.sub(r"\b(?:NOT\s+){2,}", lambda m: "NOT " if m[0].count("NOT") % 2 else "", text)
    tokens = text.split()
    while tokens and tokens[0] in ("AND", "OR"):
        tokens.pop(0)
    while tokens and tokens[-1] in OPERATORS:
        tokens.pop()
    words = [t for t in tokens if t not in OPERATORS]
    if len(words) > MAX_WORDS:
        raise QueryError(f"The query has {len(words)} words; the limit is {MAX_WORDS}.")
    if any(len(w) > MAX_WORD_CHARS for w in words):
        raise QueryError(f"A word in the query is longer than {MAX_WORD_CHARS} characters.")
    return " ".join(tokens), notices


def _parser(group: type[syntax.GroupNode]) -> qparser.QueryParser:
    """Make a parser with only the plugins our documented syntax needs."""
    fields = "|".join(QUERY_FIELDS)
    parser = qparser.QueryParser("text", build_schema(), group=group, plugins=[
        qparser.FieldsPlugin(expr=rf"(?P<text>(?:{fields})):", remove_unknown=True),
        qparser.PrefixPlugin(expr=rf"(?P<text>\w{{{MIN_PREFIX},}})[*](?=\s|$|\))"),
        qparser.PhrasePlugin(),
        qparser.GroupPlugin(),
        qparser.OperatorsPlugin(AndNot=None, AndMaybe=None, Require=None),
        qparser.PlusMinusPlugin(),
        qparser.FieldAliasPlugin({v: [k] for k, v in QUERY_FIELDS.items()}),
    ])
    return parser


_STRICT = _parser(syntax.AndGroup)
_LOOSE = _parser(syntax.OrGroup.factory(0.9))


def parse(text: str, reader: IndexReader) -> ParsedQuery:
    """Parse user text into strict and loose queries; raise QueryError for unsearchable text."""
    given = normalise(text)
    text, notices = tidy(given)
    if not text:
        if given:
            raise QueryError("The query has no words to search for.")
        return ParsedQuery(None, None, [], notices)
    if re.search(r"(?<!\w\w\w)\*", text):
        raise QueryError(f"A wildcard needs at least {MIN_PREFIX} letters before the '*', "
                         "as in elect*.")
    try:
        strict = _STRICT.parse(text)
        loose = _LOOSE.parse(text) if _is_plain(text) else None
    except Exception:  # noqa: BLE001 - Whoosh's parser raises assorted errors on odd input
        literal = " ".join(re.findall(r"\w+", text))
        notices.append("The query could not be parsed as syntax, so its words were searched "
                       "literally.")
        strict, loose = _STRICT.parse(literal), _LOOSE.parse(literal)
    strict = _bounded(strict, reader, notices)
    loose = _bounded(loose, reader, notices) if loose is not None else None
    if strict is query.NullQuery:
        raise QueryError("The query has no words to search for.")
    return ParsedQuery(strict, loose, re.findall(r"\w+", text), notices)


def _is_plain(text: str) -> bool:
    """Say whether the text is two or more bare words (no operators, quotes or fields)."""
    tokens = text.split()
    return len(tokens) > 1 and all(re.fullmatch(r"\w+", t) and t not in OPERATORS
                                   for t in tokens)


def _bounded(q: query.Query, reader: IndexReader, notices: list[str]) -> query.Query:
    """Expand prefixes to at most MAX_EXPANSION words and cap phrase slop."""
    if isinstance(q, query.Prefix):
        scanned = islice(reader.expand_prefix(q.fieldname, q.text), MAX_SCAN)
        terms = sorted(scanned,
                       key=lambda t: -reader.doc_frequency(q.fieldname, t))
        if len(terms) > MAX_EXPANSION:
            notices.append(f"{q.text}* matches {len(terms)} words; searching the "
                           f"{MAX_EXPANSION} most frequent.")
        words = [t.decode() if isinstance(t, bytes) else t for t in terms[:MAX_EXPANSION]]
        if not words:
            return query.NullQuery
        return query.Or([query.Term(q.fieldname, w) for w in words])
    if isinstance(q, query.Phrase) and q.slop > MAX_SLOP:
        q.slop = MAX_SLOP
    if q.is_leaf():
        return q
    return q.apply(lambda sub: _bounded(sub, reader, notices))
