"""Articles in several languages: each analysed in its own, all searched together."""

from pathlib import Path

import pytest
from click.testing import CliRunner
from flask.testing import FlaskClient

from search.cli import main
from search.engine import search
from search.index.build import build_index
from search.models import SearchRequest, SearchResult
from search.web import create_app
from search.whoosh.handle import IndexHandle
from tests.conftest import WriteArticle

ENGLISH = "The coup in Bolivia forced Morales out; soldiers fired on protesters in Senkata."
SPANISH = ("La OEA denunció una elección fraudulenta en Bolivia y Evo Morales renunció a la "
           "presidencia.")
SPANISH_2 = "En Senkata, los militares dispararon contra los vecinos de la planta de gas."
PORTUGUESE = "O golpe na Bolívia derrubou Evo Morales depois das eleições de outubro."
FRENCH = "Les élections boliviennes ont été annulées après le départ de Morales."
BASQUE = "Boliviako hauteskundeak iruzurtiak izan ziren."


@pytest.fixture
def handle(corpus_dir: Path, index_dir: Path, write_article: WriteArticle) -> IndexHandle:
    write_article("coup", ENGLISH, outlet="Red Flag", language="en")
    write_article("fraude", f"{SPANISH}\n\n## La masacre\n\n{SPANISH_2}",
                  title="Fraude electoral", outlet="Página Siete", language="es")
    write_article("golpe", PORTUGUESE, outlet="Brasil de Fato", language="pt")
    write_article("elections", FRENCH, outlet="Le Monde", language="fr")
    write_article("hauteskundeak", BASQUE, outlet="Berria", language="eu")
    assert build_index(corpus_dir, index_dir).published
    return IndexHandle(index_dir)


def find(handle: IndexHandle, text: str, **more: object) -> SearchResult:
    result = search(handle, SearchRequest(text=text, **more))  # type: ignore[arg-type]
    assert result.error is None, result.error
    return result


def lexicon(handle: IndexHandle) -> set[str]:
    with handle.searcher() as (_, searcher):
        return {word.decode() for word in searcher.reader().lexicon("text")}


def texts(result: SearchResult) -> list[str]:
    return [hit.text for hit in result.hits]


def test_spanish_inflections_meet(handle: IndexHandle) -> None:
    result = find(handle, "elecciones fraudulentas")
    assert texts(result) == [SPANISH]
    assert "<mark>elección</mark> <mark>fraudulenta</mark>" in result.hits[0].highlight
    assert result.interpreted == "elecciones AND fraudulentas"
    assert result.suggestion is None and not result.absent  # found in Spanish: no typo


def test_portuguese_and_french_inflections_meet(handle: IndexHandle) -> None:
    assert texts(find(handle, "golpes derrubaram")) == [PORTUGUESE]
    assert texts(find(handle, "eleicoes")) == [PORTUGUESE]
    assert texts(find(handle, "élection annulation")) == [FRENCH]


def test_english_words_keep_finding_english(handle: IndexHandle) -> None:
    assert texts(find(handle, "coup")) == [ENGLISH]
    assert texts(find(handle, "protester")) == [ENGLISH]


def test_a_word_of_two_languages_finds_both(handle: IndexHandle) -> None:
    assert set(texts(find(handle, "Morales"))) == {ENGLISH, SPANISH, PORTUGUESE, FRENCH}
    assert set(texts(find(handle, "Senkata"))) == {ENGLISH, SPANISH_2}


def test_accents_are_folded(handle: IndexHandle) -> None:
    assert texts(find(handle, "eleccion")) == [SPANISH]
    result = find(handle, "bolivia golpe")  # Bolívia
    assert result.total == 1 and texts(result)[0] == PORTUGUESE


def test_spanish_stop_words_are_left_out_of_queries_and_kept_in_phrases(
        handle: IndexHandle) -> None:
    words = lexicon(handle)
    assert {"es:eleccion", "es:fraudulent", "es:de", "es:la"} <= words  # all indexed

    # a plain query leaves its language's stop words out when other words remain: the Spanish
    # paragraph has all the other words, and only they are marked
    result = find(handle, "la elección de Bolivia")
    assert result.total == 1 and texts(result)[0] == SPANISH
    assert result.hits[0].highlight.count("<mark>") == 2
    # a phrase holds them: "planta de gas", not "planta gas"
    assert texts(find(handle, '"planta de gas"')) == [SPANISH_2]
    assert find(handle, '"planta gas"').total == 0


