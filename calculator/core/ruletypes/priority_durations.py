"""priority_durations: several durations at different rates, counted in order, capped in years by
another duration (Beijing: owned home first, residence <= insured years), the cap optionally
rounded up to a number of places.

Both evaluations count in exact integers of 1/U year, U a common multiple of every unit (and of
10^places when the cap is rounded up), with one division at the end."""
from __future__ import annotations

import math
from decimal import Decimal
from fractions import Fraction

import numpy as np

from ..numbers import divider
from .columns import R, add, frac, mul, zeros
from .common import Rule, _fact, _num, _units_per_year, counted_points, units_per_year

TYPE = "priority_durations"


def common_unit(upys: list[int], cap_upy: int | None, up: int | None) -> tuple[int, int | None]:
    """(U, the cap's rounding step in 1/U year or None)."""
    all_upys = upys + ([cap_upy] if cap_upy else []) + ([10 ** up] if up is not None else [])
    U = math.lcm(*all_upys) if all_upys else 1
    return U, (U // 10 ** up if up is not None else None)


def single(spec, path, vocab, probs, sub) -> Rule:
    comps = []
    for i, c in enumerate(spec.get("components") or []):
        p = f"{path}.components[{i}]"
        fact = _fact(c, "fact", p, vocab, probs, ("integer",))
        rate = _num(c, "per_year", p, probs, Decimal(0))
        if fact:
            comps.append((fact, _units_per_year(vocab, fact, p, probs), rate))
    if not comps:
        probs.add(f"{path}.components", "needs_component")
    cap_fact = None
    if spec.get("cap_years_by") is not None:
        cap_fact = _fact(spec, "cap_years_by", path, vocab, probs, ("integer",))
    cap_upy = _units_per_year(vocab, cap_fact, path, probs) if cap_fact else None
    up = spec.get("cap_round_up_places")
    if up is not None and (not isinstance(up, int) or not 0 <= up <= 4):
        probs.add(f"{path}.cap_round_up_places", "not_places")
        up = None
    U, step = common_unit([c[1] for c in comps], cap_upy, up)
    # the rates as integers over one denominator R: the count stays in integers, then one
    # exact division by U x R (no Decimal arithmetic per component)
    rates = [Fraction(rate) for _, _, rate in comps]
    R = math.lcm(*(r.denominator for r in rates)) if rates else 1
    scaled = tuple((fact, U // upy, int(r * R)) for (fact, upy, _), r in zip(comps, rates))
    cap_mult = U // cap_upy if cap_fact else None

    def count(f, scaled=scaled, cap_fact=cap_fact):
        """The points x U x R: an integer."""
        if cap_fact is None:
            return sum([f[fact] * mult * rate for fact, mult, rate in scaled])
        remaining = f[cap_fact] * cap_mult
        if step is not None:
            remaining = -(-remaining // step) * step  # round the cap up to the places
        total = 0
        for fact, mult, rate in scaled:
            years = f[fact] * mult
            if years > remaining:
                years = remaining
            remaining -= years
            total += years * rate
        return total
    divide = divider(U * R)
    used = {c[0] for c in comps} | ({cap_fact} if cap_fact else set())
    return Rule(lambda f, d: divide(count(f)), frozenset(used), spec, counted_points(count, Fraction(1, U * R)))


def population(spec, vocab, sub):
    comps = [(c["fact"], units_per_year(vocab, c["fact"]), frac(c["per_year"])) for c in spec["components"]]
    cap_fact = spec.get("cap_years_by")
    cap_upy = units_per_year(vocab, cap_fact) if cap_fact else None
    U, step = common_unit([u for _, u, _ in comps], cap_upy, spec.get("cap_round_up_places"))

    def fn(pop, d):
        remaining = pop.cols[cap_fact] * (U // cap_upy) if cap_fact else None
        if step is not None and remaining is not None:
            remaining = -(-remaining // step) * step
        total = zeros(pop.n)
        for fact, upy, rate in comps:
            years = pop.cols[fact] * (U // upy)
            if remaining is not None:
                years = np.minimum(years, remaining)
                remaining = remaining - years
            total = add(total, mul(R(years, U), rate))
        return total
    return fn
