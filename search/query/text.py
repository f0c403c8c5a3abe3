"""The text a user typed, made safe to read: normalised, within limits, its syntax tidied.

Limits are applied before any parser sees the text, because Whoosh's parser has known crashes
(NOT NOT x, ANDNOT chains, deep nesting) and costs that grow with the square of a token's length.
"""

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import pairwise

from search.corpus.dates import parse_bound

MAX_QUERY_CHARS = 1000  # past this, the first part is searched (a pasted passage fits)
MAX_WORDS = 200
MAX_WORD_CHARS = 60
LONG_QUERY = 32  # words past which very common words may be left out
MAX_DEPTH = 5
MAX_SLOP = 20
MIN_PREFIX = 3
MAX_EXPANSION = 50
MAX_SCAN = 5000
OPERATORS = {"AND", "OR", "NOT"}
FIELDS = ("outlet", "author", "title", "section")  # names a user may type before a colon
FILTERS = ("lang", "from", "to", "date")  # and those that filter (language_filter, date_filter)

# A number grouped by commas in threes ("4,078", "1,000,000"): one word, in the index too
# (search/whoosh/schema.py), where it is its digits ("4078").
GROUPED_NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?(?!\w)"
# A word as people type it: letters and digits, with inner dots as the index reads them (U.S.,
# 3.5), hyphens and apostrophes (coup-makers, O'Brien, OAS's); or a grouped number. A word
# ending in a possessive 's means the word itself.
WORD = re.compile(rf"{GROUPED_NUMBER}|\w+(?:\.\w+)*(?:\.?['-]\w+(?:\.\w+)*)*")
_PART = re.compile(rf"{GROUPED_NUMBER}|\w+")
POSSESSIVE = re.compile(r"'s$", re.IGNORECASE)
# A word within N edits (`bolvia~`, `bolvia~2`: N 1 when left out) and a word weighing N times
# as much (`coup^2`), as Lucene and the search services built on it read them.
FUZZY = r"\w~\d?(?=[\s)]|$)"
BOOST = r"\w\^\d+(?:\.\d+)?(?=[\s)]|$)"
MAX_EDITS = 2  # `word~N` finds words within at most this many edits, as Lucene's
# Lucene's older form, a minimum similarity (`roam~0.8`, still in many tutorials): read as the
# edits Lucene reads it as (FuzzyQuery.floatToEdits), so that the number is no word to match.
SIMILARITY = re.compile(r"(?<![\w~.])(\w+)~(\d*\.\d+)(?=[\s)]|$)")
# Operators (README's query syntax): AND/OR/NOT, a -word or +word after a space or bracket, a
# field name before a colon, a wildcard (`elect*`, `organi?ation`), a word's edits or weight.
# A query with none of them is words, all then some; quoted phrases keep their meaning in both
# (a pasted quotation).
# Brackets group only around operators: alone, as in "the MEDLARS (Medical Literature ...)
# system", they are punctuation; so is a quoted single word ("training" phase), searched as
# itself (never widened).
OPERATOR = re.compile(rf'\*|\w\?[?*]*\w|\b(?:AND|OR|NOT|ANDNOT)\b|(?:^|[\s(])[-+]\w'
                      rf'|\b(?:{"|".join(FIELDS)}):|{FUZZY}|{BOOST}')
# A field name typed in capitals (`Outlet:Wedge`, as a phone capitalises a query's first letter;
# `TITLE:coup`) is that field, read as its lowercase name; with a space after the colon
# (`Title: The coup`, pasted) it is a word.
FIELD_NAME = re.compile(rf"(?<![\w:])({'|'.join(FIELDS)}):(?=[^\s:])", re.IGNORECASE)
QUOTED = re.compile(r'"([^"]*)"')
# A name typed as a field is (letters, a colon, a word at once: not a URL's "https://", nor
# "Bolivia: reaction" with a space, nor a time's 10:30)
OTHER_FIELD = re.compile(r"(?<![\w:/.])([A-Za-z]{2,}):(?=\w)")
# Between two words, what may start a sentence (or a quotation, a title, an aside) after it:
# the next word's capital letter then says nothing of the word itself.
SENTENCE_START = re.compile(r'[.!?:;¡¿"“”«»()\[\]]')
COMPOUND = re.compile(r"(?<![\w'-])\w+(?:['-]\w+)+")


