"""Spelling variants only where they help: a word of the corpus is searched as itself, a word
in no paragraph is corrected, other spellings of one name or word find each other below the
spelling typed, quotes and exact=1 turn variants off, and the page and the API name them."""

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from flask.testing import FlaskClient
from whoosh.query import And, Or, Term

from search.engine import search
from search.models import SearchRequest, SearchResult
from search.query.spellings import distance, in_dictionary, other_spellings, places_and_peoples
from search.query.text import LONG_QUERY
from search.web import create_app
from search.whoosh.acronyms import (
    CHECKS,
    NAME_WEIGHT,
    SAMPLE,
    is_acronym,
    long_forms,
    spelling_runs,
    spelt,
    with_acronyms,
)
from search.whoosh.handle import IndexHandle
from search.whoosh.names import Name
from search.whoosh.parser import Languages, parse
from search.whoosh.spelling import analyse, find_variants, suggestion
from search.whoosh.typos import VARIANT_WEIGHT
from search.whoosh.variants import Variant, Variants
from tests.conftest import WriteArticle

PARAGRAPHS = [
    "A statue of the president was toppled in the square.",
    "The state sent the army into the streets.",
    "The state of emergency lasted for weeks.",
    "Officials said the state had lost control.",
    "The status of the interim government was disputed.",
    "Ballots were burned before they could be counted.",
    "A bullet struck the wall of the school.",
    "Every bullet was fired by soldiers.",
    "Snipers fired from the roofs of the houses.",
    "The commodity super cycle ended that year.",
    "Marchers carried the whipala through the streets.",
    "Police tore down a whipala from the town hall.",
    "The wiphala is the flag of the Andean peoples.",
    "The decree was a licence to kill protesters.",
    "The decree gave a license to kill protesters.",
    "Camacho carried a Bible into the palace.",
    "Camacho spoke to the crowd in Santa Cruz.",
    "The Bible lay on the flag in the palace.",
    "Carlos Mesa came second in the election.",
    "Mesa refused to accept the count.",
    "The dictator García Meza ruled in 1980.",
    "One report spelt the civic leader's name Pumarri.",
] + [f"Pumari led the civic committee of Potosí in week {n}." for n in range(11)]


@pytest.fixture
def handle(write_article: WriteArticle, rebuild: Callable[[], None],
           index_dir: Path) -> IndexHandle:
    """An index of one article whose paragraphs each hold one word of the pairs tested."""
    write_article("words", "\n\n".join(PARAGRAPHS))
    rebuild()
    return IndexHandle(index_dir)


def found(handle: IndexHandle, text: str, verbatim: bool = False) -> SearchResult:
    return search(handle, SearchRequest(text=text, verbatim=verbatim))


def texts(result: SearchResult) -> list[str]:
    return [h.text for h in result.hits]


@pytest.mark.parametrize(("word", "own"), [
    ("statue", ["A statue of the president was toppled in the square."]),
    ("ballots", ["Ballots were burned before they could be counted."]),
    ("snipers", ["Snipers fired from the roofs of the houses."]),
    ("Meza", ["The dictator García Meza ruled in 1980."]),
])
def test_a_word_of_the_corpus_is_searched_as_itself(handle: IndexHandle, word: str,
                                                    own: list[str]) -> None:
    # statue is not state or status, ballots not bullet, snipers not super: words of the
    # language; Meza and Mesa are two names (two people), both known words
    result = found(handle, word)
    assert texts(result) == own
    assert result.variants == {} and result.suggestion is None
    assert result.interpreted == word.lower()


def test_a_quoted_word_is_never_widened(handle: IndexHandle) -> None:
    assert len(found(handle, "whipala").hits) == 3  # unquoted, it finds wiphala too
    for text in ('"whipala"', '"whipala" police', "“whipala”"):
        result = found(handle, text)
        assert all("whipala" in t for t in texts(result)) and result.variants == {}, text
    assert found(handle, '"bibel"').total == 0  # not even corrected


