"""Small statistics helpers shared by the benchmark's parts."""

import statistics
from typing import Any


def percentile(values: list[float], q: float) -> float:
    """Return the q-th quantile (0..1) by the nearest-rank method."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def spread(values: list[float]) -> dict[str, Any]:
    """Return median, min and max of repeated runs (and how many runs)."""
    return {"median": round(statistics.median(values), 3), "min": round(min(values), 3),
            "max": round(max(values), 3), "runs": len(values)}
