"""The OpenAPI 3.1 description of the JSON API, built from the same limits the code enforces."""

from typing import Any

from search.engine import MAX_PAGE
from search.models import SORTS
from search.query.text import MAX_QUERY_CHARS
from search.web.params import DEFAULT_PER_PAGE, MAX_FILTER_CHARS, MAX_FILTER_VALUES, MAX_PER_PAGE

Schema = dict[str, Any]
STRING: Schema = {"type": "string"}
INTEGER: Schema = {"type": "integer"}
STRINGS: Schema = {"type": "array", "items": STRING}
DATE: Schema = {"type": "string", "pattern": r"^\d{4}(-\d{2}(-\d{2})?)?$"}
# A date parameter the server accepts: a year (0001-9999), a real month, a real day (29
# February in leap years only). [0-9], not \d, which in Python's patterns matches any digit.
_YEAR = "(?:[1-9][0-9]{3}|0[1-9][0-9]{2}|00[1-9][0-9]|000[1-9])"
_DAY = ("(?:(?:0[13578]|1[02])-(?:0[1-9]|[12][0-9]|3[01])|(?:0[469]|11)-(?:0[1-9]|[12][0-9]|30)"
        "|02-(?:0[1-9]|1[0-9]|2[0-8]))")
_LEAP = "(?:[0-9]{2}(?:0[48]|[2468][048]|[13579][26])|(?:0[48]|[2468][048]|[13579][26])00)"
DATE_PARAM: Schema = {"type": "string", "pattern": f"^(?:{_YEAR}(?:-(?:0[1-9]|1[0-2])|-{_DAY})?"
                                                   f"|{_LEAP}-02-29)$"}


def nullable(schema: Schema) -> Schema:
    """Allow null as well."""
    return {"anyOf": [schema, {"type": "null"}]}


def ref(name: str) -> Schema:
    """Point at a component schema."""
    return {"$ref": f"#/components/schemas/{name}"}


def obj(properties: dict[str, Schema], optional: tuple[str, ...] = ()) -> Schema:
    """Describe an object with exactly these properties, all required but the optional ones."""
    return {"type": "object", "properties": properties, "additionalProperties": False,
            "required": [k for k in properties if k not in optional]}


META = {"slug": STRING, "title": STRING, "outlet": STRING, "authors": STRINGS, "date": DATE,
        "article": {"type": "string", "format": "uri"}, "url": nullable(STRING)}
PARAGRAPH = {"id": STRING, "permalink": {"type": "string", "format": "uri"}, "paragraph": INTEGER,
             "section": nullable(STRING), "kind": {"enum": ["p", "li"]}, "text": STRING,
             "edited": {"type": "boolean"}}
NEIGHBOUR = obj({"id": STRING, "permalink": STRING, "paragraph": INTEGER, "text": STRING})
FACET = obj({"value": STRING, "count": INTEGER})

