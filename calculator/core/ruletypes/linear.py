"""linear: a sum of fact x points terms, or points mapped from a choice."""
from __future__ import annotations

import math
from decimal import Decimal

import numpy as np

from ..numbers import ZERO
from .columns import BIG, I64, R, frac, ints, mul, total
from .common import Rule, _fact, _num

TYPE = "linear"


def single(spec, path, vocab, probs, sub) -> Rule:
    terms = []
    used = set()
    for i, t in enumerate(spec.get("terms") or []):
        p = f"{path}.terms[{i}]"
        fact = _fact(t, "fact", p, vocab, probs, ("integer", "boolean", "choice"))
        if fact is None:
            continue
        used.add(fact)
        if "map" in t:
            mapping = {}
            for k, v in (t["map"] or {}).items():
                k = str(k)
                if k not in vocab[fact].rank:
                    probs.add(f"{p}.map.{k}", "not_a_choice", fact=fact)
                mapping[k] = _num({"v": v}, "v", f"{p}.map.{k}", probs, Decimal(0))
            terms.append((fact, None, mapping))
        else:
            if vocab[fact].type == "choice":
                probs.add(p, "needs_map")
            terms.append((fact, _num(t, "points", p, probs, Decimal(0)), None))
    if not terms:
        probs.add(f"{path}.terms", "needs_term")

    if len(terms) == 1 and terms[0][2] is None:  # the usual shape: points per thing counted
        fact, per, _ = terms[0]
        return Rule(lambda f, d: per * int(f[fact]) + ZERO, frozenset(used), spec)

    def evaluate(f, d, terms=tuple(terms)):
        total = ZERO
        for fact, per, mapping in terms:
            v = f[fact]
            total += mapping.get(v, ZERO) if mapping is not None else per * int(v)
        return total
    return Rule(evaluate, frozenset(used), spec)


def population(spec, vocab, sub):
    terms = []
    for t in spec["terms"]:
        fact = t["fact"]
        if "map" in t:
            d = vocab[fact]
            table = [frac(t["map"].get(c.value, t["map"].get(int(c.value) if c.value.isdigit() else c.value, 0)))
                     for c in d.choices]
            L = math.lcm(*(x.denominator for x in table))
            arr = np.array([x.numerator * (L // x.denominator) for x in table], dtype=object if L > BIG else I64)
            terms.append((fact, None, (arr, L)))
        else:
            terms.append((fact, frac(t["points"]), None))

    def fn(pop, d):
        return total([R(table[0][pop.cols[fact]], table[1]) if table is not None else mul(ints(pop.cols[fact]), per)
                      for fact, per, table in terms], pop.n)
    return fn
