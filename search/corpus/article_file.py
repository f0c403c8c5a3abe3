"""Read and validate one corpus file: Markdown with YAML front matter, one article per file."""

import hashlib
import re
from pathlib import Path
from typing import Any

import yaml

from search.corpus.dates import parse_date
from search.corpus.paragraphs import split_body
from search.ids.ledger import text_hash
from search.models import Article, ArticleMeta

MAX_FILE_BYTES = 5 * 1024 * 1024
SLUG_RE = re.compile(r"[a-z0-9][a-z0-9-]{0,99}")  # always with fullmatch ($ allows a "\n")
# Front matter limits: a YAML alias bomb (anchors nested in anchors) expands to billions of
# values from a few lines; the values reached, aliases expanded, are counted before any is built.
MAX_FRONT_MATTER_CHARS = 64 * 1024
MAX_YAML_VALUES = 10_000
MAX_YAML_DEPTH = 20
EXCERPT_CHARS = 80
CONTROL_RE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def excerpt(value: object, limit: int = EXCERPT_CHARS) -> str:
    """Return a value as quoted in a message: at most `limit` characters, control characters
    (newlines included) written as escapes, so no message is long or spans lines."""
    text = str(value) if not isinstance(value, str) else value
    cut = text[:limit] + ("…" if len(text) > limit else "")
    return CONTROL_RE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), cut)
REQUIRED = ("title", "outlet", "authors", "date")


class InvalidFile(Exception):
    """Raised while reading a file; carries the line the problem is on."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


def read_article(path: Path, shown: str) -> Article:
    """Read one corpus file; raise InvalidFile naming the first problem and its line."""
    raw = read_bytes(path)
    text = decode(raw)
    header, header_lines, body, body_start = split_front_matter(text)
    data = load_yaml(header)
    meta = build_meta(data, header_lines, default_slug=path.stem)
    paragraphs = split_body(body, first_line=body_start)
    if not paragraphs:
        raise InvalidFile(body_start, "the body has no paragraphs")
    return Article(meta=meta, paragraphs=tuple(paragraphs), path=shown,
                   content_hash=content_hash(raw),
                   text_hashes=tuple(text_hash(p.text) for p in paragraphs))


def content_hash(raw: bytes) -> str:
    """Return the hash of a file's bytes that an Article carries (and the manifest keeps)."""
    return hashlib.sha256(raw).hexdigest()


def read_bytes(path: Path) -> bytes:
    """Read a file, refusing special files, loops and oversized files with a clear message."""
    try:
        if not path.is_file():
            raise InvalidFile(0, "not a regular file")
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            limit = MAX_FILE_BYTES // (1024 * 1024)
            raise InvalidFile(0, f"file too large ({size / 1048576:.1f} MB; limit {limit} MB)")
        return path.read_bytes()
    except OSError as exc:
        raise InvalidFile(0, f"cannot read: {exc.strerror or exc}") from exc


def decode(raw: bytes) -> str:
    """Decode UTF-8 strictly; name the line of the first bad byte; refuse binary and UTF-16."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InvalidFile(1, "file is UTF-16 (byte order mark); save it as UTF-8")
    if b"\x00" in raw[:8192]:
        raise InvalidFile(1, "binary file (contains NUL bytes), not Markdown text")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        bad = raw[exc.start : exc.start + 1].hex()
        raise InvalidFile(line, f"not valid UTF-8 (byte 0x{bad})") from exc
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def split_front_matter(text: str) -> tuple[str, dict[str, int], str, int]:
    """Split '---' YAML front matter from the body; return header, key lines, body, body line."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        raise InvalidFile(1, "no front matter: the file must start with a '---' line")
    for end in range(1, len(lines)):
        if lines[end].strip() in ("---", "..."):
            break
    else:
        raise InvalidFile(1, "front matter is not closed: no second '---' line")
    key_lines: dict[str, int] = {}
    for number, line in enumerate(lines[1:end], start=2):
        if m := re.match(r"^([A-Za-z_][\w-]*)\s*:", line):
            key_lines.setdefault(m[1], number)
    return "\n".join(lines[1:end]), key_lines, "\n".join(lines[end + 1 :]), end + 2


