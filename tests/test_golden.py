"""Golden cases per scheme (data/golden/*.yaml): facts -> the items and total the official texts
and data give. Every encoded scheme must have at least five, each citing its source."""
import datetime as dt

import pytest

from calculator.core.numbers import fmt
from calculator.core.policy import DATA_DIR, default_policy, read_yaml

GOLDEN = sorted((DATA_DIR / "golden").glob("*.yaml"))
CASES = [(p.stem, i, c) for p in GOLDEN for i, c in enumerate(read_yaml(p)["cases"])]


def test_every_scheme_has_five_cited_golden_cases():
    policy = default_policy()
    counts = {}
    for p in GOLDEN:
        doc = read_yaml(p)
        assert doc["scheme"] in policy.schemes, f"{p.name} names an unknown scheme"
        for c in doc["cases"]:
            assert c.get("source"), f"{p.name}: case {c['name']!r} cites no source"
        counts[doc["scheme"]] = counts.get(doc["scheme"], 0) + len(doc["cases"])
    for sid in policy.schemes:
        assert counts.get(sid, 0) >= 5, f"scheme {sid} has {counts.get(sid, 0)} golden cases, needs 5"


@pytest.mark.parametrize("stem,index,case", CASES, ids=[f"{s}:{c['name']}" for s, _, c in CASES])
def test_golden_case(stem, index, case):
    policy = default_policy()
    scheme_id = read_yaml(DATA_DIR / "golden" / f"{stem}.yaml")["scheme"]
    scheme = policy.schemes[scheme_id]
    as_of = case["as_of"] if isinstance(case["as_of"], dt.date) else dt.date.fromisoformat(case["as_of"])
    facts = {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in case["facts"].items()}
    result, _ = policy.evaluate(scheme.city, facts, as_of, scheme_id)
    expect = case["expect"]
    got = {i.item.id: fmt(i.points, scheme.places) for i in result.items}
    for item_id, points in (expect.get("items") or {}).items():
        assert got[item_id] == points, f"{item_id}: got {got[item_id]}, expected {points}"
    if "total" in expect:
        assert fmt(result.total, scheme.places) == expect["total"]
    if "eligible" in expect:
        assert result.eligible is expect["eligible"]
    if "unmet" in expect:
        assert sorted(o.prerequisite.id for o in result.unmet) == sorted(expect["unmet"])
    if "unanswered" in expect:
        assert sorted(o.prerequisite.id for o in result.unanswered) == sorted(expect["unanswered"])
