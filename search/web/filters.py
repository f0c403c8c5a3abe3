"""The results page's filters as links, Datasette-style: every outlet, author, month and order
is a link to the search with that one thing changed, and every active filter is a chip whose
link removes it. Links need no "Apply" button, so paging and Back keep exactly what is shown."""

from collections import Counter
from dataclasses import dataclass

from search.corpus.dates import display_date
from search.models import CorpusStats, SearchRequest, SearchResult
from search.web.links import search_url

MAX_MONTH_LINKS = 12  # more months than this are offered as years
SORT_LABELS = {"relevance": "Relevance", "newest": "Newest first", "oldest": "Oldest first"}


@dataclass(frozen=True)
class FacetLink:
    """One filter value: its label, how many matches it has, whether it is on, and the search
    with it toggled."""

    label: str
    count: int
    on: bool
    url: str


@dataclass(frozen=True)
class Chip:
    """An active filter, and the search without it."""

    kind: str
    label: str
    url: str


def _toggled(values: tuple[str, ...], value: str) -> tuple[str, ...]:
    return tuple(v for v in values if v != value) if value in values else (*values, value)


def outlet_links(stats: CorpusStats, result: SearchResult) -> list[FacetLink]:
    """List every outlet of the corpus alphabetically (a stable list), chosen ones included."""
    req, counts = result.request, dict(result.outlet_facets)
    names = sorted({name for name, _ in stats.outlets} | set(req.outlets))
    return [FacetLink(name, counts.get(name, 0), name in req.outlets,
                      search_url(req, outlets=_toggled(req.outlets, name), page=1))
            for name in names]


LANGUAGE_NAMES = {"en": "English", "es": "Spanish", "pt": "Portuguese", "fr": "French",
                  "de": "German", "it": "Italian", "nl": "Dutch", "ru": "Russian",
                  "qu": "Quechua", "ay": "Aymara", "gn": "Guarani", "ca": "Catalan"}


def language_name(code: str) -> str:
    """Return a language's English name and code, "Spanish (es)" (the code alone if not
    named here)."""
    name = LANGUAGE_NAMES.get(code)
    return f"{name} ({code})" if name else code


def language_links(result: SearchResult) -> list[FacetLink]:
    """List the languages of the matches (and those chosen), most matches first; none when
    every match is in English and none is chosen (an English corpus's page as before)."""
    req, counts = result.request, dict(result.language_facets)
    codes = list(counts) + [c for c in req.languages if c not in counts]
    if set(codes) <= {"en"} and not req.languages:
        return []
    return [FacetLink(language_name(code), counts.get(code, 0), code in req.languages,
                      search_url(req, languages=_toggled(req.languages, code), page=1))
            for code in codes]


def author_links(result: SearchResult) -> list[FacetLink]:
    """List the authors the search is limited to, so each can be removed."""
    req, counts = result.request, dict(result.author_facets)
    return [FacetLink(name, counts.get(name, 0), True,
                      search_url(req, authors=_toggled(req.authors, name), page=1))
            for name in req.authors]


def period_links(result: SearchResult) -> list[FacetLink]:
    """Offer the months with matches (or the years, when there are many months) as date
    filters, each with its count; the one chosen links back to no date filter."""
    req = result.request
    by_month: Counter[str] = Counter()
    for bucket in result.timeline:
        by_month[bucket.month] += bucket.count
    periods: Counter[str] = by_month
    if len(by_month) > MAX_MONTH_LINKS:
        periods = Counter()
        for month, n in by_month.items():
            periods[month[:4]] += n
    links = []
    for period in sorted(periods):
        on = req.date_from == period and req.date_to == period
        url = search_url(req, date_from=None if on else period, date_to=None if on else period,
                         page=1)
        links.append(FacetLink(_date_label(period), periods[period], on, url))
    return links


def sort_links(req: SearchRequest) -> list[FacetLink]:
    """Offer each order as a link; the current one is marked."""
    return [FacetLink(label, 0, req.sort == value, search_url(req, sort=value, page=1))
            for value, label in SORT_LABELS.items()]


def grouping_links(req: SearchRequest) -> list[FacetLink]:
    """Offer every matching paragraph, or one (the best) per article; the current is marked."""
    return [FacetLink(label, 0, req.by_article == grouped,
                      search_url(req, by_article=grouped, page=1))
            for grouped, label in ((False, "Every paragraph"), (True, "One per article"))]


def copies_links(result: SearchResult) -> list[FacetLink]:
    """Offer each group of near-identical paragraphs once, or every one of them; the current
    is marked. None when the matches hold no near-identical paragraphs."""
    req = result.request
    if not result.copies:
        return []
    return [FacetLink(label, 0, req.every_copy == every, search_url(req, every_copy=every, page=1))
            for every, label in ((False, "Near-identical paragraphs once"),
                                 (True, "Every near-identical paragraph"))]


def _date_label(value: str) -> str:
    """Render a date bound as typed (2019, 2019-11, 2019-11-13) in words; one that is not a
    date (a refused search's) as typed."""
    try:
        return value if len(value) == 4 else display_date(value)
    except ValueError:
        return value


def chips(req: SearchRequest) -> list[Chip]:
    """List the active filters, each with the search that drops it."""
    found = [Chip("Outlet", o, search_url(req, outlets=_toggled(req.outlets, o), page=1))
             for o in req.outlets]
    found += [Chip("Author", a, search_url(req, authors=_toggled(req.authors, a), page=1))
              for a in req.authors]
    found += [Chip("Language", language_name(c),
                   search_url(req, languages=_toggled(req.languages, c), page=1))
              for c in req.languages]
    if req.date_from and req.date_from == req.date_to:
        found.append(Chip("In", _date_label(req.date_from),
                          search_url(req, date_from=None, date_to=None, page=1)))
    else:
        if req.date_from:
            found.append(Chip("From", _date_label(req.date_from),
                              search_url(req, date_from=None, page=1)))
        if req.date_to:
            found.append(Chip("To", _date_label(req.date_to),
                              search_url(req, date_to=None, page=1)))
    return found


def clear_url(req: SearchRequest) -> str:
    """Return the search with no filter (the query and order kept)."""
    return search_url(req, outlets=(), authors=(), languages=(), date_from=None, date_to=None,
                      page=1)


def range_line(result: SearchResult) -> str | None:
    """Say which results this page shows, 'Results 11–20 of 44', when they fill more than
    one page."""
    req, listed = result.request, result.listed
    if listed <= req.per_page:
        return None
    first = (req.page - 1) * req.per_page + 1
    if first > listed:
        return None
    last = min(listed, first + len(result.hits) - 1, req.page * req.per_page)
    return f"Results {first}–{last} of {listed}" + (" articles" if req.by_article else "")
