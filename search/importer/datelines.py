"""Recognise a date stated in free text, in any language dateparser knows, with its precision."""

import re
import warnings

import dateparser

READ_TIME = re.compile(r"^\s*\d+\s*min(ute)?s?\s*(read|de lectura|de leitura|de lecture)\s*",
                       re.IGNORECASE)
# 'Published on', 'Publicado el', 'Actualizado:', 'Publicado em', 'Publié le', 'Mis à jour le'
PUBLISHED = re.compile(r"^\s*(published|posted|updated|date|publicado|actualizado|atualizado|"
                       r"publié|mis à jour|fecha|data)\s*(on|el|em|le|:)?\s*:?\s*", re.IGNORECASE)
# a time of day after the date: '- 10:45', '| 10:45 hs', 'a las 10:45', 'à 10h45', '10:45 GMT'
TIME = re.compile(r"[\s,|·–—-]*(?:at|a las|às|à|um)?\s*\b\d{1,2}\s*[:h.]\s*\d{2}\b"
                  r"(?:\s*(?:hs?|hrs?|am|pm|a\.\s?m\.|p\.\s?m\.|[A-Z]{2,5}|[+-]\d{2}:?\d{2}))?"
                  r"[\s.)]*$", re.IGNORECASE)
YEAR = re.compile(r"\b(19|20)\d{2}\b")
# languages whose numeric dates put the day first ('05/11/2019' is 5 November); English keeps
# dateparser's month-first reading of an ambiguous one
DAY_FIRST = frozenset(("es", "pt", "fr", "de", "it", "nl", "ca", "gl", "ro", "ru", "uk", "pl",
                       "cs", "sk", "da", "sv", "nb", "no", "fi", "tr", "el", "id", "hr", "sr"))


def find_date(text: str, language: str | None = None) -> str | None:
    """Return 'YYYY-MM-DD' or 'YYYY-MM' if the text is (mostly) a date, else None; a numeric
    date is read day first in a language that writes it so."""
    text = PUBLISHED.sub("", READ_TIME.sub("", text)).strip(" .,|·")
    text = TIME.sub("", text).strip(" .,|·–—-") if YEAR.search(TIME.sub("", text)) else text
    if not YEAR.search(text) or len(text.split()) > 6 or len(text) > 40:
        return None
    order = {"DATE_ORDER": "DMY"} if language in DAY_FIRST else {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # dateparser's dependencies warn about deprecations
        first = dateparser.parse(text, settings={"REQUIRE_PARTS": ["year", "month"],
                                                 "PREFER_DAY_OF_MONTH": "first", **order})
        last = dateparser.parse(text, settings={"REQUIRE_PARTS": ["year", "month"],
                                                "PREFER_DAY_OF_MONTH": "last", **order})
    if first is None or last is None:
        return None
    if first.date() != last.date():
        return f"{first.year:04d}-{first.month:02d}"
    return str(first.date().isoformat())


ISO = re.compile(r"^\s*((?:19|20)\d{2})-?(0[1-9]|1[0-2])(?:-?(0[1-9]|[12]\d|3[01]))?(?:[T\s]|$)")


def iso_date(text: str, language: str | None = None) -> str | None:
    """Return 'YYYY-MM-DD' or 'YYYY-MM' from a machine date ('2021-04-05T08:00:00Z') or a
    stated one ('April 5, 2021'), else None."""
    if m := ISO.match(text):
        return f"{m[1]}-{m[2]}-{m[3]}" if m[3] else f"{m[1]}-{m[2]}"
    return find_date(text, language)
