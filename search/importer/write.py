"""Write a draft as a corpus file: YAML front matter (python-frontmatter) and a Markdown body."""

import re
import unicodedata
from dataclasses import dataclass

import frontmatter

from search.importer.pipeline import Draft

FIELDS = ("title", "outlet", "authors", "date")  # required; url is optional


@dataclass
class Overrides:
    """Metadata given on the command line; it wins over what the text states."""

    outlet: str | None = None
    date: str | None = None
    authors: tuple[str, ...] = ()
    url: str | None = None
    language: str | None = None


def slugify(title: str, limit: int = 60) -> str:
    """Make a file-name slug from a title: ascii, lowercase, hyphens, cut at a word boundary;
    '' when the title has no latin letters or digits."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    ascii_title = re.sub(r"[.'’]", "", ascii_title)  # U.S. -> us, Morales' -> morales
    words = re.findall(r"[a-z0-9]+", ascii_title.lower())
    slug = ""
    for word in words:
        if len(slug) + len(word) + 1 > limit:
            break
        slug = f"{slug}-{word}" if slug else word
    return slug


def slug_for(title: str, file_stem: str) -> str:
    """Return the slug of the title, else of the file's name (a title in another script, or
    none), else 'untitled'."""
    return slugify(title) or slugify(file_stem) or "untitled"


def metadata(draft: Draft, source: str, given: Overrides) -> dict[str, object]:
    """Return the front matter: command-line values, then stated values, then empty ones."""
    found = {key: value.value for key, value in draft.meta.fields.items()}
    chosen: dict[str, object] = {
        "title": found.get("title", ""), "outlet": given.outlet or found.get("outlet", ""),
        "authors": list(given.authors) or found.get("authors", []),
        "date": given.date or found.get("date", ""), "url": given.url or found.get("url", ""),
        "language": given.language or found.get("language") or "en", "source": source,
    }
    missing = [key for key in FIELDS if not chosen.get(key)]
    if not chosen["url"]:
        del chosen["url"]
    if missing:
        chosen["note"] = "Imported by press-search import; not found in the text: " + \
            ", ".join(missing) + "."
    if draft.sources:
        chosen["sources"] = draft.sources
    return chosen


def missing_fields(meta: dict[str, object]) -> list[str]:
    """Name the fields left empty for the user to fill."""
    return [key for key in FIELDS if not meta.get(key)]


def render(draft: Draft, meta: dict[str, object]) -> str:
    """Return the corpus file's text."""
    lines: list[str] = []
    previous = ""
    for kind, text in draft.blocks:
        if kind == "h":
            lines += ["", f"## {text}"]
        elif kind == "li":
            lines += ([""] if previous != "li" else []) + [f"- {text}"]
        else:
            lines += ["", text]
        previous = kind
    post = frontmatter.Post("\n".join(lines).strip() + "\n")
    post.metadata.update(meta)
    return frontmatter.dumps(post, sort_keys=False) + "\n"
