"""Accessibility (axe-core) and HTML validity (the Nu HTML Checker) of every kind of page."""

import json
import subprocess
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

from search.engine import search
from search.models import SearchRequest
from search.whoosh.handle import IndexHandle
from tests.conftest import ROOT

VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def page_paths(handle: IndexHandle) -> dict[str, str]:
    """Return one URL path for each kind of page, taken from the real index."""
    hit = search(handle, SearchRequest(text="coup")).hits[0]
    slug = hit.article.slug
    return {
        "home": "/", "results": "/search?q=coup+army&outlet=Wedge&outlet=Red+Flag",
        "no results": "/search?q=zzzzqqq", "some words": "/search?q=coup+senkata+zzzzqqq",
        "article": f"/a/{slug}?q=coup", "paragraph": f"/a/{slug}/p/{hit.pid}",
        "about": "/about", "not found": "/a/no-such-article", "bad request": "/search?q=*",
        "compare": "/compare?q=coup", "articles": "/a?sort=title", "outlets": "/outlets",
        "refused": "/search?q=ab*&outlet=Wedge&from=2019-13", "paragraph with query":
        f"/a/{slug}/p/{hit.pid}?q=coup", "filtered to nothing": "/search?q=coup&from=1990",
        "compare narrowed": "/compare?q=coup&outlet=Wedge&from=2019",
        "one per article": "/search?q=coup&group=article&per_page=2",
        "related": "/search?q=Huarachi",  # one match, then related paragraphs
    }


@pytest.mark.parametrize("kind", ["home", "results", "no results", "some words", "article",
                                  "paragraph", "about", "not found", "bad request", "compare",
                                  "articles", "outlets", "refused", "paragraph with query",
                                  "filtered to nothing", "compare narrowed",
                                  "one per article", "related"])
def test_no_serious_accessibility_violations(page: Page, live_server: str,
                                             real_index: IndexHandle, kind: str) -> None:
    page.goto(live_server + page_paths(real_index)[kind])
    violations = Axe().run(page).response["violations"]
    serious = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
               for v in violations if v["impact"] in ("serious", "critical")]
    assert serious == []


def test_every_page_is_valid_html(live_server: str, real_index: IndexHandle,
                                  tmp_path: Path) -> None:
    assert vnu_errors(live_server, page_paths(real_index), tmp_path) == []


def vnu_errors(server: str, paths: dict[str, str], tmp_path: Path
               ) -> list[tuple[str, int | None, str]]:
    """Return the Nu HTML Checker's errors on each page (a kind of page: its path)."""
    assert VNU.exists(), "the Nu HTML Checker is missing: `make test` installs it with npm"
    files = []
    for kind, path in paths.items():
        try:
            with urllib.request.urlopen(server + path, timeout=10) as response:
                body = response.read()
        except urllib.error.HTTPError as exc:
            with exc:
                body = exc.read()
        file = tmp_path / f"{kind.replace(' ', '-')}.html"
        file.write_bytes(body)
        files.append(str(file))
    run = subprocess.run(["java", "-jar", str(VNU), "--format", "json", "--errors-only", *files],
                         capture_output=True, text=True, timeout=120)
    messages = json.loads(run.stderr or '{"messages": []}')["messages"]
    return [(Path(m["url"]).name, m.get("lastLine"), m["message"]) for m in messages
            if m["type"] == "error"]
