"""Answer a SearchRequest on one searcher: parse, filter, count, rank, highlight."""

from collections.abc import Iterator
from dataclasses import dataclass, field, replace

import numpy as np
from markupsafe import Markup
from whoosh import query, sorting
from whoosh.searching import Searcher

from search.corpus.dates import parse_bound
from search.models import Hit, SearchRequest, SearchResult
from search.query.text import date_filter, language_filter
from search.whoosh.admission import cost
from search.whoosh.arrays import Mask
from search.whoosh.budget import Budget, SearchTimeout, ranked
from search.whoosh.describe import describe, wildcard_words, within_edits
from search.whoosh.facets import Counts, Filters, article_filters, count
from search.whoosh.grouping import best_per_article
from search.whoosh.handle import Generation
from search.whoosh.highlight import Marks, highlight_text, query_marks
from search.whoosh.matchset import Postings, Within, matches
from search.whoosh.near import collapse, near_copies, page_of_leads
from search.whoosh.parser import ParsedQuery, QueryError, parse
from search.whoosh.ranking import final_order, in_context, ranking_query
from search.whoosh.related import expansion, related
from search.whoosh.scoring import Scored, scorable, scores
from search.whoosh.spelling import find_variants, suggestion, typed_forms, widen
from search.whoosh.variants import Variants


def answer(generation: Generation, searcher: Searcher, request: SearchRequest,
            budget: Budget) -> SearchResult:
    """Search, or explain why the query cannot be searched (or was not, in time)."""
    try:
        return _search(generation, searcher, request, budget)
    except (QueryError, SearchTimeout) as exc:
        return SearchResult(request=request, total=0, article_count=0, outlet_count=0,
                            hits=[], outlet_facets=[], author_facets=[], timeline=[],
                            interpreted="", error=str(exc), generation=generation.gid,
                            timed_out=isinstance(exc, SearchTimeout))


@dataclass
class Plan:
    """A parsed, filtered, counted search, before any ranking."""

    parsed: ParsedQuery
    strict: query.Query
    counts: Counts
    filters: Filters
    allowed: Mask | None  # articles passing the filters, None when all do
    notices: list[str]
    suggested: str | None
    postings: Postings  # what counting read, for the scorer
    scores: Scored | None = None  # each counted match's score, once worked out
    variants: Variants = field(default_factory=Variants)  # spellings added to the words
    # grouped results: the matches near-identical to a better-ranked one (None: not grouped)
    copies: int | None = None
    related: list[str] = field(default_factory=list)  # the words related paragraphs share


def plan(gen: Generation, searcher: Searcher, request: SearchRequest, budget: Budget) -> Plan:
    """Parse the query, widen rare words, apply the filters and count the matches.

    Raise QueryError for a query that cannot be searched, SearchTimeout if counting runs out
    of time, Busy if the query is expensive and too many expensive ones are running.
    """
    text, named = language_filter(request.text)
    if named:  # lang:es in the query: a filter, as ?language=es is
        request = replace(request, languages=tuple(dict.fromkeys(request.languages + named)))
    text, first, last, dated = date_filter(text)  # from:2019-11 in the query, as ?from= is
    parsed = parse(text, searcher.reader(), gen.languages, names=not request.verbatim)
    notices = dated + list(parsed.notices)
    suggested, variants = _spellings(gen, searcher, request, parsed)
    loose = parsed.loose if parsed.loose != parsed.strict else None  # one word: read once
    budget.admit(lambda: cost(searcher.reader(), parsed.strict, loose))
    cat = gen.catalogue(searcher)
    unknown = [o for o in request.outlets if o not in set(cat.outlets)]
    if unknown:
        notices.append("No outlet is called " + ", ".join(f"“{o}”" for o in unknown) + ".")
    notices += _unnamed(searcher, parsed, cat.outlets, gen.languages)
    date_from = max(filter(None, [first, parse_bound(request.date_from, end=False)
                                  if request.date_from else None]), default=None)
    date_to = min(filter(None, [last, parse_bound(request.date_to, end=True)
                                if request.date_to else None]), default=None)
    filters = article_filters(cat, request, date_from, date_to)
    strict = parsed.strict if parsed.strict is not None else query.Every()
    postings = Postings(searcher)
    found = matches(searcher, strict, budget.guard, postings)
    if found.any() and budget.expired():
        raise budget.timeout()
    counts = count(found, cat, filters)
    if not counts.total and not request.verbatim:  # its words were searched: nothing holds all
        suggested = None
    allowed = filters.all if not filters.all.all() else None
    return Plan(parsed, strict, counts, filters, allowed, notices, suggested, postings,
                variants=variants)


