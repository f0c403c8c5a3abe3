"""A wildcard inside a word is matched against the corpus words by search/whoosh/wildcards.py's
own matcher: the same answers as the standard library's glob matching, in bounded time."""

from fnmatch import fnmatchcase
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from search.engine import IndexHandle, search
from search.index.build import build_index
from search.models import SearchRequest
from search.whoosh import wildcards
from search.whoosh.parser import parse
from search.whoosh.wildcards import Matching, fits
from tests.conftest import WriteArticle


@pytest.mark.parametrize(("pattern", "word", "fit"), [
    ("organi?ation", "organization", True), ("organi?ation", "organisations", False),
    ("behavio*r", "behaviour", True), ("behavio*r", "behavior", True),
    ("elect*s", "elections", True), ("elect*s", "elect", False), ("abc*", "abc", True),
    ("ab**c", "abc", True), ("ab*?c", "abc", False), ("ab*?c", "abxc", True),
    ("a*b", "axxbyb", True), ("a*b", "axxbyc", False),
])
def test_a_word_fits_a_pattern(pattern: str, word: str, fit: bool) -> None:
    assert fits(pattern, word) is fit


@given(st.text(alphabet="ab?*", max_size=8), st.text(alphabet="ab", max_size=10))
def test_a_word_fits_a_pattern_as_glob_matching_says(pattern: str, word: str) -> None:
    assert fits(pattern, word) == fnmatchcase(word, pattern)


def test_a_pattern_of_many_stars_is_matched_without_backtracking(
        corpus_dir: Path, index_dir: Path, write_article: WriteArticle) -> None:
    # as a regular expression, this pattern backtracks without end on the long word
    write_article("long", f"The crowd shouted {'a' * 50} at the soldiers.\n\nAn aab came.")
    assert build_index(corpus_dir, index_dir).published
    handle = IndexHandle(index_dir)
    hostile = search(handle, SearchRequest(text="aaa" + "*a" * 15 + "*b"))
    assert hostile.error is None and hostile.total == 0
    assert search(handle, SearchRequest(text="aaa*b")).total == 0  # "aab" has two a's
    assert search(handle, SearchRequest(text="aa?*a")).error  # two letters before the ?
    assert search(handle, SearchRequest(text="aaa*a")).total == 1  # the long word fits


@pytest.fixture
def spellings(corpus_dir: Path, index_dir: Path, write_article: WriteArticle) -> IndexHandle:
    write_article("british", """
        The organisation of the strike was left to the unions.

        Every organization in El Alto joined the march, said one organization.

        Another organization stayed out.

        The women marched to La Paz.
        """, title="English", authors=["Ann Smith"])
    write_article("spanish", """
        La organización de la huelga quedó en manos de los sindicatos, dijo Smith.
        """, title="Español", language="es", authors=["Ana Smith"])
    write_article("many", " ".join(f"pre{a}{b}z" for a in "abcdefgh" for b in "abcdefgh"),
                  title="Words")
    assert build_index(corpus_dir, index_dir).published
    return IndexHandle(index_dir)


def test_a_pattern_s_words_are_listed_most_frequent_first_in_every_language(
        spellings: IndexHandle) -> None:
    result = search(spellings, SearchRequest(text="organi?a?ion"))
    # organization in three paragraphs, organisation in one; the Spanish word in its own
    assert result.wildcards == {"organi?a?ion": ["organization", "organisation",
                                                 "organizacion"]}
    assert result.total == 4  # the Spanish paragraph is found by its language's reading
    assert search(spellings, SearchRequest(text="organi?a?ion lang:es")).total == 1
    # a name field: its words are looked for among the paragraphs' words, in English
    assert search(spellings, SearchRequest(text="author:smi?h")).total == 5


def test_a_pattern_carries_its_weight_and_a_bound_on_its_words(
        spellings: IndexHandle, monkeypatch: pytest.MonkeyPatch) -> None:
    with spellings.searcher() as (_, searcher):
        parsed = parse("organi?ation^3", searcher.reader())
    assert isinstance(parsed.strict, Matching) and parsed.strict.boost == 1.0
    assert {(t.text, t.boost) for t in parsed.strict.subqueries} == {("organ", 3.0),
                                                                      ("organis", 3.0)}
    many = search(spellings, SearchRequest(text="pre??z"))
    assert len(many.wildcards["pre??z"]) == 50 and many.notices == [
        "pre??z matches 64 words; searching the 50 most frequent."]
    assert search(spellings, SearchRequest(text="pre?bz")).notices == []  # 8 words: all
    monkeypatch.setattr(wildcards, "MAX_EXPANSION", 8)
    assert search(spellings, SearchRequest(text="pre?bz")).notices == []  # 8 of at most 8
    monkeypatch.setattr(wildcards, "MAX_SCAN", 3)  # the words read for one pattern
    assert search(spellings, SearchRequest(text="pre??z")).wildcards["pre??z"] == [
        "preaaz", "preabz", "preacz"]


def test_a_pattern_beside_a_word_with_other_spellings_keeps_its_words(
        spellings: IndexHandle) -> None:
    # the words with other spellings are widened through the whole query, the pattern too
    result = search(spellings, SearchRequest(text="wom?n OR organisation"))
    assert result.variants == {"organisation": ["organization"]}
    assert result.interpreted == "wom?n OR organisation"
    assert result.wildcards == {"wom?n": ["women"]} and result.total == 4


def test_a_pattern_in_a_name_field_of_an_index_in_another_language(
        corpus_dir: Path, index_dir: Path, write_article: WriteArticle) -> None:
    write_article("spanish", "La huelga quedó en manos de los sindicatos, dijo Smith.",
                  language="es", authors=["Ana Smith"])
    assert build_index(corpus_dir, index_dir).published
    handle = IndexHandle(index_dir)
    # an author's name is indexed as English words in every article
    assert search(handle, SearchRequest(text="author:smi?h")).total == 1
    assert search(handle, SearchRequest(text="sindica?os")).total == 1


def test_a_pattern_no_word_fits_is_described_as_typed(spellings: IndexHandle) -> None:
    for typed in ("organi?ed", "title:organi?ed", "zzzq*"):
        result = search(spellings, SearchRequest(text=typed))
        assert result.error is None and result.total == 0 and result.interpreted == typed
