"""Through nginx (make serve-prod: nginx, gunicorn with 2 workers, counters in Redis): batch scoring throughput, the 200-connection load test, slow-body clients vs /healthz."""
from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import tempfile
import threading
import time
import urllib.request

from .server import BIN, FACTS, LOAD_SECONDS, ROOT, ensure_wrk, free_port, load_test, wrk

WORKERS = 2
BATCH_ROWS = 1000
SLOW_CLIENTS = 50
SLOW_SECONDS = 15


def batch_body() -> str:
    rows = [{**FACTS, "social_insurance_months": 100 + i % 75, "residence_owned_days": 2000 + (i * 37) % 2500,
             "income_tax_years_over_100k": i % 4} for i in range(BATCH_ROWS)]
    return json.dumps({"city": "beijing", "as_of": "2022-06-30", "applicants": rows})


class Deployment:
    """deploy/serve-prod.sh on free loopback ports, a throwaway SQLite database and run folder."""

    def __init__(self, tmp: str, workers: int):
        self.port, self.app_port, self.redis_port = free_port(), free_port(), free_port()
        self.env = {**os.environ, "BIN": str(BIN), "CALCULATOR_LISTEN": f"127.0.0.1:{self.port}",
                    "CALCULATOR_APP_PORT": str(self.app_port), "CALCULATOR_REDIS_PORT": str(self.redis_port),
                    "CALCULATOR_WORKERS": str(workers), "CALCULATOR_INSTANCES": "1", "CALCULATOR_RUN_DIR": f"{tmp}/run",
                    "CALCULATOR_SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp}/bench.db",
                    "CALCULATOR_SECRET_KEY": "bench-" + "x" * 40,
                    # every request comes from one address: only the per-client limits are lifted
                    "CALCULATOR_API_RATE_LIMIT": "100000000/minute", "CALCULATOR_API_ROW_RATE_LIMIT": "10000000000/minute"}
        self.env.pop("CALCULATOR_REDIS_URL", None)
        self.log = open(f"{tmp}/serve.log", "wb")

    def __enter__(self):
        self.proc = subprocess.Popen(["bash", "deploy/serve-prod.sh"], cwd=ROOT, env=self.env, stdout=self.log,
                                     stderr=self.log, start_new_session=True)
        deadline = time.time() + 120
        while time.time() < deadline:
            try:
                if urllib.request.urlopen(f"http://127.0.0.1:{self.port}/healthz", timeout=2).status == 200:
                    return self
            except OSError:
                time.sleep(0.3)
        raise RuntimeError("the deployment did not start")

    def __exit__(self, *exc):
        os.killpg(self.proc.pid, signal.SIGTERM)
        self.proc.wait(timeout=60)
        self.log.close()


def slow_bodies(port: int, n: int, seconds: float, stop: threading.Event):
    """n clients that announce a 2 KB JSON body and send one byte a second."""
    socks = []
    for _ in range(n):
        s = socket.create_connection(("127.0.0.1", port))
        s.sendall(b"POST /api/v1/score HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                  b"Content-Length: 2048\r\n\r\n{")
        socks.append(s)
    while not stop.wait(1.0):
        for s in socks:
            try:
                s.sendall(b" ")
            except OSError:
                pass
    for s in socks:
        s.close()


def healthz_latencies(port: int, seconds: float) -> list[float]:
    out = []
    end = time.time() + seconds
    while time.time() < end:
        t0 = time.perf_counter()
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=30) as r:
            r.read()
        out.append((time.perf_counter() - t0) * 1000)
        time.sleep(0.05)
    return out


def run() -> list[str]:
    wrk_bin = ensure_wrk()
    if not wrk_bin:
        return ["wrk is not available (apt-get install wrk): deployment benchmarks not run"]
    lines = []
    with tempfile.TemporaryDirectory() as tmp, Deployment(tmp, WORKERS) as d:
        url = f"http://127.0.0.1:{d.port}"
        script = (f'wrk.method = "POST"\nwrk.body = {json.dumps(batch_body())}\n'
                  'wrk.headers["Content-Type"] = "application/json"\n')
        wrk(wrk_bin, f"{url}/api/v1/score/batch", script, 3, 4)  # warm up
        b = wrk(wrk_bin, f"{url}/api/v1/score/batch", script, 10, 4)
        rate = b["rps"] * BATCH_ROWS
        lines.append(f"POST /api/v1/score/batch through nginx ({WORKERS} workers, {BATCH_ROWS} applicants a request, "
                     f"4 connections, 10 s): {rate:,.0f} applicants/s ({b['rps']:.1f} req/s, p50 {b['p50']} ms, "
                     f"p99 {b['p99']} ms, {b['errors']} errors) [budget >= 20,000/s: "
                     f"{'within' if rate >= 20000 and b['errors'] == 0 else 'OVER'}]")

        quiet = healthz_latencies(d.port, 3)
        stop = threading.Event()
        t = threading.Thread(target=slow_bodies, args=(d.port, SLOW_CLIENTS, SLOW_SECONDS, stop))
        t.start()
        time.sleep(1)
        try:
            lat = healthz_latencies(d.port, SLOW_SECONDS)
        finally:
            stop.set()
            t.join()
        worst = max(lat)
        lines.append(f"{SLOW_CLIENTS} slow-body clients (1 byte/s) for {SLOW_SECONDS} s: /healthz worst {worst:.1f} ms, "
                     f"median {sorted(lat)[len(lat) // 2]:.1f} ms over {len(lat)} requests (quiet: worst "
                     f"{max(quiet):.1f} ms) [budget <= 100 ms: {'within' if worst <= 100 else 'OVER'}]")

        mix = load_test(wrk_bin, url, LOAD_SECONDS, 200)
        total = sum(m["requests"] for m in mix.values())
        errors = sum(m["errors"] for m in mix.values())
        lines.append(f"load test through nginx: 200 connections for {LOAD_SECONDS} s, pages, results and API at once: "
                     f"{total} requests, {total / LOAD_SECONDS:.0f} req/s, {errors} errors "
                     f"[budget 0 errors: {'within' if errors == 0 else 'OVER'}]")
        for name, m in mix.items():
            lines.append(f"  {name:8s} {m['connections']} connections: {m['requests']} requests, {m['rps']:.0f} req/s, "
                         f"p50 {m['p50']} ms, p99 {m['p99']} ms, {m['errors']} errors")
    return lines
