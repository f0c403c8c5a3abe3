"""Build or update the index from the corpus and publish it as a new generation."""

import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from search.corpus.load import CorpusError, load_corpus
from search.corpus.parsed import load_articles, save_articles
from search.echoes import table as echoes
from search.echoes.build import build_table
from search.ids.assign import assign_ids
from search.ids.ledger import LEDGER_NAME, Ledger, load_ledger, save_ledger
from search.index.documents import Adding, add_paragraphs, split, writer_settings
from search.index.gc import fewer_collections
from search.index.steps import COPYING, NUMBERING, READING, Progress, Stage, Steps
from search.models import Article
from search.store.generations import (
    ARTICLES,
    LEDGER_COPY,
    MANIFEST,
    TMP_PREFIX,
    BuildFailed,
    build_lock,
    clean_up,
    copy_generation,
    current_generation,
    generation_dir,
    new_generation_id,
    publish,
    read_manifest,
    remove_unfinished,
)
from search.store.manifest import (
    changed_paragraphs,
    fingerprints,
    manifest_entry,
    manifest_json,
    same_meta,
    without,
)
from search.whoosh import segments
from search.whoosh.forked import write_in_processes
from search.whoosh.writer import ParagraphWriter


@dataclass
class BuildReport:
    """What a build did, for the one-line summary and the exit status."""

    articles: int = 0
    paragraphs: int = 0
    outlets: int = 0
    seconds: float = 0.0
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    errors: list[CorpusError] = field(default_factory=list)
    generation: str | None = None
    published: bool = False
    mode: str = "full"
    rebuilt: bool = False  # the previous index had an older format, so all was built anew

    def summary(self) -> str:
        """Say in one line what the index now holds and how long the build took."""
        line = (f"{self.articles} articles, {self.paragraphs} paragraphs, {self.outlets} outlets, "
                f"{self.seconds:.1f} s")
        if self.mode == "incremental":
            line += (f" ({len(self.added)} added, {len(self.changed)} changed, "
                     f"{len(self.removed)} removed)")
        elif self.mode == "unchanged":
            line += " (nothing changed)"
        elif self.rebuilt:
            line += " (rebuilt in full: the index format changed)"
        return line


def build_index(corpus: Path, index_dir: Path, *, full: bool = False, skip_invalid: bool = False,
                progress: Progress | None = None, procs: int | None = None,
                stage: Stage | None = None) -> BuildReport:
    """Index the corpus; publish a new generation only if the whole corpus is valid.

    `stage` is told each step as it begins, `progress` each article indexed."""
    with fewer_collections():
        return _build(corpus, index_dir, full, skip_invalid, Steps(stage, progress), procs)


def _build(corpus: Path, index_dir: Path, full: bool, skip_invalid: bool, steps: Steps,
           procs: int | None) -> BuildReport:
    """Do build_index's work."""
    started = time.monotonic()
    steps.start(READING)
    load = load_corpus(corpus, known=None if full else _articles_read_before(index_dir))
    report = BuildReport(errors=load.errors)
    if load.errors and not skip_invalid:
        report.seconds = time.monotonic() - started
        return report
    try:
        with build_lock(index_dir):
            remove_unfinished(index_dir)  # a killed build's, even if nothing is to be written
            previous = current_generation(index_dir)
            old: dict[str, Any] = read_manifest(index_dir, previous)["articles"] \
                if previous else {}
            unchanged = {a.meta.slug: old[a.meta.slug]["pids"] for a in load.articles
                         if a.meta.slug in old and old[a.meta.slug]["hash"] == a.content_hash}
            steps.start(NUMBERING)
            ledger = assign_ids(load_ledger(corpus / LEDGER_NAME), load.articles, unchanged)
            ledger_text = cache(ledger.to_json)  # made once, when first needed
            numbered = Numbered(load.articles, ledger, ledger_text,
                                lambda: save_ledger(ledger, corpus / LEDGER_NAME, ledger_text()))
            _write_generation(numbered, Published(index_dir, previous, old), full, report,
                              steps, procs)
    except OSError as exc:
        where = exc.filename or index_dir
        raise BuildFailed(f"cannot write the index: {exc.strerror or exc} ({where}); nothing "
                          "was published and the previous index is still served") from exc
    except segments.WriteFailed as exc:  # a writer process failed
        raise BuildFailed(f"cannot write the index: {exc}; nothing was published and the "
                          "previous index is still served") from exc
    report.articles = len(load.articles)
    report.paragraphs = sum(len(a.paragraphs) for a in load.articles)
    report.outlets = len({a.meta.outlet for a in load.articles})
    report.seconds = time.monotonic() - started
    return report


