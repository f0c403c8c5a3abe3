"""Permanent paragraph ids: stable across rebuilds, edits, moves and deletions."""

import hashlib
import json
import locale
import re
import shutil
import sys
import threading
import uuid
from collections.abc import Iterator
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


def test_a_ledger_that_cannot_be_written_says_why_and_leaves_the_old_one_alone(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """When the ledger's temporary file cannot even be made (a read-only corpus folder), the
    error is that one, not a missing temporary file's, and the ledger is the old one with no
    temporary file left beside it."""
    path = tmp_path / LEDGER_NAME
    old = identity.Ledger(articles={"story": identity.ArticleRecord([], "Story", "AP", [], "2019")})
    identity.save_ledger(old, path)
    real_open = open

    def read_only(file: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        if str(file).endswith(".tmp"):
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, mode, *args, **kwargs)

    monkeypatch.setattr("builtins.open", read_only)
    with pytest.raises(PermissionError, match="Permission denied"):
        identity.save_ledger(identity.Ledger(), path)
    monkeypatch.undo()
    assert load_ledger(path) == old
    assert [p.name for p in tmp_path.iterdir()] == [LEDGER_NAME]


@pytest.fixture
def ascii_locale() -> Iterator[None]:
    """Make text files default to a non-UTF-8 encoding, as on a server with a Latin-1 locale or
    LANG=C without Python's locale coercion: here C, whose encoding is ASCII."""
    if sys.flags.utf8_mode:
        pytest.skip("Python's UTF-8 mode makes every text file UTF-8 whatever the locale")
    before = locale.setlocale(locale.LC_CTYPE)
    locale.setlocale(locale.LC_CTYPE, "C")
    try:
        yield
    finally:
        locale.setlocale(locale.LC_CTYPE, before)


def test_the_ledger_is_utf8_whatever_the_locale(real_corpus: Path, tmp_path: Path,
                                                ascii_locale: None) -> None:
    """Building under a locale whose encoding is not UTF-8 reads the committed ledger and
    writes it back byte for byte, accents included (not refused, nor rewritten in the
    locale's encoding, which the next build could not read)."""
    with open(tmp_path / "probe.txt", "w") as probe:  # the locale's default
        assert probe.encoding.lower() not in {"utf-8", "utf8"}
    before = (real_corpus / LEDGER_NAME).read_bytes()
    assert "Corrêa".encode() in before
    assert build_index(real_corpus, tmp_path / "index").published
    assert (real_corpus / LEDGER_NAME).read_bytes() == before
    assert build_index(real_corpus, tmp_path / "index", full=True).published
    assert (real_corpus / LEDGER_NAME).read_bytes() == before


def test_ids_are_minted_as_they_always_were_and_a_clash_takes_the_next_salt() -> None:
    """An id minted for a paragraph no ledger knows is the one every earlier version minted
    for it (so a corpus built from scratch elsewhere gets the same permalinks), and a clash
    with an id already held tries the next salt, then the one after."""
    text = "Evo Morales resigned."
    first = identity.mint("story", text, set())
    assert first == "lhl47xmv3w"
    assert identity.mint("story", text, {first}) == "y4q3sep7jt"
    assert identity.mint("story", text, {first, "y4q3sep7jt"}) == "qqjei7rdkq"
    assert identity.mint("other", text, set()) != first


def test_similarity_is_the_share_of_words_two_texts_have_in_common() -> None:
    """Few words: the sketch holds them all, and the estimate is the exact share of words in
    common (an edit keeps its id above EDIT_SIMILARITY); words never sketched before count
    like any other (their hashes are made on first sight); texts with no words share none."""
    fresh = [f"w{uuid.uuid4().hex}" for _ in range(8)]
    a = sketch(" ".join(fresh[:6]))
    b = sketch(" ".join(fresh[2:]))  # 4 words of 8 in common
    assert identity.similarity(a, b) == 0.5
    assert identity.similarity(a, a) == 1.0
    assert identity.similarity(a, sketch("Evo Morales")) == 0.0
    assert identity.similarity(sketch("— * —"), sketch("...")) == 0.0


def test_building_the_shipped_corpus_leaves_its_ledger_as_committed(real_corpus: Path,
                                                                   tmp_path: Path) -> None:
    """The ledger is a file beside the corpus, under version control: a build that changes no
    article rewrites it byte for byte (its format, key order and accents as written)."""
    before = (real_corpus / LEDGER_NAME).read_bytes()
    assert build_index(real_corpus, tmp_path / "index").published
    assert (real_corpus / LEDGER_NAME).read_bytes() == before
    assert "Corrêa".encode() in before


def test_a_version_1_ledger_still_carries_ids_and_edits(
        corpus_dir: Path, index_dir: Path, tmp_path: Path, write_article: WriteArticle) -> None:
    """A ledger written by version 1 (its sketches as lists of numbers) still gives every
    paragraph its id on a rebuild, an edited one included."""
    write_article("story", body(PARAS))
    first = ids(corpus_dir, index_dir)
    path = corpus_dir / LEDGER_NAME
    doc = json.loads(path.read_text(encoding="utf-8"))
    for record in doc["paragraphs"].values():
        hexed = record["sketch"]
        record["sketch"] = [int(hexed[i : i + 8], 16) for i in range(0, len(hexed), 8)]
    doc["version"] = 1
    path.write_text(json.dumps(doc), encoding="utf-8")
    write_article("story", body([*PARAS[:3], PARAS[3].replace("killed", "shot"), PARAS[4]]))
    assert ids(corpus_dir, tmp_path / "fresh-index") == first


def test_a_removed_paragraph_stays_gone_through_later_rebuilds(
        corpus_dir: Path, index_dir: Path, tmp_path: Path, write_article: WriteArticle) -> None:
    """The saved ledger remembers which ids are gone and which are live: read back by later
    builds, a removed paragraph stays gone and the others keep resolving."""
    write_article("story", body(PARAS))
    a, b, c, d, e = ids(corpus_dir, index_dir)
    write_article("story", body(PARAS[:4]))
    assert ids(corpus_dir, index_dir) == [a, b, c, d]
    ledger = load_ledger(corpus_dir / LEDGER_NAME)
    assert [ledger.paragraphs[p].live for p in (a, b, c, d, e)] == [True] * 4 + [False]
    assert ids(corpus_dir, tmp_path / "fresh-index") == [a, b, c, d]
    handle = IndexHandle(tmp_path / "fresh-index")
    assert resolve_paragraph(handle, e).status == "gone"
    assert resolve_paragraph(handle, a).status == "found"


REPEATED = "Read more of our coverage at redflag.org.au, part 2."  # its three ids sort backwards


def test_a_repeated_paragraph_keeps_each_copys_id_in_its_place(
        corpus_dir: Path, index_dir: Path, write_article: WriteArticle) -> None:
    """Copies of one paragraph (a sign-off, a separator) each get an id of their own, keep it
    where they stand when the article is edited elsewhere, and a copy added later gets a new
    one: no permalink points at two paragraphs."""
    x, p0, p1 = REPEATED, PARAS[0], PARAS[1]
    write_article("story", body([x, p0, x, p1, x]))
    first = ids(corpus_dir, index_dir)
    assert len(set(first)) == 5
    assert first[0] == identity.mint("story", x, set())  # minted from the article and text
    write_article("story", body([x, p0.replace("army", "military"), x, p1, x]))
    assert ids(corpus_dir, index_dir) == first
    write_article("story", body([x, p0.replace("army", "military"), x, p1, x, x]))
    again = ids(corpus_dir, index_dir)
    assert again[:5] == first and again[5] not in first


def test_a_ledger_lost_beside_an_index_is_made_again_with_the_same_ids(
        corpus_dir: Path, index_dir: Path, write_article: WriteArticle) -> None:
    """The ledger file deleted (or not checked out) while the index stays: the next build
    into that index that publishes makes a new ledger, and every paragraph keeps its id,
    those of the articles left unchanged included."""
    write_article("story", body(PARAS))
    write_article("other", body(PARAS[:2]))
    first = ids(corpus_dir, index_dir)
    (corpus_dir / LEDGER_NAME).unlink()
    write_article("other", body(PARAS[:2]), title="Another title")
    assert ids(corpus_dir, index_dir) == first
    assert load_ledger(corpus_dir / LEDGER_NAME).articles["story"].pids == first


def test_copies_of_a_paragraph_edited_alike_keep_their_own_ids(
        corpus_dir: Path, index_dir: Path, write_article: WriteArticle) -> None:
    """Two copies of a paragraph edited the same way each keep the id of the copy that stood
    there; a paragraph edited into two versions gives its id to one of them only."""
    x = "Solidarity with the people of Bolivia resisting the coup and its massacres."
    edited = x.replace("coup", "coup regime")
    write_article("story", body([x, PARAS[0], PARAS[1], x]))
    first = ids(corpus_dir, index_dir)
    write_article("story", body([edited, PARAS[0], PARAS[1], edited]))
    assert ids(corpus_dir, index_dir) == first
    write_article("story", body([edited, PARAS[0], PARAS[1], edited + " Now.",
                                 edited + " And later.", PARAS[2]]))
    now = ids(corpus_dir, index_dir)
    assert now[:4] == first and len(set(now)) == 6


def test_of_two_copies_one_deleted_and_one_edited_the_edit_keeps_its_own_id(
        corpus_dir: Path, index_dir: Path, write_article: WriteArticle) -> None:
    """An article opens and closes with one sign-off; the opening copy is deleted and the
    closing one edited: the edit keeps the closing copy's id (the one nearest its place), and
    the opening copy's id is gone."""
    x = "Solidarity with the people of Bolivia resisting the coup and its massacres."
    write_article("story", body([x, *PARAS[:3], x]))
    first = ids(corpus_dir, index_dir)
    write_article("story", body([*PARAS[:3], x.replace("coup", "coup regime")]))
    assert ids(corpus_dir, index_dir) == first[1:]
    assert resolve_paragraph(IndexHandle(index_dir), first[0]).status == "gone"


def test_an_edit_keeps_the_id_of_the_paragraph_it_resembles_most(
        corpus_dir: Path, index_dir: Path, write_article: WriteArticle) -> None:
    """Two paragraphs merged into one edit: the result keeps the id of the one it resembles
    most, and another edit in the article, sharing just 4 words of 10 (EDIT_SIMILARITY)
    with its old text, keeps its id too."""
    x, y = "alpha bravo charlie delta echo foxtrot", "alpha bravo charlie delta golf hotel"
    z = "papa quebec romeo sierra tango uniform victor"
    write_article("story", body([x, y, z]))
    xid, _, zid = ids(corpus_dir, index_dir)
    write_article("story", body([x + " india", "papa quebec romeo sierra whiskey xray yankee"]))
    assert ids(corpus_dir, index_dir) == [xid, zid]


def test_one_update_of_many_articles_carries_every_kind_of_change(
        corpus_dir: Path, index_dir: Path, write_article: WriteArticle) -> None:
    """One build sees an unchanged article, a new one, a shortened one, one with a paragraph
    replaced, one with a paragraph edited and one deleted: each keeps what it should, and the
    deleted one is gone (not missing), described as it was, through later rebuilds."""
    write_article("a0-same", body(PARAS[:2]))
    write_article("a2-short", body(PARAS[2:5]))
    write_article("a3-replaced", "The OAS audit was flawed.\n\nMAS won the rerun.")
    write_article("z9-edited", "Senkata and Sacaba were massacres by the security forces.")
    write_article("zz-deleted", "A deleted story.", title="Deleted", outlet="Jacobin",
                  date="2019-12-01")
    handle = IndexHandle(index_dir)
    build = build_index(corpus_dir, index_dir)
    assert build.published
    before = {a: [p.pid for p in resolve_article(handle, a).paragraphs]
              for a in ("a0-same", "a2-short", "a3-replaced", "z9-edited", "zz-deleted")}
    write_article("a1-new", "A brand new article.")
    write_article("a2-short", body(PARAS[2:4]))
    write_article("a3-replaced", "The OAS audit was flawed.\n\nNothing like the old text.")
    write_article("z9-edited", "Senkata and Sacaba were massacres by the army and police.")
    (corpus_dir / "zz-deleted.md").unlink()
    assert build_index(corpus_dir, index_dir).published
    after = {a: [p.pid for p in resolve_article(handle, a).paragraphs]
             for a in ("a0-same", "a2-short", "a3-replaced", "z9-edited")}
    assert after["a0-same"] == before["a0-same"]
    assert after["a2-short"] == before["a2-short"][:2]
    assert after["a3-replaced"][0] == before["a3-replaced"][0]
    assert after["a3-replaced"][1] not in before["a3-replaced"]
    assert after["z9-edited"] == before["z9-edited"]
    for _ in range(2):  # and again, from the ledger this build saved
        gone = resolve_article(handle, "zz-deleted")
        assert gone.status == "gone" and gone.gone is not None
        assert (gone.gone.title, gone.gone.outlet, gone.gone.date) \
            == ("Deleted", "Jacobin", "2019-12-01")
        assert resolve_paragraph(handle, before["zz-deleted"][0]).status == "gone"
        assert load_ledger(corpus_dir / LEDGER_NAME).articles["zz-deleted"].live is False
        assert build_index(corpus_dir, index_dir, full=True).published


def test_a_deleted_article_points_to_where_most_of_its_paragraphs_went(
        corpus_dir: Path, index_dir: Path, write_article: WriteArticle) -> None:
    """An article split up and deleted: its page moves to the article that took most of its
    paragraphs (not the first or last by name, nor nowhere because most were dropped)."""
    write_article("split", body(PARAS))
    write_article("b-main", "The main story.")
    write_article("z-other", "Another story.")
    write_article("dropped", body(PARAS[:1] + [f"Dropped paragraph {n}." for n in range(3)]))
    ids(corpus_dir, index_dir, "split")
    (corpus_dir / "split.md").unlink()
    (corpus_dir / "dropped.md").unlink()
    write_article("b-main", body(["The main story.", *PARAS[:3]]))
    write_article("z-other", body(["Another story.", PARAS[3]]))
    assert build_index(corpus_dir, index_dir).published
    handle = IndexHandle(index_dir)
    assert resolve_article(handle, "split").moved_to == "b-main"
    dropped = resolve_article(handle, "dropped")
    assert dropped.status == "moved" and dropped.moved_to == "b-main"


def test_a_moved_paragraph_takes_its_own_id_back_before_anothers_with_the_same_text(
        corpus_dir: Path, index_dir: Path, write_article: WriteArticle) -> None:
    """A text several articles hold (a quote), moved within each, keeps each article's own
    id; an edited copy of it added beside it gets a new id; moved to a new article, it takes
    the id of the copy still live, not that of a deleted article's copy."""
    x = "Morales flew to Mexico, which offered him asylum."  # ids sort: d < b < a
    write_article("a-first", body([x, PARAS[0], PARAS[1]]))
    write_article("b-second", body([x, PARAS[2], PARAS[3]]))
    write_article("d-deleted", x)
    a_x, b_x = ids(corpus_dir, index_dir, "a-first")[0], ids(corpus_dir, index_dir, "b-second")[0]
    (corpus_dir / "d-deleted.md").unlink()
    assert build_index(corpus_dir, index_dir).published
    write_article("a-first", body([PARAS[0], PARAS[1], x, x + " He came back a year later."]))
    write_article("b-second", body([PARAS[2], PARAS[3], x]))
    a_now = ids(corpus_dir, index_dir, "a-first")
    assert a_now[2] == a_x and a_now[3] not in {a_x, b_x}
    assert ids(corpus_dir, index_dir, "b-second")[2] == b_x
    write_article("a-first", body(PARAS[:2]))
    write_article("c-new", x)
    assert ids(corpus_dir, index_dir, "c-new") == [a_x]


def test_separators_of_a_long_article_keep_their_places_among_rewritten_paragraphs(
        corpus_dir: Path, index_dir: Path, write_article: WriteArticle) -> None:
    """A long article (hundreds of paragraphs) repeats a separator many times: when the
    paragraphs around nine separators are all rewritten, each separator still keeps its id."""
    def article(rewritten: set[int]) -> str:
        return body([("* * *" if n % 10 == 0 else
                      f"Paragraph {n} {'rewritten entirely' if n in rewritten else 'as was'}.")
                     for n in range(230)])

    write_article("long", article(set()))
    first = ids(corpus_dir, index_dir, "long")
    write_article("long", article(set(range(41, 130))))
    assert ids(corpus_dir, index_dir, "long")[::10] == first[::10]
