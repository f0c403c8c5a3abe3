"""Which spellings a query is widened to, and how they score: a correction is the closest and
most frequent word, a word of the language is never widened to a misspelling nor two known
names to each other, words only quoted or searched in another field are left alone, and
a variant phrase counts a quarter of the phrase typed (in full for a word in no paragraph)."""

from collections.abc import Callable
from pathlib import Path

import pytest

from search.engine import search
from search.engine.suggest import complete
from search.models import SearchRequest, SearchResult
from search.whoosh.handle import IndexHandle
from search.whoosh.spelling import FEW, TYPOS
from search.whoosh.typos import VARIANT_WEIGHT
from tests.conftest import WriteArticle
from tests.test_spelling import PARAGRAPHS

PAIRS = [
    "Police guarded the gates of the palace.",
    "A polise car was burned, one caption read.",
    "The carefulness of the count was praised.",
    "A carefulnes that the report misspelt.",
    "The clamour of the crowd grew.",
    "Murillo was named minister of government.",
    "Morillo signed the decree.",
    "One caption named the civic leader Camacko.",
    "The defence of the palace failed.",
    "A march crossed the city.",
] + [f"Every match of week {n} was postponed." for n in range(3)] \
  + [f"Choquehuanca spoke in week {n}." for n in range(FEW)] \
  + ["One report spelt the name Choquehuanka."]


def found(handle: IndexHandle, text: str) -> SearchResult:
    result = search(handle, SearchRequest(text=text))
    assert result.error is None, result.error
    return result


@pytest.fixture
def words(write_article: WriteArticle, rebuild: Callable[[], None],
          index_dir: Path) -> IndexHandle:
    """The paragraphs of test_spelling's pairs of words."""
    write_article("words", "\n\n".join(PARAGRAPHS))
    rebuild()
    return IndexHandle(index_dir)


@pytest.fixture
def pairs(write_article: WriteArticle, rebuild: Callable[[], None],
          index_dir: Path) -> IndexHandle:
    """Words of the language beside misspellings of them, two names, one name in exactly FEW
    paragraphs, a word in one spelling only."""
    write_article("pairs", "\n\n".join([*PAIRS, "Camacho carried a Bible.",
                                        "The clamor for new elections grew."]))
    rebuild()
    return IndexHandle(index_dir)


@pytest.fixture
def spanish(write_article: WriteArticle, rebuild: Callable[[], None],
            index_dir: Path) -> IndexHandle:
    """An English article and a Spanish one whose words are close to each other."""
    write_article("coup", "The coup forced Morales out.", language="en")
    write_article("marcha", "\n\n".join(
        [f"La marcha {n} llegó a la plaza." for n in range(3)]
        + ["Una mancha de sangre en la pared.", "Los vecinos llevaban la whipala.",
           "La wiphala es la bandera de los pueblos andinos."]), language="es")
    rebuild()
    return IndexHandle(index_dir)


def test_a_typo_is_corrected_to_the_most_frequent_of_the_closest_words(
        pairs: IndexHandle) -> None:
    # maxch is one letter from match (3 paragraphs) and march (1): both searched, match offered
    result = found(pairs, "maxch")
    assert result.variants == {"maxch": ["match", "march"]}
    assert result.suggestion == "match" and result.total == 4


@pytest.mark.parametrize(("typed", "offered"), [
    ("arny", "army"),  # four letters: long enough to correct
    ("the bibel", "the bible"),  # after a word too short to correct
    ("bulets", "bullet"),  # six letters: two edits
    ("bullxs", "bullet"),  # two edits from the word, and from its stem (bullx, bullet)
    ("cmcho", None),  # five letters: one edit at most (Camacho is two)
    ("prsdnt", None),  # two edits at most (president is three)
])
def test_how_far_a_correction_may_be_depends_on_the_length_of_the_word(
        words: IndexHandle, typed: str, offered: str | None) -> None:
    assert found(words, typed).suggestion == offered


@pytest.mark.parametrize("word", ["police", "carefulness", "polise", "carefulnes", "Murillo"])
def test_a_word_of_the_language_and_a_known_name_are_not_respelt(pairs: IndexHandle,
                                                                 word: str) -> None:
    # police (its stem polic is no word) and carefulness (a rare word, of the stem care) are
    # words of the language: not widened to the misspellings polise and carefulnes, nor those
    # to them; Murillo and Morillo, both known to wordfreq, are two people
    result = found(pairs, word)
    assert result.variants == {} and result.total == 1


