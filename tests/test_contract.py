"""The API's contract, checked through the real server: schemathesis reads /api/openapi.json from
`press-search serve` (gunicorn on loopback) and holds every generated request's answer to it
(no 5xx, documented status codes, content types, headers and response schemas)."""

import html
import json
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.core.result import Ok
from schemathesis.specs.openapi.checks import positive_data_acceptance

from search.corpus.dates import parse_bound
from search.whoosh.handle import IndexHandle
from tests.servers import Server, serving

EXAMPLES = 25  # per operation: a short, deterministic run (derandomised)


@pytest.fixture(scope="module")
def live(real_index: IndexHandle, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """The real server on the real corpus."""
    log = tmp_path_factory.mktemp("contract") / "server.log"
    with serving(Path(real_index.index_dir), log, workers=2) as server:
        yield server


def dates_in_order(case: schemathesis.Case[Any]) -> bool:
    """Whether a request's date range is in order: a constraint between two parameters that
    OpenAPI cannot state (the description says it; the server refuses the reverse with a 400)."""
    query = case.query or {}
    start, end = query.get("from"), query.get("to")
    if not isinstance(start, str) or not isinstance(end, str):
        return True
    return parse_bound(start, end=False) <= parse_bound(end, end=True)


def real_paragraphs(server: Server) -> list[tuple[str, str]]:
    """(slug, paragraph id) pairs of the served index, so that the article and paragraph
    operations answer more than 404s."""
    with urllib.request.urlopen(server.base + "/api/search?q=coup&per_page=50") as answer:
        results = json.load(answer)["results"]
    return [(r["article"].rstrip("/").rsplit("/", 1)[1], r["id"]) for r in results]


def refused_query(response: schemathesis.Response) -> bool:
    """Whether the server refused the query text itself (a 400 naming `q`): the query language's
    rules (at least one word, balanced syntax…) are more than a JSON Schema can state, so a
    query the schema allows may be refused, as documented; every other check still applies."""
    return response.status_code == 400 and "Parameter 'q'" in html.unescape(response.text)


def test_every_answer_is_the_one_documented(live: Server) -> None:
    """Each operation, EXAMPLES generated requests, every check schemathesis has.

    (Driven from a plain test rather than schemathesis's pytest plugin: its lazy schema reads
    a private attribute pytest 9 no longer has.)"""
    api = schemathesis.openapi.from_url(live.base + "/api/openapi.json")
    operations = []
    for result in api.get_all_operations():
        assert isinstance(result, Ok), result  # a part of the document schemathesis rejects
        operations.append(result.ok())
    assert len(operations) >= 8
    real = real_paragraphs(live)
    for operation in operations:

        @settings(max_examples=EXAMPLES, derandomize=True, deadline=None, database=None,
                  suppress_health_check=list(HealthCheck))
        @given(case=operation.as_strategy().filter(dates_in_order), data=st.data())
        def run(case: schemathesis.Case[Any], data: st.DataObject) -> None:
            path, real_one = case.path_parameters, data.draw(st.booleans())
            if path and real_one:  # half of them real
                slug, pid = data.draw(st.sampled_from(real))
                path.update({k: v for k, v in (("slug", slug), ("id", pid)) if k in path})
            response = case.call(timeout=10)
            case.validate_response(response, excluded_checks=(
                [positive_data_acceptance] if refused_query(response) else None))

        run()
