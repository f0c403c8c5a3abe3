"""The JSON API: the same searches, paragraphs and articles as the pages, as data."""

from typing import Any

from flask import Blueprint, redirect, request, url_for
from werkzeug.wrappers import Response

from search.corpus.article_file import SLUG_RE
from search.engine.lookup import corpus_stats, resolve_article, resolve_paragraph
from search.web.calls import cached_body, engine_call, get_handle, run_search
from search.web.openapi import openapi_document
from search.web.params import page_number, query_text
from search.web.reading import refuse
from search.web.serialize import article_json, outlets_json, paragraph_page_json, search_json

bp = Blueprint("api", __name__)


@bp.get("/api/search")
def search() -> Response:
    """Return one page of results with counts, facets and timeline."""
    result = run_search(request.args)
    return cached_body(result, "json", lambda: search_json(result))


@bp.get("/api/paragraphs/<pid>")
def paragraph(pid: str) -> dict[str, Any]:
    """Return a paragraph by its permanent id, with its article and neighbours."""
    found = resolve_paragraph(get_handle(), pid)
    if found.paragraph is None:
        raise refuse(found.status, found.gone, "paragraph")
    return paragraph_page_json(found.paragraph)


@bp.get("/api/articles/<slug>")
def article(slug: str) -> Response | dict[str, Any]:
    """Return a page of an article; with ?q=, which of its paragraphs match, highlighted."""
    q = query_text(request.args)
    page = page_number(request.args)
    if not SLUG_RE.fullmatch(slug):
        raise refuse("missing", None, "article")
    found = engine_call(lambda: resolve_article(get_handle(), slug, q, page))
    if found.status == "moved" and found.moved_to:
        return redirect(url_for("api.article", slug=found.moved_to, q=q or None), 301)
    if found.meta is None:
        raise refuse(found.status, found.gone, "article")
    return article_json(found.meta, found, q)


@bp.get("/api/outlets")
def outlets() -> dict[str, Any]:
    """List the outlets and how many paragraphs each has."""
    return outlets_json(corpus_stats(get_handle()))


@bp.get("/api/openapi.json")
def openapi() -> dict[str, Any]:
    """Describe this API in OpenAPI 3."""
    return openapi_document()


@bp.get("/healthz")
def health() -> dict[str, Any]:
    """Say which index generation is served and how much it holds."""
    stats = corpus_stats(get_handle())
    return {"status": "ok", "generation": stats.generation, "articles": stats.articles,
            "paragraphs": stats.paragraphs}
