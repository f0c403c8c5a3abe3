"""Recognise an article that is already in the corpus, whatever chrome came with it."""

from pathlib import Path

from search.corpus.load import load_corpus
from search.ids.ledger import text_hash
from search.importer.pipeline import Draft

DUPLICATE_SHARE = 0.6


def find_duplicate(draft: Draft, corpus: Path) -> tuple[str, float] | None:
    """Return the corpus file that holds most of this article's paragraphs, and the share."""
    mine = {text_hash(text) for kind, text in draft.blocks if kind != "h"}
    if not mine or not corpus.is_dir():
        return None
    best: tuple[str, float] | None = None
    for article in load_corpus(corpus).articles:
        theirs = set(article.text_hashes)
        share = len(mine & theirs) / min(len(mine), len(theirs))
        if share >= DUPLICATE_SHARE and (best is None or share > best[1]):
            best = (article.path, share)
    return best
