"""Queries are read the way people type them: hyphenated and apostrophe words are words,
punctuation never switches the some-words fallback off, a pasted passage finds its paragraph,
and the article page finds what the results page finds."""

import re
from pathlib import Path

import pytest
from flask.testing import FlaskClient

from search.engine import IndexHandle, search
from search.engine.lookup import resolve_article
from search.index.build import build_index
from search.models import SearchRequest, SearchResult
from search.query.text import MAX_QUERY_CHARS, date_filter
from search.web import create_app
from tests.conftest import WriteArticle

PASSAGE = (
    "On the night of the tenth the commander of the armed forces appeared on television and "
    "suggested that the president step down, a suggestion that nobody in the barracks or in "
    "the palace mistook for advice. Within hours the president and his vice president had "
    "left the capital for the coca-growing region of the Chapare, where his supporters "
    "gathered on the roads, and by the next morning a senator from the opposition had "
    "declared herself head of state before a chamber without a quorum, holding a large "
    "leather-bound Bible above her head while the police who had mutinied two days earlier "
    "stood guard outside and the crowds that had burned the ballot boxes in several cities "
    "celebrated in the square, certain that the long years of the indigenous government were "
    "over and that the elections promised for the following year would put things right, or "
    "so they told each other in the cafés of the city that evening"
)


@pytest.fixture
def handle(corpus_dir: Path, index_dir: Path, write_article: WriteArticle) -> IndexHandle:
    write_article("one", """
        The coup-makers met in the barracks before dawn.

        Down with the coup makers and their friends in Washington.

        The coup was made by the police; the army made the rest.

        The anti-coup protests filled El Alto for weeks.

        The OAS's audit of the election was published in December.

        An OAS audit is a political document, said the minister.

        Mr O'Brien of the Washington office praised the audit.

        The left-wing press in Bolivia was shut down in the first week.
        """, title="First", outlet="Outlet A")
    write_article("two", f"""
        The election was held in October, and the OAS did say that it was marred by fraud.

        Bolivia's coup was praised as a moment for democracy.

        {PASSAGE}.

        Nothing else happened that week in the capital, where the market stayed open.
        """, title="Second", outlet="Outlet B")
    assert build_index(corpus_dir, index_dir).published
    return IndexHandle(index_dir)


def found(handle: IndexHandle, text: str) -> SearchResult:
    result = search(handle, SearchRequest(text=text))
    assert result.error is None, result.error
    return result


def first(result: SearchResult) -> str:
    return result.hits[0].text if result.hits else ""


def test_a_hyphenated_word_is_a_word_not_an_exclusion(handle: IndexHandle) -> None:
    makers = found(handle, "coup-makers")
    assert {h.text for h in makers.hits} == {
        "The coup-makers met in the barracks before dawn.",
        "Down with the coup makers and their friends in Washington."}
    assert makers.total == 2 and all(h.all_words for h in makers.hits)
    assert first(found(handle, "anti-coup")).startswith("The anti-coup protests")
    assert first(found(handle, "left-wing press")).startswith("The left-wing press")
    assert found(handle, "coup -makers").total == 3  # a -word after a space still excludes


def test_possessives_and_apostrophe_names_are_words(handle: IndexHandle) -> None:
    audit = found(handle, "OAS's audit")
    assert {h.text for h in audit.hits if h.all_words} == {
        "The OAS's audit of the election was published in December.",
        "An OAS audit is a political document, said the minister."}
    assert first(found(handle, '"OAS audit"')).startswith("The OAS's audit")
    assert first(found(handle, "O'Brien")) == ("Mr O'Brien of the Washington office praised "
                                               "the audit.")


def test_a_question_with_punctuation_gets_the_some_words_fallback(handle: IndexHandle) -> None:
    asked = found(handle, "What did the OAS say about the election?")
    assert asked.hits, "a question must find paragraphs with some of its words"
    assert first(asked).startswith("The election was held in October, and the OAS did say")
    for text in ("coup, Washington!", "Bolivia's coup; democracy?"):
        result = found(handle, text)
        assert result.hits and not result.error


def test_a_pasted_passage_finds_its_paragraph_first(handle: IndexHandle) -> None:
    pasted = " ".join(PASSAGE.split()[:150])
    assert len(pasted.split()) == 150
    result = found(handle, pasted)
    assert first(result).startswith("On the night of the tenth")
    assert any("Very common words were left out" in n for n in result.notices)
    # a passage with a word changed still finds it first (through the some-words fallback)
    changed = pasted.replace("television", "radio")
    assert first(found(handle, changed)).startswith("On the night of the tenth")


