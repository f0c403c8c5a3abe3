"""A build tells its steps as they begin and counts its articles; the command shows them on
a terminal and nowhere else."""

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from search.cli.terminal import StepsShown
from search.index.build import build_index
from search.index.steps import COPYING, INDEXING, NUMBERING, READING, WRITING
from tests.conftest import WriteArticle
from tests.test_build import synthetic

Event = tuple[str, int]  # ("step:" + a step's name, its total) or ("counted", articles)


def build_told(corpus: Path, index: Path, procs: int | None = None) -> list[Event]:
    """Build and return what the build told, in order."""
    told: list[Event] = []
    build_index(corpus, index, procs=procs, stage=lambda name, total: told.append(
        (f"step:{name}", total)), progress=lambda done: told.append(("counted", done)))
    return told


def steps(told: list[Event]) -> list[Event]:
    """Return the steps told, with the articles counted during each added up."""
    out: list[Event] = []
    for what, number in told:
        if what == "counted":
            name, total = out[-1]
            out[-1] = (name, total - number)  # what is left of the step's count
        else:
            out.append((what.removeprefix("step:"), number))
    return out


@pytest.mark.parametrize("procs", [1, 2])
def test_a_full_build_counts_every_article_before_writing_the_index(
        write_article: WriteArticle, corpus_dir: Path, tmp_path: Path, procs: int) -> None:
    synthetic(write_article, 12)
    told = build_told(corpus_dir, tmp_path / "index", procs)
    # every article counted during "Indexing articles" (nothing left), then the writing begins
    assert steps(told) == [(READING, 0), (NUMBERING, 0), (INDEXING, 0), (WRITING, 0)]
    assert (f"step:{INDEXING}", 12) in told
    assert told[-1] == (f"step:{WRITING}", 0) and told[-2][0] == "counted"


def test_an_update_counts_only_the_articles_it_indexes(
        write_article: WriteArticle, corpus_dir: Path, tmp_path: Path) -> None:
    synthetic(write_article, 12)
    index = tmp_path / "index"
    build_index(corpus_dir, index)
    write_article("article-0003", "The coup leaders resigned.", title="Changed")
    write_article("added", "Police and army at Senkata.")
    told = build_told(corpus_dir, index)
    assert (f"step:{INDEXING}", 2) in told  # not the 13 articles of the corpus
    assert steps(told) == [(READING, 0), (NUMBERING, 0), (COPYING, 0), (INDEXING, 0),
                           (WRITING, 0)]
    (corpus_dir / "added.md").unlink()
    assert build_told(corpus_dir, index) == [  # nothing to count: the index is written at once
        (f"step:{s}", 0) for s in (READING, NUMBERING, COPYING)] + [
        (f"step:{INDEXING}", 0), (f"step:{WRITING}", 0)]
    assert build_told(corpus_dir, index) == [(f"step:{READING}", 0), (f"step:{NUMBERING}", 0)]


def test_the_steps_are_shown_each_once_with_a_bar_for_the_articles(
        write_article: WriteArticle, corpus_dir: Path, tmp_path: Path) -> None:
    synthetic(write_article, 5)
    out = io.StringIO()
    with StepsShown(out, shown=True) as shown:  # click writes a bar's label once off a terminal
        build_index(corpus_dir, tmp_path / "index", stage=shown.stage, progress=shown.progress)
    assert out.getvalue().splitlines() == [f"{READING}...", f"{NUMBERING}...", INDEXING,
                                           f"{WRITING}..."]
    quiet = io.StringIO()
    with StepsShown(quiet) as shown:  # not a terminal: nothing
        build_index(corpus_dir, tmp_path / "index", full=True, stage=shown.stage,
                    progress=shown.progress)
    assert quiet.getvalue() == ""


def test_the_command_draws_the_bar_to_100_percent_on_a_terminal(
        write_article: WriteArticle, corpus_dir: Path, tmp_path: Path) -> None:
    synthetic(write_article, 5)
    main, other = os.openpty()
    try:
        result = subprocess.run(
            [sys.executable, "-m", "search", "index", "--corpus", str(corpus_dir), "--index",
             str(tmp_path / "index")], stdout=subprocess.PIPE, stderr=other, text=True,
            timeout=60, check=True)
        os.close(other)
        shown = b""
        while chunk := _read(main):
            shown += chunk
    finally:
        os.close(main)
    screen = shown.decode()
    assert result.stdout.startswith("5 articles, 40 paragraphs, 4 outlets, ")
    assert f"{INDEXING}  [" in screen and "100%" in screen
    assert screen.index(READING) < screen.index(NUMBERING) < screen.index(INDEXING) \
        < screen.index("100%") < screen.index(WRITING)


def _read(fd: int) -> bytes:
    """Read what is left on a terminal whose other end is closed (Linux raises EIO at its end)."""
    try:
        return os.read(fd, 65536)
    except OSError:
        return b""
