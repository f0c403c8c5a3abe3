"""The articles a build read, kept in its generation so that the next build parses only the
files that changed.

Reading and parsing every file was the largest part of a small update (1.3-1.7 s of 3.5 s for
4,478 files at 100k paragraphs). The next build reuses an article when its file's bytes still
hash to the article's content hash, and reads the rest as usual. The cache is a pickle, as
Whoosh's own table of contents in the same folder is, and is trusted no more than the index; it
is ignored, never fatal, when it is missing, damaged, or written by other reading code.
"""

import hashlib
import pickle
import sys
from collections.abc import Iterable
from dataclasses import fields
from functools import cache
from operator import attrgetter
from pathlib import Path

import yaml

from search import models
from search.corpus import article_file, dates, paragraphs
from search.corpus import load as corpus
from search.models import Article, ArticleMeta, Paragraph

_meta = attrgetter(*(f.name for f in fields(ArticleMeta)))
_paragraph = attrgetter(*(f.name for f in fields(Paragraph)))


@cache
def reader_version() -> str:
    """Return a digest of what turns a file into an Article (this code, PyYAML, Python)."""
    digest = hashlib.sha256(f"{sys.version}\0{yaml.__version__}".encode())
    for module in (article_file, corpus, dates, models, paragraphs):
        digest.update(Path(str(module.__file__)).read_bytes())
    return digest.hexdigest()


def save_articles(path: Path, articles: Iterable[Article]) -> None:
    """Write the articles as plain tuples (pickling the dataclasses takes twice as long)."""
    rows = [(a.path, a.content_hash, _meta(a.meta), [_paragraph(p) for p in a.paragraphs],
             a.text_hashes) for a in articles]
    with open(path, "wb") as fh:
        pickle.dump((reader_version(), rows), fh, protocol=pickle.HIGHEST_PROTOCOL)


def load_articles(path: Path) -> dict[str, Article]:
    """Return the saved articles by the path they were read from; none if the file cannot be
    used (a cache: the corpus is then read in full)."""
    try:
        with open(path, "rb") as fh:
            version, rows = pickle.load(fh)  # noqa: S301 - written by our own builds
        if version != reader_version():
            return {}
        return {shown: Article(ArticleMeta(*meta), tuple(Paragraph(*p) for p in paras),
                               shown, digest, hashes)
                for shown, digest, meta, paras, hashes in rows}
    except Exception:  # noqa: BLE001 - whatever a damaged pickle raises, the files are read
        return {}
