"""Index builds: incremental equals full, atomic publication, one build at a time."""

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from click.testing import CliRunner

from search.cli import main
from search.engine import search
from search.engine.suggest import complete
from search.index.build import build_index
from search.models import SearchRequest
from search.store.generations import build_lock, clean_up, current_generation, generations
from search.whoosh.handle import IndexHandle
from tests.conftest import WriteArticle

QUERIES = ["coup", "army police", '"coup leaders"', "senkata OR sacaba", "elect*", "anez"]


def snapshot(index: Path) -> dict[str, object]:
    """Everything a user could observe: each query's total, ids, texts and facets."""
    handle = IndexHandle(index)
    out: dict[str, object] = {}
    for q in QUERIES:
        r = search(handle, SearchRequest(text=q, per_page=100))
        out[q] = (r.total, sorted((h.pid, h.text, h.number, h.section) for h in r.hits),
                  r.outlet_facets, r.timeline)
    return out


def synthetic(write: WriteArticle, n: int, seed: int = 7, paras: int = 8) -> None:
    """Write n articles of generated text about the same events."""
    rng = random.Random(seed)
    words = ("coup army police senkata sacaba election anez morales protest leaders "
             "workers mas wiphala resign massacre bolivia").split()
    for i in range(n):
        body = "\n\n".join(" ".join(rng.choice(words) for _ in range(25)).capitalize() + "."
                           for _ in range(paras))
        write(f"article-{i:04d}", body, title=f"Article {i}", outlet=f"Outlet {i % 4}",
              date=f"2019-{1 + i % 12:02d}")


def test_incremental_updates_equal_a_full_rebuild(corpus_dir: Path, tmp_path: Path,
                                                  write_article: WriteArticle) -> None:
    synthetic(write_article, 12)
    inc = tmp_path / "inc"
    first = build_index(corpus_dir, inc)
    assert first.summary().startswith("12 articles, 96 paragraphs, 4 outlets, ")
    write_article("article-0003", "The coup leaders resigned.\n\nA new paragraph on anez.",
                  title="Changed", outlet="Outlet 3")
    (corpus_dir / "article-0005.md").unlink()
    write_article("added", "Police and army at Senkata.", outlet="Outlet 9", date="2020-02")
    report = build_index(corpus_dir, inc)
    assert report.mode == "incremental"
    assert (report.added, report.changed, report.removed) == (["added"], ["article-0003"],
                                                              ["article-0005"])
    assert "(1 added, 1 changed, 1 removed)" in report.summary()
    assert build_index(corpus_dir, inc).mode == "unchanged"
    full = tmp_path / "full"
    assert build_index(corpus_dir, full, full=True).published
    assert snapshot(inc) == snapshot(full)


def spelling_counts(index: Path) -> tuple[int, dict[str, float]]:
    """Return the index's segments and each spelling word's count (what completions and "did
    you mean" rank by)."""
    with IndexHandle(index).searcher() as (_, searcher):
        reader = searcher.reader()
        return len(list(reader.leaf_readers())), {
            word.decode(): reader.frequency("spell_text", word)
            for word in reader.lexicon("spell_text") if reader.frequency("spell_text", word)}


def test_merging_updated_segments_keeps_the_spelling_counts_exact(
        corpus_dir: Path, tmp_path: Path, write_article: WriteArticle) -> None:
    """Each update replaces the first paragraph of the first article (a segment's document 0,
    where Whoosh keeps every spelling word); once Whoosh merges the segments, the counts are
    a full build's, and a word of the untouched article still completes."""
    write_article("a-first", "Morales resigned in November.\n\nThe army spoke.")
    write_article("b-second", "Senkata massacre witnesses.\n\nSacaba protests grew.")
    index, merged = tmp_path / "inc", 0
    build_index(corpus_dir, index)
    for n in range(8):
        write_article("a-first", f"Morales resigned in November {n}.\n\nThe police spoke.")
        before = spelling_counts(index)[0]
        assert build_index(corpus_dir, index).mode == "incremental"
        segments, counts = spelling_counts(index)
        if segments < before + 1:  # Whoosh merged segments as it committed
            merged += 1
            full = tmp_path / f"full-{n}"
            build_index(corpus_dir, full, full=True)
            assert counts == spelling_counts(full)[1]
            assert counts["senkata"] == counts["morales"] == 1 and "army" not in counts
            assert complete(IndexHandle(index), "senk") == ["senkata"]
    assert merged >= 1


def test_a_reader_picks_up_a_new_generation_without_reopening(
        corpus_dir: Path, index_dir: Path, write_article: WriteArticle) -> None:
    write_article("one", "The coup began.")
    build_index(corpus_dir, index_dir)
    handle = IndexHandle(index_dir)
    assert search(handle, SearchRequest(text="senkata")).total == 0
    write_article("two", "The massacre at Senkata.")
    report = build_index(corpus_dir, index_dir)
    result = search(handle, SearchRequest(text="senkata"))
    assert result.total == 1 and result.generation == report.generation