# A field a user may type (outlet:, author:) and how a notice names it.
_NAMED_FIELDS = {"outlet_text": "outlet", "author_text": "author"}
LISTED_OUTLETS = 12  # the outlets are named in the notice when there are at most this many


def _unnamed(searcher: Searcher, parsed: ParsedQuery, outlets: list[str],
             languages: tuple[str, ...]) -> list[str]:
    """Return a notice for each word typed after outlet: or author: that no outlet's or
    author's name holds (`outlet:Jacobin` in a corpus without it), named as typed, naming the
    outlets when they are few: the search finds nothing there, and the page says why."""
    if parsed.strict is None:
        return []
    missing: dict[str, list[str]] = {}
    for name, text in parsed.strict.iter_all_terms():
        if name in _NAMED_FIELDS and not searcher.doc_frequency(name, text):
            word = text.decode() if isinstance(text, bytes) else str(text)
            missing.setdefault(_NAMED_FIELDS[name], []).append(word)
    if not missing:
        return []
    typed = typed_forms(parsed.words, languages)  # indexed form: as typed
    notices = []
    for kind, words in missing.items():
        named = list(dict.fromkeys(typed.get(w, w) for w in words))
        notice = f"No {kind}’s name has the word{'s' if len(named) > 1 else ''} " + \
            ", ".join(f"“{w}”" for w in named) + "."
        if kind == "outlet" and len(outlets) <= LISTED_OUTLETS:
            notice += " The outlets are " + ", ".join(outlets) + "."
        notices.append(notice)
    return notices


def _spellings(gen: Generation, searcher: Searcher, request: SearchRequest,
               parsed: ParsedQuery) -> tuple[str | None, Variants]:
    """Widen the parsed query with spelling variants (unless the request is verbatim); return
    the corrected text to suggest and the variants added."""
    if parsed.strict is None:
        return None, Variants()
    found = find_variants(searcher, parsed.words, parsed.strict, request.text,
                          gen.languages)
    suggested = suggestion(request.text, found)  # offered even when searching verbatim
    if not found.widen_anything() or request.verbatim:
        return suggested, Variants()
    parsed.strict = widen(parsed.strict, found)
    parsed.loose = widen(parsed.loose, found) if parsed.loose is not None else None
    return suggested, found


def _search(gen: Generation, searcher: Searcher, request: SearchRequest,
            budget: Budget) -> SearchResult:
    p = plan(gen, searcher, request, budget)
    parsed, counts, notices = p.parsed, p.counts, p.notices
    copies = gen.near_groups(searcher).copies(counts.matched) if not request.by_article else 0
    p.copies = copies if not request.every_copy else None
    hits, stopped = _page(gen, searcher, request, p, budget)
    if stopped:
        notices.append(f"The search reached its time limit of {budget.seconds:g} s while "
                       "ranking: these are the best of the matches ranked by then.")
    if request.page > 1 and not hits and counts.total:
        notices.append(f"Page {request.page} is past the end of the results.")
    typed = typed_forms(parsed.words, gen.languages)
    result = SearchResult(
        request=request, total=counts.total, article_count=counts.article_count,
        outlet_count=counts.outlet_count, hits=hits, outlet_facets=counts.outlets,
        author_facets=counts.authors, timeline=counts.timeline,
        language_facets=counts.languages,
        interpreted=describe(parsed.strict, typed),
        suggestion=p.suggested,
        notices=notices,
        generation=gen.gid, timed_out=stopped,
        variants=p.variants.spelled, absent=p.variants.absent, names=parsed.names,
        copies=copies, grouped=p.copies is not None and not request.by_article,
        related=p.related,
        within_edits=within_edits(searcher, parsed.strict, typed),
        wildcards=wildcard_words(parsed.strict),
    )
    result.partial = any(not h.all_words for h in hits)
    return result


