"""`press-search import`: a thin click wrapper around the importer's batch."""

import re
import sys
from collections import Counter
from pathlib import Path

import click

from search import config
from search.corpus.dates import parse_date
from search.importer.batch import FAILED, SKIPPED, WRITTEN, Options, import_files
from search.importer.write import Overrides

LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$")


@click.command("import")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--corpus", type=click.Path(path_type=Path), default=None,
              help="Corpus folder to write to [$PRESS_SEARCH_CORPUS or ./corpus].")
@click.option("--outlet", help="The outlet, if the text does not say.")
@click.option("--date", help="YYYY-MM-DD or YYYY-MM, if the text does not say.")
@click.option("--author", "authors", multiple=True, help="An author (repeat for several).")
@click.option("--url", help="The article's original URL.")
@click.option("--language", help="The article's language (ISO 639: en, es, ru...), if not "
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
    options = Options(config.corpus_dir(corpus), Overrides(outlet, date, authors, url, language),
                      dry_run, allow_duplicate)
    counts: Counter[str] = Counter()
    for outcome in import_files(list(files), options):
        counts[outcome.status] += 1
        click.echo(f"{outcome.path}: {outcome.said}", err=outcome.status == FAILED)
        for line in outcome.details:
            click.echo(line)
    if len(files) > 1:
        click.echo(f"{len(files)} files: {counts[WRITTEN]} "
                   f"{'would be written' if dry_run else 'written'}, {counts[SKIPPED]} skipped "
                   f"(already in the corpus), {counts[FAILED]} failed")
    sys.exit(1 if counts[FAILED] else 0)
