"""Periods of social insurance and residence, as people know them: from, to, what kind.

A migrant worker rarely knows "174 months" but knows "from March 2012 at the factory, then from
June 2016 at the shop, with a gap in between". Periods turn into the count facts the rules read,
counted in calendar months (insurance is paid by the month: January to February is two months)
or in days inclusive of both ends (residence: Beijing counts by the day); overlaps are errors
(the same month cannot be paid twice, the same day cannot be both owned and rented), and the
gaps between periods are named as breaks (断缴), because continuity matters in some schemes.
"""
from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass

from .dates import month_end_of as _month_end, parse_day  # noqa: F401 (parse_day: kept for callers)

INSURANCES = ("pension", "medical", "unemployment", "work_injury", "maternity")
INSURANCE_FACTS = {k: f"{k}_insurance_months" for k in INSURANCES}
HOUSING_FACTS = {"owned": "residence_owned_days", "rented": "residence_rented_days"}

_AMOUNT = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(年|years?|yrs?|y|个月|月|months?|mos?|m|天|日|days?|d)?\s*$", re.I)
UNIT_WORDS = {"年": "year", "year": "year", "years": "year", "yr": "year", "yrs": "year", "y": "year",
              "个月": "month", "月": "month", "month": "month", "months": "month", "mo": "month", "mos": "month",
              "m": "month", "天": "day", "日": "day", "day": "day", "days": "day", "d": "day"}


class PeriodError(ValueError):
    """A problem with one period, with a code the pages translate."""

    def __init__(self, code: str, index: int, part: str, params: dict | None = None):
        super().__init__(code)
        self.code, self.index, self.part, self.params = code, index, part, params or {}


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date                  # inclusive
    kind: str = ""                # owned / rented (residence)
    kinds: frozenset = frozenset(INSURANCES)  # insurances paid (social insurance)


@dataclass(frozen=True)
class Break:
    start: dt.date                # the first day (or month) not covered
    end: dt.date                  # the last
    months: int                   # calendar months missing (insurance) or whole months (residence)


def calendar_months(start: dt.date, end: dt.date) -> int:
    """Calendar months from start's month to end's month, both counted (Jan to Feb: 2)."""
    return max((end.year - start.year) * 12 + end.month - start.month + 1, 0)


def amount_in_unit(text: str, unit: str) -> int | None:
    """A duration typed as people say it, in the fact's unit: "6年" or "6 years" is 72 months or
    2,190 days; "18个月" is 18 months or 548 days (the fewest days that count as 18 whole months
    by the schemes' days x 12 / 365). A bare number is already in the unit. None if unreadable."""
    m = _AMOUNT.match(text or "")
    if not m:
        return None
    n, word = m.group(1), (m.group(2) or "").lower()
    given = UNIT_WORDS.get(word, unit) if word else unit
    value = float(n)
    if given == unit:
        return int(n) if n.isdigit() else None
    if "." in n and given != "year":
        return None
    if unit == "month":
        return int(value * 12) if given == "year" and (value * 12).is_integer() else \
            (int(value) * 12 // 365 if given == "day" else None)
    if unit == "day":
        if given == "year":
            return int(value * 365) if (value * 365).is_integer() else None
        return math.ceil(int(value) * 365 / 12)
    return None


def check_overlaps(periods: list[Period], *, by_month: bool) -> None:
    """No two periods share a day (residence) or a month with a common insurance (insurance)."""
    order = sorted(range(len(periods)), key=lambda i: periods[i].start)
    for a, b in zip(order, order[1:]):
        p, q = periods[a], periods[b]
        if by_month:
            touch = (q.start.year, q.start.month) <= (p.end.year, p.end.month) and p.kinds & q.kinds
        else:
            touch = q.start <= p.end
        if touch:
            raise PeriodError("periods_overlap", max(a, b), "from", {"other": min(a, b) + 1})


def insurance_facts(periods: list[Period]) -> dict[str, int]:
    """Months of any insurance (social_insurance_months) and of each insurance."""
    months_any: set[tuple[int, int]] = set()
    each = {k: 0 for k in INSURANCES}
    for p in periods:
        n = calendar_months(p.start, p.end)
        for k in p.kinds:
            each[k] += n
        y, m = p.start.year, p.start.month
        for _ in range(n):
            months_any.add((y, m))
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    out = {"social_insurance_months": len(months_any)}
    out.update({INSURANCE_FACTS[k]: v for k, v in each.items()})
    return out


def residence_facts(periods: list[Period]) -> dict[str, int]:
    """Days owned and days rented, each period counted from its first to its last day."""
    out = {f: 0 for f in HOUSING_FACTS.values()}
    for p in periods:
        out[HOUSING_FACTS[p.kind]] += (p.end - p.start).days + 1
    return out


def breaks(periods: list[Period], *, by_month: bool) -> list[Break]:
    """The gaps between consecutive periods (断缴 for insurance, a break in residence)."""
    out = []
    ordered = sorted(periods, key=lambda p: p.start)
    for p, q in zip(ordered, ordered[1:]):
        if by_month:
            missing = calendar_months(p.end, q.start) - 2
            if missing > 0:
                first = _month_end(p.end) + dt.timedelta(days=1)
                last = dt.date(q.start.year, q.start.month, 1) - dt.timedelta(days=1)
                out.append(Break(first, last, missing))
        elif (q.start - p.end).days > 1:
            first, last = p.end + dt.timedelta(days=1), q.start - dt.timedelta(days=1)
            out.append(Break(first, last, ((last - first).days + 1) * 12 // 365))
    return out


def current_run_months(periods: list[Period], as_of: dt.date) -> int:
    """Calendar months of the unbroken run of insurance ending with the latest period (the
    continuous contributions some schemes ask for), 0 if the latest ended before as_of's month."""
    ordered = sorted(periods, key=lambda p: p.start)
    if not ordered or (ordered[-1].end.year, ordered[-1].end.month) < (as_of.year, as_of.month):
        return 0
    start = ordered[-1].start
    for p, q in zip(reversed(ordered[:-1]), reversed(ordered[1:])):
        if calendar_months(p.end, q.start) > 2:
            break
        start = p.start
    return calendar_months(start, ordered[-1].end)
