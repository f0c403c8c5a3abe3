"""Counting by sets and scoring from posting blocks give Whoosh's own matches and scores.

search/whoosh/matchset.py works out a query's matches a posting block at a time (phrases from the
positions in those blocks); search/whoosh/scoring.py scores them from the same blocks. These tests
hold both to Whoosh's answers, on the real corpus and on an index of several segments with
deletions.
"""

from array import array
from dataclasses import dataclass
from itertools import accumulate
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from whoosh import query
from whoosh.analysis import RegexTokenizer, StemFilter
from whoosh.codec.whoosh3 import W3PostingsWriter
from whoosh.searching import Searcher

from search.engine import search
from search.index.build import build_index
from search.models import SearchRequest
from search.whoosh import patches as whoosh_fixes
from search.whoosh.budget import Budget
from search.whoosh.handle import IndexHandle
from search.whoosh.matchset import Postings, by_sets, matches, plain
from search.whoosh.parser import QueryError, parse
from search.whoosh.ranking import final_order, ranking_query
from search.whoosh.run import ordered, plan
from search.whoosh.schema import build_schema
from search.whoosh.scoring import scorable, scores
from search.whoosh.writer import ParagraphWriter
from tests.conftest import WriteArticle

QUERIES = ["coup", "police", "coup police", "coup OR police", "elect*", "morales resignation",
           '"armed forces"', '"el alto"~2', "(coup OR police) military", "coup -military",
           "NOT coup", "police NOT (coup OR military)", '"armed forces" -police',
           'outlet:"Red Flag" coup', "workers OR peasants OR miners", "zzzunknown",
           "coup zzzunknown", "title:coup"]


def whoosh_set(searcher: Searcher, q: query.Query) -> set[int]:
    """Whoosh's matches for `q`, with NOT worked out as a difference of Whoosh's own sets
    (its AND-NOT matcher can keep a document it should not: see search/whoosh/matchset.py)."""
    if isinstance(q, query.AndNot):
        return whoosh_set(searcher, q.a) - whoosh_set(searcher, q.b)
    if isinstance(q, query.Not):
        return set(searcher.reader().all_doc_ids()) - whoosh_set(searcher, q.query)
    if isinstance(q, query.And) and not plain(q):
        return set.intersection(*(whoosh_set(searcher, c) for c in q.children()))
    return set(searcher.docs_for_query(q))


def check_sets(handle: IndexHandle) -> int:
    """Compare every query's sets; return how many documents they matched in all."""
    found = 0
    with handle.searcher() as (_, searcher):
        for text in QUERIES:
            try:
                q = parse(text, searcher.reader()).strict
            except QueryError:  # a prefix that expands to no word of this index
                continue
            assert q is not None
            expected = whoosh_set(searcher, q)
            assert set(np.flatnonzero(matches(searcher, q)).tolist()) == expected, text
            found += len(expected)
    return found


def test_sets_are_whooshs_matches_on_the_real_corpus(real_index: IndexHandle) -> None:
    assert check_sets(real_index) > 500


@pytest.fixture
def segmented(write_article: WriteArticle, corpus_dir: Path, index_dir: Path) -> IndexHandle:
    """An index of three segments, two of them with deleted documents."""
    texts = ["The coup was announced by the police.", "Military police patrolled El Alto.",
             "Armed forces entered the city after the coup.", "Workers and peasants marched."]
    for n in range(12):
        write_article(f"a{n}", "\n\n".join(texts[(n + i) % 4] for i in range(3)),
                      outlet=("Red Flag", "Other")[n % 2])
    assert build_index(corpus_dir, index_dir).published
    for round_no in range(2):
        for n in range(round_no, 12, 4):  # change some articles: their old paragraphs go
            write_article(f"a{n}", f"Round {round_no}: the coup, again.\n\n" + texts[n % 4],
                          outlet=("Red Flag", "Other")[n % 2])
        assert build_index(corpus_dir, index_dir).published
    handle = IndexHandle(index_dir)
    with handle.searcher() as (_, searcher):
        leaves = [leaf.reader() for leaf, _ in searcher.leaf_searchers()]
    assert len(leaves) >= 2 and any(r.has_deletions() for r in leaves)
    return handle


