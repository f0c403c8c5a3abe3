"""Permanent paragraph URLs and article URLs: found, short form, moved, edited, gone, missing.

Each state is produced the way it happens: build, edit the corpus, rebuild (the running app
picks up the new generation).
"""

from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote

import pytest
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from search.web import create_app
from tests.conftest import WriteArticle
from tests.test_identity import PARAS
from tests.webtools import body, text

Rebuild = Callable[[], None]


@pytest.fixture
def story(write_article: WriteArticle, rebuild: Rebuild, index_dir: Path) -> FlaskClient:
    """Serve one five-paragraph article, 'story'."""
    write_article("story", "\n\n".join(PARAS), title="The crisis", outlet="Red Flag",
                  authors=["KD Tait", "Ann Other"], date="2019-11-13")
    rebuild()
    app: Flask = create_app({"TESTING": True, "INDEX_DIR": str(index_dir)})
    return app.test_client()


def pids(client: FlaskClient, slug: str = "story") -> list[str]:
    """Return an article's paragraph ids, in order, from the API."""
    data = client.get(f"/api/articles/{slug}").json
    assert data is not None
    return [p["id"] for p in data["paragraphs"]]


def test_found_paragraph_page(story: FlaskClient) -> None:
    pid = pids(story)[1]
    page = story.get(f"/a/story/p/{pid}")
    assert page.status_code == 200
    html = body(page)
    assert '<blockquote class="cited" id="paragraph" tabindex="-1" data-focus>' in html
    shown = text(page)
    assert "¶ 2 Jeanine Áñez declared herself president with a bible." in shown
    assert "¶ 1 Evo Morales resigned" in shown and "¶ 3 Protesters in El Alto" in shown
    url = f"http://localhost/a/story/p/{pid}"
    assert (f"Red Flag, KD Tait and Ann Other, “The crisis”, 13 November 2019, ¶ 2, {url} "
            "(accessed ") in shown
    assert f'<link rel="canonical" href="{url}">' in html
    assert 'href="/a/story#p2">Read it in the article</a>' in html
    assert "edited since" not in shown


def test_first_and_last_paragraphs_have_one_neighbour(story: FlaskClient) -> None:
    ids = pids(story)
    first = text(story.get(f"/a/story/p/{ids[0]}"))
    assert "¶ 2 Jeanine" in first and "¶ 0" not in first
    last = text(story.get(f"/a/story/p/{ids[-1]}"))
    assert "¶ 4 The military" in last and "¶ 6" not in last


def test_short_form_redirects_to_the_canonical_url(story: FlaskClient) -> None:
    pid = pids(story)[3]
    response = story.get(f"/p/{pid}")
    assert response.status_code == 301
    assert response.headers["Location"] == f"/a/story/p/{pid}"


def test_article_page_anchors_every_paragraph(story: FlaskClient) -> None:
    html = body(story.get("/a/story"))
    for number, pid in enumerate(pids(story), start=1):
        assert f'id="p{number}"' in html
        assert f'<a class="pnum" href="#p{number}">¶&nbsp;{number}</a>' in html
        assert f'href="/a/story/p/{pid}"' in html
    assert "<h1>The crisis</h1>" in html


def test_renamed_article_redirects_article_and_paragraph_urls(
        story: FlaskClient, corpus_dir: Path, rebuild: Rebuild) -> None:
    old = pids(story)
    (corpus_dir / "story.md").rename(corpus_dir / "renamed.md")
    rebuild()
    assert pids(story, "renamed") == old
    for url, location in ((f"/a/story/p/{old[2]}", f"/a/renamed/p/{old[2]}"),
                          (f"/p/{old[2]}", f"/a/renamed/p/{old[2]}"),
                          ("/a/story", "/a/renamed"),
                          ("/a/story?q=army", "/a/renamed?q=army"),
                          ("/api/articles/story", "/api/articles/renamed")):
        response = story.get(url)
        assert response.status_code == 301, url
        assert response.headers["Location"] == location, url


def test_paragraph_moved_to_another_article_redirects(
        story: FlaskClient, write_article: WriteArticle, rebuild: Rebuild) -> None:
    old = pids(story)
    write_article("story", "\n\n".join(PARAS[:4]), title="The crisis", outlet="Red Flag",
                  authors=["KD Tait"], date="2019-11-13")
    write_article("sequel", "Something new happened next.\n\n" + PARAS[4], title="Sequel")
    rebuild()
    response = story.get(f"/a/story/p/{old[4]}")
    assert response.status_code == 301
    assert response.headers["Location"] == f"/a/sequel/p/{old[4]}"
    assert "¶ 2 Elections were eventually held" in text(story.get(f"/a/sequel/p/{old[4]}"))


