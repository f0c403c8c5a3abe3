"""Permanent paragraph ids: stable across rebuilds, edits, moves and deletions."""

import hashlib
import re
import shutil
import threading
from pathlib import Path
from typing import Any

import pytest

from search.corpus.load import load_corpus
from search.engine.lookup import resolve_article, resolve_paragraph
from search.ids import ledger as identity
from search.ids.assign import assign_ids
from search.ids.ledger import LEDGER_NAME, load_ledger, sketch, sketch_all
from search.index.build import build_index
from search.store.generations import read_manifest
from search.whoosh.handle import IndexHandle
from tests.conftest import WriteArticle

PARAS = [
    "Evo Morales resigned after the army suggested it.",
    "Jeanine Áñez declared herself president with a bible.",
    "Protesters in El Alto burned police stations.",
    "The military killed demonstrators at Senkata.",
    "Elections were eventually held in October 2020.",
]


def body(paras: list[str]) -> str:
    return "\n\n".join(paras)


def ids(corpus: Path, index: Path, slug: str = "story") -> list[str]:
    """Build, then return the article's paragraph ids in order."""
    report = build_index(corpus, index)
    assert report.generation and not report.errors
    return [p.pid for p in resolve_article(IndexHandle(index), slug).paragraphs]


def test_rebuilding_the_same_corpus_gives_the_same_ids(
        corpus_dir: Path, index_dir: Path, tmp_path: Path, write_article: WriteArticle) -> None:
    write_article("story", body(PARAS))
    first = ids(corpus_dir, index_dir)
    assert build_index(corpus_dir, index_dir, full=True).published
    assert [p.pid for p in resolve_article(IndexHandle(index_dir), "story").paragraphs] == first
    # and without the ledger, or the index, at all: ids are minted from content
    (corpus_dir / ".ids.json").unlink()
    assert ids(corpus_dir, tmp_path / "fresh-index") == first
    assert len(set(first)) == 5


def test_insert_delete_and_edit_leave_the_other_ids_alone(
        corpus_dir: Path, index_dir: Path, write_article: WriteArticle) -> None:
    write_article("story", body(PARAS))
    a, b, c, d, e = ids(corpus_dir, index_dir)
    edited = PARAS[3].replace("killed demonstrators", "shot and killed unarmed demonstrators")
    new_paras = [PARAS[0], "A new paragraph inserted here.", PARAS[1], PARAS[2], edited]
    write_article("story", body(new_paras))  # inserted one, edited one, deleted the last
    after = ids(corpus_dir, index_dir)
    assert after[0] == a and after[2:] == [b, c, d]
    assert after[1] not in {a, b, c, d, e}


def test_an_edited_paragraph_resolves_to_its_new_text_and_says_so(
        corpus_dir: Path, index_dir: Path, write_article: WriteArticle) -> None:
    write_article("story", body(PARAS))
    pid = ids(corpus_dir, index_dir)[3]
    handle = IndexHandle(index_dir)
    assert resolve_paragraph(handle, pid).paragraph.edited is False  # type: ignore[union-attr]
    edited = PARAS[3] + " Dozens more were wounded."
    write_article("story", body(PARAS[:3] + [edited] + PARAS[4:]))
    ids(corpus_dir, index_dir)
    found = resolve_paragraph(handle, pid)
    assert found.status == "found"
    assert found.paragraph is not None
    assert found.paragraph.text == edited
    assert found.paragraph.edited is True
    assert found.paragraph.number == 4


def test_a_moved_paragraph_keeps_its_id_within_and_across_articles(
        corpus_dir: Path, index_dir: Path, write_article: WriteArticle) -> None:
    write_article("story", body(PARAS))
    write_article("other", "Another article's only paragraph.", title="Other")
    a, b, c, d, e = ids(corpus_dir, index_dir)
    write_article("story", body([PARAS[4], PARAS[1], PARAS[2], PARAS[0]]))
    write_article("other", body(["Another article's only paragraph.", PARAS[3]]), title="Other")
    assert ids(corpus_dir, index_dir) == [e, b, c, a]
    handle = IndexHandle(index_dir)
    moved = resolve_paragraph(handle, d, slug="story")
    assert moved.status == "moved"
    assert moved.paragraph is not None
    assert moved.paragraph.article.slug == "other" and moved.paragraph.number == 2


