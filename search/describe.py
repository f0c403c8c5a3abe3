"""Render a parsed query the way the engine understood it, for people."""

from whoosh import query

from search.schema import QUERY_FIELDS

_LABELS = {v: k for k, v in QUERY_FIELDS.items()}


def describe(q: query.Query | None) -> str:
    """Return a readable form of the query: words as indexed, operators in capitals."""
    if q is None:
        return "all paragraphs"
    return _render(q, top=True)


def _label(fieldname: str) -> str:
    return "" if fieldname == "text" else f"{_LABELS.get(fieldname, fieldname)}:"


def _render(q: query.Query, top: bool = False) -> str:
    if isinstance(q, query.Term):
        return f"{_label(q.fieldname)}{q.text}"
    if isinstance(q, query.Phrase):
        slop = f"~{q.slop}" if q.slop > 1 else ""
        return f'{_label(q.fieldname)}"{" ".join(q.words)}"{slop}'
    if isinstance(q, query.Not):
        return f"NOT {_render(q.query)}"
    if isinstance(q, query.AndNot):
        return f"{_render(q.a)} NOT {_render(q.b)}"
    if isinstance(q, query.And | query.Or):
        joiner = " AND " if isinstance(q, query.And) else " OR "
        inner = joiner.join(_render(sub) for sub in q.subqueries)
        return inner if top else f"({inner})"
    return str(q)