def test_a_second_build_is_refused_while_one_runs(corpus_dir: Path, index_dir: Path,
                                                  write_article: WriteArticle) -> None:
    write_article("one", "The coup began.")
    with build_lock(index_dir):
        result = CliRunner().invoke(main, ["index", "--corpus", str(corpus_dir), "--index",
                                           str(index_dir)])
    assert result.exit_code == 3
    assert f"another build is running (pid {os.getpid()})" in result.output
    assert current_generation(index_dir) is None
    assert build_index(corpus_dir, index_dir).published  # the lock is released afterwards


def test_a_build_killed_at_any_moment_leaves_the_published_index_intact(
        corpus_dir: Path, index_dir: Path, write_article: WriteArticle) -> None:
    synthetic(write_article, 30)
    assert build_index(corpus_dir, index_dir).published
    before, published = snapshot(index_dir), current_generation(index_dir)
    synthetic(write_article, 90, seed=8)  # every article changes: a long build
    cmd = [sys.executable, "-m", "search", "index", "--full", "--corpus", str(corpus_dir),
           "--index", str(index_dir)]
    rng = random.Random(3)
    for _ in range(int(os.environ.get("KILL_ROUNDS", "6"))):
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.05, 1.5))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        now = current_generation(index_dir)
        if now == published:
            assert snapshot(index_dir) == before
        else:  # killed after the atomic switch: the new generation is complete
            assert search(IndexHandle(index_dir), SearchRequest(text="coup")).total > 0
            published, before = now, snapshot(index_dir)
    report = build_index(corpus_dir, index_dir, full=True)
    assert report.published
    leftovers = sorted(p.name for p in (index_dir / "generations").iterdir())
    assert not any(n.startswith(".tmp-") for n in leftovers)  # killed builds' folders are gone
    assert all((index_dir / "generations" / n / "manifest.json").exists() for n in leftovers)
    clean_up(index_dir, keep={report.generation or ""}, grace=0)
    assert generations(index_dir) == [report.generation]


def stored_documents(index: Path) -> dict[str, dict[str, object]]:
    """Every live document's stored fields, by paragraph id."""
    handle = IndexHandle(index)
    with handle.searcher() as (_, searcher):
        docs = [searcher.stored_fields(d) for d in searcher.reader().all_doc_ids()]
    return {str(d["pid"]): d for d in docs}


def deleted_documents(index: Path) -> int:
    """How many documents of the published generation are marked deleted."""
    handle = IndexHandle(index)
    with handle.searcher() as (_, searcher):
        return int(searcher.doc_count_all() - searcher.doc_count())


def test_an_edited_paragraph_is_the_only_document_replaced(
        corpus_dir: Path, tmp_path: Path, write_article: WriteArticle) -> None:
    paras = [f"Paragraph {n} on the coup and the police." for n in range(6)]
    body = "## First part\n\n" + "\n\n".join(paras[:3]) + "\n\n## Second part\n\n" + \
        "\n\n".join(paras[3:])
    for slug in ("a", "b", "c", "d", "e", "f", "g"):
        write_article(slug, body.replace("coup", f"coup {slug}"))
    inc = tmp_path / "inc"
    assert build_index(corpus_dir, inc).published
    before = stored_documents(inc)

    def edit(slug: str, old: str, new: str) -> None:
        path = corpus_dir / f"{slug}.md"
        path.write_text(path.read_text().replace(old, new))

    edit("a", "Paragraph 5 on the coup a and the police.",
         "Paragraph 5 on the coup a and the police. A sentence added.")  # one paragraph
    report = build_index(corpus_dir, inc)
    assert report.mode == "incremental" and report.changed == ["a"]
    assert deleted_documents(inc) == 1  # not the article's six
    after = stored_documents(inc)
    changed = {pid for pid in after if after[pid] != before.get(pid)}
    assert [after[p]["text"] for p in changed] == [
        "Paragraph 5 on the coup a and the police. A sentence added."]
    assert set(after) == set(before)  # the edited paragraph kept its id

    edit("b", "## First part\n\n", "## First part\n\nA new first paragraph.\n\n")  # numbers move
    edit("c", "## Second part", "## Later part")  # the sections of three paragraphs change
    edit("d", "Paragraph 2 on the coup d and the police.\n\n", "")  # one paragraph goes
    edit("e", "Paragraph 1 on the coup e", "Paragraph 1 on the  coup e")  # spacing only
    write_article("f", "Paragraph 9 only.", title="A new title")  # metadata: every document
    text_g = (corpus_dir / "g.md").read_text()
    moved = "Paragraph 4 on the coup g and the police."
    (corpus_dir / "g.md").write_text(text_g.replace(moved + "\n\n", ""))
    edit("a", "Paragraph 0 on the coup a and the police.",
         "Paragraph 0 on the coup a and the police.\n\n" + moved)  # a paragraph moves to a
    report = build_index(corpus_dir, inc)
    assert report.changed == ["a", "b", "c", "d", "e", "f", "g"]
    full = tmp_path / "full"
    assert build_index(corpus_dir, full, full=True).published
    inc_docs, full_docs = stored_documents(inc), stored_documents(full)
    assert sorted(inc_docs.values(), key=lambda d: str(d["pid"])) == \
        sorted(full_docs.values(), key=lambda d: str(d["pid"]))
    assert snapshot(inc) == snapshot(full)
    assert {d["section"] for d in inc_docs.values() if d["slug"] == "c"} == \
        {"First part", "Later part"}