@pytest.mark.parametrize(("typed", "other"), [("licence", "license"), ("license", "licence")])
def test_a_phrase_finds_its_words_in_the_other_spelling_below_the_one_typed(
        handle: IndexHandle, typed: str, other: str) -> None:
    # A phrase asks for its words side by side: "licence to kill" is the same three words as
    # "license to kill", and the paragraph spelt as typed comes first, the other one marked too.
    result = found(handle, f'"{typed} to kill"')
    hits = [h.highlight for h in result.hits]
    assert [f"<mark>{typed} to kill</mark>" in str(h) for h in hits] == [True, False]
    assert f"<mark>{other} to kill</mark>" in str(hits[1])
    assert result.variants == {typed: [other]}
    assert result.interpreted == f'"{typed} to kill"'
    assert found(handle, f'"{typed} to kill"', verbatim=True).total == 1
    assert found(handle, '"whipala through"').total == 1  # a name's other spellings: not in phrases


@pytest.mark.parametrize(("typed", "other"), [("whipala", "wiphala"), ("wiphala", "whipala"),
                                              ("licence", "license"), ("license", "licence")])
def test_other_spellings_find_each_other_below_the_spelling_typed(
        handle: IndexHandle, typed: str, other: str) -> None:
    result = found(handle, typed)
    hits = texts(result)
    assert {typed in t for t in hits} == {True, False}
    first_other = next(i for i, t in enumerate(hits) if typed not in t)
    assert all(typed in t for t in hits[:first_other])
    assert all(other in t for t in hits[first_other:])
    assert result.variants == {typed: [other]}
    assert result.interpreted == typed  # the query as typed; variants are named apart


def test_a_word_in_no_paragraph_is_corrected_and_its_correction_found(
        handle: IndexHandle) -> None:
    # bibel -> bible swaps two letters: one edit, as a typo, though two for Levenshtein
    result = found(handle, "Camacho bibel")
    assert result.suggestion == "Camacho bible"
    assert result.variants == {"bibel": ["bible"]} and result.absent == ["bibel"]
    assert result.total == 1
    assert texts(result)[0] == "Camacho carried a Bible into the palace."


def test_exact_searches_only_the_words_typed(handle: IndexHandle) -> None:
    whipala = found(handle, "whipala", verbatim=True)
    assert len(whipala.hits) == 2 and whipala.variants == {}
    typo = found(handle, "Camacho bibel", verbatim=True)
    assert typo.total == 0 and typo.variants == {}
    assert typo.suggestion == "Camacho bible"  # still offered


@pytest.fixture
def client(handle: IndexHandle, index_dir: Path) -> FlaskClient:
    return create_app({"TESTING": True, "INDEX_DIR": str(index_dir)}).test_client()


def test_the_page_names_each_variant_and_offers_to_search_only_what_was_typed(
        client: FlaskClient) -> None:
    page = client.get("/search?q=whipala").get_data(as_text=True)
    assert "“whipala” was also searched as “wiphala”" in page
    link = re.search(r'href="([^"]*)">Search only for what I typed', page)
    assert link and "exact=1" in link[1]
    exact = client.get(link[1].replace("&amp;", "&")).get_data(as_text=True)
    assert "wiphala" not in exact.split("</form>", 1)[1]
    assert "Searched only for the words as typed" in exact

    typo = client.get("/search?q=Camacho+bibel").get_data(as_text=True)
    assert "“bibel” is in no paragraph, so it was searched as “bible”" in typo
    assert re.search(r'Did you mean <a href="[^"]*q=Camacho\+bible[^"]*">Camacho bible</a>', typo)
    assert "searched as" not in client.get("/search?q=statue").get_data(as_text=True)


def test_the_api_reports_the_variants(client: FlaskClient) -> None:
    data = client.get("/api/search?q=whipala+licence").get_json()
    assert data["variants"] == {"whipala": ["wiphala"], "licence": ["license"]}
    assert client.get("/api/search?q=whipala&exact=1").get_json()["variants"] == {}
    assert client.get("/api/search?q=statue").get_json()["variants"] == {}
    assert client.get("/api/search?q=whipala&exact=yes").status_code == 400


