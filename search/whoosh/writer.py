"""Whoosh's segment writer, with an article's paragraphs added together and the postings
written a word at a time.

Whoosh's `SegmentWriter.add_document` asks each field for a list of (word, frequency, weight,
value) tuples and hands the pool one more tuple per posting; writing the segment then feeds the
codec one posting at a time (five calls each, with a lookup of the paragraph's length). This
writer adds an article's paragraphs in one call (`add_documents`): the fields they share (the
article's title, outlet, authors, dates) are analysed once and their postings go into the pool
once for all the paragraphs, as runs of documents; each paragraph's own full-text fields go in
from their one analysis (search/whoosh/analysis.py), `text_counts` taking its values from the same
analysis as `text`, the spelling words counted there. When the segment is written, each word's
postings go to Whoosh's own block writer a block (BLOCK_POSTINGS) at a time. The segment's
lengths, columns and vectors are Whoosh's byte for byte, and so are its stored fields and
postings once read (tests/test_performance_build.py): the stored fields are not compressed
(STORED_LEVEL), and a value repeated across an article's paragraphs is one object in our pool,
so a block's pickled values hold it once.

The writer fills private fields of Whoosh's W3 codec (the block writer's buffers, the
per-document writer's stored values, field lengths and column writers): whoosh-reloaded is
pinned at 2.7.5, and the byte-for-byte tests would catch a change.

A large build writes a segment per process (search/whoosh/forked.py). The pool is ours
(search/whoosh/pool.py). Every other part is Whoosh's own: the field types' indexing, the stored
fields, lengths, columns and vectors, deletions, merges (but for a merged segment's spelling
counts: `add_postings_to_pool`), compound files and the table of contents.
"""

from collections import Counter
from collections.abc import Collection, Iterable
from operator import itemgetter
from pickle import dumps
from typing import Any, NamedTuple

from whoosh.analysis import IDTokenizer
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3Codec, W3TermInfo, _lenfield
from whoosh.formats import Existence
from whoosh.system import pack_ushort
from whoosh.util.numeric import length_to_byte
from whoosh.writing import SegmentWriter

from search.whoosh import patches
from search.whoosh.analysis import (
    Chain,
    ParagraphText,
    analyse,
    encode_frequency,
    encode_positions,
    field_postings,
)
from search.whoosh.languages import ENGLISH, TAGGED_FIELDS, base
from search.whoosh.languages import chain as language_chain
from search.whoosh.patches import LENGTH_OF_BYTE, length_bytes
from search.whoosh.pool import TermPool, WordPostings
from search.whoosh.schema import COUNTING_COPIES

# Postings per block in the postings file (Whoosh's default is 128): writing a block has fixed
# costs (its statistics, two pickles, a zlib call) that outweighed its postings; with 512 the
# 10k segment's postings took 20% less time to write and 11% less space, and a long posting
# list is read in a quarter of the unpickles. Whoosh's readers take blocks of any size.
BLOCK_POSTINGS = 512
# zlib level of each document's stored values (Whoosh's is 3). A paragraph's few hundred bytes
# took 18 us to compress, about 5% of a writer's time, and shrank by a third only (28 -> 19 MB
# at 51k paragraphs); level 0 writes them as they are, in a zlib stream Whoosh reads alike.
STORED_LEVEL = 0
TERM_INFO = W3TermInfo._struct  # flags, weight, documents, lengths, max weight, ids
SAME_VALUES = 10_000  # values of the fields without full text whose preparation is kept
Posting = tuple[bytes, float, bytes | None]  # a word, its weight and its encoded value


class Prepared(NamedTuple):
    """What a field's value gives a document, made before anything of it is added."""

    field: Any
    words: Collection[bytes]  # its postings: each word, with its weight and value
    weights: Iterable[float]
    values: list[bytes]
    spelling: Collection[str]  # the distinct words counted for spelling, if the field has them
    length: int  # the field's length in the document (0: not scorable)
    stored: Any  # the stored value, or None
    vector: list[Posting] | None
    columns: list[tuple[str, Any, Any]]  # (column name, type, value): its length, its column


