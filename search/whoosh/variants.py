"""What a query searches besides the words typed: spelling variants, an acronym's name, a
name's acronym; the query classes that tell them apart (search/whoosh/spelling.py finds
them, search/whoosh/acronyms.py the acronyms)."""

from dataclasses import dataclass, field

from whoosh import query


@dataclass
class Variants:
    """Variants found for the query's words, and what to tell the user about them."""

    by_stem: dict[str, dict[str, float]] = field(default_factory=dict)  # variant: its boost
    in_phrases: dict[str, dict[str, float]] = field(default_factory=dict)  # the same, in phrases
    spelled: dict[str, list[str]] = field(default_factory=dict)  # typed word: variants
    absent: list[str] = field(default_factory=list)  # typed words in no paragraph
    replacements: dict[str, str] = field(default_factory=dict)  # typed word: best variant
    # an acronym's indexed form: the indexed words of each name it stands for, and their boost
    names: dict[str, dict[tuple[str, ...], float]] = field(default_factory=dict)
    # a typed name's indexed words (those searched): its acronym's indexed form, and its boost
    acronyms: dict[frozenset[str], tuple[str, float]] = field(default_factory=dict)

    def widen_anything(self) -> bool:
        """Say whether the query searches anything besides the words typed."""
        return bool(self.by_stem or self.in_phrases or self.names or self.acronyms)


class Variant(query.Term):  # type: ignore[misc]  # whoosh has no type hints
    """A word the query also searches for a typed one: matched and scored as a Term (with its
    boost below 1), told apart where the query is described."""


class VariantPhrase(query.Phrase):  # type: ignore[misc]
    """A phrase the query also searches for a typed one, a word of it spelt the other way."""