def word_parts(text: str) -> list[str]:
    """Return the words of a text as the analyzer splits them: at every character that is not a
    letter or digit, a grouped number whole."""
    return _PART.findall(text)


class QueryError(ValueError):
    """The query text cannot be searched; the message says why, for the user."""


@dataclass
class Reading:
    """What the user typed, read: plain words (each word a tuple of its parts), or syntax."""

    text: str  # normalised and tidied, compounds quoted: what a syntax parser reads
    plain: bool  # no operator and no phrase: search all the words, then some of them
    phrases: bool = False  # no operator, and quoted phrases: all, then some, phrases kept
    words: list[tuple[str, ...]] = field(default_factory=list)  # plain only
    notices: list[str] = field(default_factory=list)
    quoted: frozenset[str] = frozenset()  # words typed in quotes, searched only as typed
    # plain only: the words followed by punctuation ("the Senate, Jeanine Áñez": Senate), by
    # their place in `words`; a name never runs past one
    breaks: frozenset[int] = frozenset()
    # plain only: the words typed with a capital first letter where no sentence starts ("golpe
    # de Estado", "the US-backed coup in May": Estado, May), as typed
    capitals: frozenset[str] = frozenset()


def read(text: str) -> Reading:
    """Read a query as people type it; raise QueryError only when nothing can be searched."""
    text, notices = normalise(text)
    text = similarity_as_edits(symbols_as_words(text), notices)
    notices += unknown_fields(text)
    quoted = [q for q in QUOTED.findall(text) if q.strip()]
    operators = bool(OPERATOR.search(text)) or text.count('"') % 2 == 1  # tidy says so
    if not operators and all(len(q.split()) == 1 for q in quoted):
        words, breaks, capitals = _plain_words(text, notices)
        singles = frozenset(w.strip().lower() for w in quoted)
        return Reading(" ".join(" ".join(w) for w in words), True, False, words, notices,
                       singles, breaks, capitals)
    tidied, more = tidy(text)
    if not operators:
        tidied = tidied.replace("(", " ").replace(")", " ")
    return Reading(quote_compounds(tidied), False, not operators, [], notices + more)


def _plain_words(text: str, notices: list[str]
                 ) -> tuple[list[tuple[str, ...]], frozenset[int], frozenset[str]]:
    """Return the words of plain text, each as its parts, within the limits; the places of
    those followed by punctuation before the next word; and the parts typed with a capital
    first letter where no sentence starts."""
    found = list(WORD.finditer(text))
    if any(len(m[0]) > MAX_WORD_CHARS for m in found):
        notices.append(f"Words longer than {MAX_WORD_CHARS} characters were left out.")
    kept = [m for m in found if len(m[0]) <= MAX_WORD_CHARS]
    if len(kept) > MAX_WORDS:
        notices.append(f"The query has {len(kept)} words; only the first {MAX_WORDS} were "
                       "searched.")
        kept = kept[:MAX_WORDS]
    words = [tuple(re.split(r"['-]", POSSESSIVE.sub("", m[0]))) for m in kept]
    breaks = frozenset(n for n, (m, after) in enumerate(pairwise(kept))
                       if text[m.end():after.start()].strip())
    inside = [m for before, m in pairwise(kept)
              if not SENTENCE_START.search(text[before.end():m.start()])]
    capitals = frozenset(part for m in inside for part in word_parts(m[0])
                         if part[:1].isupper())
    return words, breaks, capitals


def quote_compounds(text: str) -> str:
    """Read hyphenated and apostrophe words outside quotes as the phrase of their parts
    (coup-makers -> "coup makers"), a possessive as its word (OAS's -> OAS)."""
    def one(match: re.Match[str]) -> str:
        word = POSSESSIVE.sub("", match[0])
        parts = re.split(r"['-]", word)
        return word if len(parts) == 1 else '"' + " ".join(parts) + '"'
    return outside_quotes(text, lambda piece: COMPOUND.sub(one, piece))