@dataclass(frozen=True)
class Numbered:
    """The corpus read, its paragraphs given their ids: what a generation is written from."""

    articles: list[Article]
    ledger: Ledger
    ledger_text: Callable[[], str]  # the ledger as JSON, made once when first needed
    # Save the ledger beside the corpus: before publishing, so that a ledger that cannot be
    # saved publishes nothing (afterwards, the index served would hold ids the ledger lacks).
    save_ledger: Callable[[], None]


@dataclass(frozen=True)
class Published:
    """The index folder, its published generation (None before the first build) and that
    generation's manifest articles."""

    index_dir: Path
    previous: str | None
    old: dict[str, Any]


def _write_generation(corpus: Numbered, published: Published, full: bool, report: BuildReport,
                      steps: Steps, procs: int | None = None) -> None:
    """Write a complete new generation in a temporary folder, then publish it."""
    articles, ledger, ledger_text = corpus.articles, corpus.ledger, corpus.ledger_text
    index_dir, previous, old = published.index_dir, published.previous, published.old
    entries = {a.meta.slug: manifest_entry(a, ledger) for a in articles}
    report.added = sorted(s for s in entries if s not in old)
    report.removed = sorted(s for s in old if s not in entries)
    report.changed = sorted(s for s in entries
                            if s in old and without(old[s], {"docs"}) != entries[s])
    if previous and not full and not segments.same_schema(generation_dir(index_dir, previous)):
        full = report.rebuilt = True  # an index of an older format: rebuilt in full
    if previous and not full:
        same_ledger = (generation_dir(index_dir, previous) / LEDGER_COPY).read_text("utf-8")
        if not (report.added or report.removed or report.changed) \
                and same_ledger == ledger_text():
            report.mode, report.generation = "unchanged", previous
            return
        report.mode = "incremental"
        _add_fingerprints(entries, articles, old, report)  # the update compares them
    gid = new_generation_id()
    previous_dir = generation_dir(index_dir, previous) if previous else None
    tmp = index_dir / "generations" / f"{TMP_PREFIX}{gid}"
    clean_up(index_dir, keep={previous} if previous else set())

    def write_the_rest() -> None:
        """Write the generation's files beside the index (while its writer processes run,
        in a large build)."""
        _add_fingerprints(entries, articles, old, report)
        save_articles(tmp / ARTICLES, articles)
        built = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
        (tmp / MANIFEST).write_text(manifest_json(gid, built, entries), "utf-8")
        (tmp / LEDGER_COPY).write_text(ledger_text(), "utf-8")
        _write_echoes(tmp, articles, entries, previous_dir if report.mode == "incremental"
                      else None)

    try:
        _fill(tmp, generation_dir(index_dir, previous) if previous else None, articles,
              old, entries, report, steps, procs, write_the_rest)
        corpus.save_ledger()
        publish(index_dir, tmp, gid)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)  # half a build frees its space at once
        raise
    clean_up(index_dir, keep={gid, previous} if previous else {gid})
    report.generation, report.published = gid, True


