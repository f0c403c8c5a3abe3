"""What makes builds faster must not change what they produce or leave the process altered."""

import gc
from pathlib import Path

import pytest

from search.build import build_index
from search.heap import BUILD_THRESHOLDS, fewer_collections
from tests.conftest import WriteArticle


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
