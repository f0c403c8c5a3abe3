"""Resolve permanent paragraph ids and article slugs; describe what the index holds."""

from dataclasses import dataclass, field
from typing import Literal

from markupsafe import Markup

from search.models import ArticleMeta, CorpusStats, ParagraphView
from search.whoosh.budget import Budget
from search.whoosh.documents import article_matches, paragraph_view
from search.whoosh.handle import Generation, IndexHandle

Status = Literal["found", "moved", "gone", "missing"]


@dataclass(frozen=True)
class GoneArticle:
    """What is remembered of an article that was removed from the corpus."""

    slug: str
    title: str
    outlet: str
    authors: tuple[str, ...]
    date: str


@dataclass
class ParagraphLookup:
    """The outcome of resolving a paragraph id."""

    status: Status
    paragraph: ParagraphView | None = None
    gone: GoneArticle | None = None


@dataclass
class ArticleLookup:
    """The outcome of resolving an article slug, with its paragraphs when found."""

    status: Status
    meta: ArticleMeta | None = None
    paragraphs: list[ParagraphView] = field(default_factory=list)
    moved_to: str | None = None
    gone: GoneArticle | None = None
    highlights: dict[str, Markup] = field(default_factory=dict)


def _gone(gen: Generation, slug: str) -> GoneArticle | None:
    record = gen.ledger.articles.get(slug)
    if record is None:
        return None
    return GoneArticle(slug, record.title, record.outlet, tuple(record.authors), record.date)


def resolve_paragraph(handle: IndexHandle, pid: str, slug: str | None = None) -> ParagraphLookup:
    """Find a paragraph by its permanent id; 'moved' if asked under another article's slug."""
    with handle.searcher() as (gen, searcher):
        if pid in gen.position:
            home, index = gen.position[pid]
            view = paragraph_view(gen, searcher, pid)
            pids = gen.pids[home]
            before = paragraph_view(gen, searcher, pids[index - 1]) if index > 0 else None
            last = index + 1 >= len(pids)
            after = None if last else paragraph_view(gen, searcher, pids[index + 1])
            view = ParagraphView(**{**view.__dict__, "previous": before, "next": after})
            status: Status = "moved" if slug is not None and slug != home else "found"
            return ParagraphLookup(status, view)
        record = gen.ledger.paragraphs.get(pid)
        if record is not None:
            return ParagraphLookup("gone", gone=_gone(gen, record.article))
        return ParagraphLookup("missing")


def resolve_article(handle: IndexHandle, slug: str, text: str = "") -> ArticleLookup:
    """Return an article's paragraphs in order; with query text, highlight the matches (within
    the handle's time limit: raise SearchTimeout past it)."""
    with handle.searcher() as (gen, searcher):
        if slug not in gen.articles:
            record = gen.ledger.articles.get(slug)
            if record is None:
                return ArticleLookup("missing")
            if record.moved_to and record.moved_to in gen.articles:
                return ArticleLookup("moved", moved_to=record.moved_to)
            return ArticleLookup("gone", gone=_gone(gen, slug))
        views = [paragraph_view(gen, searcher, pid) for pid in gen.pids[slug]]
        found = ArticleLookup("found", meta=gen.articles[slug], paragraphs=views)
        if text.strip():
            budget = Budget(handle.time_limit, handle.clock)
            found.highlights = article_matches(gen, searcher, slug, text, views, budget)
        return found


def corpus_stats(handle: IndexHandle) -> CorpusStats:
    """Describe the published index: articles, paragraphs, date span, outlets with counts."""
    return handle.check().stats