def _write_echoes(tmp: Path, articles: list[Article], entries: dict[str, Any],
                  previous: Path | None) -> None:
    """Write the generation's echo table: an update's from the previous generation's, with
    only the changed paragraphs read anew and their pairs searched."""
    before = echoes.load(previous / echoes.ECHOES) if previous is not None else None
    pids = {slug: entry["pids"] for slug, entry in entries.items()}
    echoes.save(tmp / echoes.ECHOES, build_table(articles, pids, before))


def _add_fingerprints(entries: dict[str, Any], articles: list[Article], old: dict[str, Any],
                      report: BuildReport) -> None:
    """Give each manifest entry without them its paragraphs' fingerprints: an unchanged
    article's from the previous manifest, the others' made anew."""
    changed = set(report.added) | set(report.changed)
    for article in articles:
        entry = entries[article.meta.slug]
        if "docs" in entry:
            continue
        kept = old[article.meta.slug].get("docs") if article.meta.slug not in changed else None
        entry["docs"] = kept if kept is not None else fingerprints(article)


def _articles_read_before(index_dir: Path) -> dict[str, Article]:
    """Return the articles the published generation was built from (none if there is none)."""
    try:
        previous = current_generation(index_dir)
    except OSError:
        return {}  # the build itself reports an unreadable index folder
    return load_articles(generation_dir(index_dir, previous) / ARTICLES) if previous else {}


def _fill(tmp: Path, previous: Path | None, articles: list[Article], old: dict[str, Any],
          entries: dict[str, Any], report: BuildReport, steps: Steps, procs: int | None,
          meanwhile: Callable[[], None]) -> None:
    """Write the Whoosh index into tmp: a copy of the previous one with the added, changed
    and removed articles applied (incremental), or every article (full); `meanwhile` is
    called while writer processes write it, or once it is written.

    A changed article whose metadata is the same has only its changed paragraphs replaced:
    a paragraph's document is kept when its id and fingerprint (number, kind, section, text)
    are the same as before. An edit of one paragraph re-indexes one paragraph.
    """
    incremental = report.mode == "incremental" and previous is not None
    if incremental and previous is not None:
        steps.start(COPYING)
        copy_generation(previous, tmp)
        ix = segments.open_to_update(tmp)
    else:
        ix = segments.create(tmp)
    adding, stale = _changes(articles, old if incremental else None, entries, report)
    limitmb, processes = writer_settings(adding, procs, report.mode)
    progress = steps.indexing(len(adding))
    if processes > 1 and not incremental:  # a segment per process, all written at once
        write_in_processes(ix, split(adding, processes), add_paragraphs, limitmb, progress,
                           meanwhile)
    else:
        with ParagraphWriter(ix, limitmb=limitmb) as writer:
            if stale:  # deletions reach the copied segments only, never the documents added
                with writer.searcher() as searcher:
                    for field_name, value in stale:
                        writer.delete_by_term(field_name, value, searcher=searcher)
            for item in adding:
                add_paragraphs(writer, item)
                progress(1)
        meanwhile()
    ix.close()


def _changes(articles: list[Article], old: dict[str, Any] | None, entries: dict[str, Any],
             report: BuildReport) -> tuple[list[Adding], list[tuple[str, str]]]:
    """Return the paragraphs to add, by article, and the terms of the documents to delete: all
    of them for a full build (`old` is None); for an update, those of the added, changed and
    removed articles."""
    if old is None:
        return [(a, list(zip(a.paragraphs, entries[a.meta.slug]["pids"], strict=True)))
                for a in articles], []
    stale = [("slug", slug) for slug in report.removed]
    adding: list[Adding] = []
    todo = set(report.added) | set(report.changed)
    for article in articles:
        slug = article.meta.slug
        if slug not in todo:
            continue
        before = old.get(slug)
        pairs = list(zip(article.paragraphs, entries[slug]["pids"], strict=True))
        if before is not None and "docs" in before and same_meta(before, entries[slug]):
            gone, pairs = changed_paragraphs(article, before, entries[slug])
            stale += [("pid", pid) for pid in gone]
        elif before is not None:
            stale.append(("slug", slug))
        adding.append((article, pairs))
    return adding, stale
