"""The query syntax, explained with examples that find something in the Bolivia corpus."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Example:
    """One query a user can try, and what it finds."""

    query: str
    meaning: str


EXAMPLES = (
    Example("coup army", "paragraphs with all the words, in any form: coup also finds coups"),
    Example('"coup makers"', "the exact phrase (straight or curly quotes)"),
    Example('"army police"~5', "both words within five words of each other"),
    Example("Senkata OR Sacaba", "either word"),
    Example("coup NOT palace", "leave out paragraphs with a word (also: coup -palace)"),
    Example("elect*", "words starting with elect (at least three letters before the *)"),
    Example("organi?ation", "? is one letter, * any letters, inside a word: organisation and "
                            "organization"),
    Example("bolvia~", "the word and those one edit from it with its first letter (coup~2: "
                       "two edits; Lucene's older coup~0.5 is read as Lucene reads it): finds "
                       "Bolivia"),
    Example("coup^3 army", "coup weighs three times as much in the ranking"),
    Example("outlet:wedge", "search one field: outlet, author, title or section"),
    Example("author:tait", "paragraphs of articles by an author"),
    Example("title:socialists", "paragraphs of articles with the word in their title"),
    Example("Morales lang:en", "only articles in one language (an ISO 639-1 code): a filter"),
    Example("coup from:2019-12 to:2020", "only articles dated within these bounds (a year, "
                                         "month or day; date:2019-12 for one month)"),
    Example("(Senkata OR Sacaba) massacre", "brackets group"),
    Example("Anez", "accents are optional: finds Áñez and Añez"),
    Example("Choquehuanka", "a word in no paragraph finds the closest words that are in "
                            "one, with a \u201cdid you mean\u201d"),
    Example("whipala", "a name or foreign word also finds its other spellings (wiphala), and "
                       "licence finds license; a word in quotes never does"),
    Example("COB", "an acronym also finds the name the articles define it as (Central Obrera "
                   "Boliviana), and the name its acronym"),
)

# The query syntax in brief, on the home page: a line of words, a line of operators.
SHORT = (
    (Example("coup army", "all the words"), Example('"coup makers"', "a phrase"),
     Example("Senkata OR Sacaba", "either word"), Example("coup -palace", "leave a word out")),
    (Example("elect*", "words starting with elect"),
     Example("outlet:wedge", "one field (outlet, author, title, section)")),
)
