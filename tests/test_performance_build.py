"""What makes builds faster must not change what they produce or leave the process altered."""

import gc
import multiprocessing
import os
import pickle
from pathlib import Path
from typing import Any

import pytest
from whoosh import fields, writing
from whoosh import index as whoosh_index
from whoosh.analysis import IDAnalyzer
from whoosh.filedb.filestore import FileStorage
from whoosh.writing import OPTIMIZE, SegmentWriter

import search.index.build
import search.whoosh.pool
from search.corpus import load as corpus
from search.corpus.article_file import read_article
from search.corpus.load import load_corpus
from search.corpus.parsed import load_articles, save_articles
from search.index.build import build_index
from search.index.documents import add_paragraphs, paragraph_documents
from search.index.gc import BUILD_THRESHOLDS, fewer_collections
from search.models import Article
from search.store.generations import (
    ARTICLES,
    BuildFailed,
    current_generation,
    generation_dir,
    generations,
    rollback,
    switch,
)
from search.whoosh.handle import IndexHandle
from search.whoosh.pool import TermPool, WhooshPool
from search.whoosh.schema import build_schema, text_analyzer
from search.whoosh.writer import ParagraphWriter, paragraph_codec
from tests.conftest import WriteArticle
from tests.test_analysis import everything
from tests.test_build import stored_documents


def test_a_build_collects_garbage_less_often_and_restores_the_thresholds(
        corpus_dir: Path, index_dir: Path, write_article: WriteArticle) -> None:
    write_article("one", "Evo Morales resigned.\n\nThe army had asked him to.")
    write_article("two", "Protesters marched in El Alto.")
    before = gc.get_threshold()
    seen: list[tuple[int, int, int]] = []
    report = build_index(corpus_dir, index_dir, progress=lambda _: seen.append(gc.get_threshold()))
    assert report.published and report.paragraphs == 3
    assert seen == [BUILD_THRESHOLDS, BUILD_THRESHOLDS]  # while each article was indexed
    assert gc.get_threshold() == before


def test_the_thresholds_come_back_after_a_failure() -> None:
    before = gc.get_threshold()
    with pytest.raises(RuntimeError), fewer_collections((12_345, 11, 12)):
        assert gc.get_threshold() == (12_345, 11, 12)
        raise RuntimeError("the build failed")
    assert gc.get_threshold() == before