SCHEMAS: dict[str, Schema] = {
    "Result": obj({
        "id": STRING, "permalink": {"type": "string", "format": "uri"}, "text": STRING,
        "highlight": {"type": "string", "description": "sanitised HTML; only <mark> tags"},
        "title_highlight": {**nullable(STRING), "description": "the title, marked alike "
                            "(a some-words match may hold a word only in its title or section)"},
        "section_highlight": {**nullable(STRING), "description": "the section, marked alike"},
        "outlet": STRING, "authors": STRINGS, "title": STRING,
        "language": {"type": "string", "description": "the article's language (front matter)"},
        "article": {"type": "string", "format": "uri"}, "paragraph": INTEGER,
        "section": nullable(STRING), "date": DATE, "score": {"type": "number"},
        "all_words": {"type": "boolean", "description": "false: matches some of the words, "
                      "or holds them only in its section heading or its article's title "
                      "(title_highlight, section_highlight); when related, none"},
        "related": {"type": "boolean", "description": "true: matches none of the search; "
                    "shares several of the best matches' words (related_words), shown after "
                    "every match on a first page the matches leave short"},
        "more": {"type": "integer", "description": "with group=article: the article's other "
                 "matching paragraphs (0 otherwise)"},
        "near_identical": {"type": "array", "items": ref("NearCopy"), "description": "grouped "
                           "(grouped_near_identical): the other matching paragraphs "
                           "near-identical to this one, shown with it and not on their own"},
    }),
    "NearCopy": obj({"id": STRING, "permalink": {"type": "string", "format": "uri"},
                     "outlet": STRING, "title": STRING, "date": DATE, "paragraph": INTEGER}),
    "Search": obj({
        "total": INTEGER, "article_count": INTEGER, "outlet_count": INTEGER, "page": INTEGER,
        "per_page": INTEGER,
        "pages": {"type": "integer", "description": "pages of results: of paragraphs, of "
                  "articles (group=article) or of groups of near-identical paragraphs "
                  "(grouped_near_identical and near_identical_copies > 0)"},
        "grouped_near_identical": {"type": "boolean", "description": "each group of "
                                   "near-identical paragraphs is one result (unless dups=show "
                                   "or group=article); total, facets and timeline still count "
                                   "paragraphs"},
        "group_count": nullable({"type": "integer", "description": "grouped: how many results "
                                 "the pages list (total - near_identical_copies)"}),
        "near_identical_copies": {"type": "integer", "description": "matches near-identical to "
                                  "a better-ranked match: listed with it when grouped"},
        "query": STRING, "suggestion": nullable(STRING),
        "variants": {"type": "object", "additionalProperties": STRINGS,
                     "description": "each typed word (lowercased) also searched as other "
                                    "spellings, and those spellings; none with exact=1"},
        "names": {"type": "object", "additionalProperties": STRING,
                  "description": "each name typed in capitals (\"Evo Morales\") whose surname "
                                 "alone also matched (\"Morales\"); none with exact=1"},
        "within_edits": {"type": "object", "additionalProperties": STRINGS,
                         "description": "each word~N typed (coup~2) and the other words "
                                        "within N edits that it found, the most frequent "
                                        "first"},
        "wildcards": {"type": "object", "additionalProperties": STRINGS,
                      "description": "each wildcard inside a word typed (organi?ation) and "
                                     "the words that fit it, the most frequent first; a "
                                     "wildcard at a word's end (elect*) is not listed"},
        "related_words": {"type": "array", "items": STRING, "description": "the words the "
                          "best matches share, by which the related results were found (none "
                          "when none is shown, and with exact=1)"},
        "notices": STRINGS,
        "facets": obj({"outlets": {"type": "array", "items": FACET, "description": "paragraphs "
                                   "per outlet (every near-identical paragraph counted)"},
                       "authors": {"type": "array", "items": FACET},
                       "languages": {"type": "array", "items": FACET,
                                     "description": "paragraphs per language code"}}),
        "timeline": {"type": "array", "items": obj({"month": STRING, "outlet": STRING,
                                                    "count": INTEGER})},
        "results": {"type": "array", "items": ref("Result")},
        "generation": {"type": "string", "description": "the index generation that answered"},
    }),
    "ParagraphDetail": obj({**PARAGRAPH, "article": obj(META), "previous": nullable(NEIGHBOUR),
                            "next": nullable(NEIGHBOUR)}),
    "Article": obj({**META, "matches": STRINGS, "page": INTEGER, "pages": INTEGER,
                    "paragraphs": {"type": "array", "items": obj(
                        {**PARAGRAPH, "highlight": nullable(STRING), "length": INTEGER,
                         "truncated": {"type": "boolean", "description": "text cut at "
                                       "10,000 characters; the whole is at its permalink"}},
                        optional=("highlight", "length", "truncated"))}},
        optional=("matches",)),
    "Outlets": obj({"outlets": {"type": "array", "items": obj({"name": STRING,
                                                              "paragraphs": INTEGER})}}),
    "Comparison": obj({
        "total": INTEGER, "query": STRING, "notices": STRINGS, "generation": STRING,
        "outlets": {"type": "array", "items": obj({
            "outlet": STRING, "count": INTEGER,
            "paragraphs": {"type": "integer", "description": "the outlet's paragraphs in the "
                           "date and author range (all of them without filters)"},
            "share": {"type": "number", "description": "count / paragraphs; the outlets come "
                      "highest share first"},
            "first": nullable({"type": "string", "description": "the stated date of the "
                               "earliest article with a match (null without matches)"}),
            "last": nullable({"type": "string", "description": "... and of the latest"}),
            "results": {"type": "array", "items": ref("Result")}})},
        "timeline": {"type": "array", "items": obj({"month": STRING, "outlet": STRING,
                                                    "count": INTEGER})}}),
    "Export": obj({"total": INTEGER, "query": STRING, "generation": STRING,
                   "truncated": nullable({"type": "string", "description": "why the export "
                                          "stops before its last match (the row limit)"}),
                   "grouped_near_identical": {"type": "boolean", "description": "one row per "
                                              "group of near-identical paragraphs (unless "
                                              "dups=show): total counts rows"},
                   "results": {"type": "array", "items": obj({
                       "id": STRING, "permalink": STRING, "outlet": STRING,
                       "authors": STRINGS, "title": STRING, "date": DATE, "language": STRING,
                       "paragraph": INTEGER, "section": nullable(STRING), "text": STRING,
                       "score": nullable({"type": "number"}),
                       "near_identical": {"type": "array", "items": STRING, "description":
                                          "the permalinks of the matches near-identical to "
                                          "this one, when grouped"}})}}),
    "Echoes": obj({"id": STRING, "total": {"type": "integer", "description": "all of them; "
                                            "the closest 10 are listed"},
                   "echoes": {"type": "array", "items": obj({
                       "id": STRING, "permalink": {"type": "string", "format": "uri"},
                       "outlet": STRING, "title": STRING, "date": DATE, "paragraph": INTEGER,
                       "kind": {"enum": ["near-identical", "quote", "passage"]},
                       "shared": {"type": "number", "description": "share of the shorter "
                                  "paragraph's 5-word runs in the other"},
                       "quotations": STRINGS,
                       "marked": {"type": "string", "description": "sanitised HTML; only "
                                  "<mark> tags"}})}}),
    "Health": obj({"status": STRING, "generation": STRING, "articles": INTEGER,
                   "paragraphs": INTEGER}),
    "Error": obj({"error": obj({"status": INTEGER, "message": STRING, "article": obj(
        {k: META[k] for k in ("slug", "title", "outlet", "authors", "date")})},
        optional=("article",))}),
}


