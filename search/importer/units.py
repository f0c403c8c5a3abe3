"""Turn raw scraped text into line units: cleaned of markdown debris, split paragraphs mended."""

import re
from dataclasses import dataclass

MAX_LINE_CHARS = 100_000
TERMINAL = tuple('.?!…:;"”’)]')
BULLET_RE = re.compile(r"^\s*[•·▪◦‣*+-]\s+")
LINK_RE = re.compile(r"\[([^\]]*)\]\((?:[^()\s]|\([^()\s]*\))*\)")
# *x*, **x**, _x_ (underscores only at word edges, so snake_case and URLs survive)
EMPHASIS_RE = re.compile(r"(\*{1,3})(?=\S)(.+?)(?<=\S)\1"
                         r"|(?<!\w)(_{1,3})(?=\S)(.+?)(?<=\S)\3(?!\w)")


class ImportError_(ValueError):
    """The input cannot be imported; the message says why."""


@dataclass
class Unit:
    """One line (or mended paragraph) of the input, with what the importer decided about it."""

    text: str
    line: int
    bullet: bool = False
    links: int = 0
    kind: str = "p"  # p, li, h, drop
    reason: str = ""

    @property
    def words(self) -> int:
        """Count the unit's words."""
        return len(self.text.split())

    @property
    def ends_sentence(self) -> bool:
        """Say whether the unit ends like a sentence."""
        return self.text.endswith(TERMINAL)


def clean_markdown(text: str) -> tuple[str, int]:
    """Remove markdown debris (escapes, emphasis, links); return the text and its link count."""
    links = len(LINK_RE.findall(text))
    text = LINK_RE.sub(lambda m: m[1], text)
    text = re.sub(r"\\([$*_\[\]#`\\])", r"\1", text)
    for _ in range(2):
        text = EMPHASIS_RE.sub(lambda m: m[2] if m[1] else m[4], text)
    return text, links


def read_units(text: str) -> list[Unit]:
    """Split text into units, one per non-empty line, cleaned; refuse enormous lines."""
    units = []
    for number, raw in enumerate(text.split("\n"), start=1):
        if len(raw) > MAX_LINE_CHARS:
            raise ImportError_(f"line {number} is {len(raw):,} characters long; that is not "
                               f"article text (the limit is {MAX_LINE_CHARS:,})")
        line = " ".join(raw.split())
        if not line:
            continue
        bullet = bool(BULLET_RE.match(raw)) and not raw.lstrip().startswith(("**", "*["))
        if bullet:
            line = BULLET_RE.sub("", raw).strip()
            line = " ".join(line.split())
        heading = re.match(r"^(#{1,6})\s+(.*?)\s*#*$", line)
        kind = "p" if not heading else "title" if len(heading[1]) == 1 else "h"
        cleaned, links = clean_markdown(heading[2] if heading else line)
        units.append(Unit(" ".join(cleaned.split()), number, bullet, links, kind=kind))
    return units


def mend(units: list[Unit]) -> list[Unit]:
    """Join paragraphs split mid-sentence (by a page break or a hard wrap)."""
    out: list[Unit] = []
    for unit in units:
        prev = out[-1] if out else None
        if (prev is not None and not prev.bullet and not unit.bullet and prev.words >= 8
                and not prev.ends_sentence and unit.text[:1].islower()):
            prev.text = f"{prev.text} {unit.text}"
            prev.links += unit.links
            continue
        out.append(unit)
    return out