@pytest.mark.parametrize(("typed", "other"), [
    ("Camacho", "camacko"),  # a known name and an unknown spelling of it
    ("clamour", "clamor"),  # British and American, though both rare and known to wordfreq
    ("Choquehuanca", "choquehuanka"),  # a name in exactly FEW paragraphs
])
def test_a_rare_name_or_word_finds_its_other_spellings(pairs: IndexHandle, typed: str,
                                                       other: str) -> None:
    assert found(pairs, typed).variants == {typed.lower(): [other]}


def test_words_quoted_or_searched_in_another_field_are_not_widened(words: IndexHandle) -> None:
    for text in ('"bibel"', '"licence"', "title:whipala", 'title:"licence to kill"'):
        result = found(words, text)
        assert result.variants == {} and result.suggestion is None, text
    # a word both quoted and typed bare is widened where it is bare
    for text in ('"whipala through" whipala', '"whipala"whipala'):
        assert found(words, text).variants == {"whipala": ["wiphala"]}, text


def test_a_phrase_among_other_words_finds_its_other_spelling(words: IndexHandle) -> None:
    result = found(words, 'decree "licence to kill"')
    assert result.variants == {"licence": ["license"]} and result.total == 2
    assert found(words, '"license kill"~2').total == 2  # the other spelling within the slop
    # a phrase with no other spelling is read as typed beside a word that has one
    assert found(words, 'whipala "the flag"').interpreted == 'whipala AND "the flag"'


def test_a_last_word_without_letters_completes_nothing(words: IndexHandle) -> None:
    assert complete(words, "Camacho --") == [] and complete(words, "") == []


def test_a_variant_phrase_scores_a_quarter_of_the_phrase_typed_at_most(
        words: IndexHandle) -> None:
    for typed, other in [("licence", "license"), ("license", "licence")]:
        own = found(words, f'"{other} to kill"').hits[0]
        variant = found(words, f'"{typed} to kill"').hits[1]
        assert variant.text == own.text
        assert 0 < variant.score <= VARIANT_WEIGHT * own.score * (1 + 1e-9)


def test_a_phrase_with_a_word_in_no_paragraph_is_searched_in_the_other_spelling_in_full(
        pairs: IndexHandle) -> None:
    # the closeness of its words (defence ... palace) counts as the correct spelling's would
    for phrase in ('"the defense"', '"defense of the palace"', "defense palace"):
        typed, right = found(pairs, phrase), found(pairs, phrase.replace("defense", "defence"))
        assert typed.variants == {"defense": ["defence"]} and right.variants == {}
        assert typed.hits[0].text == right.hits[0].text == "The defence of the palace failed."
        assert typed.hits[0].score == pytest.approx(right.hits[0].score, rel=1e-3), phrase
    assert found(pairs, '"defence of the palace"').variants == {}  # defense is in no paragraph


def test_a_rarer_variant_scores_as_the_word_typed_would_in_its_place(
        words: IndexHandle) -> None:
    # whipala (2 paragraphs) is commoner than wiphala (1): the wiphala paragraph counts a
    # quarter of its score scaled down by the ratio of their idf
    with words.searcher() as (_, searcher):
        ratio = searcher.idf("text", "whipala") / searcher.idf("text", "wiphala")
    assert ratio < 0.95
    own = found(words, "wiphala").hits[0]
    variant = next(h for h in found(words, "whipala").hits if h.text == own.text)
    assert variant.score == pytest.approx(VARIANT_WEIGHT * ratio * own.score, rel=1e-3)


def test_words_of_another_language_are_corrected_in_it_and_not_respelt(
        spanish: IndexHandle) -> None:
    # maxcha is one letter from marcha (3 Spanish paragraphs) and mancha (1)
    assert found(spanish, "maxcha").suggestion == "marcha"
    assert found(spanish, '"maxcha"').suggestion is None  # quoted: not corrected
    # whipala is a word of a Spanish article: the English word lists say nothing of it
    assert found(spanish, "whipala").variants == {}


