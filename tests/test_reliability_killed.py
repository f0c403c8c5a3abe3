"""A build killed with SIGKILL leaves nothing behind: no process, no lock, no folder."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from search.index.build import build_index
from search.store.generations import BuildLocked, build_lock
from tests.conftest import WriteArticle
from tests.test_build import synthetic

# The real command, with the thresholds past which it starts reading and writer processes
# lowered, so that a corpus small enough for a test uses them.
COMMAND = ("import sys; import search.corpus.load as load, search.index.documents as documents; "
           "load.PARALLEL_FILES = 1; documents.PARALLEL_FROM = 1; "
           "from search.cli import main; sys.argv[0] = 'press-search'; main()")


def _processes() -> dict[int, tuple[int, str, str]]:
    """Every process alive now: its parent, state and command line, by pid."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue  # ended meanwhile
        state, ppid = stat.rsplit(")", 1)[1].split()[:2]
        found[int(entry.name)] = (int(ppid), state, cmdline)
    return found


def _alive_of(parent: int, index_dir: Path) -> list[int]:
    """Live processes that the build started: children of it, or running its command line."""
    return [pid for pid, (ppid, state, cmdline) in _processes().items()
            if state != "Z" and (ppid == parent or str(index_dir) in cmdline)]


def _lock_holder(index_dir: Path) -> str:
    """The pid written in the build lock (empty when no build holds it)."""
    try:
        return (index_dir / "build.lock").read_text().strip()
    except FileNotFoundError:
        return ""


def _index(corpus_dir: Path, index_dir: Path, *extra: str) -> list[str]:
    """The command line of a build of the corpus."""
    return [sys.executable, "-c", COMMAND, "index", "--corpus", str(corpus_dir),
            "--index", str(index_dir), *extra]


@pytest.mark.parametrize("moment", ["reading", "writing"])
def test_a_killed_build_leaves_no_process_no_lock_and_no_temporary_folder(
        moment: str, corpus_dir: Path, index_dir: Path, write_article: WriteArticle) -> None:
    synthetic(write_article, 500)
    assert build_index(corpus_dir, index_dir).published
    proc = subprocess.Popen(_index(corpus_dir, index_dir, "--full"), stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    children: list[int] = []
    deadline = time.monotonic() + 60
    while not children and proc.poll() is None and time.monotonic() < deadline:
        locked = _lock_holder(index_dir) == str(proc.pid)  # reading is done before locking
        if locked == (moment == "writing"):
            children = [pid for pid in _alive_of(proc.pid, index_dir) if pid != proc.pid]
        time.sleep(0.005)
    proc.kill()
    proc.wait()
    assert children, f"the build ended before its {moment} processes were seen"
    deadline = time.monotonic() + 5
    while _alive_of(proc.pid, index_dir) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _alive_of(proc.pid, index_dir) == []
    unchanged = subprocess.run(_index(corpus_dir, index_dir), capture_output=True, text=True,
                               timeout=120)
    assert unchanged.returncode == 0, unchanged.stderr
    assert "nothing changed" in unchanged.stdout + unchanged.stderr
    assert [p.name for p in (index_dir / "generations").glob(".tmp-*")] == []
    full = subprocess.run(_index(corpus_dir, index_dir, "--full"), capture_output=True,
                          text=True, timeout=120)
    assert full.returncode == 0, full.stderr
    assert [p.name for p in (index_dir / "generations").glob(".tmp-*")] == []


HOLDER = """import os, sys, time
from pathlib import Path
from search.store.generations import build_lock
with build_lock(Path(sys.argv[1])):
    child = os.fork()
    if child == 0:
        time.sleep(60)
        os._exit(0)
    print(child, flush=True)
    time.sleep(60)
"""


def test_a_process_forked_by_a_build_does_not_keep_its_lock(index_dir: Path) -> None:
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(index_dir)],
                              stdout=subprocess.PIPE, text=True)
    assert holder.stdout is not None
    child = int(holder.stdout.readline())
    try:
        with pytest.raises(BuildLocked):
            with build_lock(index_dir):
                pass
        holder.kill()
        holder.wait()
        assert Path(f"/proc/{child}").exists()  # still running, yet the lock is free
        with build_lock(index_dir):
            pass
    finally:
        holder.kill()
        holder.wait()
        holder.stdout.close()
        os.kill(child, signal.SIGKILL)
