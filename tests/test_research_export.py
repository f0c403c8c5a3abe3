"""Exports: every matching paragraph as CSV or JSON, streamed, in the search's order."""

import csv
import html
import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from flask import Flask
from flask.testing import FlaskClient

from search.models import SearchRequest
from search.research import export as export_steps
from search.web import create_app
from search.web.downloads import COLUMNS
from search.whoosh import run as export_module
from search.whoosh.budget import CHECK_EVERY, SearchTimeout
from search.whoosh.handle import IndexHandle
from search.whoosh.run import make_hit
from tests.conftest import Clock, WriteArticle
from tests.test_web_api import get_json

QUERIES = ["q=coup", "q=Morales", "q=%22El+Alto%22", "", "q=coup&outlet=Red+Flag",
           "q=coup&outlet=Red+Flag&outlet=Wedge", "q=police&from=2019-12&to=2020-01",
           "q=coup&sort=newest", "q=army+OR+police&sort=oldest", "q=zzzzunknown"]


def rows(client: FlaskClient, query: str) -> list[dict[str, str]]:
    response = client.get("/search.csv?" + query)
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert response.is_streamed
    assert response.headers["Content-Disposition"].startswith('attachment; filename="')
    reader = csv.DictReader(io.StringIO(response.get_data(as_text=True)))
    assert reader.fieldnames == COLUMNS
    return list(reader)


@pytest.mark.parametrize("query", QUERIES)
def test_csv_has_one_row_per_match(client: FlaskClient, query: str) -> None:
    total = get_json(client, "/api/search?" + query)["total"]
    table = rows(client, query)
    assert len(table) == total
    assert len({r["id"] for r in table}) == total
    json_export = get_json(client, "/search.json?" + query)
    assert json_export["total"] == total == len(json_export["results"])
    assert [r["id"] for r in json_export["results"]] == [r["id"] for r in table]


def test_rows_are_in_the_search_order_and_carry_the_paragraph(client: FlaskClient) -> None:
    page = get_json(client, "/api/search?q=coup&per_page=100")
    page["results"] = [r for r in page["results"] if r["all_words"]]  # exports: matches
    table = rows(client, "q=coup")
    assert [r["id"] for r in table] == [r["id"] for r in page["results"]]
    for row, result in zip(table, page["results"], strict=True):
        assert row["permalink"] == result["permalink"]
        assert row["text"] == result["text"]
        assert row["outlet"] == result["outlet"] and row["title"] == result["title"]
        assert row["authors"] == "; ".join(result["authors"])
        assert row["date"] == result["date"] and int(row["paragraph"]) == result["paragraph"]
        assert row["section"] == (result["section"] or "")
        assert float(row["score"]) == pytest.approx(result["score"], abs=1e-4)
    first = table[0]
    shown = client.get(urlsplit(first["permalink"]).path)
    assert shown.status_code == 200 and first["text"] in shown.get_data(as_text=True)
    newest = rows(client, "q=coup&sort=newest")
    assert [r["date"] for r in newest] == sorted((r["date"] for r in newest), reverse=True)
    assert all(r["score"] == "" for r in newest)  # date order: no relevance score


def test_json_export_matches_its_documented_shape(client: FlaskClient) -> None:
    data = get_json(client, "/search.json?q=Senkata")
    assert set(data) == {"total", "query", "generation", "truncated", "grouped_near_identical",
                         "results"}
    assert data["query"] == "senkata"
    assert set(data["results"][0]) == set(COLUMNS)
    assert isinstance(data["results"][0]["authors"], list)


