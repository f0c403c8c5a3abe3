"""Four fixes to Whoosh (whoosh-reloaded 2.7.5, pinned), applied by `apply()`: the one place,
called where an index is opened or created (search/whoosh/handle.py, segments.py), so in every
process that reads or writes one; each patch is tested against Whoosh's own answers
(tests/test_performance_matching.py, test_performance_memory.py). A segment's files
never change once written, so the first two cache what they read, and the third reads them in
place; the answers are the same.

1. W3PerDocReader._cached_reader caches the length column of a field but not its absence: for
   a field without lengths (the ID and keyword fields) every posting written asks the file
   system again whether the column exists. A 1% update of a 100k-paragraph corpus made 70,000
   such checks (about a second). The absence is cached too.
2. W3PerDocReader.doc_field_length reads one byte of the length column through the column
   reader at each call, and writing a segment calls it once per posting (1.8 million times
   for 10k paragraphs). The column is read once per field (one byte per document) and looked
   up in memory.
3. BufferFile, the file Whoosh opens inside a memory-mapped compound segment, copies the whole
   of it into a BytesIO for its sequential reads: opening a searcher on a 1M-paragraph index
   copied the postings into 1.1 GB of each worker's own memory and took 2 s. `ViewFile` reads
   the memory map in place instead, with a `peek` so that pickle's loader takes a chunk at a
   time (without it, reading a posting block's header called `read` about 20 times).
4. W3PostingsWriter makes each block's id gaps with a generator and checks its weights with a
   generator expression, a Python step per posting (6.4 million steps in a 100k build's
   writer process). The same tuple and weights are made with `map` and `array.count`.
"""

import io
from collections.abc import Iterator
from itertools import chain
from operator import sub
from typing import Any

from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3PerDocReader, W3PostingsWriter, _lenfield
from whoosh.filedb.structfile import BufferFile
from whoosh.util.numeric import byte_to_length

LENGTH_OF_BYTE = [byte_to_length(b) for b in range(256)]
PEEK = 2048  # bytes handed to pickle at a time: a posting block's header is far smaller


def _cached_reader(self: Any, fieldname: str, column: Any) -> Any:
    readers = self._readers
    if fieldname not in readers:
        present = self.has_column(fieldname)
        readers[fieldname] = self.column_reader(fieldname, column) if present else None
    return readers[fieldname]


def length_bytes(perdoc: Any, fieldname: str) -> bytes | None:
    """Return a segment's length column of `fieldname`, one byte per document (Whoosh's
    length_to_byte; 0 for none), or None if the field has no such column."""
    cache = perdoc.__dict__.setdefault("_length_bytes", {})
    if fieldname not in cache:
        column = perdoc._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
        raw = None
        if column is not None and getattr(column, "_fixedlen", None) == 1:
            missing = perdoc._doccount - column._count  # documents past the last value
            raw = column._dbfile.get(column._basepos, column._count) + bytes(max(missing, 0))
        cache[fieldname] = raw
    found: bytes | None = cache[fieldname]
    return found


_doc_field_length = W3PerDocReader.doc_field_length


def doc_field_length(self: Any, docnum: int, fieldname: str, default: int = 0) -> int | None:
    raw = length_bytes(self, fieldname)
    if raw is None or not 0 <= docnum < len(raw):
        return _doc_field_length(self, docnum, fieldname, default)  # type: ignore[no-any-return]
    byte = raw[docnum]
    return LENGTH_OF_BYTE[byte] if byte else None  # None for 0, as Whoosh's own


class ViewFile:
    """A read-only file over a buffer, read in place: what BufferFile asks of its BytesIO
    (read, readline, readinto, seek, tell, iteration, close), without the copy."""

    def __init__(self, buf: Any) -> None:
        self._view = memoryview(buf).cast("B")
        self._pos = 0
        self.closed = False

    def read(self, size: int | None = -1) -> bytes:
        start = self._pos
        end = len(self._view) if size is None or size < 0 else start + size
        self._pos = max(start, min(end, len(self._view)))
        return self._view[start:self._pos].tobytes()

    def peek(self, size: int = 0) -> bytes:
        """Return some of the bytes ahead without moving: pickle's loader takes a chunk
        through peek instead of calling read about twenty times per posting block."""
        return self._view[self._pos:self._pos + min(max(size, 1), PEEK)].tobytes()

    def readinto(self, target: Any) -> int:
        data = self.read(memoryview(target).nbytes)
        memoryview(target).cast("B")[:len(data)] = data
        return len(data)

    def readline(self, size: int | None = -1) -> bytes:
        end = len(self._view) if size is None or size < 0 else min(self._pos + size,
                                                                    len(self._view))
        start = self._pos
        while start < end:  # find the newline a chunk at a time
            found = self._view[start:min(start + 4096, end)].tobytes().find(b"\n")
            if found >= 0:
                end = start + found + 1
                break
            start += 4096
        return self.read(end - self._pos)

    def __iter__(self) -> Iterator[bytes]:
        while line := self.readline():
            yield line

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        if whence == io.SEEK_SET and offset < 0:
            raise ValueError(f"negative seek value {offset}")
        base = {io.SEEK_SET: 0, io.SEEK_CUR: self._pos, io.SEEK_END: len(self._view)}[whence]
        self._pos = max(base + offset, 0)  # as BytesIO: relative seeks stop at the start
        return self._pos

    def tell(self) -> int:
        return self._pos

    def flush(self) -> None:
        pass

    def close(self) -> None:
        self.closed = True


def _buffer_file_init(self: Any, buf: Any, name: str | None = None,
                      onclose: Any = None) -> None:
    self._buf = buf
    self._name = name
    self.file = ViewFile(buf)
    self.onclose = onclose
    self.is_real = False
    self.is_closed = False


def _mini_ids(self: Any) -> tuple[Any, ...]:
    """Return the block's ids, as differences from the one before (the first from 0) unless
    they are bytes (a vector's words): Whoosh's delta_encode, in C."""
    ids = self._ids
    return tuple(ids) if self._byteids else tuple(map(sub, ids, chain((0,), ids)))


def _mini_weights(self: Any) -> Any:
    """Return the block's weights: None if all are 1, the one weight if all are the same,
    else all of them (as Whoosh's _mini_weights, counted in C)."""
    weights = self._weights
    if weights.count(1.0) == len(weights):
        return None
    if weights.count(weights[0]) == len(weights):
        return weights[0]
    return tuple(weights)


WHOOSHS_MINI = (W3PostingsWriter._mini_ids, W3PostingsWriter._mini_weights)  # for the tests


def apply() -> None:
    """Install the four fixes into Whoosh's classes (once; calling again changes nothing)."""
    W3PerDocReader._cached_reader = _cached_reader  # 1: a missing column's absence cached
    W3PerDocReader.doc_field_length = doc_field_length  # 2: a length column read once
    BufferFile.__init__ = _buffer_file_init  # 3: compound files read in place (ViewFile)
    W3PostingsWriter._mini_ids = _mini_ids  # 4: a block's id gaps and weights made in C
    W3PostingsWriter._mini_weights = _mini_weights
