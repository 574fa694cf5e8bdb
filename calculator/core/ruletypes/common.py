"""What every rule type shares: the compiled Rule, validation helpers, and the non-arithmetic
facts of a rule (age reference dates, accrual granularity) that the single-applicant and the
population evaluation of one rule type both read, so they cannot drift apart."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import Callable

from ..facts import UNITS_PER_YEAR, Vocabulary
from ..numbers import ZERO, round_item, to_decimal
from ..problems import NumberError, Problems

Evaluator = Callable[[dict, dt.date], Decimal]


@dataclass(frozen=True)
class Rule:
    evaluate: Evaluator
    facts: frozenset[str]
    spec: dict
    # Given a scheme's quantum, an evaluator of the points already rounded half up to it (digit
    # for digit round_item(evaluate(f, d), quantum)), or None where the rule has no shortcut:
    # scoring then rounds the value. Never part of a rule's identity.
    rounded: Callable[[Decimal], Evaluator | None] | None = field(default=None, compare=False, repr=False)


def _num(spec: dict, key: str, path: str, probs: Problems, default=None) -> Decimal | None:
    if key not in spec or spec[key] is None:
        if default is None:
            probs.add(f"{path}.{key}", "required")
        return default
    try:
        return to_decimal(spec[key], key)
    except NumberError as e:
        probs.add(f"{path}.{key}", e.problem)
        return default


def _fact(spec: dict, key: str, path: str, vocab: Vocabulary, probs: Problems,
          types: tuple[str, ...]) -> str | None:
    name = spec.get(key)
    if not isinstance(name, str) or name not in vocab:
        probs.add(f"{path}.{key}", "unknown_fact", name=repr(name))
        return None
    if vocab[name].type not in types:
        probs.add(f"{path}.{key}", "wrong_fact_type", fact=name, type=vocab[name].type, expected="/".join(types))
        return None
    return name


def _units_per_year(vocab: Vocabulary, fact: str, path: str, probs: Problems) -> int:
    unit = vocab[fact].unit
    if unit not in UNITS_PER_YEAR:
        probs.add(path, "not_a_duration", fact=fact, unit=str(unit))
        return 1
    return UNITS_PER_YEAR[unit]


def units_per_year(vocab: Vocabulary, fact: str) -> int:
    """Of a validated fact (the population side: the scheme was checked when it was loaded)."""
    return UNITS_PER_YEAR[vocab[fact].unit]


# --- accrual granularity ------------------------------------------------------------------------
GRANULARITIES = ("unit", "whole_month", "full_year", "half_year")


def month_step(granularity: str, upy: int) -> int | None:
    """Months counted per step when a day count is counted in whole months (whole_month: 1;
    half_year of days: 6 whole months); None when the count is in blocks of its own unit."""
    if granularity == "whole_month" or (granularity == "half_year" and upy == 365):
        return 6 if granularity == "half_year" else 1
    return None


def unit_block(granularity: str, upy: int) -> int:
    """Units counted per step otherwise: each unit, a full year of them, or half a year."""
    return {"unit": 1, "full_year": upy, "half_year": max(upy // 2, 1)}.get(granularity, 1)


# --- age reference dates ------------------------------------------------------------------------
AGE_REFERENCES = ("as_of", "end_of_year", "end_of_previous_month")


def age_reference_date(as_of: dt.date, reference: str, year_offset: int) -> dt.date:
    """The day an age rule takes the age on."""
    if reference == "end_of_year":
        return dt.date(as_of.year + year_offset, 12, 31)
    if reference == "end_of_previous_month":
        return as_of.replace(day=1) - dt.timedelta(days=1)
    return as_of


# --- caps and floors ----------------------------------------------------------------------------
def bounds(spec: dict, path: str, probs: Problems) -> tuple[Decimal | None, Decimal | None]:
    """A rule's `cap` (upper bound) and `floor` (lower bound), applied after the rule itself."""
    cap = _num(spec, "cap", path, probs, None) if spec.get("cap") is not None else None
    floor = _num(spec, "floor", path, probs, None) if spec.get("floor") is not None else None
    return cap, floor


# --- rounded points -----------------------------------------------------------------------------
def rounded_evaluator(rule: Rule, quantum: Decimal) -> Evaluator:
    """The rule's points rounded to the quantum: its own shortcut, else round_item of its value."""
    fn = rule.rounded(quantum) if rule.rounded is not None else None
    if fn is not None:
        return fn
    evaluate = rule.evaluate
    return lambda f, d: round_item(evaluate(f, d), quantum)


def scaled_rate(rate, quantum: Decimal) -> Decimal | None:
    """An exact rate (Decimal or Fraction) as a Decimal with the quantum's exponent, when that
    is the same number (2 -> 2.00, 1/4 -> 0.25 at 2 places): a whole count times it is then
    already the rounded points. None if it needs more decimals (0.125 or 1/3 at 2 places)."""
    rate = Fraction(rate)
    places = -quantum.as_tuple().exponent
    if (10 ** places) % rate.denominator:
        return None
    return Decimal(rate.numerator * (10 ** places // rate.denominator)).scaleb(-places)


def _ratio_count_points(count: Callable[[dict], int], rate: Fraction, quantum: Decimal) -> Evaluator:
    """(f, d) -> round_item(Fraction(count(f)) x rate, quantum), in integers alone (a rate with
    no exact decimal per unit: 3.5 points a year of months; a count over a common unit)."""
    t = quantum.as_tuple()
    places = -t.exponent
    num, den = rate.numerator * 10 ** places, rate.denominator
    one = t.digits == (1,)  # 1E-places: times it is the digits scaled (0.010 has 3 places and 10)

    def points(f, d):
        x = count(f) * num
        mag = (abs(x) * 2 + den) // (2 * den)  # half up, away from zero: floor(|x| / den + 1/2)
        digits = Decimal(-mag if x < 0 else mag)  # an int has no negative zero
        return digits * quantum if one else digits.scaleb(-places) + ZERO
    return points


def counted_points(count: Callable[[dict], int], rate) -> Callable[[Decimal], Evaluator]:
    """Rule.rounded of a rule that is a whole count of the facts times an exact rate (Decimal
    or Fraction): one multiply where the rate has no more decimals than the scheme's places,
    integer rounding where it has (the digits of the rounded value either way)."""
    rate = Fraction(rate)

    def rounded(quantum):
        r = scaled_rate(rate, quantum)
        if r is None:
            return _ratio_count_points(count, rate, quantum)
        if r < 0:  # no count is 0 x -3.00 = -0.00
            return lambda f, d: count(f) * r + ZERO
        return lambda f, d: count(f) * r
    return rounded


def constant_points(value) -> Callable[[Decimal], Evaluator]:
    """Rule.rounded of a rule that is always `value` (or one of a fixed few: see lookup, age)."""
    def rounded(quantum):
        points = round_item(value, quantum)
        return lambda f, d: points
    return rounded
