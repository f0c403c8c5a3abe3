"""One result per article (group=article): each article's best paragraph, in the search's
order, with how many more of its paragraphs match; counts and pages then count articles."""

import html

import pytest
from flask.testing import FlaskClient

from tests.test_web_api import get_json


@pytest.mark.parametrize("order", ["", "&sort=newest", "&sort=oldest"])
def test_each_article_once_with_its_best_paragraph(client: FlaskClient, order: str) -> None:
    every = get_json(client, f"/api/search?q=coup&per_page=100{order}")
    grouped = get_json(client, f"/api/search?q=coup&per_page=100&group=article{order}")
    best: dict[str, dict[str, object]] = {}
    every["results"] = [r for r in every["results"] if r["all_words"]]  # matches only
    for r in every["results"]:  # the first of each article in the ungrouped order
        best.setdefault(r["article"], r)
    assert [r["id"] for r in grouped["results"]] == [r["id"] for r in best.values()]
    for r in grouped["results"]:
        assert r["more"] == sum(1 for e in every["results"] if e["article"] == r["article"]) - 1
    assert all(r["more"] == 0 for r in every["results"])
    assert grouped["total"] == every["total"]  # paragraphs, as before
    assert grouped["article_count"] == len(grouped["results"]) == len(best)


def test_pages_count_articles(client: FlaskClient) -> None:
    first = get_json(client, "/api/search?q=coup&per_page=2&group=article")
    second = get_json(client, "/api/search?q=coup&per_page=2&group=article&page=2")
    whole = get_json(client, "/api/search?q=coup&per_page=100&group=article")
    assert first["pages"] == -(-first["article_count"] // 2) == 3
    assert [r["id"] for r in first["results"] + second["results"]] == [
        r["id"] for r in whole["results"][:4]]


def test_the_page_says_it_counts_articles_and_links_to_the_rest(client: FlaskClient) -> None:
    page = html.unescape(client.get("/search?q=coup&group=article&per_page=2"
                                    ).get_data(as_text=True))
    data = get_json(client, "/api/search?q=coup&group=article&per_page=2")
    assert (f"{data['article_count']} articles from {data['outlet_count']} outlets "
            f"({data['total']} paragraphs), the best paragraph of each") in page
    assert f"Results 1–2 of {data['article_count']} articles" in page
    for r in data["results"]:
        slug = r["article"].rsplit("/", 1)[1]
        assert (f'<a href="/a/{slug}?q=coup">+{r["more"]} more in this article</a>') in page
    assert 'href="/search?q=coup&page=2&per_page=2&group=article"' in page  # paging keeps it
    assert 'href="/search?q=coup&outlet=Wedge&per_page=2&group=article"' in page  # filters too
    assert 'aria-current="true">One per article</a>' in page
    assert '<input type="hidden" name="group" value="article">' in page
    plain = html.unescape(client.get("/search?q=coup").get_data(as_text=True))
    assert "more in this article" not in plain
    assert 'aria-current="true">Every paragraph</a>' in plain
    assert 'href="/search?q=coup&group=article">One per article</a>' in plain


def test_a_bad_group_is_refused(client: FlaskClient) -> None:
    response = client.get("/api/search?q=coup&group=outlet")
    assert response.status_code == 400 and response.json is not None
    assert response.json["error"]["message"].startswith("Parameter 'group': must be 'article'")
