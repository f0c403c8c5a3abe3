"""Find the title, authors, outlet and date the text states, and say where each was found."""

import re
from dataclasses import dataclass, field

from search.importer.chrome import banner_phrase
from search.importer.datelines import find_date
from search.importer.units import Unit

NAME_WORD = re.compile(
    r"^(?:[A-ZÀ-Þ][\w’'.-]*|[A-Z]{1,3}\.?|(?:de|da|do|dos|van|von|der|del|la|le))$")
# 'By', and 'Por' (Spanish, Portuguese), 'Par' (French); not 'von' or 'di', which begin names
BY = re.compile(r"^(?:by|por|par)\s+", re.IGNORECASE)
SMALL = {"a", "an", "and", "as", "at", "by", "for", "in", "of", "on", "or", "the", "to", "with"}


@dataclass
class Found:
    """A metadata value and where it came from."""

    value: str | list[str]
    where: str


@dataclass
class Metadata:
    """Everything found about the article; fields not found stay absent."""

    fields: dict[str, Found] = field(default_factory=dict)

    def put(self, key: str, value: str | list[str], unit: Unit) -> None:
        """Record a value unless one was already found."""
        if value and key not in self.fields:
            self.fields[key] = Found(value, f"line {unit.line}: {unit.text[:60]!r}")


def is_name(text: str) -> bool:
    """Say whether the text looks like a person's name (2–5 capitalised words)."""
    words = BY.sub("", text).split()
    return 2 <= len(words) <= 5 and all(NAME_WORD.match(w) for w in words) and not any(
        c.isdigit() for c in text)


def names(text: str) -> list[str]:
    """Split 'By A and B, C' into names."""
    text = BY.sub("", text)
    parts = re.split(r",\s*|\s+(?:and|&|y|et|und)\s+", text)
    return [p.strip() for p in parts if is_name(p.strip())]


def fix_title_case(title: str) -> str:
    """Lower-case a shouted run of words in an otherwise normal title ('… IN BOLIVIA')."""
    words = title.split()
    shouted = [w.isupper() and len(w) > 1 for w in words]
    if not any(shouted) or all(shouted):
        return title
    return " ".join(
        (w.lower() if w.lower() in SMALL else w.capitalize()) if loud else w
        for w, loud in zip(words, shouted, strict=True))


def read_byline(unit: Unit, meta: Metadata, language: str | None = None) -> bool:
    """Read a byline-like unit ('Name, Outlet 33, January 2020', 'By X | date'); say if it was."""
    parts = [p.strip() for p in re.split(r"\s[|·•]\s|,\s", unit.text) if p.strip()]
    for size in (1, 2):
        date = find_date(", ".join(parts[-size:]), language) if len(parts) > size else None
        if date is not None:
            rest = parts[:-size]
            break
    else:
        return False
    authors = names(rest[0])
    if not authors:
        return False
    meta.put("authors", authors, unit)
    meta.put("date", date, unit)
    outlet = " ".join(rest[1:]) if len(rest) > 1 else ""
    outlet = re.sub(r"\s+(no\.?\s*|issue\s*)?\d+$", "", outlet, flags=re.I).strip()
    if outlet:
        meta.put("outlet", outlet, unit)
    return True


def read_head(head: list[Unit], meta: Metadata, language: str | None = None) -> None:
    """Read title, byline, outlet banner and date from the units before the body (a numeric
    date in the way of the text's language)."""
    titles: list[Unit] = []
    byline_at: int | None = None
    for i, unit in enumerate(head):
        text, date = unit.text, None
        if unit.kind == "title":
            meta.put("title", fix_title_case(text), unit)
        elif read_byline(unit, meta, language) or (date := find_date(text, language)) is not None:
            if date is not None:
                meta.put("date", date, unit)
            byline_at = i if byline_at is None else byline_at
        elif (banner := banner_phrase(text) if len(text.split()) > 1 else None) and banner != text:
            meta.put("outlet", banner, unit)
        elif i == 0 and re.search(r"\s[–—|-]\s", text):
            meta.put("outlet", re.split(r"\s[–—|-]\s", text)[0], unit)
        elif is_name(text) and (titles or "title" in meta.fields):
            meta.put("authors", names(text), unit)
            byline_at = i if byline_at is None else byline_at
        elif (len(text.split()) <= 3 and "authors" in meta.fields and i + 1 < len(head)
              and not text.endswith(":") and text.lower() != "published in"):
            meta.put("outlet", text, unit)
        elif len(text.split()) >= 2 and unit.reason in ("", "repeated line"):
            titles.append(unit)
        unit.kind, unit.reason = "drop", unit.reason or "title, byline or banner"
    _choose_title(titles, head, byline_at, meta)


def _choose_title(titles: list[Unit], head: list[Unit], byline_at: int | None,
                  meta: Metadata) -> None:
    """The headline is the title-like line nearest above the byline; a short one above it is
    the outlet's masthead."""
    if not titles or "title" in meta.fields:
        return
    before = [u for u in titles if byline_at is None or head.index(u) < byline_at]
    chosen = (before or titles)[-1]
    meta.put("title", fix_title_case(chosen.text), chosen)
    for unit in titles:
        if unit is not chosen and len(unit.text.split()) <= 5:
            meta.put("outlet", unit.text, unit)


def read_tail(tail: list[Unit], meta: Metadata) -> bool:
    """Read an author line at the end ('Jane Doe', 'Writing office' + names); drop what follows."""
    for i, unit in enumerate(tail):
        found = names(unit.text) if (is_name(unit.text) or unit.bullet) else []
        if found:
            meta.put("authors", found if not unit.bullet else
                     [n for u in tail[i:] if u.bullet for n in names(u.text)], unit)
            for rest in tail[i:]:
                rest.kind, rest.reason = "drop", rest.reason or "byline or author bio"
            return True
    return False