def test_sets_are_whooshs_matches_across_segments_and_deletions(segmented: IndexHandle) -> None:
    assert check_sets(segmented) > 50


def test_and_not_leaves_out_every_paragraph_with_the_excluded_word(
        write_article: WriteArticle, corpus_dir: Path, index_dir: Path) -> None:
    # Whoosh's AND-NOT matcher keeps "coup and military" here: the excluded word's postings
    # start before the first coup, and its first comparison never moves them forward.
    write_article("a", "Only military here.\n\nThe coup and the military.\n\nThe coup alone.")
    assert build_index(corpus_dir, index_dir).published
    handle = IndexHandle(index_dir)
    with handle.searcher() as (_, searcher):
        q = parse("coup -military", searcher.reader()).strict
        assert len(set(searcher.docs_for_query(q))) == 2  # Whoosh's own matcher: wrong
    result = search(handle, SearchRequest(text="coup -military"))
    assert result.total == 1
    assert [h.text for h in result.hits] == ["The coup alone."]


REQUESTS = [SearchRequest(text=t) for t in QUERIES if t != "zzzunknown"] + [
    SearchRequest(text="coup", outlets=("Red Flag",)),
    SearchRequest(text='"armed forces"', outlets=("Red Flag",)),
    SearchRequest(text="police", date_from="2019-11", date_to="2019-11"),
    SearchRequest(text="coup -military", outlets=("Red Flag",)),
    # spelling variants: Terms boosted below 1, which the scorer multiplies in as Whoosh does
    SearchRequest(text="whipala"), SearchRequest(text="licence"),
    SearchRequest(text="Camacho bibel"), SearchRequest(text="wiphala OR coup"),
]



@dataclass(frozen=True)
class StemmerBefore:
    """A stemmer pickled as those before RULES were (its language only): stems nothing."""

    code: str

    def __call__(self, word: str) -> str:
        return word


@pytest.mark.parametrize("old_pattern", [True, False])  # False: the stemmer's rules alone
def test_an_index_analysed_before_numbers_and_ordinals_is_rebuilt_in_full(
        write_article: WriteArticle, corpus_dir: Path, index_dir: Path,
        monkeypatch: pytest.MonkeyPatch, old_pattern: bool) -> None:
    write_article("a", "Decree No. 4,078 was issued on the 15th.\n\nDecree 4078 was withdrawn.")
    old_schema = build_schema()
    steps = old_schema["text"].analyzer.items  # every full-text field's
    if old_pattern:  # the version that split "4,078" into 4 and 078
        steps[0] = RegexTokenizer(r"(?!(?<=['’])s\b)\w+(?:\.?\w+)*")
    steps[-1] = StemFilter(stemfn=StemmerBefore("en"), cachesize=-1)
    with monkeypatch.context() as patch:
        patch.setattr("search.whoosh.segments.build_schema", lambda: old_schema)
        assert build_index(corpus_dir, index_dir).published
    handle = IndexHandle(index_dir)
    assert search(handle, SearchRequest(text="15 decree")).total == 0  # "15th" is a word
    write_article("b", "Another decree on the 15th.")
    report = build_index(corpus_dir, index_dir)
    assert report.published and report.mode == "full" and report.rebuilt
    assert search(handle, SearchRequest(text="4078")).total == 2
    assert search(handle, SearchRequest(text="15 decree")).total == 2


@pytest.mark.parametrize("handle_name", ["real_index", "segmented"])
def test_ranking_is_whooshs_ranking_of_the_same_matches(
        handle_name: str, request: pytest.FixtureRequest) -> None:
    handle: IndexHandle = request.getfixturevalue(handle_name)
    ranked = 0
    with handle.searcher() as (gen, searcher):
        for req in REQUESTS:
            try:
                p = plan(gen, searcher, req, Budget(None))
            except QueryError:
                continue
            ours = ordered(gen, searcher, req, p, Budget(None))
            docs = p.counts.total_docs
            if not docs:
                continue
            # Whoosh scoring every match that passes the filters with the ranking query, its
            # own filter; then the same final steps (length prior, closeness of the words)
            theirs = searcher.search(ranking_query(p.strict), filter=docs, limit=None)
            found = sorted((h.docnum, h.score) for h in theirs if h.docnum in docs)
            scored = (np.array([d for d, _ in found], dtype=np.int64),
                      np.array([s for _, s in found], dtype=np.float64))
            expected = final_order(searcher, scored, gen.doc_lengths(searcher), p.strict,
                                   None)
            assert [d for d, _ in ours] == [d for d, _ in expected], req
            assert [s for _, s in ours] == pytest.approx([s for _, s in expected], rel=1e-12)
            ranked += len(ours)
    assert ranked > 20


