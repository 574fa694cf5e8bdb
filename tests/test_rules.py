"""Each rule type on its own: the arithmetic a scheme author relies on, and the checks that
reject a bad scheme document with a path to the problem."""
import datetime as dt
from decimal import Decimal

import pytest

from calculator.core.errors import SchemeError
from calculator.core.problems import Problems
from calculator.core.rules import age_on, compile_rule
from calculator.core.schemes import load_scheme

D = dt.date(2022, 6, 30)


def rule(spec, policy):
    probs = Problems()
    r = compile_rule(spec, "rule", policy.vocab, probs)
    assert probs.items == []
    return r


def test_accrual_per_month_full_year_and_half_year(policy):
    f = {"social_insurance_months": 17}
    assert rule({"type": "accrual", "fact": "social_insurance_months", "per_year": 3}, policy).evaluate(f, D) == Decimal("4.25")
    assert rule({"type": "accrual", "fact": "social_insurance_months", "per_year": 3, "granularity": "full_year"}, policy).evaluate(f, D) == 3
    assert rule({"type": "accrual", "fact": "social_insurance_months", "per_year": 10, "granularity": "half_year"}, policy).evaluate(f, D) == 10


def test_accrual_per_day_divides_last_so_whole_years_are_exact(policy):
    r = rule({"type": "accrual", "fact": "residence_rented_days", "per_year": "0.5"}, policy)
    assert r.evaluate({"residence_rented_days": 3650}, D) == Decimal("5")  # not 4.99999...
    from calculator.core.numbers import round_item
    assert round_item(r.evaluate({"residence_rented_days": 1}, D), Decimal("0.01")) == 0


def test_tiered_accrual(policy):
    r = rule({"type": "tiered_accrual", "fact": "social_insurance_months",
              "tiers": [{"up_to": 12, "per_unit": 1}, {"up_to": 24, "per_unit": "1.5"}, {"per_unit": 2}]}, policy)
    assert r.evaluate({"social_insurance_months": 50}, D) == 82  # 12 + 18 + 52 (Nanjing example)
    assert r.evaluate({"social_insurance_months": 10}, D) == 10


def test_priority_durations_count_owned_first_within_the_cap(policy):
    r = rule({"type": "priority_durations", "cap_years_by": "social_insurance_months",
              "components": [{"fact": "residence_owned_days", "per_year": 1},
                             {"fact": "residence_rented_days", "per_year": "0.5"}]}, policy)
    f = {"social_insurance_months": 120, "residence_owned_days": 365 * 8, "residence_rented_days": 365 * 5}
    assert r.evaluate(f, D) == 9  # 8 owned + 2 of the 5 rented years at 0.5


def test_lookup_takes_the_best_matching_row(policy):
    r = rule({"type": "lookup", "rows": [
        {"when": {"education": {"at_least": "bachelor"}}, "points": 10},
        {"when": {"education": {"at_least": "bachelor"}, "degree": {"at_least": "bachelor"}}, "points": 15}]}, policy)
    assert r.evaluate({"education": "master", "degree": "bachelor"}, D) == 15
    assert r.evaluate({"education": "master", "degree": "none"}, D) == 10
    assert r.evaluate({"education": "associate", "degree": "none"}, D) == 0


def test_linear_with_map_and_cap(policy):
    r = rule({"type": "linear", "cap": 12, "terms": [
        {"fact": "relocated_residence_years", "points": 2}, {"fact": "relocated_job_and_residence_years", "points": 3}]}, policy)
    assert r.evaluate({"relocated_residence_years": 1, "relocated_job_and_residence_years": 2}, D) == 8
    assert r.evaluate({"relocated_residence_years": 5, "relocated_job_and_residence_years": 5}, D) == 12
    m = rule({"type": "linear", "terms": [{"fact": "skill_level", "map": {"3": 60, "1": 140}}]}, policy)
    assert m.evaluate({"skill_level": "3"}, D) == 60 and m.evaluate({"skill_level": "none"}, D) == 0