def test_exports_are_streamed_row_by_row(write_article: WriteArticle,
                                         rebuild: Callable[[], None], index_dir: Any,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    for n in range(6):
        write_article(f"long-{n}", "\n\n".join(f"Paragraph {i} of {n} on the coup."
                                                for i in range(250)), outlet=f"Outlet {n % 2}")
    rebuild()
    app: Flask = create_app({"TESTING": True, "INDEX_DIR": str(index_dir)})
    read: list[int] = []
    real = make_hit

    def counting(*args: Any, **kw: Any) -> Any:
        read.append(1)
        return real(*args, **kw)

    monkeypatch.setattr(export_module, "make_hit", counting)
    response = app.test_client().get("/search.csv?q=coup")
    chunks = iter(response.response)
    header, first = next(chunks), next(chunks)
    assert isinstance(header, bytes) and isinstance(first, bytes)
    assert header.startswith(b"id,permalink") and b"on the coup" in first
    assert len(read) == 1  # one row read so far, not 1,500
    remaining = list(chunks)
    assert len(read) == 1500 and len(remaining) == 1499
    response.close()
    whole = app.test_client().get("/search.json?q=coup")
    assert json.loads(whole.get_data())["total"] == 1500


@pytest.mark.parametrize(("url", "status", "message"), [
    ("/search.csv?sort=best", 400, "Parameter 'sort': must be one of relevance, newest, oldest."),
    ("/search.csv?q=*", 400, "Parameter 'q': A wildcard needs at least 3 letters"),
    ("/search.csv?from=yesterday", 400, "Parameter 'from': 'yesterday' is not a date"),
    ("/search.json?sort=best", 400, "Parameter 'sort': must be one of relevance, newest, oldest."),
    ("/search.json?q=" + "x" * 501, 400, "Parameter 'q': The query has no words to search for."),
])
def test_bad_parameters_are_refused(client: FlaskClient, url: str, status: int,
                                    message: str) -> None:
    response = client.get(url)
    assert response.status_code == status
    if url.startswith("/search.json"):
        assert response.json is not None and response.json["error"]["message"].startswith(message)
    else:
        assert message in html.unescape(response.get_data(as_text=True))


@pytest.fixture
def many(write_article: WriteArticle, rebuild: Callable[[], None], index_dir: Path) -> Path:
    """Index enough paragraphs on elections for the ordering to look at the clock."""
    write_article("many", "\n\n".join(f"Paragraph {i} on the elections of {i}."
                                      for i in range(CHECK_EVERY * 3)))
    rebuild()
    return index_dir


@pytest.mark.parametrize(("spent", "times_out"), [(4.0, False), (6.0, True)])
def test_an_export_has_five_times_the_time_of_a_search(
        many: Path, monkeypatch: pytest.MonkeyPatch, spent: float, times_out: bool) -> None:
    clock = Clock()
    handle = IndexHandle(many, time_limit=1.0, clock=clock)
    planned = export_module.plan  # what search.research.export calls

    def plan_then_spend(*args: Any) -> Any:
        result = planned(*args)
        clock.now += spent  # the planning used this much time: the ordering must notice
        return result

    monkeypatch.setattr(export_steps, "plan", plan_then_spend)
    request = SearchRequest(text="Elections")
    if times_out:
        with pytest.raises(SearchTimeout):
            export_steps.export(handle, request)
    else:
        assert export_steps.export(handle, request).total == CHECK_EVERY * 3


def test_an_export_names_the_words_as_typed_and_its_generation(many: Path) -> None:
    handle = IndexHandle(many, time_limit=None)
    found = export_steps.export(handle, SearchRequest(text="Elections"))
    assert found.interpreted == "elections"  # as typed, not the stem the index holds
    assert found.generation == handle.check().gid != ""


def test_an_export_in_another_language_names_the_words_as_typed(
        write_article: WriteArticle, rebuild: Callable[[], None], index_dir: Path) -> None:
    write_article("fraude", "La OEA denunció una elección fraudulenta en Bolivia.", language="es")
    rebuild()  # a corpus in Spanish only: the query is read in Spanish alone
    found = export_steps.export(IndexHandle(index_dir, time_limit=None),
                                SearchRequest(text="Elecciones fraudulentas"))
    assert found.total == 1
    assert found.interpreted == "elecciones AND fraudulentas"  # not the Spanish stems
