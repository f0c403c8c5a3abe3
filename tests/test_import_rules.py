"""The importer on texts written for the purpose: other chrome, bylines, languages, HTML,
duplicates and broken inputs, through the command a user runs."""

from pathlib import Path

import frontmatter
import pytest
from click.testing import CliRunner, Result

from search.cli import main
from search.corpus.article_file import read_article
from search.importer.batch import load_draft
from search.importer.datelines import find_date

FIXTURES = Path(__file__).parent / "fixtures" / "import"


def run(*args: str) -> Result:
    return CliRunner().invoke(main, ["import", *args])


def imported(corpus: Path, name: str) -> tuple[dict[str, object], list[str]]:
    """Return the front matter and body blocks of one imported file."""
    post = frontmatter.load(corpus / name)
    return post.metadata, [b for b in post.content.split("\n") if b.strip()]


def test_other_chrome_and_a_pipe_byline(tmp_path: Path) -> None:
    result = run("--corpus", str(tmp_path), str(FIXTURES / "daily-planet.txt"))
    assert result.exit_code == 0, result.output
    meta, blocks = imported(tmp_path, "city-council-votes-to-close-the-old-mine.md")
    assert meta["title"] == "City council votes to close the old mine"
    assert meta["authors"] == ["Jane Doe"] and str(meta["date"]) == "2021-03-03"
    assert meta["outlet"] == "The Daily Planet"  # from the copyright line
    body = "\n".join(blocks)
    for chrome in ("Skip to content", "Menu", "Advertisement", "newsletter", "Read more",
                   "Tags:", "All rights reserved", "By Jane Doe"):
        assert chrome not in body
    assert blocks[0].startswith("The city council voted on Tuesday night to close the old "
                                "copper mine that has polluted the river for twenty years")
    assert "## What happens now" in blocks
    assert [b for b in blocks if b.startswith("- ")] == [
        "- clean the river banks within a year;", "- pay compensation to the farmers downstream;",
        "- publish monthly water tests."]


def test_spanish_masthead_name_and_date(tmp_path: Path) -> None:
    assert run("--corpus", str(tmp_path), str(FIXTURES / "el-diario.txt")).exit_code == 0
    meta, blocks = imported(tmp_path, "los-mineros-de-huanuni-vuelven-a-la-huelga-por-sus-"
                                      "salarios.md")
    assert meta["title"] == "Los mineros de Huanuni vuelven a la huelga por sus salarios"
    assert (meta["outlet"], meta["authors"]) == ("El Diario Popular", ["María González"])
    assert str(meta["date"]) == "2021-03-03" and meta["language"] == "es"
    assert len(blocks) == 2 and not any("Compartir" in b for b in blocks)


@pytest.mark.parametrize(("text", "iso"), [
    ("3 de marzo de 2021", "2021-03-03"), ("12. März 2021", "2021-03-12"),
    ("le 5 avril 2021", "2021-04-05"), ("Published: 2021-03-03", "2021-03-03"),
    ("9 min readOct 19, 2020", "2020-10-19"), ("January 2020", "2020-01"),
    ("novembre 2019", "2019-11"), ("The 2020 Election", None), ("Red Flag 33", None),
])
def test_dates_in_many_forms_keep_their_precision(text: str, iso: str | None) -> None:
    assert find_date(text) == iso


def test_saved_html_page(tmp_path: Path) -> None:
    result = run("--corpus", str(tmp_path), str(FIXTURES / "saved-page.html"))
    assert result.exit_code == 0, result.output
    name = "farmers-block-the-highway-to-the-capital.md"
    meta, blocks = imported(tmp_path, name)
    assert (meta["title"], meta["outlet"], meta["authors"]) == (
        "Farmers block the highway to the capital", "The Valley Times", ["Pat Rivera"])
    assert str(meta["date"]) == "2021-04-05"
    assert meta["url"] == "https://valleytimes.example/2021/04/farmers-block-highway"
    assert "## A long dispute" in blocks and len(blocks) == 5
    assert not any(w in "\n".join(blocks) for w in ("Subscribe", "Privacy", "©"))
    article = read_article(tmp_path / name, name)  # the corpus reader accepts what we wrote
    assert [p.section for p in article.paragraphs] == [None, None, "A long dispute",
                                                       "A long dispute"]