def test_age_reference_dates():
    born = dt.date(1975, 12, 31)
    assert age_on(born, D, "end_of_year", -2, "completed") == 45  # on 2020-12-31
    assert age_on(born, D, "as_of", 0, "completed") == 46
    assert age_on(dt.date(1980, 7, 1), D, "as_of", 0, "started") == 42  # 41 and a part year
    assert age_on(dt.date(1980, 6, 30), D, "end_of_previous_month", 0, "completed") == 41


def test_best_of_and_sum(policy):
    a = {"type": "linear", "terms": [{"fact": "income_tax_years_over_100k", "points": 2}]}
    b = {"type": "linear", "terms": [{"fact": "honour", "points": 5}]}
    f = {"income_tax_years_over_100k": 3, "honour": True}
    assert rule({"type": "best_of", "rules": [a, b]}, policy).evaluate(f, D) == 6
    assert rule({"type": "sum", "rules": [a, b], "cap": 10}, policy).evaluate(f, D) == 10


@pytest.mark.parametrize("spec,where", [
    ({"type": "magic"}, "rule.type"),
    ({"type": "accrual", "fact": "salary", "per_year": 1}, "rule.fact"),
    ({"type": "accrual", "fact": "education", "per_year": 1}, "rule.fact"),
    ({"type": "accrual", "fact": "social_insurance_months", "per_year": "x"}, "rule.per_year"),
    ({"type": "lookup", "rows": [{"when": {"education": "phd"}, "points": 1}]}, "rule.rows[0].when.education"),
    ({"type": "age", "brackets": [{"max_age": 45, "points": 20}, {"max_age": 40, "points": 1}]}, "rule.brackets[1].max_age"),
])
def test_bad_rules_are_reported_with_their_path(policy, spec, where):
    probs = Problems()
    compile_rule(spec, "rule", policy.vocab, probs)
    assert any(p.startswith(where) for p, _ in probs.items), probs.items


def test_scheme_validation_lists_every_problem(policy):
    doc = dict(policy.schemes["beijing-2020"].document)
    doc["effective_from"] = "someday"
    doc["items"] = [dict(doc["items"][0], category="luck"), dict(doc["items"][0], source={"ref": "nowhere"})]
    with pytest.raises(SchemeError) as e:
        load_scheme(doc, policy.vocab)
    paths = [p for p, _ in e.value.problems]
    assert "effective_from" in paths and "items[0].category" in paths and "items[1].source.ref" in paths
    assert "items[1].id" in paths  # duplicate id


def test_sum_of_non_terminating_parts_keeps_an_exact_half_cent_tie(policy):
    """1 month at 0.01/year + 1 month at 0.05/year = 0.06/12 = 0.005 exactly: rounds up to 0.01
    (28-digit parts would sum to 0.00499... and round down, unlike the exact batch engine)."""
    from calculator.core.numbers import round_item
    r = rule({"type": "sum", "rules": [
        {"type": "accrual", "fact": "pension_insurance_months", "per_year": "0.01"},
        {"type": "accrual", "fact": "medical_insurance_months", "per_year": "0.05"}]}, policy)
    v = r.evaluate({"pension_insurance_months": 1, "medical_insurance_months": 1}, D)
    assert round_item(v, Decimal("0.01")) == Decimal("0.01")


def test_partial_rescoring_equals_full_rescoring(policy):
    """The explanation re-evaluates only the items a grown fact feeds; the total must be the
    same as scoring everything again, in every scheme."""
    from calculator.core.explain import one_more_year, rescored_total
    from calculator.core.scoring import score, score_items
    raw = {"birth_date": "1985-05-05", "sex": "female", "holds_residence_permit": True,
           "social_insurance_months": 100, "residence_owned_days": 900, "residence_permit_months": 60,
           "housing_fund_months": 50, "education": "bachelor", "degree": "bachelor"}
    for s in policy.schemes.values():
        day = max(s.effective_from, dt.date(2019, 6, 30))
        facts = policy.vocab.validate(raw, day, needed=set(s.facts))
        r = score(s, facts, day)
        grown, names = one_more_year(facts, s.facts, policy.vocab)
        assert rescored_total(r, grown, frozenset(names)) == score_items(s, grown, day)[1], s.id
