"""What the index writers are given: each article's paragraph documents, split between
writer processes, and the writers' memory."""

from typing import Any

from search.models import Article, Paragraph
from search.procs import WRITER_PROCS, cores
from search.whoosh.writer import ParagraphWriter

Adding = tuple[Article, list[tuple[Paragraph, str]]]  # an article and its paragraphs to add

# A full build of at least this many paragraphs is split between writer processes (one per
# core, at most procs.WRITER_PROCS); below it, starting them costs more than they save.
PARALLEL_FROM = 20_000


def writer_settings(adding: list[Adding], procs: int | None, mode: str) -> tuple[float, int]:
    """Return the writer's memory for postings (MB, per process) and its number of processes:
    several (a segment each) for large full builds.

    The segments are left unmerged: merging them would run in one process and take back most
    of the time saved; searches read a few segments at little cost.
    """
    if procs is None:
        large = mode == "full" and sum(len(pairs) for _, pairs in adding) >= PARALLEL_FROM
        procs = cores(WRITER_PROCS) if large else 1
    # one process: a 10k-paragraph build keeps its postings in memory; several: 256 MB each,
    # past which each spills its postings to disk a word at a time (search/whoosh/pool.py)
    return (512, 1) if procs <= 1 else (256, procs)


def split(adding: list[Adding], parts: int) -> list[list[Adding]]:
    """Split the articles, in order, into `parts` runs of about as many paragraphs each."""
    total = sum(len(pairs) for _, pairs in adding)
    runs: list[list[Adding]] = [[] for _ in range(parts)]
    done = 0
    for item in adding:
        runs[min(parts - 1, done * parts // max(total, 1))].append(item)
        done += len(item[1])
    return [run for run in runs if run]


def add_paragraphs(writer: ParagraphWriter, adding: Adding) -> None:
    """Add one document per (paragraph, id) of the article."""
    writer.add_language_documents(adding[0].meta.language, *paragraph_documents(adding))


def paragraph_documents(adding: Adding) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Return the fields an article's paragraph documents share (the article's) and each
    paragraph's own."""
    article, paragraphs = adding
    meta = article.meta
    shared = {"slug": meta.slug, "title": meta.title, "outlet": meta.outlet,
              "outlet_text": meta.outlet, "author": ",".join(meta.authors),
              "author_text": " ".join(meta.authors), "date_start": meta.date_start,
              "date_end": meta.date_end, "month": meta.month}
    each = [{"pid": pid, "number": para.number, "kind": para.kind, "section": para.section or "",
             "text": para.text, "text_counts": para.text} for para, pid in paragraphs]
    return shared, each