def test_past_the_limit_the_first_part_is_searched_and_the_page_says_so(
        handle: IndexHandle) -> None:
    long = (PASSAGE + " ") * 2
    assert len(long) > MAX_QUERY_CHARS
    result = found(handle, long)
    assert first(result).startswith("On the night of the tenth")
    assert any("only the first" in n for n in result.notices)
    app = create_app({"TESTING": True, "INDEX_DIR": str(handle.index_dir)})
    page = app.test_client().get("/search", query_string={"q": long})
    assert page.status_code == 200
    assert "only the first" in page.get_data(as_text=True)


def test_the_article_page_finds_what_the_results_page_finds(tiny_app: object) -> None:
    # Choquehuanka is not in the corpus: the results page finds its spelling variant, and so
    # must the article page that its "In context" link opens.
    app = tiny_app
    client: FlaskClient = app.test_client()  # type: ignore[attr-defined]
    api = client.get("/api/search?q=Choquehuanka").get_json()
    assert api["total"] == 1
    article = client.get("/api/articles/wedge?q=Choquehuanka").get_json()
    marked = [p for p in article["paragraphs"] if p.get("highlight")]
    assert len(marked) == 1 and "<mark>Choquehuanca</mark>" in marked[0]["highlight"]


def test_the_article_page_marks_some_words_when_none_has_all(handle: IndexHandle) -> None:
    article = resolve_article(handle, "two", "What did the OAS say about the election?")
    assert list(article.highlights.values())
    assert any("<mark>OAS</mark>" in h for h in article.highlights.values())


def test_scraps_do_not_outrank_substance(corpus_dir: Path, index_dir: Path,
                                         write_article: WriteArticle) -> None:
    write_article("scraps", """
        Down with the racist coup makers!

        - arrested and harassed anti-coup journalists;

        The coup began when the police mutinied in Cochabamba and Sucre, and within two days
        the army command asked the president to resign; the coup was complete when a senator
        declared herself president before an empty chamber.
        """, title="Scraps and substance")
    assert build_index(corpus_dir, index_dir).published
    result = found(IndexHandle(index_dir), "coup")
    assert first(result).startswith("The coup began when the police mutinied")


def test_on_the_real_corpus_a_single_word_finds_substance_first(real_index: IndexHandle) -> None:
    # A word said once in a 10-word list item and once in a 117-word paragraph: the list item
    # ("arrested and harassed anti-coup journalists ...;") and the slogan ("Down with the
    # racist coup makers!") are not what someone typing it wants first.
    for typed in ("coup", "coup makers", "sedition"):
        top = found(real_index, typed).hits[0].text
        assert len(top.split()) >= 20, (typed, top)


def test_a_title_before_a_name_is_not_required(real_index: IndexHandle) -> None:
    # The corpus never writes "Mr. Camacho": the title narrows nothing a reader meant.
    result = found(real_index, "Mr. Camacho")
    assert result.total == found(real_index, "Camacho").total > 0
    assert "Left out as too common to search for: mr." in result.notices


def test_a_question_s_own_words_are_not_required_of_its_answer(handle: IndexHandle) -> None:
    # "what", "did" and "about" are a question's frame, not its subject: the paragraph on the
    # OAS and the election answers it with all its other words, and the page says what was
    # left out.
    asked = found(handle, "What did the OAS say about the election?")
    first = asked.hits[0]
    assert first.all_words and "OAS did say" in first.text
    assert "Left out as too common to search for: about, did, the, what." in asked.notices


def test_a_stop_word_typed_in_capitals_is_an_acronym(corpus_dir: Path, index_dir: Path,
                                                      write_article: WriteArticle) -> None:
    write_article("acronyms", """
        The US embassy in La Paz denied any part in the events.

        The embassy of Mexico gave asylum to the former ministers.

        The WHO report on the clinics was never published.

        The report of the commission was read out in parliament.
        """, title="Acronyms")
    assert build_index(corpus_dir, index_dir).published
    handle = IndexHandle(index_dir)
    us = found(handle, "US embassy")
    assert us.total == 1 and first(us).startswith("The US embassy")
    assert found(handle, "WHO report").total == 1
    # typed in lowercase they are the stop words "us" and "who": left out, as the page says
    lower = found(handle, "who report")
    assert lower.total == 2 and "Left out as too common to search for: who." in lower.notices