def outside_quotes(text: str, change: Callable[[str], str]) -> str:
    """Return the text with `change` applied to what lies outside its quotes (after an
    unmatched quote, to the rest, as tidy() then drops that quote)."""
    pieces = text.split('"')
    return '"'.join(p if n % 2 and n < len(pieces) - 1 else change(p)
                    for n, p in enumerate(pieces))


def symbols_as_words(text: str) -> str:
    """Return the text with Lucene's operator symbols, outside quotes, as the words this syntax
    has for them: `a || b` as a OR b, `!word` as -word (so `coup || army` is no search for
    both words, nor `coup !army` one for the army). `a && b` needs nothing: `&&` is no word,
    and words are all required unless OR is between them."""
    def one(piece: str) -> str:
        piece = re.sub(r"(?<=\s)\|\|(?=\s)", "OR", piece)
        return re.sub(r"(?:^|(?<=[\s(]))!(?=\w)", "-", piece)
    return outside_quotes(text, one)


def similarity_as_edits(text: str, notices: list[str]) -> str:
    """Return the text with each `word~0.8` (Lucene's minimum similarity) as `word~N`: the
    edits Lucene allows for it, (1 - similarity) times the word's length, whole edits below 1;
    say so."""
    def one(match: re.Match[str]) -> str:
        word, similarity = match[1], float(match[2])
        if similarity >= 1:
            edits = min(int(similarity), MAX_EDITS)
        else:
            edits = min(int((1 - similarity) * len(word)), MAX_EDITS)
        notices.append(f"{match[0]} (a minimum similarity, Lucene's older form) was searched "
                       f"as {word}~{edits}: the words within {edits} edit"
                       f"{'' if edits == 1 else 's'} of it.")
        return f"{word}~{edits}"
    return SIMILARITY.sub(one, text)


def unknown_fields(text: str) -> list[str]:
    """Return a notice for a name typed as a field that is none (`site:wsws.org`, as web
    search reads it): its words are searched as words, and the page names the fields."""
    names = [n for n in dict.fromkeys(m.lower() for m in OTHER_FIELD.findall(text))
             if n not in FIELDS and n not in FILTERS]
    if not names:
        return []
    listed = ", ".join(f"{f}:" for f in FIELDS)
    one = len(names) == 1
    return [", ".join(f"{n}:" for n in names)
            + f" {'is not a field' if one else 'are not fields'} here; what follows "
            f"{'it was' if one else 'them was'} searched as words. The fields are {listed}; "
            f"the filters {', '.join(f'{f}:' for f in FILTERS)}."]


def normalise(text: str) -> tuple[str, list[str]]:
    """Fold curly quotes, drop control characters, collapse whitespace, lowercase a field name
    typed in capitals; keep the first MAX_QUERY_CHARS characters (to a word's end), saying so."""
    text = unicodedata.normalize("NFC", text)
    text = re.sub(r"[“”„‟″«»]", '"', text).replace("‘", "'").replace("’", "'")
    text = "".join(" " if unicodedata.category(c)[0] == "C" else c for c in text)
    text = FIELD_NAME.sub(lambda m: f"{m[1].lower()}:", " ".join(text.split()))
    notices = []
    if len(text) > MAX_QUERY_CHARS:
        cut = text[:MAX_QUERY_CHARS + 1].rsplit(" ", 1)[0] if " " in text[:MAX_QUERY_CHARS] \
            else text[:MAX_QUERY_CHARS]
        notices.append(f"The query is {len(text):,} characters long; only the first "
                       f"{len(cut):,} were searched (the limit is {MAX_QUERY_CHARS:,}).")
        text = cut
    return text, notices


