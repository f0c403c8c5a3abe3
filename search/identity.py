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
from dataclasses import dataclass, field
from pathlib import Path

LEDGER_NAME = ".ids.json"
EDIT_SIMILARITY = 0.4
SKETCH_SIZE = 16


def text_hash(text: str) -> str:
    """Hash a paragraph's text after whitespace normalisation."""
    return hashlib.blake2b(" ".join(text.split()).encode(), digest_size=8).hexdigest()


def sketch(text: str) -> list[int]:
    """Return a bottom-k sketch of the text's words, to estimate similarity later."""
    words = set(re.findall(r"\w+", text.lower()))
    hashes = {int.from_bytes(hashlib.blake2b(w.encode(), digest_size=4).digest()) for w in words}
    return sorted(hashes)[:SKETCH_SIZE]


def similarity(a: list[int], b: list[int]) -> float:
    """Estimate the Jaccard similarity of two texts from their sketches."""
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
    sketch: list[int]
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
        def block(name: str, records: dict[str, dict[str, object]]) -> str:
            lines = [f" {json.dumps(k)}: {json.dumps(v, ensure_ascii=False, sort_keys=True)}"
                     for k, v in sorted(records.items())]
            return f'"{name}": {{\n' + ",\n".join(lines) + "\n}"

        # vars(), not dataclasses.asdict: the fields are flat, and asdict's deep copies of a
        # large corpus's ledger took seconds
        paragraphs = {k: {**vars(v), "sketch": _hex(v.sketch)} for k, v in
                      self.paragraphs.items()}
        articles = {k: vars(v) for k, v in self.articles.items()}
        return ('{"version": 2,\n' + block("articles", articles) + ",\n"
                + block("paragraphs", paragraphs) + "}\n")

    @classmethod
    def from_json(cls, text: str) -> "Ledger":
        """Parse a ledger written by to_json."""
        doc = json.loads(text)
        paragraphs = {}
        for pid, record in doc.get("paragraphs", {}).items():
            if isinstance(record.get("sketch"), str):
                record["sketch"] = _unhex(record["sketch"])
            paragraphs[pid] = PidRecord(**record)
        return cls(paragraphs=paragraphs,
                   articles={k: ArticleRecord(**v) for k, v in doc.get("articles", {}).items()})


def _hex(sketch: list[int]) -> str:
    return "".join(f"{h:08x}" for h in sketch)


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
    file or the new one, never a mix."""
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "w", encoding="utf-8") as fh:
        fh.write(text if text is not None else ledger.to_json())
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def mint(slug: str, text: str, taken: set[str]) -> str:
    """Make a new id from the article and text, unique among every id the ledger holds."""
    salt = 0
    while True:
        digest = hashlib.blake2b(f"{slug}\n{salt}\n{text}".encode(), digest_size=10).digest()
        pid = base64.b32encode(digest).decode().lower()[:10]
        if pid not in taken:
            return pid
        salt += 1
