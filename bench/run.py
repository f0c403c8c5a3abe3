"""`make bench`: generate corpora, measure press-search and tantivy, write docs/performance.*.

    python -m bench.run [SIZES...]      sizes default to $BENCH_SIZES or "10000 100000"

Stops by itself: every run is bounded (a fixed query set, wrk for a fixed number of seconds).
Generated corpora and indexes go to bench/out/ (gitignored).
"""

import json
import os
import platform
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from bench.corpus_gen import generate, touch_articles
from bench.http_bench import measure
from bench.report import write_report
from bench.stats import spread

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
PY = sys.executable
RUNS = int(os.environ.get("BENCH_RUNS", "3"))
HTTP_SECONDS = int(os.environ.get("BENCH_HTTP_SECONDS", "10"))
WORKERS = int(os.environ.get("BENCH_WORKERS", "2"))


def child(module: str, *args: str) -> dict[str, Any]:
    """Run one bench module in a fresh Python process; return the JSON it prints."""
    run = subprocess.run([PY, "-m", module, *args], cwd=ROOT, capture_output=True, text=True,
                         check=True, timeout=3 * 3600)
    result: dict[str, Any] = json.loads(run.stdout.strip().splitlines()[-1])
    return result


def build_runs(size: int) -> int:
    """Return how many full builds to time: fewer for large corpora (minutes each)."""
    return int(os.environ.get("BENCH_BUILD_RUNS", str(RUNS if size <= 10_000 else 1)))


def commit() -> str:
    """Return the commit measured (with '+changes' if the working tree differs from it)."""
    def git(*args: str) -> str:
        return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True).stdout
    head = git("rev-parse", "--short", "HEAD").strip() or "unknown"
    return head + ("+changes" if git("status", "--porcelain", "--", "search", "bench").strip()
                   else "")


def bench_size(size: int) -> list[dict[str, Any]]:
    """Measure one corpus size; return its records.

    With BENCH_REUSE=1 and this size's corpus and index already in bench/out (from an earlier
    run), the corpus is not generated again and no full build or tantivy run is made: the
    updates, searches and HTTP figures are measured anew, and the earlier run's build_full,
    index_size and tantivy records are kept (each record names the commit it measured).
    """
    out = OUT / str(size)
    corpus, index = out / "corpus", out / "index"
    reuse = os.environ.get("BENCH_REUSE") == "1" and corpus.is_dir() and index.is_dir()
    if not reuse:
        shutil.rmtree(out, ignore_errors=True)
        generate(size, corpus, ROOT / "corpus")
    records: list[dict[str, Any]] = []
    measured = commit()

    def add(system: str, measure_name: str, values: list[float], unit: str) -> None:
        records.append({"paragraphs": size, "system": system, "measure": measure_name,
                        **spread(values), "unit": unit, "commit": measured})

    builds: list[dict[str, Any]] = []
    tantivy_runs: list[dict[str, Any]] = []
    full_builds = build_runs(size)
    for run in range(0 if reuse else max(full_builds, RUNS)):
        # press-search's and tantivy's builds alternate, so that each ratio compares builds
        # made on the machine as it was at the time (its speed moves by tens of per cent)
        if run < full_builds:
            builds.append(child("bench.build_once", str(corpus), str(index), "--full"))
        if run < RUNS:
            shutil.rmtree(out / "tantivy", ignore_errors=True)
            tantivy_runs.append(child("bench.tantivy_bench", str(corpus), str(out / "tantivy"),
                                      str(RUNS)))
    updates = []
    if reuse:  # an index built by older code: one update brings its manifest up to date
        touch_articles(corpus, 0.01, RUNS)
        child("bench.build_once", str(corpus), str(index))
    for round_no in range(RUNS):
        touch_articles(corpus, 0.01, round_no)
        updates.append(child("bench.build_once", str(corpus), str(index)))
    if builds:
        add("press-search", "build_full", [b["seconds"] for b in builds], "s")
    add("press-search", "update_1pct", [u["seconds"] for u in updates], "s")
    if builds:  # reuse keeps the earlier full build's peak
        add("press-search", "peak_memory", [b["peak_mb"] for b in builds], "MB")
    add("press-search", "peak_memory_update", [u["peak_mb"] for u in updates], "MB")
    # the published generation only (replaced ones stay on disk for a grace period)
    current = (index / "CURRENT").read_text().strip()
    if builds:
        add("press-search", "index_size", [_size_mb(index / "generations" / current)], "MB")
    _engine_records(add, child("bench.engine_bench", str(index), str(RUNS)))
    _http_records(add, measure(index, out, WORKERS, RUNS, HTTP_SECONDS))
    if tantivy_runs:
        _tantivy_records(add, tantivy_runs, out)
    return records


