"""The seed judgments (eval/seed_judgments.json) over the corpus's own paragraphs.

A judgment names its paragraph by an exact substring of the paragraph's text (at least 30
characters, or the whole text of a shorter paragraph), never by id, so that it survives
reindexing. Loading fails loudly when a judged text matches no paragraph or several.
"""

import json
from pathlib import Path

from eval.markdown import Paragraph
from eval.model import Query

MIN_CHARS = 30
GRADES = (1, 2)


class JudgmentError(ValueError):
    """A judgment that does not name exactly one paragraph of the corpus."""


def find_paragraph(text: str, paragraphs: list[Paragraph]) -> Paragraph:
    """Return the one paragraph that contains the judged text; raise JudgmentError otherwise."""
    found = [p for p in paragraphs if text in p.text]
    if len(text) < MIN_CHARS and not (len(found) == 1 and found[0].text == text):
        raise JudgmentError(f"judged text is under {MIN_CHARS} characters and no whole "
                            f"paragraph: {text!r}")
    if len(found) != 1:
        where = ", ".join(p.key for p in found) or "no paragraph"
        raise JudgmentError(f"judged text must match one paragraph, matches {where}: {text!r}")
    return found[0]


def load_judgments(path: Path, paragraphs: list[Paragraph]) -> tuple[list[Query],
                                                                      dict[str, str]]:
    """Read the judgments file; return its queries and each judged text's paragraph key."""
    data = json.loads(path.read_text(encoding="utf-8"))
    queries: list[Query] = []
    named: dict[str, str] = {}
    for item in data["queries"]:
        judged: dict[str, int] = {}
        for judgment in item["judgments"]:
            grade, text = judgment["grade"], judgment["text"]
            key = named[text] = find_paragraph(text, paragraphs).key
            if grade not in GRADES:
                raise JudgmentError(f"{item['id']}: grade {grade} is not one of {GRADES}")
            if key in judged:
                raise JudgmentError(f"{item['id']}: paragraph {key} is judged twice")
            judged[key] = grade
        if not judged:
            raise JudgmentError(f"{item['id']}: no paragraph is judged")
        queries.append(Query(item["id"], item["kind"], item["query"], judged))
    if len({q.qid for q in queries}) != len(queries):
        raise JudgmentError("two seed queries share an id")
    return queries, named


class HitMatcher:
    """Name a result paragraph by its key: by its whole text, or else by a judged text in it."""

    def __init__(self, paragraphs: list[Paragraph], named: dict[str, str]) -> None:
        """Keep the paragraphs' keys by text, and each judged text's paragraph key."""
        self.by_text = {p.text: p.key for p in paragraphs}
        self.named = named
        self.inexact = 0

    def key(self, text: str) -> str:
        """Return the key of the paragraph with this text (counting those found inexactly)."""
        normal = " ".join(text.split())
        if normal in self.by_text:
            return self.by_text[normal]
        self.inexact += 1
        keys = {key for judged, key in self.named.items() if judged in normal}
        return keys.pop() if len(keys) == 1 else f"unmatched: {normal}"