def test_deleted_paragraphs_and_articles_are_gone_not_unknown(
        corpus_dir: Path, index_dir: Path, write_article: WriteArticle) -> None:
    write_article("story", body(PARAS), title="The story", outlet="Red Flag")
    write_article("doomed", "It will be deleted.", title="Doomed")
    a, b, c, d, e = ids(corpus_dir, index_dir)
    doomed = ids(corpus_dir, index_dir, "doomed")[0]
    write_article("story", body(PARAS[:4]), title="The story", outlet="Red Flag")
    (corpus_dir / "doomed.md").unlink()
    assert build_index(corpus_dir, index_dir).published
    handle = IndexHandle(index_dir)
    gone = resolve_paragraph(handle, e)
    assert gone.status == "gone"
    assert gone.gone is not None and gone.gone.title == "The story"
    assert gone.gone.outlet == "Red Flag"
    assert resolve_paragraph(handle, doomed).status == "gone"
    article = resolve_article(handle, "doomed")
    assert article.status == "gone" and article.gone is not None
    assert article.gone.title == "Doomed"
    assert resolve_paragraph(handle, "neverexist").status == "missing"
    assert resolve_article(handle, "never-existed").status == "missing"


def test_a_renamed_article_moves_with_its_ids(
        corpus_dir: Path, index_dir: Path, write_article: WriteArticle) -> None:
    write_article("story", body(PARAS))
    before = ids(corpus_dir, index_dir)
    shutil.move(corpus_dir / "story.md", corpus_dir / "renamed-story.md")
    assert ids(corpus_dir, index_dir, "renamed-story") == before
    old = resolve_article(IndexHandle(index_dir), "story")
    assert old.status == "moved" and old.moved_to == "renamed-story"


def test_the_ledger_survives_a_full_rebuild_and_keeps_edit_history(
        corpus_dir: Path, index_dir: Path, tmp_path: Path, write_article: WriteArticle) -> None:
    write_article("story", body(PARAS))
    pid = ids(corpus_dir, index_dir)[0]
    write_article("story", body([PARAS[0] + " He fled to Mexico."] + PARAS[1:]))
    shutil.rmtree(index_dir)  # even with the index lost, the ledger beside the corpus remembers
    assert ids(corpus_dir, tmp_path / "new-index")[0] == pid
    found = resolve_paragraph(IndexHandle(tmp_path / "new-index"), pid)
    assert found.paragraph is not None and found.paragraph.edited


def test_unchanged_files_keep_their_ids_without_being_matched_again(
        real_corpus: Path, tmp_path: Path) -> None:
    """The shortcut for unchanged files gives the ledger a full matching would give."""
    index = tmp_path / "index"
    assert build_index(real_corpus, index).published
    files = sorted(real_corpus.glob("*.md"))
    edited = files[0].read_text(encoding="utf-8")
    files[0].write_text(edited.replace("\n\n", "\n\nAn inserted paragraph.\n\n", 1),
                        encoding="utf-8")  # the ids after it must still be matched
    load = load_corpus(real_corpus)
    handle = IndexHandle(index)
    old_manifest = read_manifest(index, handle.check().gid)["articles"]
    unchanged = {a.meta.slug: old_manifest[a.meta.slug]["pids"] for a in load.articles
                 if old_manifest[a.meta.slug]["hash"] == a.content_hash}
    assert 0 < len(unchanged) == len(load.articles) - 1
    ledger = load_ledger(real_corpus / LEDGER_NAME)
    full = assign_ids(ledger, load.articles)
    assert assign_ids(ledger, load.articles, unchanged).to_json() == full.to_json()
    # a ledger that disagrees with the manifest is not trusted: the ids are matched anew
    wrong = {slug: list(reversed(pids)) for slug, pids in unchanged.items()}
    assert assign_ids(ledger, load.articles, wrong).to_json() == full.to_json()


