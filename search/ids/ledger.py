"""Permanent paragraph ids: a ledger, kept beside the corpus, that survives any rebuild.

An id is minted once, from the paragraph's article and text, and then carried forward by the
ledger: unchanged paragraphs keep theirs wherever they move (in the article or to another one),
edited paragraphs keep theirs (the ledger remembers the text it was minted for), and removed ones
are marked gone rather than forgotten. See docs/architecture.md.
"""

import base64
import hashlib
import json
import os
import re
import struct
import threading
from dataclasses import dataclass, field
from pathlib import Path

from search.procs import map_in_processes

LEDGER_NAME = ".ids.json"
EDIT_SIMILARITY = 0.4
SKETCH_SIZE = 16


def text_hash(text: str) -> str:
    """Hash a paragraph's text after whitespace normalisation."""
    return hashlib.blake2b(" ".join(text.split()).encode(), digest_size=8).hexdigest()


def sketch(text: str) -> str:
    """Return a bottom-k sketch of the text's words, to estimate similarity later: the
    SKETCH_SIZE smallest word hashes, as hex text (as the ledger stores it; it is decoded only
    when two sketches are compared, which few builds need)."""
    if len(_WORD_HASHES) > WORD_HASHES:
        _WORD_HASHES.clear()
    hashes = set(map(_WORD_HASHES.__getitem__, set(_WORD.findall(text.lower()))))
    return _hex(sorted(hashes)[:SKETCH_SIZE])


def sketch_all(texts: list[str]) -> list[str]:
    """Sketch each text: in several processes when there are many (a first build of 100k
    paragraphs spends about 3.5 s of its own serial work sketching)."""
    return map_in_processes(sketch, texts, PARALLEL_SKETCHES, chunksize=2000)


PARALLEL_SKETCHES = 20_000


class _WordHashes(dict[str, int]):
    """Each word's hash (4 bytes of BLAKE2b), made when first asked: the first build of a
    corpus sketches every paragraph, some fifty words each, from a far smaller vocabulary."""

    def __missing__(self, word: str) -> int:
        found = self[word] = int.from_bytes(hashlib.blake2b(word.encode(), digest_size=4)
                                            .digest())
        return found


_WORD = re.compile(r"\w+")
_WORD_HASHES = _WordHashes()
WORD_HASHES = 500_000  # words kept (about 50 MB); the cache starts again past that


def similarity(sketch_a: str, sketch_b: str) -> float:
    """Estimate the Jaccard similarity of two texts from their sketches."""
    a, b = _unhex(sketch_a), _unhex(sketch_b)
    union = sorted(set(a) | set(b))[:SKETCH_SIZE]
    if not union:
        return 0.0
    both = set(a) & set(b)
    return sum(1 for h in union if h in both) / len(union)


@dataclass
class PidRecord:
    """What the ledger remembers of one paragraph id."""

    article: str
    hash: str
    first_hash: str
    sketch: str  # see sketch()
    live: bool = True

    @property
    def edited(self) -> bool:
        """Say whether the text changed since the id was minted."""
        return self.hash != self.first_hash


@dataclass
class ArticleRecord:
    """What the ledger remembers of one article, including after it is removed."""

    pids: list[str]
    title: str
    outlet: str
    authors: list[str]
    date: str
    live: bool = True
    moved_to: str | None = None


@dataclass
class Ledger:
    """Every paragraph id ever minted for this corpus, and every article ever seen."""

    paragraphs: dict[str, PidRecord] = field(default_factory=dict)
    articles: dict[str, ArticleRecord] = field(default_factory=dict)

    def to_json(self) -> str:
        """Serialise deterministically, one compact record per line, so the file diffs well."""
        def block(name: str, lines: list[str]) -> str:
            return f'"{name}": {{\n' + ",\n".join(lines) + "\n}"

        # vars(), not dataclasses.asdict: the fields are flat, and asdict's deep copies of a
        # large corpus's ledger took seconds
        articles = [f" {json.dumps(k)}: {json.dumps(vars(v), ensure_ascii=False, sort_keys=True)}"
                    for k, v in sorted(self.articles.items())]
        return ('{"version": 2,\n' + block("articles", articles) + ",\n"
                + block("paragraphs", [_line(k, v) for k, v in sorted(self.paragraphs.items())])
                + "}\n")

    @classmethod
    def from_json(cls, text: str) -> "Ledger":
        """Parse a ledger written by to_json."""
        doc = json.loads(text)
        paragraphs = {}
        for pid, record in doc.get("paragraphs", {}).items():
            if isinstance(record.get("sketch"), list):  # version 1 kept the numbers
                record["sketch"] = _hex(record["sketch"])
            paragraphs[pid] = PidRecord(**record)
        return cls(paragraphs=paragraphs,
                   articles={k: ArticleRecord(**v) for k, v in doc.get("articles", {}).items()})


# json's own C string encoders: what json.dumps writes for a str with ensure_ascii=False / True
_str = json.encoder.encode_basestring
_key = json.encoder.encode_basestring_ascii


def _line(pid: str, r: PidRecord) -> str:
    """Return one paragraph's ledger line: what json.dumps(vars(r), ensure_ascii=False,
    sort_keys=True) writes, without its cost (a hundred thousand lines per build)."""
    live = "true" if r.live else "false"
    return (f' {_key(pid)}: {{"article": {_str(r.article)}, "first_hash": {_str(r.first_hash)}, '
            f'"hash": {_str(r.hash)}, "live": {live}, "sketch": {_str(r.sketch)}}}')


def _hex(sketch: list[int]) -> str:
    return struct.pack(f">{len(sketch)}I", *sketch).hex()  # 8 hex digits each


def _unhex(text: str) -> list[int]:
    return [int(text[i : i + 8], 16) for i in range(0, len(text), 8)]


def load_ledger(path: Path) -> Ledger:
    """Read the ledger, or start an empty one if there is none yet."""
    try:
        return Ledger.from_json(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return Ledger()


def save_ledger(ledger: Ledger, path: Path, text: str | None = None) -> None:
    """Write the ledger (or its JSON text, already made) atomically: a reader sees the old
    file or the new one, never a mix. The temporary file is this call's own: two builds of
    one corpus into two index folders may save at once (one shared name made one fail)."""
    tmp = path.with_name(f"{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    try:
        with open(tmp, "w", encoding="utf-8") as fh:
            fh.write(text if text is not None else ledger.to_json())
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def mint(slug: str, text: str, taken: set[str]) -> str:
    """Make a new id from the article and text, unique among every id the ledger holds."""
    salt = 0
    while True:
        digest = hashlib.blake2b(f"{slug}\n{salt}\n{text}".encode(), digest_size=10).digest()
        pid = base64.b32encode(digest).decode().lower()[:10]
        if pid not in taken:
            return pid
        salt += 1
