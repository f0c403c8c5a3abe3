"""The engine's result objects as JSON-ready dicts (the shapes the OpenAPI document describes)."""

from typing import Any

from search.engine.lookup import ArticleLookup
from search.models import ArticleMeta, CorpusStats, Hit, NearCopy, ParagraphView, SearchResult
from search.research.compare import Comparison
from search.web.links import article_url, permalink


def compare_json(comparison: Comparison) -> dict[str, Any]:
    """Describe an outlet comparison: a column per outlet, highest share first, with count,
    share, the dates of its matches and its best hits; and the month-by-outlet timeline."""
    return {
        "total": comparison.total,
        "query": comparison.interpreted,
        "notices": comparison.notices,
        "generation": comparison.generation,
        "outlets": [{"outlet": c.outlet, "count": c.count, "paragraphs": c.paragraphs,
                     "share": round(c.share, 6), "first": c.first, "last": c.last,
                     "results": [hit_json(h) for h in c.hits]}
                    for c in comparison.columns],
        "timeline": [{"month": b.month, "outlet": b.outlet, "count": b.count}
                     for b in comparison.timeline],
    }


def hit_json(hit: Hit) -> dict[str, Any]:
    """Describe one search result."""
    return {
        "id": hit.pid,
        "permalink": permalink(hit.article.slug, hit.pid, external=True),
        "text": hit.text,
        "highlight": hit.highlight,
        "title_highlight": hit.title_highlight or None,
        "section_highlight": hit.section_highlight or None,
        "outlet": hit.article.outlet,
        "authors": list(hit.article.authors),
        "title": hit.article.title,
        "language": hit.article.language,
        "article": article_url(hit.article.slug, external=True),
        "paragraph": hit.number,
        "section": hit.section,
        "date": hit.article.date,
        "score": hit.score,
        "all_words": hit.all_words,
        "related": hit.related,
        "more": hit.more,
        "near_identical": [copy_json(c) for c in hit.near_identical],
    }


def copy_json(copy: NearCopy) -> dict[str, Any]:
    """Describe a matching paragraph near-identical to a result and shown with it."""
    return {"id": copy.pid, "permalink": permalink(copy.article.slug, copy.pid, external=True),
            "outlet": copy.article.outlet, "title": copy.article.title,
            "date": copy.article.date, "paragraph": copy.number}


def search_json(result: SearchResult) -> dict[str, Any]:
    """Describe a search: counts, the query as understood, facets, timeline and one page."""
    request = result.request
    return {
        "total": result.total,
        "article_count": result.article_count,
        "outlet_count": result.outlet_count,
        "page": request.page,
        "per_page": request.per_page,
        "pages": result.pages,
        "grouped_near_identical": result.grouped,
        "group_count": result.listed if result.grouped else None,
        "near_identical_copies": result.copies,
        "query": result.interpreted,
        "suggestion": result.suggestion,
        "variants": result.variants,
        "names": result.names,
        "related_words": result.related,
        "within_edits": result.within_edits,
        "wildcards": result.wildcards,
        "notices": result.notices,
        "facets": {
            "outlets": [{"value": v, "count": n} for v, n in result.outlet_facets],
            "authors": [{"value": v, "count": n} for v, n in result.author_facets],
            "languages": [{"value": v, "count": n} for v, n in result.language_facets],
        },
        "timeline": [{"month": b.month, "outlet": b.outlet, "count": b.count}
                     for b in result.timeline],
        "results": [hit_json(hit) for hit in result.hits],
        "generation": result.generation,
    }


def meta_json(meta: ArticleMeta) -> dict[str, Any]:
    """Describe an article's metadata, with its URL here and its original URL."""
    return {
        "slug": meta.slug,
        "title": meta.title,
        "outlet": meta.outlet,
        "authors": list(meta.authors),
        "date": meta.date,
        "article": article_url(meta.slug, external=True),
        "url": meta.url,
    }


def _neighbour(view: ParagraphView | None) -> dict[str, Any] | None:
    if view is None:
        return None
    return {"id": view.pid, "permalink": permalink(view.article.slug, view.pid, external=True),
            "paragraph": view.number, "text": view.text}


def paragraph_json(view: ParagraphView) -> dict[str, Any]:
    """Describe one paragraph: its id, permanent URL, place in the article, and text."""
    return {
        "id": view.pid,
        "permalink": permalink(view.article.slug, view.pid, external=True),
        "paragraph": view.number,
        "section": view.section,
        "kind": view.kind,
        "text": view.text,
        "edited": view.edited,
    }


def paragraph_page_json(view: ParagraphView) -> dict[str, Any]:
    """Describe a paragraph with its article and its neighbours, for /api/paragraphs/<id>."""
    return {**paragraph_json(view), "article": meta_json(view.article),
            "previous": _neighbour(view.previous), "next": _neighbour(view.next)}


def article_json(meta: ArticleMeta, found: ArticleLookup, query: str) -> dict[str, Any]:
    """Describe a whole article; with a query, which paragraphs match, highlighted."""
    paragraphs = [paragraph_json(view) for view in found.paragraphs]
    for item in paragraphs:
        if item["id"] in found.cut:  # the whole text is at /api/paragraphs/<id>
            item["length"] = found.cut[item["id"]]
            item["truncated"] = True
    data = meta_json(meta)
    data["page"], data["pages"] = found.page, found.pages
    if query:
        data["matches"] = [v.pid for v in found.paragraphs if v.pid in found.highlights]
        for item in paragraphs:
            item["highlight"] = found.highlights.get(item["id"])
    data["paragraphs"] = paragraphs
    return data


def outlets_json(stats: CorpusStats) -> dict[str, Any]:
    """List the outlets with how many paragraphs each has in the index."""
    return {"outlets": [{"name": name, "paragraphs": n} for name, n in stats.outlets]}
