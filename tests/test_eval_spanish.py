"""The relevance harness's Spanish collection: Spanish articles press-search accepts, and
judgments that each name exactly one of their paragraphs."""

from pathlib import Path

from eval.loaders import SPANISH, spanish_collection
from search.corpus.article_file import read_article


def test_the_spanish_articles_are_valid_spanish_corpus_files() -> None:
    paths = sorted(SPANISH.glob("*.md"))
    assert 4 <= len(paths) <= 6
    for path in paths:
        article = read_article(path, path.name)
        assert article.meta.language == "es", path.name


def test_every_spanish_judgment_names_one_paragraph_and_the_kinds_are_covered(
        tmp_path: Path) -> None:
    collection = spanish_collection(tmp_path)  # raises when a judged text names 0 or 2+
    assert collection.language == "es" and len(collection.queries) >= 25
    assert {q.kind for q in collection.queries} >= {
        "name", "event", "inflection", "accent", "phrase", "question", "compound"}
    assert any(q.text.startswith("¿") for q in collection.queries)
    assert all(2 in q.judged.values() for q in collection.queries)
    assert len(collection.keys) == len(set(collection.keys)) >= 40
