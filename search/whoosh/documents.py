"""Paragraphs read back from the index: by permanent id, and an article's matching ones."""

import numpy as np
from markupsafe import Markup
from whoosh import query
from whoosh.searching import Searcher

from search.models import ParagraphView, SearchRequest
from search.query.text import QueryError
from search.whoosh.budget import Budget
from search.whoosh.handle import Generation
from search.whoosh.highlight import highlight_text, query_marks
from search.whoosh.matchset import matches
from search.whoosh.run import plan


def paragraph_view(gen: Generation, searcher: Searcher, pid: str) -> ParagraphView:
    """Return the stored paragraph with this id as a view (KeyError if there is none)."""
    stored = searcher.document(pid=pid)
    if stored is None:
        raise KeyError(pid)
    record = gen.ledger.paragraphs.get(pid)
    return ParagraphView(pid=pid, article=gen.articles[stored["slug"]], number=stored["number"],
                         section=stored.get("section") or None, kind=stored["kind"],
                         text=stored["text"], edited=bool(record and record.edited))


def article_matches(gen: Generation, searcher: Searcher, slug: str, text: str,
                    views: list[ParagraphView], budget: Budget
                    ) -> tuple[dict[str, Markup], dict[str, Markup]]:
    """Return highlighted HTML for each paragraph of the article that the query matches, read
    as the results page reads it (run.plan: the same words, variants and limits); when none
    has all the words, those with some of them. Only `views` are candidates. Also return the
    article's title and the views' section headings that hold a word of the query, marked (a
    some-words match may hold a word only there). Raise SearchTimeout if the time runs out."""
    try:
        p = plan(gen, searcher, SearchRequest(text=text), budget)
    except QueryError:
        return {}, {}
    # Only the given paragraphs (a page of the article) are candidates: the highlighting work is
    # bounded by them, not by the article's size.
    shown = matches(searcher, query.Or([query.Term("pid", v.pid) for v in views]))
    article = shown & matches(searcher, query.Term("slug", slug))
    found, marks = p.counts.matched & article, query_marks(p.strict)
    if not found.any() and p.parsed.loose is not None:
        found = matches(searcher, p.parsed.loose, budget.guard) & article
        marks |= query_marks(p.parsed.loose)
    pids = {searcher.stored_fields(docnum)["pid"] for docnum in np.flatnonzero(found).tolist()}
    meta = gen.articles[slug]
    highlights = {v.pid: highlight_text(v.text, marks, whole=True, language=meta.language)
                  for v in views if v.pid in pids}
    typed = query_marks(p.strict) | query_marks(p.parsed.loose)
    headings = {h: highlight_text(h, typed, whole=True, language=meta.language)
                for h in dict.fromkeys([meta.title, *(v.section for v in views if v.section)])}
    return highlights, {h: marked for h, marked in headings.items() if "<mark>" in marked}
