"""Show a build's steps on a terminal: a bar for the articles, a line for each other step."""

from types import TracebackType
from typing import Any, TextIO

import click


class StepsShown:
    """Show each step as the build begins it (pass `stage` and `progress` to build_index);
    show nothing unless `file` is a terminal or `shown` says so."""

    def __init__(self, file: TextIO, shown: bool | None = None) -> None:
        self.file = file
        self.shown = file.isatty() if shown is None else shown  # never in logs or pipes
        self.bar: Any = None  # click's bar of the counted step under way, if any

    def stage(self, name: str, total: int) -> None:
        """End the step shown, then show `name`: a bar if it counts `total` articles."""
        self.close()
        if not self.shown:
            return
        if total:
            self.bar = click.progressbar(length=total, label=name, file=self.file)
            self.bar.__enter__()
        else:
            click.echo(f"{name}...", file=self.file)

    def progress(self, done: int) -> None:
        """Move the bar on by `done` articles."""
        if self.bar is not None:
            self.bar.update(done)

    def close(self) -> None:
        """Finish the bar shown, if any."""
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
            self.bar = None

    def __enter__(self) -> "StepsShown":
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.close()  # before any message about the build, which then starts a line of its own
