"""Whoosh's segment writer, with the full-text postings added a field at a time and written a
word at a time.

Whoosh's `SegmentWriter.add_document` asks each field for a list of (word, frequency, weight,
value) tuples and hands the pool one more tuple per posting; writing the segment then feeds the
codec one posting at a time (five calls each, with a lookup of the paragraph's length). For the
full-text fields (search/analysis.py) this writer takes each paragraph's analysis as it is: the
postings of a field go into the pool in one call, `text_counts` takes its values from the same
analysis as `text`, and the spelling words are counted there. When the segment is written, each
word's postings go to Whoosh's own block writer a block (128 postings) at a time. The segment's
files are the ones Whoosh's writer makes, byte for byte (tests/test_performance_build.py).

A large build writes a segment per process (`write_in_processes`). The pool is ours
(search/pool.py). Every other part is Whoosh's own: the other fields, the
stored fields, lengths, columns and vectors, deletions, merges, compound files and the table
of contents.
"""

import multiprocessing
import sys
from array import array
from collections.abc import Callable
from multiprocessing.connection import wait
from typing import Any, TypeVar

from whoosh.writing import IndexingError, IndexWriter, SegmentWriter

from search.analysis import ParagraphText, analyse, encode_frequency, encode_positions
from search.pool import Postings, TermPool
from search.schema import COUNTING_COPIES
from search.whoosh_fixes import LENGTH_OF_BYTE, length_bytes

T = TypeVar("T")


class ParagraphWriter(SegmentWriter):  # type: ignore[misc]
    """A SegmentWriter whose full-text fields skip the per-posting steps (see the module)."""

    def __init__(self, ix: Any, limitmb: float = 128, **kwargs: Any) -> None:
        super().__init__(ix, limitmb=limitmb, **kwargs)
        self.pool = TermPool(self._tempstorage, self.newsegment, limitmb=limitmb)
        self._fast = {name: way for name, field in self.schema.items()
                      if isinstance(field, ParagraphText) and (way := field.one_analysis())}
        # A field holding the same text as another, without positions (search/schema.py),
        # shares the other's postings in the pool while each document gives both the same text.
        for source, copy in COUNTING_COPIES.items():
            if source in self._fast and copy in self._fast \
                    and self._fast[source][1] is encode_positions \
                    and self._fast[copy][1] is encode_frequency \
                    and self._fast[source][0] is self._fast[copy][0] \
                    and self._fast[source][2] == self._fast[copy][2] == 1.0:
                self.pool.copy_counts(copy, source)

    def add_document(self, **fields: Any) -> None:
        """Add one document, as Whoosh's SegmentWriter does (same postings, stored values,
        lengths, columns and vectors)."""
        self._check_state()
        if any(name.startswith("_") for name in fields):
            super().add_document(**fields)  # boosts and custom stored values: Whoosh's way
            return
        perdocwriter, schema, docnum, pool = self.perdocwriter, self.schema, self.docnum, self.pool
        if any(fields.get(copy) != fields.get(source) for copy, source in pool.copies.items()):
            pool.stop_copying()  # this document's copy has a text of its own
        copies = pool.copies
        names = sorted(fields)
        self._check_fields(schema, names)
        perdocwriter.start_doc(docnum)
        try:
            for fieldname in names:
                value = fields[fieldname]
                if value is None:
                    continue
                field = schema[fieldname]
                length = 0
                fast = self._fast.get(fieldname) if isinstance(value, str) else None
                if fast is not None:
                    chain, encode, boost = fast
                    analysed = analyse(chain, value)
                    if fieldname not in copies:
                        pool.add_analysed(fieldname, docnum, analysed.positions, encode, boost)
                    if field.scorable:
                        length = analysed.length
                    if field.separate_spelling():
                        pool.count_spelling(field.spelling_fieldname(fieldname),
                                            (word.encode() for word in analysed.plain))
                elif field.indexed:
                    add = pool.add
                    for word, freq, weight, vbytes in field.index(value):
                        if field.scorable:
                            length += freq
                        add((fieldname, word, docnum, weight, vbytes))
                    if field.separate_spelling():
                        spelling = field.spelling_fieldname(fieldname)
                        pool.count_spelling(spelling, (word.encode() for word
                                                       in field.spellable_words(value)))
                if field.vector:
                    vitems = field.vector.word_values(value, field.analyzer, mode="index")
                    vitems = sorted((text, weight, vbytes) for text, _, weight, vbytes in vitems)
                    perdocwriter.add_vector_items(fieldname, field, vitems)
                perdocwriter.add_field(fieldname, field, value if field.stored else None, length)
                if field.column_type:
                    perdocwriter.add_column_value(fieldname, field.column_type,
                                                  field.to_column_value(value))
        except Exception:
            perdocwriter.cancel_doc()
            raise
        perdocwriter.finish_doc()
        self._added = True
        self.docnum += 1

    def _flush_segment(self) -> None:
        """Write the postings a word at a time."""
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
                fieldwriter.start_term(word)
                _write_postings(fieldwriter._postwriter, postings, lengths)
                fieldwriter.finish_term()
            if current is not None:
                fieldwriter.finish_field()
            fieldwriter.close()
        finally:
            perdoc.close()


