"""Paragraphs read back from the index: by permanent id, and an article's matching ones."""

from markupsafe import Markup
from whoosh import query
from whoosh.searching import Searcher

from search.models import ParagraphView
from search.whoosh.handle import Generation
from search.whoosh.highlight import highlight_text, query_marks
from search.whoosh.parser import QueryError, parse


def paragraph_view(gen: Generation, searcher: Searcher, pid: str) -> ParagraphView:
    """Return the stored paragraph with this id as a view (KeyError if there is none)."""
    stored = searcher.document(pid=pid)
    if stored is None:
        raise KeyError(pid)
    record = gen.ledger.paragraphs.get(pid)
    return ParagraphView(pid=pid, article=gen.articles[stored["slug"]], number=stored["number"],
                         section=stored.get("section") or None, kind=stored["kind"],
                         text=stored["text"], edited=bool(record and record.edited))


def article_matches(searcher: Searcher, slug: str, text: str,
                     views: list[ParagraphView]) -> dict[str, Markup]:
    """Return highlighted HTML for each paragraph of the article that matches the query."""
    try:
        parsed = parse(text, searcher.reader())
    except QueryError:
        return {}
    if parsed.strict is None:
        return {}
    hits = searcher.search(parsed.strict, filter=query.Term("slug", slug), limit=None)
    matched = {hit["pid"] for hit in hits}
    marks = query_marks(parsed.strict)
    return {v.pid: highlight_text(v.text, marks, whole=True) for v in views if v.pid in matched}
