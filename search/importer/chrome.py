"""Recognise site chrome by general rules: furniture vocabulary, repetition, links, position."""

import re
from collections import Counter

from search.importer.furniture import furniture_line
from search.importer.units import Unit

# The vocabulary of site furniture: navigation, sharing, subscribing, cookies, promotion.
FURNITURE = re.compile(
    r"\b(share (this|on|via)|shares?$|tweet|subscribe|newsletter|mailing list|sign up|log ?in|"
    r"cookies?|privacy policy|terms of (use|service)|all rights reserved|copyright|©|"
    r"related (articles|posts|stories)|read more|more from|recommended|continue to|"
    r"close this|search box|skip to|menu|advertisement|sponsored|print this|comments?|"
    r"follow us|contact (us|the)|to contact|donate|support us|published in|\d+ min read|"
    r"tags?:|categor(y|ies)|filed under|writing for|back to top|next article|previous article)"
    r"\b", re.IGNORECASE)
SEPARATOR = re.compile(r"^[\W_]+$")
URL_RE = re.compile(r"https?://\S+|www\.\S+|\b\S+\.(com|org|net)\b\S*")


def is_furniture(unit: Unit) -> bool:
    """Say whether a short unit speaks the language of site furniture."""
    hits = len(FURNITURE.findall(unit.text))
    return (unit.words <= 20 and hits >= 1) or (unit.words <= 40 and hits >= 2)


def link_density(unit: Unit) -> float:
    """Return the share of the unit's characters that are links or URLs."""
    linked = sum(len(m[0]) for m in URL_RE.finditer(unit.text))
    if unit.links and unit.words <= 4:
        return 1.0
    return linked / max(1, len(unit.text))


def banner_phrase(text: str) -> str | None:
    """Return the phrase of a banner that repeats one phrase ('X X X'), else None."""
    words = text.split()
    for size in range(1, len(words) // 2 + 1):
        if len(words) % size == 0:
            phrase = words[:size]
            if phrase * (len(words) // size) == words:
                return " ".join(phrase)
    return None


def mark_chrome(units: list[Unit]) -> None:
    """Mark units that are chrome: furniture, separators, link lists, repeats, banners."""
    counts = Counter(u.text.lower() for u in units)
    for unit in units:
        if SEPARATOR.match(unit.text):
            unit.kind, unit.reason = "drop", "separator line"
        elif is_furniture(unit) or furniture_line(unit.text, None):
            unit.kind, unit.reason = "drop", "site furniture"
        elif link_density(unit) > 0.5:
            unit.kind, unit.reason = "drop", "link"
        elif counts[unit.text.lower()] > 1 and unit.words <= 8:
            unit.kind, unit.reason = "drop", "repeated line"
        elif banner_phrase(unit.text) and unit.words > 1:
            unit.kind, unit.reason = "drop", "repeated banner"


FINITE = re.compile(
    r"\b(is|are|was|were|be|been|has|have|had|will|would|can|could|do|does|did|may|might|"
    r"must|shall|should|i|we|they|he|she|it|you)\b", re.IGNORECASE)


def is_tagline(unit: Unit) -> bool:
    """Say whether a paragraph is a verbless noun phrase ('A new page to ...'): the kind of
    self-description a site prints between an article and its byline."""
    return bool(re.match(r"^(A|An|The|Your|Our)\s", unit.text)) and not FINITE.search(unit.text)