class ParagraphWriter(SegmentWriter):  # type: ignore[misc]
    """A SegmentWriter whose full-text fields skip the per-posting steps (see the module)."""

    def __init__(self, ix: Any, limitmb: float = 128, **kwargs: Any) -> None:
        patches.apply()
        kwargs.setdefault("codec", paragraph_codec())
        super().__init__(ix, limitmb=limitmb, **kwargs)
        self.perdocwriter._colwriters["_stored"]._child._level = STORED_LEVEL
        self.pool = TermPool(self._tempstorage, self.newsegment, limitmb=limitmb)
        self._fast = {name: way for name, field in self.schema.items()
                      if isinstance(field, ParagraphText) and (way := field.one_analysis())}
        # A field holding the same text as another, without positions (search/whoosh/schema.py),
        # shares the other's postings in the pool while each document gives both the same text.
        for source, copy in COUNTING_COPIES.items():
            if source in self._fast and copy in self._fast \
                    and self._fast[source][1] is encode_positions \
                    and self._fast[copy][1] is encode_frequency \
                    and self._fast[source][0] is self._fast[copy][0] \
                    and self._fast[source][2] == self._fast[copy][2] == 1.0:
                self.pool.copy_counts(copy, source)
        self._repeating = {name for name, field in self.schema.items()
                           if name not in self._fast and not getattr(field, "unique", False)}
        # Whoosh's ID fields: a value is its one word, with no analysis (a paragraph's id)
        self._whole = {name for name, field in self.schema.items()
                       if type(getattr(field, "analyzer", None)) is IDTokenizer
                       and type(field.format) is Existence}
        self._spelled = {name for name, field in self.schema.items() if field.separate_spelling()}
        self._same: dict[tuple[str, Any], Prepared] = {}
        self._chain: Chain | None = None  # the article's language's, if not English

    def add_language_documents(self, language: str, shared: dict[str, Any],
                               each: list[dict[str, Any]]) -> None:
        """Add an article's paragraphs (as add_documents), its own words analysed in its
        language (search/whoosh/languages.py); English ones exactly as add_documents does."""
        code = base(language)
        self._chain = None if code == ENGLISH else language_chain(code)
        try:
            self.add_documents(shared, each)
        finally:
            self._chain = None

    def add_document(self, **fields: Any) -> None:
        """Add one document, as Whoosh's SegmentWriter does (same postings, stored values,
        lengths, columns and vectors)."""
        self.add_documents(fields, [{}])

    def add_documents(self, shared: dict[str, Any], each: list[dict[str, Any]]) -> None:
        """Add a document for each of `each` with the `shared` fields too (an article's
        paragraphs), as add_document(**shared, **one) would add them one after another.

        A shared field is analysed once, and its postings go into the pool once for all the
        documents; only the stored values, lengths and columns are written per document.
        Nothing is added if a value cannot be indexed.
        """
        self._check_state()
        if not each:
            return
        names = {name for one in each for name in one}
        if names & set(shared) or any(name.startswith("_") for name in names | set(shared)):
            for one in each:  # overridden shared values, boosts, custom stored values
                super().add_document(**{**shared, **one})
            return
        self._check_fields(self.schema, sorted(names | set(shared)))
        pool = self.pool
        if any(one.get(copy, shared.get(copy)) != one.get(source, shared.get(source))
               for one in each for copy, source in pool.copies.items()):
            pool.stop_copying()  # a document's copy has a text of its own
        common = self._prepared(shared)
        own = [self._prepared(one) for one in each]
        first = self.docnum
        self._index(common, range(first, first + len(each)))
        for docnum, fields in enumerate(own, first):
            self._index(fields, range(docnum, docnum + 1))
            self._write_document(docnum, sorted(common + fields, key=itemgetter(0)))

    def _prepared(self, fields: dict[str, Any]) -> list[tuple[str, Prepared]]:
        """Return what each field's value gives a document, before anything is added.

        What a value of a field without full text gives, unless the field is unique (the
        paragraph's number, the article's outlet, authors and dates), is made once per value
        and reused: it depends on the field and the value only."""
        prepared = []
        same = self._same
        for fieldname, value in fields.items():
            if value is None:
                continue
            if fieldname in self._repeating and type(value) in (int, str):  # not bool: 1 == True
                key = (fieldname, value)
                found = same.get(key)
                if found is None:
                    if len(same) >= SAME_VALUES:
                        same.clear()
                    found = same[key] = self._prepared_value(fieldname, value)
                prepared.append((fieldname, found))
            else:
                prepared.append((fieldname, self._prepared_value(fieldname, value)))
        return prepared

    def _prepared_value(self, fieldname: str, value: Any) -> Prepared:
        """Return what a field's value gives a document."""
        field = self.schema[fieldname]
        words: Collection[bytes] = ()
        weights: Iterable[float] = ()
        values: list[bytes] = []
        spelling: Collection[str] = ()
        length = 0
        fast = self._fast.get(fieldname) if isinstance(value, str) else None
        if fast is not None:
            chain, encode, boost = fast
            if self._chain is not None and fieldname in TAGGED_FIELDS:
                chain = self._chain
            analysed = analyse(chain, value)
            if fieldname not in self.pool.copies:  # else its source's postings serve
                words, weights, values = field_postings(analysed, encode, boost)
            length = analysed.length if field.scorable else 0
        elif fieldname in self._whole and isinstance(value, str):
            words, weights, values = (value.encode(),), (field.format.field_boost,), [b""]
            length = 1 if field.scorable else 0
        elif field.indexed:
            items = list(field.index(value))
            words = [word for word, _, _, _ in items]
            weights = [weight for _, _, weight, _ in items]
            values = [vbytes for _, _, _, vbytes in items]
            length = sum(freq for _, freq, _, _ in items) if field.scorable else 0
        if fieldname in self._spelled:
            spelling = analysed.plain if fast is not None \
                else set(field.spellable_words(value))
        vector = None
        if field.vector:
            vector = sorted((text, weight, vbytes) for text, _, weight, vbytes
                            in field.vector.word_values(value, field.analyzer, mode="index"))
        columns = [(_lenfield(fieldname), LENGTHS_COLUMN, length_to_byte(length))] \
            if length else []
        if field.column_type:
            columns.append((fieldname, field.column_type, field.to_column_value(value)))
        return Prepared(field, words, weights, values, spelling, length,
                        value if field.stored else None, vector, columns)

    def _index(self, fields: list[tuple[str, Prepared]], docs: range) -> None:
        """Add the fields' postings for the documents to the pool, and count their spelling."""
        pool = self.pool
        for fieldname, prepared in fields:
            pool.add_postings(fieldname, docs, prepared.words, prepared.weights, prepared.values)
            if prepared.spelling:
                field = prepared.field
                pool.count_spelling(field.spelling_fieldname(fieldname), prepared.spelling,
                                    len(docs))

    def _write_document(self, docnum: int, fields: list[tuple[str, Prepared]]) -> None:
        """Write a document's vectors, stored values, lengths and columns, in field order, as
        Whoosh's W3PerDocWriter.add_field and add_column_value do (their values made
        beforehand, the column writers called directly)."""
        perdocwriter = self.perdocwriter
        perdocwriter.start_doc(docnum)
        stored, lengths = perdocwriter._storedfields, perdocwriter._fieldlengths
        writers = perdocwriter._colwriters
        try:
            for fieldname, prepared in fields:
                if prepared.vector is not None:
                    perdocwriter.add_vector_items(fieldname, prepared.field, prepared.vector)
                if prepared.stored is not None:
                    stored[fieldname] = prepared.stored
                if prepared.length:
                    lengths[fieldname] += prepared.length
                for name, column, value in prepared.columns:
                    writer = writers.get(name)
                    if writer is None:  # the segment's first value in this column creates it
                        perdocwriter.add_column_value(name, column, value)
                    else:
                        writer.add(docnum, value)
        except Exception:
            perdocwriter.cancel_doc()
            raise
        perdocwriter.finish_doc()
        self._added = True
        self.docnum += 1

    def add_postings_to_pool(self, reader: Any, startdoc: int, docmap: Any) -> None:
        """Add a merged segment's postings of its live documents, and its spelling counts less
        its deleted paragraphs' words. (Whoosh's writer drops all of a segment's spelling
        words once its document 0 is deleted: they are postings of document 0.)"""
        spelled = {field.spelling_fieldname(name): name for name, field in self.schema.items()
                   if name in self._spelled}
        live = (item for item in reader.iter_postings() if item[0] not in spelled)
        for item in self._process_posts(live, startdoc, docmap):
            self.pool.add(item)
        deleted = sorted(reader.deleted_docs_set)  # a cached property
        for spelling_name, name in spelled.items():
            counts = Counter({word.decode(): info.weight()
                              for word, info in reader.iter_field(spelling_name)})
            for docnum in deleted:  # counted when the segment was written, deleted since
                text = reader.stored_fields(docnum).get(name) or ""
                counts.subtract(set(self.schema[name].spellable_words(text)))
            self.pool.spelling[spelling_name].update(+counts)  # the words left in a paragraph

    def _flush_segment(self) -> None:
        """Write the postings a word at a time; a word's single posting is kept in its term
        info (no block of its own)."""
        self.perdocwriter.close()
        perdoc = self.per_document_reader()
        try:
            fieldwriter, schema = self.fieldwriter, self.schema
            current = None
            for (fieldname, word), postings in self.pool.words_in_order():
                if fieldname != current:
                    if current is not None:
                        fieldwriter.finish_field()
                    fieldwriter.start_field(fieldname, schema[fieldname])
                    current, lengths = fieldname, length_bytes(perdoc, fieldname)
                if len(postings.docs) == 1:
                    _write_single(fieldwriter, word, postings, lengths)
                    continue
                fieldwriter.start_term(word)
                _write_postings(fieldwriter._postwriter, postings, lengths)
                fieldwriter.finish_term()
            if current is not None:
                fieldwriter.finish_field()
            fieldwriter.close()
        finally:
            perdoc.close()


