"""Spelling words counted while indexing, not buffered: one posting per word per segment.

Whoosh keeps the unstemmed words of `text` in a separate field (`spell_text`) for completions and
"did you mean". It adds one posting per paragraph for each distinct word, every one for
document 0 with weight 1, and then buffers, sorts and encodes each of them like any other
posting: 28% of all the postings of a build. Only their number is ever read (Whoosh's corrector
and our completions rank words by `reader.frequency`, the sum of the weights). This pool counts
them as they come, and hands the writer one posting per word, weighted by the count, whenever it
sorts or spills its buffer: the same frequencies from far fewer postings. Importing the module
installs it (the indexer imports it; writer processes forked by Whoosh inherit it).

An index written before this has one posting of weight 1 per paragraph instead: the same
frequencies, so it is read alike.
"""

from collections import defaultdict
from functools import cache
from typing import Any

from whoosh import writing
from whoosh.system import pack_uint

from search.schema import build_schema

_WhooshPool: Any = writing.PostingPool
MAX_UINT = 2**32 - 1


@cache
def spelling_fields() -> frozenset[str]:
    """Return the names of the fields that hold spelling words (`spell_text`)."""
    schema = build_schema()
    return frozenset(field.spelling_fieldname(name) for name, field in schema.items()
                     if field.separate_spelling())


class CountingPool(_WhooshPool):  # type: ignore[misc]
    """Whoosh's PostingPool, with the postings of spelling fields summed per word."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.spelling: defaultdict[tuple[str, bytes], float] = defaultdict(float)
        self.spelling_fields = spelling_fields()

    def add(self, item: tuple[str, bytes, int, float, bytes | None]) -> None:
        """Add a posting; a spelling word's weight is added to its count instead.

        The rest is Whoosh's own PostingPool.add (its estimate of an item's size decides when
        the buffer spills), inlined: a second call per posting cost more than it saves.
        """
        fieldname = item[0]
        if fieldname in self.spelling_fields:
            self.spelling[fieldname, item[1]] += item[3]
            return
        self.fieldnames.add(fieldname)
        self.currentsize += 150 + len(fieldname) + 2 * len(item[1]) + len(item[4] or b"")
        if self.currentsize > self.limit:
            self.save()
        self.current.append(item)

    def save(self) -> None:
        """Spill the buffer to a sorted run on disk, with the counts so far."""
        self._hand_over_counts()
        super().save()

    def items(self, maxfiles: int = 128) -> Any:
        """Return every posting in order, the counted spelling words among them."""
        self._hand_over_counts()
        return super().items(maxfiles)

    def _hand_over_counts(self) -> None:
        """Move the counts into the buffer as postings (document 0, as Whoosh's are; the
        value is the count in the field's Frequency format)."""
        for (fieldname, word), count in self.spelling.items():
            self.fieldnames.add(fieldname)
            self.current.append((fieldname, word, 0, count, pack_uint(min(int(count), MAX_UINT))))
        self.spelling.clear()


writing.PostingPool = CountingPool