@pytest.mark.parametrize(("word", "others"), [
    ("colour", ["color"]), ("labours", ["labors"]), ("organise", ["organize"]),
    ("organisation", ["organization"]), ("analyse", ["analyze"]), ("centre", ["center"]),
    ("theaters", ["theatres"]), ("defence", ["defense"]), ("catalogue", ["catalog"]),
    ("travelled", ["traveled"]), ("colors", ["colours"]), ("organisations", ["organizations"]),
    ("centres", ["centers"]), ("centred", ["centered"]), ("license", ["licence"]),
    ("dialogs", ["dialogues"]), ("traveling", ["travelling"]),
    ("four", ["4"]), ("hour", []), ("statue", []), ("sense", []), ("acre", []),
    ("nov", ["november"]), ("sept", ["september"]), ("march", []), ("may", []), ("mar", []),
    ("ten", ["10"]), ("10", ["ten"]), ("twenty", ["20"]), ("90", ["ninety"]),
    ("thousand", ["1000"]), ("one", []), ("1", []), ("21", []), ("0", []),
])
def test_spellings_are_paired_by_rule(word: str,
                                                           others: list[str]) -> None:
    assert other_spellings(word) == others


@pytest.mark.parametrize(("a", "b", "edits"), [
    ("coup", "coup", 0), ("coup", "cuop", 1), ("morales", "moralse", 1), ("evo", "eov", 1),
    ("", "abc", 3), ("abc", "", 3), ("kitten", "sitting", 3), ("abcd", "badc", 2),
    ("aaa", "a", 2),
    ("ca", "abc", 3),  # optimal string alignment: a swapped pair is not edited again
])
def test_edit_distance_counts_a_swap_of_neighbours_as_one_edit(a: str, b: str,
                                                               edits: int) -> None:
    assert distance(a, b) == edits


def test_a_common_word_is_in_the_dictionary_and_a_name_is_not() -> None:
    assert in_dictionary("statue") and in_dictionary("", "statue")
    assert in_dictionary("abject")  # exactly 3.0, once per million words: in
    assert not in_dictionary("wiphala") and not in_dictionary("wiphala", "")


def test_a_name_in_more_than_a_page_of_paragraphs_is_searched_as_typed(
        handle: IndexHandle) -> None:
    # its other spellings would rank below it anyway; the rare spelling still finds it
    assert found(handle, "Pumari").variants == {}
    assert found(handle, "Pumari").total == 11
    rare = found(handle, "Pumarri")
    assert rare.variants == {"pumarri": ["pumari"]} and rare.total == 12
    assert texts(rare)[0] == "One report spelt the civic leader's name Pumarri."


@pytest.mark.parametrize(("typed", "offered"), [
    ("moralez resigned", "morales resigned"),
    ("Moralez resigned", "Morales resigned"),
    ("MORALEZ resigned", "MORALES resigned"),
])
def test_the_suggestion_keeps_the_capitals_of_the_word_typed(typed: str, offered: str) -> None:
    """"Did you mean" writes the correction as the word was typed: lower case, capitalised
    or all capitals."""
    word = typed.split()[0]
    assert suggestion(typed, Variants(replacements={word: "morales"})) == offered


def test_a_correction_scores_as_the_word_itself_and_a_variant_a_quarter_at_most(
        handle: IndexHandle) -> None:
    """A word in no paragraph is searched as its correction, in full: the paragraph scores as
    if the correction had been typed. Another spelling counts at most VARIANT_WEIGHT of what
    its paragraph scores when that spelling is typed."""
    typo, right = found(handle, "bibel").hits[0], found(handle, "bible").hits[0]
    assert typo.text == right.text and typo.score == pytest.approx(right.score)
    for typed, other in [("licence", "license"), ("license", "licence"),
                         ("whipala", "wiphala"), ("wiphala", "whipala")]:
        own = {h.text: h.score for h in found(handle, other).hits}
        variant_hits = [h for h in found(handle, typed).hits if typed not in h.text]
        assert variant_hits
        for hit in variant_hits:
            assert 0 < hit.score <= VARIANT_WEIGHT * own[hit.text] + 1e-4  # scores: 4 places