def test_edited_paragraph_shows_the_new_text_with_a_notice(
        story: FlaskClient, write_article: WriteArticle, rebuild: Rebuild) -> None:
    old = pids(story)
    edited = PARAS.copy()
    edited[1] = "Jeanine Áñez declared herself interim president with a large bible."
    write_article("story", "\n\n".join(edited), title="The crisis", outlet="Red Flag",
                  authors=["KD Tait"], date="2019-11-13")
    rebuild()
    page = story.get(f"/a/story/p/{old[1]}")
    assert page.status_code == 200
    shown = text(page)
    assert "This paragraph was edited since it was first indexed." in shown
    assert "herself interim president with a large bible" in shown
    data = story.get(f"/api/paragraphs/{old[1]}").json
    assert data is not None and data["edited"] is True
    assert "edited since" not in text(story.get(f"/a/story/p/{old[0]}"))


def test_deleted_paragraph_is_gone_with_its_articles_metadata(
        story: FlaskClient, write_article: WriteArticle, rebuild: Rebuild) -> None:
    old = pids(story)
    write_article("story", "\n\n".join(PARAS[:2] + PARAS[3:]), title="The crisis",
                  outlet="Red Flag", authors=["KD Tait", "Ann Other"], date="2019-11-13")
    rebuild()
    for url in (f"/a/story/p/{old[2]}", f"/p/{old[2]}"):
        page = story.get(url)
        assert page.status_code == 410, url
        shown = text(page)
        assert "This paragraph was removed from the corpus." in shown
        assert "“The crisis”, Red Flag, KD Tait and Ann Other, 13 November 2019." in shown
    data = story.get(f"/api/paragraphs/{old[2]}").json
    assert data == {"error": {"status": 410, "message": "This paragraph was removed from the "
                                                       "corpus.",
                              "article": {"slug": "story", "title": "The crisis",
                                          "outlet": "Red Flag",
                                          "authors": ["KD Tait", "Ann Other"],
                                          "date": "2019-11-13"}}}


def test_deleted_article_is_gone(story: FlaskClient, corpus_dir: Path, rebuild: Rebuild,
                                 write_article: WriteArticle) -> None:
    old = pids(story)
    (corpus_dir / "story.md").unlink()
    write_article("other", "Something else entirely.")
    rebuild()
    page = story.get("/a/story")
    assert page.status_code == 410
    assert "This article was removed from the corpus." in text(page)
    assert "“The crisis”, Red Flag" in text(page)
    assert story.get(f"/a/story/p/{old[0]}").status_code == 410
    api = story.get("/api/articles/story")
    assert api.status_code == 410 and api.json is not None
    assert api.json["error"]["article"]["title"] == "The crisis"


@pytest.mark.parametrize("url", ["/p/zzzzzzzzzz", "/a/story/p/zzzzzzzzzz", "/a/never",
                                 "/a/Not_A_Slug", "/a/never/p/zzzzzzzzzz", "/p/" + "x" * 300,
                                 "/a/story/p/", "/a/", "/p/"])
def test_never_existed_is_404(story: FlaskClient, url: str) -> None:
    page = story.get(url)
    assert page.status_code == 404
    assert "Not found" in text(page)


@pytest.mark.parametrize("url", ["/api/paragraphs/zzzzzzzzzz", "/api/articles/never",
                                 "/api/articles/Not_A_Slug", "/api/nothing"])
def test_never_existed_is_404_in_json(story: FlaskClient, url: str) -> None:
    response = story.get(url)
    assert response.status_code == 404
    assert response.json is not None and response.json["error"]["status"] == 404


@settings(max_examples=100, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(segment=st.text(min_size=1, max_size=40).filter(lambda s: s not in (".", "..")),
       route=st.sampled_from(["/p/{}", "/a/{}", "/a/{}/p/{}", "/api/paragraphs/{}",
                              "/api/articles/{}"]))
def test_any_path_segment_is_answered_without_a_500(tiny_app: Flask, segment: str,
                                                    route: str) -> None:
    url = route.format(quote(segment, safe=""), quote(segment, safe=""))
    response = tiny_app.test_client().get(url)
    assert response.status_code in (301, 308, 404), (url, response.status_code)
