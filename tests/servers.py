"""Start the real server (`press-search serve`, gunicorn) on a free loopback port, for tests."""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

SCRIPT = Path(sys.executable).with_name("press-search")


def free_port() -> int:
    """Return a TCP port on 127.0.0.1 that nothing listens on."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@dataclass
class Server:
    """A running `press-search serve`: its base URL and its gunicorn master process."""

    base: str
    process: subprocess.Popen[bytes]

    def workers(self) -> list[int]:
        """Return the pids of the master's worker processes."""
        found = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == self.process.pid:
                found.append(int(stat.parent.name))
        return sorted(found)


def open_files(pid: int) -> list[str]:
    """Return what a process's file descriptors point to."""
    targets = []
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            targets.append(os.readlink(fd))
        except OSError:
            continue
    return targets


@contextmanager
def serving(index_dir: Path, log: Path, workers: int = 2,
            env: dict[str, str] | None = None) -> Iterator[Server]:
    """Serve index_dir with gunicorn until the block ends; yield the running server."""
    port = free_port()
    with open(log, "w") as out:
        process = subprocess.Popen(
            [str(SCRIPT), "serve", "--host", "127.0.0.1", "--port", str(port), "--workers",
             str(workers), "--index", str(index_dir)], stdout=out, stderr=subprocess.STDOUT,
            start_new_session=True, env={**os.environ, **(env or {})})
    server = Server(f"http://127.0.0.1:{port}", process)
    try:
        deadline = time.monotonic() + 30
        while not _healthy(server.base) or len(server.workers()) < workers:
            assert process.poll() is None, log.read_text()
            assert time.monotonic() < deadline, "the server did not start:\n" + log.read_text()
            time.sleep(0.1)
        yield server
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=20)


@contextmanager
def running_server(index_dir: Path, log: Path, workers: int = 2) -> Iterator[str]:
    """Serve index_dir with gunicorn until the block ends; yield the base URL."""
    with serving(index_dir, log, workers) as server:
        yield server.base


def _healthy(base: str) -> bool:
    try:
        with urllib.request.urlopen(base + "/healthz", timeout=2) as response:
            return bool(response.status == 200)
    except OSError:
        return False
