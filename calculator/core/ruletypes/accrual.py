"""accrual: points per year of a duration fact (or of several, `facts`, counted together), per
unit, whole month (of a day count: floor(days x 12 / 365)), full year or half year (of a day
count: 6 whole months)."""
from __future__ import annotations

import operator
from decimal import Decimal
from fractions import Fraction

from ..numbers import ZERO, divider, terminating_quotient
from .columns import frac, ints, mul
from .common import (GRANULARITIES, Rule, _fact, _num, _units_per_year, constant_points, counted_points, month_step,
                     unit_block, units_per_year)

TYPE = "accrual"


def _facts(spec, path, vocab, probs) -> tuple[str, ...]:
    """`fact`, or `facts`: several durations of one unit counted together (Chengdu: owned and
    rented time added up)."""
    if spec.get("facts") is None:
        fact = _fact(spec, "fact", path, vocab, probs, ("integer",))
        return (fact,) if fact else ()
    names = spec["facts"]
    if not isinstance(names, list) or not names:
        probs.add(f"{path}.facts", "needs_facts")
        return ()
    facts = tuple(x for i, n in enumerate(names)
                  if (x := _fact({"f": n}, "f", f"{path}.facts[{i}]", vocab, probs, ("integer",))))
    if len({vocab[x].unit for x in facts}) > 1:
        probs.add(f"{path}.facts", "mixed_units")
    return facts


def single(spec, path, vocab, probs, sub) -> Rule:
    facts = _facts(spec, path, vocab, probs)
    per_year = _num(spec, "per_year", path, probs, Decimal(0))
    granularity = spec.get("granularity", "unit")
    if granularity not in GRANULARITIES:
        probs.add(f"{path}.granularity", "bad_granularity")
    if not facts:
        return Rule(lambda f, d: ZERO, frozenset(), spec, constant_points(ZERO))
    upy = _units_per_year(vocab, facts[0], f"{path}.fact", probs)
    step = month_step(granularity, upy)
    if step is not None:
        if upy != 365:
            probs.add(f"{path}.granularity", "whole_month_needs_days")

        def months(f, facts=facts, step=step):
            m = sum([f[x] for x in facts]) * 12 // 365  # whole months of 365/12 days
            return m - m % step
        return _counted(months, per_year, 12, facts, spec)
    block = unit_block(granularity, upy)
    if len(facts) == 1 and block == 1:  # the usual shape: the fact is the count
        return _counted(operator.itemgetter(facts[0]), per_year, upy, facts, spec)

    def units(f, facts=facts, block=block):
        q = sum([f[x] for x in facts])
        return q - q % block if block != 1 else q
    return _counted(units, per_year, upy, facts, spec)


def _counted(count, per_year: Decimal, per: int, facts, spec) -> Rule:
    """count(f) units at per_year / per a unit: one multiply by that rate when it is a short
    decimal (3 a year of months: 0.25 a month), else one exact division a call."""
    per_unit = terminating_quotient(per_year, per)
    rate = Fraction(per_year) / per
    if per_unit is not None:
        def evaluate(f, d):
            return count(f) * per_unit
    else:
        divide, numerator = divider(rate.denominator), rate.numerator

        def evaluate(f, d):
            return divide(count(f) * numerator)
    return Rule(evaluate, frozenset(facts), spec, counted_points(count, rate))


def population(spec, vocab, sub):
    facts, per_year = spec.get("facts") or [spec["fact"]], frac(spec["per_year"])
    upy = units_per_year(vocab, facts[0])
    g = spec.get("granularity", "unit")

    def summed(pop):
        q = pop.cols[facts[0]]
        for x in facts[1:]:
            q = q + pop.cols[x]
        return q
    step = month_step(g, upy)
    if step is not None:
        def per_month(pop, d):
            months = summed(pop) * 12 // 365
            return mul(ints(months - months % step), per_year / 12)
        return per_month
    block = unit_block(g, upy)

    def fn(pop, d):
        q = summed(pop)
        if block != 1:
            q = q - q % block
        return mul(ints(q), per_year / upy)
    return fn
