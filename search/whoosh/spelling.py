"""Spelling variants: a query word absent from the corpus also matches close words that are in
it (a typo: "did you mean"); a word that is in it matches only itself, or also another
spelling of the same name or foreign word (whipala, wiphala), its British or American form
(licence, license), or a place's name its people's adjective and back (Bolivia, Bolivian).
A variant always scores below the word typed."""

import re

from whoosh import query
from whoosh.searching import Searcher

from search.query.spellings import (
    distance,
    in_dictionary,
    number_spellings,
    other_spellings,
    places_and_peoples,
    zipf,
)
from search.query.text import LONG_QUERY, normalise, word_parts
from search.whoosh.acronyms import abbreviated, is_acronym, spelt_out, with_acronyms
from search.whoosh.languages import ENGLISH, forms
from search.whoosh.names import proper
from search.whoosh.schema import text_analyzer
from search.whoosh.typos import (
    SPELLING_FIELD,
    VARIANT_WEIGHT,
    close_inflections,
    close_words,
    written,
)
from search.whoosh.variants import Variant, VariantPhrase, Variants

# A name in more paragraphs than a page of results is searched as typed: its other spellings
# would rank below it anyway, and looking for them costs 3-15 ms a word at 100k paragraphs.
FEW = 10
MOST = 3  # variants of one word, at most
# Words in no paragraph looked up for a correction in one query, at most: each lookup walks
# the vocabulary twice (words, then stems), and a pasted passage of 110 made-up words took
# 1.9 s at 100k paragraphs before any search began.
TYPOS = 8

_ANALYZER = text_analyzer()


def analyse(word: str, stem: bool = True) -> str:
    """Return the indexed form of one word (lowercased, accents folded, optionally stemmed)."""
    tokens = [t.text for t in _ANALYZER(word, no_morph=not stem)]
    return tokens[0] if tokens else ""


def typed_forms(words: list[str], languages: tuple[str, ...] = (ENGLISH,)) -> dict[str, str]:
    """Map each word's indexed form (in each language) to the word as the user typed it
    (lowercased)."""
    return {form: w.lower() for w in words for form in forms(w, languages).values()}


def bare_words(q: query.Query) -> set[str]:
    """Return the paragraph-text words the query searches outside any phrase."""
    if isinstance(q, query.Term):
        return {q.text} if q.fieldname == "text" else set()
    if q.is_leaf():  # a phrase: its words are searched exactly as typed
        return set()
    return set().union(*(bare_words(sub) for sub in q.children()))


def phrase_words(q: query.Query) -> set[str]:
    """Return the paragraph-text words the query searches inside phrases."""
    if isinstance(q, query.Phrase):
        return set(q.words) if q.fieldname == "text" else set()
    if q.is_leaf():
        return set()
    return set().union(*(phrase_words(sub) for sub in q.children()))


def quoted_words(text: str, languages: tuple[str, ...] = (ENGLISH,)) -> set[str]:
    """Return the indexed forms (in each language) of the words that are typed only inside
    quotes (Whoosh's parser makes a one-word phrase a plain word, so the text is the only
    witness)."""
    text, _ = normalise(text)  # curly quotes are quotes
    inside = {form for part in re.findall(r'"([^"]*)"', text)
              for w in word_parts(part) for form in forms(w, languages).values()}
    outside = {form for w in word_parts(re.sub(r'"[^"]*"', " ", text))
               for form in forms(w, languages).values()}
    return inside - outside