def test_phrases_in_spanish(handle: IndexHandle) -> None:
    result = find(handle, '"elección fraudulenta"')
    assert texts(result) == [SPANISH]
    assert "<mark>elección fraudulenta</mark>" in result.hits[0].highlight
    assert find(handle, '"fraudulenta elección"').total == 0


def test_proximity_in_spanish(handle: IndexHandle) -> None:
    # "los militares dispararon contra los vecinos": four words apart, every word counted
    result = find(handle, '"militares vecinos"~4')
    assert texts(result) == [SPANISH_2]
    assert "<mark>militares dispararon contra los vecinos</mark>" in result.hits[0].highlight
    assert find(handle, '"militares vecinos"~2').total == 0


def test_prefixes_and_syntax_in_other_languages(handle: IndexHandle) -> None:
    result = find(handle, "elecc*")
    assert texts(result) == [SPANISH]
    assert "es:" not in result.interpreted
    assert texts(find(handle, "Morales AND golpe")) == [PORTUGUESE]
    assert texts(find(handle, "title:fraudes")) == [SPANISH, SPANISH_2]


def test_unknown_language_is_folded_not_stemmed(handle: IndexHandle) -> None:
    assert texts(find(handle, "hauteskundeak")) == [BASQUE]
    assert texts(find(handle, "HAUTESKUNDEAK")) == [BASQUE]
    result = find(handle, "hauteskunde")  # no stemmer: another form is another word
    assert result.absent == ["hauteskunde"]
    assert result.suggestion == "hauteskundeak"


def test_did_you_mean_offers_the_corpus_words_of_other_languages(handle: IndexHandle) -> None:
    result = find(handle, "fraudulnta")
    assert result.suggestion == "fraudulenta"
    assert texts(result) == [SPANISH]  # the variant is searched in Spanish


def test_english_only_corpus_is_read_as_before(corpus_dir: Path, index_dir: Path,
                                               write_article: WriteArticle) -> None:
    write_article("coup", ENGLISH, language="en")
    write_article("other", "The elections were fraudulent, said the OAS.")
    assert build_index(corpus_dir, index_dir).published
    handle = IndexHandle(index_dir)
    words = lexicon(handle)
    assert "elect" in words and not any(":" in w for w in words)  # English: untagged stems
    result = find(handle, "fraudulent elections")
    assert result.interpreted == "fraudulent AND elections"
    assert result.total == 1


def test_language_filter_and_facet(handle: IndexHandle) -> None:
    everywhere = find(handle, "Morales")
    assert dict(everywhere.language_facets) == {"en": 1, "es": 1, "pt": 1, "fr": 1}
    spanish = find(handle, "Morales", languages=("es",))
    assert texts(spanish) == [SPANISH]
    assert spanish.outlet_facets == [("Página Siete", 1)]
    # the language facet ignores the language filter, as the outlet facet its own
    assert dict(spanish.language_facets) == dict(everywhere.language_facets)
    assert set(texts(find(handle, "Morales", languages=("es", "pt")))) == {SPANISH, PORTUGUESE}


def test_lang_in_the_query_is_a_filter(handle: IndexHandle) -> None:
    assert texts(find(handle, "Morales lang:es")) == [SPANISH]
    assert texts(find(handle, "lang:pt Morales OR coup")) == [PORTUGUESE]
    assert set(texts(find(handle, "lang:es"))) == {SPANISH, SPANISH_2}


@pytest.fixture
def client(handle: IndexHandle) -> FlaskClient:
    app = create_app({"TESTING": True, "INDEX_DIR": str(handle.index_dir)})
    return app.test_client()


def test_api_filters_and_counts_languages(client: FlaskClient) -> None:
    body = client.get("/api/search?q=Morales&language=es").get_json()
    assert [r["text"] for r in body["results"]] == [SPANISH]
    assert body["results"][0]["language"] == "es"
    assert {f["value"]: f["count"] for f in body["facets"]["languages"]} == \
        {"en": 1, "es": 1, "pt": 1, "fr": 1}
    both = client.get("/api/search?q=Morales&language=es&language=PT").get_json()
    assert {r["text"] for r in both["results"]} == {SPANISH, PORTUGUESE}
    refused = client.get("/api/search?q=Morales&language=spanish")
    assert refused.status_code == 400 and "language" in refused.get_json()["error"]["message"]