def test_a_month_and_its_abbreviation_find_each_other(write_article: WriteArticle,
                                                      rebuild: Callable[[], None],
                                                      index_dir: Path) -> None:
    write_article("dates", "\n\n".join([
        "On Nov. 19, seven people were killed in Senkata.",
        "On November 10 the army asked Morales to resign.",
        "On November 19 the funeral march was attacked.",
        "Nothing happened on Nov 3."]))
    rebuild()
    handle = IndexHandle(index_dir)
    assert other_spellings("september")[:2] == ["sept", "sep"]
    typed = found(handle, "Nov. 10")  # three letters: no close words, its month only
    assert typed.variants == {"nov": ["november"]} and typed.total == 1
    assert texts(typed)[0] == "On November 10 the army asked Morales to resign."
    full = found(handle, "November 19")
    assert full.variants == {"november": ["nov"]}
    assert texts(full)[:2] == ["On November 19 the funeral march was attacked.",  # as typed
                               "On Nov. 19, seven people were killed in Senkata."]
    assert full.total == 2
    assert found(handle, "Nov. 10", verbatim=True).total == 0


def test_a_number_in_words_and_in_digits_find_each_other(write_article: WriteArticle,
                                                         rebuild: Callable[[], None],
                                                         index_dir: Path) -> None:
    write_article("numbers", "\n\n".join([
        "Ten were murdered in the Senkata massacre.",
        "At least 9 people were murdered in Sacaba.",
        "The 10 demands of the unions were read out.",
        "Nine unions signed the agreement."]))
    rebuild()
    handle = IndexHandle(index_dir)
    digits = found(handle, "10 murdered")
    assert digits.variants == {"10": ["ten"]} and digits.total == 1
    assert texts(digits)[0] == "Ten were murdered in the Senkata massacre."
    words = found(handle, "nine murdered")
    assert words.variants == {"nine": ["9"]}
    assert texts(words)[0] == "At least 9 people were murdered in Sacaba."
    assert found(handle, "10 murdered", verbatim=True).total == 0


def test_numbers_in_words_and_digits_find_each_other_in_each_language(
        write_article: WriteArticle, rebuild: Callable[[], None], index_dir: Path) -> None:
    write_article("numeros", "\n\n".join([
        "Diez personas murieron en Senkata.",
        "Murieron 9 personas en Sacaba.",
        "Los 16 sindicatos firmaron el acuerdo.",
        "Llegaron dos delegaciones."]), language="es")
    write_article("numbers", "Ten were murdered in the Senkata massacre.")
    rebuild()
    handle = IndexHandle(index_dir)
    def only(typed: str) -> list[str]:
        result = found(handle, typed)
        return [h.text for h in result.hits if h.all_words]

    assert only("10 murieron") == ["Diez personas murieron en Senkata."]
    assert found(handle, "10 murieron").variants == {"10": ["ten", "diez"]}
    assert only("10 murdered") == ["Ten were murdered in the Senkata massacre."]
    assert only("nueve murieron") == ["Murieron 9 personas en Sacaba."]
    assert found(handle, "nueve murieron").variants == {"nueve": ["9"]}
    for typed in ("dieciséis sindicatos", "dieciseis sindicatos"):  # accents typed or not
        assert only(typed) == ["Los 16 sindicatos firmaron el acuerdo."], typed
    assert found(handle, "10 murieron", verbatim=True).total == 0
    # uno, like one, is left out: a pronoun and an article as often as a number
    assert found(handle, "1 delegaciones").variants == {}


