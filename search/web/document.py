"""An article laid out for reading (sections, paragraphs, lists) and a paragraph's citation."""

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

from search.dates import display_date
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


def names(authors: tuple[str, ...]) -> str:
    """Join names as 'A', 'A and B' or 'A, B and C'."""
    if len(authors) <= 1:
        return "".join(authors)
    return ", ".join(authors[:-1]) + " and " + authors[-1]


def citation(view: ParagraphView, url: str, accessed: dt.date) -> str:
    """Return a plain-text citation: outlet, authors, title, date, ¶, permalink, accessed."""
    meta = view.article
    parts = [meta.outlet, names(meta.authors), f"“{meta.title}”", display_date(meta.date),
             f"¶ {view.number}", url]
    return ", ".join(p for p in parts if p) + f" (accessed {display_date(accessed.isoformat())})."
