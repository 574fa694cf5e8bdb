"""What every rule type shares: the compiled Rule, validation helpers, and the non-arithmetic
facts of a rule (age reference dates, accrual granularity) that the single-applicant and the
population evaluation of one rule type both read, so they cannot drift apart."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Callable

from ..facts import UNITS_PER_YEAR, Vocabulary
from ..numbers import to_decimal
from ..problems import NumberError, Problems

Evaluator = Callable[[dict, dt.date], Decimal]


@dataclass(frozen=True)
class Rule:
    evaluate: Evaluator
    facts: frozenset[str]
    spec: dict


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
