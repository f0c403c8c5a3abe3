"""The index folder: generations of the index, the pointer to the published one, the build lock.

    <index>/CURRENT            the published generation's id (replaced atomically)
    <index>/generations/<id>/  one complete Whoosh index + manifest.json + ids.json
                               + articles.pickle (the parsed corpus, for the next build)
    <index>/generations/.tmp-<id>/  a build in progress (removed by the next build if killed)
    <index>/build.lock         held (flock) while a build runs
"""

import fcntl
import json
import os
import secrets
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

POINTER = "CURRENT"
GENERATIONS = "generations"
TMP_PREFIX = ".tmp-"
GRACE_SECONDS = 120.0  # a replaced generation stays this long (requests time out after 30 s)
MANIFEST = "manifest.json"
LEDGER_COPY = "ids.json"
ARTICLES = "articles.pickle"  # the parsed corpus (search/corpus/parsed.py)


_LOCKS_HELD: set[int] = set()  # descriptors of the build locks this process holds


def _let_go_of_locks_in_child() -> None:
    """In a forked child, point the descriptors of the parent's build locks at /dev/null.

    flock(2) belongs to the open file, which a fork shares: a child keeping its copy would hold
    the lock after its parent was killed, and the next build would be refused. The numbers stay
    open (on /dev/null) so the parent's file objects, copied into the child, close nothing else.
    """
    if not _LOCKS_HELD:
        return
    null = os.open(os.devnull, os.O_RDWR)
    for fd in _LOCKS_HELD:
        os.dup2(null, fd)
    os.close(null)
    _LOCKS_HELD.clear()


os.register_at_fork(after_in_child=_let_go_of_locks_in_child)


class IndexUnavailable(Exception):
    """The index folder cannot be used; the message says why and what to do."""


class BuildLocked(Exception):
    """Another build holds the lock."""


class BuildFailed(Exception):
    """The index could not be written (disk full, folder not writable…); nothing was published."""


class RollbackImpossible(Exception):
    """There is no earlier generation to go back to."""


def new_generation_id() -> str:
    """Return a fresh generation id that sorts by creation time."""
    return f"{time.strftime('%Y%m%dT%H%M%S', time.gmtime())}-{secrets.token_hex(3)}"


def current_generation(index_dir: Path) -> str | None:
    """Return the published generation id, or None if nothing has been published."""
    try:
        gid = (index_dir / POINTER).read_text(encoding="ascii").strip()
    except FileNotFoundError:
        return None
    return gid or None


def generation_dir(index_dir: Path, gid: str) -> Path:
    """Return the folder of one generation."""
    return index_dir / GENERATIONS / gid


def read_manifest(index_dir: Path, gid: str) -> dict[str, Any]:
    """Read a generation's manifest."""
    with open(generation_dir(index_dir, gid) / MANIFEST, encoding="utf-8") as fh:
        data: dict[str, Any] = json.load(fh)
    return data


@contextmanager
def build_lock(index_dir: Path) -> Iterator[None]:
    """Hold the build lock; raise BuildLocked at once if another build has it."""
    (index_dir / GENERATIONS).mkdir(parents=True, exist_ok=True)
    with open(index_dir / "build.lock", "a+") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            fh.seek(0)
            holder = fh.read().strip() or "unknown"
            raise BuildLocked(f"another build is running (pid {holder}); try again when "
                              "it has finished") from None
        _LOCKS_HELD.add(fh.fileno())
        fh.truncate(0)
        fh.write(str(os.getpid()))
        fh.flush()
        try:
            yield
        finally:
            _LOCKS_HELD.discard(fh.fileno())
            fh.truncate(0)
            fcntl.flock(fh, fcntl.LOCK_UN)


def copy_generation(source: Path, target: Path) -> None:
    """Copy a generation's Whoosh files into a new build folder, sharing what never changes.

    Whoosh writes each segment file once, under a new random name, and never opens it for
    writing again (deletions and the segment list live in the new table of contents): a hard
    link is a safe copy. The other files are copied; the manifest, ledger copy and parsed
    corpus are left out, since the build writes them anew. Where links are refused (some
    file systems), the segments are copied too.
    """
    def share(src: str, dst: str) -> str:
        if src.endswith(".seg"):
            try:
                os.link(src, dst)
                return dst
            except OSError:
                pass
        return str(shutil.copy2(src, dst))

    shutil.copytree(source, target, copy_function=share,
                    ignore=shutil.ignore_patterns(MANIFEST, LEDGER_COPY, ARTICLES))


