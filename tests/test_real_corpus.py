"""The curated seed corpus, as the engine sees it: metadata, clean paragraphs, real searches."""

import re

import pytest

from search.engine import search
from search.engine.lookup import corpus_stats, resolve_article
from search.models import SearchRequest
from search.whoosh.handle import IndexHandle

ARTICLES = {
    "the-november-coup-in-bolivia-and-how-to-reverse-it": (
        "The November Coup in Bolivia and how to reverse it", "Red Flag", ("KD Tait",),
        "2020-01"),
    "the-us-backed-coup-in-bolivia": (
        "The US-backed coup in Bolivia", "World Socialist Web Site", ("Bill Van Auken",),
        "2019-11-13"),
    "bolivia-reaction-repression-resistance": (
        "Bolivia: reaction, repression, resistance", "Revolutionary Communist Group",
        ("Cassandra Howarth",), "2019-12"),
    "a-coup-by-civilians-the-police-and-the-army-in-bolivia": (
        "A coup by civilians, the police and the army in Bolivia", "Left on the Move",
        ("Pedro Fuentes", "Bernardo Corrêa", "Charles Rosa", "Clara Baeder"), "2019-12"),
    "bolivian-socialists-defeat-us-backed-coup": (
        "Bolivian Socialists Defeat U.S.-Backed Coup", "Wedge", ("Cory Willingham",),
        "2020-10-19"),
}

CHROME = re.compile(
    r"close this search box|share this article|related articles|continue to the category|"
    r"cookies|to contact the wsws|join our mailing list|published in|min read|^--$|"
    r"writing office|interested in writing for|editor for|\\\$|\*|\]\(|^# |^https?://",
    re.IGNORECASE)


@pytest.mark.parametrize("slug", sorted(ARTICLES))
def test_article_metadata(real_index: IndexHandle, slug: str) -> None:
    article = resolve_article(real_index, slug)
    assert article.meta is not None
    meta = article.meta
    assert (meta.title, meta.outlet, meta.authors, meta.date) == ARTICLES[slug]
    assert meta.language == "en" and meta.source and meta.source.startswith("seeds/")
    assert (meta.note is not None) == (len(meta.date) == 7)  # inferred month dates say why


def test_no_chrome_debris_or_byline_is_a_paragraph(real_index: IndexHandle) -> None:
    stats = corpus_stats(real_index)
    assert (stats.articles, stats.paragraphs) == (5, 187)
    for slug, (title, _, authors, _) in ARTICLES.items():
        for para in resolve_article(real_index, slug).paragraphs:
            assert not CHROME.search(para.text), para.text
            assert para.text not in (title, *authors)
            assert para.text not in ("Wedge", "Left on the Move Left on the Move Left on the Move")


@pytest.mark.parametrize("phrase", [
    "beginning with that of Hugo Chavez in 1998",
    "surrounded by the entire military command",
    "Morales and his fellow politicians, but",
])
def test_the_three_wsws_page_breaks_are_mended(real_index: IndexHandle, phrase: str) -> None:
    result = search(real_index, SearchRequest(text=f'"{phrase}"'))
    assert result.total == 1
    assert result.hits[0].article.outlet == "World Socialist Web Site"


def test_headings_sections_list_items_and_sources(real_index: IndexHandle) -> None:
    red_flag = resolve_article(real_index, "the-november-coup-in-bolivia-and-how-to-reverse-it")
    assert [s for s in dict.fromkeys(p.section for p in red_flag.paragraphs) if s] == [
        "What next?", "Morales’ fatal flaws", "Tasks today"]
    rcg = resolve_article(real_index, "bolivia-reaction-repression-resistance")
    items = [p.text for p in rcg.paragraphs if p.kind == "li"]
    assert len(items) == 9 and items[-1] == "forced 68 elected MAS officials to resign."
    massacre = search(real_index, SearchRequest(text="massacres", outlets=("Left on the Move",)))
    assert "The Sacaba and Senkata massacres" in {h.section for h in massacre.hits}
    wedge = resolve_article(real_index, "bolivian-socialists-defeat-us-backed-coup").meta
    assert wedge is not None and len(wedge.sources) == 15
    assert all(s.startswith(("https://", "http://")) for s in wedge.sources)


def test_accents_fold_across_the_corpus(real_index: IndexHandle) -> None:
    plain = search(real_index, SearchRequest(text="Anez", per_page=100))
    accented = search(real_index, SearchRequest(text="Áñez", per_page=100))
    assert plain.total == accented.total and plain.total >= 20
    marked = {m for h in plain.hits for m in re.findall(r"<mark>(.*?)</mark>", h.highlight)}
    assert {"Áñez", "Añez"} <= marked
    assert dict(plain.outlet_facets).keys() == {"Red Flag", "Revolutionary Communist Group",
                                                "Left on the Move", "Wedge"}


def test_spelling_variants_on_the_corpus(real_index: IndexHandle) -> None:
    for word, other in (("wiphala", "whipala"), ("whipala", "Wiphala")):
        result = search(real_index, SearchRequest(text=word))
        marked = {m for h in result.hits for m in re.findall(r"<mark>(.*?)</mark>", h.highlight)}
        assert other in marked, (word, marked)
    typo = search(real_index, SearchRequest(text="Choquehuanka"))
    assert typo.suggestion == "Choquehuanca" and typo.total >= 3


def test_facet_counts_add_up_to_the_total(real_index: IndexHandle) -> None:
    result = search(real_index, SearchRequest(text="coup"))
    assert sum(n for _, n in result.outlet_facets) == result.total
    assert sum(b.count for b in result.timeline) == result.total
    per_outlet = {o: search(real_index, SearchRequest(text="coup", outlets=(o,))).total
                  for o, _ in result.outlet_facets}
    assert per_outlet == dict(result.outlet_facets)
