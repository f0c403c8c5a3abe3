"""Shared fixtures: purpose-built corpora, a copy of the real corpus, and built indexes."""

import shutil
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from search.build import build_index
from search.reader import IndexHandle

ROOT = Path(__file__).resolve().parent.parent
REAL_CORPUS = ROOT / "corpus"

WriteArticle = Callable[..., Path]


def article_text(title: str, outlet: str, authors: list[str], date: str, body: str,
                 **extra: str) -> str:
    """Return a corpus file's text with the given front matter and body."""
    lines = ["---", f'title: "{title}"', f'outlet: "{outlet}"', "authors:"]
    lines += [f'  - "{a}"' for a in authors]
    lines.append(f'date: "{date}"')
    lines += [f'{k}: "{v}"' for k, v in extra.items()]
    lines += ["---", "", textwrap.dedent(body).strip(), ""]
    return "\n".join(lines)


@pytest.fixture
def corpus_dir(tmp_path: Path) -> Path:
    """Return an empty corpus folder."""
    path = tmp_path / "corpus"
    path.mkdir()
    return path


@pytest.fixture
def index_dir(tmp_path: Path) -> Path:
    """Return the path of a not-yet-built index folder."""
    return tmp_path / "index"


@pytest.fixture
def write_article(corpus_dir: Path) -> WriteArticle:
    """Return a function that writes one article file into the corpus folder."""

    def write(slug: str, body: str, title: str = "A title", outlet: str = "Outlet A",
              authors: list[str] | None = None, date: str = "2019-11-13", **extra: str) -> Path:
        path = corpus_dir / f"{slug}.md"
        path.write_text(article_text(title, outlet, authors or ["An Author"], date, body,
                                     **extra), encoding="utf-8")
        return path

    return write


@pytest.fixture
def real_corpus(tmp_path: Path) -> Path:
    """Return a private copy of the real corpus (building writes its id ledger there)."""
    path = tmp_path / "real-corpus"
    shutil.copytree(REAL_CORPUS, path)
    return path


@pytest.fixture(scope="session")
def real_index(tmp_path_factory: pytest.TempPathFactory) -> IndexHandle:
    """Return a handle on an index of the real corpus, built once per test session."""
    root = tmp_path_factory.mktemp("real")
    shutil.copytree(REAL_CORPUS, root / "corpus")
    report = build_index(root / "corpus", root / "index")
    assert report.published, report.errors
    return IndexHandle(root / "index")