def find_variants(searcher: Searcher, words: list[str], q: query.Query, text: str = "",
                  languages: tuple[str, ...] = (ENGLISH,)) -> Variants:
    """Look up the variants of the query's words that search paragraph text unquoted, in
    each language the query reads them in (a word found in one language is no typo)."""
    searched = bare_words(q) - quoted_words(text, languages)
    found = Variants()
    _in_phrases(searcher, words, phrase_words(q), found)
    if len(words) <= LONG_QUERY:  # a pasted passage is looked for by its own words
        spelt_out(searcher, words, searched, languages, found)
        abbreviated(searcher, words, searched, languages, found)
    looked_up = 0
    typed_as_acronyms = _acronyms(words)
    for word in dict.fromkeys(words):
        plain = analyse(word, stem=False)
        stems = {code: form for code, form in forms(word, languages).items()
                 if form in searched and form not in found.by_stem}
        if not stems:
            continue
        freq = sum(searcher.doc_frequency("text", form) for form in stems.values())
        stem = stems.get(ENGLISH)
        # Too short to look for close words, or spelt right and in no paragraph: its other
        # spellings by rule only (nov: november; defense: defence). "paid" is no typo of
        # "pain", nor "children" of "Chile".
        if len(plain) < 4 or freq == 0 and in_dictionary(plain):
            options = _spelt_otherwise(searcher, plain, stem) if stem is not None else []
        elif freq == 0 and word in typed_as_acronyms:  # TIPNIS is no typo of "tiny"
            options = []
        elif freq == 0:
            looked_up += 1
            options = _typo_fixes(searcher, plain, set(stems.values()), languages) \
                if looked_up <= TYPOS else []
        elif stem is not None and searcher.doc_frequency("text", stem):
            options = _same_word(searcher, plain, stem, freq)
        else:  # found in another language: the English word lists say nothing of it
            options = []
        numbers = {code: _numbers(searcher, plain, code) for code in stems if code != ENGLISH}
        every = list(dict.fromkeys(options + [n for found_in in numbers.values()
                                              for n in found_in]))
        if not every:
            continue
        for code, form in stems.items():
            mine = searcher.idf("text", form) if freq else None
            # an option is a run of word characters: each language indexes it as one word
            variants = [forms(o, (code,))[code] for o in options + numbers.get(code, [])]
            if variants:
                found.by_stem[form] = {v: _weight(searcher, mine, v) for v in variants}
        found.spelled[word.lower()] = every
        if freq == 0:
            found.absent.append(word.lower())
            found.replacements[word] = written(searcher, every[0], languages)
    return found


def _acronyms(words: list[str]) -> set[str]:
    """Return the words typed as acronyms (TIPNIS, YPFB): a corpus without one has no typo of
    it, only other words a letter or two away. Not when every word of several is in capitals
    (typed with caps lock on)."""
    if len(words) > 1 and all(w.isupper() for w in words if w.isalpha()):
        return set()
    return {w for w in words if is_acronym(w)}


def _numbers(searcher: Searcher, plain: str, code: str) -> list[str]:
    """Return a number's words or digits in a language other than English that its paragraphs
    have (diez, 10): English's come with the other spellings by rule."""
    return [w for w in number_spellings(plain, code)
            if searcher.doc_frequency("text", forms(w, (code,))[code])]


def _in_phrases(searcher: Searcher, words: list[str], phrased: set[str],
                found: Variants) -> None:
    """Add the British or American forms of the words of phrases: a phrase asks for its words
    side by side, and "licence to kill" is the same words as "license to kill" (a name's
    other spellings and typo fixes are left out of phrases: those are other words)."""
    for word in dict.fromkeys(words):
        plain, stem = analyse(word, stem=False), analyse(word)
        if stem not in phrased or stem in found.in_phrases:
            continue
        mine = searcher.idf("text", stem) if searcher.doc_frequency("text", stem) else None
        options = _spelt_otherwise(searcher, plain, stem)
        if options:
            found.in_phrases[stem] = {analyse(o): _weight(searcher, mine, analyse(o))
                                      for o in options}
            found.spelled.setdefault(word.lower(), []).extend(options)


def _weight(searcher: Searcher, mine: float | None, variant: str) -> float:
    """Return a variant's boost: VARIANT_WEIGHT of what the typed word (of idf `mine`) would
    score in its place, where a rarer variant's own idf would make it outscore the word; a
    word in no paragraph (mine None) has its variants stand in for it in full."""
    if mine is None:
        return 1.0
    return VARIANT_WEIGHT * min(1.0, mine / float(searcher.idf("text", variant)))


def _typo_fixes(searcher: Searcher, plain: str, stems: set[str],
                languages: tuple[str, ...] = (ENGLISH,)) -> list[str]:
    """Return the closest words of the corpus to a word it lacks, most frequent first."""
    ranked = _ranked(searcher, plain, stems, languages)
    if not ranked:  # no corpus word is close, but a stem may be (elecion: eleccion)
        return close_inflections(searcher, stems)[:MOST]
    return _one_per_stem([w for w in ranked if distance(plain, w) == distance(plain, ranked[0])])


