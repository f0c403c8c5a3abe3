"""The Whoosh index of a generation being built: created empty, or opened to be updated."""

from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.fields import Schema
from whoosh.index import Index
from whoosh.writing import IndexingError

from search.whoosh import patches
from search.whoosh.schema import build_schema

WriteFailed = IndexingError  # what a failed writer process raises (search/whoosh/forked.py)


def create(folder: Path) -> Index:
    """Create an empty index with the schema in a new folder."""
    patches.apply()
    folder.mkdir(parents=True)
    return whoosh_index.create_in(str(folder), build_schema())


def open_to_update(folder: Path) -> Index:
    """Open the index in a copied generation folder to write to it."""
    patches.apply()
    return whoosh_index.open_dir(str(folder))


def same_schema(generation: Path) -> bool:
    """Say whether a generation has the fields, word pattern and stemmer this version's schema has
    (an update adds to an index only what its own analysis would have made)."""
    ix = whoosh_index.open_dir(str(generation), readonly=True)
    try:
        return set(ix.schema.names()) == set(build_schema().names()) and \
            _pattern(ix.schema) == _pattern(build_schema())
    finally:
        ix.close()


def _pattern(schema: Schema) -> str:
    """Return the word pattern and the stemmer (language and rules) the paragraph text is
    analysed with."""
    steps = schema["text"].analyzer.items
    stem = steps[-1]
    rules = getattr(stem.stemfn, "__dict__", {}).get("rules")  # as pickled: None before RULES
    return (f"{steps[0].expression.pattern} {stem.lang} {getattr(stem.stemfn, 'code', None)} "
            f"{rules}")
