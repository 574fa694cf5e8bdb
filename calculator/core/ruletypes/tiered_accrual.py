"""tiered_accrual: a rate per unit that changes after thresholds (e.g. 1, 1.5, 2 a month)."""
from __future__ import annotations

from decimal import Decimal

import numpy as np

from ..numbers import ZERO
from .columns import add, frac, ints, mul, zeros
from .common import Rule, _fact, _num

TYPE = "tiered_accrual"


def tiers_of(spec, rate) -> list[tuple[int, int | None, object]]:
    """(lower, upper or None, rate) per tier, from a validated spec."""
    tiers, lower = [], 0
    for t in spec["tiers"]:
        tiers.append((lower, t.get("up_to"), rate(t)))
        if t.get("up_to") is None:
            break
        lower = t["up_to"]
    return tiers


def single(spec, path, vocab, probs, sub) -> Rule:
    fact = _fact(spec, "fact", path, vocab, probs, ("integer",))
    tiers = []
    lower = 0
    for i, t in enumerate(spec.get("tiers") or []):
        p = f"{path}.tiers[{i}]"
        upto = t.get("up_to")
        rate = _num(t, "per_unit", p, probs, Decimal(0))
        if upto is not None and (not isinstance(upto, int) or upto <= lower):
            probs.add(f"{p}.up_to", "tier_not_above")
            upto = lower + 1
        tiers.append((lower, upto, rate))
        if upto is None:
            break
        lower = upto
    if not tiers:
        probs.add(f"{path}.tiers", "needs_tier")
    if fact is None:
        return Rule(lambda f, d: ZERO, frozenset(), spec)

    def evaluate(f, d, fact=fact, tiers=tuple(tiers)):
        q = f[fact]
        total = ZERO
        for lo, hi, rate in tiers:
            if q <= lo:
                break
            total += (min(q, hi) - lo if hi is not None else q - lo) * rate
        return total
    return Rule(evaluate, frozenset({fact}), spec)


def population(spec, vocab, sub):
    fact = spec["fact"]
    tiers = tiers_of(spec, lambda t: frac(t["per_unit"]))

    def fn(pop, d):
        q = pop.cols[fact]
        total = zeros(pop.n)
        for lo, hi, rate in tiers:
            part = np.clip(q - lo, 0, None) if hi is None else np.clip(np.minimum(q, hi) - lo, 0, None)
            total = add(total, mul(ints(part), rate))
        return total
    return fn
