"""Articles and paragraph permalinks: found, moved (301), gone (410) or missing (404)."""

from urllib.parse import urlsplit

from flask import Blueprint, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from search.corpus.article_file import SLUG_RE
from search.engine.echoes import echoes_of
from search.engine.lookup import GoneArticle, Status, resolve_article, resolve_paragraph
from search.research import cite
from search.web.calls import engine_call, get_handle
from search.web.document import sections
from search.web.errors import WebError
from search.web.links import article_url, permalink
from search.web.params import page_number, query_text

bp = Blueprint("reading", __name__)


def refuse(status: Status, gone: GoneArticle | None, what: str) -> WebError:
    """Return the error for an article or paragraph that is gone (410) or never was (404)."""
    if status == "gone":
        return WebError(410, f"This {what} was removed from the corpus.", gone=gone)
    return WebError(404, f"There is no {what} at this address.")


@bp.get("/a/<slug>")
def article(slug: str) -> Response | str:
    """Show a page of an article; with ?q=, highlight the page's matching paragraphs and list
    them (a search that runs out of time is a 503)."""
    q = query_text(request.args)
    page = page_number(request.args)
    if not SLUG_RE.fullmatch(slug):
        raise refuse("missing", None, "article")
    found = engine_call(lambda: resolve_article(get_handle(), slug, q, page))
    if found.status == "moved" and found.moved_to:
        return redirect(article_url(found.moved_to, q), 301)
    if found.status != "found" or found.meta is None:
        raise refuse(found.status, found.gone, "article")
    matches = [v for v in found.paragraphs if v.pid in found.highlights]
    return render_template("article.html", meta=found.meta, q=q, found=found,
                           back_url=back_to_search(q),
                           sections=sections(found.paragraphs), highlights=found.highlights,
                           matches=matches)


def back_to_search(q: str) -> str:
    """Return the search this article was opened from, as it was (filters, order, page), when
    the browser says it came from one of this site's result pages; else the search for q."""
    came_from = urlsplit(request.referrer or "")
    if came_from.netloc == request.host and came_from.path == url_for("pages.search"):
        return url_for("pages.search") + (f"?{came_from.query}" if came_from.query else "")
    return url_for("pages.search", q=q or None)


@bp.get("/a/<slug>/p/<pid>")
def paragraph(slug: str, pid: str) -> Response | str:
    """Show a paragraph at its permanent URL, with its neighbours and a citation."""
    found = resolve_paragraph(get_handle(), pid, slug)
    view = found.paragraph
    if found.status == "moved" and view is not None:
        return redirect(permalink(view.article.slug, pid), 301)
    if found.status != "found" or view is None:
        raise refuse(found.status, found.gone, "paragraph")
    url = permalink(slug, pid, external=True)
    q = query_text(request.args)
    highlight = resolve_article(get_handle(), slug, q).highlights.get(pid) if q.strip() else None
    citation = cite.text(cite.Citable(view.article, url, view.number, pid), cite.today())
    return render_template("paragraph.html", view=view, permalink_url=url, highlight=highlight,
                           q=q, echoes=echoes_of(get_handle(), pid), citation=citation)


@bp.get("/p/<pid>")
def short_paragraph(pid: str) -> Response:
    """Redirect a paragraph's short URL to its canonical permanent URL."""
    found = resolve_paragraph(get_handle(), pid)
    if found.paragraph is None:
        raise refuse(found.status, found.gone, "paragraph")
    return redirect(permalink(found.paragraph.article.slug, pid), 301)
