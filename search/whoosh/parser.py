"""The one query builder: user text in, a bounded Whoosh query out (or a clear error).

The text is first normalised, limited and tidied (search/query/text.py); Whoosh's parser then
reads it with only the plugins our documented syntax needs.
"""

import re
from dataclasses import dataclass, field
from itertools import islice

from whoosh import qparser, query
from whoosh.qparser import syntax
from whoosh.reading import IndexReader

from search.query.text import (
    MAX_EXPANSION,
    MAX_QUERY_CHARS,
    MAX_SCAN,
    MAX_SLOP,
    MIN_PREFIX,
    OPERATORS,
    QueryError,
    normalise,
    tidy,
)
from search.whoosh.schema import QUERY_FIELDS, build_schema

__all__ = ["MAX_QUERY_CHARS", "ParsedQuery", "QueryError", "parse"]


@dataclass
class ParsedQuery:
    """A parsed query: strict (all words), loose (some words), and how it was read."""

    strict: query.Query | None
    loose: query.Query | None
    words: list[str]
    notices: list[str] = field(default_factory=list)


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
