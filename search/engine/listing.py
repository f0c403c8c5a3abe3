"""The articles the published index holds, each with its number of paragraphs."""

from dataclasses import dataclass

from search.models import ArticleMeta
from search.whoosh.handle import IndexHandle


@dataclass(frozen=True)
class ArticleEntry:
    """One article of the list: its metadata and how many paragraphs it has."""

    meta: ArticleMeta
    paragraphs: int


def article_list(handle: IndexHandle) -> list[ArticleEntry]:
    """Return every article of the published generation, newest first."""
    gen = handle.check()
    entries = [ArticleEntry(meta, len(gen.pids[slug])) for slug, meta in gen.articles.items()]
    entries.sort(key=lambda e: (e.meta.date_start, e.meta.slug), reverse=True)
    return entries
