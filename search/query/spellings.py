"""Which two spellings are one word: words of the language, British and American forms,
months and their abbreviations, numbers in words and digits, and the edit distance between
two words (a swap of neighbours counts as one edit)."""

import re
import unicodedata
from functools import cache

from num2words import num2words
from wordfreq import zipf_frequency

LANGUAGE = "en"  # the corpus's language: every article's front matter says en
# wordfreq's Zipf scale: 3 is once per million words. From there a word is a word of the
# language (statue 4.1, ballots 3.6, snipers 3.3, mesa 3.5), never a misspelling of another;
# names and foreign words of the corpus sit below (meza 2.0, camacho 2.5, wiphala 0).
DICTIONARY = 3.0

# British and American spellings of one word, by rule: (British, American, the endings that
# may follow each, what must come before). Both spellings must also be words of the corpus.
_ENDINGS_OUR = ("", "s", "ed", "ing", "ite", "ites", "able", "ably", "ful", "less", "er", "ers")
_PAIRS: list[tuple[str, str, tuple[tuple[str, str], ...], str]] = [
    ("our", "or", tuple((e, e) for e in _ENDINGS_OUR), r"\w{3,}"),  # colour, labour (not four)
    ("is", "iz", tuple((e, e) for e in ("e", "es", "ed", "ing", "er", "ers", "ation",
                                        "ations")), r"\w{3,}"),  # organise, organisation
    ("ys", "yz", tuple((e, e) for e in ("e", "es", "ed", "ing", "er", "ers")), r"\w{2,}"),
    ("re", "er", (("", ""), ("s", "s"), ("d", "ed")), r"\w{2,}[bcdfgklmnpstvz]"),  # centre
    ("ence", "ense", (("", ""), ("s", "s"), ("d", "d")), r"\w{2,}"),  # licence, defence
    ("ogue", "og", (("", ""), ("s", "s")), r"\w{3,}"),  # catalogue, dialogue
    ("ell", "el", tuple((e, e) for e in ("ed", "ing", "er", "ers")), r"\w{2,}"),  # travelled
]


# Months and the abbreviations press dates use ("Nov. 19", "November 10"); not those that are
# other words too (mar, may, jun, jul).
MONTHS = {"january": ("jan",), "february": ("feb",), "april": ("apr",), "august": ("aug",),
          "september": ("sept", "sep"), "october": ("oct",), "november": ("nov",),
          "december": ("dec",)}
_MONTH_OF = {short: month for month, shorts in MONTHS.items() for short in shorts}

# Numbers written out and in digits: press style writes small numbers in words ("Ten were
# murdered", "nueve muertos"), a reader types digits, or the other way round. Not one (a
# pronoun: "one of the"; uno, un) nor zero. The words of each language come from num2words.
WRITTEN_NUMBERS = (*range(2, 21), *range(30, 100, 10), 100, 1000)


@cache
def numbers_in(code: str) -> dict[str, str]:
    """Return a language's numbers in words, word → digits ({} for a language num2words lacks):
    those of one word ("one hundred" is "hundred"; "dix-sept" is left out)."""
    try:
        one = num2words(1, lang=code).lower()
        written = {n: num2words(n, lang=code).lower().split() for n in WRITTEN_NUMBERS}
    except NotImplementedError:
        return {}
    return {(words[-1] if len(words) == 2 and words[0] == one else words[0]): str(n)
            for n, words in written.items()
            if (len(words) == 1 or len(words) == 2 and words[0] == one) and words[-1].isalpha()}


def number_spellings(word: str, code: str) -> list[str]:
    """Return a number's digits for its words (typed with accents or not), or its words for
    its digits, in a language (ten → 10, 10 → ten; dieciseis → 16 in Spanish)."""
    words, digits = _number_tables(code)
    return list(words.get(word, ())) or ([digits[_folded(word)]] if _folded(word) in digits else [])


@cache
def _number_tables(code: str) -> tuple[dict[str, list[str]], dict[str, str]]:
    """Return a language's number words by their digits, and its digits by their words
    without accents."""
    words: dict[str, list[str]] = {}
    for word, number in numbers_in(code).items():
        words.setdefault(number, []).append(word)
    return words, {_folded(word): number for word, number in numbers_in(code).items()}


def _folded(word: str) -> str:
    """Return the word without its accents (dieciséis: dieciseis)."""
    return "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))


# A place and the adjective of its people, by rule: (the place's ending, the adjective's in its
# place): Bolivia, Bolivian; Argentina, Argentinean; Chile, Chilean; Mexico, Mexican; Canada,
# Canadian; Italy, Italian; and after a consonant, Brazil, Brazilian. Either finds the other
# ("army of Bolivia": "the Bolivian army"); both must be words of the corpus that it writes
# with a capital (search/whoosh/spelling.py), or "guard" would find "guardian" and "media"
# "median".
_PLACE_PEOPLE = (("a", "an"), ("a", "ean"), ("e", "ean"), ("o", "an"), ("a", "ian"), ("y", "ian"),
                 ("", "ian"))
_CONSONANT = re.compile(r"[^aeiouy\W\d_]$")
SHORTEST_PLACE = 4  # letters (Peru, Cuba, Iran)


@cache
def zipf(word: str) -> float:
    """Return how common the word is in the language (wordfreq's Zipf scale, 0: unknown)."""
    return float(zipf_frequency(word, LANGUAGE))


def in_dictionary(*forms: str) -> bool:
    """Say whether any of a word's forms (as typed, stemmed) is a common word of the language."""
    return any(zipf(f) >= DICTIONARY for f in forms if f)


def other_spellings(word: str) -> list[str]:
    """Return the word's British or American spellings by rule (licence → license), a
    month's abbreviations or an abbreviation's month (nov → november), and a number's digits
    or words (ten → 10, 10 → ten)."""
    out = [*MONTHS.get(word, ()), *([_MONTH_OF[word]] if word in _MONTH_OF else [])]
    out += number_spellings(word, LANGUAGE)
    for british, american, endings, before in _PAIRS:
        for b_end, a_end in endings:
            for this, that in ((british + b_end, american + a_end),
                               (american + a_end, british + b_end)):
                found = re.fullmatch(rf"({before}){this}", word)
                if found:
                    out.append(found[1] + that)
    return list(dict.fromkeys(w for w in out if w != word))


def places_and_peoples(word: str) -> list[str]:
    """Return the adjectives of a place's people that a word may have, or the places that an
    adjective (or its plural: Bolivians) may come from, by rule; the corpus decides which are
    words."""
    single = word[:-1] if word.endswith("ns") else word
    out = []
    for place, people in _PLACE_PEOPLE:
        if word.endswith(place) and (place or _CONSONANT.search(word)):
            out.append(word[:len(word) - len(place)] + people)
        bare = single[:len(single) - len(people)]
        if single.endswith(people) and (place or _CONSONANT.search(bare)):
            out.append(bare + place)
    return list(dict.fromkeys(w for w in out if len(w) >= SHORTEST_PLACE))


def distance(a: str, b: str) -> int:
    """Return the edit distance between two words, a swap of neighbours counting as one edit
    (optimal string alignment, "Damerau-Levenshtein")."""
    before: list[int] = []
    row = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            current[j] = min(row[j] + 1, current[j - 1] + 1, row[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], before[j - 2] + 1)
        before, row = row, current
    return row[-1]
