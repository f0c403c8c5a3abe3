"""Echoes: near-identical paragraphs and shared quotations across articles, built with the
index, updated with it, shown on paragraph pages, /quotes and the API."""

import csv
import io
from collections.abc import Callable
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from search.corpus.load import load_corpus
from search.echoes import build as echo_build
from search.echoes import table as echo_table
from search.echoes.build import build_table
from search.echoes.shingles import quotations, word_hashes
from search.index.build import build_index
from search.web import create_app
from tests.conftest import WriteArticle

WIRE = ("Bolivian soldiers fired on protesters at the Senkata gas plant on Tuesday, killing at "
        "least eight people. Witnesses said the troops used live ammunition against a crowd "
        "that had blocked the road for days. The interim government blamed the protesters for "
        "the violence and promised an investigation.")
SENTENCES = WIRE.split(". ")
COMMON_A = ("The United States has long sought influence in the Western Hemisphere, and its "
            "embassy in La Paz was busy that week with visitors from the mining companies.")
COMMON_B = ("Farmers in the Western Hemisphere grow more quinoa than ever, while the United "
            "States remains the largest buyer of the grain from the highland cooperatives.")


def pairs_of(texts: dict[str, str], tmp: Path) -> set[tuple[str, str, str]]:
    """Return the (slug, slug, kind) of each echo pair among one-paragraph articles."""
    corpus = tmp / "c"
    corpus.mkdir()
    for slug, text in texts.items():
        (corpus / f"{slug}.md").write_text(
            f'---\ntitle: "{slug}"\noutlet: "Outlet {slug}"\nauthors:\n  - "A"\n'
            f'date: "2019-11-13"\n---\n\n{text}\n', encoding="utf-8")
    articles = load_corpus(corpus).articles
    table = build_table(articles, {a.meta.slug: [a.meta.slug] for a in articles})
    return {(table.pids[a], table.pids[b], table.kind(int(a), int(b), int(s)))
            for a, b, s in table.pairs}


@pytest.mark.parametrize("name, copy", [
    ("exact copy", WIRE),
    ("one word changed", WIRE.replace("killing", "leaving")),
    ("a sentence added", WIRE + " The army said its soldiers had fired in self-defence."),
    ("sentences reordered", ". ".join([SENTENCES[2], SENTENCES[0], SENTENCES[1]]) + "."),
])
def test_a_reprint_is_near_identical(name: str, copy: str, tmp_path: Path) -> None:
    assert pairs_of({"wire": WIRE, "reprint": copy}, tmp_path) == {
        ("reprint", "wire", "near-identical")}, name


def test_paragraphs_sharing_only_common_phrases_are_no_echoes(tmp_path: Path) -> None:
    assert pairs_of({"one": COMMON_A, "two": COMMON_B, "wire": WIRE}, tmp_path) == set()


def test_quotations_of_every_style_are_the_same_words() -> None:
    words = "a significant moment for democracy in the Western Hemisphere"
    styles = [f"“{words}”", f'"{words}"', f"« {words} »", f"‘{words}’", f"'{words}',"]
    found = [quotations(f"Trump called it {s} on Monday.") for s in styles]
    assert all(len(f) == 1 and f[0][0] == found[0][0][0] for f in found)
    assert found[0][0][0] == words.lower()
    assert quotations("He said “five words are too few” and left.") == []
    assert quotations("Áñez’ fellow supremacist and Morales' allies don't agree on it.") == []
    # a single quote opens a quotation at the start of the text or after a space, never after
    # a letter (an apostrophe); the opening and closing marks may differ
    six = "the coup was a coup indeed"
    assert quotations(f"'{six}' he said.") == [(six, six)]
    assert quotations(f"Morales' '{six}’ said it.") == [(six, six)]
    assert quotations(f"Morales'{six}' said it.") == []


