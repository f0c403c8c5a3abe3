"""Mark the words that matched, with the same analysis as the index, then sanitise."""

import html

from markupsafe import Markup
from whoosh import highlight, query

from search.sanitize import clean_highlight
from search.whoosh.schema import text_analyzer

WHOLE_PARAGRAPH_CHARS = 700
FRAGMENT_CHARS = 360
SEPARATOR = " … "

_ANALYZER = text_analyzer()
_FORMATTER = highlight.HtmlFormatter(tagname="mark", between=SEPARATOR, classname="",
                                     termclass="")


def highlight_text(text: str, words: frozenset[str], whole: bool = False) -> Markup:
    """Return the paragraph (its best fragments if long, unless whole) as sanitised HTML."""
    marked = ""
    fits = whole or len(text) <= WHOLE_PARAGRAPH_CHARS
    if words:
        if fits:
            fragmenter: highlight.Fragmenter = highlight.WholeFragmenter(charlimit=None)
            top = 1
        else:
            fragmenter = highlight.ContextFragmenter(maxchars=FRAGMENT_CHARS, surround=90,
                                                     charlimit=None)
            top = 2
        marked = highlight.highlight(text, words, _ANALYZER, fragmenter, _FORMATTER, top=top,
                                     order=highlight.FIRST)
    if not marked:
        short = text if fits else text[:FRAGMENT_CHARS] + "…"
        marked = html.escape(short, quote=False)
    return clean_highlight(marked)


def query_words(q: query.Query | None) -> frozenset[str]:
    """Return the words a query looks for in paragraph text, leaving out negated ones."""
    if q is None or isinstance(q, query.Not):
        return frozenset()
    if isinstance(q, query.AndNot):
        return query_words(q.a)
    if isinstance(q, query.Term | query.Phrase):
        return frozenset(t for f, t in q.all_terms() if f == "text")
    return frozenset().union(*(query_words(sub) for sub in q.children()))
