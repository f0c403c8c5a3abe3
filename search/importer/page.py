"""The main text of a saved page as blocks: trafilatura finds it, we keep its structure.

trafilatura's tree of the main text has `head`, `p`, `list`/`item`, `quote`, `code` and
`table`/`row`/`cell`. Each becomes a block: a heading, a paragraph or a list item. A table
whose cells hold paragraphs (a page laid out with a table) is read as the paragraphs in it;
a table of data gives a paragraph per row. Line breaks (`<br>`) inside a paragraph separate
paragraphs, as on pages that use `<br><br>` instead of `<p>`; a "heading" of more than 20
words is a paragraph set in bold, and is written as one.
"""

from dataclasses import dataclass
from typing import Any

BLOCKS = frozenset(("head", "p", "list", "item", "quote", "code", "table", "row", "cell", "div"))
KINDS = {"head": "h", "item": "li"}
HEADING_WORDS = 20


@dataclass
class Block:
    """One heading, paragraph or list item of the page's main text."""

    kind: str  # "h" | "p" | "li"
    text: str
    reason: str = ""  # why it was dropped, if it was


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
    loose = [element.text or ""]
    for child in element:
        if child.tag in BLOCKS:
            _emit(loose, kind, out)
            loose = []
            _walk(child, kind, out)
        else:
            loose.append(_inline(child))
        loose.append(child.tail or "")
    _emit(loose, kind, out)


def _inline(element: Any) -> str:
    """Return an inline element's text, with '\\n' for a line break."""
    if element.tag == "lb":
        return "\n"
    return "".join([element.text or "", *(_inline(c) + (c.tail or "") for c in element)])


def _emit(loose: list[str], kind: str, out: list[Block]) -> None:
    """Add the loose text gathered so far as blocks: one per line of a paragraph."""
    lines = [" ".join(line.split()) for line in "".join(loose).split("\n")]
    lines = [line for line in lines if line]
    if kind != "p":
        lines = [" ".join(lines)] if lines else []
    for line in lines:  # a "heading" of more words is a paragraph set in bold
        out.append(Block("p" if kind == "h" and len(line.split()) > HEADING_WORDS else kind, line))


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
            out.append(Block("p", " | ".join(texts)))


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