def ordered(gen: Generation, searcher: Searcher, request: SearchRequest, p: Plan,
            budget: Budget, docs: set[int] | None = None,
            limit: int | None = None) -> list[tuple[int, float | None]]:
    """Return (docnum, score) of the all-words matches (or of `docs` among them) in the
    request's order: by relevance, or by date (no score). Raise SearchTimeout if ranking
    cannot finish in time (an export or a comparison must not be silently partial)."""
    if not (p.counts.total if docs is None else docs):
        return []
    if _sorting(request, p.parsed.strict is not None) is None:
        top, stopped = _by_relevance(gen, searcher, p, docs, budget, limit)
        if stopped:
            raise budget.timeout("ranking")
        return list(top)
    within = p.counts.matched
    if docs is not None:
        within = p.postings.none()
        within[np.fromiter(docs, dtype=np.int64, count=len(docs))] = True
    return [(d, None) for d in by_date(gen, searcher, within, request.sort != "oldest", limit)]


def _by_relevance(gen: Generation, searcher: Searcher, p: Plan, within: set[int] | None,
                  budget: Budget, limit: int | None) -> tuple[list[tuple[int, float]], bool]:
    """Return (docnum, score) of the best `limit` (all of them: None) of the counted matches
    (or of those `within`), and whether the time limit stopped the ranking early."""
    ranking = ranking_query(p.strict)
    if p.scores is None and scorable(searcher, ranking):
        p.scores = scores(searcher, ranking, p.counts.matched, p.postings,
                          gen.lengths, budget)  # None if the time ran out: Whoosh ranks below
    stopped = False
    scored = p.scores  # scored from the blocks counting read (every counted match)
    if scored is None:  # Whoosh's matchers score what they can in time (all: the same steps)
        docs = p.counts.total_docs if within is None else within
        top, stopped = ranked(searcher, Within(ranking, docs), budget, limit=None)
        found = sorted((h.docnum, float(h.score)) for h in top)
        scored = (np.array([d for d, _ in found], dtype=np.int64),
                  np.array([s for _, s in found], dtype=np.float64))
    return final_order(searcher, scored, gen.doc_lengths(searcher), p.strict, limit,
                       within), stopped


def _some_words(gen: Generation, searcher: Searcher, p: Plan, budget: Budget,
                limit: int) -> list[tuple[int, float]] | None:
    """Return (docnum, score) of the best matches of the some-words query that do not match
    every word, within the filters; None when it cannot be scored here (Whoosh ranks it)."""
    loose = p.parsed.loose
    if loose is None or not scorable(searcher, loose):
        return None
    wanted = matches(searcher, in_context(loose), budget.guard, p.postings) & ~p.counts.matched
    if p.allowed is not None:
        wanted &= p.allowed[gen.catalogue(searcher).article_of]
    if not wanted.any():
        return []
    found = scores(searcher, ranking_query(loose), wanted, p.postings, gen.lengths, budget)
    if found is None:
        return None
    return final_order(searcher, found, gen.doc_lengths(searcher), p.parsed.strict, limit)


