"""Every match of a search, streamed: the rows behind /search.csv and /search.json.

The matches are ordered first (document numbers and scores only, a few bytes each), then the
rows are read one at a time as the caller consumes them, so an export of 100,000 paragraphs
never holds 100,000 paragraphs' text.
"""

from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass

from search.models import Hit, SearchRequest
from search.whoosh.describe import describe
from search.whoosh.handle import IndexHandle
from search.whoosh.near import collapse
from search.whoosh.run import hits_in_order, ordered, plan
from search.whoosh.spelling import typed_forms

# Ordering every match takes longer than ranking one page: exports get this many times the
# time limit of a search (10 s by default).
EXPORT_TIME_FACTOR = 5


@dataclass
class Export:
    """How many rows an export has, the query as understood, and the rows (read lazily)."""

    total: int
    interpreted: str
    generation: str
    rows: Iterator[Hit]
    grouped: bool = False  # one row per group of near-identical paragraphs, listing the rest


def export(handle: IndexHandle, request: SearchRequest) -> Export:
    """Order every all-words match of the request; raise QueryError or SearchTimeout at once.

    The rows are read while they are consumed, from a searcher borrowed until the last row
    (or until the rows are closed).
    """
    with ExitStack() as stack:
        gen, searcher = stack.enter_context(handle.searcher())
        limit = handle.time_limit * EXPORT_TIME_FACTOR if handle.time_limit else None
        with handle.budget(limit) as budget:
            p = plan(gen, searcher, request, budget)
            order = ordered(gen, searcher, request, p, budget)
        interpreted = describe(p.parsed.strict, typed_forms(p.parsed.words, gen.languages))
        near = None if request.every_copy else gen.near_groups(searcher)
        grouped = collapse(near, order)
        rows = _rows(stack.pop_all(), hits_in_order(gen, searcher, grouped))
    return Export(total=len(grouped), interpreted=interpreted, generation=gen.gid, rows=rows,
                  grouped=near is not None)


def _rows(borrowed: ExitStack, rows: Iterator[Hit]) -> Iterator[Hit]:
    """Yield the rows, then give back the searcher they are read from."""
    with borrowed:
        yield from rows

