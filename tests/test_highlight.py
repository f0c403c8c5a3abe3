"""Highlights and excerpts: a phrase is one mark and its words are marked nowhere else; a long
paragraph is cut at sentence (else word) boundaries, with "…" wherever text was left out."""

import re
from pathlib import Path

import pytest
from flask.testing import FlaskClient

from search.engine import search
from search.engine.lookup import resolve_article
from search.index.build import build_index
from search.models import SearchRequest
from search.whoosh.handle import IndexHandle
from search.whoosh.highlight import WHOLE_PARAGRAPH_CHARS, Marks, highlight_text, query_marks
from search.whoosh.parser import parse
from tests.conftest import article_text

SCHOOL = ("General Kaliman is a graduate of the notorious School of the Americas, and of the "
          "courses of the FBI. The school trained the officers of the army.")
HYPHEN = "Graduates of the School-of-the-Americas course of the army ran the coup."
LOOSE = "The school, as the Americas call it, trained the police."
HOSTILE = "The <b>School of the Americas</b> & <script>alert(1)</script> trained them."
# Ten sentences of 95 characters: 'lithium' in the fourth, 'lithium' and 'army' in the ninth.
SENTENCES = [f"Sentence {n} tells of the weather on the high plateau and of the markets in "
             f"the old {word} town." for n, word in enumerate(
                 ["wool", "wool", "wool", "lithium", "wool", "wool", "wool", "wool", "army",
                  "wool"])]
SENTENCES[8] = SENTENCES[8].replace("markets", "lithium")
LONG = " ".join(SENTENCES)
# One sentence of 1,000 characters: no sentence boundary to cut at, only spaces.
RUN_ON = " ".join(["the wool and the salt of the plateau"] * 16 + ["and lithium"]
                  + ["the wool and the salt of the plateau"] * 12) + "."


@pytest.fixture(scope="module")
def handle(tmp_path_factory: pytest.TempPathFactory) -> IndexHandle:
    root = tmp_path_factory.mktemp("highlight")
    (root / "corpus").mkdir()
    body = "\n\n".join([SCHOOL, HYPHEN, LOOSE, HOSTILE, LONG, RUN_ON])
    Path(root / "corpus" / "school.md").write_text(
        article_text("Schools", "Outlet A", ["An Author"], "2019-11-13", body), encoding="utf-8")
    assert build_index(root / "corpus", root / "index").published
    return IndexHandle(root / "index")


def highlights(handle: IndexHandle, text: str) -> dict[str, str]:
    """Return each matching paragraph's highlight, by the paragraph's text."""
    result = search(handle, SearchRequest(text=text, per_page=50))
    assert result.error is None, result.error
    return {h.text: str(h.highlight) for h in result.hits}


def marks(handle: IndexHandle, text: str) -> Marks:
    """Return what the query marks, as the engine parses it."""
    with handle.searcher() as (_, searcher):
        return query_marks(parse(text, searcher.reader()).strict)


def marked(html: str) -> list[str]:
    return re.findall(r"<mark>(.*?)</mark>", html)


def test_a_phrase_is_one_mark_and_its_stop_words_are_not_marked_alone(
        handle: IndexHandle) -> None:
    found = highlights(handle, '"School of the Americas"')
    assert found[SCHOOL] == ("General Kaliman is a graduate of the notorious <mark>School of the "
                             "Americas</mark>, and of the courses of the FBI. The school "
                             "trained the officers of the army.")
    assert marked(found[HYPHEN]) == ["School-of-the-Americas"]
    assert LOOSE not in found  # the words, but not as a phrase


def test_a_phrase_and_a_plain_word(handle: IndexHandle) -> None:
    found = highlights(handle, '"School of the Americas" army')
    assert marked(found[SCHOOL]) == ["School of the Americas", "army"]
    assert marked(found[HYPHEN]) == ["School-of-the-Americas", "army"]
    # a word both plain and in the phrase: marked alone too, and once inside the phrase
    assert marked(highlights(handle, '"School of the Americas" school')[SCHOOL]) == [
        "School of the Americas", "school"]


def test_negated_words_and_phrases_are_not_marked(handle: IndexHandle) -> None:
    assert marked(highlights(handle, '"School of the Americas" -police')[SCHOOL]) == [
        "School of the Americas"]
    assert marked(highlights(handle, 'army -"the school trained"')[HYPHEN]) == ["army"]


def test_a_phrase_with_slop_is_marked_from_its_first_word_to_its_last(
        handle: IndexHandle) -> None:
    found = highlights(handle, '"school americas"~3')
    assert marked(found[LOOSE]) == ["school, as the Americas"]
    assert marked(found[SCHOOL]) == ["School of the Americas"]
    assert marked(highlights(handle, '"school americas"~2').get(LOOSE, "")) == []


def test_corpus_markup_is_escaped_around_the_phrase_mark(handle: IndexHandle) -> None:
    assert highlights(handle, '"School of the Americas"')[HOSTILE] == (
        "The &lt;b&gt;<mark>School of the Americas</mark>&lt;/b&gt; &amp; "
        "&lt;script&gt;alert(1)&lt;/script&gt; trained them.")


