"""Where a result page's and an API answer's time goes under load: py-spy samples of make serve's workers while the load test's result pages and API calls run.

Issue 19 asks for the profile under load, not only in process. Each sample is a worker's stack;
its time is given to the layer that holds its innermost frame (the standard library's frames go
to whoever called them: Decimal arithmetic is the policy core's, a socket read gunicorn's), and
separately to the stage it is in (scoring, decision, serialising, rendering), by the functions
on its stack. Idle workers (waiting in accept) are not sampled. PROFILE_SECONDS sets the length
(15 s); PROFILE_KEEP=FILE keeps py-spy's raw stacks there, to read beyond these two tables.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

from benchmarks.server import API_SCRIPT, BIN, ROOT, RESULTS_SCRIPT, Gunicorn, ensure_wrk, wrk

SECONDS = int(os.environ.get("PROFILE_SECONDS", 15))
CONNECTIONS = 50  # per kind: enough to keep both workers busy; latency is the load test's job

# innermost frame's file -> layer (first match wins)
LAYERS = (
    ("Jinja2 + MarkupSafe (templates)", re.compile(r"(^|/)(jinja2|markupsafe)/|calculator/templates/|\.html$")),
    ("Werkzeug + Flask + extensions", re.compile(r"(^|/)(werkzeug|flask|flask_\w+|babel|wtforms|limits|itsdangerous|"
                                                 r"sqlalchemy)/")),
    ("gunicorn + sockets", re.compile(r"(^|/)gunicorn/|(^|/)(socket|selectors|ssl)\.py$")),
    ("policy core (scoring, projection)", re.compile(r"calculator/core/")),
    ("wording and pages (calculator.public, wording, api)", re.compile(r"calculator/(public|wording|api|embed)/")),
    ("app plumbing (calculator.web, storage)", re.compile(r"calculator/(web|storage)/|calculator/__init__")),
    ("JSON", re.compile(r"(^|/)json/")),
)
# stage -> a function on the stack (innermost stage wins: a render inside a decision is rendering)
STAGES = (
    ("render a template", re.compile(r"^render_template ")),
    ("serialise the API answer (dicts + JSON)", re.compile(r"^(result_dict|jsonify) ")),
    ("decide (verdict, projection, scenarios)", re.compile(r"^(Policy\.)?decide ")),
    ("validate + score + explain", re.compile(r"^Policy\.evaluate ")),
    ("build the page's view", re.compile(r"^(result_view|share_view) ")),
)
FRAME = re.compile(r"^(?P<fn>\S+) \((?P<file>[^:]+):\d+\)$")


def ensure_py_spy() -> str | None:
    found = shutil.which("py-spy", path=str(BIN)) or shutil.which("py-spy")
    if found:
        return found
    subprocess.run([str(BIN / "pip"), "install", "--quiet", "--disable-pip-version-check", "py-spy==0.4.3"],
                   capture_output=True)
    return shutil.which("py-spy", path=str(BIN))


def attribute(raw: str) -> tuple[Counter, Counter, int]:
    """(samples per layer, samples per stage, all samples) from py-spy's raw (collapsed) output."""
    layers, stages, total = Counter(), Counter(), 0
    for line in raw.splitlines():
        stack, _, count = line.rpartition(" ")
        if not count.isdigit():
            continue
        n = int(count)
        frames = [m for f in stack.split(";") if (m := FRAME.match(f.strip()))]
        total += n
        layer = next((name for fr in reversed(frames) for name, rx in LAYERS if rx.search(fr["file"])), "other")
        layers[layer] += n
        text = [f"{fr['fn']} ({fr['file']})" for fr in frames]
        stage = next((name for t in reversed(text) for name, rx in STAGES if rx.search(t)), "request handling, the rest")
        stages[stage] += n
    return layers, stages, total


def run() -> list[str]:
    wrk_bin, spy = ensure_wrk(), ensure_py_spy()
    if not wrk_bin or not spy:
        return ["wrk or py-spy is not available: load profile not run"]
    workers = os.cpu_count() or 1
    with tempfile.TemporaryDirectory() as tmp:
        env = {"CALCULATOR_SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp}/bench.db",
               "CALCULATOR_API_RATE_LIMIT": "100000000/minute"}
        subprocess.run([str(BIN / "flask"), "--app", "wsgi", "init-db"], cwd=ROOT, env={**os.environ, **env},
                       capture_output=True, check=True)
        out = os.path.join(tmp, "profile.txt")
        with Gunicorn("wsgi:app", env, workers) as g:
            url = f"http://127.0.0.1:{g.port}"
            with ThreadPoolExecutor(3) as pool:
                spy_run = pool.submit(subprocess.run, [spy, "record", "--pid", str(g.proc.pid), "--subprocesses",
                                                       "--format", "raw", "--rate", "250", "--duration",
                                                       str(SECONDS), "--nonblocking", "-o", out],
                                      capture_output=True, text=True)
                loads = [pool.submit(wrk, wrk_bin, url, script, SECONDS, CONNECTIONS)
                         for script in (RESULTS_SCRIPT, API_SCRIPT)]
                done = spy_run.result()
                served = [f.result() for f in loads]
        if os.environ.get("PROFILE_KEEP"):
            shutil.copy(out, os.environ["PROFILE_KEEP"])
        if not os.path.exists(out):
            return [f"py-spy could not sample the workers: {done.stderr.strip()[:200]}"]
        with open(out, encoding="utf-8") as fh:
            layers, stages, total = attribute(fh.read())
    if not total:
        return ["py-spy recorded no samples"]
    lines = [f"{total} samples of {workers} workers over {SECONDS} s while result pages "
             f"({served[0]['rps']:.0f} req/s) and API calls ({served[1]['rps']:.0f} req/s) ran:",
             "  by layer (innermost frame):"]
    lines += [f"    {name:52s} {n / total:6.1%}" for name, n in layers.most_common()]
    lines.append("  by stage (function on the stack):")
    lines += [f"    {name:52s} {n / total:6.1%}" for name, n in stages.most_common()]
    return lines


if __name__ == "__main__":
    print("\n".join(run()))
    sys.exit(0)
