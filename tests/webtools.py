"""Helpers for the web tests: read pages the way a user sees them."""

import html
import re
from html.parser import HTMLParser

from werkzeug.test import TestResponse

HIDDEN_TAGS = {"script", "style", "title", "head"}
INLINE_TAGS = {"a", "mark", "span", "code", "time", "b", "i", "em", "strong", "label"}


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in HIDDEN_TAGS:
            self.hidden += 1
        elif tag not in INLINE_TAGS:
            self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in HIDDEN_TAGS:
            self.hidden -= 1
        elif tag not in INLINE_TAGS:
            self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data)


def text(page: str | TestResponse) -> str:
    """Return a page's text content with whitespace collapsed, as a reader sees it."""
    source = page if isinstance(page, str) else page.get_data(as_text=True)
    parser = _Text()
    parser.feed(source)
    return " ".join("".join(parser.parts).split())


def body(response: TestResponse) -> str:
    """Return a response's HTML."""
    return response.get_data(as_text=True)


def hit_ids(page: str, related: bool = False, some: bool = True) -> list[str]:
    """Return the paragraph ids of the results on a results page, in order: those that match
    the search (some words or all; all only if not `some`), and with `related` the related
    ones after them too."""
    kinds = "" if related else "(?! hit--related)"
    kinds += "" if some else "(?! hit--some)"
    return re.findall(rf'<li class="hit{kinds}[^"]*" id="hit-([a-z2-7]+)"', page)


def section(page: str, start: str, end: str) -> str:
    """Return the part of a page between two markers (start included)."""
    begin = page.index(start)
    return page[begin:page.index(end, begin)]


def count_line(page: str) -> str:
    """Return the text of the results page's status region (the count)."""
    match = re.search(r'<p class="count" role="status">(.*?)</p>', page, re.S)
    assert match, "no count line"
    return html.unescape(match[1]).strip()


def facet_counts(page: str) -> dict[str, tuple[int, bool]]:
    """Return each outlet filter's count and whether it is chosen."""
    start = page.index('id="outlet-heading"')
    outlets = page[start:page.index("</ul>", start)]
    found = {}
    for classes, item in re.findall(r'<a class="facet__option([^"]*)" href="[^"]*">(.*?)</a>',
                                    outlets, re.S):
        name = html.unescape(re.search(r'class="facet__name">([^<]*)<', item)[1])  # type: ignore[index]
        count = int(re.search(r'class="facet__count">(\d+)', item)[1])  # type: ignore[index]
        found[name] = (count, "facet__option--on" in classes)
    return found
