"""The main text of a saved page as blocks: trafilatura finds it, we keep its structure.

trafilatura's tree of the main text has `head`, `p`, `list`/`item`, `quote`, `code` and
`table`/`row`/`cell`. Each becomes a block: a heading, a paragraph or a list item. A table
whose cells hold paragraphs (a page laid out with a table) is read as the paragraphs in it;
a table of data gives a paragraph per row. Line breaks (`<br>`) inside a paragraph separate
paragraphs, as on pages that use `<br><br>` instead of `<p>`.
"""

from dataclasses import dataclass
from typing import Any

BLOCKS = frozenset(("head", "p", "list", "item", "quote", "code", "table", "row", "cell", "div"))
KINDS = {"head": "h", "item": "li"}


@dataclass
class Block:
    """One heading, paragraph or list item of the page's main text."""

    kind: str  # "h" | "p" | "li"
    text: str
    links: int = 0  # characters of link text
    reason: str = ""  # why it was dropped, if it was

    @property
    def link_share(self) -> float:
        """Return the share of the block's characters that are link text."""
        return min(1.0, self.links / max(1, len(self.text)))


def blocks_of(body: Any) -> list[Block]:
    """Return the blocks of trafilatura's main-text tree, in reading order."""
    out: list[Block] = []
    _walk(body, "p", out)
    return out


def _walk(element: Any, kind: str, out: list[Block]) -> None:
    """Emit an element's own text and each block inside it, in order."""
    if element.tag == "list":
        kind = "li"
    elif element.tag == "table":
        _table(element, out)
        return
    kind = KINDS.get(element.tag, kind)
    loose: list[tuple[str, int]] = [(element.text or "", 0)]
    for child in element:
        if child.tag in BLOCKS:
            _emit(loose, kind, out)
            loose = []
            _walk(child, kind, out)
        else:
            loose.append(_inline(child))
        loose.append((child.tail or "", 0))
    _emit(loose, kind, out)


def _inline(element: Any) -> tuple[str, int]:
    """Return an inline element's text ('\\n' for a line break) and how much of it is links."""
    if element.tag == "lb":
        return "\n", 0
    parts = [element.text or ""]
    links = 0
    for child in element:
        text, linked = _inline(child)
        parts += [text, child.tail or ""]
        links += linked
    text = "".join(parts)
    return text, len(text) if element.tag == "ref" else links


def _emit(loose: list[tuple[str, int]], kind: str, out: list[Block]) -> None:
    """Add the loose text gathered so far as blocks: one per line of a paragraph."""
    text = "".join(part for part, _ in loose)
    links = sum(linked for _, linked in loose)
    lines = [" ".join(line.split()) for line in text.split("\n")]
    lines = [line for line in lines if line]
    if kind != "p":
        lines = [" ".join(lines)] if lines else []
    for line in lines:
        out.append(Block(kind, line, links * len(line) // max(1, len(" ".join(lines)))))


def _table(table: Any, out: list[Block]) -> None:
    """Emit a layout table's paragraphs, or a data table's rows as paragraphs."""
    for row in table.iter("row"):
        if row.getparent() is not table and _in_nested_table(row, table):
            continue
        cells = [cell for cell in row if cell.tag == "cell"]
        if any(_is_layout(cell) for cell in cells):
            for cell in cells:
                _walk(cell, "p", out)
            continue
        texts = [" ".join("".join(cell.itertext()).split()) for cell in cells]
        texts = [text for text in texts if text]
        if texts:
            out.append(Block("p", " | ".join(texts),
                             sum(len("".join(r.itertext())) for r in row.iter("ref"))))


def _is_layout(cell: Any) -> bool:
    """Say whether a cell holds paragraphs (the page is laid out with a table), not data."""
    return any(child.tag in BLOCKS for child in cell) or len("".join(cell.itertext()).split()) > 40


def _in_nested_table(row: Any, table: Any) -> bool:
    """Say whether the row belongs to a table inside one of this table's cells."""
    parent = row.getparent()
    while parent is not None and parent is not table:
        if parent.tag == "table":
            return True
        parent = parent.getparent()
    return False
