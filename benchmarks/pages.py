"""Public pages: gzip-compressed weight (HTML + the CSS and JS each page loads) vs 20 KB, and result-page server time vs 1 ms (issue 19).

Weights are what a phone downloads on a first visit with nothing cached, each file gzip-compressed
at level 6 (what nginx and most proxies use). Server time is the median of 200 requests to a
Beijing result page, in process (no network), after a warm-up: called as a WSGI server calls the
app (the environ built once, as gunicorn hands it over), and through Flask's test client, which
also builds the request in Python on the client's side.

Then the page's parts, each the best of several batches in the same run (this machine's speed
drifts within a minute, so parts measured minutes apart would not add up): the request stack (a
bare Flask request), the engine work the page must do (validate, score, explain, verdict,
projection and scenarios: core.policy.assess), and the rest (the page's view and its template).
The bare request plus the engine is the floor no rendering of this page can go under.
"""
from __future__ import annotations

import gzip
import io
import re
import statistics
import time
from urllib.parse import urlencode

from werkzeug.test import EnvironBuilder

from calculator import create_app
from calculator.web.extensions import db

from . import bare_app

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


def wsgi_call(app, url: str, method: str = "GET", body: bytes = b""):
    """A function answering `url` as a WSGI server would: the environ built once, copied per call."""
    path, _, query = url.partition("?")
    environ = EnvironBuilder(path=path, query_string=query, method=method, data=body,
                             content_type="application/json" if body else None).get_environ()
    statuses = []

    def start_response(status, headers, exc_info=None):
        statuses.append(status)

    def call() -> bytes:
        env = dict(environ)
        env["wsgi.input"] = io.BytesIO(body)
        it = app(env, start_response)
        try:
            return b"".join(it)
        finally:
            if hasattr(it, "close"):
                it.close()
    call()
    assert statuses[-1].startswith("200"), statuses[-1]
    return call


def median_call_ms(call, n: int = REQUESTS) -> float:
    for _ in range(20):
        call()
    times = []
    for _ in range(n):
        t0 = time.perf_counter_ns()
        call()
        times.append((time.perf_counter_ns() - t0) / 1e6)
    return statistics.median(times)


def best_ms(fns: dict, n: int = 100, rounds: int = 7) -> dict:
    """Each function's best batch mean, the batches interleaved round by round."""
    best = dict.fromkeys(fns, float("inf"))
    for _ in range(rounds):
        for name, fn in fns.items():
            t0 = time.perf_counter_ns()
            for _ in range(n):
                fn()
            best[name] = min(best[name], (time.perf_counter_ns() - t0) / n / 1e6)
    return best


def page_parts(app, url: str) -> dict:
    """The result page, a bare Flask request and the engine's work for the same answers, and
    the page with its template not rendered (the view answering an empty body): what the page
    costs if Jinja cost nothing, which no template rewrite can go below."""
    import calculator.public.routes as routes
    from calculator.public.answers import read
    from calculator.storage.policy_store import policy_or_shipped
    from calculator.web import clock
    from werkzeug.datastructures import MultiDict
    from urllib.parse import parse_qsl
    page = wsgi_call(app, url)
    bare = wsgi_call(bare_app.app, "/api/v1/score", "POST", b"{}")
    with app.test_request_context(url):
        policy = policy_or_shipped()
        answers = read(MultiDict(parse_qsl(url.partition("?")[2])), policy.vocab, clock.today())
    scheme = policy.resolve("beijing", answers.as_of, None)

    def engine():
        policy.assess("beijing", answers.facts, answers.as_of, scheme.id)

    render = routes.render_template

    def unrendered(*args, **context) -> str:
        return ""

    def without_template():
        routes.render_template = unrendered
        try:
            page()
        finally:
            routes.render_template = render
    return best_ms({"page": page, "bare request": bare, "engine": engine, "without template": without_template})


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
            url = PAGES["result"].format(lang=lang)
            ms = median_call_ms(wsgi_call(app, url))
            verdict = "within" if ms <= BUDGET_MS else "OVER"
            out.append(f"result page server time, {lang} (median of {REQUESTS}, as a WSGI server calls it): {ms:.2f} ms "
                       f"[budget {BUDGET_MS:.0f} ms: {verdict}]; through the test client {median_ms(client, url):.2f} ms")
        parts = page_parts(app, PAGES["result"].format(lang="zh"))
        floor = parts["bare request"] + parts["engine"]
        out.append(f"the zh result page's parts (best batch of 100, interleaved): whole page {parts['page']:.2f} ms = "
                   f"bare Flask request {parts['bare request']:.2f} + engine work (score, explain, verdict, projection, "
                   f"scenarios) {parts['engine']:.2f} + our request handling, view and template "
                   f"{parts['page'] - floor:.2f}; floor (bare request + engine) {floor:.2f} ms")
        bare_view = parts["without template"]
        out.append(f"  the same page with its template not rendered (every other step as served): {bare_view:.2f} ms, "
                   f"so the template takes {parts['page'] - bare_view:.2f} ms; the {BUDGET_MS:.0f} ms budget leaves "
                   + (f"{BUDGET_MS - bare_view:.2f} ms for it" if bare_view < BUDGET_MS else "nothing for it"))
    return out
