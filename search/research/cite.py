"""Citations of paragraphs and articles: a plain-text line, BibTeX and CSL-JSON.

Dates keep their precision: an article dated only to the month is cited to the month. A date
the corpus inferred (its note says so, as the article page shows) is cited as inferred.
"""

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from search.corpus.dates import display_date
from search.models import ArticleMeta

MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_BIBTEX_SPECIAL = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "&": r"\&", "%": r"\%",
                   "$": r"\$", "#": r"\#", "_": r"\_", "~": r"\textasciitilde{}",
                   "^": r"\textasciicircum{}"}


@dataclass(frozen=True)
class Citable:
    """A paragraph (with its number) or a whole article (number None), and its address."""

    article: ArticleMeta
    url: str
    number: int | None = None
    pid: str | None = None


def today() -> dt.date:
    """Return today's date (UTC): the 'accessed' date of a citation made now."""
    return dt.datetime.now(dt.UTC).date()


def names(authors: tuple[str, ...]) -> str:
    """Join names as 'A', 'A and B' or 'A, B and C'."""
    if len(authors) <= 1:
        return "".join(authors)
    return ", ".join(authors[:-1]) + " and " + authors[-1]


INFERRED_RE = re.compile(r"\binferred\b", re.IGNORECASE)


def date_inferred(meta: ArticleMeta) -> bool:
    """Say whether the article's date was inferred rather than stated: its note says so
    ('Undated; inferred December 2019: ...'), the note the article page shows."""
    return bool(meta.note and INFERRED_RE.search(meta.note))


def _shown_date(meta: ArticleMeta) -> str:
    """Return the date for the plain line: '[December 2019, date inferred]' when inferred."""
    shown = display_date(meta.date)
    return f"[{shown}, date inferred]" if date_inferred(meta) else shown


def _note(item: Citable) -> str | None:
    """Return the note of a BibTeX or CSL entry: the ¶ number, and why a date is inferred."""
    parts = [f"¶ {item.number}" if item.number is not None else ""]
    if date_inferred(item.article) and item.article.note:
        parts.append(f"Date inferred: {item.article.note}")
    return ". ".join(p for p in parts if p) or None


def text(item: Citable, accessed: dt.date) -> str:
    """Return the plain-text line: outlet, authors, title, date, ¶ n, link, date accessed."""
    meta = item.article
    parts = [meta.outlet, names(meta.authors), f"“{meta.title}”", _shown_date(meta),
             f"¶ {item.number}" if item.number is not None else "", item.url]
    return ", ".join(p for p in parts if p) + f" (accessed {display_date(accessed.isoformat())})."


def _date_parts(value: str) -> list[int]:
    """Return [year, month] or [year, month, day], as precise as the date is."""
    return [int(p) for p in value.split("-")]


PARTICLES = {"van", "von", "de", "da", "das", "do", "dos", "del", "della", "di", "du", "la",
             "le", "der", "den", "ter", "ten", "bin", "ibn", "al", "el", "st."}


def _split_name(name: str) -> tuple[str, str]:
    """Return (family, given) for a name written 'Given Family' (a single word is a family);
    particles before the last word belong to the family name: 'Bill Van Auken'."""
    words = name.split()
    cut = len(words) - 1
    while cut > 1 and words[cut - 1].lower() in PARTICLES:
        cut -= 1
    return " ".join(words[cut:]), " ".join(words[:cut])


def _key(item: Citable) -> str:
    """Return a citation key: first author's family name (or the outlet), year, id."""
    meta = item.article
    who = _split_name(meta.authors[0])[0] if meta.authors else meta.outlet
    ascii_who = re.sub(r"[^A-Za-z0-9]", "", who) or "anon"
    return f"{ascii_who.lower()}{meta.date[:4]}{item.pid or meta.slug.replace('-', '')}"


def bibtex_escape(value: str) -> str:
    """Escape the characters BibTeX and LaTeX treat specially."""
    return "".join(_BIBTEX_SPECIAL.get(c, c) for c in " ".join(value.split()))


def bibtex(items: list[Citable], accessed: dt.date) -> str:
    """Return BibTeX entries (@article, with biblatex's date, urldate and a ¶ note)."""
    return "\n".join(_bibtex_entry(item, accessed) for item in items)


def _bibtex_entry(item: Citable, accessed: dt.date) -> str:
    meta = item.article
    parts = _date_parts(meta.date)
    fields: list[tuple[str, str]] = []
    if meta.authors:
        people = []
        for author in meta.authors:
            family, given = _split_name(author)
            people.append(f"{{{bibtex_escape(family)}}}, {bibtex_escape(given)}" if given
                          else f"{{{bibtex_escape(family)}}}")
        fields.append(("author", "{" + " and ".join(people) + "}"))
    fields += [("title", "{{" + bibtex_escape(meta.title) + "}}"),
               ("journal", "{" + bibtex_escape(meta.outlet) + "}"),
               ("year", "{" + str(parts[0]) + "}"),
               ("month", MONTHS[parts[1] - 1]),
               ("date", "{" + meta.date + "}"),
               ("url", "{" + item.url + "}"),
               ("urldate", "{" + accessed.isoformat() + "}")]
    note = _note(item)
    if note is not None:
        fields.append(("note", "{" + bibtex_escape(note) + "}"))
    body = ",\n".join(f"  {name} = {value}" for name, value in fields)
    return f"@article{{{_key(item)},\n{body}\n}}\n"


def csl(items: list[Citable], accessed: dt.date) -> list[dict[str, Any]]:
    """Return CSL-JSON items (type article-newspaper)."""
    return [_csl_item(item, accessed) for item in items]


def _csl_item(item: Citable, accessed: dt.date) -> dict[str, Any]:
    meta = item.article
    authors: list[dict[str, str]] = []
    for author in meta.authors:
        family, given = _split_name(author)
        authors.append({"family": family, "given": given} if given else {"literal": family})
    out: dict[str, Any] = {
        "id": _key(item), "type": "article-newspaper", "title": meta.title,
        "container-title": meta.outlet, "author": authors,
        "issued": {"date-parts": [_date_parts(meta.date)]}, "URL": item.url,
        "accessed": {"date-parts": [[accessed.year, accessed.month, accessed.day]]},
    }
    note = _note(item)
    if note is not None:
        out["note"] = note
    return out
