"""Resolve permanent paragraph ids and article slugs; describe what the index holds."""

from dataclasses import dataclass, field, replace
from typing import Literal

from markupsafe import Markup

from search.models import ArticleMeta, CorpusStats, ParagraphView
from search.whoosh.documents import article_matches, paragraph_view
from search.whoosh.handle import Generation, IndexHandle

Status = Literal["found", "moved", "gone", "missing"]

# An article is shown a page at a time, and a paragraph on it up to SHOWN_CHARS characters, so
# no page (or its highlighting) is built from megabytes of text: 100 paragraphs of at most
# 10,000 characters each. The whole text of a paragraph is at its permanent address.
PAGE_SIZE = 100
SHOWN_CHARS = 10_000


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
    headings: dict[str, Markup] = field(default_factory=dict)  # title and headings, marked
    page: int = 1
    pages: int = 1
    cut: dict[str, int] = field(default_factory=dict)  # shortened paragraphs: their length


def page_of(number: int) -> int:
    """Return the page of an article on which its paragraph ¶ number is shown."""
    return max(number - 1, 0) // PAGE_SIZE + 1


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


def resolve_article(handle: IndexHandle, slug: str, text: str = "",
                    page: int = 1) -> ArticleLookup:
    """Return one page of an article's paragraphs in order (the last page if `page` is past
    it), each shown up to SHOWN_CHARS; with query text, highlight the page's matches.

    Matching runs within the handle's time limit: SearchTimeout if it runs out.
    """
    with handle.searcher() as (gen, searcher):
        if slug not in gen.articles:
            return _absent(gen, slug)
        pids = gen.pids[slug]
        pages = max(1, -(-len(pids) // PAGE_SIZE))
        page = min(max(page, 1), pages)
        found = ArticleLookup("found", meta=gen.articles[slug], page=page, pages=pages)
        for pid in pids[(page - 1) * PAGE_SIZE:page * PAGE_SIZE]:
            view = paragraph_view(gen, searcher, pid)
            if len(view.text) > SHOWN_CHARS:
                found.cut[pid] = len(view.text)
                view = replace(view, text=view.text[:SHOWN_CHARS])
            found.paragraphs.append(view)
        if text.strip():
            with handle.budget() as budget:
                found.highlights, found.headings = article_matches(
                    gen, searcher, slug, text, found.paragraphs, budget)
                if budget.expired():
                    raise budget.timeout("finding the matches in this article")
        return found


def article_meta(handle: IndexHandle, slug: str) -> ArticleLookup:
    """Return an article's metadata alone (no paragraphs), or why there is none."""
    with handle.searcher() as (gen, _):
        if slug not in gen.articles:
            return _absent(gen, slug)
        return ArticleLookup("found", meta=gen.articles[slug])


def _absent(gen: Generation, slug: str) -> ArticleLookup:
    """Say what became of a slug that is not a published article: moved, gone or missing."""
    record = gen.ledger.articles.get(slug)
    if record is None:
        return ArticleLookup("missing")
    if record.moved_to and record.moved_to in gen.articles:
        return ArticleLookup("moved", moved_to=record.moved_to)
    return ArticleLookup("gone", gone=_gone(gen, slug))


def corpus_stats(handle: IndexHandle) -> CorpusStats:
    """Describe the published index: articles, paragraphs, date span, outlets with counts."""
    return handle.check().stats
