"""The `shared` rule (points split between people, Guangzhou's 20 / n per invention patent): exact
for any n, the same in the per-applicant and the batch engine, and refused when malformed."""
import datetime as dt
from decimal import Decimal

import pytest

from calculator.core.numbers import round_item
from calculator.core.problems import Problem, Problems
from calculator.core.rules import compile_rule
from calculator.simulation.batch import BatchScheme, Population

SPEC = {"type": "shared", "points": 20, "cap": 40, "shares": [
    {"count": "guangzhou_invention_patents_3_inventors", "among": 3},
    {"count": "guangzhou_invention_patents_other_a", "among_fact": "guangzhou_invention_patents_other_a_inventors"}]}
Q = Decimal("0.01")
DAY = dt.date(2024, 1, 1)


def rule(spec=SPEC, vocab=None):
    probs = Problems()
    r = compile_rule(spec, "r", vocab, probs)
    return r, probs.items


@pytest.mark.parametrize("three, other, inventors, points", [
    (1, 0, 0, "6.67"), (0, 1, 7, "2.86"), (0, 3, 7, "8.57"), (1, 1, 6, "10.00"),
    (0, 5, 0, "0.00"),          # a group without its number of inventors scores nothing
    (6, 0, 0, "40.00"), (0, 50, 100, "10.00"), (0, 1, 1, "20.00")])
def test_twenty_over_n_for_any_n(policy, three, other, inventors, points):
    r, probs = rule(vocab=policy.vocab)
    assert probs == []
    v = r.evaluate({"guangzhou_invention_patents_3_inventors": three, "guangzhou_invention_patents_other_a": other,
                    "guangzhou_invention_patents_other_a_inventors": inventors}, DAY)
    assert str(round_item(v, Q)) == points


@pytest.mark.parametrize("share, code", [
    ({"count": "guangzhou_invention_patents_3_inventors", "among": 0}, "bad_among"),
    ({"count": "guangzhou_invention_patents_3_inventors", "among": "three"}, "bad_among"),
    ({"count": "no_such_fact", "among": 2}, "unknown_fact"),
    ({"count": "guangzhou_invention_patents_3_inventors", "among_fact": "sex"}, "wrong_fact_type")])
def test_malformed_shares_are_refused(policy, share, code):
    _, probs = rule({"type": "shared", "points": 20, "shares": [share]}, policy.vocab)
    assert any(m.code == code for _, m in probs), probs


def test_no_shares_is_refused(policy):
    _, probs = rule({"type": "shared", "points": 20, "shares": []}, policy.vocab)
    assert ("r.shares", Problem("needs_share")) in probs


def test_the_batch_engine_agrees_for_many_different_divisors(policy):
    """Divisors 1..100 in one population: their lcm is far past int64, the batch engine switches
    to exact Python integers and still gives the per-applicant engine's hundredths."""
    scheme = policy.schemes["guangzhou-2022"]
    vocab = policy.vocab
    facts = []
    for n in range(0, 101):
        f = vocab.validate({"birth_date": "1990-05-01", "sex": "male", "education": "master", "social_insurance_months": 48,
                            "guangzhou_invention_patents_other_a": 1 + n % 7,
                            "guangzhou_invention_patents_other_a_inventors": n,
                            "guangzhou_invention_patents_other_b": n % 3,
                            "guangzhou_invention_patents_other_b_inventors": 101 - n if n else 0,
                            "guangzhou_invention_patents_3_inventors": n % 2}, DAY, needed=set(scheme.facts))
        facts.append(f)
    from calculator.core.scoring import score_items
    pop = Population.from_facts(facts, vocab, set(scheme.facts))
    items, total = BatchScheme(scheme, vocab).score(pop, DAY)
    k = [i.id for i in scheme.items].index("innovation")
    for i, f in enumerate(facts):
        pts, tot = score_items(scheme, f, DAY)
        assert items[k, i] == int(pts[k] * 100) and total[i] == int(tot * 100), f


def test_accrual_over_several_facts_counts_them_together(policy):
    spec = {"type": "accrual", "facts": ["residence_owned_days", "residence_rented_days"], "per_year": 10,
            "granularity": "half_year"}
    r, probs = rule(spec, policy.vocab)
    assert probs == [] and r.facts == {"residence_owned_days", "residence_rented_days"}
    # 182 + 183 days = 12 whole months = 2 half years = 10; one half year of days is 6 whole months
    assert r.evaluate({"residence_owned_days": 182, "residence_rented_days": 183}, DAY) == 10
    assert r.evaluate({"residence_owned_days": 182, "residence_rented_days": 0}, DAY) == 0
    assert r.evaluate({"residence_owned_days": 183, "residence_rented_days": 0}, DAY) == 5
    _, probs = rule({**spec, "facts": ["residence_owned_days", "social_insurance_months"]}, policy.vocab)
    assert any(m.code == "mixed_units" for _, m in probs)
    _, probs = rule({**spec, "facts": []}, policy.vocab)
    assert any(m.code == "needs_facts" for _, m in probs)
