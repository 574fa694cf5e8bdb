"""linear: a sum of fact x points terms, or points mapped from a choice."""
from __future__ import annotations

import math
import operator
from decimal import Decimal

import numpy as np

from ..numbers import ZERO, round_item
from .columns import BIG, I64, R, frac, ints, mul, total
from .common import Rule, _fact, _num, counted_points, scaled_rate

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
        return Rule(lambda f, d: per * int(f[fact]) + ZERO, frozenset(used), spec,
                    counted_points(operator.itemgetter(fact), per))

    def evaluate(f, d, terms=tuple(terms)):
        total = ZERO
        for fact, per, mapping in terms:
            v = f[fact]
            total += mapping.get(v, ZERO) if mapping is not None else per * int(v)
        return total
    return Rule(evaluate, frozenset(used), spec, _rounded_terms(tuple(terms)))


def _rounded_terms(terms):
    """Rule.rounded of several terms: the sum of each term with its points at the scheme's
    places (an exact sum of exact parts), when every point value has no more decimals."""
    def rounded(quantum):
        scaled = []
        for fact, per, mapping in terms:
            if mapping is None:
                per = scaled_rate(per, quantum)
            else:
                mapping = {k: scaled_rate(v, quantum) for k, v in mapping.items()}
            if per is None and (mapping is None or None in mapping.values()):
                return None
            scaled.append((fact, per, mapping))
        zero = round_item(ZERO, quantum)

        def points(f, d, scaled=tuple(scaled)):
            total = zero
            for fact, per, mapping in scaled:
                v = f[fact]
                total += mapping.get(v, zero) if mapping is not None else per * int(v)
            return total + ZERO  # no -0.00
        return points
    return rounded


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
