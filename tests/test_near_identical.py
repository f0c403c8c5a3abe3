"""Fewer duplicates in results: each group of near-identical paragraphs (a syndicated story
reprinted by several outlets) is one result, its best-ranked paragraph, with "+N near-identical
in …" listing the others; dups=show lists every one; counts say what they count and pages
count groups."""

import csv
import html
import io
import json
import re
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from search.index.build import build_index
from search.web import create_app
from tests.conftest import article_text
from tests.test_echoes import WIRE
from tests.test_web_api import get_json

# The wire story in three outlets, a word changed in each reprint, a day apart.
REPRINTS = {"wire": ("Wire Service", "2019-11-19", WIRE),
            "daily": ("The Daily", "2019-11-20", WIRE.replace("Tuesday", "Tuesday morning")),
            "herald": ("The Herald", "2019-11-21", WIRE.replace("killing", "leaving"))}
SHORT = "Soldiers guarded the ballot boxes in the capital overnight."
# Paragraphs of their own that mention soldiers, some quoting SHORT inside longer words: a short
# sentence shared by two long paragraphs must not make them one group.
OTHERS = [
    "Miners marched down from El Alto and soldiers stood aside as the crowd reached the plaza.",
    "A priest in Sacaba told reporters that soldiers had searched the market for two hours.",
    f"Long before dawn, the electoral office was quiet. {SHORT} Observers from the European "
    "Union counted the tally sheets again, and the opposition demanded a second round at once.",
    f"The ministry published its own account of the week. {SHORT} It added that police units "
    "from Cochabamba would relieve the army by Friday and that schools would reopen on Monday.",
    SHORT,
    "Families of the dead asked why soldiers carried rifles to a blockade of a fuel depot.",
    "The commander said his soldiers had orders to protect the pipeline, not to shoot.",
]
QUERY = "soldiers"


def write_near_corpus(corpus: Path) -> None:
    """Write the corpus: the wire story reprinted by three outlets, and seven others."""
    corpus.mkdir()
    for slug, (outlet, date, text) in REPRINTS.items():
        (corpus / f"{slug}.md").write_text(article_text(
            f"Senkata report {slug}", outlet, ["A Reporter"], date, text), encoding="utf-8")
    for n, text in enumerate(OTHERS):
        (corpus / f"other{n}.md").write_text(article_text(
            f"Other story {n}", f"Outlet {n}", ["B Writer"], f"2019-11-{10 + n}", text),
            encoding="utf-8")


@pytest.fixture(scope="module")
def near_app(tmp_path_factory: pytest.TempPathFactory) -> Flask:
    """The app over a corpus with one story reprinted by three outlets."""
    root = tmp_path_factory.mktemp("near")
    write_near_corpus(root / "corpus")
    build_index(root / "corpus", root / "index")
    return create_app({"TESTING": True, "INDEX_DIR": str(root / "index")})


@pytest.fixture
def near(near_app: Flask) -> FlaskClient:
    return near_app.test_client()


def reprint_ids(results: list[dict[str, Any]]) -> list[str]:
    """Return the results' ids that are reprints of the wire story."""
    return [r["id"] for r in results if r["title"].startswith("Senkata report")]


def test_a_syndicated_paragraph_is_one_result_listing_the_others(near: FlaskClient) -> None:
    data = get_json(near, f"/api/search?q={QUERY}&per_page=100")
    assert data["total"] == 10  # the three reprints and the seven others
    assert data["grouped_near_identical"] is True
    assert data["near_identical_copies"] == 2 and data["group_count"] == 8
    assert len(data["results"]) == 8 and data["pages"] == 1
    [shown] = [r for r in data["results"] if r["title"].startswith("Senkata report")]
    copies = shown["near_identical"]
    assert {c["outlet"] for c in copies} | {shown["outlet"]} == {
        "Wire Service", "The Daily", "The Herald"}
    assert [c["date"] for c in copies] == sorted(c["date"] for c in copies)
    for copy in copies:
        assert copy["permalink"].endswith(f"/p/{copy['id']}")
        assert get_json(near, f"/api/paragraphs/{copy['id']}")["text"].startswith("Bolivian")
    others = [r for r in data["results"] if r is not shown]
    assert all(r["near_identical"] == [] for r in others)
    assert data["facets"]["outlets"][0]["count"] >= 1
    assert sum(f["count"] for f in data["facets"]["outlets"]) == 10  # facets count paragraphs


def test_dups_show_lists_every_paragraph(near: FlaskClient) -> None:
    data = get_json(near, f"/api/search?q={QUERY}&per_page=100&dups=show")
    assert data["grouped_near_identical"] is False and data["group_count"] is None
    assert data["near_identical_copies"] == 2  # still counted, so the page can offer grouping
    assert len(data["results"]) == data["total"] == 10
    assert len(reprint_ids(data["results"])) == 3
    assert all(r["near_identical"] == [] for r in data["results"])


