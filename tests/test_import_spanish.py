"""Saved pages of the Spanish-, Portuguese- and French-language press: each is imported as an
article in its language, its dates read the way the page writes them, without the site's
buttons and pointers to other stories, through the command a user runs."""

from pathlib import Path

import frontmatter
import pytest
from click.testing import CliRunner, Result

from search.cli import main
from search.corpus.article_file import read_article

FIXTURES = Path(__file__).parent / "fixtures" / "import"


def run(*args: str) -> Result:
    return CliRunner().invoke(main, ["import", *args])


def body(path: Path) -> list[str]:
    """Return the blocks of an imported file's Markdown body."""
    return [b for b in frontmatter.load(path).content.split("\n") if b.strip()]


def page(title: str, head: list[str], paragraphs: list[str]) -> str:
    """Return a saved page: a menu, the headline, the lines above the text, the paragraphs."""
    lines = "\n".join(f"<p>{line}</p>" for line in head + paragraphs)
    return (f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{title}</title></head>"
            "<body><nav><a href='/'>Inicio</a> <a href='/mundo'>Mundo</a></nav>"
            f"<article><h1>{title}</h1>{lines}</article></body></html>")


SPANISH = ["Evo Morales anunció su renuncia a la presidencia de Bolivia el domingo por la tarde, "
           "después de que el jefe de las Fuerzas Armadas le sugiriera dejar el cargo.",
           "El presidente habló desde el Chapare, la región cocalera donde comenzó su carrera "
           "sindical, y dijo que se iba para que cesara la violencia contra su gente.",
           "La auditoría de la OEA había señalado irregularidades en el recuento de los votos "
           "de las elecciones del 20 de octubre, un informe que su partido rechaza."]
PORTUGUESE = ["Evo Morales anunciou a sua renúncia à presidência da Bolívia no domingo à tarde, "
              "depois que o comandante das Forças Armadas sugeriu que ele deixasse o cargo.",
              "O presidente falou desde o Chapare, a região onde começou a sua carreira "
              "sindical, e disse que saía para que a violência contra o seu povo acabasse.",
              "A auditoria da OEA tinha apontado irregularidades na contagem dos votos das "
              "eleições de 20 de outubro, um relatório que o seu partido rejeita."]
FRENCH = ["Evo Morales a annoncé sa démission de la présidence de la Bolivie dimanche après-midi, "
          "après que le chef des forces armées lui a suggéré de quitter ses fonctions.",
          "Le président a parlé depuis le Chapare, la région où il a commencé sa carrière "
          "syndicale, et a dit qu'il partait pour que cesse la violence contre les siens.",
          "L'audit de l'OEA avait signalé des irrégularités dans le décompte des voix des "
          "élections du 20 octobre, un rapport que son parti rejette."]
ENGLISH = ["Evo Morales announced his resignation as president of Bolivia on Sunday afternoon, "
           "after the head of the armed forces suggested that he leave office.",
           "The president spoke from the Chapare, the region where his career as a union leader "
           "began, and said he was going so that the violence against his people would stop.",
           "The audit by the OAS had reported irregularities in the count of the votes of the "
           "October 20 election, a report that his party rejects."]


def test_a_spanish_news_page_is_imported_as_a_spanish_article_without_the_site(
        tmp_path: Path) -> None:
    result = run("--corpus", str(tmp_path), str(FIXTURES / "spanish-page.html"))
    assert result.exit_code == 0, result.output
    (written,) = tmp_path.glob("*.md")
    meta = frontmatter.load(written).metadata
    assert (meta["title"], meta["authors"], meta["outlet"], str(meta["date"]),
            meta["language"]) == (
        "Áñez se proclama presidenta de Bolivia ante un Senado sin quórum",
        ["Lucía Mamani Rojas"], "Crónica del Altiplano", "2019-11-13", "es")
    assert [b[:40] for b in body(written)] == [
        "La segunda vicepresidenta del Senado, Je", "Áñez juró el cargo con una Biblia de gra",
        "Sin la presencia de los senadores del MA", "El Tribunal Constitucional respaldó hora",
        "Desde México, donde llegó ese mismo día ", "En El Alto, miles de vecinos bajaron hac",
        "Los comandantes de las Fuerzas Armadas a", "La OEA había informado el domingo de “ir",
        "La Asamblea Legislativa, controlada por "]
    assert "authors:  Lucía Mamani Rojas  (the text above the article: 'Por Lucía Mamani " \
        "Rojas')" in result.output
    assert "date:     2019-11-13  (the text above the article: 'La Paz, miércoles 13 de " \
        "noviembre de 2019 - 10:45')" in result.output
    assert read_article(written, written.name).meta.language == "es"


