"""The rules' rounded-points shortcuts (Rule.rounded, read by scoring) give digit for digit what
rounding the rule's exact value gives (round_item(rule.evaluate(...))): the value, the number of
decimals and the sign of a zero, over the official Beijing list, random applicants in every
shipped scheme, and random numbers in place of each scheme's own."""
import copy
import datetime as dt
from decimal import Decimal
from fractions import Fraction

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_batch import AS_OF, applicant, perturb, validated

from calculator.core.numbers import divider, quantizer, round_item
from calculator.core.schemes import load_scheme


def assert_same_points(scheme, facts_list, as_of=AS_OF):
    q = scheme.quantum
    for f in facts_list:
        for item, points in zip(scheme.items, scheme.rounded_evaluators):
            want = round_item(item.rule.evaluate(f, as_of), q)
            got = points(f, as_of)
            assert type(got) is Decimal and str(got) == str(want), (scheme.id, item.id, f, got, want)


def test_official_list(policy):
    from calculator.populations.beijing_lists import LIST_PATH, facts_for_row, read_list
    scheme = policy.schemes["beijing-2020"]
    assert_same_points(scheme, [validated(policy.vocab, scheme, facts_for_row(r, 2022)) for r in read_list(LIST_PATH)])


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(data=st.data())
def test_random_applicants_in_every_shipped_scheme(policy, data):
    for scheme in policy.schemes.values():
        needed = set(scheme.facts) | {"social_insurance_months"}
        raws = data.draw(st.lists(applicant(policy.vocab, needed), min_size=1, max_size=10))
        as_of = data.draw(st.dates(dt.date(2005, 1, 1), dt.date(2040, 12, 31)))
        assert_same_points(scheme, [validated(policy.vocab, scheme, r) for r in raws], as_of)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(data=st.data())
def test_random_numbers_and_places(policy, data):
    base = policy.schemes[data.draw(st.sampled_from(sorted(policy.schemes)))]
    doc = perturb(copy.deepcopy(base.document), data.draw)
    doc["rounding"] = {"places": data.draw(st.integers(0, 4)), "mode": "half_up"}
    scheme = load_scheme(doc, policy.vocab)
    needed = set(scheme.facts) | {"social_insurance_months"}
    raws = data.draw(st.lists(applicant(policy.vocab, needed), min_size=1, max_size=10))
    assert_same_points(scheme, [validated(policy.vocab, scheme, r) for r in raws])


@given(n=st.integers(-10 ** 40, 10 ** 40), den=st.integers(1, 10 ** 6))
def test_divider_is_exact(n, den):
    q = divider(den)(n)
    assert q == Fraction(n, den)
    assert isinstance(q, Fraction) or q == Decimal(n) / Decimal(den)


@given(n=st.integers(-10 ** 9, 10 ** 9), den=st.integers(1, 10 ** 6), places=st.integers(0, 6))
def test_round_item_of_a_fraction_matches_decimal_rounding(n, den, places):
    from decimal import ROUND_HALF_UP, localcontext
    with localcontext() as c:
        c.prec = 80
        want = (Decimal(n) / Decimal(den)).quantize(quantizer(places), ROUND_HALF_UP) + 0
    assert str(round_item(Fraction(n, den), quantizer(places))) == str(want)


@settings(max_examples=500, deadline=None)
@given(digits=st.integers(-10**12, 10**12), exponent=st.integers(-12, 6), places=st.integers(0, 8))
def test_points_are_written_with_exactly_their_places_and_never_as_an_exponent(digits, exponent, places):
    """fmt writes plain digits with `places` decimals, half up, and no "-0.00", for any value."""
    from decimal import ROUND_HALF_UP

    from calculator.core.numbers import fmt
    value = Decimal(digits).scaleb(exponent)
    text = fmt(value, places)
    assert "E" not in text and not (text.startswith("-") and Decimal(text) == 0)
    assert Decimal(text) == value.quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP)
    assert (len(text.partition(".")[2]) if places else text.count(".")) == places