def _parsed_files(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Record the name of every corpus file parsed from now on (fewer than PARALLEL_FILES
    files are read in this process)."""
    names: list[str] = []
    def spy(path: Path, shown: str) -> Article:
        names.append(path.name)
        return read_article(path, shown)

    monkeypatch.setattr(corpus, "read_article", spy)
    return names


def test_an_update_parses_only_the_files_that_changed(
        corpus_dir: Path, index_dir: Path, tmp_path: Path, write_article: WriteArticle,
        monkeypatch: pytest.MonkeyPatch) -> None:
    for slug in ("one", "two", "three"):
        write_article(slug, f"Paragraph of {slug} about Senkata.\n\nA second one.")
    assert build_index(corpus_dir, index_dir).published
    write_article("two", "Paragraph of two, now about El Alto.\n\nA second one.")
    write_article("four", "A new article about Senkata.")
    parsed = _parsed_files(monkeypatch)
    report = build_index(corpus_dir, index_dir)
    assert (report.added, report.changed, report.paragraphs) == (["four"], ["two"], 7)
    assert sorted(parsed) == ["four.md", "two.md"]
    assert build_index(corpus_dir, tmp_path / "full", full=True).published
    assert sorted(parsed) == ["four.md", "four.md", "one.md", "three.md", "two.md", "two.md"]
    assert stored_documents(index_dir) == stored_documents(tmp_path / "full")


def test_a_file_broken_since_the_last_build_is_reported_not_reused(
        corpus_dir: Path, index_dir: Path, write_article: WriteArticle) -> None:
    write_article("one", "About Senkata.")
    path = write_article("two", "About El Alto.")
    assert build_index(corpus_dir, index_dir).published
    path.write_text(path.read_text(encoding="utf-8").replace("title:", "title: [", 1),
                    encoding="utf-8")
    report = build_index(corpus_dir, index_dir)
    assert not report.published
    assert [e.path for e in report.errors] == ["corpus/two.md"]
    assert "not valid YAML" in report.errors[0].message


@pytest.mark.parametrize("damage", [b"", b"not a pickle", pickle.dumps(("older code", []))])
def test_a_damaged_or_foreign_cache_means_reading_every_file(
        damage: bytes, corpus_dir: Path, index_dir: Path, write_article: WriteArticle,
        monkeypatch: pytest.MonkeyPatch) -> None:
    for slug in ("one", "two"):
        write_article(slug, f"Paragraph of {slug} about Senkata.")
    assert build_index(corpus_dir, index_dir).published
    cache = generation_dir(index_dir, str(current_generation(index_dir))) / ARTICLES
    assert set(load_articles(cache)) == {"corpus/one.md", "corpus/two.md"}
    cache.write_bytes(damage)
    assert load_articles(cache) == {}
    write_article("two", "Paragraph of two about El Alto.")
    parsed = _parsed_files(monkeypatch)
    report = build_index(corpus_dir, index_dir)
    assert report.published and report.changed == ["two"]
    assert sorted(parsed) == ["one.md", "two.md"]
    assert sorted(str(d["text"]) for d in stored_documents(index_dir).values()) == [
        "Paragraph of one about Senkata.", "Paragraph of two about El Alto."]


def test_the_cache_gives_back_the_articles_as_read(real_corpus: Path, tmp_path: Path) -> None:
    load = load_corpus(real_corpus)
    save_articles(tmp_path / ARTICLES, load.articles)
    known = load_articles(tmp_path / ARTICLES)
    assert list(known.values()) == load.articles
    assert load_corpus(real_corpus, known) == load


def test_an_update_shares_segment_files_and_leaves_the_previous_generation_as_it_was(
        corpus_dir: Path, index_dir: Path, tmp_path: Path, write_article: WriteArticle) -> None:
    for slug in ("one", "two", "three"):  # 15 documents: a segment Whoosh does not merge
        write_article(slug, "\n\n".join(f"Paragraph {n} of {slug} on Senkata." for n in range(5)))
    assert build_index(corpus_dir, index_dir).published
    first = generation_dir(index_dir, str(current_generation(index_dir)))
    before = {p.name: p.read_bytes() for p in first.iterdir()}
    old_documents = stored_documents(index_dir)
    for round_no in range(3):  # enough segments for Whoosh to merge some of them
        write_article("two", f"Paragraph of two, edit {round_no}, about El Alto.")
        write_article(f"new{round_no}", "Another article about Senkata.")
        assert build_index(corpus_dir, index_dir).published
        if round_no == 0:
            second = generation_dir(index_dir, str(current_generation(index_dir)))
            kept = [p for p in second.glob("*.seg") if (first / p.name).exists()]
            assert kept and all(p.stat().st_ino == (first / p.name).stat().st_ino for p in kept)
    assert {p.name: p.read_bytes() for p in first.iterdir()} == before
    rollback(index_dir, first.name)
    assert stored_documents(index_dir) == old_documents
    assert build_index(corpus_dir, tmp_path / "full", full=True).published
    switch(index_dir, str(generations(index_dir)[-1]))
    assert stored_documents(index_dir) == stored_documents(tmp_path / "full")


def _spelling(index_dir: Path) -> dict[str, tuple[int, float]]:
    """Return each spelling word's (postings, frequency) in the published index."""
    with IndexHandle(index_dir).check().index.reader() as reader:
        return {word.decode(): (reader.doc_frequency("spell_text", word),
                                reader.frequency("spell_text", word))
                for word in reader.lexicon("spell_text")}


def test_spelling_words_are_counted_one_posting_per_segment(real_corpus: Path,
                                                             tmp_path: Path) -> None:
    """A word's frequency is the number of paragraphs that have it, whatever the segments."""
    whoosh_text = fields.TEXT(analyzer=text_analyzer(), spelling=True)
    paragraphs: dict[str, int] = {}
    for article in load_corpus(real_corpus).articles:
        for para in article.paragraphs:
            for word in set(whoosh_text.spellable_words(para.text)):
                paragraphs[word] = paragraphs.get(word, 0) + 1
    one, two = tmp_path / "one", tmp_path / "two"
    assert build_index(real_corpus, one, procs=1).published
    assert build_index(real_corpus, two, procs=2).published  # two segments, two processes
    in_one, in_two = _spelling(one), _spelling(two)
    assert len(paragraphs) > 2000 and paragraphs["morales"] > 20
    assert {w: f for w, (_, f) in in_one.items()} == paragraphs
    assert {w: f for w, (_, f) in in_two.items()} == paragraphs
    assert {n for n, _ in in_one.values()} == {1}  # one posting per word
    assert {n for n, _ in in_two.values()} == {1, 2}  # one per segment that has the word


def test_spelling_counts_survive_a_spilled_buffer_and_a_merge(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    schema = build_schema()
    texts = [f"Morales {'spoke' if i % 3 else 'resigned'} in La Paz, item {i}." for i in range(300)]
    ix = whoosh_index.create_in(str(tmp_path), schema)
    for start in (0, 100, 200):  # three segments, the first buffer spilled to disk often
        with ParagraphWriter(ix, limitmb=0.01 if start == 0 else 64) as writer:
            for i, text in enumerate(texts[start:start + 100], start):
                writer.add_document(pid=str(i), text=text)
    with ParagraphWriter(ix) as writer:
        writer.add_document(pid="last", text="Morales again")
        writer.mergetype = OPTIMIZE  # every segment merged into one
    with ix.reader() as reader:
        assert len(list(reader.leaf_readers())) == 1
        assert reader.frequency("spell_text", b"morales") == 301
        assert reader.frequency("spell_text", b"resigned") == 100
        assert reader.frequency("spell_text", b"spoke") == 200
        assert reader.doc_frequency("spell_text", b"morales") == 1
    ix.close()
    (tmp_path / "pooled").mkdir()
    pooled = whoosh_index.create_in(str(tmp_path / "pooled"), schema)
    # Whoosh's two processes whose sorted runs the parent merges into one segment, with our pool
    monkeypatch.setattr(writing, "PostingPool", TermPool)
    with pooled.writer(procs=2, multisegment=False, limitmb=0.01) as writer:
        for i, text in enumerate(texts):
            writer.add_document(pid=str(i), text=text)
    with pooled.reader() as reader:
        assert reader.frequency("spell_text", b"morales") == 300
        assert reader.frequency("spell_text", b"resigned") == 100
    pooled.close()


def _add_article(writer: Any, article: Article) -> None:
    """Add the article's paragraphs, each with the id `slug-number`: with our writer as the
    build does (the article's fields once for all its paragraphs), with Whoosh's a paragraph
    at a time."""
    adding = (article, [(p, f"{article.meta.slug}-{p.number}") for p in article.paragraphs])
    if isinstance(writer, ParagraphWriter):
        add_paragraphs(writer, adding)
        return
    shared, each = paragraph_documents(adding)
    for one in each:
        writer.add_document(**shared, **one)


def _segment_contents(ix: Any) -> dict[str, Any]:
    """Return everything a reader gives of an index, the spelling words as their totals
    (Whoosh's own pool writes one posting per paragraph for each, ours one per segment)."""
    with ix.reader() as reader:
        found = everything(reader)
        # A field without values (ID, NUMERIC): Whoosh reads a block's missing value as None,
        # a posting kept in the term info (search/whoosh/writer.py, _write_single) as ''.
        found["postings"] = {key: [(d, w, None if v == "" else v) for d, w, v in items]
                             for key, items in found["postings"].items()}
        found["terms"] = {key: _term_statistics(reader.term_info(*key))
                          for key in found["postings"] if key[0] != "spell_text"}
    spelling: dict[bytes, float] = {}
    for (fieldname, word), items in list(found["postings"].items()):
        if fieldname == "spell_text":
            del found["postings"][fieldname, word]
            spelling[word] = spelling.get(word, 0.0) + sum(weight for _, weight, _ in items)
    found["spelling"] = spelling
    return found


def _term_statistics(info: Any) -> tuple[Any, ...]:
    """Return what the term table holds of a word besides its postings."""
    return (info.weight(), info.doc_frequency(), info.min_length(), info.max_length(),
            info.max_weight(), info.min_id(), info.max_id())


def _write_with(pool: Any, where: Path, articles: list[Article], limitmb: float,
                monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """Index the articles in three segments with the given pool class, delete some paragraphs,
    merge everything into one segment, and return what the index holds after each step."""
    monkeypatch.setattr(writing, "PostingPool", pool)
    where.mkdir()
    ix = whoosh_index.create_in(str(where), build_schema())
    seen = []
    for part in (articles[:2], articles[2:4], articles[4:]):
        with ix.writer(limitmb=limitmb) as writer:
            for article in part:
                _add_article(writer, article)
        seen.append(_segment_contents(ix))
    with ix.writer(limitmb=limitmb) as writer:
        for article in articles[1:4]:
            writer.delete_by_term("pid", f"{article.meta.slug}-3")
        writer.mergetype = OPTIMIZE
    seen.append(_segment_contents(ix))
    ix.close()
    return {"steps": seen}


@pytest.mark.parametrize("limitmb", [64, 0.01])  # in memory; spilled to hundreds of runs
def test_the_pool_writes_what_whooshs_own_pool_writes(real_corpus: Path, tmp_path: Path,
                                                      limitmb: float,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    articles = load_corpus(real_corpus).articles
    assert len(articles) == 5
    ours = _write_with(TermPool, tmp_path / "ours", articles, limitmb, monkeypatch)
    whooshs = _write_with(WhooshPool, tmp_path / "whoosh", articles, limitmb, monkeypatch)
    last = ours["steps"][-1]
    assert len(last["postings"]) > 4000 and last["spelling"][b"morales"] > 20
    assert len(last["stored"]) == sum(len(a.paragraphs) for a in articles) - 3
    assert ours == whooshs


@pytest.mark.parametrize("limitmb", [0.001, 64])  # a run every few words; no run
def test_postings_come_out_in_order_from_memory_and_from_runs(tmp_path: Path,
                                                               limitmb: float) -> None:
    pool = TermPool(FileStorage(str(tmp_path)), None, limitmb=limitmb)
    expected = []
    for docnum in range(60):
        for word in (b"coup", b"morales", f"w{docnum % 7}".encode()):
            item = ("text", word, docnum, 1.0 + docnum % 3, f"v{docnum}".encode())
            pool.add(item)
            expected.append(item)
    pool.add(("text", b"coup", 5, 2.0, b"again"))  # out of order: as a merge might add it
    expected.append(("text", b"coup", 5, 2.0, b"again"))
    pool.add(("spell_text", b"coup", 0, 1.0, None))
    pool.add(("spell_text", b"coup", 0, 1.0, None))
    if limitmb < 1:
        assert len(pool.runs) > 10
        pool.reduce_to(3, 4)
        assert 1 < len(pool.runs) <= 3
    else:
        assert not pool.runs
    items = list(pool.items())
    spelled = [i for i in items if i[0] == "spell_text"]
    assert [i[3] for i in spelled] == [2.0]  # the two counted once, at document 0
    assert [i for i in items if i[0] != "spell_text"] == sorted(expected)
    assert not list(tmp_path.glob("*.run"))  # every run read is removed


@pytest.mark.parametrize("limitmb", [0.001, 64])  # a run every few paragraphs; no run
def test_paragraphs_postings_come_out_by_word_in_document_order(
        tmp_path: Path, limitmb: float, monkeypatch: pytest.MonkeyPatch) -> None:
    """A paragraph's postings go into a batch, grouped by word every few paragraphs (BATCH);
    an article's shared postings go in as runs of documents; both come out in order."""
    monkeypatch.setattr(search.whoosh.pool, "BATCH", 50)
    pool = TermPool(FileStorage(str(tmp_path)), None, limitmb=limitmb)
    expected: list[tuple[Any, ...]] = []

    def add(fieldname: str, docs: range, words: list[bytes]) -> None:
        weights, values = [float(len(w)) for w in words], [w[:2] for w in words]
        pool.add_postings(fieldname, docs, words, weights, values)
        expected.extend((fieldname, w, d, wt, v) for d in docs
                        for w, wt, v in zip(words, weights, values, strict=True))

    for first in range(0, 60, 5):  # articles of five paragraphs
        add("title", range(first, first + 5), [b"coup", b"bolivia"])
        if first == 30:  # a run in the batched field itself: out of order with what follows
            add("text", range(first, first + 5), [b"coup"])
        for docnum in range(first, first + 5):
            add("text", range(docnum, docnum + 1),
                [b"coup", f"w{docnum % 7}".encode(), b"morales"])
    add("section", range(10, 11), [b"late"])
    add("section", range(3, 4), [b"late", b"early"])  # out of order, as a merge might add
    if limitmb < 1:
        assert len(pool.runs) > 10
        pool.reduce_to(3, 4)
    else:
        assert not pool.runs
    assert list(pool.items()) == sorted(expected)
    assert not list(tmp_path.glob("*.run"))


def _segment_files(ix: Any) -> dict[str, bytes]:
    """Return each file of an index's one segment by its kind (the segment's random name left
    out), as bytes."""
    (segment,) = ix._segments()
    storage = segment.open_compound_file(ix.storage) if segment.is_compound() else ix.storage
    prefix = segment.make_filename("")
    return {name[len(prefix):]: storage.open_file(name).read() for name in storage.list()
            if name.startswith(prefix)}


def _write_paragraphs(writer_class: Any, where: Path, articles: list[Article],
                      limitmb: float, others: bool, vectors: bool = False) -> dict[str, Any]:
    where.mkdir()
    schema = build_schema()
    if vectors:  # authors with a term vector, as indexes written before 2026-12-03 have them
        schema.remove("author")
        schema.add("author", fields.KEYWORD(commas=True, lowercase=False, scorable=False,
                                            vector=True))
    ix = whoosh_index.create_in(str(where), schema)
    with writer_class(ix, limitmb=limitmb, codec=paragraph_codec()) as writer:
        for n, article in enumerate(articles):
            _add_article(writer, article)
            if others and n == 2:  # `text` without its copy, then a copy of another text
                writer.add_document(pid="alone", text="Morales spoke in El Alto")
                writer.add_document(pid="other", text="Evo Morales", text_counts="El Alto")
    found = {"files": _segment_files(ix), **_segment_contents(ix)}
    ix.close()
    return found


@pytest.mark.parametrize(("limitmb", "others", "vectors"), [
    (64, False, False), (0.01, False, False), (64, True, False), (0.01, True, False),
    (64, False, True)])
def test_our_writer_writes_the_segment_whooshs_writer_writes(
        real_corpus: Path, tmp_path: Path, limitmb: float, others: bool, vectors: bool,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Byte for byte: lengths, columns and vectors; the same stored fields, postings and term
    statistics; in memory and spilled; with `text_counts` shared with `text`, and made its own
    when a document gives it another text.

    The postings and term files differ in bytes only where an article's field repeats a value
    in every paragraph: our writer adds it once for them all, so the pickled values of a
    block refer to one object where Whoosh's writer pickles a copy each; they are smaller.
    The stored fields' file differs in compression only: ours keeps each document's values
    uncompressed (zlib level 0, STORED_LEVEL), so each paragraph's text is in it as it is."""
    articles = load_corpus(real_corpus).articles
    ours = _write_paragraphs(ParagraphWriter, tmp_path / "ours", articles, limitmb, others,
                             vectors)
    monkeypatch.setattr(writing, "PostingPool", TermPool)  # Whoosh's writer, with our pool
    whooshs = _write_paragraphs(SegmentWriter, tmp_path / "whoosh", articles, limitmb, others,
                                vectors)
    assert {".pst", ".trm", "._stored.col", "._text_len.col", ".slug.col"} \
        <= set(ours["files"])
    assert (".vps" in ours["files"]) == vectors
    assert len(ours["postings"]) > 4000 and len(ours["stored"]) == 187 + 2 * others
    if others:
        other = [d["pid"] for d in ours["stored"]].index("other")
        docs = {key: [d for d, _, _ in ours["postings"][key]] for key in (
            ("text", b"evo"), ("text_counts", b"evo"), ("text_counts", b"alto"))}
        assert other in docs["text", b"evo"] and other not in docs["text_counts", b"evo"]
        assert other in docs["text_counts", b"alto"]
    ours_files, whooshs_files = ours.pop("files"), whooshs.pop("files")
    assert ours == whooshs  # postings, term statistics, stored fields, lengths
    shared_values = {".pst", ".trm", "._stored.col"}
    assert {k: v for k, v in ours_files.items() if k not in shared_values} \
        == {k: v for k, v in whooshs_files.items() if k not in shared_values}
    assert len(ours_files[".pst"]) < len(whooshs_files[".pst"])
    texts = [d["text"].encode() for d in ours["stored"] if "text" in d]
    assert all(text in ours_files["._stored.col"] for text in texts)
    assert not any(text in whooshs_files["._stored.col"] for text in texts if len(text) > 200)


def _two_process_corpus(write: WriteArticle, articles: int = 12) -> None:
    for n in range(articles):
        write(f"art-{n:02d}", "\n\n".join(f"Paragraph {p} of article {n}: Morales and the coup."
                                          for p in range(5)), outlet=f"Outlet {n % 3}")


def test_an_articles_paragraphs_are_added_whole_or_not_at_all(tmp_path: Path) -> None:
    """A paragraph whose value cannot be indexed adds none of the article's paragraphs, and
    what was added before stays; a paragraph may override a shared field."""
    ix = whoosh_index.create_in(str(tmp_path), build_schema())
    shared = {"slug": "coup", "title": "The coup in Bolivia", "outlet": "Reuters"}
    with ParagraphWriter(ix) as writer:
        writer.add_documents(shared, [{"pid": "coup-1", "number": 1, "text": "Morales left."}])
        with pytest.raises(ValueError):
            writer.add_documents({**shared, "slug": "bad"}, [
                {"pid": "bad-1", "number": 1, "text": "Áñez took office."},
                {"pid": "bad-2", "number": "second", "text": "Protests in El Alto."}])
        assert writer.docnum == 1
        writer.add_documents(shared, [{"pid": "coup-2", "number": 2, "text": "Áñez spoke."},
                                      {"pid": "coup-3", "number": 3, "text": "Alto", "slug": "x"}])
    with ix.searcher() as searcher:
        assert [d["pid"] for d in searcher.all_stored_fields()] == ["coup-1", "coup-2", "coup-3"]
        reader = searcher.reader()
        pids = [d["pid"] for d in searcher.all_stored_fields()]
        assert {word: [pids[d] for d in reader.postings("text", word).all_ids()]
                for word in (b"anez", b"alto")} == {b"anez": ["coup-2"], b"alto": ["coup-3"]}
        assert ("text", b"protest") not in reader and ("slug", b"bad") not in reader
        assert list(searcher.postings("title", b"coup").all_ids()) == [0, 1, 2]
        assert [searcher.stored_fields(d)["slug"] for d in range(3)] == ["coup", "coup", "x"]
        assert reader.frequency("spell_text", b"protests") == 0
        assert reader.frequency("spell_text", b"anez") == 1
    ix.close()


def test_a_build_in_two_processes_reports_progress_and_equals_one_in_one(
        write_article: WriteArticle, corpus_dir: Path, tmp_path: Path) -> None:
    _two_process_corpus(write_article)
    seen: list[int] = []
    assert build_index(corpus_dir, tmp_path / "two", procs=2, progress=seen.append).published
    assert sum(seen) == 12  # every article, told as the processes write them
    assert build_index(corpus_dir, tmp_path / "one", procs=1).published
    docs = {}
    for name in ("one", "two"):
        index = tmp_path / name
        ix = whoosh_index.open_dir(str(generation_dir(index, current_generation(index) or "")))
        with ix.reader() as reader:
            docs[name] = len(list(reader.leaf_readers())), sorted(
                (d["pid"], d["text"]) for d in reader.all_stored_fields())
            assert reader.doc_frequency("text", b"coup") == 60
        ix.close()
    assert docs["one"][0] == 1 and docs["two"][0] == 2  # a segment per process
    assert docs["one"][1] == docs["two"][1] and len(docs["one"][1]) == 60


@pytest.mark.parametrize("how", ["raises", "dies"])
def test_a_failing_writer_process_fails_the_build_and_keeps_the_index(
        write_article: WriteArticle, corpus_dir: Path, index_dir: Path, how: str,
        monkeypatch: pytest.MonkeyPatch) -> None:
    _two_process_corpus(write_article)
    assert build_index(corpus_dir, index_dir, procs=2).published
    served = stored_documents(index_dir)
    write_article("art-11", "A changed article about Morales.")
    add = add_paragraphs

    def failing(writer: Any, adding: Any) -> None:
        if adding[0].meta.slug == "art-11":
            if how == "dies":
                os._exit(3)
            raise MemoryError("no memory left")
        add(writer, adding)

    monkeypatch.setattr(search.index.build, "add_paragraphs", failing)
    with pytest.raises(BuildFailed) as failed:
        build_index(corpus_dir, index_dir, full=True, procs=2)
    expected = "MemoryError: no memory left" if how == "raises" else "exit code 3"
    assert "a writer process failed" in str(failed.value) and expected in str(failed.value)
    assert "previous index is still served" in str(failed.value)
    assert stored_documents(index_dir) == served
    assert [p.name for p in (index_dir / "generations").iterdir()
            if p.name.startswith(".tmp")] == []


def test_the_generations_other_files_written_during_a_parallel_build_fail_it_whole(
        write_article: WriteArticle, corpus_dir: Path, index_dir: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The parsed articles, manifest and ledger copy are written while the writer processes
    run: a disk full then stops the processes and publishes nothing."""
    _two_process_corpus(write_article)
    assert build_index(corpus_dir, index_dir, procs=2).published
    served = stored_documents(index_dir)
    write_article("art-11", "A changed article about Morales.")

    def full_disk(path: Path, articles: Any) -> None:
        raise OSError(28, "No space left on device", str(path))

    monkeypatch.setattr(search.index.build, "save_articles", full_disk)
    with pytest.raises(BuildFailed) as failed:
        build_index(corpus_dir, index_dir, full=True, procs=2)
    assert "cannot write the index: No space left on device" in str(failed.value)
    assert multiprocessing.active_children() == []  # the writer processes were stopped
    assert stored_documents(index_dir) == served
    assert [p.name for p in (index_dir / "generations").iterdir()
            if p.name.startswith(".tmp")] == []
    monkeypatch.undo()
    report = build_index(corpus_dir, index_dir, procs=2)
    assert report.published and report.changed == ["art-11"]
    assert "A changed article about Morales." in {
        d["text"] for d in stored_documents(index_dir).values()}


def test_id_fields_are_indexed_as_whooshs_writer_indexes_them(tmp_path: Path) -> None:
    """A Whoosh ID field's value is its one word, unanalysed (a paragraph's id, written
    without Whoosh's tokenizer); a boosted one keeps its boost, and one that lowercases goes
    through its analyzer as before."""
    schema = fields.Schema(plain=fields.ID(stored=True, unique=True),
                           boosted=fields.ID(field_boost=2.5),
                           lowered=fields.ID(analyzer=IDAnalyzer(lowercase=True)),
                           text=fields.TEXT)
    docs = [{"plain": "Ab-1", "boosted": "Évo Morales", "lowered": "El ALTO", "text": "coup"},
            {"plain": "", "boosted": "Évo Morales", "lowered": "el alto", "text": "army"}]
    found = {}
    for name, writer_class in (("ours", ParagraphWriter), ("whoosh", SegmentWriter)):
        (tmp_path / name).mkdir()
        ix = whoosh_index.create_in(str(tmp_path / name), schema)
        with writer_class(ix) as writer:
            for doc in docs:
                writer.add_document(**doc)
        found[name] = _segment_contents(ix)  # postings, term statistics, stored fields
        ix.close()
    assert found["ours"] == found["whoosh"]
    postings = found["ours"]["postings"]
    assert postings["plain", b"Ab-1"] == [(0, 1.0, None)] and ("plain", b"") in postings
    assert postings["boosted", "Évo Morales".encode()] == [(0, 2.5, None), (1, 2.5, None)]
    assert [d for d, _, _ in postings["lowered", b"el alto"]] == [0, 1]
