"""The JSON API: its fields, its agreement with the HTML pages, and its OpenAPI description."""

from typing import Any

import pytest
from flask.testing import FlaskClient

from tests.webtools import body, count_line, hit_ids


def get_json(client: FlaskClient, url: str) -> Any:
    response = client.get(url)
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.mimetype == "application/json"
    return response.json


def test_search_fields(tiny: FlaskClient) -> None:
    data = get_json(tiny, "/api/search?q=Senkata")
    assert {k: data[k] for k in ("total", "article_count", "outlet_count", "page", "per_page",
                                 "pages", "query", "suggestion", "notices")} == {
        "total": 1, "article_count": 1, "outlet_count": 1, "page": 1, "per_page": 10,
        "pages": 1, "query": "senkata", "suggestion": None, "notices": []}
    [result] = [r for r in data["results"] if not r["related"]]
    pid = result.pop("id")
    score = result.pop("score")
    assert isinstance(score, float) and score > 0
    assert result == {
        "permalink": f"http://localhost/a/flag/p/{pid}",
        "text": "The army opened fire in Senkata.",
        "highlight": "The army opened fire in <mark>Senkata</mark>.",
        "title_highlight": "A coup in Bolivia", "section_highlight": "What next?",
        "outlet": "Red Flag", "authors": ["KD Tait"], "title": "A coup in Bolivia",
        "language": "en",
        "article": "http://localhost/a/flag", "paragraph": 3, "section": "What next?",
        "date": "2020-01", "all_words": True, "related": False, "more": 0,
        "near_identical": [],
    }
    assert data["facets"] == {"outlets": [{"value": "Red Flag", "count": 1}],
                              "authors": [{"value": "KD Tait", "count": 1}],
                              "languages": [{"value": "en", "count": 1}]}
    assert data["timeline"] == [{"month": "2020-01", "outlet": "Red Flag", "count": 1}]


def test_facets_and_timeline_counts(tiny: FlaskClient) -> None:
    data = get_json(tiny, "/api/search?q=coup&outlet=Wedge")
    assert data["total"] == 2
    assert data["facets"]["outlets"] == [{"value": "Red Flag", "count": 2},
                                         {"value": "Wedge", "count": 2},
                                         {"value": "World Socialist Web Site", "count": 2}]
    assert data["facets"]["authors"] == [{"value": "Ann Other", "count": 2},
                                         {"value": "Cory Willingham", "count": 2}]
    assert data["timeline"] == [{"month": "2020-10", "outlet": "Wedge", "count": 2}]


def test_suggestion_and_some_words(tiny: FlaskClient) -> None:
    assert get_json(tiny, "/api/search?q=Choquehuanka")["suggestion"] == "Choquehuanca"
    data = get_json(tiny, "/api/search?q=Senkata+Cochabamba")
    assert data["total"] == 0
    assert [r["all_words"] for r in data["results"]] == [False, False]


@pytest.mark.parametrize("query", ["q=coup", "q=coup&sort=oldest", "q=coup&per_page=4&page=2",
                                   "q=coup&outlet=Wedge&outlet=Red+Flag", "q=coup&from=2020",
                                   "", "q=Senkata+Cochabamba", "q=coup&page=9"])
def test_html_and_api_agree(tiny: FlaskClient, query: str) -> None:
    page = body(tiny.get("/search?" + query))
    data = get_json(tiny, "/api/search?" + query)
    assert hit_ids(page, related=True) == [r["id"] for r in data["results"]]
    if data["total"]:
        assert count_line(page).startswith(f"{data['total']} paragraph")


def test_paragraph(tiny: FlaskClient) -> None:
    pid = get_json(tiny, "/api/search?q=Senkata")["results"][0]["id"]
    data = get_json(tiny, f"/api/paragraphs/{pid}")
    assert data["id"] == pid and data["paragraph"] == 3 and data["kind"] == "li"
    assert data["section"] == "What next?" and data["edited"] is False
    assert data["article"] == {"slug": "flag", "title": "A coup in Bolivia", "outlet": "Red Flag",
                               "authors": ["KD Tait"], "date": "2020-01",
                               "article": "http://localhost/a/flag",
                               "url": "https://example.org/flag"}
    assert data["previous"]["paragraph"] == 2
    assert data["previous"]["text"].startswith("Mobs burned")
    assert data["next"]["text"] == "Police mutinied in Cochabamba."


def test_article_with_and_without_query(tiny: FlaskClient) -> None:
    plain = get_json(tiny, "/api/articles/flag")
    assert [p["paragraph"] for p in plain["paragraphs"]] == [1, 2, 3, 4]
    assert "matches" not in plain and "highlight" not in plain["paragraphs"][0]
    found = get_json(tiny, "/api/articles/flag?q=coup")
    assert found["matches"] == [p["id"] for p in plain["paragraphs"][:2]]
    assert found["paragraphs"][0]["highlight"] == ("Jeanine Áñez installed herself in the "
                                                   "palace after the <mark>coup</mark>.")
    assert found["paragraphs"][2]["highlight"] is None


