"""Paragraphs read back from the index: by permanent id, and an article's matching ones."""

from markupsafe import Markup
from whoosh import query
from whoosh.searching import Searcher

from search.models import ParagraphView
from search.whoosh.budget import Budget, ranked
from search.whoosh.handle import Generation
from search.whoosh.highlight import highlight_text, query_words
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


def article_matches(searcher: Searcher, slug: str, text: str, views: list[ParagraphView],
                    budget: Budget | None = None) -> dict[str, Markup]:
    """Return highlighted HTML for each of these paragraphs of the article that matches the
    query, within the budget (SearchTimeout when it runs out)."""
    try:
        parsed = parse(text, searcher.reader())
    except QueryError:
        return {}
    if parsed.strict is None:
        return {}
    budget = budget or Budget(None)
    # Only the given paragraphs are candidates (an intersection, which skips to them), so the
    # work is bounded by them, not by the article's or the corpus's size.
    shown = query.Or([query.Term("pid", v.pid) for v in views])
    hits, stopped = ranked(searcher, query.And([shown, parsed.strict]), budget,
                           filter=query.Term("slug", slug), limit=None)
    if stopped:
        raise budget.timeout("finding the matches in this article")
    matched = {hit["pid"] for hit in hits}
    words = query_words(parsed.strict)
    return {v.pid: highlight_text(v.text, words, whole=True) for v in views if v.pid in matched}
