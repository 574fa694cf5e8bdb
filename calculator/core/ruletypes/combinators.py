"""sum / best_of: combine sub-rules (one item built of parts; "choose one of")."""
from __future__ import annotations

from fractions import Fraction

from ..numbers import ZERO, as_exact
from .columns import add, maximum, zeros
from .common import Rule


def _subs(spec, path, vocab, probs, sub) -> list[Rule]:
    subs = [sub(s, f"{path}.rules[{i}]", vocab, probs) for i, s in enumerate(spec.get("rules") or [])]
    if len(subs) < 1:
        probs.add(f"{path}.rules", "needs at least one rule")
    return subs


def _used(subs) -> frozenset[str]:
    return frozenset().union(*(s.facts for s in subs)) if subs else frozenset()


class Sum:
    TYPE = "sum"

    @staticmethod
    def single(spec, path, vocab, probs, sub) -> Rule:
        subs = _subs(spec, path, vocab, probs, sub)
        fns = tuple(s.evaluate for s in subs)

        def evaluate(f, d):
            parts = [fn(f, d) for fn in fns]
            if any(isinstance(p, Fraction) for p in parts):
                return sum((as_exact(p) for p in parts), Fraction(0))
            return sum(parts, ZERO)
        return Rule(evaluate, _used(subs), spec)

    @staticmethod
    def population(spec, vocab, sub):
        subs = [sub(s) for s in spec["rules"]]

        def fn(pop, d):
            total = zeros(pop.n)
            for s in subs:
                total = add(total, s(pop, d))
            return total
        return fn


class BestOf:
    TYPE = "best_of"

    @staticmethod
    def single(spec, path, vocab, probs, sub) -> Rule:
        subs = _subs(spec, path, vocab, probs, sub)
        fns = tuple(s.evaluate for s in subs)

        def evaluate(f, d):
            return max((fn(f, d) for fn in fns), default=ZERO)
        return Rule(evaluate, _used(subs), spec)

    @staticmethod
    def population(spec, vocab, sub):
        subs = [sub(s) for s in spec["rules"]]

        def fn(pop, d):
            best = subs[0](pop, d)
            for s in subs[1:]:
                best = maximum(best, s(pop, d))
            return best
        return fn
