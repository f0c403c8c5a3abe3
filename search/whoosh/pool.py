"""The posting pool of a segment being written: postings kept per word, spelling words counted.

Whoosh's pool keeps every posting as a tuple (field, word, document, weight, value) in one list,
sorts the list when the segment is written, and spills it to a run on disk whenever its estimate
of the tuples' size passes the writer's `limitmb`; a run is one pickled tuple per posting, read
back and merged one posting at a time. At 100k paragraphs each writer process spilled four or
five runs, and the runs took 53 of a build's 128 s. This pool keeps each word's postings
together instead (document numbers and weights in arrays, values in a list), in the order they
come, which is document order: nothing is sorted but the words, and a posting takes about a
third of the memory (55 bytes and its value, against Whoosh's 200 and its value). A run holds
one record per word, and merging runs joins each word's records in the order the runs were
written; postings are made one by one only as the segment is written.

A paragraph's postings in a field first go into the field's batch, in columns (word numbers,
documents, weights, values), with a few calls in C; every million postings, and before the
field gets postings any other way, a spill or the segment's writing, the batch is grouped by
word with numpy's stable sort and each word's share appended to its postings. An article's
shared fields come as runs of documents and go straight to their words.

Spelling words are counted instead of buffered. Whoosh keeps the unstemmed words of `text` in a
separate field (`spell_text`) for completions and "did you mean", one posting per paragraph for
each distinct word, all for document 0 with weight 1: 28% of all the postings of a build. Only
their number is ever read (Whoosh's corrector and our completions rank words by
`reader.frequency`, the sum of the weights). The pool sums them as they come and hands the
writer one posting per word, weighted by the count, whenever it writes the segment or spills a
run. An index written before this has one posting of weight 1 per paragraph instead: the same
frequencies, so it is read alike.

Our segment writer (search/whoosh/writer.py) uses this pool; Whoosh's own writers keep Whoosh's.
tests/test_performance_build.py holds every posting to Whoosh's own pool's.
"""

import heapq
import pickle
from array import array
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable, Iterator
from functools import cache
from itertools import groupby, repeat
from operator import itemgetter
from typing import Any

import numpy as np
from whoosh import writing

from search.whoosh.analysis import encode_count
from search.whoosh.schema import build_schema

WhooshPool: Any = writing.PostingPool  # Whoosh's own, which this one extends
MAX_UINT = 2**32 - 1
# Bytes a posting and a new word take in this pool (measured with tracemalloc when a weight
# took 8 bytes: 55 and 445):
# a document number (4), a weight (4), a list slot (8) and the value's bytes object (33 + its
# length); a word's key, dict entry, arrays and list.
POSTING_SIZE = 52
WORD_SIZE = 480
BATCH = 1 << 20  # postings a field's batch holds before they are grouped by word

Item = tuple[str, bytes, int, float, bytes | None]


@cache
def spelling_fields() -> frozenset[str]:
    """Return the names of the fields that hold spelling words (`spell_text`)."""
    schema = build_schema()
    return frozenset(field.spelling_fieldname(name) for name, field in schema.items()
                     if field.separate_spelling())


class WordPostings:
    """One word's postings in a field, in the order they were added."""

    __slots__ = ("docs", "weights", "values", "ordered")

    def __init__(self) -> None:
        self.docs = array("I")
        self.weights = array("f")  # as Whoosh's blocks keep them: 32-bit floats
        self.values: list[bytes | None] = []
        self.ordered = True  # each document number greater than the one before

    def mark_order(self, first: int, ordered: bool = True) -> None:
        """Note whether postings about to be appended, from document `first` on (`ordered`
        among themselves), keep these in document order."""
        if not ordered or (self.docs and first <= self.docs[-1]):
            self.ordered = False


class Batch:
    """Postings added a document at a time, in columns (word numbers, documents, weights,
    values) until they are grouped by word: appending a document's postings takes a few calls
    in C instead of a Python step per posting."""

    __slots__ = ("words", "docs", "weights", "values", "ordered")

    def __init__(self) -> None:
        self.words = array("I")  # each posting's word, by its number in the Vocabulary
        self.docs = array("I")
        self.weights = array("f")  # as Whoosh's blocks keep them: 32-bit floats
        self.values: list[bytes | None] = []
        self.ordered = True  # each document added after those before it


