"""Invalid corpus files are each reported as file:line: message, and never published."""

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from search.cli import main
from search.corpus.load import load_corpus
from search.engine import search
from search.index.build import build_index
from search.models import SearchRequest
from search.whoosh.handle import IndexHandle
from tests.conftest import WriteArticle, article_text

GOOD = article_text("Fine", "Outlet A", ["A"], "2019-11-13", "A good paragraph about the coup.")

BROKEN: dict[str, tuple[bytes, int, str]] = {
    "bad-utf8": (GOOD.replace("good", "go\udcffod").encode("utf-8", "surrogateescape"), 9,
                 "not valid UTF-8 (byte 0xff)"),
    "utf16": (GOOD.encode("utf-16"), 1, "file is UTF-16"),
    "no-front-matter": (b"Just a paragraph.\n", 1, "no front matter"),
    "unterminated": (b"---\ntitle: x\n\nBody.\n", 1, "front matter is not closed"),
    "not-mapping": (b"---\n- a\n- b\n---\n\nBody.\n", 2, "must be a YAML mapping"),
    "bad-yaml": (b"---\ntitle: [unclosed\noutlet: x\n---\n\nBody.\n", 3, "not valid YAML"),
    "missing-outlet": (GOOD.replace('outlet: "Outlet A"\n', "").encode(), 1,
                       "missing required field 'outlet'"),
    "authors-type": (GOOD.replace('authors:\n  - "A"', "authors: 42").encode(), 4,
                     "'authors' must be a list of non-empty strings"),
    "date-format": (GOOD.replace("2019-11-13", "13/11/2019").encode(), 6,
                    "date '13/11/2019' is invalid: not YYYY-MM-DD or YYYY-MM"),
    "date-impossible": (GOOD.replace("2019-11-13", "2019-02-30").encode(), 6,
                        "date '2019-02-30' is invalid: day is out of range"),
    "empty-body": (GOOD.replace("A good paragraph about the coup.", "").encode(), 8,
                   "the body has no paragraphs"),
    "binary": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", 1, "binary file"),
}


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_each_broken_file_is_reported_at_its_line(corpus_dir: Path, name: str) -> None:
    content, line, message = BROKEN[name]
    (corpus_dir / f"{name}.md").write_bytes(content)
    errors = load_corpus(corpus_dir).errors
    assert len(errors) == 1
    assert errors[0].path.endswith(f"{name}.md")
    assert errors[0].line == line
    assert message in errors[0].message


def test_duplicate_slug_names_both_files(corpus_dir: Path) -> None:
    (corpus_dir / "a.md").write_text(GOOD, encoding="utf-8")
    (corpus_dir / "b.md").write_text(GOOD.replace('title: "Fine"', 'title: "Fine"\nslug: a'),
                                     encoding="utf-8")
    errors = load_corpus(corpus_dir).errors
    assert [str(e) for e in errors] == ["corpus/b.md:1: duplicate slug 'a' (also corpus/a.md)"]


def test_oversized_file_and_symlink_loop(corpus_dir: Path) -> None:
    with open(corpus_dir / "huge.md", "wb") as fh:
        fh.truncate(50 * 1024 * 1024)
    os.symlink("loop.md", corpus_dir / "loop.md")
    messages = {Path(e.path).name: e.message for e in load_corpus(corpus_dir).errors}
    assert messages["huge.md"] == "file too large (50.0 MB; limit 5 MB)"
    assert messages["loop.md"].startswith(("not a regular file", "cannot read"))


def test_every_error_is_listed_and_nothing_is_published(corpus_dir: Path, index_dir: Path,
                                                        write_article: WriteArticle) -> None:
    write_article("good", "The coup in Bolivia.")
    assert build_index(corpus_dir, index_dir).published
    for name in ("bad-utf8", "binary", "date-format"):
        (corpus_dir / f"{name}.md").write_bytes(BROKEN[name][0])
    (corpus_dir / "good.md").unlink()
    report = build_index(corpus_dir, index_dir)
    assert not report.published
    assert len(report.errors) == 3
    handle = IndexHandle(index_dir)
    assert search(handle, SearchRequest(text="coup")).total == 1  # nothing already indexed lost


def test_skip_invalid_indexes_the_rest_and_still_lists_them(corpus_dir: Path, index_dir: Path,
                                                            write_article: WriteArticle) -> None:
    write_article("good", "The coup in Bolivia.")
    (corpus_dir / "binary.md").write_bytes(BROKEN["binary"][0])
    result = CliRunner().invoke(main, ["index", "--corpus", str(corpus_dir), "--index",
                                       str(index_dir), "--skip-invalid"])
    assert result.exit_code == 1
    assert "binary.md:1: binary file" in result.output
    assert "1 articles, 1 paragraphs, 1 outlets" in result.output
    assert search(IndexHandle(index_dir), SearchRequest(text="coup")).total == 1


def test_cli_refuses_to_publish_and_says_why(corpus_dir: Path, index_dir: Path) -> None:
    (corpus_dir / "date-format.md").write_bytes(BROKEN["date-format"][0])
    result = CliRunner().invoke(main, ["index", "--corpus", str(corpus_dir), "--index",
                                       str(index_dir)])
    assert result.exit_code == 1
    assert "date-format.md:6: date '13/11/2019' is invalid" in result.output
    assert "index not published" in result.output
    check = CliRunner().invoke(main, ["check", "--corpus", str(corpus_dir)])
    assert check.exit_code == 1
    assert "0 valid articles, 0 paragraphs, 1 problem(s)" in check.output
