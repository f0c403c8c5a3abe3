"""Corpus files as the baselines see them: front matter set apart, the body cut in paragraphs.

A simple mirror of how press-search reads a corpus file (README, "Adding articles"): blank lines
separate paragraphs, a `#` heading starts a section and is no paragraph, a list item (`- `) is a
paragraph of its own, and a paragraph's lines are joined with single spaces. Only the baselines
and the seed judgments' checks use it; press-search reads the files itself.
"""

import re
from dataclasses import dataclass
from pathlib import Path

HEADING_RE = re.compile(r"^#{1,6}\s+")
ITEM_RE = re.compile(r"^\s*[-*+]\s+(.*)$")


@dataclass(frozen=True)
class Paragraph:
    """One paragraph of a corpus file: its article's slug, its number there, and its text."""

    slug: str
    number: int
    text: str

    @property
    def key(self) -> str:
        """Return the key that names this paragraph in rankings and judgments."""
        return f"{self.slug}#{self.number}"


def body_of(text: str) -> str:
    """Return a corpus file's body: what follows the front matter's closing `---`."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        raise ValueError("a corpus file starts with a '---' line")
    for end in range(1, len(lines)):
        if lines[end].strip() in ("---", "..."):
            return "\n".join(lines[end + 1:])
    raise ValueError("the front matter has no closing '---' line")


def split_paragraphs(body: str) -> list[str]:
    """Return the texts of a body's paragraphs, in order."""
    texts: list[str] = []
    block: list[str] = []

    def flush() -> None:
        text = " ".join(" ".join(block).split())
        if text:
            texts.append(text)
        block.clear()

    for line in body.split("\n"):
        if not line.strip() or HEADING_RE.match(line):
            flush()
        elif m := ITEM_RE.match(line):
            flush()
            block.append(m[1])
        else:
            block.append(line)
    flush()
    return texts


def corpus_paragraphs(corpus: Path) -> list[Paragraph]:
    """Return every paragraph of the corpus's Markdown files (the slug is the file's name)."""
    return [Paragraph(path.stem, number, text)
            for path in sorted(corpus.glob("*.md"))
            for number, text in enumerate(
                split_paragraphs(body_of(path.read_text(encoding="utf-8"))), start=1)]