def test_a_stop_word_with_a_capital_inside_a_sentence_is_a_word(
        corpus_dir: Path, index_dir: Path, write_article: WriteArticle) -> None:
    # English's stop list holds may and will: typed with a capital inside a sentence they are
    # the month and the name. Spanish's holds estado and estados (forms of estar): the State
    # and the United States, kept however they are typed.
    write_article("estado", """
        Los gobiernos de México y Cuba calificaron lo ocurrido de golpe de Estado.

        El golpe fue celebrado por la oposición en Santa Cruz.

        El apoyo de Estados Unidos al nuevo gobierno fue inmediato.

        El apoyo de los sindicatos al gobierno se rompió en noviembre.
        """, title="Estado", language="es")
    write_article("may", """
        The elections were postponed to May by the new electoral court.

        The elections were postponed again, said the minister.
        """, title="May")
    assert build_index(corpus_dir, index_dir).published
    handle = IndexHandle(index_dir)
    coup = found(handle, "golpe de Estado")
    assert coup.total == 1 and first(coup).endswith("golpe de Estado.")
    united = found(handle, "apoyo de Estados Unidos")
    assert united.total == 1 and first(united).startswith("El apoyo de Estados Unidos")
    month = found(handle, "elections postponed to May")
    assert month.total == 1 and first(month).endswith("electoral court.")
    assert month.interpreted == "elections AND postponed AND may"
    # at the start of a query or of a sentence a capital says nothing: the stop word is left out
    for typed in ("May the elections be postponed?", "Elections postponed. May they"):
        assert found(handle, typed).total == 2, typed
    assert found(handle, "Elections Postponed To May").total == 2  # all capitalised: a title
    # estado and estados are nouns far more often than forms of estar: kept in any case
    for typed in ("golpe de estado", "Golpe De Estado"):
        assert found(handle, typed).total == 1, typed
    assert found(handle, "apoyo de estados unidos").total == 1


def test_an_acronym_with_dots_is_the_acronym(corpus_dir: Path, index_dir: Path,
                                             write_article: WriteArticle) -> None:
    write_article("dots", """
        The U.S. embassy in La Paz denied any part in the events.

        The US ambassador left the country in November.

        Turnout rose by 3.5 points, to 88.3 percent.

        Some 35 points of the agreement were never applied.
        """, title="Dots")
    assert build_index(corpus_dir, index_dir).published
    handle = IndexHandle(index_dir)
    for typed in ("US", "U.S.", "u.s."):
        result = found(handle, typed)
        assert {h.text[:10] for h in result.hits} == {"The U.S. e", "The US amb"}, typed
        assert all("<mark>U" in str(h.highlight) for h in result.hits), typed
    assert first(found(handle, "US embassy")).startswith("The U.S. embassy")
    assert [h.text[:7] for h in found(handle, "3.5").hits] == ["Turnout"]  # numbers keep dots


def test_numbers_are_found_as_written_and_as_typed(corpus_dir: Path, index_dir: Path,
                                                  write_article: WriteArticle) -> None:
    write_article("numbers", """
        On November 28, Áñez withdrew Decree No. 4,078, the license to kill.

        Decree 4078 had exempted the army from criminal responsibility.

        Some 4 protesters and 078 placards were counted on the 10th of the month.

        The march of 10 November 2019 drew 1,000,000 people, the unions said.

        Rallies on 2 November drew 1,000 people at most, and 3,5 tonnes of food were sent.
        """, title="Numbers")
    assert build_index(corpus_dir, index_dir).published
    handle = IndexHandle(index_dir)
    decree = {"On Novemb", "Decree 40"}
    for typed in ("4078", "4,078", "decree 4078", "Decree No. 4,078", "4,078 OR 1"):
        result = found(handle, typed)
        assert {h.text[:9] for h in result.hits if h.all_words} == decree, typed
    assert '<mark>4,078</mark>' in str(found(handle, "4078").hits[0].highlight)
    assert [h.text[:9] for h in found(handle, '"decree 4078"').hits] == ["Decree 40"]
    # grouped by commas in threes, and nothing else: "4 ... 078" is not 4,078, "3,5" not 35
    assert not any(h.text.startswith("Some 4") for h in found(handle, "4,078").hits)
    assert [h.text[:7] for h in found(handle, "1000000").hits if h.all_words] == ["The mar"]
    assert [h.text[:7] for h in found(handle, "1,000").hits if h.all_words] == ["Rallies"]
    assert found(handle, "35").total == 0
    # an ordinal is its number, typed or written
    for typed in ("November 10th", "10th of November", "10 November"):
        result = found(handle, typed)
        assert [h.text[:7] for h in result.hits if h.all_words] == ["The mar"], typed
        assert "<mark>10</mark> <mark>November</mark>" in str(result.hits[0].highlight), typed
    assert {h.text[:7] for h in found(handle, "10").hits if h.all_words} == {"Some 4 ", "The mar"}
    assert [h.text[:7] for h in found(handle, "2nd November").hits if h.all_words] == ["Rallies"]


