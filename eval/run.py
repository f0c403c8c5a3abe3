"""`make eval`: measure press-search's relevance beside tantivy and bm25s; write
docs/relevance.json and docs/relevance.md.

    python -m eval.run

EVAL_COLLECTIONS ("cisi seed spanish" by default) chooses the collections. CISI is read from
../shared/benchmarks/cisi/ and skipped, with a message, when that folder is absent. Corpora,
indexes and server logs go to a temporary folder, removed at the end unless EVAL_KEEP=1.
"""

import os
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from eval.loaders import (
    BENCHMARKS,
    ROOT,
    Collection,
    cisi_collection,
    seed_collection,
    spanish_collection,
)
from eval.report import write_report
from eval.runs import SYSTEMS, SystemRun, run_system

COLLECTIONS = ("cisi", "seed", "spanish")


def commit() -> str:
    """Return the commit measured (with '+changes' if the working tree differs from it)."""
    def git(*args: str) -> str:
        return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True).stdout
    head = git("rev-parse", "--short", "HEAD").strip() or "unknown"
    dirty = git("status", "--porcelain", "--", "search", "eval", "corpus").strip()
    return head + ("+changes" if dirty else "")


def chosen() -> list[str]:
    """Return the collections asked for by EVAL_COLLECTIONS (all by default)."""
    names = os.environ.get("EVAL_COLLECTIONS", " ".join(COLLECTIONS)).replace(",", " ").split()
    unknown = sorted(set(names) - set(COLLECTIONS))
    if unknown:
        raise SystemExit(f"eval: unknown collection(s) {unknown}; known: {list(COLLECTIONS)}")
    return [n for n in COLLECTIONS if n in names]


def load(name: str, work: Path, skipped: list[str]) -> Collection | None:
    """Load one collection under work; note it in skipped when it cannot be loaded."""
    (work / name).mkdir(parents=True)
    if name == "seed":
        return seed_collection(work / name)
    if name == "spanish":
        return spanish_collection(work / name)
    found = cisi_collection(work / name)
    if found is None:
        note = f"CISI, as {BENCHMARKS / 'cisi'} is absent"
        print(f"eval: skipping {note}", file=sys.stderr)
        skipped.append(note)
    return found


def evaluate(work: Path) -> tuple[list[Collection], list[SystemRun], list[str]]:
    """Run every system on every chosen collection."""
    collections: list[Collection] = []
    runs: list[SystemRun] = []
    skipped: list[str] = []
    for name in chosen():
        c = load(name, work, skipped)
        if c is None:
            continue
        collections.append(c)
        runs += [run_system(c, system, work / name) for system in SYSTEMS]
        if c.matcher is not None and c.matcher.inexact:
            print(f"eval: warning: {c.matcher.inexact} press-search hits were not exactly a "
                  "corpus paragraph (the baselines may not see the same texts)", file=sys.stderr)
    return collections, runs, skipped


def main() -> None:
    """Evaluate, then write the report."""
    started = time.time()
    meta = {"commit": commit(), "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")}
    keep = os.environ.get("EVAL_KEEP") == "1"
    tmp = Path(tempfile.mkdtemp(prefix="press-eval-"))
    try:
        collections, runs, skipped = evaluate(tmp)
    finally:
        if keep:
            print(f"eval: kept {tmp}", file=sys.stderr)
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    meta["seconds"] = f"{time.time() - started:.0f}"
    write_report(ROOT / "docs", collections, runs, meta, skipped)
    for run in runs:
        print(f"eval: {run.collection:7} {run.system:12} nDCG@10 {run.mean('ndcg@10'):.3f}  "
              f"recall@10 {run.mean('recall@10'):.3f}  MRR {run.mean('mrr'):.3f}  "
              f"errors {run.errors}/{len(run.scores)}", file=sys.stderr)
    print("eval: see docs/relevance.md", file=sys.stderr)


if __name__ == "__main__":
    main()
