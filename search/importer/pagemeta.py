"""What a saved page states about its article, and where: JSON-LD, Open Graph, `<meta>`.

Sources are read in this order, the first that states a field wins: the page's JSON-LD
article (schema.org `NewsArticle`, `BlogPosting`, ...), its Open Graph and `article:`
properties, its other `<meta>` tags (Dublin Core, citation, Parse.ly, plain `author`), the
canonical link, and the `<title>`.
"""

import html
import json
import re
from typing import Any

from search.importer.datelines import iso_date

ARTICLE_TYPE = re.compile(r"(Article|BlogPosting|Report|NewsArticle|Posting)$")
META = {  # field -> <meta> names or properties, in order of trust
    "title": ("og:title", "twitter:title", "citation_title", "dc.title", "parsely-title"),
    "outlet": ("og:site_name", "application-name", "citation_journal_title", "dc.publisher",
               "publisher"),
    "authors": ("article:author", "author", "citation_author", "dc.creator", "parsely-author",
                "sailthru.author", "byl"),
    "date": ("article:published_time", "og:published_time", "datepublished", "pubdate",
             "publishdate", "publish-date", "citation_publication_date", "dc.date",
             "dc.date.issued", "parsely-pub-date", "sailthru.date", "date"),
    "url": ("og:url", "twitter:url"),
}
URL = re.compile(r"^(https?:)?//|^www\.|^@", re.IGNORECASE)
DOMAIN = re.compile(r"\b[\w-]+\.(com|org|net|co|uk|ca|de|fr|es|it|ru|br|in)\b", re.IGNORECASE)
NOT_NAMES = re.compile(r"^(admin|administrator|staff|editor|editorial|webmaster|guest|user|"
                       r"\w*(writer|reporter|editor|correspondent|contributor|columnist)s?"
                       r"|.*\b(writer|reporter|correspondent|contributor|columnist)s?)$",
                       re.IGNORECASE)

Stated = dict[str, tuple[str | list[str], str]]  # field -> (value, where it was found)


def page_metadata(tree: Any) -> Stated:
    """Return each field the page states, with where it was found."""
    found: Stated = {}
    for key, (value, where) in [*_json_ld(tree), *_meta_tags(tree), *_links_and_title(tree)]:
        cleaned = _clean(key, value)
        if cleaned and key not in found:
            found[key] = (cleaned, where)
    if "title" in found:
        title, where = found["title"]
        outlet = str(found["outlet"][0]) if "outlet" in found else None
        found["title"] = (_headline(str(title), outlet, where == "<title>"), where)
    return found


def _headline(title: str, outlet: str | None, any_part: bool) -> str:
    """Take the site's name off a title ('Headline | Site'): the parts that name the outlet,
    or, from a <title>, all but the longest part."""
    parts = [p.strip() for p in re.split(r"\s+[|–—·»]\s+|\s+-\s+", title) if p.strip()]
    if len(parts) < 2:
        return title
    squeeze = re.compile(r"\W+|\.(com|org|net|co\.uk)$")
    rest = [p for p in parts if outlet is None or squeeze.sub("", p.lower()) !=
            squeeze.sub("", outlet.lower())]
    if any_part and len(rest) == len(parts):
        return max(parts, key=len)
    return " | ".join(rest) if rest else title


def _clean(key: str, value: str | list[str]) -> str | list[str]:
    """Normalise a stated value; return '' or [] when it is unusable for the field."""
    if key == "authors":
        names = [value] if isinstance(value, str) else value
        split = [part for name in names
                 for part in re.split(r"\s*(?:[;|,]|\band\b)\s*", html.unescape(name))]
        return list(dict.fromkeys(n for n in (_name(p) for p in split) if n))
    text = " ".join(html.unescape(str(value)).split())
    if key == "date":
        return iso_date(text) or ""
    if key == "url":
        return text.split("#")[0] if text.startswith(("http://", "https://")) else ""
    if key == "outlet" and (URL.match(text) or text.startswith("@")):
        return ""
    return text