def test_numbers_grouped_by_dots_outside_english_are_their_digits(
        corpus_dir: Path, index_dir: Path, write_article: WriteArticle) -> None:
    # Spanish writes thousands with dots and decimals with a comma; English the other way round
    write_article("decreto", """
        El 15 de noviembre, Áñez firmó el Decreto Supremo 4.078.

        Unas 3.500 personas marcharon hacia la ciudad, y 1.000.000 siguieron la marcha.
        """, title="Decreto", language="es")
    write_article("decree", """
        On November 28, Áñez withdrew Decree No. 4,078, the license to kill.

        Turnout rose by 3.500 points in the final count.
        """, title="Decree")
    assert build_index(corpus_dir, index_dir).published
    handle = IndexHandle(index_dir)
    decree = {"El 15 de ", "On Novemb"}
    for typed in ("4078", "4.078", "4,078", "decreto 4078"):
        result = found(handle, typed)
        assert {h.text[:9] for h in result.hits if h.all_words} >= {"El 15 de "}, typed
    hits = found(handle, "4078").hits
    assert {h.text[:9] for h in hits} == decree
    spanish = next(h for h in hits if h.text.startswith("El 15"))
    assert "<mark>4.078</mark>" in str(spanish.highlight)
    assert [h.text[:9] for h in found(handle, "3500").hits] == ["Unas 3.50"]
    assert [h.text[:9] for h in found(handle, "1000000").hits] == ["Unas 3.50"]
    # in English a dot is the decimal point: 3.500 points is not 3,500
    assert [h.text[:9] for h in found(handle, "3.500 points").hits if h.all_words] == [
        "Turnout r"]


def test_vs_between_two_names_is_not_required(real_index: IndexHandle) -> None:
    # no paragraph writes "vs": the two names compared are what is searched for
    result = found(real_index, "Morales vs. Camacho")
    assert result.total == found(real_index, "Morales Camacho").total > 0
    assert "Left out as too common to search for: vs." in result.notices


def test_lang_in_the_query_filters_and_leaves_the_words(corpus_dir: Path, index_dir: Path,
                                                        write_article: WriteArticle) -> None:
    english = "The coup in Bolivia forced Morales out of the presidency."
    spanish = "El golpe en Bolivia obligó a Morales a dejar la presidencia."
    portuguese = "O golpe na Bolívia tirou Morales da presidência."
    write_article("coup", english, outlet="Outlet A", language="en")
    write_article("golpe", spanish, outlet="Outlet B", language="es")
    write_article("golpe-pt", portuguese, outlet="Outlet C", language="pt")
    assert build_index(corpus_dir, index_dir).published
    handle = IndexHandle(index_dir)
    everywhere = found(handle, "Bolivia   Morales")
    assert {hit.text for hit in everywhere.hits} == {english, spanish, portuguese}
    spanish_only = found(handle, "Bolivia lang:ES  Morales")  # the code in any case
    assert [hit.text for hit in spanish_only.hits] == [spanish]
    assert spanish_only.interpreted == everywhere.interpreted == "bolivia AND morales"
    both = found(handle, "language:pt Morales lang:es lang:ES")
    assert {hit.text for hit in both.hits} == {spanish, portuguese}
    assert both.interpreted == "morales"


