"""Article dates: the written forms geoevents reads, and why a date could not be read.

`read_date` gives the ISO date or the reason it has none, so that a reader can warn with the file and line;
`normalise_date` is the same without the reason. The calendar day is the one written: a time zone offset is not
converted (it is the reporter's day).

All-numeric day/month forms (`12/05/2025`, `12.05.2025`, `12-05-2025`) are read by `date_order`: "dmy" (day
first, most of the world) or "mdy" (month first, the United States). Without it only the unambiguous ones are read
(a part above 12 is the day, or both parts are equal); an ambiguous one is reported rather than guessed, because a
wrong guess moves every event of the article by months without a trace, while a warning names the fix.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from email.utils import parsedate_to_datetime

from geoevents.errors import ConfigError

DATE_ORDERS = ("dmy", "mdy")
# How much of an unreadable value a warning quotes.
SHOWN_CHARS = 60

_STRPTIME_FORMATS = (
    "%Y/%m/%d",
    "%Y.%m.%d",
    "%Y%m%d",
    "%B %d, %Y",
    "%b %d, %Y",
    "%B %d %Y",
    "%b %d %Y",
    "%d %B %Y",
    "%d %b %Y",
    "%d %B, %Y",
    "%A, %B %d, %Y",
    "%A, %d %B %Y",
    "%a, %d %b %Y",
    "%d-%b-%Y",
    "%d-%B-%Y",
)
_ISO_PREFIX = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")
# Two numbers of one or two digits and a four-digit year, one separator throughout, then perhaps a time.
_NUMERIC = re.compile(r"^(\d{1,2})([/.-])(\d{1,2})\2(\d{4})(?:[ T,].*)?$")
_ORDINAL = re.compile(r"(\d)(st|nd|rd|th)\b")
_SPACES = re.compile(r"\s+")
# Longer values are no date anyone wrote; not trying them keeps a hostile 1 MB "date" cheap.
_MAX_DATE_CHARS = 100


@dataclass(frozen=True)
class DateReading:
    """A date as read: `iso` when it could be read, else `problem` says why (None: no date was given)."""

    iso: str | None = None
    problem: str | None = None


def check_date_order(order: str | None) -> str | None:
    """`order` itself when it is a known value (or None), else a ConfigError listing the valid ones."""
    if order is None or order in DATE_ORDERS:
        return order
    raise ConfigError(f"date_order {order!r} is not one of {', '.join(DATE_ORDERS)}")


def normalise_date(value: object, order: str | None = None) -> str | None:
    """An ISO YYYY-MM-DD date from common written forms, or None when it cannot be read unambiguously."""
    return read_date(value, order).iso


def read_date(value: object, order: str | None = None) -> DateReading:
    if value is None:
        return DateReading()
    if isinstance(value, datetime):
        return DateReading(value.date().isoformat())
    if isinstance(value, date):
        return DateReading(value.isoformat())
    text = _SPACES.sub(" ", str(value)).strip()
    if not text:
        return DateReading()
    iso = None
    if len(text) <= _MAX_DATE_CHARS:
        numeric = _NUMERIC.match(text)
        if numeric:
            return _numeric(numeric, text, order)
        iso = _iso(text) or _rfc2822(text) or _strptime(text)
    if iso is None:
        return DateReading(problem=f"date {shown(text)} not understood")
    return DateReading(iso)


def shown(value: str) -> str:
    """A value quoted for a message, cut short (after quoting too: repr writes a control character or an emoji as up
    to ten characters, found by fuzzing)."""
    quoted = repr(value[:SHOWN_CHARS])
    return quoted if len(quoted) <= SHOWN_CHARS and len(value) <= SHOWN_CHARS else quoted[:SHOWN_CHARS] + "...'"


def _numeric(match: re.Match[str], text: str, order: str | None) -> DateReading:
    first, second, year = int(match[1]), int(match[3]), int(match[4])
    if first > 12 or (order == "dmy" and second <= 12) or first == second:
        day, month = first, second
    elif second > 12 or order == "mdy":
        day, month = second, first
    else:
        reason = f"date {shown(text)} is ambiguous (day or month first?); set date_order to dmy or mdy"
        return DateReading(problem=reason)
    try:
        return DateReading(date(year, month, day).isoformat())
    except ValueError:
        return DateReading(problem=f"date {shown(text)} is not a calendar date")


def _iso(text: str) -> str | None:
    try:
        return datetime.fromisoformat(text).date().isoformat()
    except ValueError:
        pass
    match = _ISO_PREFIX.match(text)  # e.g. "2024-06-19 08:00 KST": the date part is enough
    if match:
        try:
            return date(int(match[1]), int(match[2]), int(match[3])).isoformat()
        except ValueError:
            return None
    return None


def _rfc2822(text: str) -> str | None:
    try:
        return parsedate_to_datetime(text).date().isoformat()
    except (TypeError, ValueError, IndexError, OverflowError):
        return None


def _strptime(text: str) -> str | None:
    cleaned = _ORDINAL.sub(r"\1", text)  # "June 19th, 2024"
    for fmt in _STRPTIME_FORMATS:
        try:
            return datetime.strptime(cleaned, fmt).date().isoformat()
        except ValueError:
            continue
    return None
