"""The batch engine gives exactly the per-applicant engine's items and totals, to the hundredth:
over the official Beijing list, and (property test) over random populations and random schemes."""
import copy
import datetime as dt
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from calculator.core.facts import add_years, months_between
from calculator.core.schemes import load_scheme
from calculator.core.scoring import score_items
from calculator.simulation.batch import BatchScheme, Population
from calculator.simulation.simulate import cut

AS_OF = dt.date(2022, 6, 30)


def scalar_units(scheme, facts, as_of):
    pts, total = score_items(scheme, facts, as_of)
    s = 10 ** scheme.places
    return [int(p * s) for p in pts], int(total * s)


def assert_same(scheme, vocab, facts_list, as_of=AS_OF):
    pop = Population.from_facts(facts_list, vocab, set(scheme.facts))
    items, total = BatchScheme(scheme, vocab).score(pop, as_of)
    for i, f in enumerate(facts_list):
        pts, tot = scalar_units(scheme, f, as_of)
        assert list(items[:, i]) == pts and total[i] == tot, (f, pts, list(items[:, i]))


@st.composite
def applicant(draw, vocab, needed):
    born = draw(st.dates(dt.date(1960, 1, 1), dt.date(2004, 12, 31)))
    work = months_between(add_years(born, 16), AS_OF)
    lived = (AS_OF - born).days
    age = AS_OF.year - born.year - 1
    f = {"birth_date": born}
    for fid in sorted(needed - {"birth_date"}):
        d = vocab[fid]
        if d.type == "choice":
            f[fid] = draw(st.sampled_from([c.value for c in d.choices]))
        elif d.type == "boolean":
            f[fid] = draw(st.booleans())
        elif d.type == "integer":
            hi = d.max if d.max is not None else 1000
            if d.unit == "month":
                hi = min(hi, work)
            elif d.unit == "day":
                hi = min(hi, lived // 2)
            elif d.unit == "year":
                hi = min(hi, max(age, 0))
            f[fid] = draw(st.integers(d.min or 0, max(d.min or 0, hi)))
    if "study_overlap_months" in f and "social_insurance_months" in f:
        f["study_overlap_months"] = min(f["study_overlap_months"], f["social_insurance_months"])
    return f


def validated(vocab, scheme, raw):
    return vocab.validate(raw, AS_OF, needed=set(scheme.facts))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(data=st.data())
def test_random_populations_in_every_shipped_scheme(policy, data):
    for scheme in policy.schemes.values():
        needed = set(scheme.facts) | {"social_insurance_months"}
        raws = data.draw(st.lists(applicant(policy.vocab, needed), min_size=1, max_size=15))
        facts = [validated(policy.vocab, scheme, r) for r in raws]
        as_of = data.draw(st.dates(dt.date(max(scheme.effective_from.year, 2005), 1, 1), dt.date(2026, 12, 31)))
        as_of = max(as_of, max(r["birth_date"] for r in raws) + dt.timedelta(days=365 * 16 + 5))
        assert_same(scheme, policy.vocab, facts, as_of)


decimals = st.decimals(min_value=Decimal("-40"), max_value=Decimal("40"), places=2, allow_nan=False)


def perturb(doc, draw):
    """Random numbers in place of the scheme's own: rates, caps, points, brackets."""
    def walk(node):
        if isinstance(node, dict):
            for k, v in list(node.items()):
                if k in ("per_year", "points", "per_unit", "otherwise") and not isinstance(v, (dict, list)):
                    node[k] = str(draw(decimals))
                elif k == "cap" and v is not None:
                    node[k] = str(abs(draw(decimals)))
                else:
                    walk(v)
        elif isinstance(node, list):
            for x in node:
                walk(x)
    walk(doc["items"])
    return doc


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(data=st.data())
def test_random_schemes_on_random_populations(policy, data):
    base = policy.schemes[data.draw(st.sampled_from(sorted(policy.schemes)))]
    doc = perturb(copy.deepcopy(base.document), data.draw)
    scheme = load_scheme(doc, policy.vocab)
    needed = set(scheme.facts) | {"social_insurance_months"}
    raws = data.draw(st.lists(applicant(policy.vocab, needed), min_size=1, max_size=20))
    assert_same(scheme, policy.vocab, [validated(policy.vocab, scheme, r) for r in raws])


def test_cut_admits_everyone_tied_at_the_line():
    import numpy as np
    total = np.array([500, 400, 400, 400, 300])
    c, adm = cut(total, 2)
    assert c == 400 and adm.tolist() == [True, True, True, True, False]
    c, adm = cut(total, 10)
    assert c == 300 and adm.all()


def test_official_list_batch_equals_per_applicant(policy):
    from calculator.populations.beijing_lists import LIST_PATH, facts_for_row, read_list
    scheme = policy.schemes["beijing-2020"]
    facts = [validated(policy.vocab, scheme, facts_for_row(r, 2022)) for r in read_list(LIST_PATH)]
    assert_same(scheme, policy.vocab, facts)