def _write_postings(writer: Any, postings: Postings, lengths: bytes | None) -> None:
    """Fill Whoosh's block writer (W3PostingsWriter) with a word's postings (in document
    order) a block at a time, leaving the last block to its finish_postings, as add_posting
    would."""
    docs, weights, values = postings.docs, postings.weights, postings.values
    limit, count = writer._blocklimit, len(docs)
    for start in range(0, count, limit):
        end = min(start + limit, count)
        writer._ids = docs[start:end]
        chunk = weights[start:end]
        writer._weights = array("f", chunk)
        writer._maxweight = max(0, max(chunk))
        writer._values = [v for v in values[start:end] if v]
        found = [LENGTH_OF_BYTE[lengths[d]] for d in writer._ids if lengths[d]] \
            if lengths is not None else []
        writer._minlength = min(found) if found else None
        writer._maxlength = max(found) if found else 0
        if end < count:
            writer._write_block()


def write_in_processes(ix: Any, parts: list[list[T]], add: Callable[[IndexWriter, T], None],
                       limitmb: float, progress: Callable[[int], None] | None = None) -> None:
    """Write each part's documents as a segment of its own, in a forked process per part (the
    parts need no copying: each process has them), and commit the segments together.

    The parts' documents come in the order of the parts; `progress` is told of each item
    written. Any process failing fails the whole: nothing is committed.
    """
    context = multiprocessing.get_context("fork")
    writer = ParagraphWriter(ix, limitmb=limitmb)  # holds the lock, adds no document itself
    running: list[tuple[Any, Any]] = []
    try:
        for part in parts:
            receive, send = context.Pipe(duplex=False)
            process = context.Process(target=_write_part, args=(ix, part, add, limitmb, send))
            process.start()
            send.close()
            running.append((process, receive))
        results = _results(running, progress)
        segments = [results[receive] for _, receive in running]
        writer._close_segment()
        writer._commit_toc(writer.segments + segments)
        writer._finish()
    except BaseException:
        for process, _ in running:
            if process.is_alive():
                process.kill()
            process.join()
        writer.cancel()
        raise


def _results(running: list[tuple[Any, Any]],
             progress: Callable[[int], None] | None) -> dict[Any, Any]:
    """Wait for each process's segment, passing on its progress; raise on a failure."""
    results: dict[Any, Any] = {}
    waiting = {receive: process for process, receive in running}
    while waiting:
        for ready in wait(list(waiting)):
            receive: Any = ready
            try:
                message = receive.recv()
            except EOFError:
                process = waiting[receive]
                process.join()
                message = f"it ended with exit code {process.exitcode}"
            if isinstance(message, int):
                if progress:
                    progress(message)
                continue
            if isinstance(message, str):
                raise IndexingError(f"a writer process failed: {message}")
            results[receive] = message
            del waiting[receive]
    for process, _ in running:
        process.join()
    return results


def _write_part(ix: Any, part: list[T], add: Callable[[IndexWriter, T], None], limitmb: float,
                send: Any) -> None:
    """Write one part as a segment (in a writer process) and send it back, or the error."""
    try:
        writer = ParagraphWriter(ix, _lk=False, limitmb=limitmb)
        for item in part:
            add(writer, item)
            send.send(1)
        send.send(writer._finalize_segment())
    except BaseException as exc:  # told to the parent, which reports it
        send.send(f"{type(exc).__name__}: {exc}")
        sys.exit(1)
    finally:
        send.close()
