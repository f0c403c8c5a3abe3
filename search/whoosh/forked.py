"""A large full build's segments, each written by a forked process of its own and committed
together by the parent."""

import multiprocessing
import os
import sys
import time
from collections.abc import Callable
from multiprocessing.connection import wait
from typing import Any, TypeVar

from whoosh.writing import IndexingError

from search.procs import die_with_parent
from search.whoosh.writer import ParagraphWriter

Progress = Callable[[int], None]  # told how many more articles were written (index/steps.py)

T = TypeVar("T")
# Seconds between a writer process's progress messages (one per article woke the parent 4,478
# times in a 100k build)
PROGRESS_EVERY = 0.1


def write_in_processes(ix: Any, parts: list[list[T]], add: Callable[[ParagraphWriter, T], None],
                       limitmb: float, progress: Progress | None = None,
                       meanwhile: Callable[[], None] | None = None) -> None:
    """Write each part's documents as a segment of its own, in a forked process per part (the
    parts need no copying: each process has them), and commit the segments together.

    The parts' documents come in the order of the parts; `progress` is told how many items
    have been written, a few times a second. `meanwhile` is called once they have started:
    the caller's own work, done while it waits. Any process failing, or `meanwhile` raising,
    fails the whole: nothing is committed.
    """
    context = multiprocessing.get_context("fork")
    writer = ParagraphWriter(ix, limitmb=limitmb)  # holds the lock, adds no document itself
    running: list[tuple[Any, Any]] = []
    try:
        for part in parts:
            receive, send = context.Pipe(duplex=False)
            process = context.Process(target=_write_part,
                                      args=(ix, part, add, limitmb, send, os.getpid()))
            process.start()
            send.close()
            running.append((process, receive))
        if meanwhile is not None:
            meanwhile()
        results = _results(running, progress)
        segments = [results[receive] for _, receive in running]
        writer._close_segment()
        writer._commit_toc(writer.segments + segments)
        writer._finish()
    except BaseException:
        for process, _ in running:
            if process.is_alive():
                process.kill()
            process.join()
        writer.cancel()
        raise


def _results(running: list[tuple[Any, Any]],
             progress: Progress | None) -> dict[Any, Any]:
    """Wait for each process's segment, passing on its progress; raise on a failure."""
    results: dict[Any, Any] = {}
    waiting = {receive: process for process, receive in running}
    while waiting:
        for ready in wait(list(waiting)):
            receive: Any = ready
            try:
                message = receive.recv()
            except EOFError:
                process = waiting[receive]
                process.join()
                message = f"it ended with exit code {process.exitcode}"
            if isinstance(message, int):
                if progress:
                    progress(message)
                continue
            if isinstance(message, str):
                raise IndexingError(f"a writer process failed: {message}")
            results[receive] = message
            del waiting[receive]
    for process, _ in running:
        process.join()
    return results


def _write_part(ix: Any, part: list[T], add: Callable[[ParagraphWriter, T], None], limitmb: float,
                send: Any, parent: int) -> None:
    """Write one part as a segment (in a writer process) and send it back, or the error."""
    die_with_parent(parent)
    try:
        writer = ParagraphWriter(ix, _lk=False, limitmb=limitmb)
        done, told = 0, time.monotonic()
        for item in part:
            add(writer, item)
            done += 1
            if time.monotonic() - told >= PROGRESS_EVERY:
                send.send(done)  # the items written since the last message
                done, told = 0, time.monotonic()
        if done:
            send.send(done)
        send.send(writer._finalize_segment())
    except BaseException as exc:  # told to the parent, which reports it
        send.send(f"{type(exc).__name__}: {exc}")
        sys.exit(1)
    finally:
        send.close()
