"""The decision (verdict, projection, scenarios) and the API answer with and without it (budget: API <= 1.5x the answer without verdict and projection).

In process, on 300 real rows of Beijing's 2022 list scored on 2026-12-02 (people who age, whose
age points fall and whose projection runs to 60) and the issue's renter of 35. "Without" is the
same API answer minus the decision's own time, measured in the same run (the answer before the
verdict existed was exactly that: validation, scoring, explanation and serialisation).
"""
from __future__ import annotations

import datetime as dt

from benchmarks.core import _median_us
from calculator.core.policy import default_policy
from calculator.populations.beijing_lists import LIST_PATH, facts_for_row, read_list

AS_OF = dt.date(2026, 12, 2)
RENTER = {"birth_date": "1991-06-01", "sex": "male", "social_insurance_months": 96, "residence_rented_days": 2190,
          "education": "bachelor", "degree": "bachelor", "holds_residence_permit": True}
API_RATIO_BUDGET = 1.5


def run() -> list[str]:
    from calculator import create_app
    from calculator.web.extensions import db
    policy = default_policy()
    rows = read_list(LIST_PATH)[::20]
    raw = [facts_for_row(r, 2026) for r in rows] + [RENTER]
    results = [policy.evaluate("beijing", f, AS_OF)[0] for f in raw]
    projection = _median_us(lambda r: policy.decide(r, with_scenarios=False), results)
    decision = _median_us(policy.decide, results)
    renter = results[-1:] * 50
    out = [f"projection + verdict, one applicant (median of 5 passes over {len(results)}): {projection:.0f} µs",
           f"  + scenarios (the whole decision): {decision:.0f} µs",
           f"the renter of 35 alone ({len(policy.decide(results[-1]).projection.rows)} rounds "
           f"to retirement, seven scenarios): projection + verdict "
           f"{_median_us(lambda r: policy.decide(r, with_scenarios=False), renter):.0f} µs, whole decision "
           f"{_median_us(policy.decide, renter):.0f} µs"]
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": "bench",
                      "API_RATE_LIMIT": "1000000/minute"})
    with app.app_context():
        db.create_all()
        client = app.test_client()
        bodies = [{"city": "beijing", "as_of": AS_OF.isoformat(), "facts": f, "lang": "zh"} for f in raw]
        api = _median_us(lambda b: client.post("/api/v1/score", json=b).get_data(), bodies, repeat=3)
    ratio = api / max(api - projection, 1e-9)
    verdict = "within" if ratio <= API_RATIO_BUDGET else "OVER"
    out.append(f"POST /api/v1/score in process (verdict and projection; scenarios on request): {api:.0f} µs, "
               f"{api - projection:.0f} µs without them: ratio {ratio:.2f} [budget {API_RATIO_BUDGET}: {verdict}]")
    return out
