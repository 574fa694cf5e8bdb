"""Dates as people type them: 2019-03-15, 2019/3/15, 2019.3, 2019-3, 2019年3月, 2019年3月15日, with
ASCII or full-width digits (a Chinese phone keyboard gives ２０１９). One parser for the pages' date
questions (birth date, start dates, application date) and for the periods of insurance and
residence, because some WeChat builds have no working date picker and without JavaScript a text
box is all there is.

A year and month alone means the first day of that month (or its last, for the end of a period):
the pages' hints say so. The API keeps RFC 3339 dates only (core.facts.parse_date).
"""
from __future__ import annotations

import datetime as dt
import re

FULL_WIDTH = {0xFF10 + i: 0x30 + i for i in range(10)} | {0xFF0D: 0x2D, 0xFF0E: 0x2E, 0xFF0F: 0x2F, 0x3002: 0x2E}
_DAY = re.compile(r"^\s*(\d{4})\s*(?:[-./年]\s*(\d{1,2})\s*(月)?\s*(?:(?:[-./]|(?<=月))\s*(\d{1,2})\s*日?)?)?\s*$",
                  re.ASCII)


def ascii_digits(text: str) -> str:
    """Full-width digits and separators (０-９, －, ．, ／, 。) as ASCII."""
    return text.translate(FULL_WIDTH)


def parse_day(text: str | None, *, month_end: bool = False) -> dt.date | None:
    """The day a typed date means, or None if it is not a real date (2019, 2019-13, 2019-02-30).
    A month alone means its first day, or its last with month_end (the end of a period)."""
    m = _DAY.match(ascii_digits(text or ""))
    if not m or m.group(2) is None:
        return None
    year, month = int(m.group(1)), int(m.group(2))
    try:
        if m.group(4) is not None:
            return dt.date(year, month, int(m.group(4)))
        first = dt.date(year, month, 1)
    except ValueError:
        return None
    return month_end_of(first) if month_end else first


def month_end_of(d: dt.date) -> dt.date:
    """The last day of d's month."""
    nxt = dt.date(d.year + d.month // 12, d.month % 12 + 1, 1)
    return nxt - dt.timedelta(days=1)
