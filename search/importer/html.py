"""Saved web pages: trafilatura finds the main text and metadata; our rules do the rest."""

from search.importer.meta import Found
from search.importer.pipeline import Draft, import_text
from search.importer.units import ImportError_


def import_html(html: str) -> Draft:
    """Extract the article from a saved page and turn it into a draft."""
    import trafilatura  # heavy, and only needed for HTML: loaded on first use

    text = trafilatura.extract(html, output_format="markdown", include_formatting=True,
                               include_links=False, include_comments=False, favor_precision=True)
    if not text:
        raise ImportError_("no article text found in the page")
    page = trafilatura.extract_metadata(html)
    draft = import_text(text)
    stated = {
        "title": page.title if page else None,
        "authors": [a.strip() for a in (page.author or "").split(";") if a.strip()]
        if page else [],
        "outlet": page.sitename if page else None,
        "date": page.date if page else None,
        "url": page.url if page else None,
    }
    for key, value in stated.items():
        if value:
            draft.meta.fields[key] = Found(value, "the page's metadata")
    return draft
