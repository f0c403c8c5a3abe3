"""What the harness passes around: judged queries and the rankings that systems return."""

from dataclasses import dataclass, field

# language -> Snowball stemmer, as both baselines and the word-matching ceiling stem
STEMMERS = {"en": "english", "es": "spanish"}


@dataclass(frozen=True)
class Query:
    """One judged query: id, kind, the text sent as written, and graded document keys."""

    qid: str
    kind: str
    text: str
    judged: dict[str, int]


@dataclass(frozen=True)
class Ranking:
    """A system's answer to one query: document keys in rank order, their texts, any error."""

    keys: list[str] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)
    error: str | None = None
