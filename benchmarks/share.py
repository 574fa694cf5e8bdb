"""Sharing a result: the QR code (segno SVG, its own route) vs 5 ms, and the 1200x630 share image vs 5 ms, drawn and cached.

The QR code is made for every result viewed (it holds the answers, so it is never cached): its
time is the median over the links of varied applicants, about 300 characters each, alone and as
the request the result page's <img> makes. The share image is
drawn once per city, version, verdict state and language and then served from the process's
cache: both figures are given, the drawing against the budget (the background a language's
images share is drawn once per process, as in service).
"""
from __future__ import annotations

import gzip
import statistics
import time

from calculator import create_app
from calculator.web.extensions import db
from calculator.public import share_image
from calculator.public.share import qr_svg

BUDGET_MS = 5.0
LINK = ("https://jifen.example.gov.cn/zh/beijing/result?as_of=2022-06-30&birth_date=19{yy}-06-15&sex=male"
        "&holds_residence_permit=true&social_insurance_months={si}&residence_owned_days=4532&education=master"
        "&degree=master&study_overlap_months=36&relocated_job_and_residence_years=4&income_tax_years_over_100k=1")
STATES = ("below_cutoff", "at_or_above_cutoff", "not_eligible", "unanswered")


def _median_ms(fn, items) -> float:
    for x in items[:3]:
        fn(x)
    times = []
    for x in items:
        t0 = time.perf_counter_ns()
        fn(x)
        times.append((time.perf_counter_ns() - t0) / 1e6)
    return statistics.median(times)


def _verdict(ms: float) -> str:
    return "within" if ms <= BUDGET_MS else "OVER"


def run() -> list[str]:
    links = [LINK.format(yy=70 + i % 25, si=100 + i) for i in range(100)]
    qr = _median_ms(qr_svg, links)
    out = [f"QR code of a {len(links[0])}-character link: {qr:.2f} ms median of {len(links)} "
           f"[budget {BUDGET_MS:.0f} ms: {_verdict(qr)}]"]
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": "bench"})
    with app.app_context():
        db.create_all()
        client = app.test_client()
        qr_urls = ["/zh/beijing/qr.svg?" + link.split("?", 1)[1] for link in links]
        routed = _median_ms(lambda u: client.get(u).get_data(), qr_urls)
        out.append(f"QR code as its route answers it (request included): {routed:.2f} ms median of {len(links)} "
                   f"[budget {BUDGET_MS:.0f} ms: {_verdict(routed)}]; {len(gzip.compress(qr_svg(links[0]), 6)) / 1024:.1f} KB gzip")
        urls = [f"/{lang}/{city}/share/{scheme}/{state}.png" for lang in ("zh", "en") for state in STATES
                for city, scheme in (("beijing", "beijing-2020"), ("shenzhen", "shenzhen-2023"),
                                     ("guangzhou", "guangzhou-2022"))]

        def fetch(url):
            r = client.get(url)
            assert r.status_code == 200, url
            r.get_data()

        def drawn(url):
            share_image.cached.cache_clear()
            fetch(url)

        cold = _median_ms(drawn, urls * 2)
        fetch(urls[0])
        warm = _median_ms(fetch, urls * 5)
    font = share_image.font_path() or "none (English fallback)"
    out.append(f"share image 1200x630 drawn (request included): {cold:.2f} ms median of {len(urls) * 2} "
               f"[budget {BUDGET_MS:.0f} ms: {_verdict(cold)}]; font {font}")
    out.append(f"share image from the cache (request included): {warm:.2f} ms median of {len(urls) * 5} "
               f"[budget {BUDGET_MS:.0f} ms: {_verdict(warm)}]")
    return out
