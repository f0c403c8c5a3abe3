"""The press-search command: thin click wrappers around the engine's functions."""

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import click

from search import config
from search.cli.terminal import StepsShown
from search.corpus.load import load_corpus
from search.index.build import BuildReport, build_index
from search.store.generations import BuildFailed, BuildLocked, RollbackImpossible, rollback
from search.whoosh.languages import stemmed

EXIT_INVALID = 1
EXIT_LOCKED = 3
EXIT_FAILED = 4

corpus_option = click.option("--corpus", type=click.Path(path_type=Path), default=None,
                             help="Corpus folder [$PRESS_SEARCH_CORPUS or ./corpus].")
index_option = click.option("--index", "index", type=click.Path(path_type=Path), default=None,
                            help="Index folder [$PRESS_SEARCH_INDEX or ./instance/index].")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """Paragraph-level full-text search over press coverage."""


@main.command("index")
@corpus_option
@index_option
@click.option("--full", is_flag=True, help="Rebuild everything instead of updating.")
@click.option("--skip-invalid", is_flag=True, help="Index the valid files, list the others.")
def index_command(corpus: Path | None, index: Path | None, full: bool,
                  skip_invalid: bool) -> None:
    """Build or update the index from the corpus, then publish it atomically."""
    corpus_path, index_path = config.corpus_dir(corpus), config.index_dir(index)
    with index_errors(), StepsShown(sys.stderr) as shown:
        report = build_index(corpus_path, index_path, full=full, skip_invalid=skip_invalid,
                             stage=shown.stage, progress=shown.progress)
    _print_report(report, index_path)


@contextmanager
def index_errors() -> Iterator[None]:
    """Turn the index's refusals into a message and the documented exit status."""
    try:
        yield
    except RollbackImpossible as exc:
        click.echo(f"press-search: cannot roll back: {exc}", err=True)
        sys.exit(EXIT_INVALID)
    except BuildLocked as exc:
        click.echo(f"press-search: {exc}", err=True)
        sys.exit(EXIT_LOCKED)
    except BuildFailed as exc:
        click.echo(f"press-search: {exc}", err=True)
        sys.exit(EXIT_FAILED)


def _print_report(report: BuildReport, index_path: Path) -> None:
    """Print every invalid file, then the summary; exit non-zero if the build was refused."""
    for error in report.errors:
        click.echo(str(error), err=True)
    if report.errors and not report.published and report.mode != "unchanged":
        click.echo(f"press-search: {len(report.errors)} invalid file(s); index not published "
                   "(the previous index is unchanged). Fix them or use --skip-invalid.", err=True)
        sys.exit(EXIT_INVALID)
    click.echo(f"{report.summary()} -> {index_path} [{report.generation}]")
    if report.errors:
        click.echo(f"press-search: skipped {len(report.errors)} invalid file(s).", err=True)
        sys.exit(EXIT_INVALID)


@main.command("rollback")
@index_option
@click.option("--to", "to", default=None, help="Generation id to publish [the previous one].")
def rollback_command(index: Path | None, to: str | None) -> None:
    """Publish the previous index generation again (a running server follows at once)."""
    index_path = config.index_dir(index)
    with index_errors():
        left, now = rollback(index_path, to)
    click.echo(f"Rolled back {index_path} from {left} to {now}.")


@main.command("check")
@corpus_option
def check_command(corpus: Path | None) -> None:
    """Validate every corpus file and report problems as file:line: message."""
    load = load_corpus(config.corpus_dir(corpus))
    for error in load.errors:
        click.echo(str(error), err=True)
    for article in load.articles:
        if not stemmed(article.meta.language):
            click.echo(f"{article.path}: warning: language '{article.meta.language}' has no "
                       "stemmer or stop words here: its words are searched as written "
                       "(lowercased, accents folded), other forms of a word are not found",
                       err=True)
    paragraphs = sum(len(a.paragraphs) for a in load.articles)
    click.echo(f"{len(load.articles)} valid articles, {paragraphs} paragraphs, "
               f"{len(load.errors)} problem(s)")
    sys.exit(EXIT_INVALID if load.errors else 0)


from search.web.serve import serve_command  # noqa: E402 - registered last, after main exists

main.add_command(serve_command)

from search.importer.command import import_command  # noqa: E402 - registered last, like serve

main.add_command(import_command)
