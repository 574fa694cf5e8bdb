"""Under gunicorn on loopback: API score throughput vs a bare Flask endpoint; the 200-connection load test."""
from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
FACTS = {"birth_date": "1975-06-15", "sex": "male", "holds_residence_permit": True,
         "social_insurance_months": 174, "residence_owned_days": 4532, "education": "master",
         "degree": "master", "study_overlap_months": 36, "relocated_job_and_residence_years": 4,
         "income_tax_years_over_100k": 1}
BODY = json.dumps({"city": "beijing", "as_of": "2022-06-30", "lang": "en", "facts": FACTS})
RESULT_QS = ("as_of=2022-06-30&birth_date=1975-06-15&sex=male&holds_residence_permit=true"
             "&social_insurance_months=174&residence_owned_days=4532&education=master&degree=master"
             "&study_overlap_months=36&relocated_job_and_residence_years=4&income_tax_years_over_100k=1")
LOAD_SECONDS = int(os.environ.get("LOAD_SECONDS", 60))
CONNECTIONS = 200
ROUNDS = 5


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def ensure_wrk() -> str | None:
    if shutil.which("wrk"):
        return shutil.which("wrk")
    sudo = [] if os.geteuid() == 0 else ["sudo"]
    subprocess.run(sudo + ["apt-get", "install", "-y", "-qq", "wrk"], capture_output=True)
    return shutil.which("wrk")


class Gunicorn:
    def __init__(self, target: str, env: dict, workers: int):
        self.port = free_port()
        self.env = {**os.environ, **env, "CALCULATOR_BIND": f"127.0.0.1:{self.port}",
                    "CALCULATOR_WORKERS": str(workers)}
        self.target = target

    def __enter__(self):
        self.proc = subprocess.Popen([str(BIN / "gunicorn"), "-c", "python:calculator.gunicorn_conf", self.target],
                                     cwd=ROOT, env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.time() + 30
        while time.time() < deadline:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{self.port}/healthz", timeout=1)
                return self
            except urllib.error.HTTPError:
                return self  # the bare app has no /healthz: any HTTP answer means it is up
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("gunicorn did not start")

    def __exit__(self, *exc):
        self.proc.terminate()
        self.proc.wait(timeout=30)


def wrk(wrk_bin: str, url: str, script: str, seconds: int, connections: int) -> dict:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as fh:
        fh.write(script)
    out = subprocess.run([wrk_bin, f"-t{min(2, connections)}", f"-c{connections}", f"-d{seconds}s", "--latency", "--timeout", "10s",
                          "-s", fh.name, url], capture_output=True, text=True).stdout
    os.unlink(fh.name)

    def ms(label):
        m = re.search(rf"^\s+{label}%\s+([\d.]+)(us|ms|s)\s*$", out, re.M)
        if not m:
            return None
        v, unit = float(m.group(1)), m.group(2)
        return v / 1000 if unit == "us" else v * 1000 if unit == "s" else v
    rps = re.search(r"Requests/sec:\s+([\d.]+)", out)
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    sock = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    errors = (int(non2xx.group(1)) if non2xx else 0) + (sum(map(int, sock.groups())) if sock else 0)
    total = re.search(r"(\d+) requests in", out)
    return {"rps": float(rps.group(1)) if rps else 0.0, "p50": ms("50"), "p99": ms("99"), "errors": errors,
            "requests": int(total.group(1)) if total else 0, "raw": out}


POST_SCRIPT = f"""wrk.method = "POST"
wrk.body = {json.dumps(BODY)}
wrk.headers["Content-Type"] = "application/json"
"""

MIX_SCRIPT = POST_SCRIPT + f"""
local paths = {{"/en/", "/zh/beijing/", "/en/beijing/result?{RESULT_QS}", "/zh/beijing/result?{RESULT_QS}",
               "/api/v1/score", "/api/v1/cities"}}
local i = 0
request = function()
  i = i + 1
  local p = paths[(i % #paths) + 1]
  if p == "/api/v1/score" then
    return wrk.format("POST", p)
  end
  return wrk.format("GET", p, {{}}, nil)
end
"""

RESULT_SCRIPT = f"""request = function() return wrk.format("GET", "/en/beijing/result?{RESULT_QS}") end
"""


def run() -> list[str]:
    wrk_bin = ensure_wrk()
    if not wrk_bin:
        return ["wrk is not available (apt-get install wrk): server benchmarks not run"]
    workers = 2 * (os.cpu_count() or 1) + 1
    lines = []
    with tempfile.TemporaryDirectory() as tmp:
        env = {"CALCULATOR_SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp}/bench.db",
               "CALCULATOR_API_RATE_LIMIT": "100000000/minute", "CALCULATOR_JSON_LOGS": "false"}
        subprocess.run([str(BIN / "flask"), "--app", "wsgi", "init-db"], cwd=ROOT, env={**os.environ, **env},
                       capture_output=True, check=True)
        # Both servers up at once, measured alternately in short rounds: this machine's speed
        # drifts by a third from minute to minute, and a ratio of two runs minutes apart drifts too.
        with Gunicorn("wsgi:app", env, workers) as ga, Gunicorn("benchmarks.bare_app:app", env, workers) as gb:
            rounds = []
            for _ in range(ROUNDS):
                ours = wrk(wrk_bin, f"http://127.0.0.1:{ga.port}/api/v1/score", POST_SCRIPT, 5, 50)
                bare = wrk(wrk_bin, f"http://127.0.0.1:{gb.port}/api/v1/score", POST_SCRIPT, 5, 50)
                rounds.append((ours, bare, ours["rps"] / bare["rps"] if bare["rps"] else 0))
        rounds.sort(key=lambda r: r[2])
        ours, bare, ratio = rounds[len(rounds) // 2]
        lines.append(f"POST /api/v1/score under gunicorn ({workers} workers, 50 connections, {ROUNDS} alternating "
                     f"rounds of 5 s, median round): {ours['rps']:.0f} req/s, p50 {ours['p50']} ms, "
                     f"p99 {ours['p99']} ms, {sum(r[0]['errors'] for r in rounds)} errors")
        lines.append(f"bare Flask JSON endpoint, served the same way in the same rounds: {bare['rps']:.0f} req/s")
        lines.append(f"  ratio {ratio:.2f} (rounds: {', '.join(f'{r[2]:.2f}' for r in rounds)}) "
                     f"[budget >= 0.50: {'within' if ratio >= 0.5 else 'OVER'}]")
        with Gunicorn("wsgi:app", env, workers) as g:
            mix = wrk(wrk_bin, f"http://127.0.0.1:{g.port}", MIX_SCRIPT, LOAD_SECONDS, CONNECTIONS)
            res = wrk(wrk_bin, f"http://127.0.0.1:{g.port}", RESULT_SCRIPT, max(10, LOAD_SECONDS // 3), CONNECTIONS)
        lines.append(f"load test, {CONNECTIONS} connections for {LOAD_SECONDS} s, mix of home, city, result (zh/en) "
                     f"and API requests: {mix['requests']} requests, {mix['rps']:.0f} req/s, p50 {mix['p50']} ms, "
                     f"p99 {mix['p99']} ms, {mix['errors']} errors [budget 0 errors: "
                     f"{'within' if mix['errors'] == 0 else 'OVER'}]")
        lines.append(f"result pages only, {CONNECTIONS} connections: {res['rps']:.0f} req/s, p50 {res['p50']} ms, "
                     f"p99 {res['p99']} ms, {res['errors']} errors [budget p99 < 200 ms: "
                     f"{'within' if (res['p99'] or 1e9) < 200 else 'OVER'}]")
    return lines
