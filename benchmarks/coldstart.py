"""A fresh worker's first requests under gunicorn (make serve), each page kind once, in ms: what a request queued behind a worker that max_requests has just replaced waits for.

gunicorn_conf.when_ready serves a sample of every page kind in the master before it forks
(calculator.web.warmup), after wsgi.py compiled every template in both languages.
CALCULATOR_WARM_UP=0 starts the server without either, to compare. The answer-free pages' cache is kept per site address, so the first home page of each
language is still rendered by each worker; what the master could not know is not warmed.
"""
from __future__ import annotations

import os
import subprocess
import tempfile
import time
import urllib.request

from benchmarks.server import BIN, BODY, RESULT_QS, ROOT, Gunicorn

FIRST = (("result en", f"/en/beijing/result?{RESULT_QS}"), ("result zh", f"/zh/beijing/result?{RESULT_QS}"),
         ("city en", "/en/shenzhen/"), ("compare en", "/en/compare"), ("home zh", "/zh/"))


def _ms(url: str, data: bytes | None = None) -> float:
    req = urllib.request.Request(url, data=data, headers={"Content-Type": "application/json"} if data else {})
    t0 = time.perf_counter()
    with urllib.request.urlopen(req, timeout=30) as resp:
        resp.read()
    return (time.perf_counter() - t0) * 1000


def first_requests(env: dict) -> dict:
    """One worker, so every request below is that worker's first of its kind; each kind twice
    (the second is the warm figure)."""
    with Gunicorn("wsgi:app", env, 1) as g:
        base = f"http://127.0.0.1:{g.port}"
        out = {}
        for name, path in FIRST:
            out[name] = (_ms(base + path), _ms(base + path))
        out["API score"] = (_ms(base + "/api/v1/score", BODY.encode()), _ms(base + "/api/v1/score", BODY.encode()))
    return out


def run() -> list[str]:
    with tempfile.TemporaryDirectory() as tmp:
        env = {"CALCULATOR_SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp}/bench.db",
               "CALCULATOR_API_RATE_LIMIT": "100000000/minute"}
        subprocess.run([str(BIN / "flask"), "--app", "wsgi", "init-db"], cwd=ROOT, env={**os.environ, **env},
                       capture_output=True, check=True)
        warm = first_requests(env)
        cold = first_requests({**env, "CALCULATOR_WARM_UP": "0"})
    lines = ["first request of each kind to a fresh worker, then the second (ms, over loopback HTTP):"]
    for name in warm:
        lines.append(f"  {name:11s} warmed before the fork {warm[name][0]:6.1f} (then {warm[name][1]:.1f}); "
                     f"without any warm-up {cold[name][0]:6.1f} (then {cold[name][1]:.1f})")
    lines.append(f"  all kinds' first requests: {sum(w[0] for w in warm.values()):.0f} ms warmed, "
                 f"{sum(c[0] for c in cold.values()):.0f} ms without")
    return lines
