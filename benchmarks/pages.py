"""Public pages: gzip-compressed weight (HTML + the CSS and JS each page loads) vs 20 KB, and result-page server time vs 1 ms (issue 19).

Weights are what a phone downloads on a first visit with nothing cached, each file gzip-compressed
at level 6 (what nginx and most proxies use). Server time is the median of 200 requests to a
Beijing result page through Flask's test client, in process (no network), after a warm-up.
"""
from __future__ import annotations

import gzip
import re
import statistics
import time
from urllib.parse import urlencode

from calculator import create_app
from calculator.web.extensions import db

BUDGET_KB = 20.0  # issue 15: every public page, its CSS and JS
BUDGET_MS = 1.0  # issue 19
REQUESTS = 200
ANSWERS = {"birth_date": "1975-06-15", "sex": "male", "holds_residence_permit": "true",
           "social_insurance_months": "174", "residence_owned_days": "4532", "education": "master",
           "degree": "master", "study_overlap_months": "36", "relocated_job_and_residence_years": "4",
           "income_tax_years_over_100k": "1", "as_of": "2022-06-30"}
QS = urlencode(ANSWERS)
PAGES = {"home": "/{lang}/", "city": "/{lang}/beijing/", "small city": "/{lang}/lasa/",
         "result": "/{lang}/beijing/result?" + QS,
         "compare": "/{lang}/compare?" + QS, "large": "/{lang}/beijing/result?large=1&" + QS,
         "embed": "/embed/{lang}/beijing/result?" + QS, "guangzhou": "/{lang}/guangzhou/",
         "privacy": "/{lang}/privacy", "a11y": "/{lang}/accessibility"}
ASSETS = re.compile(r'<(?:link[^>]+rel="stylesheet"[^>]+href|script[^>]+src)="([^"]+)"')


def _gz(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6))


def page_weight(client, url: str) -> tuple[int, int, int]:
    """(status, raw bytes, gzip bytes) of the page and every stylesheet and script it loads."""
    r = client.get(url)
    html = r.get_data()
    raw, packed = len(html), _gz(html)
    for asset in ASSETS.findall(html.decode("utf-8")):
        a = client.get(asset.split("?")[0])
        body = a.get_data()
        a.close()
        raw += len(body)
        packed += _gz(body)
    return r.status_code, raw, packed


def median_ms(client, url: str, n: int = REQUESTS) -> float:
    for _ in range(20):
        client.get(url)
    times = []
    for _ in range(n):
        t0 = time.perf_counter_ns()
        r = client.get(url)
        r.get_data()
        times.append((time.perf_counter_ns() - t0) / 1e6)
        assert r.status_code == 200
    return statistics.median(times)


def run() -> list[str]:
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": "bench"})
    out = []
    with app.app_context():
        db.create_all()
        client = app.test_client()
        for name, pattern in PAGES.items():
            for lang in ("zh", "en"):
                status, raw, packed = page_weight(client, pattern.format(lang=lang))
                kb = packed / 1024
                verdict = "within" if kb <= BUDGET_KB and status == 200 else "OVER"
                out.append(f"{name:10} {lang}: {kb:5.1f} KB gzip ({raw / 1024:5.1f} KB raw) "
                           f"[budget {BUDGET_KB:.0f} KB: {verdict}]")
        for lang in ("zh", "en"):
            ms = median_ms(client, PAGES["result"].format(lang=lang))
            verdict = "within" if ms <= BUDGET_MS else "OVER"
            out.append(f"result page server time, {lang} (median of {REQUESTS}): {ms:.2f} ms "
                       f"[budget {BUDGET_MS:.0f} ms: {verdict}]")
    return out
