"""Read the corpus folder: every article file, its errors, and the articles read before."""

import os
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from search.corpus.article_file import (
    InvalidFile,
    content_hash,
    excerpt,
    read_article,
    read_bytes,
)
from search.models import Article
from search.procs import map_in_processes

PARALLEL_FILES = 1000  # from this many files, the corpus is read by several processes


@dataclass(frozen=True)
class CorpusError:
    """One problem with one corpus file, located by line."""

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        """Return `file:line: message` on one line, the file's name and message escaped."""
        return f"{excerpt(self.path, 300)}:{self.line}: {excerpt(self.message, 300)}"


@dataclass
class CorpusLoad:
    """The articles that read cleanly, and every error found."""

    articles: list[Article]
    errors: list[CorpusError]


def corpus_files(root: Path) -> Iterator[Path]:
    """Yield the corpus's .md files in a stable order, without following directory symlinks."""
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if name.endswith(".md") and not name.startswith(".") and name != "README.md":
                yield Path(dirpath) / name


def load_corpus(root: Path, known: Mapping[str, Article] | None = None) -> CorpusLoad:
    """Read every article under root, collecting all errors rather than stopping at the first.

    `known` holds articles read before, by the path shown: one is reused, not parsed again,
    when its file's bytes hash the same. A large corpus is read by two processes (reading and
    parsing is CPU work; see docs/performance.md); the articles and errors come back in the
    same order either way.
    """
    if not root.is_dir():
        return CorpusLoad([], [CorpusError(str(root), 0, "corpus folder does not exist")])
    jobs = [(path, str(path.relative_to(root.parent)) if root.parent in path.parents
             else str(path)) for path in corpus_files(root)]
    inside = root.resolve()
    reused: list[Article | CorpusError | None] = [
        CorpusError(shown, 0, "a symbolic link to a file outside the corpus folder; not read")
        if path.is_symlink() and inside not in Path(os.path.realpath(path)).parents
        else _reuse((path, shown), known) if known else None for path, shown in jobs]
    parsed = iter(_read_all([job for job, article in zip(jobs, reused, strict=True)
                             if article is None]))
    articles: list[Article] = []
    errors: list[CorpusError] = []
    seen: dict[str, str] = {}
    for (_, shown), article in zip(jobs, reused, strict=True):
        result = article or next(parsed)
        if isinstance(result, CorpusError):
            errors.append(result)
            continue
        slug = result.meta.slug
        if slug in seen:
            errors.append(CorpusError(shown, 1, f"duplicate slug '{slug}' (also {seen[slug]})"))
            continue
        seen[slug] = shown
        articles.append(result)
    return CorpusLoad(articles, errors)


def _reuse(job: tuple[Path, str], known: Mapping[str, Article]) -> Article | None:
    """Return the known article for this file if the file's bytes are still the ones read."""
    path, shown = job
    article = known.get(shown)
    if article is None:
        return None
    try:
        raw = read_bytes(path)
    except InvalidFile:
        return None  # read again, to report the problem
    return article if content_hash(raw) == article.content_hash else None


def _read_all(jobs: list[tuple[Path, str]]) -> list[Article | CorpusError]:
    """Read the files, with several processes when there are many."""
    return map_in_processes(_read, jobs, PARALLEL_FILES, chunksize=256)


def _read(job: tuple[Path, str]) -> Article | CorpusError:
    """Read one file (path, name shown in messages); return the article or its error."""
    path, shown = job
    try:
        return read_article(path, shown)
    except InvalidFile as exc:
        return CorpusError(shown, exc.line, exc.message)
