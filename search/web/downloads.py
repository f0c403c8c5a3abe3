"""Exports streamed row by row: CSV and JSON of every match of a search."""

import csv
import io
import json
from collections.abc import Iterator, Sequence
from itertools import islice

from search.models import Hit
from search.research.export import Export
from search.web.links import permalink

COLUMNS = ["id", "permalink", "outlet", "authors", "title", "date", "language", "paragraph",
           "section", "text", "score", "near_identical"]


def row(hit: Hit) -> dict[str, object]:
    """Return one exported row."""
    return {
        "id": hit.pid,
        "permalink": permalink(hit.article.slug, hit.pid, external=True),
        "outlet": hit.article.outlet,
        "authors": list(hit.article.authors),
        "title": hit.article.title,
        "date": hit.article.date,
        "language": hit.article.language,
        "paragraph": hit.number,
        "section": hit.section,
        "text": hit.text,
        "score": hit.score if hit.score else None,
        # grouped exports: the permalinks of the matches near-identical to this one (no rows)
        "near_identical": [permalink(c.article.slug, c.pid, external=True)
                           for c in hit.near_identical],
    }


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def cell(value: object) -> object:
    """Keep a spreadsheet from running a cell as a formula: text that starts like one gets a
    leading apostrophe (OWASP's advice for CSV exports of untrusted text)."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return "" if value is None else value


def cut_note(found: Export, limit: int) -> str | None:
    """Say why an export stops before its last match, or None when it holds them all."""
    if found.total <= limit:
        return None
    return (f"cut at {limit:,} of {found.total:,} rows (the export limit); narrow the search "
            "for the rest")


def csv_rows(found: Export, limit: int) -> Iterator[str]:
    """Yield the CSV header, then one line per match (authors joined with '; '), at most
    `limit`; when cut, a last line starting with '#' says so."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)

    def line(values: Sequence[object]) -> str:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow(values)
        return buffer.getvalue()

    yield line(COLUMNS)
    for hit in islice(found.rows, limit):
        data = row(hit)
        data["authors"] = "; ".join(hit.article.authors)
        data["near_identical"] = "; ".join(data["near_identical"])  # type: ignore[arg-type]
        yield line([cell(data[c]) for c in COLUMNS])
    note = cut_note(found, limit)
    if note:
        yield line([f"# {note}"])


def json_rows(found: Export, limit: int) -> Iterator[str]:
    """Yield one JSON document, {"total", "query", "generation", "truncated",
    "grouped_near_identical", "results": [...]}, in pieces, with at most `limit` results
    (`truncated` then says why)."""
    head = {"total": found.total, "query": found.interpreted, "generation": found.generation,
            "truncated": cut_note(found, limit), "grouped_near_identical": found.grouped}
    yield json.dumps(head, ensure_ascii=False)[:-1] + ', "results": ['
    for n, hit in enumerate(islice(found.rows, limit)):
        yield ("," if n else "") + "\n" + json.dumps(row(hit), ensure_ascii=False)
    yield "\n]}\n"
