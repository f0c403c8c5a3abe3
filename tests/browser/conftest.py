"""A live gunicorn server on the real corpus, and Debian's chromium driven by Playwright."""

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page, sync_playwright

from search.index.build import build_index
from tests.conftest import REAL_CORPUS
from tests.servers import running_server

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Index a copy of the real corpus and serve it with `press-search serve`; yield its URL."""
    root = tmp_path_factory.mktemp("live")
    shutil.copytree(REAL_CORPUS, root / "corpus")
    assert build_index(root / "corpus", root / "index").published
    with running_server(root / "index", root / "server.log") as base:
        yield base


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Launch Debian's chromium headless (Playwright's own browser download is not used)."""
    assert Path(CHROMIUM).exists(), "Debian's chromium is missing: `make test` installs it"
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """Open a fresh page that fails the test on any script error or dialog."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    new_page = context.new_page()
    errors: list[str] = []
    new_page.on("pageerror", lambda exc: errors.append(str(exc)))
    new_page.on("dialog", lambda dialog: errors.append(f"dialog: {dialog.message}"))

    def on_console(msg: ConsoleMessage) -> None:
        # an error page's own status (404, 410, 400) is logged as a failed load: that is expected
        if msg.type == "error" and msg.location.get("url") != new_page.url:
            errors.append(msg.text)

    new_page.on("console", on_console)
    yield new_page
    context.close()
    assert errors == []
