"""XML documents: the Atom feed of a search and the OpenSearch description of the site."""

import re
import xml.etree.ElementTree as ET

from search.corpus.dates import parse_date
from search.models import SearchResult
from search.web.links import external_url, permalink
from search.web.params import search_args

ATOM = "http://www.w3.org/2005/Atom"
OPENSEARCH = "http://a9.com/-/spec/opensearch/1.1/"


def _timestamp(date: str) -> str:
    """Return an RFC 3339 time for a stated date (a month's first day when only the month)."""
    first, _ = parse_date(date)
    return f"{first}T00:00:00Z"


def _generation_time(gid: str) -> str:
    """Return when a generation was built, from its id (YYYYMMDDTHHMMSS-…)."""
    stamp = gid.split("-", 1)[0]
    if len(stamp) != 15:
        return "1970-01-01T00:00:00Z"
    return (f"{stamp[0:4]}-{stamp[4:6]}-{stamp[6:8]}T{stamp[9:11]}:{stamp[11:13]}:"
            f"{stamp[13:15]}Z")


# Characters XML 1.0 does not allow in a document, even escaped (a query may carry them).
NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _add(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, tag, {k: NOT_XML.sub("", v) for k, v in attrs.items()})
    element.text = NOT_XML.sub("", text) if text is not None else None
    return element


def atom(result: SearchResult) -> bytes:
    """Return the Atom 1.0 feed of a search's newest matching paragraphs.

    Entry ids are the paragraphs' permanent URLs, so they stay the same from one fetch to the
    next; the feed id is the search's own URL, without paging.
    """
    args = search_args(result.request, page=1, per_page=10, sort="relevance")
    page_url = external_url("pages.search", **args)
    feed = ET.Element("feed", xmlns=ATOM)
    what = f"“{result.request.text}”" if result.request.text else "all paragraphs"
    _add(feed, "title", f"press-search: {what}, newest first")
    _add(feed, "id", page_url)
    updated = max((_timestamp(h.article.date) for h in result.hits),
                  default=_generation_time(result.generation))
    _add(feed, "updated", updated)
    _add(feed, "link", rel="self", type="application/atom+xml",
         href=external_url("research.search_atom", **args))
    _add(feed, "link", rel="alternate", type="text/html", href=page_url)
    author = _add(feed, "author")
    _add(author, "name", "press-search")
    _add(feed, "generator", "press-search")
    for hit in result.hits:
        link = permalink(hit.article.slug, hit.pid, external=True)
        entry = _add(feed, "entry")
        _add(entry, "id", link)
        _add(entry, "title",
             f"{hit.article.outlet}: {hit.article.title}, ¶ {hit.number}")
        _add(entry, "updated", _timestamp(hit.article.date))
        _add(entry, "published", _timestamp(hit.article.date))
        _add(entry, "link", rel="alternate", type="text/html", href=link)
        for name in hit.article.authors:
            _add(_add(entry, "author"), "name", name)
        _add(entry, "content", hit.text, type="text")
    document: bytes = ET.tostring(feed, encoding="utf-8", xml_declaration=True)
    return document


def opensearch_description() -> bytes:
    """Return the OpenSearch 1.1 description: results page, suggestions and feed templates."""
    search = external_url("pages.search") + "?q={searchTerms}"
    doc = ET.Element("OpenSearchDescription", xmlns=OPENSEARCH)
    _add(doc, "ShortName", "press-search")
    _add(doc, "Description", "Search press coverage paragraph by paragraph")
    _add(doc, "InputEncoding", "UTF-8")
    _add(doc, "Url", type="text/html", method="get", template=search)
    _add(doc, "Url", type="application/x-suggestions+json",
         template=external_url("research.suggest") + "?q={searchTerms}")
    _add(doc, "Url", type="application/atom+xml",
         template=external_url("research.search_atom") + "?q={searchTerms}")
    _add(doc, "Url", type="application/opensearchdescription+xml", rel="self",
         template=external_url("research.opensearch"))
    document: bytes = ET.tostring(doc, encoding="utf-8", xml_declaration=True)
    return document
