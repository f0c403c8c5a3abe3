"""From raw text to a draft article: metadata with provenance, blocks, and what was dropped."""

import re
from dataclasses import dataclass, field

from search.importer.chrome import URL_RE, is_tagline, mark_chrome
from search.importer.language import sure_language
from search.importer.meta import Metadata, read_head, read_tail
from search.importer.units import ImportError_, Unit, mend, read_units

SOURCES_RE = re.compile(r"^(sources|references|further reading|notes|links)\s*:?$", re.I)
CLOSING = tuple('.!?…"”’)')
COPYRIGHT_RE = re.compile(r"(?:©|\(c\)|copyright)\s*(?:\d{4}[–-]?(?:\d{4})?)?\s*([^.|]{2,60}?)\s*"
                          r"(?:\.|\||all rights|$)", re.IGNORECASE)


@dataclass
class Draft:
    """An imported article before it is written: metadata, body blocks, dropped lines."""

    meta: Metadata
    blocks: list[tuple[str, str]]  # (kind: "p" | "li" | "h", text)
    dropped: list[Unit]
    sources: list[str] = field(default_factory=list)
    numbering: str = "line"  # what a dropped unit's number counts: lines of text, or blocks

    @property
    def paragraphs(self) -> int:
        """Count paragraphs and list items (not headings)."""
        return sum(1 for kind, _ in self.blocks if kind != "h")


def import_text(text: str) -> Draft:
    """Turn scraped article text into a draft; raise ImportError_ if there is no article."""
    units = mend(read_units(text))
    if not units:
        raise ImportError_("the file has no text")
    sources = _take_sources(units)
    mark_chrome([u for u in units if u.kind == "p"])
    bodies = [i for i, u in enumerate(units)
              if u.kind == "p" and u.words >= 20 and u.ends_sentence]
    if not bodies:
        raise ImportError_("no paragraph of article text found (nothing of 20 words or more "
                           "that reads as a sentence)")
    first, last = bodies[0], bodies[-1]
    meta = Metadata()
    # a byline repeated at head and tail is read as a byline before it counts as chrome
    readable = [u for u in units
                if u.kind in ("p", "title") or u.reason in ("repeated line", "repeated banner")]
    language = sure_language(" ".join(u.text for u in units[first:last + 1]))
    read_head([u for u in readable if u.line < units[first].line], meta, language)
    tail = [u for u in readable if u.line > units[last].line]
    if read_tail(tail, meta) and is_tagline(units[last]):
        units[last].kind, units[last].reason = "drop", "site self-description before the byline"
    for unit in tail:
        if unit.kind == "p" and not unit.bullet and not unit.text.endswith(CLOSING):
            unit.kind, unit.reason = "drop", "short line after the article"
    for unit in units:  # '© 2021 The Daily Planet. All rights reserved.' names the outlet
        if unit.kind == "drop" and (m := COPYRIGHT_RE.search(unit.text)):
            meta.put("outlet", m[1].strip(), unit)
    body = [u for u in units[first:] if u.kind in ("p", "h")]
    _classify(body)
    return Draft(meta, [(u.kind, u.text) for u in body],
                 [u for u in units if u.kind == "drop"], sources)


def _take_sources(units: list[Unit]) -> list[str]:
    """Remove a trailing 'Sources:' list of URLs; return it as metadata."""
    for i, unit in enumerate(units):
        if SOURCES_RE.match(unit.text) and i >= len(units) // 2:
            found = []
            for item in units[i + 1:]:
                if not URL_RE.match(item.text):
                    break
                found.append(item.text)
                item.kind, item.reason = "drop", "source list (kept as metadata)"
            if found:
                unit.kind, unit.reason = "drop", "source list heading"
                return found
    return []


def _classify(body: list[Unit]) -> None:
    """Mark list items and headings among the body's units."""
    for i, unit in enumerate(body):
        before = body[i - 1] if i else None
        after = body[i + 1] if i + 1 < len(body) else None
        if unit.kind == "h":
            continue
        if unit.bullet:
            unit.kind = "li"
        elif (before is not None and after is not None and before.bullet and after.bullet
              and unit.text[:1].islower() and unit.words <= 40):
            unit.kind = "li"  # an item whose bullet the scrape lost
        elif (unit.words <= 12 and not unit.text.endswith((".", ",", ";", ":", "!", "…"))
              and (unit.text[:1].isupper() or unit.text[:1] in "“\"‘'¿¡")
              and after is not None and after.words >= 12):
            unit.kind = "h"