def tidy(text: str) -> tuple[str, list[str]]:
    """Rewrite syntax the parser would choke on into a harmless equivalent; say what changed."""
    notices = []
    if text.count('"') % 2:
        text = text[::-1].replace('"', "", 1)[::-1]
        notices.append("An unmatched quote was ignored.")
    depth, deepest = 0, 0
    for ch in text:
        depth += {"(": 1, ")": -1}.get(ch, 0)
        deepest = max(deepest, depth)
        if depth < 0:
            break
    if depth != 0 or deepest > MAX_DEPTH:
        text = text.replace("(", " ").replace(")", " ")
        notices.append("Brackets were ignored (unbalanced or nested too deeply).")
    # ANDNOT is documented Whoosh syntax whose chains have crashed its parser; say it the way
    # our syntax does (AND NOT), which the parser handles in any number.
    text = re.sub(r"\bANDNOT\b", "AND NOT", text)
    # NOT NOT x crashes Whoosh's parser; it means x, and an odd run of NOTs means NOT x.
    text = re.sub(r"\b(?:NOT\s+){2,}", lambda m: "NOT " if m[0].count("NOT") % 2 else "", text)
    tokens = text.split()
    if any(len(t) > MAX_WORD_CHARS for t in tokens):  # before the operators left dangling
        tokens = [t for t in tokens if len(t) <= MAX_WORD_CHARS]
        notices.append(f"Words longer than {MAX_WORD_CHARS} characters were left out.")
    words = [n for n, t in enumerate(tokens) if t not in OPERATORS]
    if len(words) > MAX_WORDS:
        notices.append(f"The query has {len(words)} words; only the first {MAX_WORDS} were "
                       "searched.")
        tokens = tokens[:words[MAX_WORDS]]
    while tokens and tokens[0] in ("AND", "OR"):
        tokens.pop(0)
    while tokens and tokens[-1] in OPERATORS:
        tokens.pop()
    return " ".join(tokens), notices


LANGUAGE_SYNTAX = re.compile(r"(?<![\w:])(?i:lang|language):([A-Za-z]{2})(?![\w:])")


def language_filter(text: str) -> tuple[str, tuple[str, ...]]:
    """Return the text without its `lang:es` words, and the language codes they name (a
    filter on the articles' language, not words to search for)."""
    # the codes as typed: the language filter lowercases every code it is given (`lang:ES`)
    codes = tuple(dict.fromkeys(LANGUAGE_SYNTAX.findall(text)))
    if not codes:
        return text, ()
    return " ".join(LANGUAGE_SYNTAX.sub(" ", text).split()), codes


DATE_SYNTAX = re.compile(r"(?<![\w:/.])(?i:(from|to|date)):(\S+)")
# Lucene's range on a date field, `date:[2019-11 TO 2020]` (`*`: no bound), as from: and to:
DATE_RANGE = re.compile(r"(?<![\w:/.])(?i:date):\[\s*(\S+?)\s+TO\s+(\S+?)\s*\]")


def date_filter(text: str) -> tuple[str, str | None, str | None, list[str]]:
    """Return the text without its `from:2019-11`, `to:2019-12-31` and `date:2019` words, the
    first and last day they allow (ISO, inclusive; None: no bound), and a notice for each
    that is no date (a filter on the articles' dates, as the page's From and To are)."""
    text = DATE_RANGE.sub(lambda m: " ".join(f"{name}:{value}" for name, value in
                                             (("from", m[1]), ("to", m[2])) if value != "*"),
                          text)
    found = DATE_SYNTAX.findall(text)
    if not found:
        return text, None, None, []
    first: str | None = None
    last: str | None = None
    notices = []
    for name, value in found:
        try:
            start, end = parse_bound(value, end=False), parse_bound(value, end=True)
        except ValueError:
            notices.append(f"“{name}:{value}” is not a date (YYYY, YYYY-MM or YYYY-MM-DD), "
                           "so it was left out.")
            continue
        if name.lower() in ("from", "date"):
            first = max(filter(None, [first, start]))
        if name.lower() in ("to", "date"):
            last = min(filter(None, [last, end]))
    if first or last:
        span = (first if first == last else f"{first} to {last}" if first and last else
                f"from {first} on" if first else f"up to {last}")
        notices.append(f"Only articles dated {span}.")
    return " ".join(DATE_SYNTAX.sub(" ", text).split()), first, last, notices