def _ranked(searcher: Searcher, plain: str, stem: str | set[str],
            languages: tuple[str, ...] = (ENGLISH,)) -> list[str]:
    """Return the corpus's words close to `plain` (not of its stems, in any language): the
    closest first, then the most frequent: by their stem's paragraphs, then by their own (of
    "morale" and "Morales", both one edit from "Moralez" and indexed as "moral", the word the
    corpus writes most)."""
    stems = {stem} if isinstance(stem, str) else stem
    frequency = {w: (sum(searcher.doc_frequency("text", form)
                         for form in forms(w, languages).values()),
                     searcher.frequency(SPELLING_FIELD, w))  # (its doc_frequency is 1)
                 for w in close_words(searcher, plain, 1 if len(plain) < 6 else 2)
                 if not stems & set(forms(w, languages).values())}
    return sorted(frequency, key=lambda w: (distance(plain, w), -frequency[w][0],
                                            -frequency[w][1], w))


def _same_word(searcher: Searcher, plain: str, stem: str, freq: int) -> list[str]:
    """Return the corpus's other spellings of a word it has: British or American forms, and
    for a name or foreign word in few paragraphs, close words that are no words of the language
    either, and not both known to wordfreq (Meza and Mesa: two people)."""
    options = _spelt_otherwise(searcher, plain, stem) + _place_or_people(searcher, plain, stem)
    if freq <= FEW and not in_dictionary(plain, stem):
        options += [w for w in _ranked(searcher, plain, stem)
                    if not in_dictionary(w, analyse(w)) and not (zipf(plain) and zipf(w))]
    return _one_per_stem(options)


def _place_or_people(searcher: Searcher, plain: str, stem: str) -> list[str]:
    """Return the adjective of a place's people for the place's name, or the place for the
    adjective (query/spellings.py), where the corpus has both words and writes them with a
    capital, as names are written (not "guard" and "guardian")."""
    found = {w: form for w in places_and_peoples(plain) if (form := analyse(w)) != stem
             and searcher.doc_frequency("text", form)}
    reader = searcher.reader()
    if not found or not proper(reader, stem, _ANALYZER):
        return []
    return [w for w, form in found.items() if proper(reader, form, _ANALYZER)]


def _spelt_otherwise(searcher: Searcher, plain: str, stem: str) -> list[str]:
    """Return the word's other spellings by rule (query/spellings.py) that the corpus has."""
    return [w for w in other_spellings(plain) if analyse(w) != stem
            and searcher.doc_frequency("text", analyse(w))]


def _one_per_stem(words: list[str]) -> list[str]:
    """Return the first MOST words of distinct stems."""
    return list({analyse(w): w for w in reversed(words)}.values())[::-1][:MOST]


def widen(q: query.Query, variants: Variants) -> query.Query:
    """Return the query with each word that has variants also matching them, boosted down,
    and each typed name with an acronym also matching the acronym."""
    return with_acronyms(_widen_words(q, variants), variants)


def _widen_words(q: query.Query, variants: Variants) -> query.Query:
    """Return the query with each word that has variants also matching them, boosted down."""
    if isinstance(q, query.Term) and q.fieldname == "text" and (
            q.text in variants.by_stem or q.text in variants.names):
        alternatives = [Variant("text", v, boost=b)
                        for v, b in variants.by_stem.get(q.text, {}).items()]
        alternatives += [VariantPhrase("text", list(words), boost=b)
                         for words, b in variants.names.get(q.text, {}).items()]
        return query.Or([q, *alternatives])
    if isinstance(q, query.Phrase) and q.fieldname == "text":
        return _widen_phrase(q, variants.in_phrases)
    if q.is_leaf():
        return q
    return q.apply(lambda sub: _widen_words(sub, variants))


def _widen_phrase(q: query.Phrase, forms: dict[str, dict[str, float]]) -> query.Query:
    """Return the phrase, or it and the phrases with one word in its other spelling."""
    alternatives = [VariantPhrase("text", [*q.words[:i], other, *q.words[i + 1:]], slop=q.slop,
                                  boost=q.boost * boost)
                    for i, word in enumerate(q.words)
                    for other, boost in forms.get(word, {}).items()]
    return query.Or([q, *alternatives]) if alternatives else q


def suggestion(text: str, variants: Variants) -> str | None:
    """Return the query text with absent words replaced by their best variant, if any."""
    if not variants.replacements:
        return None
    out = text
    for word, better in variants.replacements.items():
        if word.isupper():
            better = better.upper()
        elif word[:1].isupper():
            better = better[:1].upper() + better[1:]
        # the whole word only (bibel, not inside bibelot); `better` is a word: no backslashes
        out = re.sub(rf"(?<!\w){re.escape(word)}(?!\w)", better, out)
    return out
