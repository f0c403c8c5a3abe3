"""The one HTML sanitiser: everything shown as HTML passes here. Only <mark> survives.

bleach is end-of-life upstream; this is the only module that imports it, so replacing it
later touches this file alone.
"""

import re

import bleach
from markupsafe import Markup

ALLOWED_TAG = "mark"
_TAGS = frozenset({"<mark>", "</mark>"})
_TOKENS = re.compile("<mark>|</mark>|&(?:amp|lt|gt);|[<>&]")


def clean_highlight(html: str) -> Markup:
    """Return html with every tag but a bare <mark> removed and all text escaped, as markup
    that templates show as it is (the only Markup made from text in the project)."""
    if _unchanged(html):  # bleach would give it back as it is: skip its parse (50-300 µs)
        return Markup(html)
    return Markup(bleached(html))


def _unchanged(html: str) -> bool:
    """Say whether html is what the highlighter makes and bleach keeps as it is: printable
    text whose only tags are bare <mark> and </mark>, in pairs, not nested, and whose only
    <, > and & stand in those tags and in the entities &amp; &lt; &gt;."""
    if not html.isprintable():
        return False
    inside = False
    for token in _TOKENS.findall(html):
        if token in _TAGS:
            if (token == "<mark>") == inside:  # nested, or closed before it opened
                return False
            inside = not inside
        elif len(token) == 1:  # a < > or & of its own
            return False
    return not inside


def bleached(html: str) -> str:
    """Return what bleach makes of html: every tag but a bare <mark> removed, text escaped."""
    return str(bleach.clean(html, tags={ALLOWED_TAG}, attributes={}, protocols=set(),
                            strip=True, strip_comments=True))
