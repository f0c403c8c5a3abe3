"""Plain data passed between the engine and its callers (web, CLI, tests)."""

from dataclasses import dataclass, field
from typing import Literal

from markupsafe import Markup

Sort = Literal["relevance", "newest", "oldest"]
SORTS: tuple[Sort, ...] = ("relevance", "newest", "oldest")


@dataclass(frozen=True)
class Paragraph:
    """One paragraph of an article as read from the corpus."""

    number: int
    text: str
    section: str | None
    kind: Literal["p", "li"]
    line: int


@dataclass(frozen=True)
class ArticleMeta:
    """An article's metadata, as stated in its front matter."""

    slug: str
    title: str
    outlet: str
    authors: tuple[str, ...]
    date: str
    date_start: str
    date_end: str
    url: str | None = None
    language: str = "en"
    source: str | None = None
    note: str | None = None
    sources: tuple[str, ...] = ()

    @property
    def month(self) -> str:
        """Return the month the article is filed under (YYYY-MM)."""
        return self.date_start[:7]


@dataclass(frozen=True)
class Article:
    """An article read from the corpus: metadata, paragraphs, and where it came from."""

    meta: ArticleMeta
    paragraphs: tuple[Paragraph, ...]
    path: str
    content_hash: str
    # each paragraph's text hash (search/ids/ledger.py), made where the file is read: by the
    # reading processes of a large corpus, not by the build's one process assigning ids
    text_hashes: tuple[str, ...]


@dataclass(frozen=True)
class SearchRequest:
    """What a user asked for; every field already validated."""

    text: str = ""
    outlets: tuple[str, ...] = ()
    authors: tuple[str, ...] = ()
    date_from: str | None = None
    date_to: str | None = None
    sort: Sort = "relevance"
    page: int = 1
    per_page: int = 10
    verbatim: bool = False  # search only the words typed: no spelling variants
    by_article: bool = False  # one result per article: its best paragraph
    languages: tuple[str, ...] = ()  # ISO 639-1 codes of the articles' languages (none: all)
    # list every near-identical paragraph; by default each group shows once (dups=show)
    every_copy: bool = False
    # the matches alone: no some-words or related paragraphs after them (a feed of the search)
    matches_only: bool = False


@dataclass(frozen=True)
class NearCopy:
    """A matching paragraph near-identical to a result and shown with it, not on its own."""

    pid: str
    article: ArticleMeta
    number: int


@dataclass(frozen=True)
class Hit:
    """One matching paragraph, ready to show."""

    pid: str
    score: float
    article: ArticleMeta
    number: int
    section: str | None
    kind: str
    text: str
    highlight: Markup  # sanitised (search/sanitize.py): shown as it is
    # the article's title and the section heading with the query's words marked, sanitised
    # alike (empty: shown plain); a some-words match may hold a word only there
    title_highlight: Markup = Markup("")
    section_highlight: Markup = Markup("")
    all_words: bool = True
    related: bool = False  # matches none of the search: shares the best matches' words
    more: int = 0  # by article: the article's other matching paragraphs
    near_identical: tuple[NearCopy, ...] = ()  # grouped: the group's other matches

    @property
    def in_context_only(self) -> bool:
        """A some-words match whose own text holds none of the words: they are in its
        section heading or its article's title (a one-word search's some-words matches)."""
        return not self.all_words and not self.related and "<mark>" not in self.highlight


@dataclass(frozen=True)
class TimelineBucket:
    """Matches in one month from one outlet."""

    month: str
    outlet: str
    count: int


@dataclass
class SearchResult:
    """The answer to a SearchRequest: counts, facets, timeline and one page of hits."""

    request: SearchRequest
    total: int
    article_count: int
    outlet_count: int
    hits: list[Hit]
    outlet_facets: list[tuple[str, int]]
    author_facets: list[tuple[str, int]]
    timeline: list[TimelineBucket]
    interpreted: str
    suggestion: str | None = None
    notices: list[str] = field(default_factory=list)
    partial: bool = False
    generation: str = ""
    error: str | None = None
    # The time limit ran out: with `error`, before the matches were counted (nothing to show);
    # without, while ranking (the hits are the best of those ranked so far).
    timed_out: bool = False
    # each typed word (lowercased) searched also as other spellings, and those spellings
    variants: dict[str, list[str]] = field(default_factory=dict)
    absent: list[str] = field(default_factory=list)  # of those, the words in no paragraph
    names: dict[str, str] = field(default_factory=dict)  # name typed: its surname, found alone
    # matches near-identical to a better-ranked match (0: nothing to group), and whether the
    # pages show each group of near-identical paragraphs once (then they count groups)
    copies: int = 0
    grouped: bool = False
    language_facets: list[tuple[str, int]] = field(default_factory=list)  # code, paragraphs
    related: list[str] = field(default_factory=list)  # the words related paragraphs share
    # each `word~N` typed, and the other words within N edits that it found (as written)
    within_edits: dict[str, list[str]] = field(default_factory=dict)
    # each wildcard inside a word typed (organi?ation) and the words that fit it (as written)
    wildcards: dict[str, list[str]] = field(default_factory=dict)

    @property
    def listed(self) -> int:
        """Return how many results the pages list: paragraphs, articles (one per article) or
        groups of near-identical paragraphs (each counted once)."""
        if self.request.by_article:
            return self.article_count
        return self.total - self.copies if self.grouped else self.total

    @property
    def pages(self) -> int:
        """Return how many pages the all-words matches fill (at least one)."""
        return max(1, -(-self.listed // self.request.per_page))


@dataclass(frozen=True)
class ParagraphView:
    """A paragraph resolved from its permanent id, with its neighbours."""

    pid: str
    article: ArticleMeta
    number: int
    section: str | None
    kind: str
    text: str
    edited: bool
    previous: "ParagraphView | None" = None
    next: "ParagraphView | None" = None


@dataclass(frozen=True)
class CorpusStats:
    """What the index holds."""

    articles: int
    paragraphs: int
    first_date: str | None
    last_date: str | None
    outlets: list[tuple[str, int]]
    generation: str
