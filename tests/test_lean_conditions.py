"""A projection checks its moving conditions through their lean forms (met-only tests, and the
one day a retirement-age test stops being met): each must say what the full test says, for every
condition of every scheme that has one, or a row's statuses would drift from scoring."""
import datetime as dt

from hypothesis import given, settings, strategies as st

from calculator.core.errors import InputError
from calculator.core.facts import add_years
from calculator.core.policy import default_policy
from calculator.core.prerequisites import lean

LEAN = [(sid, p) for sid, s in default_policy().schemes.items() for p in s.prerequisites
        if any(f is not None for f in lean(p.check))]


def test_the_schemes_have_conditions_with_each_lean_form():
    """Else the property below would check nothing: Beijing's insurance years and retirement
    age, the age limits of other cities."""
    forms = {(m is not None, u is not None) for _, p in LEAN for m, u in [lean(p.check)]}
    assert (True, False) in forms and (False, True) in forms
    assert {p.id for _, p in LEAN} >= {"social_insurance_7_years", "under_retirement_age"}


@settings(max_examples=150, deadline=None)
@given(case=st.sampled_from(LEAN), born=st.dates(dt.date(1955, 1, 1), dt.date(2006, 12, 31)),
       sex=st.sampled_from(["male", "female"]), category=st.sampled_from([None, "worker", "cadre"]),
       months=st.integers(0, 400), years=st.integers(0, 45))
def test_a_lean_form_says_what_the_full_test_says(case, born, sex, category, months, years):
    scheme_id, p = case
    policy = default_policy()
    scheme = policy.schemes[scheme_id]
    raw = {"birth_date": born.isoformat(), "sex": sex, "social_insurance_months": months}
    if category and "retirement_category" in policy.vocab:
        raw["retirement_category"] = category
    try:
        facts, _ = policy.vocab.validate_answers(raw, dt.date(2026, 12, 2), needed=scheme.facts)
    except InputError:  # more insurance than working life
        return
    met_only, met_until = lean(p.check)
    for day in (add_years(dt.date(2026, 12, 2), years), add_years(born, years + 15)):
        full, detail = p.check(facts, day)
        if met_only is not None:
            assert met_only(facts, day) == full
            if detail.get("kind") == "at_least":  # and at its edge, where a wrong sign shows
                for value in range(detail["required"] - 1, detail["required"] + 2):
                    edge = {**facts, detail["fact"]: value}
                    assert met_only(edge, day) == p.check(edge, day)[0]
        if met_until is not None:
            assert (day < met_until(facts)) == full
            until = met_until(facts)
            assert p.check(facts, until - dt.timedelta(days=1))[0] and not p.check(facts, until)[0]
