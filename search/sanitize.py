"""The one HTML sanitiser: everything shown as HTML passes here. Only <mark> survives.

bleach is end-of-life upstream; this is the only module that imports it, so replacing it
later touches this file alone.
"""

import bleach
from markupsafe import Markup

ALLOWED_TAG = "mark"


def clean_highlight(html: str) -> Markup:
    """Return html with every tag but a bare <mark> removed and all text escaped, as markup
    that templates show as it is (the only Markup made from text in the project)."""
    return Markup(bleach.clean(html, tags={ALLOWED_TAG}, attributes={}, protocols=set(), strip=True,
                        strip_comments=True))