def test_an_acronym_finds_the_name_the_corpus_defines_it_as(write_article: WriteArticle,
                                                             rebuild: Callable[[], None],
                                                             index_dir: Path) -> None:
    write_article("acronyms", "\n\n".join([
        "The Organization of American States (OAS) sent observers to the count.",
        "The OAS audit found serious irregularities in the count.",
        "The Organization of American States published its audit in December.",
        "The leader of the COB (Central Obrera Boliviana) called a general strike.",
        "The Central Obrera Boliviana called off the strike a week later.",
        "The Movement Towards Socialism (MAS) won the vote.",
        "Movement Towards Socialism leaders fled to Mexico.",
        "An audit of the states of the region was never published."]))
    rebuild()
    handle = IndexHandle(index_dir)
    audit = found(handle, "OAS audit")
    assert audit.variants == {"oas": ["Organization of American States"]}
    assert [h.text for h in audit.hits if h.all_words] == [  # the acronym typed, then the name
        "The OAS audit found serious irregularities in the count.",
        "The Organization of American States published its audit in December."]
    assert "<mark>Organization of American States</mark>" in str(audit.hits[1].highlight)
    # the name typed finds the acronym, below the name
    name = found(handle, "Organization of American States audit")
    assert name.variants == {"organization of american states": ["OAS"]}
    assert [h.text for h in name.hits if h.all_words] == [
        "The Organization of American States published its audit in December.",
        "The OAS audit found serious irregularities in the count."]
    assert "<mark>OAS</mark> <mark>audit</mark>" in str(name.hits[1].highlight)
    strike = found(handle, "COB strike")  # defined as "COB (Central Obrera Boliviana)" too
    assert strike.variants == {"cob": ["Central Obrera Boliviana"]} and strike.total == 2
    assert found(handle, "Central Obrera Boliviana strike").total == 2
    # a translation spells nothing (MAS is not M. T. S.); a word typed in lowercase is a word;
    # quoted or exact, the acronym alone
    assert found(handle, "MAS").variants == {} and found(handle, "MAS").total == 1
    assert found(handle, "oas audit").variants == {}
    assert found(handle, '"OAS" audit').total == 1
    assert found(handle, "OAS audit", verbatim=True).total == 1
    # a long query (a pasted passage) is looked for by its own words
    filler = " the" * (LONG_QUERY - 2)
    assert found(handle, "OAS audit" + filler).variants == audit.variants
    assert found(handle, "OAS audit" + filler + " the").variants == {}


def test_spellings_indexed_alike_are_no_variant(write_article: WriteArticle,
                                                rebuild: Callable[[], None],
                                                index_dir: Path) -> None:
    # travelled and traveled are both indexed as "travel": the word typed finds both already,
    # so nothing is said to be searched besides it, alone or in a phrase
    write_article("travel", "\n\n".join(["The delegation travelled to La Paz.",
                                         "Observers traveled to El Alto."]))
    rebuild()
    handle = IndexHandle(index_dir)
    for typed in ("travelled", '"travelled to"', "traveled"):
        result = found(handle, typed)
        assert result.total == 2 and result.variants == {}, typed


def test_a_place_and_its_peoples_adjective_find_each_other(write_article: WriteArticle,
                                                           rebuild: Callable[[], None],
                                                           index_dir: Path) -> None:
    write_article("places", "\n\n".join([
        "Leaders of the party took refuge in the Mexican Embassy in La Paz.",
        "The embassy of Mexico gave asylum to the former ministers.",
        "Morales later flew to Mexico.",
        "The Bolivian army asked the president to resign.",
        "The army of Bolivia patrolled the streets of El Alto.",
        "Bolivians voted again a year later.",
        "The Guardian called it a coup.",
        "A guard stood at the palace door.",
        "The media reported a median of nine deaths a day.",
        "The median age of the dead was 23; the media said nothing of it.",
        "Italy and Brazil sent observers; the Italian and Brazilian reports were never read.",
        "Expelled Cuban doctors flew home to Cuba.",
        "The announcement came from the Argentinean city of Orán, near Argentina.",
        "Trump celebrated; the Truman doctrine was cited.",
        "Carlos Mesa and Carla Rivera spoke.",
        "Iran sent envoys; the IRA was not mentioned.",
        ]))
    rebuild()
    handle = IndexHandle(index_dir)
    assert places_and_peoples("bolivia")[0] == "bolivian"
    assert {"mexico"} <= set(places_and_peoples("mexican"))
    assert {"italian", "brazilian", "chilean"} <= {
        w for p in ("italy", "brazil", "chile") for w in places_and_peoples(p)}
    embassy = found(handle, "Mexico embassy")
    assert embassy.variants == {"mexico": ["mexican"]} and embassy.total == 2
    assert {t[:14] for t in texts(embassy)[:2]} == {"The embassy of", "Leaders of the"}
    army = found(handle, "Bolivian army")
    assert army.variants == {"bolivian": ["bolivia"]} and army.total == 2
    assert texts(army)[:2] == ["The Bolivian army asked the president to resign.",
                                "The army of Bolivia patrolled the streets of El Alto."]
    assert "<mark>Bolivia</mark>" in str(army.hits[1].highlight)
    plural = found(handle, "Bolivians")  # the plural's place, and the place's people
    assert plural.variants == {"bolivians": ["bolivia"]}
    assert {"italian"} <= set(found(handle, "Italy").variants.get("italy", []))
    assert found(handle, "Cuban").variants == {"cuban": ["cuba"]}
    assert found(handle, "Argentina").variants == {"argentina": ["argentinean"]}
    # not a place and its people: words the corpus writes in lowercase, and names that only
    # look like one by another rule's ending or are too short to tell (Trump, Truman; Carlos,
    # Carla; Iran, IRA)
    for typed in ("Trump", "Carlos", "Iran"):
        assert found(handle, typed).variants == {}, typed
    assert found(handle, "guard").variants == {} and found(handle, "guard").total == 1
    assert found(handle, "media").variants == {}
    assert found(handle, "Bolivian army", verbatim=True).total == 1


