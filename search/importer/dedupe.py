"""Recognise an article that is already in the corpus, or already in this batch, whatever
chrome came with it; and know which file names are taken."""

from pathlib import Path

from search.corpus.load import load_corpus
from search.ids.ledger import text_hash
from search.importer.pipeline import Draft

DUPLICATE_SHARE = 0.6


def paragraph_hashes(draft: Draft) -> set[str]:
    """Return the hashes of a draft's paragraphs and list items."""
    return {text_hash(text) for kind, text in draft.blocks if kind != "h"}


class KnownArticles:
    """The corpus's articles and names, read once per batch, and those the batch adds."""

    def __init__(self, corpus: Path) -> None:
        self.hashes: dict[str, set[str]] = {}
        self.slugs: set[str] = set()
        if corpus.is_dir():
            for article in load_corpus(corpus).articles:
                self.hashes[article.path] = set(article.text_hashes)
                self.slugs.add(article.meta.slug)
            # files that do not validate yet (an import's empty outlet) still hold their name
            self.slugs |= {path.stem for path in corpus.rglob("*.md")}

    def find(self, draft: Draft) -> tuple[str, float] | None:
        """Return the article that holds most of this draft's paragraphs, and the share."""
        mine = paragraph_hashes(draft)
        best: tuple[str, float] | None = None
        for path, theirs in self.hashes.items():
            share = len(mine & theirs) / max(1, min(len(mine), len(theirs)))
            if share >= DUPLICATE_SHARE and (best is None or share > best[1]):
                best = (path, share)
        return best

    def free_slug(self, slug: str) -> str:
        """Return the slug, or the first of slug-2, slug-3, ... that no article has."""
        number, free = 1, slug
        while free in self.slugs:
            number += 1
            free = f"{slug}-{number}"
        return free

    def add(self, path: str, slug: str, draft: Draft) -> None:
        """Remember an article of this batch, so that a later file neither repeats it nor
        takes its name."""
        self.hashes[path] = paragraph_hashes(draft)
        self.slugs.add(slug)
