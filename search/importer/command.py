"""`press-search import`: a thin click wrapper around the importer's functions."""

import re
import sys
from pathlib import Path

import click

from search import config
from search.article_file import InvalidFile, decode, read_bytes
from search.dates import parse_date
from search.importer.dedupe import find_duplicate
from search.importer.html import import_html
from search.importer.language import describe, detect_language
from search.importer.meta import Found
from search.importer.pipeline import Draft, import_text
from search.importer.units import ImportError_
from search.importer.write import Overrides, metadata, missing_fields, render, slugify

LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$")


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


def import_file(path: Path, corpus: Path, given: Overrides, dry_run: bool,
                allow_duplicate: bool) -> list[str]:
    """Import one file; return the lines to print. Raise ImportError_ when it cannot be."""
    draft = load_draft(path)
    meta = metadata(draft, path.name, given)
    target = corpus / f"{slugify(str(meta['title']) or path.stem)}.md"
    out = [f"{path} -> {target}{' (dry run: nothing written)' if dry_run else ''}"]
    for key in ("title", "authors", "outlet", "date", "url", "language"):
        value = meta.get(key)
        shown = ", ".join(value) if isinstance(value, list) else value
        where = "command line" if _given(given, key) else (
            draft.meta.fields[key].where if key in draft.meta.fields else "")
        out.append(f"  {key + ':':10}{shown}  ({where})" if shown else
                   f"  {key + ':':10}NOT FOUND")
    missing = missing_fields(meta)
    if missing:
        out.append(f"  left empty for you to fill: {', '.join(missing)} "
                   "(press-search check will name them)")
    headings = sum(1 for kind, _ in draft.blocks if kind == "h")
    out.append(f"  {draft.paragraphs} paragraphs, {headings} headings, "
               f"{len(draft.sources)} sources; {len(draft.dropped)} lines dropped as chrome")
    if dry_run:
        out += [f"    drop {draft.numbering} {u.line}: {u.text[:80]!r} ({u.reason})"
                for u in draft.dropped]
    duplicate = find_duplicate(draft, corpus)
    if duplicate and not allow_duplicate:
        raise ImportError_(f"already in the corpus as {duplicate[0]} ({duplicate[1]:.0%} of its "
                           "paragraphs); not imported (use --allow-duplicate to import anyway)")
    if target.exists() and not dry_run:
        raise ImportError_(f"{target} already exists; rename or remove it first")
    if not dry_run:
        corpus.mkdir(parents=True, exist_ok=True)
        target.write_text(render(draft, meta), encoding="utf-8")
    return out


def _given(given: Overrides, key: str) -> bool:
    return bool(getattr(given, "authors" if key == "authors" else key, None))


@click.command("import")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--corpus", type=click.Path(path_type=Path), default=None,
              help="Corpus folder to write to [$PRESS_SEARCH_CORPUS or ./corpus].")
@click.option("--outlet", help="The outlet, if the text does not say.")
@click.option("--date", help="YYYY-MM-DD or YYYY-MM, if the text does not say.")
@click.option("--author", "authors", multiple=True, help="An author (repeat for several).")
@click.option("--url", help="The article's original URL.")
@click.option("--language", help="The article's language (ISO 639-1: en, es, ru...), if not "
              "the one detected.")
@click.option("--dry-run", is_flag=True, help="Show what would be written and dropped.")
@click.option("--allow-duplicate", is_flag=True, help="Import even if already in the corpus.")
def import_command(files: tuple[Path, ...], corpus: Path | None, outlet: str | None,
                   date: str | None, authors: tuple[str, ...], url: str | None,
                   language: str | None, dry_run: bool, allow_duplicate: bool) -> None:
    """Import scraped article text or saved web pages as corpus files."""
    if date:
        try:
            parse_date(date)
        except ValueError as exc:
            raise click.BadParameter(f"{date!r}: {exc}", param_hint="--date") from exc
    if language and not LANGUAGE_CODE.match(language):
        raise click.BadParameter(f"{language!r}: give an ISO 639 code such as en, es or ru",
                                 param_hint="--language")
    given = Overrides(outlet, date, authors, url, language)
    failed = 0
    for path in files:
        try:
            for line in import_file(path, config.corpus_dir(corpus), given, dry_run,
                                    allow_duplicate):
                click.echo(line)
        except ImportError_ as exc:
            failed += 1
            click.echo(f"{path}: {exc}", err=True)
    sys.exit(1 if failed else 0)