def test_dry_run_writes_nothing_and_lists_every_dropped_line(tmp_path: Path) -> None:
    result = run("--dry-run", "--corpus", str(tmp_path), str(FIXTURES / "daily-planet.txt"))
    assert result.exit_code == 0
    assert list(tmp_path.iterdir()) == []
    assert "(dry run: nothing written)" in result.output
    assert "drop line 1: 'Skip to content' (site furniture)" in result.output
    assert "drop line 7: 'By Jane Doe | March 3, 2021' (title, byline or banner)" in result.output
    assert "date:     2021-03-03  (line 7: 'By Jane Doe | March 3, 2021')" in result.output


def test_missing_metadata_is_named_and_left_for_check(tmp_path: Path) -> None:
    text = ("Some headline about the strike\n\n" + "The workers stopped work at dawn and "
            "marched to the square, where they were joined by students and teachers from the "
            "town.\n")
    (tmp_path / "in.txt").write_text(text, encoding="utf-8")
    corpus = tmp_path / "corpus"
    result = run("--corpus", str(corpus), str(tmp_path / "in.txt"))
    assert result.exit_code == 0
    assert "left empty for you to fill: outlet, authors, date" in result.output
    check = CliRunner().invoke(main, ["check", "--corpus", str(corpus)])
    assert check.exit_code == 1 and "missing required field 'outlet'" in check.output
    given = run("--corpus", str(tmp_path / "c2"), "--outlet", "Union News", "--author", "A B",
                "--date", "2021-05", str(tmp_path / "in.txt"))
    assert "outlet:   Union News  (command line)" in given.output
    assert CliRunner().invoke(main, ["check", "--corpus", str(tmp_path / "c2")]).exit_code == 0


def test_duplicates_are_refused_unless_asked(tmp_path: Path) -> None:
    source = FIXTURES / "daily-planet.txt"
    assert run("--corpus", str(tmp_path), str(source)).exit_code == 0
    other_chrome = "Home | World | Sport\n\n" + source.read_text().replace(
        "Skip to content", "Share on Facebook")
    (tmp_path / "again.txt").write_text(other_chrome, encoding="utf-8")
    again = run("--corpus", str(tmp_path), str(tmp_path / "again.txt"))
    assert again.exit_code == 0  # skipped is not failed
    assert "again.txt: skipped: already in the corpus as" in again.output
    assert "city-council" in again.output
    assert len(list(tmp_path.glob("*.md"))) == 1
    forced = run("--corpus", str(tmp_path / "other"), "--allow-duplicate", str(source))
    assert forced.exit_code == 0


@pytest.mark.parametrize(("content", "message"), [
    (b"", "the file is empty"),
    (b"   \n\n  \n", "the file is empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00", "binary file"),
    (b"Caf\xe9 au lait\n", "not valid UTF-8 (byte 0xe9)"),
    (b"x" * 1_000_000, "line 1 is 1,000,000 characters long"),
    (b"Menu\nHome\nShare this\n", "no paragraph of article text found"),
])
def test_broken_inputs_get_a_clear_message(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "broken.txt"
    path.write_bytes(content)
    result = run("--corpus", str(tmp_path / "corpus"), str(path))
    assert result.exit_code == 1
    assert f"{path}: " in result.output and message in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "corpus").exists()


def test_a_missing_file_or_a_folder_is_reported_and_others_still_import(tmp_path: Path) -> None:
    result = run("--corpus", str(tmp_path / "c"), str(tmp_path / "nope.txt"), str(tmp_path),
                 str(FIXTURES / "el-diario.txt"))
    assert result.exit_code == 1
    assert "nope.txt: failed: cannot read" in result.output or \
        "nope.txt: failed: not a regular file" in result.output
    assert f"{tmp_path}: failed: not a regular file" in result.output
    assert len(list((tmp_path / "c").glob("*.md"))) == 1


def test_decisions_are_reproducible() -> None:
    first = load_draft(FIXTURES / "daily-planet.txt")
    second = load_draft(FIXTURES / "daily-planet.txt")
    assert first.blocks == second.blocks
    assert [u.line for u in first.dropped] == [u.line for u in second.dropped]