def test_a_word_of_the_language_in_no_paragraph_is_not_corrected_to_another(
        write_article: WriteArticle, rebuild: Callable[[], None], index_dir: Path) -> None:
    write_article("families", "\n\n".join([
        "The pain of the families was heard in El Alto.",
        "Observers from Chile arrived in La Paz.",
        "The defence of the palace failed."]))
    rebuild()
    handle = IndexHandle(index_dir)
    for typed in ("paid", "children"):  # not "pain"; not "Chile" (children's stem is child)
        result = found(handle, typed)
        assert (result.total, result.variants, result.suggestion) == (0, {}, None), typed
    defense = found(handle, "defense")  # its other spelling by rule still stands in for it
    assert defense.variants == {"defense": ["defence"]} and defense.total == 1
    assert found(handle, "pian").suggestion == "pain"  # a misspelling is corrected


def test_an_acronym_in_no_paragraph_is_not_corrected_to_a_word(
        write_article: WriteArticle, rebuild: Callable[[], None], index_dir: Path) -> None:
    write_article("tiny", "\n\n".join([
        "A tiny minority of the deputies voted for the law.",
        "The gas company YPFB was nationalised in 2006."]))
    rebuild()
    handle = IndexHandle(index_dir)
    # TIPNIS (a park's acronym) stems as "tipni", a letter from tiny's "tini"; YPFV is a
    # letter from YPFB: an acronym typed is looked for as typed (a code a letter from many
    # others: its typos are no surer than TIPNIS's), alone or among other words
    for typed in ("TIPNIS", "TIPNIS law", "YPFV", "YPFV gas"):
        result = found(handle, typed)
        assert (result.total, result.variants, result.suggestion) == (0, {}, None), typed
    # typed with caps lock on, every word in capitals: a typo is still a typo
    caps = found(handle, "TINY MINORTY")
    assert caps.suggestion == "TINY MINORITY" and caps.total == 1
    # nor is it in lowercase: a word whose stem is a letter from a short stem (tipni, tini)
    # is no inflection of it (stems under five letters are close to too many others)
    for typed in ("tipnis", "Tipnis"):
        assert found(handle, typed).suggestion is None, typed


@pytest.mark.parametrize(("text", "acronym", "name"), [
    ("the role of the Organization of American States", "OAS",
     "Organization of American States"),
    ("The Central Obrera Boliviana", "COB", "Central Obrera Boliviana"),
    ("leaders of Movimiento al Socialismo", "MAS", "Movimiento al Socialismo"),
    ("the Inter-American Commission on Human Rights", "IACHR",
     "Inter-American Commission on Human Rights"),
    ("Movement Towards Socialism", "MAS", None),  # a translation spells nothing
    ("it was said by the Bolivian army", "BA", None),  # "army" is no name's word
    ("Organization of States", "OAS", None),  # a letter left over
    ("the Organization of American States today", "OAS", None),  # a word too many
    ("of American States", "OAS", None),  # a name starts with a word of its own
    ("United Nations", "UN", "United Nations"),
    ("the United Nations", "UN", "United Nations"),
    ("", "UN", None),
])
def test_a_name_is_read_by_its_words_first_letters(text: str, acronym: str,
                                                   name: str | None) -> None:
    assert spelt(text, acronym) == name


