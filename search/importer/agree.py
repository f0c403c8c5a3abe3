"""A second opinion on where the article starts and ends: readability-lxml's main text.

trafilatura keeps, at the edges of an article, lines that a different algorithm leaves out:
the headline again, a dateline, 'About the company' boilerplate, newsletter blurbs, lists of
related stories. Where the two extractors agree on the article (and readability's is not a
mere part of trafilatura's), the blocks before the first and after the last that readability
also kept are dropped, if they are a minor part of the text.
"""

import re
from typing import Any

from search.importer.page import Block

WORD = re.compile(r"\w+")
BLOCK_TAGS = frozenset(("p", "div", "li", "td", "th", "tr", "blockquote", "pre", "dt", "dd",
                        "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "table", "br",
                        "figure", "figcaption", "section", "article", "header", "footer"))
N = 4
AGREEMENT = 0.3  # share of readability's text that trafilatura also found
ENOUGH = 0.5  # readability must find half as many words: less is a part of the article
EDGE_SHARE = 0.3  # the most of the text that trimming the edges may remove


def readability_text(html: str) -> list[str]:
    """Return the blocks of text of readability's main content, or [] when it finds none."""
    import lxml.html
    from readability import Document  # heavy, and only needed for HTML

    try:
        summary = Document(html).summary(html_partial=True)
        root = lxml.html.fromstring(summary) if summary.strip() else None
    except Exception:  # noqa: BLE001 - readability fails in many ways on broken pages
        return []
    out: list[str] = []
    if root is not None:
        _collect(root, out, [])
    return [text for text in (" ".join(t.split()) for t in out) if text]


def _collect(element: Any, out: list[str], current: list[str]) -> None:
    """Gather the text under an element, a new block at each block-level tag."""
    block = isinstance(element.tag, str) and element.tag in BLOCK_TAGS
    if block:
        out.append("".join(current))
        current.clear()
    if isinstance(element.tag, str) and element.tag not in ("script", "style"):
        current.append(element.text or "")
        for child in element:
            _collect(child, out, current)
    if block:
        out.append("".join(current))
        current.clear()
    current.append(element.tail or "")


def words(text: str) -> list[str]:
    """Split text into lowercase words."""
    return WORD.findall(text.lower())


def _supported(block: list[str], joined: str, grams: set[tuple[str, ...]]) -> bool:
    """Say whether another extraction has this block: all of a short one, a 4-gram of a long."""
    if len(block) < N:
        return f" {' '.join(block)} " in joined
    return any(tuple(block[i:i + N]) in grams for i in range(len(block) - N + 1))


def trim_edges(blocks: list[Block], other: list[str]) -> None:
    """Drop the blocks before and after the part of the article both extractors found."""
    theirs = words("\n".join(other))
    mine = [words(block.text) for block in blocks]
    grams = {tuple(theirs[i:i + N]) for i in range(len(theirs) - N + 1)}
    joined = f" {' '.join(theirs)} "
    ours = {tuple(w[i:i + N]) for w in mine for i in range(len(w) - N + 1)}
    total = sum(len(w) for w in mine)
    if len(grams) < 2 or len(grams & ours) < AGREEMENT * len(grams) or len(theirs) < ENOUGH * total:
        return  # they disagree about where the article is, or readability found a part of it
    kept = [i for i, w in enumerate(mine) if w and _supported(w, joined, grams)]
    if not kept:
        return
    outside = [i for i in range(len(blocks)) if i < kept[0] or i > kept[-1]]
    if sum(len(mine[i]) for i in outside) <= EDGE_SHARE * total:
        for i in outside:
            blocks[i].reason = blocks[i].reason or (
                "before the article" if i < kept[0] else "after the article")
