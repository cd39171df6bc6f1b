"""Dates as the four sites print them, turned into `YYYY-MM-DD`.

The sites print dates in Dutch ("27 september 2013", "ma 3 feb. 2020"), day-first with dashes,
slashes or dots ("14-11-2019", "Datum laatste wijziging :27-01-2021"), month first as block themes
do ("okt 7, 2013"), and in metadata as ISO 8601 ("2019-11-14T10:00:00+01:00"). A label's value
often carries more than the date ("artikel - 27 september 2013"), so the first date-shaped piece
of the text is the one taken.

Nothing is guessed: a two-digit year, a month without a day or an impossible day gives None, and
there is no fallback to today. An impossible date is logged, since it points at a wrong label or
a site that changed its format, but never raises: one odd page must not stop a crawl.
"""

from __future__ import annotations

import logging
import re
from datetime import UTC, date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

logger = logging.getLogger(__name__)

# Month spellings, Dutch first; English ones for the canon's English edition. Abbreviations may
# carry a full stop ("sept."), which the pattern allows after any spelling.
MONTHS = {
    "januari": 1, "january": 1, "jan": 1,
    "februari": 2, "february": 2, "feb": 2,
    "maart": 3, "march": 3, "mrt": 3, "mar": 3,
    "april": 4, "apr": 4,
    "mei": 5, "may": 5,
    "juni": 6, "june": 6, "jun": 6,
    "juli": 7, "july": 7, "jul": 7,
    "augustus": 8, "august": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9,
    "oktober": 10, "october": 10, "okt": 10, "oct": 10,
    "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}

# Longest spelling first, so "sept" is not read as "sep" followed by a stray "t". Matched as ASCII
# so that case-insensitivity cannot let look-alikes in ("ſept" with a long s is no month).
_MONTH = "(?a:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + ")"

# A year is four digits not followed by a fifth, except where listings run two dates together
# ("16 september 202516 september 2025"): there the next digits start a day and month name.
_YEAR_END = rf"(?=\D|$|\d{{1,2}}\s*{_MONTH}\b)"

# 2019-11-14, 2019-11-14T10:00:00+01:00, 2019-11-14 10:00Z; the time only matters with an offset.
_ISO = r"""
    (?<!\d)(?P<iso_y>\d{4})(?P<iso_sep>[-/.])(?P<iso_m>\d{1,2})(?P=iso_sep)(?P<iso_d>\d{1,2})(?!\d)
    (?:[T\s](?P<hour>\d{1,2}):(?P<minute>\d{2})(?::(?P<second>\d{2})(?:[.,]\d+)?)?
       \s*(?P<offset>Z|[+-]\d{2}(?::?\d{2})?)?(?![\d:]))?
"""
# 14-11-2019, 14/11/2019, 14.11.2019: always day first on these sites.
_NUMERIC = rf"""
    (?<!\d)(?P<num_d>\d{{1,2}})(?P<num_sep>[-/.])(?P<num_m>\d{{1,2}})(?P=num_sep)(?P<num_y>\d{{4}})
    {_YEAR_END}
"""
# 27 september 2013, ma 3 feb. 2020, 3 februari 2020, 14:05 (a weekday before it is not needed).
# The day may follow a year directly where two dates run together.
_WRITTEN = rf"""
    (?:(?<!\d)|(?<=\d{{4}}))(?P<txt_d>\d{{1,2}})\s*(?P<txt_m>{_MONTH})\.?,?\s+(?P<txt_y>\d{{4}})
    {_YEAR_END}
"""
# okt 7, 2013: the month first, as WordPress's block themes print a date ("M j, Y") in any
# language.
_MONTH_FIRST = rf"""
    (?<![^\W\d_])(?P<us_m>{_MONTH})\.?\s+(?P<us_d>\d{{1,2}}),\s+(?P<us_y>\d{{4}}){_YEAR_END}
"""
_DATE = re.compile("|".join((_ISO, _NUMERIC, _WRITTEN, _MONTH_FIRST)),
                   re.IGNORECASE | re.VERBOSE)

# The sites are Dutch: a timestamp with a UTC offset (Drupal writes midnight of 27 September as
# "2013-09-26T22:00:00Z") is dated by the clock in the Netherlands.
try:
    LOCAL_TIME = ZoneInfo("Europe/Amsterdam")
except ZoneInfoNotFoundError:  # no time zone database on this system: keep the printed date
    LOCAL_TIME = None


# The format of every time the archive keeps (a page's `fetched_at`, the `*_at` columns):
# ISO 8601 in UTC, to the second.
TIME_FORMAT = "%Y-%m-%dT%H:%M:%SZ"


def utc_now() -> str:
    """The moment in TIME_FORMAT."""
    return datetime.now(UTC).strftime(TIME_FORMAT)


def parse_date(text: str | None) -> str | None:
    """The first date in `text` as `YYYY-MM-DD`; None if there is none or it is impossible."""
    match = _DATE.search(text or "")
    return _to_iso(match) if match else None


def find_dates(text: str | None) -> list[str]:
    """Every possible date in `text`, in order, as `YYYY-MM-DD` (listings print several)."""
    dates = (_to_iso(match) for match in _DATE.finditer(text or ""))
    return [found for found in dates if found]


def _to_iso(match: re.Match[str]) -> str | None:
    if match["iso_y"]:
        year, month, day = match["iso_y"], match["iso_m"], match["iso_d"]
    elif match["num_y"]:
        year, month, day = match["num_y"], match["num_m"], match["num_d"]
    elif match["txt_y"]:
        year, month, day = match["txt_y"], MONTHS[match["txt_m"].lower()], match["txt_d"]
    else:
        year, month, day = match["us_y"], MONTHS[match["us_m"].lower()], match["us_d"]
    try:
        printed = date(int(year), int(month), int(day))
    except ValueError:
        logger.warning("impossible date %r ignored", match.group(0))
        return None
    if match["offset"]:
        clock = match["hour"], match["minute"], match["second"] or "0"
        printed = _local_date(printed, *clock, match["offset"])
    return printed.isoformat()


def _local_date(printed: date, hour: str, minute: str, second: str, offset: str) -> date:
    """The date in the Netherlands at the given time and UTC offset. The seconds count: until
    1937 the Dutch clock ran 19 minutes and 32 seconds ahead of UTC."""
    if LOCAL_TIME is None:
        return printed
    if offset.upper() == "Z":
        shift = timedelta(0)
    else:
        digits = offset[1:].replace(":", "")
        shift = timedelta(hours=int(digits[:2]), minutes=int(digits[2:] or 0))
        shift = -shift if offset[0] == "-" else shift
    try:
        moment = datetime(printed.year, printed.month, printed.day, int(hour), int(minute),
                          int(second), tzinfo=timezone(shift))
        return moment.astimezone(LOCAL_TIME).date()
    except (ValueError, OverflowError):  # hour 25, offset beyond a day, year 1 or 9999 edges
        return printed