def test_a_short_sentence_inside_long_paragraphs_groups_nothing(near: FlaskClient) -> None:
    data = get_json(near, "/api/search?q=ballot+boxes&per_page=100")
    assert data["total"] == 3 and len(data["results"]) == 3
    assert data["near_identical_copies"] == 0
    assert all(r["near_identical"] == [] for r in data["results"])


@pytest.mark.parametrize("order", ["", "&sort=newest", "&sort=oldest"])
def test_pages_count_groups_and_neither_repeat_nor_lose_one(near: FlaskClient,
                                                            order: str) -> None:
    whole = get_json(near, f"/api/search?q={QUERY}&per_page=100{order}")
    pages = [get_json(near, f"/api/search?q={QUERY}&per_page=3&page={n}{order}")
             for n in (1, 2, 3)]
    assert all(p["pages"] == 3 and p["group_count"] == 8 for p in pages)
    paged = [r["id"] for p in pages for r in p["results"]]
    assert paged == [r["id"] for r in whole["results"]]
    hidden = {c["id"] for p in pages for r in p["results"] for c in r["near_identical"]}
    assert len(hidden) == 2 and not hidden & set(paged)
    every = get_json(near, f"/api/search?q={QUERY}&per_page=100&dups=show{order}")
    assert set(paged) | hidden == {r["id"] for r in every["results"]}
    # the group is shown by its first paragraph in the search's order
    assert reprint_ids(whole["results"]) == reprint_ids(every["results"])[:1]


def test_the_page_shows_the_group_once_and_expands_in_place(near: FlaskClient) -> None:
    page = html.unescape(near.get(f"/search?q={QUERY}").get_data(as_text=True))
    assert "8 results (10 paragraphs in 10 articles from 10 outlets; near-identical " \
           "paragraphs counted once)" in page
    assert "count paragraphs: each near-identical one too" in page
    summary = re.search(r"<summary>\+2 near-identical in ([^<]*)</summary>", page)
    assert summary is not None
    data = get_json(near, f"/api/search?q={QUERY}")
    [shown] = [r for r in data["results"] if r["near_identical"]]
    copies = shown["near_identical"]
    assert summary.group(1) == ", ".join(c["outlet"] for c in copies)
    details = page[summary.end():page.index("</details>", summary.end())]
    for copy in copies:
        assert f'href="/a/{copy["permalink"].split("/a/")[1]}?q={QUERY}"' in details
        assert copy["outlet"] in details and copy["title"] in details
    assert page.count("Senkata report") == 3  # the result and its two copies, once each
    assert 'href="/search?q=soldiers&dups=show">Every near-identical paragraph</a>' in page
    assert "one row per group of near-identical paragraphs" in page
    every = html.unescape(near.get(f"/search?q={QUERY}&dups=show").get_data(as_text=True))
    assert "<details class=\"hit__near\">" not in every
    assert every.count("Senkata report") == 3
    assert "10 paragraphs in 10 articles from 10 outlets" in every
    assert 'aria-current="true">Every near-identical paragraph</a>' in every
    assert '<input type="hidden" name="dups" value="show">' in every
    assert 'href="/search?q=soldiers&dups=show&page=2"' not in every  # one page of ten
    plain = html.unescape(near.get("/search?q=ballot").get_data(as_text=True))
    assert "near-identical" not in plain.lower()


def test_exports_say_what_they_hold(near: FlaskClient) -> None:
    grouped = json.loads(near.get(f"/search.json?q={QUERY}").get_data(as_text=True))
    assert grouped["grouped_near_identical"] is True and grouped["total"] == 8
    assert len(grouped["results"]) == 8
    [row] = [r for r in grouped["results"] if r["near_identical"]]
    assert len(row["near_identical"]) == 2
    every = json.loads(near.get(f"/search.json?q={QUERY}&dups=show").get_data(as_text=True))
    assert every["grouped_near_identical"] is False and every["total"] == 10
    rows = list(csv.DictReader(io.StringIO(near.get(f"/search.csv?q={QUERY}").get_data(
        as_text=True))))
    assert len(rows) == 8
    assert [r["near_identical"] for r in rows if r["near_identical"]] == [
        "; ".join(row["near_identical"])]


def test_a_bad_dups_is_refused(near: FlaskClient) -> None:
    response = near.get(f"/api/search?q={QUERY}&dups=hide")
    assert response.status_code == 400 and response.json is not None
    assert response.json["error"]["message"].startswith("Parameter 'dups': must be 'show'")


def test_one_per_article_lists_each_reprint_s_article(near: FlaskClient) -> None:
    data = get_json(near, f"/api/search?q={QUERY}&group=article&per_page=100")
    assert data["near_identical_copies"] == 0 and data["grouped_near_identical"] is False
    assert len(data["results"]) == data["article_count"] == 10
