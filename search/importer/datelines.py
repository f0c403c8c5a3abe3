"""Recognise a date stated in free text, in any language dateparser knows, with its precision."""

import re
import warnings

import dateparser

READ_TIME = re.compile(r"^\s*\d+\s*min(ute)?s?\s*read\s*", re.IGNORECASE)
PUBLISHED = re.compile(r"^\s*(published|posted|updated|date)\s*(on|:)?\s*", re.IGNORECASE)
YEAR = re.compile(r"\b(19|20)\d{2}\b")


def find_date(text: str) -> str | None:
    """Return 'YYYY-MM-DD' or 'YYYY-MM' if the text is (mostly) a date, else None."""
    text = PUBLISHED.sub("", READ_TIME.sub("", text)).strip(" .,|·")
    if not YEAR.search(text) or len(text.split()) > 6 or len(text) > 40:
        return None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # dateparser's dependencies warn about deprecations
        first = dateparser.parse(text, settings={"REQUIRE_PARTS": ["year", "month"],
                                                 "PREFER_DAY_OF_MONTH": "first"})
        last = dateparser.parse(text, settings={"REQUIRE_PARTS": ["year", "month"],
                                                "PREFER_DAY_OF_MONTH": "last"})
    if first is None or last is None:
        return None
    if first.date() != last.date():
        return f"{first.year:04d}-{first.month:02d}"
    return str(first.date().isoformat())


ISO = re.compile(r"^\s*((?:19|20)\d{2})-?(0[1-9]|1[0-2])(?:-?(0[1-9]|[12]\d|3[01]))?(?:[T\s]|$)")


def iso_date(text: str) -> str | None:
    """Return 'YYYY-MM-DD' or 'YYYY-MM' from a machine date ('2021-04-05T08:00:00Z') or a
    stated one ('April 5, 2021'), else None."""
    if m := ISO.match(text):
        return f"{m[1]}-{m[2]}-{m[3]}" if m[3] else f"{m[1]}-{m[2]}"
    return find_date(text)
