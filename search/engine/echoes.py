"""Where else a paragraph's words were printed: its echoes, and the quotations of the corpus."""

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from markupsafe import Markup, escape

from search.corpus.dates import parse_bound
from search.echoes import table as echo_table
from search.echoes.marks import shared_spans
from search.echoes.shingles import Hashes, normalise
from search.models import ArticleMeta, SearchRequest
from search.sanitize import clean_highlight
from search.whoosh.documents import paragraph_view
from search.whoosh.handle import Generation, IndexHandle

# The most echoes a paragraph lists, near-identical first (each is read and marked: about
# 0.5 ms apiece, and a page's echoes should take under 10 ms); the rest are counted.
MAX_ECHOES = 10
KINDS = ("near-identical", "quote", "passage")


@dataclass(frozen=True)
class Echo:
    """Another article's paragraph that shares a passage with the one asked about."""

    pid: str
    article: ArticleMeta
    number: int
    kind: str  # near-identical, quote (the same quotation) or passage (words in common)
    shared: float  # the share of the shorter paragraph's 5-word runs found in the other
    marked: Markup  # the other paragraph's text with the shared words marked
    quotes: tuple[str, ...]


@dataclass(frozen=True)
class Carrier:
    """A paragraph that prints a quotation."""

    pid: str
    article: ArticleMeta


@dataclass(frozen=True)
class Quotation:
    """Words in quotation marks printed in two or more articles."""

    text: str
    articles: int
    outlets: tuple[str, ...]
    carriers: tuple[Carrier, ...]  # oldest first: the first printed it first

    @property
    def first(self) -> Carrier:
        """Return who printed it first by date."""
        return self.carriers[0]


@lru_cache(maxsize=4)
def _table(path: Path) -> echo_table.EchoTable | None:
    """Return a generation's echo table, read once (a published generation never changes),
    with its lookups worked out at once rather than by the first pages asking (about a
    second at 100k paragraphs)."""
    table = echo_table.opened(path)
    if table is not None:
        _ = table.index, table.by_paragraph, table.quotes_of
    return table


def table_of(gen: Generation) -> echo_table.EchoTable | None:
    """Return the generation's echo table, None if it was built without one."""
    return _table(gen.path)


def echoes_of(handle: IndexHandle, pid: str) -> tuple[list[Echo], int]:
    """Return the other articles' paragraphs that share a passage or a quotation with this
    one (near-identical first, then by the most words shared; at most MAX_ECHOES), and how
    many there are in all."""
    with handle.searcher() as (gen, searcher):
        table = table_of(gen)
        if table is None or pid not in table.index:
            return [], 0
        i = table.index[pid]
        mine = table.shingles_of(i)
        found: dict[int, tuple[str, float, list[str]]] = {}
        for j, shared in table.partners(i):
            shorter = max(min(len(mine), len(table.shingles_of(j))), 1)
            found[j] = (table.kind(i, j, shared), min(shared / shorter, 1.0), [])
        for key in table.quotes_of.get(i, []):
            for j in table.quoted[key]:
                if table.article[j] != table.article[i]:
                    kind, share, quotes = found.get(j, ("quote", 0.0, []))
                    found[j] = (kind, share, [*quotes, key])
        order = sorted(found.items(), key=lambda kv: (KINDS.index(kv[1][0]), -kv[1][1]))
        echoes = []
        for j, (kind, share, quotes) in order[:MAX_ECHOES]:
            view = paragraph_view(gen, searcher, table.pids[j])
            echoes.append(Echo(view.pid, view.article, view.number, kind, round(share, 3),
                               mark(view.text, mine, quotes), tuple(table.printed(q)
                                                                     for q in quotes)))
        return echoes, len(found)


def mark(text: str, theirs: Hashes, quotes: list[str]) -> Markup:
    """Return the text escaped, its words shared with the other paragraph marked, sanitised."""
    parts, at = [], 0
    for start, end in shared_spans(text, theirs, quotes):
        parts += [str(escape(text[at:start])), "<mark>", str(escape(text[start:end])), "</mark>"]
        at = end
    parts.append(str(escape(text[at:])))
    return clean_highlight("".join(parts))


def quotations(handle: IndexHandle, request: SearchRequest) -> list[Quotation]:
    """Return the quotations printed in two or more articles (within the request's dates),
    carried by one of its outlets if it names any, holding its words if it has text; the most
    widely printed first."""
    gen = handle.check()
    table = table_of(gen)
    if table is None:
        return []
    low = parse_bound(request.date_from, end=False) if request.date_from else ""
    high = parse_bound(request.date_to, end=True) if request.date_to else "9999"
    words = normalise(request.text)
    found = []
    for key, paragraphs in table.quoted.items():
        if words and f" {words} " not in f" {key} ":
            continue
        carriers = [Carrier(table.pids[i], gen.articles[table.slugs[table.article[i]]])
                    for i in paragraphs]
        carriers = [c for c in carriers if low <= c.article.date_start <= high]
        carriers.sort(key=lambda c: (c.article.date_start, c.article.outlet, c.pid))
        outlets = tuple(dict.fromkeys(c.article.outlet for c in carriers))
        articles = len({c.article.slug for c in carriers})
        if articles < 2 or (request.outlets and not set(request.outlets) & set(outlets)):
            continue
        found.append(Quotation(table.printed(key), articles, outlets, tuple(carriers)))
    found.sort(key=lambda q: (-q.articles, q.first.article.date_start, q.text))
    return found