def fsync_tree(path: Path) -> None:
    """Flush every file and folder under path to disk."""
    for dirpath, _, filenames in os.walk(path):
        for name in filenames:
            fd = os.open(os.path.join(dirpath, name), os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
        fsync_dir(Path(dirpath))


def fsync_dir(path: Path) -> None:
    """Flush a folder's entries to disk (makes renames in it durable)."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def publish(index_dir: Path, tmp: Path, gid: str) -> None:
    """Make a finished build the published generation in one atomic step.

    Order matters for a crash at any moment: the build's files are flushed, its folder renamed
    into place (and that rename flushed), and only then is CURRENT replaced by rename(2), which
    never leaves a moment without a CURRENT (as `ln -sfn`'s unlink-then-create would).
    """
    fsync_tree(tmp)
    final = generation_dir(index_dir, gid)
    os.rename(tmp, final)
    fsync_dir(final.parent)
    switch(index_dir, gid)


def switch(index_dir: Path, gid: str) -> None:
    """Point CURRENT at a complete generation: write a new pointer, flush it, rename it over."""
    pointer_tmp = index_dir / f"{POINTER}.tmp"
    with open(pointer_tmp, "w", encoding="ascii") as fh:
        fh.write(gid + "\n")
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(pointer_tmp, index_dir / POINTER)
    fsync_dir(index_dir)


def generations(index_dir: Path) -> list[str]:
    """Return the complete generations on disk, oldest first."""
    root = index_dir / GENERATIONS
    if not root.is_dir():
        return []
    done = [p for p in root.iterdir()
            if p.is_dir() and not p.name.startswith(TMP_PREFIX) and (p / MANIFEST).exists()]
    # by when each was finished: two builds in the same second have ids that do not sort
    return [p.name for p in sorted(done, key=lambda p: ((p / MANIFEST).stat().st_mtime_ns,
                                                        p.name))]


def rollback(index_dir: Path, to: str | None = None) -> tuple[str, str]:
    """Publish the generation before the current one (or `to`); return (from, to)."""
    current = current_generation(index_dir)
    kept = generations(index_dir)
    if current is None:
        raise RollbackImpossible(f"no index in {index_dir}")
    if to is None:
        older = kept[:kept.index(current)] if current in kept else kept
        if not older:
            raise RollbackImpossible(f"no generation older than {current} is kept in "
                                     f"{index_dir}")
        to = older[-1]
    elif to not in kept:
        raise RollbackImpossible(f"no complete generation {to!r} in {index_dir}; kept: "
                                 + ", ".join(kept))
    with build_lock(index_dir):
        switch(index_dir, to)
    return current, to


def remove_unfinished(index_dir: Path) -> None:
    """Remove the folders of builds that did not finish (call it holding the build lock: no
    other build is writing one)."""
    for child in (index_dir / GENERATIONS).iterdir():
        if child.name.startswith(TMP_PREFIX):
            shutil.rmtree(child, ignore_errors=True)


def clean_up(index_dir: Path, keep: set[str], grace: float = GRACE_SECONDS) -> None:
    """Remove unfinished builds, and generations other than `keep` (current and previous)
    that were superseded more than `grace` seconds ago.

    A server may still be answering a request from a generation published a moment ago and
    since replaced, and Whoosh opens some of its files only when first needed: a generation
    stays on disk for a while after it stops being current, so no request loses its files.
    """
    root = index_dir / GENERATIONS
    done = generations(index_dir)
    finished = {g: (root / g / MANIFEST).stat().st_mtime for g in done}
    now = time.time()
    for child in root.iterdir():
        if child.name in keep:
            continue
        if child.name in finished:
            later = [finished[g] for g in done[done.index(child.name) + 1:]]
            superseded = min(later) if later else now
            if now - superseded < grace:
                continue
        shutil.rmtree(child, ignore_errors=True)
