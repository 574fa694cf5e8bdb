"""age: points by age bracket, the age taken on a stated reference date (common.AGE_REFERENCES),
in completed years or, with basis 'started', counting a begun year."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import numpy as np

from ..facts import completed_years
from ..numbers import round_item
from .columns import BIG, I64, R, frac, scaled
from .common import AGE_REFERENCES, Rule, _num, age_reference_date

TYPE = "age"


def age_on(born: dt.date, as_of: dt.date, reference: str, year_offset: int, basis: str) -> int:
    """Age in whole years on the rule's reference date; basis 'started' counts a begun year."""
    on = age_reference_date(as_of, reference, year_offset)
    age = completed_years(born, on)
    if basis == "started" and (on.month, on.day) != (born.month, born.day):
        age += 1
    return age


def _settings(spec) -> tuple[str, int, str, int]:
    return (spec.get("reference", "as_of"), spec.get("year_offset", 0), spec.get("basis", "completed"),
            spec.get("min_age", 0))


def single(spec, path, vocab, probs, sub) -> Rule:
    reference, offset, basis, min_age = _settings(spec)
    if reference not in AGE_REFERENCES:
        probs.add(f"{path}.reference", "not_one_of", values=", ".join(AGE_REFERENCES))
    if not isinstance(offset, int):
        probs.add(f"{path}.year_offset", "not_whole")
        offset = 0
    if basis not in ("completed", "started"):
        probs.add(f"{path}.basis", "bad_basis")
    brackets = []
    last = -1
    for i, b in enumerate(spec.get("brackets") or []):
        p = f"{path}.brackets[{i}]"
        top = b.get("max_age")
        if not isinstance(top, int) or top <= last:
            probs.add(f"{p}.max_age", "bracket_not_above")
            continue
        brackets.append((top, _num(b, "points", p, probs, Decimal(0))))
        last = top
    if not brackets:
        probs.add(f"{path}.brackets", "needs_bracket")
    otherwise = _num(spec, "otherwise", path, probs, Decimal(0))
    age_of = ager(reference, offset, basis)

    def bracket(age):
        if age < min_age:
            return otherwise
        for top, pts in brackets:
            if age <= top:
                return pts
        return otherwise
    # the points of every age up to the last bracket, looked up instead of searched
    try:
        table = tuple(bracket(a) for a in range(min(brackets[-1][0] + 1 if brackets else 0, MAX_TABLED_AGE)))
    except TypeError:  # a min_age that is no number: the search fails, as the load's check reports
        table = ()

    def points_by_age(convert):
        """(f, d) -> convert(the points) (the points, or the points rounded)."""
        converted = tuple(convert(v) for v in table)
        n = len(converted)

        def evaluate(f, d):
            age = age_of(f["birth_date"], d)
            return converted[age] if 0 <= age < n else convert(bracket(age))
        return evaluate
    return Rule(points_by_age(lambda v: v), frozenset({"birth_date"}), spec,
                lambda quantum: points_by_age(lambda v: round_item(v, quantum)))


MAX_TABLED_AGE = 150


def ager(reference: str, year_offset: int, basis: str):
    """age_on(born, as_of, reference, year_offset, basis) as a function of (born, as_of), worked
    out without a reference date where it needs none: on 31 December every birthday of the year
    has passed, so the completed age is the difference of the years."""
    if reference == "end_of_year":
        if basis == "completed":
            return lambda born, as_of: as_of.year + year_offset - born.year
        # started: a begun year counts, unless the birthday is the reference day itself
        return lambda born, as_of: as_of.year + year_offset - born.year + ((born.month, born.day) != (12, 31))
    if reference == "as_of" and basis == "completed":
        return lambda born, as_of: as_of.year - born.year - ((as_of.month, as_of.day) < (born.month, born.day))
    return lambda born, as_of: age_on(born, as_of, reference, year_offset, basis)


def population(spec, vocab, sub):
    reference, offset, basis, min_age = _settings(spec)
    brackets = [(b["max_age"], frac(b["points"])) for b in spec["brackets"]]
    otherwise = frac(spec.get("otherwise", 0))
    nums, L = scaled([otherwise] + [p for _, p in brackets])
    other, values = nums[0], nums[1:]
    tops = [top for top, _ in brackets]
    dtype = object if L > BIG else I64

    def fn(pop, as_of):
        on = age_reference_date(as_of, reference, offset)
        y, m, dd = pop.cols["birth_date.y"], pop.cols["birth_date.m"], pop.cols["birth_date.d"]
        before = (on.month < m) | ((on.month == m) & (on.day < dd))
        age = on.year - y - before
        if basis == "started":
            age = age + ~((m == on.month) & (dd == on.day))
        if all(a < b for a, b in zip(tops, tops[1:])):
            # the first bracket whose top is at least the age, by binary search (np.select
            # below gives the same answer, testing every bracket against every row)
            vals = np.array(values + [other], dtype=dtype)
            out = np.where(age < min_age, other, vals[np.searchsorted(np.array(tops), age, side="left")])
        else:
            out = np.select([age < min_age] + [age <= top for top in tops], [other] + values, other)
        return R(out.astype(dtype), L)
    return fn