def by_date(gen: Generation, searcher: Searcher, docs: Mask, newest: bool,
            limit: int | None) -> list[int]:
    """Return the first `limit` (None: all) of `docs` in date order: from the generation's
    date order when they are many, else by sorting them."""
    found = np.flatnonzero(docs)
    if len(found) * 8 < len(docs):
        ranks = gen.date_rank(searcher, newest)[found]
        return found[np.argsort(ranks)[:limit]].tolist()  # type: ignore[no-any-return]
    order = gen.date_order(searcher, newest)
    return order[docs[order]][:limit].tolist()  # type: ignore[no-any-return]


def _sorting(request: SearchRequest, has_text: bool) -> sorting.FacetType | None:
    """Return the order: by score, or by date then article and paragraph order."""
    if request.sort == "relevance" and has_text:
        return None
    newest = request.sort != "oldest"
    return sorting.MultiFacet([sorting.FieldFacet("date_start", reverse=newest),
                               sorting.FieldFacet("slug"), sorting.FieldFacet("number")])


def _page(gen: Generation, searcher: Searcher, request: SearchRequest, p: Plan,
          budget: Budget) -> tuple[list[Hit], bool]:
    """Rank and highlight one page; top it up with some-words matches if too few match all.

    Also say whether the time limit stopped the ranking early.
    """
    parsed, counts = p.parsed, p.counts
    start = (request.page - 1) * request.per_page
    end = start + request.per_page
    order = _sorting(request, parsed.strict is not None)
    marks = query_marks(parsed.strict)
    hits: list[Hit] = []
    feedback: list[tuple[int, float | None]] = []  # the matches shown, for related ones
    stopped = False
    if counts.total and request.by_article:
        best = best_per_article(ordered(gen, searcher, request, p, budget),
                                gen.catalogue(searcher).article_of)
        return [replace(make_hit(gen, searcher, d, score, marks, True), more=more)
                for d, score, more in best[start:end]], False
    # Whoosh ignores an empty filter set (it then matches everything), so skip such searches.
    if counts.total:
        near = gen.near_groups(searcher) if p.copies else None
        shown, stopped = page_of_leads(
            near, lambda n: _first(gen, searcher, request, p, budget, n), counts.total,
            p.copies or 0, counts.matched, start, end)
        hits = [_with_copies(gen, searcher, make_hit(gen, searcher, d, score, marks, True),
                             others) for d, score, others in shown]
        feedback = [(d, score) for d, score, _ in shown]
    if parsed.loose is not None and counts.total < request.per_page and request.page == 1 \
            and not request.matches_only:
        if budget.expired():
            return hits, True
        wanted = request.per_page - len(hits)
        extra = _some_words(gen, searcher, p, budget, wanted) if order is None else None
        if extra is None:
            extra, late = _some_words_by_whoosh(gen, searcher, p, budget, wanted, order)
            stopped = stopped or late
        loose_marks = marks | query_marks(parsed.loose)
        near = gen.near_groups(searcher) if p.copies is not None else None
        some = collapse(near, extra)
        feedback += [(d, score) for d, score, _ in some]
        hits += [_with_copies(gen, searcher, make_hit(gen, searcher, d, score, loose_marks,
                                                      False), others)
                 for d, score, others in some]
    if len(hits) < request.per_page and request.page == 1 and order is None \
            and not request.verbatim and not request.matches_only and not budget.expired():
        hits += _related(gen, searcher, p, budget, feedback, request.per_page - len(hits))
    return hits, stopped