def test_a_field_name_typed_in_capitals_is_the_field(handle: IndexHandle) -> None:
    # a phone capitalises the first letter: Outlet:B is outlet:B, not the words outlet and b
    lower = found(handle, "outlet:b coup")
    assert lower.total == 1 and lower.hits[0].text.startswith("Bolivia's coup")
    for typed, same in (("Outlet:B coup", lower), ("OUTLET:B coup", lower),
                        ("coup Outlet:b", found(handle, "coup outlet:b"))):
        result = found(handle, typed)
        assert result.interpreted == same.interpreted, typed
        assert [h.pid for h in result.hits] == [h.pid for h in same.hits], typed
    titled = found(handle, "TITLE:second election")
    assert titled.total and {h.article.title for h in titled.hits if not h.related} == {"Second"}
    # with a space after the colon, pasted prose: the word "title"
    assert found(handle, "Title: The coup").interpreted == "title AND coup"


def test_an_outlet_or_author_typed_that_no_name_holds_is_said(handle: IndexHandle) -> None:
    # ?outlet=Jacobin says "No outlet is called"; outlet:Jacobin typed in the query said nothing
    jacobin = found(handle, "outlet:Jacobin coup")
    assert jacobin.total == 0
    assert jacobin.notices == ["No outlet’s name has the word “jacobin”. The outlets are "
                               "Outlet A, Outlet B."]
    authors = found(handle, "author:Smith OR author:Jones OR coup")
    assert authors.total > 0
    assert authors.notices == ["No author’s name has the words “smith”, “jones”."]
    assert found(handle, "outlet:b coup").notices == []  # a word of an outlet's name: nothing


def test_lucene_edits_and_weights_are_read_as_lucene_reads_them(
        corpus_dir: Path, index_dir: Path, write_article: WriteArticle) -> None:
    # coup~2 was read as the words coup and 2, coup^2 likewise: neither paragraph has a 2
    write_article("edits", """
        The coup was made by the police and the army.

        The coups of the last century were made by the army alone.

        The court could not count the votes, and the count was stopped.

        Bolivia held an election in October.

        The army fired on the crowd in Sacaba.
        """, title="Edits")
    assert build_index(corpus_dir, index_dir).published
    handle = IndexHandle(index_dir)
    fuzzy = found(handle, "coup~2")
    assert fuzzy.total == 3 and first(fuzzy).startswith("The coup")
    assert fuzzy.hits[2].text.startswith("The court")  # words within 2 edits rank below
    assert fuzzy.interpreted == "coup~2"  # as typed, not the words it found
    # the words it found are named apart, as written (not as stems: "court", "could")
    assert set(fuzzy.within_edits) == {"coup~2"}
    assert {"court", "could", "count", "crowd"} >= set(fuzzy.within_edits["coup~2"]) >= {
        "court", "could"}
    typo = found(handle, "bolvia~")  # one edit, the default: Bolivia, though the typo is nowhere
    assert [h.text[:7] for h in typo.hits] == ["Bolivia"]
    assert typo.within_edits == {"bolvia~1": ["bolivia"]}
    assert found(handle, "coup").within_edits == {}
    client = create_app({"TESTING": True, "INDEX_DIR": str(index_dir)}).test_client()
    page = client.get("/search", query_string={"q": "bolvia~"}).get_data(as_text=True)
    assert "“bolvia~1” also found “bolivia”." in page
    api = client.get("/api/search", query_string={"q": "bolvia~"}).get_json()
    assert api["within_edits"] == {"bolvia~1": ["bolivia"]}
    assert "<mark>Bolivia</mark>" in str(typo.hits[0].highlight)
    assert found(handle, "coup~0").total == 2  # the word itself and its forms
    capped = found(handle, "coup~5")
    assert capped.total == 3 and "coup~5: words within at most 2 edits are searched." in \
        capped.notices
    assert found(handle, "zzzz~").total == 0
    # Lucene's older minimum similarity: the edits Lucene reads it as, (1 - 0.5) x 4 letters
    older = found(handle, "coup~0.5")
    assert older.total == 3 and older.interpreted == "coup~2"
    assert older.notices == ["coup~0.5 (a minimum similarity, Lucene's older form) was searched "
                             "as coup~2: the words within 2 edits of it."]
    assert found(handle, "coup~0.8 army").total == 2  # 0.2 x 4 letters: no edit, coup itself
    assert found(handle, "coup~0.8").interpreted == "coup~0"
    assert found(handle, "army~.5").interpreted == "army~2"
    whole = found(handle, "coup~1.5")  # a similarity of 1 or more: its whole edits, as Lucene
    assert whole.interpreted == "coup~1" and whole.notices == [
        "coup~1.5 (a minimum similarity, Lucene's older form) was searched as coup~1: the "
        "words within 1 edit of it."]
    assert found(handle, "army~1.0").interpreted == "army~1"
    assert found(handle, "bolvia~ army~").interpreted == "bolvia~1 AND army~1"
    many = found(handle, "coup~ army~ police~ last~ century~ made~ fired~ held~ crowd~ bolvia~")
    assert many.notices == ["Only the first 8 words with ~ were searched within edits of them; "
                            "the others as typed."]
    assert many.total == 0  # crowd~ and bolvia~ as typed: no paragraph says "bolvia"
    # a weight raises a word's share of the score, and changes nothing of what matches
    assert [h.text[:9] for h in found(handle, "crowd OR votes").hits] == [
        "The court", "The army "]
    assert [h.text[:9] for h in found(handle, "crowd^5 OR votes").hits] == [
        "The army ", "The court"]
    assert found(handle, "coup^2 army").total == 2


