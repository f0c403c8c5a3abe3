"""Saved web pages of the kinds real sites serve, written for the purpose: each must give its
article, whole and without the site around it, through the command a user runs."""

from pathlib import Path

import frontmatter
from click.testing import CliRunner, Result

from search.cli import main
from search.corpus.article_file import read_article

FIXTURES = Path(__file__).parent / "fixtures" / "import"


def run(*args: str) -> Result:
    return CliRunner().invoke(main, ["import", *args])


def body(path: Path) -> list[str]:
    """Return the blocks of an imported file's Markdown body."""
    return [b for b in frontmatter.load(path).content.split("\n") if b.strip()]


def test_an_article_laid_out_in_a_table_is_imported_without_the_menu(tmp_path: Path) -> None:
    result = run("--corpus", str(tmp_path), str(FIXTURES / "layout-table.html"))
    assert result.exit_code == 0, result.output
    written = tmp_path / "flood-waters-reach-the-old-town.md"
    assert [b[:40] for b in body(written)] == [
        "The river burst its banks on Monday nigh", "Firefighters moved forty families from t",
        "The mayor said the new flood wall, promi", "Engineers expect the level to fall by Th"]
    meta = frontmatter.load(written).metadata
    assert (meta["title"], meta["authors"], str(meta["date"]), meta["outlet"]) == (
        "Flood waters reach the old town", ["Ana Lima"], "2019-03-12", "Riverside Gazette")
    assert "authors:  Ana Lima  (the text above the article: 'By Ana Lima, 12 March 2019')" \
        in result.output
    assert read_article(written, written.name).meta.outlet == "Riverside Gazette"


def test_short_paragraphs_are_all_kept_and_the_related_links_are_not(tmp_path: Path) -> None:
    result = run("--corpus", str(tmp_path), "--outlet", "North Star", "--author", "A B",
                 "--date", "2021-06-01", str(FIXTURES / "short-paragraphs.html"))
    assert result.exit_code == 0, result.output
    assert body(tmp_path / "bridge-closed-after-crash.md") == [
        "The Mill Street bridge is closed after a lorry hit its railings.",
        "Nobody was hurt, police said.", "Engineers will inspect the bridge on Wednesday.",
        "Buses are taking the ring road until it reopens.",
        "Drivers should avoid the town centre at rush hour."]


def test_the_language_is_detected_and_can_be_given(tmp_path: Path) -> None:
    page = str(FIXTURES / "russian-page.html")
    result = run("--corpus", str(tmp_path / "detected"), page)
    assert result.exit_code == 0, result.output
    (written,) = (tmp_path / "detected").glob("*.md")
    meta = frontmatter.load(written).metadata
    assert (meta["language"], meta["title"], meta["outlet"], meta["authors"]) == (
        "ru", "Фермеры перекрыли трассу в столицу", "Вести Долины", ["Анна Петрова"])
    assert "language: ru  (detected from the text by py3langid, p=" in result.output
    assert len(body(written)) == 3 and read_article(written, written.name).meta.language == "ru"
    given = run("--corpus", str(tmp_path / "given"), "--language", "uk", page)
    (written,) = (tmp_path / "given").glob("*.md")
    assert frontmatter.load(written).metadata["language"] == "uk"
    assert "language: uk  (command line)" in given.output
    refused = run("--corpus", str(tmp_path / "x"), "--language", "Russian", page)
    assert refused.exit_code == 2 and "ISO 639 code" in refused.output


def test_metadata_comes_from_json_ld_open_graph_and_meta_tags_and_says_where(
        tmp_path: Path) -> None:
    pages = [str(FIXTURES / "json-ld.html"), str(FIXTURES / "meta-tags.html")]
    result = run("--corpus", str(tmp_path), *pages)
    assert result.exit_code == 0, result.output
    json_ld = frontmatter.load(tmp_path / "miners-strike-over-unpaid-wages.md").metadata
    assert (json_ld["title"], json_ld["authors"], json_ld["outlet"], str(json_ld["date"]),
            json_ld["url"]) == (
        "Miners strike over unpaid wages", ["Pat Rivera", "Lou Chen"], "The Valley Times",
        "2021-03-03", "https://valleytimes.example/2021/03/miners-strike")
    for line in ("title:    Miners strike over unpaid wages  (the page's JSON-LD NewsArticle "
                 "'headline')",
                 "authors:  Pat Rivera, Lou Chen  (the page's JSON-LD NewsArticle 'author')",
                 "outlet:   The Valley Times  (the page's JSON-LD NewsArticle 'publisher')",
                 "date:     2021-03-03  (the page's JSON-LD NewsArticle 'datePublished')"):
        assert line in result.output
    tags = frontmatter.load(tmp_path / "teachers-join-the-miners-march.md").metadata
    assert (tags["title"], tags["authors"], tags["outlet"], str(tags["date"]), tags["url"]) == (
        "Teachers join the miners' march", ["Jane Doe"], "Highland Post", "2021-03-05",
        "https://highlandpost.example/teachers-join-march")
    for line in ("title:    Teachers join the miners' march  (<title>)",
                 "authors:  Jane Doe  (<meta name=\"author\">)",
                 "outlet:   Highland Post  (<meta property=\"og:site_name\">)",
                 "date:     2021-03-05  (<meta name=\"date\">)",
                 "url:      https://highlandpost.example/teachers-join-march  "
                 "(<link rel=\"canonical\">)"):
        assert line in result.output