# PyYAML's C parser when the wheel has it (it does on Linux): same safe semantics, ~10× faster
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_yaml(header: str) -> dict[str, Any]:
    """Parse the front matter as a YAML mapping within the limits above; report YAML errors
    and broken limits at their line."""
    if len(header) > MAX_FRONT_MATTER_CHARS:
        raise InvalidFile(2, f"front matter is {len(header):,} characters long; the limit is "
                             f"{MAX_FRONT_MATTER_CHARS:,}")
    loader = SAFE_LOADER(header)
    try:
        node = loader.get_single_node()
        if node is not None:
            check_size(node)
        data = loader.construct_document(node) if node is not None else None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 1
        problem = getattr(exc, "problem", None) or str(exc)
        raise InvalidFile(line, f"front matter is not valid YAML: {excerpt(problem)}") from exc
    finally:
        loader.dispose()
    if not isinstance(data, dict):
        raise InvalidFile(2, "front matter must be a YAML mapping of field: value")
    return data


def check_size(root: yaml.Node) -> None:
    """Refuse a YAML document with more than MAX_YAML_VALUES values once its aliases are
    expanded (each alias counts its anchor's values again), or nested deeper than
    MAX_YAML_DEPTH; stop counting as soon as either is passed."""
    stack: list[tuple[yaml.Node, int]] = [(root, 1)]
    reached = 0
    while stack:
        node, depth = stack.pop()
        reached += 1
        line = node.start_mark.line + 2
        if reached > MAX_YAML_VALUES:
            raise InvalidFile(line, f"front matter has more than {MAX_YAML_VALUES:,} values once "
                                    "its aliases (*name) are expanded")
        if depth > MAX_YAML_DEPTH:
            raise InvalidFile(line, f"front matter is nested more than {MAX_YAML_DEPTH} levels")
        if isinstance(node, yaml.SequenceNode):
            stack.extend((child, depth + 1) for child in node.value)
        elif isinstance(node, yaml.MappingNode):
            stack.extend((part, depth + 1) for pair in node.value for part in pair)


def build_meta(data: dict[str, Any], lines: dict[str, int], default_slug: str) -> ArticleMeta:
    """Check the front matter's fields and types and build the article metadata."""
    for key in REQUIRED:
        if data.get(key) in (None, "", []):
            raise InvalidFile(lines.get(key, 1), f"missing required field '{key}'")

    def text(key: str, required: bool = False) -> str | None:
        value = data.get(key)
        if value is None and not required:
            return None
        if not isinstance(value, str) or not value.strip():
            raise InvalidFile(lines.get(key, 1), f"'{key}' must be a non-empty string")
        return " ".join(value.split())

    def strings(key: str) -> tuple[str, ...]:
        value = data.get(key) or []
        if isinstance(value, str) and key == "authors":
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            raise InvalidFile(lines.get(key, 1), f"'{key}' must be a list of non-empty strings")
        return tuple(" ".join(v.split()) for v in value)

    date = str(data["date"])
    try:
        start, end = parse_date(date)
    except ValueError as exc:
        raise InvalidFile(lines.get("date", 1),
                          f"date '{excerpt(date)}' is invalid: {excerpt(exc)}") from exc
    slug = text("slug") or default_slug
    if not SLUG_RE.fullmatch(slug):
        raise InvalidFile(lines.get("slug", 1),
                          f"slug '{excerpt(slug)}' must be lowercase a-z, 0-9, '-'")
    return ArticleMeta(
        slug=slug,
        title=text("title", True) or "",
        outlet=text("outlet", True) or "",
        authors=strings("authors"),
        date=date,
        date_start=start,
        date_end=end,
        url=text("url"),
        language=_language(text("language") or "en", lines.get("language", 1)),
        source=text("source"),
        note=text("note"),
        sources=strings("sources"),
    )


def _language(code: str, line: int) -> str:
    """Return the article's language as an ISO 639-1 code, lowercased; raise InvalidFile
    for anything else."""
    import langcodes  # wordfreq's own dependency: the IANA language registry

    lowered = code.lower()
    if not re.fullmatch(r"[a-z]{2}", lowered) or not langcodes.tag_is_valid(lowered):
        raise InvalidFile(line, f"language '{excerpt(code)}' is not an ISO 639-1 code "
                                "(two letters, e.g. en, es, pt)")
    return lowered
