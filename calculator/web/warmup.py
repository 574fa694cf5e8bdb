"""What a worker would otherwise do on its first requests, done once before gunicorn forks.

A worker starts cold: each template compiled for each language, each scheme's wording, the
translation catalogues, the published list a total is placed in, the source titles. Measured on
a fresh process, the first result page cost 46 ms in Chinese and 103 ms in English (3.6 ms warm),
an English city page 95 ms; under a 200-connection rush every request queued behind that worker
waits as long. gunicorn's preload runs this in the master (gunicorn_conf.when_ready), so every
worker, the first and each one max_requests replaces, starts with all of it shared.

The sample applicant is made up (nobody's answers), no request goes through the API's per-client
limit (its counters may be shared in Redis), and nothing is logged per request. What is kept per
site address (the answer-free page cache and its fragments, keyed by the Host header) is not
carried over: the master cannot know the address clients will use.
"""
from __future__ import annotations

import logging
import os
import time
from urllib.parse import urlencode

from flask import g

from .i18n import LANGS

log = logging.getLogger(__name__)

# A made-up Beijing applicant with a full page: verdict, projection, scenarios and the 2022 list.
SAMPLE_CITY = "beijing"
SAMPLE_AS_OF = "2022-06-30"
SAMPLE_FACTS = {"birth_date": "1985-03-01", "sex": "female", "holds_residence_permit": True,
                "social_insurance_months": 120, "residence_owned_days": 2000, "education": "bachelor",
                "degree": "bachelor", "relocated_job_and_residence_years": 0, "income_tax_years_over_100k": 0}


def wanted() -> bool:
    """CALCULATOR_WARM_UP=0 starts workers cold (the benchmark's comparison, a quicker restart)."""
    return os.environ.get("CALCULATOR_WARM_UP", "1") != "0"


def compile_templates(app) -> None:
    """Every template, compiled once per language (templating.Environment folds each language's
    constant texts in, so a language not compiled here is compiled by the first request in it)."""
    for lang in LANGS:
        with app.test_request_context(f"/{lang}/"):
            g.lang = lang
            for name in app.jinja_env.list_templates(extensions=["html"]):
                app.jinja_env.get_template(name)


def sample_host(app) -> str:
    """A host the app serves (the first of TRUSTED_HOSTS; a leading dot allows subdomains):
    under a production configuration any other Host header is refused with a 400, and nothing
    past that check would be warmed."""
    for host in app.config.get("TRUSTED_HOSTS") or ():
        if host and host.strip("."):
            return host.lstrip(".")
    return "localhost"


def sample_paths(policy) -> list[str]:
    """One of each page a rush asks for, in each language: the lists, every city with a points
    scheme (its form, and its result page without answers, which shows the form's errors), the
    comparison, and a full result page."""
    query = urlencode({"as_of": SAMPLE_AS_OF, **{k: str(v).lower() if isinstance(v, bool) else v
                                                 for k, v in SAMPLE_FACTS.items()}})
    paths = []
    for lang in LANGS:
        paths += [f"/{lang}/", f"/{lang}/compare", f"/{lang}/{SAMPLE_CITY}/result?{query}"]
        for city in sorted(policy.by_city):
            paths += [f"/{lang}/{city}/", f"/{lang}/{city}/result"]
    return paths


def serve_samples(app) -> dict:
    """The sample pages served through the app, and the API's answer made for each language
    without its HTTP layer; then the caches keyed by this site address are dropped. Returns what
    was done, for the log line."""
    from ..core.facts import parse_date
    from ..storage.policy_store import current_policy
    from ..wording.serialize import result_dict
    from .extensions import db

    started = time.perf_counter()
    request_log = logging.getLogger("calculator.requests")
    was_disabled, request_log.disabled = request_log.disabled, True
    failed = []
    try:
        with app.app_context():
            paths = sample_paths(current_policy())
        client = app.test_client()  # each request in its own app context, as a server makes them
        base_url = f"http://{sample_host(app)}"
        for path in paths:
            status = client.get(path, base_url=base_url).status_code
            # a result page without answers shows the form's errors (400); every other one is a 200
            if status != 200 and not (status == 400 and path.endswith("/result")):
                failed.append(f"{path.split('?')[0]} ({status})")
        for lang in LANGS:
            with app.test_request_context("/api/v1/score", method="POST"):
                g.lang = lang
                policy = current_policy()
                result, expl, decision = policy.assess(SAMPLE_CITY, SAMPLE_FACTS, parse_date(SAMPLE_AS_OF),
                                                       strict=True, with_scenarios=False)
                result_dict(result, expl, policy, lang, decision=decision, with_scenarios=False)
    finally:
        request_log.disabled = was_disabled
        for key in ("page_cache", "fragment_cache"):
            app.extensions.pop(key, None)
        with app.app_context():
            db.engine.dispose()  # never share a connection across forked workers
    done = {"pages": len(paths), "failed": failed, "ms": round((time.perf_counter() - started) * 1000)}
    if failed:
        log.warning("warm-up: %d of %d sample pages failed: %s", len(failed), len(paths), ", ".join(failed))
    return done
