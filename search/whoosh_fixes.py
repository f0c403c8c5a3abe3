"""Two fixes to Whoosh (whoosh-reloaded 2.7.5, pinned), applied when this module is imported
(by the indexer and the scorer). A segment's columns never change once written, so both
cache what they read; the answers are the same.

1. W3PerDocReader._cached_reader caches the length column of a field but not its absence: for
   a field without lengths (the ID and keyword fields) every posting written asks the file
   system again whether the column exists. A 1% update of a 100k-paragraph corpus made 70,000
   such checks (about a second). The absence is cached too.
2. W3PerDocReader.doc_field_length reads one byte of the length column through the column
   reader at each call, and writing a segment calls it once per posting (1.8 million times
   for 10k paragraphs). The column is read once per field (one byte per document) and looked
   up in memory.
"""

from typing import Any

from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3PerDocReader, _lenfield
from whoosh.util.numeric import byte_to_length

LENGTH_OF_BYTE = [byte_to_length(b) for b in range(256)]


def _cached_reader(self: Any, fieldname: str, column: Any) -> Any:
    readers = self._readers
    if fieldname not in readers:
        present = self.has_column(fieldname)
        readers[fieldname] = self.column_reader(fieldname, column) if present else None
    return readers[fieldname]


W3PerDocReader._cached_reader = _cached_reader


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


W3PerDocReader.doc_field_length = doc_field_length