def test_exports_and_comparison_keep_the_language(client: FlaskClient) -> None:
    rows = client.get("/search.csv?q=Morales&language=pt").get_data(as_text=True).splitlines()
    assert rows[0].split(",")[6] == "language" and len(rows) == 2 and ",pt," in rows[1]
    compared = client.get("/api/compare?q=Morales&language=es").get_json()
    assert [(c["outlet"], c["count"]) for c in compared["outlets"]] == [("Página Siete", 1)]


def test_results_page_offers_the_languages_and_marks_each_excerpt(client: FlaskClient) -> None:
    page = client.get("/search?q=Morales").get_data(as_text=True)
    assert "Languages" in page and "Spanish (es)" in page and "language=es" in page
    assert '<p class="hit__text" lang="es">' in page
    assert '<p class="hit__text" lang="pt">' in page
    assert '<p class="hit__text">The coup' in page  # the page's own language: no attribute
    english = client.get("/search?q=coup").get_data(as_text=True)
    assert "language-heading" not in english  # English matches only: no language to choose
    chosen = client.get("/search?q=Morales&language=es").get_data(as_text=True)
    assert "Spanish (es)" in chosen and chosen.count('class="hit__text"') == 1


def test_paragraph_and_article_pages_say_the_language(client: FlaskClient) -> None:
    hit = client.get("/api/search?q=Senkata&language=es").get_json()["results"][0]
    page = client.get(hit["permalink"].replace("http://localhost", "")).get_data(as_text=True)
    assert 'data-focus lang="es">' in page and '<h1 lang="es">' in page
    article = client.get(hit["article"].replace("http://localhost", "")).get_data(as_text=True)
    assert '<article class="article" lang="es">' in article
    english = client.get("/api/search?q=coup").get_json()["results"][0]
    page = client.get(english["permalink"].replace("http://localhost", "")).get_data(as_text=True)
    assert 'lang="' not in page.split("<main", 1)[1]


def test_check_validates_the_language(corpus_dir: Path, write_article: WriteArticle) -> None:
    write_article("basque", BASQUE, language="eu")
    write_article("spanish", SPANISH, language="ES")
    check = CliRunner().invoke(main, ["check", "--corpus", str(corpus_dir)])
    assert check.exit_code == 0
    assert "basque.md: warning: language 'eu' has no stemmer" in check.output
    assert "spanish.md" not in check.output
    write_article("wrong", ENGLISH, language="english")
    write_article("unknown", ENGLISH, language="qq")
    check = CliRunner().invoke(main, ["check", "--corpus", str(corpus_dir)])
    assert check.exit_code != 0
    assert "wrong.md:7: language 'english' is not an ISO 639-1 code" in check.output
    assert "unknown.md:7: language 'qq' is not an ISO 639-1 code" in check.output


def test_spanish_only_corpus(corpus_dir: Path, index_dir: Path,
                             write_article: WriteArticle) -> None:
    write_article("fraude", f"{SPANISH}\n\n{SPANISH_2}", language="es")
    write_article("otro", "Las elecciones fueron anuladas por el gobierno de facto.",
                  language="es")
    assert build_index(corpus_dir, index_dir).published
    handle = IndexHandle(index_dir)
    result = find(handle, "elecciones fraudulentas")
    assert result.total == 1 and texts(result)[0] == SPANISH
    assert result.interpreted == "elecciones AND fraudulentas"  # as typed, not es:eleccion
    typo = find(handle, "gobiermo")
    assert typo.suggestion == "gobierno"  # a Spanish word of the corpus
    assert texts(typo) == ["Las elecciones fueron anuladas por el gobierno de facto."]
    quoted = find(handle, '"militares"')
    assert texts(quoted) == [SPANISH_2] and quoted.variants == {}
    # Spanish stop words are left out of a plain query, and the page says so; "golpe de
    # Estado" in quotes holds "Estado" (in Snowball's Spanish stop list, as a form of estar)
    plain = find(handle, "la elección de Bolivia")
    assert plain.interpreted == "elección AND bolivia"
    assert "Left out as too common to search for: de, la." in plain.notices
    write_article("golpe", "Fue un golpe de Estado. Otro golpe, el de 1980, fue militar.",
                  language="es")
    assert build_index(corpus_dir, index_dir).published
    assert find(handle, '"golpe de Estado"').hits[0].highlight.count("<mark>") == 1
