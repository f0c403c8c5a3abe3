"""Indexing analyses each value once (search/whoosh/analysis.py) and gives Whoosh exactly the
postings its own TEXT field gives: word by word for any text, and posting by posting for the real
corpus."""

from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from whoosh import fields
from whoosh import index as whoosh_index
from whoosh.analysis import Analyzer, CharsetFilter, StandardAnalyzer
from whoosh.reading import IndexReader

import search.whoosh.segments
from search.index.build import build_index
from search.store.generations import current_generation, generation_dir
from search.whoosh.analysis import ParagraphText
from search.whoosh.schema import build_schema, text_analyzer

# Words with accents, capitals whose lowercase is longer (İ) or depends on what follows (Greek's
# final sigma), ligatures, digits, dotted
# abbreviations, apostrophes and hyphens, underscores, other scripts, and stemmable endings.
PIECES = ["Morales", "morales'", "U.S.", "3.141", "Áñez", "AÑEZ", "İstanbul", "straße", "ﬁre",
          "coups", "coup-leaders", "running", "ran", "x_y", "Ωμέγα", "北京", "...", "—", "\n",
          "e.g.", "ΟΔΟΣ", "ΣΑΣ.Σ", "a", "the", "resignation", "resigned", "don't", "El Alto",
          "1,000", "½", "4,078,000.5", "12,3456", "1,2", "10th", "x1,000", "1,000x"]
TEXTS = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=8)), max_size=30) \
    .map(" ".join)


def whoosh_postings(field: fields.FieldType, value: str) -> list[tuple[Any, ...]]:
    """Return the field's postings for a value, in a fixed order."""
    return sorted(field.index(value))


@pytest.mark.parametrize("options", [dict(), dict(phrase=False), dict(field_boost=2.5),
                                     dict(phrase=False, field_boost=0.5, spelling=True)])
@given(values=st.lists(TEXTS, min_size=1, max_size=4))
def test_each_value_gives_whooshs_own_postings(options: dict[str, Any],
                                               values: list[str]) -> None:
    ours = ParagraphText(analyzer=text_analyzer(), **options)
    theirs = fields.TEXT(analyzer=text_analyzer(), **options)
    for value in values + values[::-1]:  # again, from the values analysed a moment ago
        assert whoosh_postings(ours, value) == whoosh_postings(theirs, value)
        assert list(ours.spellable_words(value)) == list(theirs.spellable_words(value))


def ascii_folding_analyzer() -> Analyzer:
    """Return the text analyzer with a charmap that also changes a lowercase ASCII letter."""
    analyzer = text_analyzer()
    folding = next(step for step in analyzer.items if isinstance(step, CharsetFilter))
    folding.charmap = {**folding.charmap, ord("e"): "a"}
    return analyzer


@given(values=st.lists(TEXTS, min_size=1, max_size=4))
def test_a_charmap_that_changes_ascii_gives_whooshs_own_postings(values: list[str]) -> None:
    # the project's charmap leaves lowercase ASCII as it is, so only the other characters'
    # runs are folded; this one does not, and the whole text is folded
    ours = ParagraphText(analyzer=ascii_folding_analyzer(), spelling=True)
    theirs = fields.TEXT(analyzer=ascii_folding_analyzer(), spelling=True)
    assert whoosh_postings(ours, "Evo Morales resigned") == [
        (b"avo", 1, 1.0, b"\x00\x00\x00\x01\x80\x02]q\x00K\x00a."),
        (b"morala", 1, 1.0, b"\x00\x00\x00\x01\x80\x02]q\x00K\x01a."),
        (b"rasignad", 1, 1.0, b"\x00\x00\x00\x01\x80\x02]q\x00K\x02a.")]
    for value in values:
        assert whoosh_postings(ours, value) == whoosh_postings(theirs, value)
        assert list(ours.spellable_words(value)) == list(theirs.spellable_words(value))


def test_another_analyzer_is_left_to_whoosh() -> None:
    text = "The coups and the coup leaders were running"
    ours = ParagraphText(analyzer=StandardAnalyzer())
    words = [w for w, *_ in ours.index(text)]
    assert sorted(words) == [b"coup", b"coups", b"leaders", b"running", b"were"]  # stop words out
    assert sorted(ours.index(text)) == whoosh_postings(fields.TEXT(analyzer=StandardAnalyzer()),
                                                       text)


def whoosh_schema() -> fields.Schema:
    """Return the schema with Whoosh's own TEXT in place of ParagraphText."""
    schema = build_schema()
    for name in schema.names():
        field = schema[name]
        if isinstance(field, ParagraphText):
            plain = fields.TEXT(analyzer=field.analyzer, stored=field.stored,
                                spelling=field.spelling, phrase=field.format.__class__.__name__
                                == "Positions")
            schema.remove(name)
            schema.add(name, plain)
    return schema


def everything(reader: IndexReader) -> dict[str, Any]:
    """Return every posting (id, weight, value) of every term, stored fields and lengths."""
    postings = {}
    for fieldname, word in reader.all_terms():
        matcher = reader.postings(fieldname, word)
        items = []
        while matcher.is_active():
            items.append((matcher.id(), matcher.weight(), matcher.value()))
            matcher.next()
        postings[(fieldname, word)] = items
    docs = range(reader.doc_count_all())
    lengths = {name: [reader.doc_field_length(d, name) for d in docs]
               for name in reader.schema.names() if reader.schema[name].scorable}
    return {"postings": postings, "stored": [reader.stored_fields(d) for d in docs],
            "lengths": lengths}


def test_the_real_corpus_is_indexed_as_whoosh_indexes_it(real_corpus: Path, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    found = {}
    for name, schema in (("ours", build_schema), ("whoosh", whoosh_schema)):
        monkeypatch.setattr(search.whoosh.segments, "build_schema", schema)
        index = tmp_path / name
        assert build_index(real_corpus, index, full=True).published
        generation = current_generation(index)
        assert generation is not None
        ix = whoosh_index.open_dir(str(generation_dir(index, generation)))
        with ix.reader() as reader:
            kinds = {type(reader.schema[n]) for n in ("text", "text_counts", "title")}
            assert kinds == ({ParagraphText} if name == "ours" else {fields.TEXT})
            found[name] = everything(reader)
        ix.close()
    ours, whoosh = found["ours"], found["whoosh"]
    assert len(ours["postings"]) > 5000 and ("spell_text", b"morales") in ours["postings"]
    assert ours == whoosh
