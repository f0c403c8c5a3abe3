"""The one index schema and the one text analysis, shared by indexing, queries and highlights."""

from whoosh import fields
from whoosh.analysis import (
    STOP_WORDS,
    Analyzer,
    CharsetFilter,
    LowercaseFilter,
    RegexTokenizer,
    StemFilter,
)
from whoosh.lang.stopwords import stoplists
from whoosh.support.charset import accent_map

from search.query.text import FIELDS, GROUPED_NUMBER
from search.whoosh.analysis import ParagraphText
from search.whoosh.stemming import Stemmer

# Words, with inner apostrophes and hyphens kept out: "Morales'" -> "morales", "U.S." -> "u.s"
# (then "us", search/whoosh/stemming.py), "O'Brien" -> "o", "brien"; a possessive's s is no
# word: "OAS's audit" -> "oas", "audit", as the query "OAS audit" reads it (search/query/text.py
# reads a typed possessive the same way). A number grouped by commas in threes is one word
# ("4,078", then "4078": search/whoosh/stemming.py), as search/query/text.py reads one typed.
TOKEN_PATTERN = rf"(?!(?<=['’])s\b)(?:{GROUPED_NUMBER}|\w+(?:\.?\w+)*)"


def text_analyzer() -> Analyzer:
    """Build the analyzer for every full-text field: lowercase, fold accents, stem (English)."""
    return (
        RegexTokenizer(TOKEN_PATTERN)
        | LowercaseFilter()
        | CharsetFilter(accent_map)
        | StemFilter(stemfn=Stemmer("en"), cachesize=-1)
    )


TITLES = frozenset({"mr", "mrs", "ms", "messrs", "dr"})
# "Morales vs. Camacho": the two names are what is searched for; no paragraph writes "vs"
CONNECTIVES = frozenset({"vs", "versus"})


def stop_terms() -> frozenset[str]:
    """Return English stop words as the analyzer indexes them (left out of plain queries when
    other words remain, never counted for closeness): Whoosh's short list and the Snowball
    list Whoosh ships, whose question words and auxiliaries ("what", "did", "was", "about")
    a question otherwise requires of every paragraph (CISI nDCG@10 0.389 -> 0.411); the
    titles before a name, which one text writes and another leaves out ("Mr. Camacho"); and
    the "vs" between two things compared."""
    analyzer = text_analyzer()
    words = STOP_WORDS | stoplists["en"] | TITLES | CONNECTIVES
    return frozenset(token.text for word in words for token in analyzer(word))


def build_schema() -> fields.Schema:
    """Return the schema: one document per paragraph, article metadata kept in the manifest.

    The full-text fields are Whoosh's TEXT, analysing each distinct value once when indexing
    (search/whoosh/analysis.py); an index whose schema has TEXT itself is read and updated alike.
    """
    analyzer = text_analyzer()
    return fields.Schema(
        pid=fields.ID(stored=True, unique=True),
        slug=fields.ID(stored=True, sortable=True),
        number=fields.NUMERIC(stored=True, sortable=True),
        kind=fields.STORED(),
        section=ParagraphText(analyzer=analyzer, stored=True),
        text=ParagraphText(analyzer=analyzer, stored=True, spelling=True),
        # `text` again without positions, for counting and scoring: its posting blocks hold
        # ids and weights only, about ten times faster to read (see search/whoosh/matchset.py)
        text_counts=ParagraphText(analyzer=analyzer, phrase=False),
        title=ParagraphText(analyzer=analyzer),
        outlet=fields.ID(sortable=True),
        outlet_text=ParagraphText(analyzer=analyzer),
        # no term vector: nothing reads one (facets come from the manifest, whoosh/facets.py),
        # and writing one per paragraph cost 6% of a build; older indexes keep theirs
        author=fields.KEYWORD(commas=True, lowercase=False, scorable=False),
        author_text=ParagraphText(analyzer=analyzer),
        date_start=fields.ID(sortable=True),
        date_end=fields.ID(),
        month=fields.ID(sortable=True),
    )


# Fields read through a lighter copy when no positions are needed (see search/whoosh/matchset.py).
COUNTING_COPIES: dict[str, str] = {"text": "text_counts"}

# Names a user may type before a colon, and the schema field each one searches.
_SEARCHED_AS = {"outlet": "outlet_text", "author": "author_text"}
QUERY_FIELDS: dict[str, str] = {name: _SEARCHED_AS.get(name, name) for name in FIELDS}