class Vocabulary(dict[bytes, int]):
    """Each word seen, numbered in the order seen (a new word is numbered when looked up)."""

    def __init__(self) -> None:
        super().__init__()
        self.spelled: list[bytes] = []  # each number's word

    def __missing__(self, word: bytes) -> int:
        number = self[word] = len(self.spelled)
        self.spelled.append(word)
        return number


class TermPool(WhooshPool):  # type: ignore[misc]
    """Whoosh's PostingPool, keeping postings per word and summing the spelling words."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.runs: list[str] = []  # paths of the runs spilled, in the order they were written
        self.words: dict[str, dict[bytes, WordPostings]] = {}  # field -> word -> its postings
        self.spelling: defaultdict[str, Counter[str]] = defaultdict(Counter)
        self.spelling_fields = spelling_fields()
        self.copies: dict[str, str] = {}  # field -> the field whose postings it shares
        self.batches: dict[str, Batch] = {}
        self.vocabulary = Vocabulary()

    def add(self, item: Item) -> None:
        """Add a posting (a spelling word's weight is added to its count instead)."""
        fieldname, word, docnum, weight, value = item
        if fieldname in self.spelling_fields:
            self.spelling[fieldname][word.decode()] += weight  # type: ignore[assignment]
            return
        if self.copies and (fieldname in self.copies or fieldname in self.copies.values()):
            self.stop_copying()  # postings of their own come: a merge, say
        self._append(fieldname, range(docnum, docnum + 1), ((word, weight, value),))
        if self.currentsize > self.limit:
            self.save()

    def add_postings(self, fieldname: str, docs: range, words: Collection[bytes],
                     weights: Iterable[float], values: list[bytes]) -> None:
        """Add the same postings (each word with its weight and value) in a field to each of
        the documents: a paragraph's words, or the words of a field all an article's
        paragraphs share."""
        if len(docs) != 1:
            self._append(fieldname, docs, zip(words, weights, values, strict=True))
        elif words:
            batch = self.batches.get(fieldname)
            if batch is None:
                batch = self.batches[fieldname] = Batch()
            docnum, count = docs.start, len(words)
            if batch.docs and docnum <= batch.docs[-1]:
                batch.ordered = False
            batch.words.extend(map(self.vocabulary.__getitem__, words))
            batch.docs.extend(repeat(docnum, count))
            batch.weights.extend(weights)
            batch.values.extend(values)
            self.currentsize += count * POSTING_SIZE + sum(map(len, values))
            if len(batch.docs) >= BATCH:
                self._group(fieldname)
        if self.currentsize > self.limit:
            self.save()

    def _group(self, fieldname: str) -> None:
        """Move a field's batch into its words' postings."""
        batch = self.batches.pop(fieldname, None)
        if batch is None or not batch.docs:
            return
        numbers = np.frombuffer(batch.words, dtype=np.uint32)
        order = np.argsort(numbers, kind="stable")  # each word's postings in the order added
        numbers = numbers[order]
        docs = np.frombuffer(batch.docs, dtype=np.uint32)[order]
        weights = np.frombuffer(batch.weights, dtype=np.float32)[order]
        values = np.fromiter(batch.values, dtype=object, count=len(batch.values))[order]
        cuts = (np.flatnonzero(numbers[1:] != numbers[:-1]) + 1).tolist()
        words = self._field(fieldname)
        spelled = self.vocabulary.spelled
        size = 0
        for start, end in zip([0, *cuts], [*cuts, len(numbers)], strict=True):
            word = spelled[numbers[start]]
            found = words.get(word)
            if found is None:
                found = words[word] = WordPostings()
                size += WORD_SIZE + len(word)
            found.mark_order(int(docs[start]), batch.ordered)
            found.docs.frombytes(docs[start:end].tobytes())
            found.weights.frombytes(weights[start:end].tobytes())
            found.values.extend(values[start:end].tolist())
        self.currentsize += size

    def _group_all(self) -> None:
        """Move every batch into its words' postings."""
        for fieldname in list(self.batches):
            self._group(fieldname)

    def _field(self, fieldname: str) -> dict[bytes, WordPostings]:
        """Return a field's words and their postings (a new field is added)."""
        words = self.words.get(fieldname)
        if words is None:
            words = self.words[fieldname] = {}
            self.fieldnames.add(fieldname)
        return words

    def _append(self, fieldname: str, docs: range,
                postings: Iterable[tuple[bytes, float, bytes | None]]) -> None:
        """Append (word, weight, value) postings in a field, for each of the documents, to
        the buffer."""
        if fieldname in self.batches:
            self._group(fieldname)  # the postings before these come first
        words = self.words.get(fieldname)
        new = words is None
        if words is None:
            words = {}
        first, count = docs.start, len(docs)
        size = 0
        for word, weight, value in postings:
            found = words.get(word)
            if found is None:
                found = words[word] = WordPostings()
                size += WORD_SIZE + len(word)
            found.mark_order(first)
            if count == 1:
                found.docs.append(first)
                found.weights.append(weight)
                found.values.append(value)
            else:
                found.docs.extend(docs)
                found.weights.extend(repeat(weight, count))
                found.values.extend(repeat(value, count))
            size += count * (POSTING_SIZE + len(value or b""))
        if new and words:  # a field is in the buffer once it has a posting
            self.words[fieldname] = words
            self.fieldnames.add(fieldname)
        self.currentsize += size

    def copy_counts(self, copy: str, source: str) -> None:
        """Give `copy` the postings of `source` with their counts as values (Whoosh's Frequency
        format), made only when they are written: for a field that holds the same text as
        another without positions, while every document gives both the same text and the
        source's weights are the counts (a field boost of 1)."""
        self.copies[copy] = source

    def stop_copying(self) -> None:
        """Give the copies postings of their own for the documents added so far."""
        if self.copies:
            self._group_all()
            self.words = self._with_copies(self.words)
            self.copies = {}

    def _with_copies(self, words: dict[str, dict[bytes, WordPostings]]
                     ) -> dict[str, dict[bytes, WordPostings]]:
        """Return the words with the copies' postings made from their sources'."""
        if not self.copies:
            return words
        found = dict(words)
        for copy, source in self.copies.items():
            if source in words:
                found[copy] = {word: _counted(postings)
                               for word, postings in words[source].items()}
                self.fieldnames.add(copy)
        return found

    def count_spelling(self, fieldname: str, words: Iterable[str], documents: int = 1) -> None:
        """Count the (distinct) spelling words of a document, or of each of several documents
        with the same words, as add() counts their postings (the words are encoded once,
        when the counts go into the buffer)."""
        counts = self.spelling[fieldname]
        if documents == 1:
            counts.update(words)
            return
        for word in words:
            counts[word] += documents

    def save(self) -> None:
        """Spill the buffer, with the spelling counts so far, to a run on disk: one record
        per word, in order."""
        self._hand_over_counts()
        self._group_all()
        if self.words:
            words, self.words = self._with_copies(self.words), {}
            path, f = self._new_run()
            with f:
                for key, postings in _sorted(words):
                    pickle.dump(_record(key, postings), f, pickle.HIGHEST_PROTOCOL)
            self._add_run(path)
        self.currentsize = 0

    def items(self, maxfiles: int = 128) -> Iterator[Item]:
        """Return every posting in order (field, word, document), the counted words among them."""
        return _postings(self.words_in_order(maxfiles))

    def words_in_order(self, maxfiles: int = 128
                       ) -> Iterator[tuple[tuple[str, bytes], WordPostings]]:
        """Return every (field, word) in order with its postings in document order, the
        counted words among them; the pool is empty afterwards."""
        if not self.runs:
            self._hand_over_counts()
            self._group_all()
            words, self.words = self._with_copies(self.words), {}
            return _in_order(_sorted(words))
        self.save()
        if len(self.runs) > maxfiles:
            self.reduce_to(maxfiles, maxfiles)
        runs, self.runs = self.runs, []
        return _in_order(self._merged(runs))

    def reduce_to(self, target: int, k: int) -> None:
        """Merge runs, k at a time, until there are at most `target` left."""
        while len(self.runs) > target:
            runs, self.runs = self.runs, []
            for start in range(0, len(runs), k):  # consecutive runs: document order is kept
                merging = runs[start:start + k]
                if len(merging) == 1:
                    self.runs.append(merging[0])
                    continue
                path, f = self._new_run()
                with f:
                    for key, postings in self._merged(merging):
                        pickle.dump(_record(key, postings), f, pickle.HIGHEST_PROTOCOL)
                self.runs.append(path)

    def _read_run(self, path: str) -> Iterator[Item]:
        """Yield a run's postings one by one (Whoosh's multi-process writer reads its
        writer processes' runs with this), then delete it."""
        return _postings(_in_order(self._records(path)))

    def _records(self, path: str) -> Iterator[tuple[tuple[str, bytes], WordPostings]]:
        """Yield a run's words and their postings, then delete the run."""
        try:
            with self._open_run(path) as f:
                while True:
                    try:
                        fieldname, word, docs, weights, values, ordered = pickle.load(f)
                    except EOFError:
                        return
                    postings = WordPostings()
                    postings.docs.frombytes(docs)
                    postings.weights.frombytes(weights)
                    postings.values, postings.ordered = values, ordered
                    yield (fieldname, word), postings
        finally:
            self._remove_run(path)

    def _merged(self, runs: list[str]) -> Iterator[tuple[tuple[str, bytes], WordPostings]]:
        """Merge runs written in this order: a word's postings from each, one after another."""
        merged = heapq.merge(*(self._records(path) for path in runs), key=itemgetter(0))
        for key, group in groupby(merged, key=itemgetter(0)):
            postings, *others = (found for _, found in group)
            for more in others:  # a run holds no word without postings
                postings.mark_order(more.docs[0], more.ordered)
                postings.docs.extend(more.docs)
                postings.weights.extend(more.weights)
                postings.values.extend(more.values)
            yield key, postings

    def _hand_over_counts(self) -> None:
        """Move the counts into the buffer as postings (document 0, as Whoosh's are; the
        value is the count in the field's Frequency format)."""
        for fieldname, counts in self.spelling.items():
            postings = ((word.encode(), count, encode_count(min(int(count), MAX_UINT)))
                        for word, count in counts.items())
            self._append(fieldname, range(1), postings)
        self.spelling.clear()


def _sorted(words: dict[str, dict[bytes, WordPostings]]
            ) -> Iterator[tuple[tuple[str, bytes], WordPostings]]:
    """Yield each (field, word) in order with its postings."""
    for fieldname in sorted(words):
        postings = words[fieldname]
        for word in sorted(postings):
            yield (fieldname, word), postings[word]


def _counted(postings: WordPostings) -> WordPostings:
    """Return a copy of the postings with each one's count (its weight) as its value."""
    counted = WordPostings()
    counted.docs = array("I", postings.docs)
    counted.weights = postings.weights[:]
    counted.values = list(map(encode_count, map(int, postings.weights)))
    counted.ordered = postings.ordered
    return counted


def _record(key: tuple[str, bytes], postings: WordPostings) -> tuple[Any, ...]:
    """Return a word's postings as a run stores them."""
    return (*key, postings.docs.tobytes(), postings.weights.tobytes(), postings.values,
            postings.ordered)


Words = Iterable[tuple[tuple[str, bytes], WordPostings]]


def _in_order(words: Words) -> Iterator[tuple[tuple[str, bytes], WordPostings]]:
    """Yield each word with its postings in document order (sorted where merges added them
    out of order, as Whoosh's pool sorts them)."""
    for key, postings in words:
        if not postings.ordered:
            ordered = WordPostings()
            for docnum, weight, value in sorted(zip(postings.docs, postings.weights,
                                                    postings.values, strict=True)):
                ordered.docs.append(docnum)
                ordered.weights.append(weight)
                ordered.values.append(value)
            postings = ordered
        yield key, postings


def _postings(words: Words) -> Iterator[Item]:
    """Yield each word's postings one by one."""
    for (fieldname, word), postings in words:
        for docnum, weight, value in zip(postings.docs, postings.weights, postings.values,
                                         strict=True):
            yield fieldname, word, docnum, weight, value