def test_words_are_scored_from_the_blocks_counting_read(real_index: IndexHandle) -> None:
    with real_index.searcher() as (gen, searcher):
        for text in ["coup", "coup police", "coup OR police", "coup -military",
                     "(coup OR police) military", "elect*", '"armed forces"',
                     '"armed forces" -police', '"el alto"~2 police']:
            req = SearchRequest(text=text)
            p = plan(gen, searcher, req, Budget(None))
            assert scorable(searcher, p.strict) and p.postings is not None, text
            ordered(gen, searcher, req, p, Budget(None), limit=10)
            assert p.scores is not None and set(p.scores[0].tolist()) == p.counts.total_docs, text
            assert by_sets(p.strict), text
    # anything else is left to Whoosh's matchers (the query builder makes no such query)
    assert not by_sets(query.Or([query.Term("text", "coup"), query.Term("text", "arm")],
                                minmatch=2))


def test_words_are_counted_from_the_copy_without_positions(real_index: IndexHandle) -> None:
    with real_index.searcher() as (_, searcher):
        postings = Postings(searcher)
        for word in ("coup", "polic", "arm"):
            light = postings.blocks("text", word)
            assert light and not light[0][4]  # no positions read
            reader = searcher.reader()
            full = reader.postings("text", word)
            ids, weights = [], []
            while full.is_active():
                ids.append(full.id())
                weights.append(full.weight())
                full.next()
            assert light[0][2].tolist() == ids and light[0][3].tolist() == weights
            with_positions = postings.blocks("text", word, values=True)  # as phrases ask
            assert len(with_positions[0][4]) == len(ids)


