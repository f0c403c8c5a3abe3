"""Article dates with their precision: a day (YYYY-MM-DD) or only a month (YYYY-MM)."""

import calendar
import datetime as dt
import re

DAY_RE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
MONTH_RE = re.compile(r"^(\d{4})-(\d{2})$")


def parse_date(value: str) -> tuple[str, str]:
    """Return the first and last day (ISO) a stated date covers; raise ValueError if invalid."""
    if m := DAY_RE.match(value):
        day = dt.date(int(m[1]), int(m[2]), int(m[3]))
        return day.isoformat(), day.isoformat()
    if m := MONTH_RE.match(value):
        year, month = int(m[1]), int(m[2])
        if not 1 <= month <= 12:
            raise ValueError(f"month {month} out of range")
        last = calendar.monthrange(year, month)[1]
        return f"{year:04d}-{month:02d}-01", f"{year:04d}-{month:02d}-{last:02d}"
    raise ValueError("not YYYY-MM-DD or YYYY-MM")


def parse_bound(value: str, *, end: bool) -> str:
    """Turn a user's date filter (YYYY, YYYY-MM or YYYY-MM-DD) into an inclusive ISO day."""
    value = value.strip()
    if re.fullmatch(r"\d{4}", value):
        return f"{value}-12-31" if end else f"{value}-01-01"
    first, last = parse_date(value)
    return last if end else first


def month_label(month: str) -> str:
    """Render '2019-11' as 'Nov 2019'."""
    year, mon = month.split("-")
    return f"{calendar.month_abbr[int(mon)]} {year}"


def display_date(value: str) -> str:
    """Render a stated date at its precision: '13 November 2019' or 'November 2019'."""
    first, _ = parse_date(value)
    day = dt.date.fromisoformat(first)
    if MONTH_RE.match(value):
        return f"{calendar.month_name[day.month]} {day.year}"
    return f"{day.day} {calendar.month_name[day.month]} {day.year}"
