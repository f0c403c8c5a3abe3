"""A mixed-language corpus in a real browser: search a Spanish word, filter by language, open
the Spanish paragraph's permalink."""

import re
import shutil
from collections.abc import Iterator

import pytest
from playwright.sync_api import Page

from search.index.build import build_index
from tests.conftest import REAL_CORPUS, article_text
from tests.servers import running_server

SPANISH = ("Los observadores de la OEA calificaron de fraudulentas las elecciones del 20 de "
           "octubre, y Evo Morales renunció tres semanas después.")


@pytest.fixture(scope="module")
def mixed_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Serve the real (English) corpus with one Spanish article added."""
    root = tmp_path_factory.mktemp("mixed")
    shutil.copytree(REAL_CORPUS, root / "corpus")
    (root / "corpus" / "fraude.md").write_text(article_text(
        "El informe de la OEA", "Página Siete", ["Ana Autora"], "2019-11-12",
        f"{SPANISH}\n\nLa policía se amotinó en Cochabamba antes de la renuncia.",
        language="es"), encoding="utf-8")
    assert build_index(root / "corpus", root / "index").published
    with running_server(root / "index", root / "server.log") as base:
        yield base


def test_search_a_spanish_word_filter_by_language_open_the_permalink(
        page: Page, mixed_server: str) -> None:
    page.goto(mixed_server + "/")
    page.locator("#q").fill("elección Morales")
    page.locator("#q").press("Enter")
    page.wait_for_url(re.compile(r"/search\?q="))
    spanish = page.locator('ol.hits .hit__text[lang="es"]')
    assert spanish.count() == 1
    assert [m.lower() for m in spanish.locator("mark").all_inner_texts()] == \
        ["elecciones", "morales"]
    page.locator("#language-heading + ul").get_by_role(
        "link", name=re.compile(r"^Spanish \(es\)")).click()
    page.wait_for_url(re.compile(r"language=es"))
    assert page.locator("ol.hits > li").count() == 1
    assert "Spanish (es)" in page.locator(".chips__list").inner_text()
    page.locator("ol.hits > li").first.get_by_role("link", name="Permalink").click()
    page.wait_for_url(re.compile(r"/a/fraude/p/[a-z2-7]{10}\?q="))
    cited = page.locator("blockquote.cited")
    assert cited.get_attribute("lang") == "es"
    assert SPANISH[:40] in cited.inner_text()
    assert page.locator("html").get_attribute("lang") == "en"
