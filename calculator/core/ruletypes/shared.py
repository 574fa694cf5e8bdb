"""shared: points split between people: points x count / among for each share, `among` a whole
number or another fact (Guangzhou: 20 / n per patent of n inventors; 0 of them: nothing). Exact:
a third of 20 stays a Fraction until the item is rounded."""
from __future__ import annotations

import math
from decimal import Decimal
from fractions import Fraction

import numpy as np

from ..numbers import ZERO, as_exact, exact_div
from .columns import BIG, R, add, frac, ints, mul, zeros
from .common import Rule, _fact, _num

TYPE = "shared"


def single(spec, path, vocab, probs, sub) -> Rule:
    per = _num(spec, "points", path, probs, Decimal(0))
    shares = []
    used = set()
    for i, sh in enumerate(spec.get("shares") or []):
        p = f"{path}.shares[{i}]"
        count = _fact(sh, "count", p, vocab, probs, ("integer",))
        if sh.get("among_fact") is not None:
            among = _fact(sh, "among_fact", p, vocab, probs, ("integer",))
            if among:
                used.add(among)
        else:
            among = sh.get("among")
            if isinstance(among, bool) or not isinstance(among, int) or among < 1:
                probs.add(f"{p}.among", "bad_among")
                among = 1
        if count:
            used.add(count)
            shares.append((count, among))
    if not shares:
        probs.add(f"{path}.shares", "needs_share")

    def evaluate(f, d, shares=tuple(shares), per=per):
        parts = []
        for count, among in shares:
            n = f[among] if isinstance(among, str) else among
            if n > 0 and f[count]:
                parts.append(exact_div(per * f[count], n))
        if any(isinstance(x, Fraction) for x in parts):
            return sum((as_exact(x) for x in parts), Fraction(0))
        return sum(parts, ZERO)
    return Rule(evaluate, frozenset(used), spec)


def population(spec, vocab, sub):
    per = frac(spec["points"])
    shares = [(sh["count"], sh.get("among_fact") or sh["among"]) for sh in spec["shares"]]

    def fn(pop, d):
        total = zeros(pop.n)
        for count, among in shares:
            c = pop.cols[count]
            if not isinstance(among, str):
                total = add(total, mul(ints(c), per / among))
                continue
            # a divisor per row: over the lcm of the divisors present, each row's count times
            # lcm / its divisor (rows with 0 of them score nothing)
            a = pop.cols[among]
            present = [int(v) for v in np.unique(a) if v > 0]
            L = math.lcm(*present) if present else 1
            safe = np.where(a > 0, a, 1)
            if L > BIG:
                mult = np.array([L // int(x) for x in safe], dtype=object)
                num = np.where(a > 0, c.astype(object) * mult, 0)
            else:
                num = np.where(a > 0, c * (L // safe), 0)
            total = add(total, mul(R(num, L), per))
        return total
    return fn
