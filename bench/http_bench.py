"""Time searches over HTTP against `press-search serve` (gunicorn) on 127.0.0.1.

Latency: one client, one request at a time, each query of the fixed set per pass. Throughput:
wrk with a Zipf-distributed mix (bench/zipf.lua), a fixed number of connections and seconds.
"""

import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from bench.queries import query_path, query_set
from bench.stats import percentile
from tests.servers import free_port

HERE = Path(__file__).resolve().parent
SCRIPT = Path(sys.executable).with_name("press-search")


@contextmanager
def server(index: Path, workers: int, cache: int, log: Path) -> Iterator[str]:
    """Run `press-search serve` until the block ends; yield its base URL."""
    port = free_port()
    env = {**os.environ, "PRESS_SEARCH_RESULT_CACHE": str(cache)}
    with open(log, "w") as out:
        process = subprocess.Popen(
            [str(SCRIPT), "serve", "--host", "127.0.0.1", "--port", str(port), "--workers",
             str(workers), "--index", str(index)], stdout=out, stderr=subprocess.STDOUT,
            env=env, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while not _fetch_ok(base + "/healthz"):
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("the server did not start:\n" + log.read_text())
            time.sleep(0.2)
        yield base
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)


def _fetch_ok(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            response.read()
            return bool(response.status == 200)
    except OSError:
        return False


def latency_passes(base: str, passes: int, api: bool = True,
                   repeats: int = 0) -> list[list[float]]:
    """Request every query once per pass, one at a time; return milliseconds per pass.

    With `repeats`, each query is asked that many times just before it is timed: for the cache,
    as the kernel, not a round robin, gives connections to gunicorn's workers, so a query asked
    once of the server may not be in the cache of the worker that takes the next connection.
    """
    paths = [query_path(args, api) for _, args in query_set()]
    runs, errors = [], 0
    for _ in range(passes):
        one = []
        for path in paths:
            for _ in range(repeats):
                errors += not _fetch_ok(base + path)
            started = time.perf_counter()
            errors += not _fetch_ok(base + path)
            one.append((time.perf_counter() - started) * 1000)
        runs.append(one)
    if errors:
        raise RuntimeError(f"{errors} latency requests failed")
    return runs


def zipf_paths(out: Path) -> Path:
    """Write the Zipf mix's paths, most popular first: each query's pages 1, 2 and 3."""
    queries = [args for _, args in query_set()]
    paths = [query_path(args + ([("page", str(p))] if p > 1 else []))
             for p in (1, 2, 3) for args in queries]
    target = out / "zipf-paths.txt"
    target.write_text("\n".join(paths) + "\n", encoding="utf-8")
    return target


def throughput(base: str, paths: Path, seconds: int, connections: int) -> dict[str, float]:
    """Run wrk with the Zipf mix; return its JSON summary."""
    run = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s", "-s",
         str(HERE / "zipf.lua"), base, "--", str(paths)],
        capture_output=True, text=True, timeout=seconds + 60, check=True)
    line = next(x for x in run.stdout.splitlines() if x.startswith("JSON "))
    summary: dict[str, float] = json.loads(line[5:])
    summary["rate"] = summary["requests"] / summary["seconds"]
    summary["errors"] = summary["non2xx"] + summary["socket_errors"]
    return summary


def measure(index: Path, out: Path, workers: int, passes: int, seconds: int) -> dict[str, object]:
    """Measure uncached and cached latency and Zipf throughput (cache on and off)."""
    result: dict[str, object] = {}
    with server(index, workers, 0, out / "serve-nocache.log") as base:
        latency_passes(base, 1)  # opens searchers and column caches in every worker
        uncached = latency_passes(base, passes)
        pages = latency_passes(base, passes, api=False)
        result["throughput_uncached"] = [throughput(base, zipf_paths(out), seconds, 8)]
    with server(index, workers, 512, out / "serve-cache.log") as base:
        cached = latency_passes(base, passes, repeats=3)
        result["throughput"] = [throughput(base, zipf_paths(out), seconds, 8)
                                for _ in range(passes)]
    result.update(
        p50=[percentile(p, 0.5) for p in uncached], p95=[percentile(p, 0.95) for p in uncached],
        page_p50=[percentile(p, 0.5) for p in pages], page_p95=[percentile(p, 0.95) for p in pages],
        cached_p50=[percentile(p, 0.5) for p in cached])
    return result


if __name__ == "__main__":
    print(json.dumps(measure(Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3]),
                             int(sys.argv[4]), int(sys.argv[5]))))