def param(name: str, schema: Schema, description: str, where: str = "query") -> Schema:
    """Describe one parameter."""
    return {"name": name, "in": where, "required": where == "path", "schema": schema,
            "description": description}


def answers(ok: str, *errors: int, **extra: str) -> dict[str, Any]:
    """Describe the responses: the success schema, then errors as the Error schema."""
    json = "application/json"
    out: dict[str, Any] = {"200": {"description": "OK", "content": {json: {"schema": ref(ok)}}}}
    for status in errors:
        out[str(status)] = {"description": ERRORS[status],
                            "content": {json: {"schema": ref("Error")}}}
    out.update({status: {"description": text} for status, text in extra.items()})
    return out


ERRORS = {400: "a parameter is invalid; the message names it", 404: "never existed",
          410: "removed from the corpus; the error carries the article's remembered metadata",
          503: "no index is available, the search ran out of time, or too many expensive "
               "searches are running (then Retry-After says in how many seconds to try again)"}
Q = param("q", {"type": "string", "maxLength": MAX_QUERY_CHARS},
          "query text; see /about for the syntax")
MANY = {"type": "array", "items": {"type": "string", "maxLength": MAX_FILTER_CHARS},
        "maxItems": MAX_FILTER_VALUES}
SEARCH_PARAMETERS = [
    Q,
    {**param("outlet", MANY, "limit to these outlets (repeat the parameter; OR)"),
     "style": "form", "explode": True},
    {**param("author", MANY, "limit to these authors (repeat the parameter; OR)"),
     "style": "form", "explode": True},
    {**param("language", {"type": "array", "maxItems": MAX_FILTER_VALUES,
                           "items": {"type": "string", "pattern": "^[A-Za-z]{2}$"}},
             "limit to articles in these languages, ISO 639-1 codes (repeat the parameter; OR; "
             "`lang:es` in q does the same)"),
     "style": "form", "explode": True},
    param("from", DATE_PARAM, "first date: YYYY, YYYY-MM or YYYY-MM-DD"),
    param("to", DATE_PARAM, "last date: YYYY, YYYY-MM or YYYY-MM-DD (inclusive; not before "
                            "`from`)"),
    param("sort", {"enum": list(SORTS), "default": "relevance"}, "order of the results"),
    param("page", {"type": "integer", "minimum": 1, "default": 1},
          f"page number; values above {MAX_PAGE} are treated as {MAX_PAGE}"),
    param("per_page", {"type": "integer", "minimum": 1, "default": DEFAULT_PER_PAGE},
          f"results per page; values above {MAX_PER_PAGE} are treated as {MAX_PER_PAGE}"),
    param("exact", {"enum": [0, 1], "default": 0},
          "1: search only the words typed, without spelling variants"),
    param("group", {"enum": ["", "article"], "default": ""},
          "article: one result per article (its best paragraph); total and pages then count "
          "articles (article_count)"),
    param("dups", {"enum": ["", "show"], "default": ""},
          "show: every near-identical paragraph as a result of its own; by default each group "
          "of them is one result, its best-ranked paragraph, listing the others"),
]