def test_runs_of_typed_words_are_tried_as_names() -> None:
    assert spelling_runs("the Organization of American States audit".split()) == [
        (1, 4, "OA"), (1, 4, "OOA"), (1, 5, "OAS"), (1, 5, "OOAS"), (3, 5, "AS")]
    assert spelling_runs("Movimiento al Socialismo won".split()) == [(0, 3, "MS"), (0, 3, "MAS")]
    assert spelling_runs("evo Morales resigned".split()) == []  # one capitalised word
    assert spelling_runs("OAS US audit".split()) == []  # acronyms are no name's words
    assert spelling_runs("The United Nations".split()) == [(1, 3, "UN")]  # nor "The"
    assert spelling_runs(["Word"] * 9) == [  # two to eight letters
        (start, end, "W" * (end - start)) for start in range(8) for end in range(start + 2, 10)
        if end - start <= 8]
    assert is_acronym("OAS") and is_acronym("IACHR") and not is_acronym("Oas")
    assert is_acronym("UN") and is_acronym("ABCDEFGH")
    assert not is_acronym("A") and not is_acronym("ABCDEFGHI") and not is_acronym("G8")


def test_a_name_s_words_also_match_its_acronym_wherever_the_query_holds_them() -> None:
    name = frozenset({"organ", "american", "state"})
    variants = Variants(acronyms={name: ("oa", 0.75)})
    words = [Term("text", w) for w in ("organ", "american", "state")]
    audit = Term("text", "audit")
    acronym = Variant("text", "oa", boost=0.75)
    # all words: the name's words become (all of them OR the acronym), in the name's place
    assert with_acronyms(And([audit, *words], boost=2.0), variants) == And(
        [audit, Or([And(words), acronym])], boost=2.0)
    assert with_acronyms(And(words), variants) == Or([And(words), acronym])  # the name alone
    # some words: the acronym is one more
    assert with_acronyms(Or([*words, audit], boost=2.0), variants) == Or(
        [*words, audit, acronym], boost=2.0)
    # a word with its variants, and a name read as one (whoosh/names.py), are the name's words
    state = Or([Term("text", "state"), Variant("text", "status", boost=0.25)])
    widened = And([Term("text", "organ"), Term("text", "american"), state])
    assert with_acronyms(widened, variants) == Or([widened, acronym])
    named = Name([And(words[1:]), words[2]])
    assert with_acronyms(And([words[0], named]), variants) == Or(
        [And([words[0], named]), acronym])
    whole = Name([And(words), words[2]])  # the name typed alone, or beside other words
    assert with_acronyms(whole, variants) == Or([whole, acronym])
    assert with_acronyms(And([whole, audit]), variants) == And([Or([whole, acronym]), audit])
    assert with_acronyms(Or(words), variants) == Or([*words, acronym])
    longer = Name([And([*words, audit]), audit])  # a name of other words is left whole
    assert with_acronyms(longer, variants) == longer
    # a unit is a word with its variants, not two words either of which may match
    either = And([Or([words[0], words[1]]), words[2]])
    two = Variants(acronyms={frozenset({"organ", "state"}): ("oa", 0.75)})
    assert with_acronyms(either, two) == either
    # inside another query (the readings in each language), and not where a word is missing
    assert with_acronyms(Languages([And(words), audit]), variants) == Languages(
        [Or([And(words), acronym]), audit])
    assert with_acronyms(And(words[:2] + [audit]), variants) == And(words[:2] + [audit])
    assert with_acronyms(Or(words[:2]), variants) == Or(words[:2])
    assert with_acronyms(And([*words, Term("title", "state")]), variants) == And(
        [Or([And(words), acronym]), Term("title", "state")])


