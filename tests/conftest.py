"""Shared fixtures: purpose-built corpora, a copy of the real corpus, and built indexes."""

import shutil
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from search.index.build import build_index
from search.web import create_app
from search.whoosh.handle import IndexHandle

ROOT = Path(__file__).resolve().parent.parent
REAL_CORPUS = ROOT / "corpus"

WriteArticle = Callable[..., Path]


class Clock:
    """A clock that moves only when the test says so."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


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


# --- The web app: a real-corpus app for read-only tests, tiny corpora for exact ones. ---

TINY = {
    "flag": dict(body="""
        Jeanine Áñez installed herself in the palace after the coup.

        ## What next?

        Mobs burned the Wiphala flag while the coup leaders resigned.

        - The army opened fire in Senkata.
        - Police mutinied in Cochabamba.
        """, title="A coup in Bolivia", outlet="Red Flag", authors=["KD Tait"], date="2020-01",
        url="https://example.org/flag"),
    "wedge": dict(body="""
        The MAS party won the election; Anez was defeated and the whipala flew again.

        David Choquehuanca became vice president after the coups were reversed.

        The coup regime of Añez persecuted the MÁS and its voters.
        """, title="Socialists win", outlet="Wedge", authors=["Cory Willingham", "Ann Other"],
        date="2020-10-19"),
    "wsws": dict(body="""
        The coup in Bolivia was backed by Washington, and the coup leaders knew it.

        Workers in El Alto resisted the coup for weeks.
        """, title="The US-backed coup", outlet="World Socialist Web Site",
        authors=["Bill Van Auken"], date="2019-11-13"),
}


@pytest.fixture(scope="session")
def app(real_index: IndexHandle) -> Flask:
    """Return the web app serving an index of (a copy of) the real corpus."""
    return create_app({"TESTING": True, "INDEX_DIR": str(real_index.index_dir)})


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    """Return a test client of the real-corpus app."""
    return app.test_client()


@pytest.fixture
def rebuild(corpus_dir: Path, index_dir: Path) -> Callable[[], None]:
    """Return a function that builds and publishes the tmp corpus's index."""

    def build() -> None:
        report = build_index(corpus_dir, index_dir)
        assert report.published, report.errors

    return build


@pytest.fixture
def tiny_app(write_article: WriteArticle, rebuild: Callable[[], None], index_dir: Path) -> Flask:
    """Return an app serving three tiny articles whose counts are known by hand."""
    for slug, fields in TINY.items():
        write_article(slug, **fields)
    rebuild()
    return create_app({"TESTING": True, "INDEX_DIR": str(index_dir)})


@pytest.fixture
def tiny(tiny_app: Flask) -> FlaskClient:
    """Return a test client of the tiny-corpus app."""
    return tiny_app.test_client()