def other(mimetype: str, description: str, *errors: int) -> dict[str, Any]:
    """Describe a response that is not JSON (a page, a file, a feed), and its errors."""
    out: dict[str, Any] = {"200": {"description": description,
                                   "content": {mimetype: {"schema": STRING}}}}
    for status in errors:
        out[str(status)] = {"description": ERRORS[status]}
    return out


def citations(description: str, *errors: int) -> dict[str, Any]:
    """Describe a citation in each of its formats (the path's {format} chooses one)."""
    out = other("text/plain", description, *errors)
    out["200"]["content"] = {kind: {"schema": STRING} for kind in (
        "text/plain", "application/x-bibtex")}
    out["200"]["content"]["application/vnd.citationstyles.csl+json"] = {"schema": CSL}
    return out


DATE_PARTS = {"type": "object", "required": ["date-parts"], "properties": {
    "date-parts": {"type": "array", "items": {"type": "array", "items": INTEGER}}}}
# CSL-JSON items (search/research/cite.py): the fields always given; CSL allows more
CSL: Schema = {"type": "array", "items": {
    "type": "object", "required": ["id", "type", "title", "container-title", "author", "issued",
                                   "URL", "accessed"],
    "properties": {"id": STRING, "type": {"const": "article-newspaper"}, "title": STRING,
                   "container-title": STRING, "URL": {"type": "string", "format": "uri"},
                   "author": {"type": "array", "items": {"type": "object"}},
                   "issued": DATE_PARTS, "accessed": DATE_PARTS, "note": STRING}}}


# Answers any path may give: a request the server cannot take (gunicorn's own, plain HTML),
# or a Host that is not trusted (400, plain text when no page can be built for it).
EVERY_PATH = {"400": {"description": "a parameter is invalid, or the Host is not trusted"},
              "414": {"description": "the request line is longer than 4,094 bytes"},
              "431": {"description": "a header is too large"}}


def with_common_answers(paths: dict[str, Any]) -> dict[str, Any]:
    """Add the answers of EVERY_PATH to each operation that does not describe them itself."""
    for operations in paths.values():
        for operation in operations.values():
            for status, answer in EVERY_PATH.items():
                operation["responses"].setdefault(status, answer)
    return paths


EVERY_MATCH = [p for p in SEARCH_PARAMETERS if p["name"] not in ("page", "per_page", "group")]
FORMAT = param("format", {"enum": ["txt", "bib", "json"]},
               "txt: a plain-text line; bib: BibTeX; json: CSL-JSON", "path")


