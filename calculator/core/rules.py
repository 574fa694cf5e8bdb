"""Declarative rules, validated when a scheme is loaded and compiled to plain closures: the
entry point; each type lives in its own module of core/ruletypes/, beside its population half.

No eval(): each rule type below is a small, tested function of the facts. Every rule may carry
`cap` (upper bound) and `floor` (lower bound), applied after the rule itself. Rules return exact
Decimals; the scheme rounds each item once (see schemes.Scheme.rounding).

Types (see README, "Scheme files"):
  accrual            points per year of a duration fact (or of several, `facts`, counted together),
                     per unit, whole month (of a day count: floor(days x 12 / 365)), full year or
                     half year (of a day count: 6 whole months)
  tiered_accrual     a rate per unit that changes after thresholds (e.g. 1, 1.5, 2 a month)
  priority_durations several durations at different rates, counted in order, capped in years by
                     another duration (Beijing: owned home first, residence <= insured years),
                     the cap optionally rounded up to a number of places
  lookup             the highest row whose conditions all hold (education tables)
  linear             a sum of fact x points terms, or points mapped from a choice
  age                points by age bracket, age taken on a stated reference date
  shared             points split between people: points x count / among for each share, `among`
                     a whole number or another fact (Guangzhou: 20 / n per patent of n inventors)
  sum / best_of      combine sub-rules (one item built of parts; "choose one of")
  not_found          values not found in any source: scores 0, and the total is labelled partial
"""
from __future__ import annotations

from .ruletypes import (AGE_REFERENCES, TYPES as BUILDERS, Rule, age_on, compile_population, compile_rule,
                        rounded_evaluator)
from .ruletypes.common import Evaluator

__all__ = ["AGE_REFERENCES", "BUILDERS", "Evaluator", "Rule", "age_on", "compile_population",
           "compile_rule", "rounded_evaluator"]
