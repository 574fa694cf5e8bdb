"""Regressions Hypothesis found between the two engines, kept as plain tests."""
import datetime as dt
from decimal import Decimal

from calculator.core.numbers import exact_div, round_item
from calculator.core.problems import Problems
from calculator.core.rules import compile_rule


def test_five_insurances_summing_to_an_exact_half_cent_round_up(policy):
    # found: 269 x 2.21/12 + 59 x 2.45/12 - 1 x 0.5/12 = 61.545 exactly -> 61.55 (the scalar engine said 61.54)
    spec = {"type": "sum", "rules": [
        {"type": "accrual", "fact": "pension_insurance_months", "per_year": "2.21"},
        {"type": "accrual", "fact": "work_injury_insurance_months", "per_year": "-0.50"},
        {"type": "accrual", "fact": "maternity_insurance_months", "per_year": "2.45"}]}
    probs = Problems()
    rule = compile_rule(spec, "r", policy.vocab, probs)
    v = rule.evaluate({"pension_insurance_months": 269, "work_injury_insurance_months": 1,
                       "maternity_insurance_months": 59}, dt.date(2024, 1, 1))
    assert round_item(v, Decimal("0.01")) == Decimal("61.55")


def test_exact_div_is_exact_or_a_fraction():
    from fractions import Fraction
    assert exact_div(Decimal("594.49"), 12) == Fraction("594.49") / 12
    assert isinstance(exact_div(Decimal("594.49"), 12), Fraction)
    assert exact_div(Decimal("43.5"), 12) == Decimal("3.625") and isinstance(exact_div(Decimal("43.5"), 12), Decimal)
