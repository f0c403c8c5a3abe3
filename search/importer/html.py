"""Saved web pages: the article's blocks, and what the page states about it, with where.

trafilatura (favouring precision) finds the main text; when it finds none, trafilatura
favouring recall, then readability-lxml, are asked in turn. readability's main text is also a
second opinion on where the article starts and ends (search/importer/agree.py). Then three
rules measured on real pages (docs/import-quality.md): the headline repeated at the top, a
byline or date line at the top (read as metadata), and runs of lines that are each a link
(lists of related stories) are dropped. The scraped-text rules of search/importer/chrome.py
are not applied: on saved pages they dropped more article than chrome.
"""

from typing import Any

from search.importer.agree import readability_text, trim_edges, words
from search.importer.datelines import find_date
from search.importer.furniture import drop_furniture
from search.importer.language import sure_language
from search.importer.meta import BY, Found, Metadata, names, read_byline
from search.importer.page import Block, blocks_of
from search.importer.pagemeta import page_metadata
from search.importer.pipeline import COPYRIGHT_RE, Draft
from search.importer.units import ImportError_, Unit

HEAD_BLOCKS = 3  # the headline and byline, if repeated in the text, are among the first lines
TRAFILATURA = "trafilatura's reading of the page"
MIN_LETTERS = 40  # a sentence or two; less is a caption or a menu, not an article


def import_html(html: str) -> Draft:
    """Extract the article and its metadata from a saved page; raise ImportError_ if none."""
    import trafilatura  # heavy, and only needed for HTML: loaded on first use

    tree = trafilatura.load_html(html)
    if tree is None:
        raise ImportError_("the page cannot be parsed as HTML")
    meta = Metadata()
    for key, (value, where) in page_metadata(tree).items():
        meta.fields[key] = Found(value, where)
    blocks, document = _extract(html)
    links = _link_texts(tree)
    _drop_link_lists(blocks, links)
    drop_furniture(blocks, links)
    _drop_headline(blocks, meta)
    _read_bylines(blocks, meta, sure_language(" ".join(b.text for b in blocks)))
    trim_edges(blocks, readability_text(html))
    for block in blocks:  # '© 2021 The Daily Planet. All rights reserved.' names the outlet
        if block.reason and "outlet" not in meta.fields and (m := COPYRIGHT_RE.search(block.text)):
            meta.fields["outlet"] = Found(m[1].strip(), f"the page's copyright line: "
                                                        f"{block.text[:60]!r}")
    _fill_from(document, meta)
    kept = [b for b in blocks if not b.reason]
    _refuse_if_no_article(blocks, kept, links)
    dropped = [Unit(b.text, i, kind="drop", reason=b.reason)
               for i, b in enumerate(blocks, start=1) if b.reason]
    return Draft(meta, [(b.kind, b.text) for b in kept], dropped, numbering="block")


def _extract(html: str) -> tuple[list[Block], Any]:
    """Return the main text's blocks and trafilatura's document (None if it found nothing)."""
    import trafilatura

    document: Any = None
    for precision in (True, False):
        found: Any = trafilatura.bare_extraction(
            html, favor_precision=precision, favor_recall=not precision, include_comments=False,
            with_metadata=True,
            date_extraction_params={"extensive_search": False, "original_date": True})
        document = document or found
        blocks = blocks_of(found.body) if found is not None else []
        if any(words(b.text) for b in blocks):
            return blocks, found
    return [Block("p", text) for text in readability_text(html)], document


def _refuse_if_no_article(blocks: list[Block], kept: list[Block],
                          links: set[tuple[str, ...]]) -> None:
    """Raise ImportError_, saying why, when the page's main text is not an article."""
    text, left = " ".join(b.text for b in blocks), " ".join(b.text for b in kept)
    if not words(text):
        why = "trafilatura and readability find no main text in it"
    elif all(tuple(words(b.text)) in links for b in blocks if words(b.text)):
        why = f"all the text they find is links ({text[:60]!r}): a menu, not an article"
    elif sum(c.isalpha() for c in left) < MIN_LETTERS:
        why = (f"besides the headline, byline and links, the only text is {left[:60]!r}, too "
               "little for an article")
    else:
        return
    raise ImportError_(f"no article text found in the page: {why}")


def _fill_from(document: Any, meta: Metadata) -> None:
    """Take from trafilatura's reading of the page (bylines, dates in the text) the fields the
    page's metadata does not state."""
    if document is None:
        return
    authors = [a.strip() for a in (document.author or "").split(";") if a.strip()]
    for key, value in (("title", document.title), ("authors", authors),
                       ("outlet", document.sitename), ("date", document.date),
                       ("url", document.url)):
        if value and key not in meta.fields:
            meta.fields[key] = Found(value, TRAFILATURA)


def _same(a: str, b: str) -> bool:
    """Say whether two texts have the same words."""
    return bool(words(a)) and words(a) == words(b)


def _drop_headline(blocks: list[Block], meta: Metadata) -> None:
    """Drop the headline where the text repeats it: it is the title, not a paragraph."""
    title = meta.fields.get("title")
    for block in [b for b in blocks if not b.reason][:HEAD_BLOCKS]:
        if title is not None and _same(block.text, str(title.value)):
            block.reason = "the title, repeated"


def _read_bylines(blocks: list[Block], meta: Metadata, language: str | None) -> None:
    """Read a byline or date line above the first paragraph as metadata, and drop it; a
    numeric date is read in the way of the page's language (day first in Spanish)."""
    head = [(n, b) for n, b in enumerate(blocks, start=1) if not b.reason][:HEAD_BLOCKS]
    for number, block in head:
        if len(block.text.split()) >= 12:
            return
        found, unit = Metadata(), Unit(block.text, number)
        if read_byline(unit, found, language):
            block.reason = "byline (read as metadata)"
        elif BY.match(block.text) and (authors := names(block.text)):
            found.put("authors", authors, unit)
            block.reason = "byline (read as metadata)"
        elif (date := find_date(block.text, language)) is not None:
            found.put("date", date, unit)
            block.reason = "date line (read as metadata)"
        for key, value in found.fields.items():
            if key not in meta.fields:
                meta.fields[key] = Found(value.value, f"the text above the article: "
                                                      f"{block.text[:60]!r}")


def _link_texts(tree: Any) -> set[tuple[str, ...]]:
    """Return the words of every link's text in the page."""
    return {tuple(w) for a in tree.iter("a") if (w := words(a.text_content()))}


def _drop_link_lists(blocks: list[Block], links: set[tuple[str, ...]]) -> None:
    """Drop runs of two or more lines that are each a whole link: lists of other stories."""
    linked = [bool(words(b.text)) and tuple(words(b.text)) in links for b in blocks]
    for i, block in enumerate(blocks):
        beside = (i > 0 and linked[i - 1]) or (i + 1 < len(blocks) and linked[i + 1])
        if linked[i] and beside and not block.reason:
            block.reason = "a list of links"