def _related(gen: Generation, searcher: Searcher, p: Plan, budget: Budget,
             feedback: list[tuple[int, float | None]], limit: int) -> list[Hit]:
    """Return up to `limit` related paragraphs (search/whoosh/related.py): none that the
    search matches (all or some words), all within the filters; note the words they share."""
    scored = [(d, s) for d, s in feedback if isinstance(s, float)]
    typed = {str(text) for q in (p.parsed.strict, p.parsed.loose) if q is not None
             for name, text in q.iter_all_terms() if name == "text"}
    found = expansion(searcher, lambda slug: gen.articles[slug].language, scored, typed)
    if not found.weights:
        return []
    excluded = p.counts.matched.copy()
    if p.parsed.loose is not None:
        excluded |= matches(searcher, in_context(p.parsed.loose), budget.guard, p.postings)
    if p.allowed is not None:
        excluded |= ~p.allowed[gen.catalogue(searcher).article_of]
    near = gen.near_groups(searcher) if p.copies is not None else None
    shown = collapse(near, related(searcher, found, excluded, p.postings, gen.lengths,
                                   gen.doc_lengths(searcher), budget, limit))
    if shown:
        p.related = found.shown()
    return [_with_copies(gen, searcher, replace(make_hit(gen, searcher, d, score, Marks(), False),
                                                related=True), others)
            for d, score, others in shown]


def _first(gen: Generation, searcher: Searcher, request: SearchRequest, p: Plan,
           budget: Budget, limit: int) -> tuple[list[tuple[int, float | None]], bool]:
    """Return the first `limit` all-words matches in the request's order, and whether the time
    limit stopped the ranking early."""
    if _sorting(request, p.parsed.strict is not None) is None:
        top, stopped = _by_relevance(gen, searcher, p, None, budget, limit)
        return list(top), stopped
    first = by_date(gen, searcher, p.counts.matched, request.sort != "oldest", limit)
    return [(d, None) for d in first], False


def _with_copies(gen: Generation, searcher: Searcher, hit: Hit, others: list[int]) -> Hit:
    """Return the hit with the near-identical matches shown with it."""
    if not others:
        return hit
    return replace(hit, near_identical=near_copies(gen.articles, searcher, others))


def _some_words_by_whoosh(gen: Generation, searcher: Searcher, p: Plan, budget: Budget,
                          limit: int, order: sorting.FacetType | None
                          ) -> tuple[list[tuple[int, float]], bool]:
    """Rank the some-words matches with Whoosh's matchers (a date order, or a query the
    arrays cannot score); say whether the time limit stopped it."""
    within = None
    if p.allowed is not None:
        within = gen.catalogue(searcher).paragraphs(p.allowed)
        if not within:  # Whoosh ignores an empty filter set (it then matches everything)
            return [], False
    extra, late = ranked(searcher, in_context(p.parsed.loose), budget, filter=within,
                         mask=p.counts.total_docs, limit=limit, sortedby=order)
    return [(h.docnum, h.score) for h in extra], late


def make_hit(gen: Generation, searcher: Searcher, docnum: int, score: object,
             marks: Marks | None, all_words: bool = True) -> Hit:
    """Build a Hit from a document number; marks=None leaves the highlight out (exports)."""
    stored = searcher.stored_fields(docnum)
    relevance = float(score) if isinstance(score, int | float) else 0.0  # date sorts: no score
    article = gen.articles[stored["slug"]]
    section = stored.get("section") or None
    hit = Hit(
        pid=stored["pid"], score=round(relevance, 4),
        article=article,
        number=stored["number"], section=section, kind=stored["kind"],
        text=stored["text"], all_words=all_words, highlight=Markup(""),
    )
    if marks is None:
        return hit

    def marked(text: str, whole: bool = False) -> Markup:
        return highlight_text(text, marks, whole, language=article.language)

    return replace(hit, highlight=marked(hit.text), title_highlight=marked(article.title, True),
                   section_highlight=marked(section, True) if section else Markup(""))


def hits_in_order(gen: Generation, searcher: Searcher,
                  order: list[tuple[int, float | None, list[int]]]) -> Iterator[Hit]:
    """Yield one Hit (plain text, no highlight) per match with its near-identical ones,
    reading its stored fields then."""
    for docnum, score, others in order:
        yield _with_copies(gen, searcher, make_hit(gen, searcher, docnum, score, None), others)