def research_paths(pid: Schema, slug: Schema) -> dict[str, Any]:
    """Describe the research tools: compare, exports, feed, suggestions, citations."""
    return {
        "/api/compare": {"get": {
            "summary": "Compare outlets on one query: count, share and best paragraphs each",
            "parameters": EVERY_MATCH, "responses": answers("Comparison", 400, 503)}},
        "/compare": {"get": {"summary": "The outlet comparison as a page",
                             "parameters": EVERY_MATCH,
                             "responses": other("text/html", "a page", 400, 503)}},
        "/search.csv": {"get": {
            "summary": "Every matching paragraph as CSV (streamed), in the search's order",
            "parameters": EVERY_MATCH,
            "responses": other("text/csv", "columns id, permalink, outlet, authors, title, "
                               "date, language, paragraph, section, text, score, "
                               "near_identical (the permalinks of the near-identical matches a "
                               "row stands for: one row per group unless dups=show)", 400, 503)}},
        "/search.json": {"get": {"summary": "Every matching paragraph as JSON (streamed)",
                                 "parameters": EVERY_MATCH,
                                 "responses": answers("Export", 400, 503)}},
        "/search.atom": {"get": {
            "summary": "Atom feed of the 50 newest matching paragraphs",
            "parameters": EVERY_MATCH,
            "responses": other("application/atom+xml", "an Atom 1.0 feed", 400, 503)}},
        "/opensearch.xml": {"get": {
            "summary": "OpenSearch description for browsers' search bars",
            "responses": other("application/opensearchdescription+xml", "OpenSearch 1.1")}},
        "/api/suggest": {"get": {
            "summary": "Completions of the query's last word from the index's vocabulary",
            "parameters": [Q],
            "responses": {"200": {"description": "OpenSearch suggestions: [query, [completions]]",
                                  "content": {"application/x-suggestions+json": {"schema": {
                                      # [query, [completions]]; not prefixItems, which
                                      # schemathesis 4.32 turns into an invalid schema
                                      "type": "array", "minItems": 2, "maxItems": 2,
                                      "items": {"anyOf": [STRING, STRINGS]}}}}},
                          "400": answers("Search", 400)["400"]}}},
        "/a/{slug}/cite.{format}": {"get": {
            "summary": "Cite an article", "parameters": [slug, FORMAT],
            "responses": citations("the citation", 404, 410)}},
        "/a/{slug}/p/{id}/cite.{format}": {"get": {
            "summary": "Cite a paragraph", "parameters": [slug, pid, FORMAT],
            "responses": citations("the citation", 404, 410)}},
        "/search/cite.{format}": {"get": {
            "summary": "Cite the paragraphs of one page of results",
            "parameters": [*SEARCH_PARAMETERS, FORMAT],
            "responses": citations("one citation per paragraph", 400, 404, 503)}},
    }


def openapi_document() -> dict[str, Any]:
    """Return the OpenAPI document."""
    pid = param("id", STRING, "a paragraph's permanent id", "path")
    slug = param("slug", STRING, "an article's slug", "path")
    return {
        "openapi": "3.1.0",
        "info": {"title": "press-search", "version": "1",
                 "description": "Paragraph-level full-text search over press coverage."},
        "paths": with_common_answers({
            "/api/search": {"get": {"summary": "Search paragraphs",
                                    "parameters": SEARCH_PARAMETERS,
                                    "responses": answers("Search", 400)}},
            "/api/paragraphs/{id}": {"get": {"summary": "A paragraph by its permanent id",
                                             "parameters": [pid],
                                             "responses": answers("ParagraphDetail", 404, 410)}},
            "/api/articles/{slug}": {"get": {
                "summary": "A page of an article (100 paragraphs a page)",
                "parameters": [slug, Q, param("page", {"type": "integer", "minimum": 1,
                                                      "default": 1},
                                              "page of the article; past the last: the last")],
                "responses": answers("Article", 400, 404, 410, 503,
                                     **{"301": "renamed: Location is the article's new URL"})}},
            "/api/paragraphs/{id}/echoes": {"get": {
                "summary": "Other articles' paragraphs sharing a passage or quotation with it",
                "parameters": [pid], "responses": answers("Echoes", 404, 410)}},
            "/api/outlets": {"get": {"summary": "The outlets in the index",
                                     "responses": answers("Outlets")}},
            "/healthz": {"get": {"summary": "The index generation served",
                                 "responses": answers("Health", 503)}},
            "/api/openapi.json": {"get": {"summary": "This document",
                                          "responses": {"200": {"description": "OK"}}}},
            **research_paths(pid, slug),
        }),
        "components": {"schemas": SCHEMAS},
    }
