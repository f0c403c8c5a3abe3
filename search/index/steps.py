"""A build's steps, told to its caller as they begin, and its progress through the articles."""

from collections.abc import Callable
from dataclasses import dataclass

Progress = Callable[[int], None]  # told how many more articles were indexed
Stage = Callable[[str, int], None]  # told a step's name and its articles (0: not counted)

READING = "Reading the corpus"
NUMBERING = "Assigning paragraph ids"
COPYING = "Copying the previous index"  # an update starts from a copy of it
INDEXING = "Indexing articles"
WRITING = "Writing the index"


@dataclass
class Steps:
    """Tell a build's caller which step it is in, and how far the counted one has gone."""

    stage: Stage | None = None
    progress: Progress | None = None

    def start(self, name: str, total: int = 0) -> None:
        """Say that the step `name` begins (with `total` articles to count, if any)."""
        if self.stage:
            self.stage(name, total)

    def indexing(self, total: int) -> Progress:
        """Begin indexing `total` articles; return what counts them, which begins writing
        the index once all are told."""
        self.start(INDEXING, total)
        left = total
        if not left:
            self.start(WRITING)

        def told(done: int) -> None:
            nonlocal left
            if self.progress:
                self.progress(done)
            left -= done
            if done and not left:
                self.start(WRITING)

        return told