def test_lucene_s_operator_symbols_mean_what_they_mean_there(handle: IndexHandle) -> None:
    # `coup || army` searched both words, `coup !army` the army: the opposite of what was asked
    either = found(handle, "coup || army")
    assert either.interpreted == "coup OR army"
    assert either.total == found(handle, "coup OR army").total == 5
    assert found(handle, "coup && army").interpreted == "coup AND army"
    without = found(handle, "coup !army")
    assert without.interpreted == "coup NOT army"
    assert without.total == 4 and not any("army" in h.text for h in without.hits)
    # inside quotes, and a sentence's last "!", they are what they were; outside, anywhere
    assert found(handle, '"coup || makers"').interpreted == '"coup makers"'
    assert found(handle, 'army || "coup makers"').interpreted == 'army OR "coup makers"'
    assert found(handle, '"coup makers" || "El Alto" || army').interpreted == \
        '"coup makers" OR "el alto" OR army'
    assert found(handle, '"El Alto" || "coup || makers"').interpreted == \
        '"el alto" OR "coup makers"'
    unmatched = found(handle, 'coup "army || police')  # the quote is dropped, not the OR
    assert unmatched.interpreted == found(handle, "coup army || police").interpreted
    slogan = found(handle, "Down with the coup makers!")
    assert slogan.total == 2 and "NOT" not in slogan.interpreted


def test_a_name_typed_as_a_field_that_is_none_is_said(handle: IndexHandle) -> None:
    # site: is web search's; here it was read as the word "site" with no word of why
    site = found(handle, "site:wsws.org coup")
    assert site.notices == ["site: is not a field here; what follows it was searched as words. "
                            "The fields are outlet:, author:, title:, section:; the filters "
                            "lang:, from:, to:, date:."]
    assert site.total == 0 and site.hits  # the some-words fallback still finds the coup
    both = found(handle, "inurl:audit Site:x coup")
    assert both.notices[0].startswith("inurl:, site: are not fields here; what follows them")
    for typed in ("coup https://example.org/a", "Bolivia: coup", "coup at 10:30", "outlet:b coup"):
        assert not any("not a field" in n for n in found(handle, typed).notices), typed


def test_dates_in_the_query_filter_as_the_page_s_from_and_to_do(
        corpus_dir: Path, index_dir: Path, write_article: WriteArticle) -> None:
    write_article("november", "The coup came on 10 November.", date="2019-11-11")
    write_article("december", "The coup was denounced in December.", date="2019-12-20")
    write_article("later", "A year after the coup, the MAS won again.", date="2020-10-19")
    assert build_index(corpus_dir, index_dir).published
    handle = IndexHandle(index_dir)
    assert found(handle, "coup").total == 3

    def dated(typed: str, date_to: str | None = None) -> list[str]:
        result = search(handle, SearchRequest(text=typed, date_to=date_to))
        assert result.interpreted in ("coup", "all paragraphs"), typed
        return [h.article.date[:7] for h in result.hits]  # one paragraph an article

    assert sorted(dated("coup from:2019-12")) == ["2019-12", "2020-10"]
    assert dated("coup to:2019-11") == ["2019-11"]
    assert dated("date:2019-12 coup") == ["2019-12"]
    assert sorted(dated("coup From:2019 TO:2019-12-31")) == ["2019-11", "2019-12"]
    assert dated("date:2020") == ["2020-10"]  # no words: every paragraph of the dates
    assert dated("coup from:2019-12", date_to="2019-12") == ["2019-12"]  # both filters
    said = found(handle, "coup date:2019-12")
    assert said.notices == ["Only articles dated 2019-12-01 to 2019-12-31."]
    wrong = found(handle, "coup to:2019-13")
    assert wrong.total == 3 and wrong.notices == [
        "“to:2019-13” is not a date (YYYY, YYYY-MM or YYYY-MM-DD), so it was left out."]
    assert found(handle, "coup date:2019-11-11").notices == ["Only articles dated 2019-11-11."]
    # Lucene's range on a date field: the same bounds, and no "2020" searched as a word
    assert sorted(dated("date:[2019-12 TO 2020] coup")) == ["2019-12", "2020-10"]
    assert dated("coup date:[* TO 2019-11]") == ["2019-11"]
    ranged = found(handle, "date:[2019-12 TO *] coup")
    assert ranged.total == 2 and ranged.notices == ["Only articles dated from 2019-12-01 on."]


