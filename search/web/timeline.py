"""The month-by-outlet timeline as geometry for a server-rendered SVG, plus its table form."""

from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from search.corpus.dates import display_date, month_label
from search.models import TimelineBucket

PALETTE = 8  # colour classes .c0 … .c7 in the stylesheet
OTHERS = "Other outlets"  # the outlets beyond the first PALETTE - 1, when there are more
MAX_MONTHS = 600
MIN_SLOT, MAX_SLOT = 24, 60  # width of one month, in viewBox units
MIN_PLOT_WIDTH = 300  # a few months get wider bars rather than a tiny chart
BAR_GAP = 4
PLOT_HEIGHT = 100
TOP, LEFT, BOTTOM, RIGHT = 14, 30, 30, 6
SCALE = 1.6  # CSS pixels per viewBox unit at full size (the SVG shrinks to fit narrow screens)


@dataclass(frozen=True)
class Segment:
    """One outlet's share of a month's bar."""

    outlet: str
    css: str
    y: float
    height: float
    count: int


@dataclass(frozen=True)
class Bar:
    """One month: its stacked segments, its label and the search it links to."""

    month: str
    name: str
    x: float
    width: float
    total: int
    segments: list[Segment]
    row: list[int]
    href: str
    abbr: str
    year: str | None
    description: str


@dataclass(frozen=True)
class Chart:
    """Everything the template needs to draw the timeline and its table."""

    width: float
    height: float
    pixel_width: int
    pixel_height: int
    baseline: float
    top: float
    left: float
    peak: int
    bars: list[Bar]
    legend: list[tuple[str, str]]


def months_between(first: str, last: str) -> list[str]:
    """Return every month from first to last (YYYY-MM), inclusive, at most MAX_MONTHS."""
    year, month = int(first[:4]), int(first[5:7])
    months: list[str] = []
    while len(months) < MAX_MONTHS:
        months.append(f"{year:04d}-{month:02d}")
        if months[-1] >= last:
            break
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def colours(outlets: list[str]) -> dict[str, str]:
    """Give each outlet of the corpus a stable colour class, by its alphabetical place."""
    return {outlet: f"c{i % PALETTE}" for i, outlet in enumerate(sorted(outlets))}


def build_chart(buckets: list[TimelineBucket], outlets: list[str],
                href: Callable[[str], str]) -> Chart | None:
    """Lay out one stacked bar per month from the first to the last month with matches."""
    if not buckets:
        return None
    counts: dict[str, dict[str, int]] = defaultdict(dict)
    for bucket in buckets:
        counts[bucket.month][bucket.outlet] = bucket.count
    css = colours(sorted(set(outlets) | {b.outlet for b in buckets}))
    present = [o for o in sorted(css) if any(o in by for by in counts.values())]
    if len(present) > PALETTE:
        counts, present, css = _grouped(counts, present)
    months = months_between(min(counts), max(counts))
    peak = max(sum(by.values()) for by in counts.values())
    slot = min(MAX_SLOT, max(MIN_SLOT, MIN_PLOT_WIDTH / len(months)))
    bars = []
    for i, month in enumerate(months):
        by_outlet = counts.get(month, {})
        abbr, year = month_label(month).split(" ")
        labelled = len(months) <= 24 or i == 0 or month.endswith("-01")
        bars.append(Bar(
            month, display_date(month), LEFT + slot * i + BAR_GAP / 2, slot - BAR_GAP,
            sum(by_outlet.values()), _segments(by_outlet, present, css, peak),
            [by_outlet.get(o, 0) for o in present], href(month), abbr if labelled else "",
            year if labelled and (i == 0 or month.endswith("-01")) else None,
            _describe(display_date(month), by_outlet, present)))
    width = LEFT + slot * len(months) + RIGHT
    height = TOP + PLOT_HEIGHT + BOTTOM
    return Chart(width, height, round(width * SCALE), round(height * SCALE), TOP + PLOT_HEIGHT,
                 TOP, LEFT, peak, bars, [(o, css[o]) for o in present])


def _grouped(counts: dict[str, dict[str, int]], present: list[str]
             ) -> tuple[dict[str, dict[str, int]], list[str], dict[str, str]]:
    """Keep the PALETTE - 1 outlets with the most matches and sum the rest as OTHERS: more
    outlets than colours would make a chart no one can read (and, with fifty outlets, a page
    of thousands of bars and table cells)."""
    totals: Counter[str] = Counter()
    for by_outlet in counts.values():
        totals.update(by_outlet)
    shown = sorted(sorted(present, key=lambda o: (-totals[o], o))[:PALETTE - 1])
    merged: dict[str, dict[str, int]] = {}
    for month, by_outlet in counts.items():
        kept = {o: n for o, n in by_outlet.items() if o in shown}
        rest = sum(n for o, n in by_outlet.items() if o not in kept)
        merged[month] = kept | ({OTHERS: rest} if rest else {})
    css = {o: f"c{i}" for i, o in enumerate(shown)} | {OTHERS: f"c{PALETTE - 1}"}
    return merged, shown + [OTHERS], css


def _segments(by_outlet: dict[str, int], order: list[str], css: dict[str, str],
              peak: int) -> list[Segment]:
    """Stack one month's outlets from the baseline up, in legend order."""
    y = float(TOP + PLOT_HEIGHT)
    segments = []
    for outlet in order:
        n = by_outlet.get(outlet, 0)
        if n:
            h = PLOT_HEIGHT * n / peak
            y -= h
            segments.append(Segment(outlet, css[outlet], round(y, 2), round(h, 2), n))
    return segments


def _describe(name: str, by_outlet: dict[str, int], order: list[str]) -> str:
    """Say what a bar shows: 'November 2019: 3 paragraphs (Red Flag 2, Wedge 1)'."""
    total = sum(by_outlet.values())
    parts = ", ".join(f"{o} {by_outlet[o]}" for o in order if by_outlet.get(o))
    noun = "paragraph" if total == 1 else "paragraphs"
    return f"{name}: {total} {noun}" + (f" ({parts})" if parts else "")
