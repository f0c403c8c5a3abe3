"""Build a generation's echo table, reusing the previous one for unchanged paragraphs."""

import numpy as np

from search.echoes.shingles import SHINGLE, quotations, word_hashes
from search.echoes.table import MAX_SHARING, MIN_SHARED, NEAR, PASSAGE, EchoTable, Ints, Quotes
from search.models import Article


def build_table(articles: list[Article], pids: dict[str, list[str]],
                previous: EchoTable | None = None) -> EchoTable:
    """Return the echo table of the corpus; with `previous`, only paragraphs whose id, article
    or text changed are read anew and only their pairs searched."""
    slugs = [a.meta.slug for a in articles]
    all_pids: list[str] = []
    numbers: list[int] = []
    hashes_of: list[str] = []
    old_of: list[int] = []  # each paragraph's number in the previous table, or -1
    quotes: dict[int, Quotes] = {}
    fresh_texts: list[tuple[int, str]] = []
    old_index = previous.index if previous is not None else {}
    for n, article in enumerate(articles):
        for para, pid, text_hash in zip(article.paragraphs, pids[article.meta.slug],
                                        article.text_hashes, strict=True):
            i = len(all_pids)
            j = old_index.get(pid, -1)
            if previous is not None and j >= 0 and previous.text_hashes[j] == text_hash \
                    and previous.slugs[previous.article[j]] == article.meta.slug:
                old_of.append(j)
                if j in previous.quotes:
                    quotes[i] = previous.quotes[j]
            else:
                old_of.append(-1)
                fresh_texts.append((i, para.text))
                found = quotations(para.text) if _may_quote(para.text) else []
                if found:
                    quotes[i] = found
            all_pids.append(pid)
            numbers.append(n)
            hashes_of.append(text_hash)
    article_of = np.array(numbers, dtype=np.int64)
    rows = _rows(fresh_texts, np.array(old_of, dtype=np.int64), previous)
    owners = (rows >> np.uint64(32)).astype(np.int64)
    hashes = (rows & np.uint64(0xFFFFFFFF)).astype(np.uint32)
    offsets = np.searchsorted(owners, np.arange(len(all_pids) + 1)).astype(np.int64)
    fresh = np.zeros(len(all_pids), dtype=bool)
    fresh[[i for i, _ in fresh_texts]] = True
    pairs = _pairs(hashes, owners, offsets, article_of, fresh)
    if previous is not None:
        pairs = np.concatenate([_kept_pairs(previous, np.array(old_of, dtype=np.int64)), pairs])
    return EchoTable(all_pids, article_of, slugs, hashes_of, offsets, hashes, quotes, pairs)


def _may_quote(text: str) -> bool:
    """Say whether a paragraph has any quotation mark (most have none: skip the search)."""
    return any(c in text for c in "\"'“”„‟«»‘’‚‛‹›＂")


def _rows(fresh: list[tuple[int, str]], old_of: Ints, previous: EchoTable | None
          ) -> np.ndarray:
    """Return every (paragraph << 32 | shingle) row, sorted and distinct: the fresh
    paragraphs' shingles made from their words (all at once), the others' copied."""
    words: list[int] = []
    counts: list[int] = []
    for _, text in fresh:
        got = word_hashes(text)
        words += got
        counts.append(len(got))
    w = np.array(words, dtype=np.uint64)
    o = np.repeat(np.array([i for i, _ in fresh], dtype=np.uint64),
                  np.array(counts, dtype=np.int64))
    n = len(w) - SHINGLE + 1
    parts = []
    if n > 0:
        total = np.zeros(n, dtype=np.uint64)
        with np.errstate(over="ignore"):
            for k in range(SHINGLE):
                total = total * np.uint64(0x100000001B3) + w[k:k + n]
        h = ((total >> np.uint64(32)) ^ total) & np.uint64(0xFFFFFFFF)
        whole = o[:n] == o[SHINGLE - 1:]  # the run stays inside one paragraph
        parts.append((o[:n][whole] << np.uint64(32)) | h[whole])
    if previous is not None:
        kept = np.flatnonzero(old_of >= 0)
        starts, ends = previous.offsets[old_of[kept]], previous.offsets[old_of[kept] + 1]
        lens = ends - starts
        at = _ranges(starts, lens)
        new_owner = np.repeat(kept, lens).astype(np.uint64)
        parts.append((new_owner << np.uint64(32)) | previous.hashes[at].astype(np.uint64))
    if not parts:
        return np.zeros(0, dtype=np.uint64)
    rows = np.sort(np.concatenate(parts))  # np.unique's hashing took 8 s at 100k: sort instead
    return rows[np.concatenate([[True], rows[1:] != rows[:-1]])] if len(rows) else rows


def _ranges(starts: Ints, lens: Ints) -> Ints:
    """Return the positions of several ranges laid end to end."""
    total = int(lens.sum())
    return (np.arange(total, dtype=np.int64) - np.repeat(np.cumsum(lens) - lens, lens)
            + np.repeat(starts, lens))


def _pairs(hashes: np.ndarray, owners: Ints, offsets: Ints, article: Ints,
           fresh: Ints) -> Ints:
    """Return (a, b, shared) for each pair of paragraphs of different articles, one of them
    fresh, that are near-identical or share a passage."""
    order = np.argsort(hashes, kind="stable")
    sorted_h, sorted_o = hashes[order], owners[order]
    # each sorted row's group of equal hashes, from the boundaries (no search per row)
    edge = np.flatnonzero(np.concatenate([[True], sorted_h[1:] != sorted_h[:-1], [True]]))
    sizes = np.diff(edge)
    lo, lens = np.repeat(edge[:-1], sizes), np.repeat(sizes, sizes)
    ok = fresh[sorted_o] & (lens >= 2) & (lens <= MAX_SHARING)
    me = np.repeat(sorted_o[ok], lens[ok])
    other = sorted_o[_ranges(lo[ok], lens[ok])]
    keep = (article[me] != article[other]) & (~fresh[other] | (other > me))
    a, b = np.minimum(me[keep], other[keep]), np.maximum(me[keep], other[keep])
    n = max(len(offsets), 1)
    keys, shared = np.unique(a * n + b, return_counts=True)
    a, b = keys // n, keys % n
    counts = np.diff(offsets)
    shorter = np.minimum(counts[a], counts[b])
    good = ((shared >= NEAR * shorter) & (shared >= MIN_SHARED)) | (shared >= PASSAGE)
    return np.stack([a[good], b[good], shared[good]], axis=1).astype(np.int64)


def _kept_pairs(previous: EchoTable, old_of: Ints) -> Ints:
    """Return the previous table's pairs of two unchanged paragraphs, renumbered."""
    new_of = np.full(len(previous.pids), -1, dtype=np.int64)
    kept = np.flatnonzero(old_of >= 0)
    new_of[old_of[kept]] = kept
    a, b = new_of[previous.pairs[:, 0]], new_of[previous.pairs[:, 1]]
    ok = (a >= 0) & (b >= 0)
    return np.stack([np.minimum(a, b)[ok], np.maximum(a, b)[ok], previous.pairs[:, 2][ok]],
                    axis=1).astype(np.int64)
