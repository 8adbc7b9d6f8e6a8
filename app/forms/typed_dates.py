"""Dates and moments as a worker types them (getypte datums).

"14-05-2018", "14-5-18", "14/5/2018", "14.5.2018", "14052018", "14 mei 2018",
"14 mei", "2018-05-14", and for a moment the same followed by a time
("14-5-18 9:30", "14 mei 2018 13.45"). Month names in Dutch and English, in
full or shortened. A two-digit year is in this century unless that lies more
than ten years ahead ("85" is 1985, "18" is 2018). Without a year the date
is in the current year. Pure: no Qt, no clock of its own.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time

MONTHS: dict[str, int] = {
    "januari": 1, "january": 1, "jan": 1,
    "februari": 2, "february": 2, "feb": 2, "febr": 2,
    "maart": 3, "march": 3, "mrt": 3, "mar": 3, "mrt.": 3,
    "april": 4, "apr": 4,
    "mei": 5, "may": 5,
    "juni": 6, "june": 6, "jun": 6,
    "juli": 7, "july": 7, "jul": 7,
    "augustus": 8, "august": 8, "aug": 8,
    "september": 9, "sep": 9, "sept": 9,
    "oktober": 10, "october": 10, "okt": 10, "oct": 10,
    "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}

#: How far ahead a two-digit year may lie before it means the last century.
TWO_DIGIT_YEARS_AHEAD = 10

_TIME = re.compile(r"^(?P<date>.*?)[\s,]+(?:om\s+|at\s+)?(?P<h>\d{1,2})[:.](?P<m>\d{2})"
                   r"(?:[:.](?P<s>\d{2}))?(?:\s*u(?:ur)?)?$")
_SPLIT = re.compile(r"[\s\-/.,]+")


def _year(text: str, today: date) -> int | None:
    if len(text) == 4:
        return int(text)
    if len(text) == 2:
        year = 2000 + int(text)
        return year if year <= today.year + TWO_DIGIT_YEARS_AHEAD else year - 100
    return None


def _month(text: str) -> int | None:
    if text.isdigit():
        return int(text) if len(text) <= 2 else None
    return MONTHS.get(text.rstrip("."))


def _make(year: int | None, month: int | None, day: str) -> date | None:
    if year is None or month is None or not day.isdigit() or len(day) > 2:
        return None
    try:
        return date(year, month, int(day))
    except ValueError:
        return None


def parse_day(text: str, today: date) -> date | None:
    """The date in ``text``, or None when it is not one (or does not exist)."""
    cleaned = text.strip().lower()
    if not cleaned:
        return None
    if cleaned.isdigit() and len(cleaned) in (6, 8):  # 140518, 14052018
        return _make(_year(cleaned[4:], today), _month(cleaned[2:4]), cleaned[:2])
    parts = [p for p in _SPLIT.split(cleaned) if p]
    if len(parts) == 3 and len(parts[0]) == 4 and parts[0].isdigit():  # 2018-05-14
        return _make(int(parts[0]), _month(parts[1]), parts[2])
    if len(parts) == 2:
        return _make(today.year, _month(parts[1]), parts[0])
    if len(parts) == 3 and parts[2].isdigit():
        return _make(_year(parts[2], today), _month(parts[1]), parts[0])
    return None


def parse_moment(text: str, today: date, default_time: time | None = None) -> datetime | None:
    """The date and time in ``text``; without a time, ``default_time`` (or None
    when there is none)."""
    cleaned = text.strip()
    match = _TIME.match(cleaned)
    if match is None:
        day = parse_day(cleaned, today)
        return None if day is None or default_time is None else datetime.combine(
            day, default_time.replace(second=0, microsecond=0))
    day = parse_day(match["date"], today)
    hour, minute, second = int(match["h"]), int(match["m"]), int(match["s"] or 0)
    if day is None or hour > 23 or minute > 59 or second > 59:
        return None
    return datetime.combine(day, time(hour, minute, second))
