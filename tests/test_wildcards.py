"""A wildcard inside a word is matched against the corpus words by search/whoosh/wildcards.py's
own matcher: the same answers as the standard library's glob matching, in bounded time."""

from fnmatch import fnmatchcase
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from search.engine import IndexHandle, search
from search.index.build import build_index
from search.models import SearchRequest
from search.whoosh.wildcards import fits
from tests.conftest import WriteArticle


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