DATELINES = [  # (the line above the text, the paragraphs' language, the date read)
    ("Publicado el 05/11/2019 a las 10:45", SPANISH, "2019-11-05"),
    ("Actualizado: 12/11/2019 - 08:30 hs", SPANISH, "2019-11-12"),
    ("Miércoles, 13 de noviembre de 2019 - 10:45", SPANISH, "2019-11-13"),
    ("Publicado em 05/11/2019 às 10h45", PORTUGUESE, "2019-11-05"),
    ("Publié le 5 novembre 2019 à 10h45", FRENCH, "2019-11-05"),
    ("Published 11/05/2019 at 10:45 am", ENGLISH, "2019-11-05"),  # month first, as before
]


def test_a_date_line_is_read_in_the_way_of_the_pages_language(tmp_path: Path) -> None:
    for n, (line, paragraphs, _) in enumerate(DATELINES):
        (tmp_path / f"page-{n}.html").write_text(
            page(f"Renuncia número {n}", [line], paragraphs), encoding="utf-8")
    pages = [str(tmp_path / f"page-{n}.html") for n in range(len(DATELINES))]
    result = run("--corpus", str(tmp_path / "corpus"), "--outlet", "X", "--author", "A B",
                 "--allow-duplicate", *pages)
    assert result.exit_code == 0, result.output
    read = {}
    for written in (tmp_path / "corpus").glob("*.md"):
        meta = frontmatter.load(written).metadata
        read[int(str(meta["title"]).split()[-1])] = (str(meta["date"]), meta["language"])
        assert len(body(written)) == 3, body(written)  # the date line is not a paragraph
    assert read == {n: (date, "es" if p is SPANISH else "pt" if p is PORTUGUESE else
                        "fr" if p is FRENCH else "en")
                    for n, (_, p, date) in enumerate(DATELINES)}


# sentences that use the words of furniture, and are kept
USES = ["Compartir el poder con los militares nunca fue parte del plan del MAS.",
        "Publicidad oficial: el gobierno interino gastó millones en anuncios.",
        "Lee también la carta de renuncia, que el diario publicó completa."]


@pytest.mark.parametrize(("furniture", "paragraphs"), [
    (["Leia também: <a href='/a'>Mesa pede nova auditoria</a>", "Compartilhe",
      "Publicidade", "Siga-nos no Instagram"], PORTUGUESE),
    (["Lire aussi", "<a href='/b'>Mesa demande un nouvel audit</a>", "Partager sur Facebook",
      "Abonnez-vous"], FRENCH),
    (["Te puede interesar", "<a href='/c'>Mesa pide una nueva auditoría</a>",
      "Etiquetas: <a href='/t/1'>Bolivia</a>, <a href='/t/2'>Evo Morales</a>",
      "Más noticias", "Suscríbete"], [*SPANISH, *USES]),
])
def test_buttons_and_pointers_to_other_stories_are_dropped_inside_the_text(
        tmp_path: Path, furniture: list[str], paragraphs: list[str]) -> None:
    mixed = [paragraphs[0], *furniture[:2], paragraphs[1], *furniture[2:], *paragraphs[2:]]
    (tmp_path / "page.html").write_text(page("Morales renuncia", [], mixed), encoding="utf-8")
    result = run("--corpus", str(tmp_path / "corpus"), "--outlet", "X", "--author", "A B",
                 "--date", "2019-11-10", str(tmp_path / "page.html"))
    assert result.exit_code == 0, result.output
    assert body(tmp_path / "corpus" / "morales-renuncia.md") == paragraphs


def test_scraped_spanish_text_loses_its_furniture_and_its_date_is_read_day_first(
        tmp_path: Path) -> None:
    result = run("--corpus", str(tmp_path), str(FIXTURES / "spanish-scraped.txt"))
    assert result.exit_code == 0, result.output
    written = tmp_path / "morales-llega-a-mexico-tras-aceptar-el-asilo-politico.md"
    meta = frontmatter.load(written).metadata
    assert (meta["authors"], meta["outlet"], str(meta["date"]), meta["language"]) == (
        ["Lucía Mamani Rojas"], "Crónica del Altiplano", "2019-11-12", "es")
    assert [b[:30] for b in body(written)] == [
        "Evo Morales llegó el martes a ", "El expresidente agradeció al g",
        "El canciller Marcelo Ebrard ex"]