def test_an_excerpt_is_cut_at_sentences_with_an_ellipsis_at_each_cut(
        handle: IndexHandle) -> None:
    assert len(LONG) > WHOLE_PARAGRAPH_CHARS
    lithium = " ".join(SENTENCES[2:5]).replace("lithium", "<mark>lithium</mark>")
    end = " ".join(SENTENCES[7:]).replace("lithium", "<mark>lithium</mark>").replace(
        "army", "<mark>army</mark>")
    # the sentence with both words first, then the earlier one with one; the last fragment
    # ends the paragraph, so no "…" after it
    assert highlights(handle, "lithium army")[LONG] == f"… {lithium} … {end}"
    only = " ".join(SENTENCES[7:10]).replace("army", "<mark>army</mark>")
    assert highlights(handle, "army")[LONG] == f"… {only}"


def test_the_second_fragment_prefers_words_the_first_did_not_show(handle: IndexHandle) -> None:
    plain = [s.replace("lithium", "wool").replace("army", "wool") for s in SENTENCES]
    plain[1] = plain[1].replace("wool", "lithium")
    plain[5] = plain[5].replace("wool", "lithium")
    plain[8] = plain[8].replace("wool", "army")
    shown = str(highlight_text(" ".join(plain), marks(handle, "lithium army")))
    assert shown == (" ".join(plain[:3]) + " … " + " ".join(plain[7:])).replace(
        "lithium", "<mark>lithium</mark>").replace("army", "<mark>army</mark>")


def test_a_full_stop_after_an_abbreviation_does_not_end_a_sentence(handle: IndexHandle) -> None:
    sentence = ("Officers of the U.S. Army and Gen. Kaliman, i.e. the High Command, "
                + "met again and again " * 10 + "in the lithium fields.")
    filler = [s.replace("lithium", "salt") for s in SENTENCES]
    text = " ".join([*filler[:5], sentence, *filler[5:]])
    assert 360 - 96 < len(sentence) <= 360  # a fragment, too long to take a neighbour along
    assert str(highlight_text(text, marks(handle, "lithium"))) == (
        f"… {sentence.replace('lithium', '<mark>lithium</mark>')} …")


def test_a_run_on_sentence_is_cut_at_spaces(handle: IndexHandle) -> None:
    shown = highlights(handle, "lithium")[RUN_ON]
    assert shown.startswith("… ") and shown.endswith(" …") and marked(shown) == ["lithium"]
    inner = shown[2:-2].replace("<mark>", "").replace("</mark>", "")
    at = RUN_ON.index(inner)
    assert RUN_ON[at - 1] == " " and RUN_ON[at + len(inner)] == " "
    assert len(inner) <= 360


def test_a_long_paragraph_without_marks_shows_its_first_sentences() -> None:
    assert str(highlight_text(LONG, Marks())) == " ".join(SENTENCES[:3]) + " …"
    run_on = str(highlight_text(RUN_ON, Marks()))
    assert run_on.endswith(" …") and RUN_ON.startswith(run_on[:-2])
    assert RUN_ON[len(run_on) - 2] == " "  # cut at a space


def test_a_paragraph_that_fits_is_shown_whole(handle: IndexHandle) -> None:
    fits = "Lithium. " + "x" * (WHOLE_PARAGRAPH_CHARS - 9)
    assert len(fits) == WHOLE_PARAGRAPH_CHARS
    shown = str(highlight_text(fits, marks(handle, "lithium")))
    assert shown == "<mark>Lithium</mark>. " + fits[9:]
    assert str(highlight_text(LONG, Marks(), whole=True)) == LONG


def test_an_article_page_shows_long_paragraphs_whole_with_the_phrase(handle: IndexHandle) -> None:
    found = resolve_article(handle, "school", '"School of the Americas" lithium')
    # no paragraph holds both: the article page, like the results page, shows those with some
    assert found.highlights and all("<mark>School" in h or "<mark>lithium" in h
                                    for h in found.highlights.values())
    found = resolve_article(handle, "school", "lithium army")
    (long,) = [v for v in found.paragraphs if v.text == LONG]
    assert "…" not in found.highlights[long.pid] and len(marked(found.highlights[long.pid])) == 3


def test_the_real_corpus_marks_the_phrase_once(client: FlaskClient) -> None:
    html = client.get('/search?q="School of the Americas"').get_data(as_text=True)
    assert set(marked(html)) == {"School of the Americas"}  # no lone "the" or "of"
    # a 708-character paragraph: the sentence with the phrase, and the next, between cuts
    assert ("… A number of senior army and police figures were trained at the notorious US "
            "<mark>School of the Americas</mark> and by the FBI. Following the coup,") in html
    api = client.get('/api/search?q="School of the Americas"').json
    assert api is not None and api["results"]
    assert all(marked(r["highlight"]) == ["School of the Americas"]
               for r in api["results"] if not r["related"])
