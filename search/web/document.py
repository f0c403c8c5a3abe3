"""An article laid out for reading: sections, paragraphs, lists."""

from dataclasses import dataclass, field
from typing import Literal

from search.models import ParagraphView


@dataclass
class Block:
    """Paragraphs shown one after another, or consecutive list items shown as one list."""

    kind: Literal["p", "ul"]
    items: list[ParagraphView] = field(default_factory=list)


@dataclass
class Section:
    """The paragraphs under one heading (None before the first heading)."""

    heading: str | None
    blocks: list[Block] = field(default_factory=list)


def sections(paragraphs: list[ParagraphView]) -> list[Section]:
    """Group an article's paragraphs by heading, and consecutive list items into lists."""
    out: list[Section] = []
    for view in paragraphs:
        if not out or out[-1].heading != view.section:
            out.append(Section(view.section))
        blocks = out[-1].blocks
        kind: Literal["p", "ul"] = "ul" if view.kind == "li" else "p"
        if not blocks or blocks[-1].kind != kind or kind == "p":
            blocks.append(Block(kind))
        blocks[-1].items.append(view)
    return out