@pytest.mark.parametrize(("typed", "text", "first", "last", "notices"), [
    ("coup army", "coup army", None, None, []),
    ("coup from:2019 army", "coup army", "2019-01-01", None,
     ["Only articles dated from 2019-01-01 on."]),
    ("to:2019-11 coup", "coup", None, "2019-11-30", ["Only articles dated up to 2019-11-30."]),
    ("date:2019-11-10", "", "2019-11-10", "2019-11-10", ["Only articles dated 2019-11-10."]),
    ("from:2019 coup FROM:2019-06 to:2020 Date:2019-12", "coup", "2019-12-01", "2019-12-31",
     ["Only articles dated 2019-12-01 to 2019-12-31."]),  # the narrowest bounds
    ("coup to:2019-13 from:2019-12", "coup", "2019-12-01", None,
     ["“to:2019-13” is not a date (YYYY, YYYY-MM or YYYY-MM-DD), so it was left out.",
      "Only articles dated from 2019-12-01 on."]),
])
def test_dates_are_read_out_of_the_query(typed: str, text: str, first: str | None,
                                         last: str | None, notices: list[str]) -> None:
    assert date_filter(typed) == (text, first, last, notices)


def test_lang_typed_in_capitals_is_the_filter(corpus_dir: Path, index_dir: Path,
                                              write_article: WriteArticle) -> None:
    write_article("coup", "The coup in Bolivia forced Morales out.", language="en")
    write_article("golpe", "El golpe en Bolivia obligó a Morales a salir.", language="es")
    assert build_index(corpus_dir, index_dir).published
    handle = IndexHandle(index_dir)
    for typed in ("LANG:es Morales", "Language:ES Morales", "Morales Lang:es"):
        result = found(handle, typed)
        assert [h.text for h in result.hits] == ["El golpe en Bolivia obligó a Morales a salir."]
        assert result.interpreted == "morales", typed


def test_a_required_word_reads_as_typed_words(real_index: IndexHandle) -> None:
    # "+army" is required and the other words only rank: the page says so in words, not in
    # Whoosh's own terms ("text:armi ANDMAYBE text:coup")
    result = found(real_index, "coup +army")
    assert result.interpreted == "army (coup optional)"
    assert result.total == found(real_index, "army").total
    assert found(real_index, "+coup +army").interpreted == "coup AND army"