# zlib's level for each block of postings. Whoosh's 3 took 1.0 s of each writer process's
# 11 s in a 100k build; level 1 makes an index of the same size (223 and 224 MB) and reads as
# fast (a block inflates at the same speed whatever its level). Level 0 (none) saves a second
# more but makes the index 70% larger.
COMPRESSION = 1


def paragraph_codec() -> W3Codec:
    """Return Whoosh's codec as this writer writes segments (BLOCK_POSTINGS to a block)."""
    return W3Codec(blocklimit=BLOCK_POSTINGS, compression=COMPRESSION)


def _write_single(fieldwriter: Any, word: bytes, postings: WordPostings,
                  lengths: bytes | None) -> None:
    """Write the term info of a word with one posting in the segment, the posting kept in
    it (Whoosh's inlined postings, read back through a ListMatcher) instead of a block of its
    own: one pickle, where a block takes two and a zlib call. Every paragraph id and spelling
    word, and the rare words, are such words: half a segment's words.

    Whoosh's writer never does this (its default inline limit means none; a higher one calls
    `set_inline`, which its term info lacks: `set_inlined`). The bytes are those its
    W3TermInfo.to_bytes gives after its add_block of a block of one and set_inlined."""
    docnum, weight, value = postings.docs[0], postings.weights[0], postings.values[0]
    length = lengths[docnum] if lengths is not None else 0  # its byte; 0: none
    info = TERM_INFO.pack(1, weight, 1, length, length, max(0, weight), docnum, docnum) \
        + dumps(((docnum,), (weight,), (value,) if value else ()), 2)
    fieldwriter._tindex.add(pack_ushort(fieldwriter._fieldid) + word, info)


def _write_postings(writer: Any, postings: WordPostings, lengths: bytes | None) -> None:
    """Fill Whoosh's block writer (W3PostingsWriter) with a word's postings (in document
    order) a block at a time, leaving the last block to its finish_postings, as add_posting
    would."""
    docs, weights, values = postings.docs, postings.weights, postings.values
    limit, count = writer._blocklimit, len(docs)
    every_value = all(values)  # else a block keeps its non-empty values, as add_posting does
    # each posting's document's length byte (0: none), ordered as the lengths are
    length_of = bytes(map(lengths.__getitem__, docs)) if lengths is not None else b""
    for start in range(0, count, limit):
        end = min(start + limit, count)
        writer._ids = docs[start:end]
        writer._weights = chunk = weights[start:end]  # both 32-bit floats
        writer._maxweight = max(0, max(chunk))
        writer._values = values[start:end] if every_value \
            else list(filter(None, values[start:end]))
        found = length_of[start:end].replace(b"\0", b"")
        writer._minlength = LENGTH_OF_BYTE[min(found)] if found else None
        writer._maxlength = LENGTH_OF_BYTE[max(found)] if found else 0
        if end < count:
            writer._write_block()
