"""sum / best_of: combine sub-rules (one item built of parts; "choose one of")."""
from __future__ import annotations

from fractions import Fraction

from ..numbers import ZERO, as_exact
from .columns import add, maximum, zeros
from .common import Rule


def _sum_values(parts: list):
    if any(isinstance(p, Fraction) for p in parts):
        return sum((as_exact(p) for p in parts), Fraction(0))
    return sum(parts, ZERO)


def _sum_columns(parts: list, n: int):
    total = zeros(n)
    for p in parts:
        total = add(total, p)
    return total


def _best_columns(parts: list, n: int):
    best = parts[0]
    for p in parts[1:]:
        best = maximum(best, p)
    return best


class Combinator:
    """A rule type over sub-rules: how their values join, for one applicant and for columns."""

    def __init__(self, type_: str, join_values, join_columns):
        self.TYPE, self.join_values, self.join_columns = type_, join_values, join_columns

    def single(self, spec, path, vocab, probs, sub) -> Rule:
        subs = [sub(s, f"{path}.rules[{i}]", vocab, probs) for i, s in enumerate(spec.get("rules") or [])]
        if len(subs) < 1:
            probs.add(f"{path}.rules", "needs_rule")
        fns, join = tuple(s.evaluate for s in subs), self.join_values
        used = frozenset().union(*(s.facts for s in subs)) if subs else frozenset()
        return Rule(lambda f, d: join([fn(f, d) for fn in fns]), used, spec)

    def population(self, spec, vocab, sub):
        subs, join = [sub(s) for s in spec["rules"]], self.join_columns
        return lambda pop, d: join([s(pop, d) for s in subs], pop.n)


Sum = Combinator("sum", _sum_values, _sum_columns)
BestOf = Combinator("best_of", lambda parts: max(parts, default=ZERO), _best_columns)
