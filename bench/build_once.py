"""Run one build in this process and print its time and peak memory as JSON (run as a child)."""

import json
import resource
import sys
import time
from pathlib import Path

from search.index.build import build_index


def main() -> None:
    """Build CORPUS into INDEX (full rebuild if --full); print {seconds, peak_mb, paragraphs}."""
    corpus, index = Path(sys.argv[1]), Path(sys.argv[2])
    started = time.perf_counter()
    report = build_index(corpus, index, full="--full" in sys.argv)
    seconds = time.perf_counter() - started
    assert report.published or report.mode == "unchanged", report.errors[:3]
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    # Linux reports KB; a multi-process writer's children peak alongside the parent.
    print(json.dumps({"seconds": seconds, "peak_mb": (own + children) / 1024,
                      "paragraphs": report.paragraphs, "mode": report.mode}))


if __name__ == "__main__":
    main()