def test_outlets_and_health(tiny: FlaskClient) -> None:
    assert get_json(tiny, "/api/outlets") == {"outlets": [
        {"name": "Red Flag", "paragraphs": 4}, {"name": "Wedge", "paragraphs": 3},
        {"name": "World Socialist Web Site", "paragraphs": 2}]}
    health = get_json(tiny, "/healthz")
    assert health["status"] == "ok" and health["articles"] == 3 and health["paragraphs"] == 9
    assert len(health["generation"]) > 10


def test_errors_are_json_with_the_status(tiny: FlaskClient) -> None:
    response = tiny.post("/api/search")
    assert response.status_code == 405
    assert response.json is not None and response.json["error"]["status"] == 405


# --- The OpenAPI document matches what the API returns. ---

def check(schema: dict[str, Any], value: Any, doc: dict[str, Any], where: str = "$") -> None:
    """Check a value against the subset of JSON Schema the document uses."""
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[1]
        return check(doc["components"]["schemas"][name], value, doc, where)
    if "anyOf" in schema:
        errors = []
        for option in schema["anyOf"]:
            try:
                return check(option, value, doc, where)
            except AssertionError as exc:
                errors.append(str(exc))
        raise AssertionError(f"{where}: matches no option: {errors}")
    if "enum" in schema:
        assert value in schema["enum"], where
    kind = schema.get("type")
    types: dict[str, Any] = {"string": str, "integer": int, "number": (int, float), "boolean": bool,
             "array": list, "object": dict, "null": type(None)}
    if kind:
        assert isinstance(value, types[kind]), f"{where}: {value!r} is not {kind}"
        assert not (kind in ("integer", "number") and isinstance(value, bool)), where
    if kind == "array":
        for i, item in enumerate(value):
            check(schema["items"], item, doc, f"{where}[{i}]")
    if kind == "object" and "properties" not in schema:  # a map: any keys, values alike
        for key, item in value.items():
            assert isinstance(key, str), where
            check(schema["additionalProperties"], item, doc, f"{where}.{key}")
    elif kind == "object":
        props = schema["properties"]
        assert set(schema["required"]) <= set(value), f"{where}: missing keys"
        assert set(value) <= set(props), f"{where}: undocumented {set(value) - set(props)}"
        for key, item in value.items():
            check(props[key], item, doc, f"{where}.{key}")
    return None


def response_schema(doc: dict[str, Any], path: str, status: str) -> dict[str, Any]:
    schema: dict[str, Any] = doc["paths"][path]["get"]["responses"][status]["content"][
        "application/json"]["schema"]
    return schema


def test_openapi_describes_every_response(tiny: FlaskClient) -> None:
    doc = get_json(tiny, "/api/openapi.json")
    assert doc["openapi"].startswith("3.")
    pid = get_json(tiny, "/api/search?q=Senkata")["results"][0]["id"]
    cases = [("/api/search", "/api/search?q=coup&outlet=Wedge", 200),
             ("/api/search", "/api/search?q=Senkata+Cochabamba", 200),
             ("/api/search", "/api/search?q=Choquehuanka&sort=newest", 200),
             ("/api/search", "/api/search?sort=nope", 400),
             ("/api/paragraphs/{id}", f"/api/paragraphs/{pid}", 200),
             ("/api/paragraphs/{id}", "/api/paragraphs/zzzzzzzzzz", 404),
             ("/api/articles/{slug}", "/api/articles/flag", 200),
             ("/api/articles/{slug}", "/api/articles/flag?q=coup", 200),
             ("/api/articles/{slug}", "/api/articles/none", 404),
             ("/api/outlets", "/api/outlets", 200),
             ("/healthz", "/healthz", 200)]
    for path, url, status in cases:
        response = tiny.get(url)
        assert response.status_code == status, url
        check(response_schema(doc, path, str(status)), response.json, doc, url)


def test_openapi_lists_the_parameters_the_parser_reads(tiny: FlaskClient) -> None:
    from search.web.params import SEARCH_PARAMS

    doc = get_json(tiny, "/api/openapi.json")
    params = doc["paths"]["/api/search"]["get"]["parameters"]
    assert [p["name"] for p in params] == list(SEARCH_PARAMS)
    by_name = {p["name"]: p["schema"] for p in params}
    assert by_name["q"]["maxLength"] == 1000
    assert by_name["sort"]["enum"] == ["relevance", "newest", "oldest"]
    for path in doc["paths"]:
        probe = path.replace("{id}", "zzzzzzzzzz").replace("{slug}", "flag")
        assert tiny.get(probe).status_code in (200, 404), path