def test_an_update_reads_only_changed_paragraphs_and_equals_a_full_build(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    corpus = tmp_path / "c"
    corpus.mkdir()
    bodies = {f"a{n}": f"Paragraph {n} of its own about the village number {n} and its well."
              for n in range(30)}
    bodies["wire"], bodies["copy"] = WIRE, WIRE.replace("killing", "leaving")

    def write() -> list[tuple[str, list[str]]]:
        for slug, text in bodies.items():
            (corpus / f"{slug}.md").write_text(
                f'---\ntitle: "{slug}"\noutlet: "O"\nauthors:\n  - "A"\ndate: "2019-11-13"\n'
                f'---\n\n{text}\n\nA second paragraph of {slug} quoting “words that appear in '
                f'no other article of {slug}”.\n', encoding="utf-8")
        return []

    write()
    first = load_corpus(corpus).articles
    pids = {a.meta.slug: [f"{a.meta.slug}-{i}" for i in range(2)] for a in first}
    before = build_table(first, pids)
    bodies["a3"] = WIRE.replace("Tuesday", "Wednesday")  # now a third reprint
    write()
    articles = load_corpus(corpus).articles
    read: list[str] = []

    def reading(text: str) -> list[int]:
        read.append(text)
        return word_hashes(text)

    monkeypatch.setattr(echo_build, "word_hashes", reading)
    updated = build_table(articles, pids, before)
    assert read == [bodies["a3"]]
    full = build_table(articles, pids)

    def as_set(table: echo_table.EchoTable) -> set[tuple[str, str, int]]:
        return {(table.pids[a], table.pids[b], s) for a, b, s in table.pairs.tolist()}

    assert as_set(updated) == as_set(full)
    assert {(a, b) for a, b, _ in as_set(updated)} == {
        ("copy-0", "wire-0"), ("a3-0", "copy-0"), ("a3-0", "wire-0")}


# --- through the index and the web app ---


def test_the_seed_quotation_is_on_quotes_with_both_outlets(client: FlaskClient) -> None:
    page = client.get("/quotes").get_data(as_text=True)
    assert "significant moment for democracy in the Western Hemisphere" in page
    data = client.get("/quotes.json").json
    assert data is not None
    seed = [q for q in data["quotations"] if "significant moment for democracy" in q["quotation"]]
    assert len(seed) == 1
    assert set(seed[0]["outlets"]) == {"Red Flag", "World Socialist Web Site"}
    assert seed[0]["first_outlet"] == "World Socialist Web Site"  # 13 Nov 2019, before 2020
    rows = list(csv.DictReader(io.StringIO(client.get("/quotes.csv").get_data(as_text=True))))
    assert any("significant moment" in r["quotation"] and "Red Flag" in r["outlets"]
               for r in rows)


@pytest.mark.parametrize("args, shown", [
    ("?outlet=Red+Flag", True), ("?outlet=Wedge", False), ("?q=democracy+in+the", True),
    ("?q=applauds+the+Bolivian+army+soldiers", False), ("?from=2019-11-01&to=2020-02", True),
    ("?from=2019-12-01", False),  # then only Red Flag's article is left: one is no echo
])
def test_quotes_filter_by_outlet_words_and_date(client: FlaskClient, args: str,
                                                shown: bool) -> None:
    data = client.get("/quotes.json" + args).json
    assert data is not None
    assert any("significant moment" in q["quotation"] for q in data["quotations"]) == shown


def test_a_paragraph_lists_its_echoes_with_the_shared_words_marked(client: FlaskClient) -> None:
    data = client.get("/quotes.json").json
    assert data is not None
    seed = next(q for q in data["quotations"] if "significant moment" in q["quotation"])
    wsws, red_flag = (url.split("/")[-1] for url in seed["permalinks"])
    echoes = client.get(f"/api/paragraphs/{wsws}/echoes").json
    assert echoes is not None
    assert [(e["id"], e["outlet"], e["kind"]) for e in echoes["echoes"]] == [
        (red_flag, "Red Flag", "quote")]
    assert "<mark>a significant moment for democracy in the Western Hemisphere</mark>" \
        in echoes["echoes"][0]["marked"]
    page = client.get(seed["permalinks"][0].replace("http://localhost", "")).get_data(
        as_text=True)
    assert "Echoes" in page and f"/p/{red_flag}" in page
    assert client.get("/api/paragraphs/nosuchpara/echoes").status_code == 404


def test_echoes_follow_an_update_of_the_index(write_article: WriteArticle,
                                              rebuild: Callable[[], None],
                                              index_dir: Path) -> None:
    write_article("wire", WIRE, outlet="Wire")
    write_article("local", "Nothing in common with any other paragraph at all here.",
                  outlet="Local")
    rebuild()
    client = create_app({"TESTING": True, "INDEX_DIR": str(index_dir)}).test_client()
    wire = client.get("/api/articles/wire").json["paragraphs"][0]["id"]  # type: ignore[index]
    assert client.get(f"/api/paragraphs/{wire}/echoes").json["echoes"] == []  # type: ignore
    write_article("local", WIRE.replace("Tuesday", "Monday"), outlet="Local")
    rebuild()
    echoes = client.get(f"/api/paragraphs/{wire}/echoes").json["echoes"]  # type: ignore
    assert [(e["outlet"], e["kind"]) for e in echoes] == [("Local", "near-identical")]
    assert "<mark>" in echoes[0]["marked"]


def test_quotation_text_is_escaped(write_article: WriteArticle, rebuild: Callable[[], None],
                                   index_dir: Path) -> None:
    quote = "“<script>alert(1)</script> and <b>six</b> more words to quote”"
    write_article("one", f"The minister said {quote} on Monday.", outlet="One")
    write_article("two", f"Later the minister repeated {quote} to reporters.", outlet="Two")
    rebuild()
    app: Flask = create_app({"TESTING": True, "INDEX_DIR": str(index_dir)})
    client = app.test_client()
    page = client.get("/quotes").get_data(as_text=True)
    assert "<script>alert" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    pid = client.get("/api/articles/one").json["paragraphs"][0]["id"]  # type: ignore[index]
    marked = client.get(f"/api/paragraphs/{pid}/echoes").json["echoes"][0]["marked"]  # type: ignore
    assert "<script" not in marked and "<b>" not in marked and "&lt;/" in marked
    assert "<script>alert" not in client.get(f"/a/one/p/{pid}").get_data(as_text=True)


def test_a_generation_keeps_its_echo_file(real_corpus: Path, tmp_path: Path) -> None:
    report = build_index(real_corpus, tmp_path / "ix")
    gen = tmp_path / "ix" / "generations" / str(report.generation)
    table = echo_table.load(gen / echo_table.ECHOES)
    assert table is not None and len(table.pids) == report.paragraphs


def test_a_widely_reprinted_paragraph_lists_the_closest_and_counts_all(
        write_article: WriteArticle, rebuild: Callable[[], None], index_dir: Path) -> None:
    for n in range(12):
        write_article(f"r{n}", WIRE if n % 2 else WIRE.replace("Tuesday", f"day {n}"),
                      outlet=f"Outlet {n}")
    rebuild()
    client = create_app({"TESTING": True, "INDEX_DIR": str(index_dir)}).test_client()
    pid = client.get("/api/articles/r1").json["paragraphs"][0]["id"]  # type: ignore[index]
    data = client.get(f"/api/paragraphs/{pid}/echoes").json
    assert data is not None and data["total"] == 11 and len(data["echoes"]) == 10
    assert data["echoes"][0]["shared"] == 1.0  # the exact copies come first
    assert "The 10 closest of 11 paragraphs" in client.get(f"/a/r1/p/{pid}").get_data(
        as_text=True)