def _name(text: str) -> str:
    """Return a person's name from a stated author ('By JANE DOE'), or '' for what is not
    one: a URL, a handle, a site, a job title."""
    text = re.sub(r"^by\s+", "", " ".join(text.split()), flags=re.IGNORECASE).strip(" ,.")
    if (not text or URL.match(text) or "@" in text or DOMAIN.search(text)
            or NOT_NAMES.match(text) or text.islower() or not any(c.isalpha() for c in text)):
        return ""
    return text.title() if text.isupper() and " " in text else text


def _json_ld(tree: Any) -> list[tuple[str, tuple[str | list[str], str]]]:
    """Return the fields of the first JSON-LD article object in the page."""
    for script in tree.xpath('//script[@type="application/ld+json"]'):
        try:
            data = json.loads(script.text or "", strict=False)
        except ValueError:
            continue
        for item in _objects(data):
            kind = item.get("@type")
            kind = " ".join(kind) if isinstance(kind, list) else str(kind or "")
            if ARTICLE_TYPE.search(kind):
                return _article_fields(item, kind.split()[0])
    return []


def _objects(data: Any) -> list[dict[str, Any]]:
    """Flatten JSON-LD into its objects: lists and @graph included."""
    if isinstance(data, list):
        return [obj for item in data for obj in _objects(item)]
    if isinstance(data, dict):
        return [data, *_objects(data.get("@graph", []))]
    return []


def _article_fields(item: dict[str, Any], kind: str) -> list[tuple[str, tuple[Any, str]]]:
    """Read title, authors, outlet, date and URL from a JSON-LD article."""
    def where(field: str) -> str:
        return f"the page's JSON-LD {kind} {field!r}"

    out: list[tuple[str, tuple[Any, str]]] = []
    for field in ("headline", "name"):
        if isinstance(item.get(field), str):
            out.append(("title", (item[field], where(field))))
    authors = [_text(a) for a in _as_list(item.get("author"))
               if not isinstance(a, dict) or a.get("@type") != "Organization"]
    out.append(("authors", ([a for a in authors if a], where("author"))))
    out.append(("outlet", (_text(item.get("publisher")), where("publisher"))))
    for field in ("datePublished", "dateCreated"):
        out.append(("date", (_text(item.get(field)), where(field))))
    for field in ("url", "mainEntityOfPage"):
        out.append(("url", (_text(item.get(field)), where(field))))
    return out


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value] if value else []


def _text(value: Any) -> str:
    """Return a JSON-LD value as text: a string, or an object's name or @id."""
    if isinstance(value, dict):
        value = value.get("name") or value.get("@id") or ""
    if isinstance(value, list):
        value = value[0] if value else ""
    return value if isinstance(value, str) else ""


def _meta_tags(tree: Any) -> list[tuple[str, tuple[str, str]]]:
    """Return the fields stated in <meta> tags, in the order of trust of META."""
    content: dict[str, tuple[str, str]] = {}
    for tag in tree.iter("meta"):
        for attribute in ("property", "name", "itemprop"):
            name = (tag.get(attribute) or "").strip().lower()
            if name and tag.get("content") and name not in content:
                content[name] = (tag.get("content"), f'<meta {attribute}="{name}">')
    return [(key, content[name]) for key, names in META.items() for name in names
            if name in content]


def _links_and_title(tree: Any) -> list[tuple[str, tuple[str, str]]]:
    """Return the canonical URL and the <title> text."""
    out: list[tuple[str, tuple[str, str]]] = []
    for link in tree.xpath('//link[@rel="canonical"][@href]'):
        out.append(("url", (link.get("href"), '<link rel="canonical">')))
    titles = tree.xpath("//head/title/text()") or tree.xpath("//title/text()")
    if titles:
        out.append(("title", (titles[0], "<title>")))
    return out
