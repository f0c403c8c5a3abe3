"""Import a batch of files: each is written, skipped as a duplicate, or failed with the reason,
and no file stops the others."""

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from search.corpus.article_file import InvalidFile, decode, read_bytes
from search.importer.dedupe import KnownArticles
from search.importer.html import import_html
from search.importer.language import describe, detect_language
from search.importer.meta import Found
from search.importer.pipeline import Draft, import_text
from search.importer.units import ImportError_
from search.importer.write import Overrides, metadata, missing_fields, render, slug_for

WRITTEN, SKIPPED, FAILED = "written", "skipped", "failed"
SHOWN = ("title", "authors", "outlet", "date", "url", "language")


@dataclass
class Options:
    """Where to write, what the command line gives, and how."""

    corpus: Path
    given: Overrides = field(default_factory=Overrides)
    dry_run: bool = False
    allow_duplicate: bool = False


@dataclass
class Outcome:
    """What happened to one file: its status, the line saying so, and what was found."""

    path: Path
    status: str
    said: str
    details: list[str] = field(default_factory=list)


def import_files(paths: list[Path], options: Options) -> Iterator[Outcome]:
    """Import each file in turn; yield its outcome as soon as it is known."""
    known = KnownArticles(options.corpus)
    for path in paths:
        try:
            yield import_file(path, options, known)
        except ImportError_ as exc:
            yield Outcome(path, FAILED, f"failed: {exc}")
        except Exception as exc:  # noqa: BLE001 - one file's bug must not stop the batch
            yield Outcome(path, FAILED, f"failed: unexpected error ({type(exc).__name__}: "
                                        f"{exc}); please report it with the file")


def load_draft(path: Path) -> Draft:
    """Read one input file (text or HTML) into a draft; raise ImportError_ with the reason."""
    try:
        text = decode(read_bytes(path))
    except InvalidFile as exc:
        raise ImportError_(exc.message) from exc
    if not text.strip():
        raise ImportError_("the file is empty")
    head = text.lstrip()[:500].lower()
    is_html = path.suffix.lower() in (".html", ".htm") or head.startswith(("<!doctype", "<html"))
    draft = import_html(text) if is_html else import_text(text)
    detected = detect_language("\n".join(text for _, text in draft.blocks))
    if detected is not None:
        draft.meta.fields["language"] = Found(detected[0], describe(detected[1]))
    return draft


def import_file(path: Path, options: Options, known: KnownArticles) -> Outcome:
    """Import one file under a name no other article has; raise ImportError_ if it cannot."""
    draft = load_draft(path)
    meta = metadata(draft, path.name, options.given)
    duplicate = known.find(draft)
    if duplicate and not options.allow_duplicate:
        return Outcome(path, SKIPPED, f"skipped: already in the corpus as {duplicate[0]} "
                                      f"({duplicate[1]:.0%} of its paragraphs; "
                                      "--allow-duplicate imports it anyway)")
    wanted = slug_for(str(meta["title"]), path.stem)
    slug = known.free_slug(wanted)
    target = options.corpus / f"{slug}.md"
    known.add(str(target), slug, draft)
    renamed = f" ({wanted}.md is another article's)" if slug != wanted else ""
    if options.dry_run:
        said = f"would be written to {target}{renamed} (dry run: nothing written)"
    else:
        options.corpus.mkdir(parents=True, exist_ok=True)
        with target.open("x", encoding="utf-8") as out:  # never over another file
            out.write(render(draft, meta))
        said = f"written to {target}{renamed}"
    return Outcome(path, WRITTEN, said, details(draft, meta, options))


def details(draft: Draft, meta: dict[str, object], options: Options) -> list[str]:
    """Say what was found and where, what is missing, and (in a dry run) what was dropped."""
    out = []
    for key in SHOWN:
        value = meta.get(key)
        shown = ", ".join(value) if isinstance(value, list) else value
        given = getattr(options.given, key, None)
        where = "command line" if given else (
            draft.meta.fields[key].where if key in draft.meta.fields else "")
        out.append(f"  {key + ':':10}{shown}  ({where})" if shown else
                   f"  {key + ':':10}NOT FOUND")
    missing = missing_fields(meta)
    if missing:
        out.append(f"  left empty for you to fill: {', '.join(missing)} "
                   "(press-search check will name them)")
    headings = sum(1 for kind, _ in draft.blocks if kind == "h")
    out.append(f"  {draft.paragraphs} paragraphs, {headings} headings, "
               f"{len(draft.sources)} sources; {len(draft.dropped)} {draft.numbering}s dropped "
               "as chrome")
    if options.dry_run:
        out += [f"    drop {draft.numbering} {u.line}: {u.text[:80]!r} ({u.reason})"
                for u in draft.dropped]
    return out
