"""Publication is durable and atomic; faults during a build publish nothing and lose nothing."""

import errno
import fcntl
import gc
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from whoosh.filedb.filestore import FileStorage

from search.cli import EXIT_FAILED, EXIT_LOCKED, main
from search.engine import search
from search.index.build import build_index
from search.models import SearchRequest
from search.store.generations import BuildFailed, current_generation, generations
from search.web import create_app
from search.whoosh.handle import IndexHandle
from tests.conftest import WriteArticle
from tests.test_build import synthetic


def index_args(corpus: Path, index: Path) -> list[str]:
    return ["--corpus", str(corpus), "--index", str(index)]


def total(index_dir: Path, text: str) -> int:
    return search(IndexHandle(index_dir), SearchRequest(text=text)).total


def test_publication_flushes_before_each_rename(corpus_dir: Path, index_dir: Path,
                                                write_article: WriteArticle,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    write_article("one", "The army entered La Paz.")
    events: list[tuple[str, str]] = []
    real_fsync, real_rename, real_replace = os.fsync, os.rename, os.replace

    def fsync(fd: int) -> None:
        events.append(("fsync", os.readlink(f"/proc/self/fd/{fd}")))
        real_fsync(fd)

    def rename(src: str | Path, dst: str | Path) -> None:
        events.append(("rename", f"{src} -> {dst}"))
        real_rename(src, dst)

    def replace(src: str | Path, dst: str | Path) -> None:
        events.append(("replace", f"{src} -> {dst}"))
        real_replace(src, dst)

    monkeypatch.setattr(os, "fsync", fsync)  # the module search/store/generations.py calls
    monkeypatch.setattr(os, "rename", rename)
    monkeypatch.setattr(os, "replace", replace)
    report = build_index(corpus_dir, index_dir)
    gid = report.generation
    assert report.published and gid
    tmp = str(index_dir / "generations" / f".tmp-{gid}")
    final = str(index_dir / "generations" / gid)
    moved = events.index(("rename", f"{tmp} -> {final}"))
    switched = events.index(("replace", f"{index_dir / 'CURRENT.tmp'} -> "
                                        f"{index_dir / 'CURRENT'}"))
    # 1. every file of the build, and its folder, flushed while still under its temporary name
    flushed = {path for kind, path in events[:moved] if kind == "fsync"}
    built = {str(p) for p in Path(final).rglob("*")}
    assert {p.replace(tmp, final) for p in flushed} >= built | {final}
    # 2. the folder renamed into place, then the generations folder flushed
    assert events[moved + 1] == ("fsync", str(index_dir / "generations"))
    # 3. the new pointer flushed, renamed over CURRENT (never unlinked), the folder flushed
    assert events[switched - 1] == ("fsync", str(index_dir / "CURRENT.tmp"))
    assert events[switched + 1] == ("fsync", str(index_dir))
    assert moved < switched and not (index_dir / "CURRENT").is_symlink()


def test_orphans_of_a_killed_build_are_cleaned_by_the_next(corpus_dir: Path, index_dir: Path,
                                                           write_article: WriteArticle) -> None:
    write_article("one", "The army entered La Paz.")
    assert build_index(corpus_dir, index_dir).published
    orphan = index_dir / "generations" / ".tmp-20190101T000000-dead00"
    orphan.mkdir()
    (orphan / "MAIN_1.seg").write_bytes(b"\0" * 4096)
    write_article("two", "The police mutinied.")
    assert build_index(corpus_dir, index_dir).published
    assert not orphan.exists()


def test_replaced_generations_stay_for_a_grace_period(corpus_dir: Path, index_dir: Path,
                                                      write_article: WriteArticle) -> None:
    built = []
    for n in range(4):
        write_article("one", f"The army entered La Paz {n} times.")
        built.append(build_index(corpus_dir, index_dir).generation)
    # Replaced moments ago: a server may still be reading them, so all are still there.
    assert generations(index_dir) == built
    for n, gid in enumerate(built):  # pretend they were built an hour apart, long ago
        manifest = index_dir / "generations" / str(gid) / "manifest.json"
        os.utime(manifest, (time.time() - 3600 * (5 - n), time.time() - 3600 * (5 - n)))
    write_article("one", "The army left.")
    latest = build_index(corpus_dir, index_dir).generation
    # The current and the previous stay (for rollback); the rest went.
    assert generations(index_dir) == [built[-1], latest]


def test_the_previous_generation_is_kept_and_rollback_restores_it(
        corpus_dir: Path, index_dir: Path, write_article: WriteArticle) -> None:
    write_article("one", "The army entered La Paz.")
    first = build_index(corpus_dir, index_dir).generation
    write_article("one", "The police entered La Paz.")
    second = build_index(corpus_dir, index_dir).generation
    assert first and second and generations(index_dir) == [first, second]
    handle = IndexHandle(index_dir)  # a running reader follows the switch without reopening
    assert search(handle, SearchRequest(text="police")).total == 1

    result = CliRunner().invoke(main, ["rollback", "--index", str(index_dir)])
    assert result.exit_code == 0, result.output
    assert result.output == f"Rolled back {index_dir} from {second} to {first}.\n"
    assert current_generation(index_dir) == first
    assert search(handle, SearchRequest(text="police")).total == 0
    assert search(handle, SearchRequest(text="army")).total == 1

    again = CliRunner().invoke(main, ["rollback", "--index", str(index_dir)])
    assert again.exit_code == 1
    assert f"cannot roll back: no generation older than {first} is kept" in again.output
    forward = CliRunner().invoke(main, ["rollback", "--index", str(index_dir), "--to", second])
    assert forward.exit_code == 0 and current_generation(index_dir) == second
    unknown = CliRunner().invoke(main, ["rollback", "--index", str(index_dir), "--to", "x"])
    assert unknown.exit_code == 1 and "no complete generation 'x'" in unknown.output


def fail_writes_after(monkeypatch: pytest.MonkeyPatch, files: int, error: int) -> None:
    """Make Whoosh's file creation fail with `error` after `files` files were created."""
    created = FileStorage.create_file
    count = {"n": 0}

    def create_file(self: FileStorage, name: str, **kw: object) -> object:
        count["n"] += 1
        if count["n"] > files:
            raise OSError(error, os.strerror(error), os.path.join(self.folder, name))
        return created(self, name, **kw)

    monkeypatch.setattr(FileStorage, "create_file", create_file)


# Whoosh's writer leaves the file it had open when the failure hit to the garbage collector.
@pytest.mark.filterwarnings("ignore::ResourceWarning")
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
@pytest.mark.parametrize(("error", "message"), [
    (errno.ENOSPC, "No space left on device"),
    (errno.EACCES, "Permission denied"),
    (errno.EROFS, "Read-only file system"),
])
def test_a_failed_write_publishes_nothing_and_the_old_index_is_served(
        corpus_dir: Path, index_dir: Path, write_article: WriteArticle,
        monkeypatch: pytest.MonkeyPatch, error: int, message: str) -> None:
    write_article("one", "The army entered La Paz.")
    published = build_index(corpus_dir, index_dir).generation
    app = create_app({"TESTING": True, "INDEX_DIR": str(index_dir)})
    ledger_before = (corpus_dir / ".ids.json").read_text()
    write_article("two", "The police mutinied in Cochabamba.")
    fail_writes_after(monkeypatch, 2, error)

    result = CliRunner().invoke(main, ["index", "--full", *index_args(corpus_dir, index_dir)])
    assert result.exit_code == EXIT_FAILED
    assert result.output.startswith(f"press-search: cannot write the index: {message} (")
    assert "nothing was published and the previous index is still served" in result.output
    del result
    gc.collect()  # Whoosh's leaked file is closed here, inside this test's warning filter
    assert current_generation(index_dir) == published
    assert generations(index_dir) == [published]  # the half build is gone, space freed
    assert not any(p.name.startswith(".tmp-") for p in (index_dir / "generations").iterdir())
    assert (corpus_dir / ".ids.json").read_text() == ledger_before  # no ids were handed out
    data = app.test_client().get("/api/search?q=army").json
    assert data is not None and data["total"] == 1 and data["generation"] == published

    monkeypatch.undo()  # the disk has room again: the next build succeeds without cleanup
    assert build_index(corpus_dir, index_dir).published
    assert total(index_dir, "police") == 1


def test_an_index_folder_that_cannot_be_a_folder_is_a_clear_failure(
        corpus_dir: Path, tmp_path: Path, write_article: WriteArticle) -> None:
    write_article("one", "The army entered La Paz.")
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    result = CliRunner().invoke(main, ["index", *index_args(corpus_dir, blocker / "index")])
    assert result.exit_code == EXIT_FAILED
    assert "cannot write the index: Not a directory" in result.output
    with pytest.raises(BuildFailed):
        build_index(corpus_dir, blocker / "index")


def test_a_ledger_that_cannot_be_saved_publishes_nothing(
        corpus_dir: Path, index_dir: Path, write_article: WriteArticle,
        monkeypatch: pytest.MonkeyPatch) -> None:
    # The ledger beside the corpus holds every paragraph's id: an index published without it
    # would serve ids that the next build does not know.
    write_article("one", "The army entered La Paz.")
    build_index(corpus_dir, index_dir)
    served = current_generation(index_dir)
    write_article("two", "The police mutinied in Cochabamba.")

    def full_disk(*args: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device", str(corpus_dir))

    monkeypatch.setattr("search.index.build.save_ledger", full_disk)
    with pytest.raises(BuildFailed, match="No space left on device.*nothing was published"):
        build_index(corpus_dir, index_dir)
    assert current_generation(index_dir) == served
    assert total(index_dir, "mutinied") == 0 and total(index_dir, "army") == 1
    monkeypatch.undo()
    build_index(corpus_dir, index_dir)
    assert total(index_dir, "mutinied") == 1


def test_two_builds_started_at_once(corpus_dir: Path, index_dir: Path,
                                   write_article: WriteArticle) -> None:
    synthetic(write_article, 60)
    # The first build is a real one, slowed by its progress callback so it is still running
    # when the second starts; the second is the command a user would type.
    slow = ("import sys, time; from pathlib import Path; "
            "from search.index.build import build_index; "
            "r = build_index(Path(sys.argv[1]), Path(sys.argv[2]), "
            "progress=lambda n: time.sleep(0.05)); print(r.summary())")
    first = subprocess.Popen([sys.executable, "-c", slow, str(corpus_dir), str(index_dir)],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    cmd = [sys.executable, "-m", "search", "index", *index_args(corpus_dir, index_dir)]
    lock = index_dir / "build.lock"
    deadline = time.monotonic() + 30
    while not _held(lock):  # wait until the first build holds the lock, then start another
        assert first.poll() is None and time.monotonic() < deadline
        time.sleep(0.005)
    second = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
    out, err = first.communicate(timeout=120)
    assert first.returncode == 0, err
    assert second.returncode == EXIT_LOCKED
    assert second.stderr == (f"press-search: another build is running (pid {first.pid}); try "
                             "again when it has finished\n")
    assert "60 articles" in out and total(index_dir, "coup") > 0


def _held(lock: Path) -> bool:
    """Say whether another process holds the build lock (taking it only if free)."""
    if not lock.exists():
        return False
    with open(lock, "a+") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        fcntl.flock(fh, fcntl.LOCK_UN)
        return False


