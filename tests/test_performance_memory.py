"""A worker reads the index's segments in place (search/whoosh/patches.py, ViewFile): opening a
searcher and searching copies no segment file into the process's own memory, and the reader
behaves as the BytesIO it replaces."""

import io
import pickle
import tracemalloc
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from search.engine import search
from search.index.build import build_index
from search.models import SearchRequest
from search.store.generations import current_generation, generation_dir
from search.whoosh.handle import IndexHandle
from search.whoosh.patches import ViewFile
from tests.conftest import WriteArticle

Op = tuple[str, int, int]
OPS = st.lists(st.tuples(st.sampled_from(["read", "readline", "readinto", "seek", "tell"]),
                         st.integers(-3, 40), st.sampled_from([0, 1, 2])), max_size=25)


def run(file: io.BytesIO | ViewFile, ops: list[Op]) -> list[object]:
    """Apply the operations; return what each gave (or the error it raised)."""
    out: list[object] = []
    for name, n, whence in ops:
        try:
            if name == "read":
                out.append(file.read(n))
            elif name == "readline":
                out.append(file.readline(n))
            elif name == "readinto":
                target = bytearray(max(n, 0))
                out.append((file.readinto(target), bytes(target)))
            elif name == "seek":
                out.append(file.seek(n, whence))
            else:
                out.append(file.tell())
        except ValueError:
            out.append("ValueError")
    out.append(list(file))  # the rest, line by line
    return out


@given(data=st.binary(max_size=60).map(lambda b: b.replace(b"\r", b"\n")), ops=OPS)
def test_the_in_place_reader_reads_as_bytesio_does(data: bytes, ops: list[Op]) -> None:
    assert run(ViewFile(memoryview(data)), ops) == run(io.BytesIO(data), ops)


@given(data=st.binary(max_size=5000), at=st.integers(0, 5000), size=st.integers(-2, 3000))
def test_peeking_shows_the_bytes_ahead_without_moving(data: bytes, at: int, size: int) -> None:
    file = ViewFile(memoryview(data))
    file.seek(at)
    ahead = file.peek(size)
    assert data[at:].startswith(ahead) and (ahead or at >= len(data))
    assert file.tell() == at and file.read() == data[at:]


class CountingViewFile(ViewFile):
    """A ViewFile that counts the reads asked of it."""

    reads = 0

    def read(self, size: int | None = -1) -> bytes:
        self.reads += 1
        return super().read(size)


def test_pickles_one_after_another_are_loaded_with_few_reads() -> None:
    values = [(i, [i * 0.5] * (i % 7), f"block {i}") for i in range(500)]
    raw = b"".join(pickle.dumps(v, protocol=2) for v in values)
    ours, theirs = CountingViewFile(memoryview(raw)), io.BytesIO(raw)
    for value in values:  # each load stops where the pickle ends, as from a BytesIO
        assert pickle.load(ours) == pickle.load(theirs) == value
        assert ours.tell() == theirs.tell()
    assert ours.reads <= 2 * len(values)  # without peek: over 10 reads per pickle


def test_pickles_are_read_in_place() -> None:
    values = [{"a": 1, "b": [1.5, None, "x" * 5000]}, ("t", 2), b"\n" * 3]
    raw = b"".join(pickle.dumps(v, protocol=p) for v, p in zip(values, (0, 2, 5), strict=True))
    file = ViewFile(memoryview(raw))
    assert [pickle.load(file) for _ in values] == values
    assert file.read() == b""


def test_opening_and_searching_copies_no_segment(write_article: WriteArticle, corpus_dir: Path,
                                                 index_dir: Path) -> None:
    for n in range(30):
        write_article(f"a{n}", "\n\n".join(
            f"Paragraph {p} of article {n}: the coup, the police and the election {n * p}. "
            + " ".join(f"w{(n * 7 + p * 13 + k * k) % 997}" for k in range(60))
            for p in range(60)), outlet=f"Outlet {n % 4}")
    assert build_index(corpus_dir, index_dir).published
    gen = generation_dir(index_dir, current_generation(index_dir) or "")
    segments = sum(f.stat().st_size for f in gen.glob("*.seg"))
    assert segments > 2_500_000
    search(IndexHandle(index_dir), SearchRequest(text="coup"))  # the modules a search imports
    handle = IndexHandle(index_dir)
    handle.check()  # the manifest is read before the measure
    tracemalloc.start()
    result = search(handle, SearchRequest(text="coup police"))
    phrase = search(handle, SearchRequest(text='"the election 0"'))
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert result.total == 1800 and phrase.total == 30 + 59  # n = 0 or p = 0
    # Whoosh's own BufferFile copied every segment file it opened (more than the whole index)
    assert peak < segments / 3, (peak, segments)