def _engine_records(add: Any, e: dict[str, Any]) -> None:
    add("press-search", "engine_search_cold_p50", [e["cold_p50"]], "ms")
    add("press-search", "engine_search_cold_p95", [e["cold_p95"]], "ms")
    add("press-search", "engine_search_p50", e["warm_p50"], "ms")
    add("press-search", "engine_search_p95", e["warm_p95"], "ms")
    add("press-search", "engine_search_p99", e["warm_p99"], "ms")
    add("press-search", "engine_cached_p50", e["cached_p50"], "ms")
    if e.get("echoes_p50") is not None:  # a paragraph page's echoes (issue 27)
        add("press-search", "engine_echoes_p50", [e["echoes_p50"]], "ms")
        add("press-search", "engine_echoes_p95", [e["echoes_p95"]], "ms")


def _http_records(add: Any, h: dict[str, Any]) -> None:
    add("press-search", "http_search_p50", h["p50"], "ms")
    add("press-search", "http_search_p95", h["p95"], "ms")
    add("press-search", "http_page_p50", h["page_p50"], "ms")
    add("press-search", "http_page_p95", h["page_p95"], "ms")
    add("press-search", "http_cached_p50", h["cached_p50"], "ms")
    add("press-search", "http_throughput", [t["rate"] for t in h["throughput"]], "req/s")
    add("press-search", "http_errors", [t["errors"] for t in h["throughput"]], "count")
    add("press-search", "http_throughput_uncached",
        [t["rate"] for t in h["throughput_uncached"]], "req/s")
    add("press-search", "http_errors_uncached",
        [t["errors"] for t in h["throughput_uncached"]], "count")


def _tantivy_records(add: Any, runs: list[dict[str, Any]], out: Path) -> None:
    add("tantivy", "build_full", [r["index"] for r in runs], "s")
    add("tantivy", "read_corpus", [r["read"] for r in runs], "s")
    add("tantivy", "engine_search_cold_p50", [r["cold_p50"] for r in runs], "ms")
    add("tantivy", "engine_search_p50", [x for r in runs for x in r["warm_p50"]], "ms")
    add("tantivy", "engine_search_p95", [x for r in runs for x in r["warm_p95"]], "ms")
    add("tantivy", "index_size", [_size_mb(out / "tantivy")], "MB")


def _size_mb(path: Path) -> float:
    """Return the size of the files under path in MB (the newest generation only)."""
    folders = sorted(p for p in path.iterdir() if p.is_dir()) if path.name == "generations" \
        else [path]
    return sum(f.stat().st_size for f in folders[-1].rglob("*") if f.is_file()) / 1e6


def machine() -> dict[str, str]:
    """Describe the machine and what else was running."""
    mem = Path("/proc/meminfo").read_text().split("\n")[0].split()[1]
    ps = subprocess.run(["ps", "-eo", "pid,pcpu,comm", "--sort=-pcpu"], capture_output=True,
                        text=True).stdout.splitlines()[1:]
    busy = [line.split(None, 1)[1] for line in ps if line.split()[0] != str(os.getpid())][:5]
    return {"nproc": str(os.cpu_count()), "memory": f"{int(mem) / 1048576:.1f} GB",
            "python": platform.python_version(), "platform": platform.platform(),
            "load": " ".join(f"{x:.2f}" for x in os.getloadavg()),
            "busiest": "; ".join(" ".join(line.split()) for line in busy)}


def main() -> None:
    """Run every size, then write docs/performance.json and docs/performance.md."""
    sizes = [int(s) for s in (sys.argv[1:] or os.environ.get("BENCH_SIZES", "10000 100000")
                               .split())]
    before, started = machine(), time.time()
    records = []
    for size in sizes:
        print(f"bench: {size} paragraphs ...", file=sys.stderr, flush=True)
        records += bench_size(size)
    after = machine()
    write_report(ROOT / "docs", records, before, after, time.time() - started)
    print(f"bench: done in {time.time() - started:.0f} s; see docs/performance.md",
          file=sys.stderr)


if __name__ == "__main__":
    main()