def test_an_index_of_the_older_format_is_searched_then_rebuilt_in_full(
        write_article: WriteArticle, corpus_dir: Path, index_dir: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    write_article("a", "The coup was announced.\n\nThe police and the coup.")
    write_article("b", "Armed forces entered the city.")
    old_schema = build_schema()
    old_schema.remove("text_counts")
    add = ParagraphWriter.add_documents

    def add_without_copy(self: ParagraphWriter, shared: dict[str, object],
                         each: list[dict[str, object]]) -> None:
        add(self, shared, [{k: v for k, v in one.items() if k != "text_counts"} for one in each])

    with monkeypatch.context() as patch:  # a build of the version before text_counts
        patch.setattr("search.whoosh.segments.build_schema", lambda: old_schema)
        patch.setattr(ParagraphWriter, "add_documents", add_without_copy)
        assert build_index(corpus_dir, index_dir).published
    handle = IndexHandle(index_dir)
    with handle.searcher() as (_, searcher):
        assert "text_counts" not in searcher.schema
    result = search(handle, SearchRequest(text="coup"))  # read from `text` itself
    assert result.total == 2
    assert {h.text for h in result.hits} == {"The coup was announced.", "The police and the coup."}
    write_article("c", "Another coup.")
    report = build_index(corpus_dir, index_dir)
    assert report.published and report.mode == "full" and report.rebuilt
    assert "rebuilt in full: the index format changed" in report.summary()
    with handle.searcher() as (_, searcher):
        assert "text_counts" in searcher.schema
    assert search(handle, SearchRequest(text="coup")).total == 3


def test_field_lengths_read_once_give_whooshs_own_answers(real_index: IndexHandle) -> None:
    with real_index.searcher() as (_, searcher):
        for leaf, _ in searcher.leaf_searchers():
            perdoc = leaf.reader()._perdoc
            count = leaf.reader().doc_count_all()
            for field in ("text", "text_counts", "title", "pid"):  # pid: no length column
                ours = [perdoc.doc_field_length(d, field, 7) for d in range(count)]
                whooshs = [whoosh_fixes._doc_field_length(perdoc, d, field, 7)
                           for d in range(count)]
                assert ours == whooshs, field
                assert any(n not in (None, 7) for n in ours) == (field != "pid"), field


@given(gaps=st.lists(st.integers(0, 5000), max_size=600),
       weights=st.one_of(st.just("ones"), st.just("same"),
                         st.lists(st.sampled_from([1.0, 2.5]), max_size=600),
                         st.lists(st.floats(0, 1e6, width=32), max_size=600)),
       byteids=st.booleans())
def test_block_ids_and_weights_are_minified_as_whoosh_does(
        gaps: list[int], weights: Any, byteids: bool) -> None:
    block = W3PostingsWriter(None, 512, byteids=byteids)
    ids = list(accumulate(gaps))
    block._ids = [str(i) for i in ids] if byteids else array("I", ids)
    if weights == "ones":
        weights = [1.0] * len(ids)
    elif weights == "same":
        weights = [2.5] * len(ids)
    block._weights = array("f", weights)
    whooshs_ids, whooshs_weights = whoosh_fixes.WHOOSHS_MINI
    assert block._mini_ids() == whooshs_ids(block)
    assert block._mini_weights() == whooshs_weights(block)
    assert type(block._mini_weights()) is type(whooshs_weights(block))


def test_an_index_stemmed_without_undotted_acronyms_is_rebuilt_in_full(
        write_article: WriteArticle, corpus_dir: Path, index_dir: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    write_article("a", "The U.S. embassy denied it.\n\nThe US ambassador left.")
    old_schema = build_schema()
    old_schema["text"].analyzer.items[-1] = StemFilter(lang="en", cachesize=-1)  # all fields'
    with monkeypatch.context() as patch:  # a build of the version that stemmed U.S. as "u."
        patch.setattr("search.whoosh.segments.build_schema", lambda: old_schema)
        assert build_index(corpus_dir, index_dir).published
    write_article("b", "Another U.S. statement.")
    report = build_index(corpus_dir, index_dir)
    assert report.published and report.mode == "full" and report.rebuilt
    assert search(IndexHandle(index_dir), SearchRequest(text="US")).total == 3
@pytest.mark.parametrize("handle_name", ["real_index", "segmented"])
def test_scores_are_whooshs_for_each_shape_of_query(
        handle_name: str, request: pytest.FixtureRequest) -> None:
    # Straight to the scorer, with the shapes ranking_query never hands it (an AND-NOT, a
    # boost of 2, a word in no paragraph beside one in many) as well as those it does.
    handle: IndexHandle = request.getfixturevalue(handle_name)
    with handle.searcher() as (gen, searcher):
        coup, military = (parse(w, searcher.reader()).strict for w in ("coup", "military"))
        phrase = parse('"armed forces"', searcher.reader()).strict
        assert isinstance(coup, query.Term) and isinstance(military, query.Term)
        shapes = [query.AndNot(coup, military), query.Term("text", coup.text, boost=2.0),
                  query.Or([coup, query.Term("text", "zzzunknown")]),
                  query.Or([coup, query.Term("title", "zzzunknown"), military]), phrase]
        for q in shapes:
            assert scorable(searcher, q), q
            docs = whoosh_set(searcher, q)
            wanted = np.zeros(searcher.doc_count_all(), dtype=np.bool_)
            wanted[list(docs)] = True
            ids, values = scores(searcher, q, wanted, Postings(searcher), gen.lengths,
                                 Budget(None)) or (np.zeros(0), np.zeros(0))
            theirs = sorted((h.docnum, h.score) for h in searcher.search(q, limit=None)
                            if h.docnum in docs)
            assert ids.tolist() == [d for d, _ in theirs], q
            assert values.tolist() == pytest.approx([s for _, s in theirs], rel=1e-12), q


def test_a_page_is_the_start_of_the_whole_ranking(real_index: IndexHandle) -> None:
    # A page ranks only the best candidates (a partial sort); they must be the best ones.
    with real_index.searcher() as (gen, searcher):
        for text in ["coup", "bolivia", "government", "morales OR evo"]:
            req = SearchRequest(text=text)
            p = plan(gen, searcher, req, Budget(None))
            assert p.counts.total > 40, text
            whole = ordered(gen, searcher, req, p, Budget(None))
            for limit in (10, 40):  # fewer and more than the candidates looked at again
                assert ordered(gen, searcher, req, p, Budget(None), limit=limit) \
                    == whole[:limit], (text, limit)
