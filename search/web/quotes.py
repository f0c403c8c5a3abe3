"""Quotations printed by two or more articles, and a paragraph's echoes, as pages and data."""

import csv
import io
import json
from typing import Any

from flask import Blueprint, render_template, request
from werkzeug.wrappers import Response

from search.engine.echoes import Echo, Quotation, echoes_of, quotations
from search.engine.lookup import resolve_paragraph
from search.web.calls import engine_call, get_handle
from search.web.downloads import cell
from search.web.links import permalink
from search.web.params import page_number, parse_search_args
from search.web.reading import refuse
from search.web.research import disposition

bp = Blueprint("quotes", __name__)
PER_PAGE = 50
COLUMNS = ["quotation", "articles", "outlets", "first_outlet", "first_date", "first_permalink",
           "permalinks"]


@bp.get("/quotes")
def quotes_page() -> str:
    """List the quotations printed in two or more articles, most widely first, a page at a time."""
    request_ = parse_search_args(request.args)
    found = engine_call(lambda: quotations(get_handle(), request_))
    pages = max(1, -(-len(found) // PER_PAGE))
    page = min(page_number(request.args), pages)
    return render_template("quotes.html", found=found[(page - 1) * PER_PAGE:page * PER_PAGE],
                           total=len(found), page=page, pages=pages, request_=request_,
                           args=request.args.to_dict(flat=False))


def quotation_row(quotation: Quotation) -> dict[str, Any]:
    """Return one quotation as data: its words, outlets, and each article printing it."""
    first = quotation.first
    return {"quotation": quotation.text, "articles": quotation.articles,
            "outlets": list(quotation.outlets), "first_outlet": first.article.outlet,
            "first_date": first.article.date,
            "first_permalink": permalink(first.article.slug, first.pid, external=True),
            "permalinks": [permalink(c.article.slug, c.pid, external=True)
                           for c in quotation.carriers]}


@bp.get("/quotes.json")
def quotes_json() -> Response:
    """Return the quotations (filtered as the page is) as one JSON document."""
    found = engine_call(lambda: quotations(get_handle(), parse_search_args(request.args)))
    body = json.dumps({"total": len(found), "quotations": [quotation_row(q) for q in found]},
                      ensure_ascii=False)
    return Response(body, mimetype="application/json",
                    headers={"Content-Disposition": disposition("inline", "quotations.json")})


@bp.get("/quotes.csv")
def quotes_csv() -> Response:
    """Return the quotations as CSV, outlets and permalinks joined with '; '."""
    found = engine_call(lambda: quotations(get_handle(), parse_search_args(request.args)))
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    for quotation in found:
        data = quotation_row(quotation)
        data["outlets"] = "; ".join(data["outlets"])
        data["permalinks"] = "; ".join(data["permalinks"])
        writer.writerow([cell(data[c]) for c in COLUMNS])
    return Response(buffer.getvalue(), mimetype="text/csv",
                    headers={"Content-Disposition": disposition("attachment", "quotations.csv")})


def echo_json(echo: Echo) -> dict[str, Any]:
    """Return one echo as data (the marked text as sanitised HTML)."""
    return {"id": echo.pid, "permalink": permalink(echo.article.slug, echo.pid, external=True),
            "outlet": echo.article.outlet, "title": echo.article.title,
            "date": echo.article.date, "paragraph": echo.number, "kind": echo.kind,
            "shared": echo.shared, "quotations": list(echo.quotes), "marked": str(echo.marked)}


@bp.get("/api/paragraphs/<pid>/echoes")
def echoes_api(pid: str) -> dict[str, Any]:
    """Return the other articles' paragraphs that share a passage or quotation with this one."""
    found = resolve_paragraph(get_handle(), pid)
    if found.paragraph is None:
        raise refuse(found.status, found.gone, "paragraph")
    echoes, total = echoes_of(get_handle(), pid)
    return {"id": pid, "total": total, "echoes": [echo_json(e) for e in echoes]}
