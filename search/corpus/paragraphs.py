"""Split a Markdown body into paragraphs, headings and list items."""

import re

from search.models import Paragraph

HEADING_RE = re.compile(r"^#{1,6}\s+(.*?)\s*#*\s*$")
ITEM_RE = re.compile(r"^\s*[-*+]\s+(.*)$")


def split_body(body: str, first_line: int = 1) -> list[Paragraph]:
    """Return the paragraphs of a body; blank lines separate them, headings set the section."""
    paragraphs: list[Paragraph] = []
    section: str | None = None
    block: list[str] = []
    block_line = first_line
    kind = "p"

    def flush() -> None:
        nonlocal block
        text = " ".join(" ".join(block).split())
        if text:
            number = len(paragraphs) + 1
            paragraphs.append(Paragraph(number, text, section, "li" if kind == "li" else "p",
                                        block_line))
        block = []

    for offset, line in enumerate(body.split("\n")):
        lineno = first_line + offset
        if not line.strip():
            flush()
        elif m := HEADING_RE.match(line):
            flush()
            section = " ".join(m[1].split()) or None
        elif m := ITEM_RE.match(line):
            flush()
            block, block_line, kind = [m[1]], lineno, "li"
        else:
            if not block:
                block_line, kind = lineno, "p"
            block.append(line)
    flush()
    return paragraphs