@pytest.fixture
def inflected(write_article: WriteArticle, rebuild: Callable[[], None],
              index_dir: Path) -> IndexHandle:
    """A Spanish article with words in one inflection only, some of them accented."""
    write_article("elecciones", "\n\n".join([
        "Las elecciones de octubre fueron anuladas.",
        "Nadie sabía cuándo serían las nuevas elecciones.",
        "La Constitución no preveía una sucesión así.",
        "Los militares pidieron la renuncia del presidente."]), language="es")
    rebuild()
    return IndexHandle(index_dir)


def test_a_typo_of_an_inflection_the_corpus_lacks_finds_the_word(
        inflected: IndexHandle) -> None:
    # "elecion" is two edits from no word of the corpus ("elecciones" is three), but one from
    # the stem the corpus indexes elecciones under (eleccion)
    result = found(inflected, "elecion")
    assert result.total == 2 and result.suggestion == "elecciones"
    assert found(inflected, "eleciones").suggestion == "elecciones"  # as before


def test_a_correction_is_offered_with_its_accents(inflected: IndexHandle) -> None:
    result = found(inflected, "constitucin")
    assert result.total == 1 and result.suggestion == "constitución"
    assert found(inflected, "Constitucin").suggestion == "Constitución"


def test_only_the_first_words_in_no_paragraph_are_corrected(pairs: IndexHandle) -> None:
    # each correction walks the vocabulary: a passage of made-up words must not take seconds
    made_up = [f"zq{a}{b}x" for a in "vwy" for b in "kjh"]
    last = " ".join([*made_up[:TYPOS - 1], "maxch"])
    assert found(pairs, last).variants == {"maxch": ["match", "march"]}
    late = found(pairs, " ".join([*made_up[:TYPOS], "maxch"]))
    assert late.suggestion is None and late.variants == {}


@pytest.fixture
def names(write_article: WriteArticle, rebuild: Callable[[], None],
          index_dir: Path) -> IndexHandle:
    """A surname in many paragraphs beside a word of the language indexed under its stem."""
    write_article("names", "\n\n".join(
        [f"Morales spoke in week {n}." for n in range(4)]
        + ["The morale of the troops was low.", "The golden statue of the general stood.",
           "Gold and silver were mined here."]))
    rebuild()
    return IndexHandle(index_dir)


def test_of_two_words_indexed_alike_the_one_written_most_is_the_correction(
        names: IndexHandle) -> None:
    # Moralez is one edit from Morales (4 paragraphs) and morale (1): both indexed as "moral"
    result = found(names, "Moralez")
    assert result.suggestion == "Morales" and result.variants == {"moralez": ["morales"]}


def test_a_correction_that_finds_nothing_is_not_offered(names: IndexHandle) -> None:
    # gold is a typo fix for neither word: golpe is five letters (one edit) and its English
    # stem, golp, too short to look for close stems; trops is one edit from troops, but no
    # paragraph holds "golpe troops"
    nothing = found(names, "golpe")
    assert nothing.variants == {} and nothing.suggestion is None and not nothing.hits
    result = found(names, "golpe trops")
    assert result.variants == {"trops": ["troops"]}
    assert result.total == 0 and result.suggestion is None
    assert found(names, "trops morale").suggestion == "troops morale"


@pytest.fixture
def written_less(write_article: WriteArticle, rebuild: Callable[[], None],
                 index_dir: Path) -> IndexHandle:
    """Two Spanish words one letter apart, the one of the more frequent stem written less."""
    write_article("marcha", "\n\n".join(
        [f"Los mineros quieren marchar el día {n}." for n in range(3)]
        + ["Las marchas llegaron a la plaza."]
        + [f"Las manchas de la pared {n} seguían allí." for n in range(2)]), language="es")
    rebuild()
    return IndexHandle(index_dir)


def test_a_correction_is_of_the_most_frequent_stem_in_its_own_language(
        written_less: IndexHandle) -> None:
    # maxchas is one letter from marchas (written once; its stem, march, in 4 paragraphs with
    # marchar) and manchas (written twice; manch, 2): the stem counts first, in Spanish
    result = found(written_less, "maxchas")
    assert result.variants == {"maxchas": ["marchas", "manchas"]}
    assert result.suggestion == "marchas"
