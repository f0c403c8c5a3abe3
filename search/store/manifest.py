"""The manifest of a generation: each article's metadata, content hash, paragraph ids and
paragraph fingerprints, which tell the next build what changed."""

import hashlib
import json
from typing import Any

from search.ids.ledger import Ledger
from search.models import Article, Paragraph


def changed_paragraphs(article: Article, before: dict[str, Any], now: dict[str, Any]
                        ) -> tuple[set[str], list[tuple[Paragraph, str]]]:
    """Return the ids whose documents must go (changed or gone paragraphs) and the
    (paragraph, id) pairs to add (changed and new ones)."""
    kept = set(zip(before["pids"], before["docs"], strict=True))
    current = list(zip(now["pids"], now["docs"], strict=True))
    gone = {pid for pid, _ in kept} - {pid for pid, fp in current if (pid, fp) in kept}
    fresh = [(para, pid) for para, (pid, fp) in zip(article.paragraphs, current, strict=True)
             if (pid, fp) not in kept]
    return gone, fresh


def fingerprints(article: Article) -> list[str]:
    """Return a short hash of each paragraph's indexed content (its article's metadata
    aside): the same fingerprint and id mean the same document."""
    return [hashlib.blake2b(f"{p.number}\0{p.kind}\0{p.section or ''}\0{p.text}".encode(),
                            digest_size=8).hexdigest() for p in article.paragraphs]


def manifest_json(gid: str, built: str, entries: dict[str, Any]) -> str:
    """Return the manifest as JSON, one article per line (json's C encoder: writing it with
    indent=1, which only the pure-Python encoder does, took most of a second at 100k)."""
    lines = [f" {json.dumps(slug)}: {json.dumps(entry, ensure_ascii=False)}"
             for slug, entry in entries.items()]
    return (f'{{"generation": {json.dumps(gid)}, "built": {json.dumps(built)}, "articles": {{\n'
            + ",\n".join(lines) + "\n}}\n")


def without(entry: dict[str, Any], keys: set[str]) -> dict[str, Any]:
    """Return a manifest entry without some of its keys."""
    return {k: v for k, v in entry.items() if k not in keys}


def same_meta(before: dict[str, Any], now: dict[str, Any]) -> bool:
    """Say whether two manifest entries have the same metadata (what every document of the
    article stores), whatever their paragraphs."""
    paragraphs = {"docs", "pids", "hash", "path"}
    return without(before, paragraphs) == without(now, paragraphs)


def manifest_entry(article: Article, ledger: Ledger) -> dict[str, Any]:
    """Describe an article in the manifest: its metadata, content hash and paragraph ids,
    in the JSON types the manifest stores (lists, not tuples), so entries compare equal."""
    entry: dict[str, Any] = {k: list(v) if isinstance(v, tuple) else v
                             for k, v in vars(article.meta).items()}
    entry.update(hash=article.content_hash, path=article.path,
                 pids=list(ledger.articles[article.meta.slug].pids))
    return entry
