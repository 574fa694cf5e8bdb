"""The rule types: one module each, holding the rule's single-applicant evaluation (`single`:
validate the spec and compile it to a closure over Decimals) beside its population evaluation
(`population`: the same spec as exact column arithmetic over NumPy arrays). What is not
arithmetic (reference dates, granularity, caps) is in common.py and read by both halves.

Adding a rule type: one module with TYPE, single() and population(), listed in TYPES below, and
its tests (test_batch's property test then holds the two halves equal)."""
from __future__ import annotations

from fractions import Fraction
from typing import Any

from ..facts import Vocabulary
from ..numbers import ZERO, round_item
from . import accrual, age, linear, lookup, not_found, priority_durations, shared, tiered_accrual
from .columns import at_least, at_most
from .combinators import BestOf, Sum
from ..problems import Problems
from .common import AGE_REFERENCES, Rule, bounds, rounded_evaluator
from .age import age_on

TYPES = {m.TYPE: m for m in (not_found, accrual, tiered_accrual, priority_durations, lookup, linear, age,
                             shared, Sum, BestOf)}

__all__ = ["AGE_REFERENCES", "Rule", "TYPES", "age_on", "compile_rule", "compile_population", "rounded_evaluator"]


def compile_rule(spec: Any, path: str, vocab: Vocabulary, probs: Problems) -> Rule:
    """One applicant: the rule validated (problems collected in `probs`) and compiled, bounded by
    its cap and floor."""
    if not isinstance(spec, dict) or spec.get("type") not in TYPES:
        probs.add(f"{path}.type", "not_one_of", values=", ".join(TYPES))
        return Rule(lambda f, d: ZERO, frozenset(), spec if isinstance(spec, dict) else {})
    rule = TYPES[spec["type"]].single(spec, path, vocab, probs, compile_rule)
    cap, floor = bounds(spec, path, probs)
    if cap is None and floor is None:
        return rule
    inner = rule.evaluate
    rounded = _bounded_rounding(rule, cap, floor)
    if floor is None:
        def capped(f, d):
            v = inner(f, d)
            return cap if v > cap else v
        return Rule(capped, rule.facts, spec, rounded)

    def bounded(f, d):
        v = inner(f, d)
        if cap is not None and v > cap:
            v = cap
        if v < floor:
            v = floor
        return v
    return Rule(bounded, rule.facts, spec, rounded)


def _bounded_rounding(rule: Rule, cap, floor):
    """The bounded rule's rounded points from the rule's own: rounding never reverses an order,
    so rounding a value held to [floor, cap] is holding the rounded value to the rounded bounds."""
    if rule.rounded is None:
        return None

    def rounded(quantum):
        inner = rule.rounded(quantum)
        if inner is None:
            return None
        hi = None if cap is None else round_item(cap, quantum)
        lo = None if floor is None else round_item(floor, quantum)
        if lo is None:
            def capped(f, d):
                v = inner(f, d)
                return hi if v > hi else v
            return capped

        def bounded(f, d):
            v = inner(f, d)
            if hi is not None and v > hi:
                v = hi
            return lo if v < lo else v
        return bounded
    return rounded


def compile_population(spec: dict, vocab: Vocabulary):
    """A population: the validated rule as a function of (population, as_of) giving an exact
    rational array, bounded by the same cap and floor."""
    fn = TYPES[spec["type"]].population(spec, vocab, lambda s: compile_population(s, vocab))
    cap, floor = bounds(spec, "", Problems())
    if cap is None and floor is None:
        return fn
    cap = None if cap is None else Fraction(cap)
    floor = None if floor is None else Fraction(floor)

    def bounded(pop, d):
        v = fn(pop, d)
        if cap is not None:
            v = at_most(v, cap)
        if floor is not None:
            v = at_least(v, floor)
        return v
    return bounded