def test_sketches_are_those_the_ledger_already_holds_in_one_process_or_two(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A sketch is the same as ever (ledgers written before keep matching), whether its word
    hashes are cached or not, and whether many texts are sketched in one process or two."""
    texts = [f"Evo Morales spoke {i} times in El Alto; Áñez, {i * 7}." for i in range(60)]
    texts += ["", "coup coup COUP", "Morales " * 40]

    def as_before(text: str) -> str:  # the sketch as the first ledgers were written
        words = set(re.findall(r"\w+", text.lower()))
        found = {int.from_bytes(hashlib.blake2b(w.encode(), digest_size=4).digest())
                 for w in words}
        return "".join(f"{h:08x}" for h in sorted(found)[:identity.SKETCH_SIZE])

    expected = [as_before(text) for text in texts]
    assert [sketch(text) for text in texts] == expected
    assert [sketch(text) for text in texts] == expected  # word hashes from the cache now
    monkeypatch.setattr(identity, "PARALLEL_SKETCHES", 10)
    assert sketch_all(texts) == expected  # in two processes
    assert [len(found) for found in expected[-3:]] == [0, 8, 8]  # no word; one word; one word


def test_text_hashes_made_where_a_file_is_read_are_the_ledgers(
        write_article: WriteArticle, corpus_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each article carries its paragraphs' text hashes, made as the file is read (by the
    reading processes of a large corpus): the hash the ledger keeps, as it always was (the
    text with its whitespace made single spaces), whether one process reads or two."""
    write_article("spaced", "Evo  Morales\tresigned.\n\nThe  army   asked him to.")
    write_article("plain", "Evo Morales resigned.\n\nAñez took office.")

    def as_before(text: str) -> str:  # the hash as the first ledgers were written
        return hashlib.blake2b(" ".join(text.split()).encode(), digest_size=8).hexdigest()

    one = load_corpus(corpus_dir).articles
    monkeypatch.setattr("search.corpus.load.PARALLEL_FILES", 1)
    assert load_corpus(corpus_dir).articles == one  # read in two processes
    for article in one:
        assert article.text_hashes == tuple(as_before(p.text) for p in article.paragraphs)
    hashes = {a.meta.slug: a.text_hashes for a in one}
    assert hashes["spaced"][0] == hashes["plain"][0]  # the same words, spaced otherwise
    ledger = assign_ids(load_ledger(corpus_dir / LEDGER_NAME), one)
    assert [ledger.paragraphs[p].hash for p in ledger.articles["plain"].pids] \
        == list(hashes["plain"])


def test_two_builds_saving_one_corpus_ledger_at_once_both_succeed(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Two builds of one corpus into two index folders may save its ledger at the same moment
    (each holds only its own index folder's lock): each writes its own temporary file, and the
    ledger is then one of the two, whole, with no temporary file left."""
    path = tmp_path / LEDGER_NAME
    ledgers = [identity.Ledger(articles={name: identity.ArticleRecord([], name, "AP", [], "2019")})
               for name in ("first", "second")]
    both_open = threading.Barrier(2, timeout=10)
    real_open = open

    def opened_together(file: Any, *args: Any, **kwargs: Any) -> Any:
        handle = real_open(file, *args, **kwargs)
        if str(file).endswith(".tmp"):
            both_open.wait()  # each has its temporary file open before either replaces
        return handle

    monkeypatch.setattr("builtins.open", opened_together)
    errors: list[BaseException] = []

    def save(ledger: identity.Ledger) -> None:
        try:
            identity.save_ledger(ledger, path)
        except BaseException as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)

    threads = [threading.Thread(target=save, args=(ledger,)) for ledger in ledgers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    monkeypatch.undo()
    assert errors == []
    assert load_ledger(path).to_json() in {ledger.to_json() for ledger in ledgers}
    assert [p.name for p in tmp_path.iterdir()] == [LEDGER_NAME]
