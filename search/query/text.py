"""The text a user typed, made safe to read: normalised, within limits, its syntax tidied.

Limits are applied before any parser sees the text, because Whoosh's parser has known crashes
(NOT NOT x, ANDNOT chains, deep nesting) and costs that grow with the square of a token's length.
"""

import re
import unicodedata

MAX_QUERY_CHARS = 500
MAX_WORDS = 32
MAX_WORD_CHARS = 60
MAX_DEPTH = 5
MAX_SLOP = 20
MIN_PREFIX = 3
MAX_EXPANSION = 50
MAX_SCAN = 5000
OPERATORS = {"AND", "OR", "NOT"}


class QueryError(ValueError):
    """The query text cannot be searched; the message says why, for the user."""


def normalise(text: str) -> str:
    """Fold curly quotes, drop control characters, collapse whitespace; enforce the length cap."""
    text = unicodedata.normalize("NFC", text)
    text = re.sub(r"[“”„‟″«»]", '"', text).replace("‘", "'").replace("’", "'")
    text = "".join(" " if unicodedata.category(c)[0] == "C" else c for c in text)
    text = " ".join(text.split())
    if len(text) > MAX_QUERY_CHARS:
        raise QueryError(f"The query is {len(text)} characters long; the limit is "
                         f"{MAX_QUERY_CHARS}.")
    return text


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
    while tokens and tokens[0] in ("AND", "OR"):
        tokens.pop(0)
    while tokens and tokens[-1] in OPERATORS:
        tokens.pop()
    words = [t for t in tokens if t not in OPERATORS]
    if len(words) > MAX_WORDS:
        raise QueryError(f"The query has {len(words)} words; the limit is {MAX_WORDS}.")
    if any(len(w) > MAX_WORD_CHARS for w in words):
        raise QueryError(f"A word in the query is longer than {MAX_WORD_CHARS} characters.")
    return " ".join(tokens), notices
