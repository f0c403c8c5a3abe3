"""Research tools: compare outlets, export every match, follow a search, cite, search bar."""

import json
from typing import Any
from urllib.parse import quote

from flask import Blueprint, Response, current_app, render_template, request, stream_with_context

from search.corpus.article_file import SLUG_RE
from search.engine.lookup import article_meta, corpus_stats, resolve_paragraph
from search.engine.suggest import complete
from search.research import cite
from search.research.compare import compare
from search.research.export import export
from search.web.calls import engine_call, get_handle, run_search
from search.web.comparing import compare_chart, narrowing, share_rows
from search.web.downloads import csv_rows, json_rows
from search.web.errors import WebError
from search.web.feeds import atom, opensearch_description
from search.web.links import article_url, permalink
from search.web.params import parse_search_args, query_text
from search.web.reading import refuse
from search.web.serialize import compare_json

bp = Blueprint("research", __name__)

CITE_FORMATS = {
    "txt": ("text/plain", "txt"),
    "bib": ("application/x-bibtex", "bib"),
    "json": ("application/vnd.citationstyles.csl+json", "json"),
}
FEED_ENTRIES = 50


@bp.get("/compare")
def compare_page() -> str:
    """Show, for one query, a column per outlet: its best paragraphs, count and share."""
    comparison = engine_call(lambda: compare(get_handle(), parse_search_args(request.args)))
    stats = corpus_stats(get_handle())
    return render_template(
        "compare.html", comparison=comparison, req=comparison.request,
        rows=share_rows(comparison, stats), notes=narrowing(comparison.request, stats),
        chart=compare_chart(comparison, stats))


@bp.get("/api/compare")
def compare_api() -> dict[str, Any]:
    """Return the outlet comparison as data."""
    return compare_json(
        engine_call(lambda: compare(get_handle(), parse_search_args(request.args))))


def _export_name(extension: str) -> str:
    """Name a download after the query's first words: press-search-coup-army.csv."""
    q = "-".join(w for w in "".join(c if c.isalnum() else " " for c in query_text(
        request.args)).split()[:6]) or "all"
    return f"press-search-{q[:60]}.{extension}"


def disposition(kind: str, name: str) -> str:
    """Return a Content-Disposition naming a file (RFC 6266): an ASCII filename for old
    clients, and the name itself as filename* (UTF-8, percent-encoded) for the others."""
    plain = "".join(c if c.isascii() and (c.isalnum() or c in "-.") else "_" for c in name)
    return f"{kind}; filename=\"{plain}\"; filename*=UTF-8''{quote(name, safe='')}"


EXPORTS = {"csv": (csv_rows, "text/csv", "attachment"),
           "json": (json_rows, "application/json", "inline")}


def _export(kind: str) -> Response:
    """Stream every match of the request's search in one of the export formats."""
    rows, mimetype, kind_of_file = EXPORTS[kind]
    found = engine_call(lambda: export(get_handle(), parse_search_args(request.args)))
    limit = current_app.config["EXPORT_ROWS"]
    return Response(stream_with_context(rows(found, limit)), mimetype=mimetype, headers={
        "X-Export-Truncated": "true" if found.total > limit else "false",
        "Content-Disposition": disposition(kind_of_file, _export_name(kind)),
        "X-Total-Count": str(found.total), "X-Index-Generation": found.generation})


@bp.get("/search.csv")
def search_csv() -> Response:
    """Stream every matching paragraph as CSV, in the search's order."""
    return _export("csv")


@bp.get("/search.json")
def search_json_export() -> Response:
    """Stream every matching paragraph as one JSON document."""
    return _export("json")


@bp.get("/search.atom")
def search_atom() -> Response:
    """An Atom feed of the newest paragraphs matching the search."""
    result = run_search(request.args, sort="newest", page=1, per_page=FEED_ENTRIES,
                        matches_only=True)  # never the some-words paragraphs after them
    return Response(atom(result), mimetype="application/atom+xml")


@bp.get("/opensearch.xml")
def opensearch() -> Response:
    """Describe the site to browsers, so it can be added as a search engine."""
    return Response(opensearch_description(), mimetype="application/opensearchdescription+xml")


@bp.get("/api/suggest")
def suggest() -> Response:
    """Complete the query's last word from the index (OpenSearch suggestions format)."""
    q = query_text(request.args)
    body = json.dumps([q, complete(get_handle(), q)], ensure_ascii=False)
    return Response(body, mimetype="application/x-suggestions+json")


def _cite_response(items: list[cite.Citable], fmt: str, name: str) -> Response:
    """Answer with citations in one of the formats."""
    if fmt not in CITE_FORMATS:
        raise WebError(404, f"There is no citation format '{fmt[:20]}'; use txt, bib or json.")
    mimetype, extension = CITE_FORMATS[fmt]
    accessed = cite.today()
    if fmt == "txt":
        body = "\n".join(cite.text(item, accessed) for item in items) + "\n"
    elif fmt == "bib":
        body = cite.bibtex(items, accessed)
    else:
        body = json.dumps(cite.csl(items, accessed), ensure_ascii=False, indent=1)
    kind = "inline" if fmt == "txt" else "attachment"
    return Response(body, mimetype=mimetype, headers={
        "Content-Disposition": disposition(kind, f"{name}.{extension}")})


@bp.get("/a/<slug>/cite.<fmt>")
def cite_article(slug: str, fmt: str) -> Response:
    """Cite a whole article."""
    if not SLUG_RE.fullmatch(slug):
        raise refuse("missing", None, "article")
    found = article_meta(get_handle(), slug)
    if found.status != "found" or found.meta is None:
        raise refuse(found.status, found.gone, "article")
    item = cite.Citable(found.meta, article_url(slug, external=True))
    return _cite_response([item], fmt, slug)


@bp.get("/a/<slug>/p/<pid>/cite.<fmt>")
def cite_paragraph(slug: str, pid: str, fmt: str) -> Response:
    """Cite one paragraph at its permanent address."""
    found = resolve_paragraph(get_handle(), pid, slug)
    view = found.paragraph
    if found.status not in ("found", "moved") or view is None:
        raise refuse(found.status, found.gone, "paragraph")
    item = cite.Citable(view.article, permalink(view.article.slug, pid, external=True),
                        view.number, pid)
    return _cite_response([item], fmt, f"{view.article.slug}-p{view.number}")


@bp.get("/search/cite.<fmt>")
def cite_page(fmt: str) -> Response:
    """Cite the paragraphs of one page of results."""
    result = run_search(request.args)
    items = [cite.Citable(h.article, permalink(h.article.slug, h.pid, external=True), h.number,
                          h.pid) for h in result.hits]
    return _cite_response(items, fmt, f"press-search-page-{result.request.page}")