def test_irregular_forms_are_one_word(corpus_dir: Path, index_dir: Path,
                                      write_article: WriteArticle) -> None:
    write_article("irregular", """
        Morales was overthrown in a coup on 10 November.

        Trump celebrated the overthrow of Morales.

        Áñez withdrew the decree on November 28.

        Parliament voted to hold new elections.

        The police fired tear gas at the funeral march.

        The left called a general strike; the soldiers who left the barracks were few.

        The Women's Parliament met in El Alto.

        The generals took power in La Paz.

        The generals take power in La Paz.
        """, title="Irregular")
    assert build_index(corpus_dir, index_dir).published
    handle = IndexHandle(index_dir)
    assert {h.text[:10] for h in found(handle, "overthrow Morales").hits if h.all_words} == {
        "Morales wa", "Trump cele"}
    marked = {h.text[:10]: str(h.highlight) for h in found(handle, "overthrow").hits}
    assert "was <mark>overthrown</mark> in" in marked["Morales wa"]
    assert first(found(handle, "withdraw decree")).startswith("Áñez withdrew")
    assert first(found(handle, '"withdraw the decree"')).startswith("Áñez withdrew")  # a phrase
    assert [h.text[:10] for h in found(handle, "elections held").hits if h.all_words] == [
        "Parliament"]
    assert [h.text[:9] for h in found(handle, "woman").hits if h.all_words] == ["The Women"]
    assert first(found(handle, '"women parliament"')).startswith("The Women")
    # forms that are also words of another meaning stay themselves: "tore" is no "tear",
    # "left" no "leave"
    assert found(handle, "tore").total == 0 and found(handle, "tear gas").total == 1
    assert found(handle, "leave").total == 0
    # a word of the language in no paragraph is no typo of another: children is no Chile
    write_article("chile", "Observers from Chile spoke of the pain of the families.",
                  title="Chile")
    assert build_index(corpus_dir, index_dir).published
    assert found(handle, "children").variants == {} and found(handle, "Chile").total == 1
    paid = found(handle, "paid")  # nor "paid" of "pain"
    assert (paid.total, paid.variants, paid.suggestion) == (0, {}, None)
    # a stem shorter than its word's first letters (OAS: oa) stands close too
    write_article("oas", """
        The OAS audit was read in the cities and in the villages of the whole country.

        The OAS lost the cities, but in the villages of the whole country its audit was read.
        """, title="Vote")
    assert build_index(corpus_dir, index_dir).published
    near, far = [h for h in found(handle, "OAS audit").hits if h.all_words]
    assert near.text.startswith("The OAS audit") and near.score > 1.4 * far.score
    # "took power" stands as close as "take power": the same score for the same words
    scored = {h.text[13:17]: h for h in found(handle, "take power").hits}
    took, take = scored["took"], scored["take"]
    assert took.score == pytest.approx(take.score, rel=1e-6)


def test_a_wildcard_inside_a_word_finds_the_words_that_fit_it(
        corpus_dir: Path, index_dir: Path, write_article: WriteArticle) -> None:
    # organi?ation was read as the words "organi" and "ation": it found nothing
    write_article("spellings", """
        The organisation of the strike was left to the unions.

        Every organization in El Alto joined the march.

        The women of El Alto marched to La Paz.

        A woman spoke for the miners.

        The behaviour of the police was denounced.

        Such behavior was new in Sucre.

        The elections were annulled.
        """, title="Spellings")
    assert build_index(corpus_dir, index_dir).published
    handle = IndexHandle(index_dir)

    def texts(typed: str) -> set[str]:
        return {h.text.split()[1] for h in found(handle, typed).hits if h.all_words}

    assert texts("organi?ation") == {"organisation", "organization"}
    assert texts("wom?n") == {"women", "woman"}
    assert texts("behavio*r") == {"behaviour", "behavior"}
    assert texts("elect*s") == {"elections"}
    both = found(handle, "organi?ation wom?n")  # all the words, each pattern one of them
    assert both.total == 0 and found(handle, "organi?ation OR wom?n").total == 4
    shown = found(handle, "organi?ation")
    assert shown.interpreted == "organi?ation"  # as typed, not the words' stems
    assert set(shown.wildcards["organi?ation"]) == {"organisation", "organization"}
    assert found(handle, "elect*").wildcards == {}  # every form of what it begins: not listed
    client = create_app({"TESTING": True, "INDEX_DIR": str(index_dir)}).test_client()
    page = client.get("/search", query_string={"q": "behavio*r"}).get_data(as_text=True)
    assert re.search(r"“behavio\*r” found “behavio(?:u?)r”, “behavio(?:u?)r”\.", page)
    api = client.get("/api/search", query_string={"q": "wom?n"}).get_json()
    assert sorted(api["wildcards"]["wom?n"]) == ["woman", "women"]
    assert "<mark>organisation</mark>" in str(shown.hits[0].highlight) + str(
        shown.hits[1].highlight)
    assert found(handle, "organi?ed").total == 0  # no word fits: nothing, and no error
    short = search(handle, SearchRequest(text="w?men"))
    assert short.error == ("A wildcard needs at least 3 letters before the '?', as in "
                           "organi?ation.")
    # a question mark at a word's end is punctuation, as before
    question = found(handle, "Who were the women?")
    assert question.interpreted == "women" and question.total == found(handle, "women").total
