"""Where can I settle: the page for one set of answers across every city with a scheme in force, server time vs 10 ms and weight vs 20 KB gzip (with CSS and JS), with today's registry and with 300 more cities without a scheme.

Server time is the median of 200 requests through Flask's test client, in process (no network),
after a warm-up: every city with a scheme in force scored, decided and projected (the result
page's own call), the follow-up form, and the other cities listed by route. The second registry
adds 300 synthetic cities under 3 million (no scheme), the size of the prefecture-level list, so
the budget is checked for the registry as it grows.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import replace
from decimal import Decimal
from unittest import mock
from urllib.parse import urlencode

from benchmarks.pages import median_ms, page_weight
from calculator import create_app
from calculator.core.policy import Policy, default_policy
from calculator.web.extensions import db

BUDGET_MS = 10.0
BUDGET_KB = 20.0
EXTRA_CITIES = 300
ANSWERS = {"birth_date": "1988-04-12", "sex": "female", "holds_residence_permit": "true",
           "social_insurance_months": "96", "residence_rented_days": "2190", "education": "bachelor",
           "degree": "bachelor", "chengdu_eligible_area": "true", "guangzhou_employed_or_business": "true"}
URL = "/{lang}/compare?" + urlencode(ANSWERS)


def grown_policy(n: int) -> Policy:
    """Today's policy with `n` more cities under 3 million urban residents and no scheme."""
    base = default_policy()
    model = next(c for c in base.cities.values() if not base.by_city.get(c.id))
    extra = {f"synthetic{i:03d}": replace(model, id=f"synthetic{i:03d}", urban_population_10k=Decimal(100),
                                          route="open", name={"zh": f"样本{i}市", "en": f"Sample {i}"},
                                          province={"zh": f"样本{i % 31}省", "en": f"Province {i % 31}"})
             for i in range(n)}
    return Policy(base.vocab, {**base.cities, **extra}, list(base.schemes.values()))


def run() -> list[str]:
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": "bench"})
    out = []
    with app.app_context():
        db.create_all()
        client = app.test_client()
        scored = sum(1 for c in default_policy().cities if default_policy().scheme_for(c, dt.date.today()))
        for label, policy in (("today's registry", None), (f"+{EXTRA_CITIES} cities", grown_policy(EXTRA_CITIES))):
            patch = mock.patch("calculator.public.routes.policy_now", return_value=policy) if policy else \
                mock.patch.dict({})
            with patch:
                cities = len((policy or default_policy()).cities)
                for lang in ("zh", "en"):
                    status, raw, packed = page_weight(client, URL.format(lang=lang))
                    kb = packed / 1024
                    ok = "within" if kb <= BUDGET_KB and status == 200 else "OVER"
                    out.append(f"{label} ({cities} cities, {scored} scored), {lang}: {kb:5.1f} KB gzip "
                               f"({raw / 1024:5.1f} KB raw) [budget {BUDGET_KB:.0f} KB: {ok}]")
                    ms = median_ms(client, URL.format(lang=lang))
                    ok = "within" if ms <= BUDGET_MS else "OVER"
                    out.append(f"{label}, {lang}: server time {ms:.2f} ms (median of 200) "
                               f"[budget {BUDGET_MS:.0f} ms: {ok}]")
    return out