def test_definitions_are_read_from_the_first_paragraphs_and_the_most_common_kept(
        write_article: WriteArticle, rebuild: Callable[[], None], index_dir: Path) -> None:
    write_article("definitions", "\n\n".join(
        ["The XYZ met again, a Common Word."] * SAMPLE
        + ["The Xeno Yard Zone (XYZ) was founded.", "The Common Word (CW) is rare."]
        + ["The QRS met again."] * (SAMPLE - 1) + ["The Quiet River Society (QRS) met."]
        + ["Alpha Beta Charlie (ABC) said so."] * 2 + ["Apple Banana Cherry (ABC) too."] * 3
        + ["Arch Bridge Castle (ABC) once.", "DEF (Delta Echo Foxtrot) and FGH (Fox Gate)."]
        + [f"The {acronym} ({name}) met, and a {acronym} spoke." for acronym, name in [
            ("AAA", "Ant Apple Axe"), ("BBB", "Bee Bird Bat"), ("CCC", "Cat Cow Crab"),
            ("DDD", "Dog Duck Deer"), ("EEE", "Eel Elk Emu")]]
        + ["Mighty Oak Nation (MON) and the Mighty Oak Nation spoke to the UN."]
        + ["The United Nations (UN) met in Geneva."] * 2))
    rebuild()
    handle = IndexHandle(index_dir)
    with handle.searcher() as (_, searcher):
        reader = searcher.reader()
        def defined(acronym: str) -> list[str]:
            return long_forms(reader, acronym, analyse(acronym))

        assert defined("XYZ") == []  # its definition is past the sample
        assert defined("QRS") == ["Quiet River Society"]
        assert defined("ABC") == ["Apple Banana Cherry", "Alpha Beta Charlie"]
        assert defined("DEF") == ["Delta Echo Foxtrot"]  # ACR (Name)
        assert defined("FGH") == []  # two words do not spell three letters
        assert defined("ZZZ") == []  # in no paragraph

        def variants(text: str) -> Variants:
            parsed = parse(text, reader)
            assert parsed.strict is not None
            return find_variants(searcher, parsed.words, parsed.strict, text)

        # the first CHECKS acronyms that the corpus has are looked up; ZZZ it has not
        found = variants("ZZZ AAA BBB CCC DDD EEE")
        assert list(found.spelled) == ["aaa", "bbb", "ccc", "ddd"]
        # a name counts NAME_WEIGHT of the acronym (its words' idf for the acronym's)
        tokens = tuple(analyse(w) for w in ("Ant", "Apple", "Axe"))
        share = float(searcher.idf("text", "aaa")) / sum(
            float(searcher.idf("text", t)) for t in tokens)
        assert found.names["aaa"] == {tokens: pytest.approx(NAME_WEIGHT * min(1.0, share))}
        common = tuple(analyse(w) for w in ("Common", "Word"))  # in nearly every paragraph
        assert variants("CW").names[analyse("CW")] == {common: NAME_WEIGHT}  # at most
        # and the reverse: the acronym counts NAME_WEIGHT of the name's words
        name = variants("Mighty Oak Nation")
        words = frozenset(analyse(w) for w in ("Mighty", "Oak", "Nation"))
        weight = NAME_WEIGHT * sum(float(searcher.idf("text", w)) for w in words) / float(
            searcher.idf("text", analyse("MON")))
        assert name.acronyms.keys() == {words}
        assert name.acronyms[words][0] == analyse("MON")
        assert name.acronyms[words][1] == pytest.approx(weight)
        assert name.spelled == {"mighty oak nation": ["MON"]}
        united = frozenset(analyse(w) for w in ("United", "Nations"))
        two = variants("United Nations").acronyms  # two words are enough
        assert two.keys() == {united} and two[united][0] == "un"
        assert two[united][1] == pytest.approx(NAME_WEIGHT * sum(
            float(searcher.idf("text", w)) for w in united) / float(searcher.idf("text", "un")))
        assert variants('"United" Nations').acronyms == {}  # one word searched: no name
        # in a run of names, each name; CHECKS acronyms at most are looked up
        many = variants("Ant Apple Axe Bee Bird Bat Cat Cow Crab Dog Duck Deer Eel Elk Emu")
        assert many.spelled["ant apple axe"] == ["AAA"] and len(many.acronyms) <= CHECKS
