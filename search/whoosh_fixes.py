"""One fix to Whoosh (whoosh-reloaded 2.7.5, pinned), applied when the indexer is imported.

W3PerDocReader._cached_reader caches the length column of a field but not its absence: for a
field without lengths (the ID and keyword fields) every posting written asks the file system
again whether the column exists. A 1% update of a 100k-paragraph corpus made 70,000 such
checks (about a second). A segment's columns never change once written, so the absence is
cached too; the answers are the same.
"""

from typing import Any

from whoosh.codec.whoosh3 import W3PerDocReader


def _cached_reader(self: Any, fieldname: str, column: Any) -> Any:
    readers = self._readers
    if fieldname not in readers:
        present = self.has_column(fieldname)
        readers[fieldname] = self.column_reader(fieldname, column) if present else None
    return readers[fieldname]


W3PerDocReader._cached_reader = _cached_reader
