"""The fixed query set: URL arguments, as the page and the JSON API take them."""

from pathlib import Path
from urllib.parse import urlencode

from bench.corpus_gen import seed_sentences, tail_vocabulary

Args = list[tuple[str, str]]


def query_set() -> list[tuple[str, Args]]:
    """Return (kind, arguments) for every query of the benchmark, in a fixed order."""
    tail = tail_vocabulary()
    rare = [tail[39], tail[149], tail[599]]  # ~30, ~9 and ~2 paragraphs at 100k
    outlet, other = "Daily Herald 34", "The Voice 12"
    queries: list[tuple[str, Args]] = [("rare", [("q", w)]) for w in rare]
    queries += [
        ("rare", [("q", "Choquehuanka")]),  # misspelt: spelling variants and a suggestion
        ("common", [("q", "coup")]),
        ("common", [("q", "police")]),
        ("common", [("q", "government")]),
        ("common", [("q", "bolivia workers")]),
        ("phrase", [("q", '"armed forces"')]),
        ("phrase", [("q", '"working class"')]),
        ("phrase", [("q", '"el alto"~2')]),
        ("words", [("q", "morales resignation military coup")]),
        ("words", [("q", "police violence el alto")]),
        ("words", [("q", "indigenous workers peasants protest highways")]),
        ("words", [("q", "lithium reserves united states")]),
        ("syntax", [("q", "elect*")]),
        ("syntax", [("q", "coup -military")]),
        ("filter", [("q", "coup"), ("outlet", outlet)]),
        ("filter", [("q", "police"), ("outlet", outlet), ("outlet", other)]),
        ("filter", [("q", "government"), ("from", "2020-01"), ("to", "2020-06")]),
        ("filter", [("q", "morales election"), ("outlet", outlet), ("from", "2020")]),
        ("sorted", [("q", "police"), ("sort", "newest")]),
        ("sorted", [("q", "election"), ("sort", "oldest"), ("from", "2021")]),
        ("sorted", [("sort", "newest")]),
        ("sorted", [("q", tail[39]), ("sort", "newest")]),
        # queries as people type them (issue 22): questions, hyphens, possessives, a word
        # with a spelling variant, and a pasted passage
        ("question", [("q", "What did the OAS say about the election?")]),
        ("question", [("q", "Who led the coup in Bolivia, and why?")]),
        ("hyphen", [("q", "coup-makers")]),
        ("hyphen", [("q", "left-wing press")]),
        ("possessive", [("q", "OAS's audit")]),
        ("variant", [("q", "whipala")]),
        ("pasted", [("q", pasted_passage())]),
    ]
    return queries


def pasted_passage(words: int = 150) -> str:
    """Return the first `words` words of the seed corpus's sentences, as a user pastes them."""
    return " ".join(" ".join(seed_sentences(Path("corpus"))).split()[:words])


def query_path(args: Args, api: bool = True) -> str:
    """Return the URL path of a search."""
    return ("/api/search?" if api else "/search?") + urlencode(args)
