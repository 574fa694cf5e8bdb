"""`make test-multi`: two app instances on one PostgreSQL and one Redis, behind nginx, on loopback,
started by the real deploy/serve-prod.sh. Shows what a multi-machine deployment needs: a limit
holds across both instances, a version published through one is served by the other within a
second, and a logout through one ends the session in the other.

Needs CALCULATOR_TEST_DATABASE_URL (a PostgreSQL; .ci/postgres.sh provides a throwaway one).
"""
from __future__ import annotations

import datetime as dt
import http.client
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
PASSWORD = "quiet lantern over nine hills"
FACTS = {"birth_date": "1975-06-15", "sex": "male", "holds_residence_permit": True,
         "social_insurance_months": 174, "residence_owned_days": 4532, "education": "master",
         "degree": "master", "study_overlap_months": 36, "relocated_job_and_residence_years": 4,
         "income_tax_years_over_100k": 1}


def free_ports(n: int) -> list[int]:
    """n consecutive free loopback ports (the instances take APP_PORT, APP_PORT + 1, ...)."""
    for _ in range(50):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            base = s.getsockname()[1]
        try:
            socks = []
            for p in range(base, base + n):
                s = socket.socket()
                s.bind(("127.0.0.1", p))
                socks.append(s)
            for s in socks:
                s.close()
            return list(range(base, base + n))
        except OSError:
            for s in socks:
                s.close()
    raise RuntimeError("no free ports")


class Browser:
    """A client with its own cookies, speaking to one port (nginx or one instance)."""

    def __init__(self, port: int, cookies: dict | None = None, client: str | None = None):
        """`client`: the address nginx would forward for this browser (X-Forwarded-For), when
        speaking to an instance directly."""
        self.port, self.cookies, self.client = port, dict(cookies or {}), client

    def request(self, method, path, body=None, headers=None):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        h = {"Host": "127.0.0.1", **({"X-Forwarded-For": self.client} if self.client else {}), **(headers or {})}
        if self.cookies:
            h["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if isinstance(body, dict):
            body = urllib.parse.urlencode(body)
            h["Content-Type"] = "application/x-www-form-urlencoded"
        conn.request(method, path, body=body, headers=h)
        r = conn.getresponse()
        data = r.read()
        for name, value in r.getheaders():
            if name.lower() == "set-cookie":
                k, _, v = value.split(";", 1)[0].partition("=")
                if v:
                    self.cookies[k] = v
                else:
                    self.cookies.pop(k, None)
        conn.close()
        return r.status, dict(r.getheaders()), data.decode("utf-8", "replace")

    def token(self, path):
        status, _, html = self.request("GET", path)
        m = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html) or \
            re.search(r'value="([^"]+)"[^>]*name="csrf_token"', html)
        assert m, (path, status, html[:300])
        return m.group(1)

    def sign_in(self, user="bj", password=PASSWORD):
        token = self.token("/admin/en/login")
        status, headers, _ = self.request("POST", "/admin/en/login",
                                          {"csrf_token": token, "username": user, "password": password})
        return status

    def score(self, as_of):
        status, _, text = self.request("POST", "/api/v1/score", json.dumps(
            {"city": "beijing", "as_of": as_of, "facts": FACTS}), {"Content-Type": "application/json"})
        return status, (json.loads(text) if status == 200 else None)


@pytest.fixture(scope="module")
def deployment(tmp_path_factory):
    url = os.environ.get("CALCULATOR_TEST_DATABASE_URL", "")
    if not url.startswith("postgresql"):
        pytest.fail("make test-multi runs this against PostgreSQL (CALCULATOR_TEST_DATABASE_URL, .ci/postgres.sh)")
    nginx_port, redis_port, a, b = free_ports(4)
    run = tmp_path_factory.mktemp("run")
    env = {**os.environ, "CALCULATOR_SQLALCHEMY_DATABASE_URI": url, "CALCULATOR_INSTANCES": "2",
           "CALCULATOR_WORKERS": "1", "CALCULATOR_APP_PORT": str(a), "CALCULATOR_LISTEN": f"127.0.0.1:{nginx_port}",
           "CALCULATOR_REDIS_PORT": str(redis_port), "CALCULATOR_RUN_DIR": str(run), "CALCULATOR_CONFIG": "production",
           "CALCULATOR_SECRET_KEY": "multi-instance-test-secret-" + "x" * 20, "CALCULATOR_API_RATE_LIMIT": "10/minute",
           "CALCULATOR_TRUSTED_HOSTS": '["127.0.0.1", "localhost"]', "BIN": str(BIN)}
    env.pop("CALCULATOR_REDIS_URL", None)
    log = open(run / "serve.log", "wb")
    proc = subprocess.Popen(["bash", "deploy/serve-prod.sh"], cwd=ROOT, env=env, stdout=log, stderr=log,
                            start_new_session=True)
    try:
        deadline = time.time() + 120
        up = set()
        while up != {nginx_port, a, b}:
            assert proc.poll() is None, (run / "serve.log").read_text()[-3000:]
            assert time.time() < deadline, "the deployment did not start: " + (run / "serve.log").read_text()[-3000:]
            for port in {nginx_port, a, b} - up:
                try:
                    if Browser(port).request("GET", "/healthz")[0] == 200:
                        up.add(port)
                except OSError:
                    pass
            time.sleep(0.3)
        cli = subprocess.run([str(BIN / "flask"), "--app", "wsgi", "users", "create", "bj", "--role", "official",
                              "--city", "beijing", "--password", PASSWORD], cwd=ROOT, env=env,
                             capture_output=True, text=True)
        assert cli.returncode == 0, cli.stderr
        yield {"nginx": nginx_port, "a": a, "b": b, "log": run / "serve.log"}
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
        log.close()


def fresh_window(period=60, margin=5):
    """Start a limit test well inside a fixed window, so no reset falls in the middle of it."""
    left = period - time.time() % period
    if left < margin:
        time.sleep(left + 0.1)


def test_the_api_limit_holds_across_both_instances(deployment):
    fresh_window()
    a, b = Browser(deployment["a"], client="10.1.0.1"), Browser(deployment["b"], client="10.1.0.1")
    got = [(a if i % 2 else b).request("GET", "/api/v1/cities")[0] for i in range(10)]
    assert got == [200] * 10  # 5 on each: each alone would allow 10
    assert a.request("GET", "/api/v1/cities")[0] == 429
    status, headers, _ = b.request("GET", "/api/v1/cities")
    assert status == 429 and int(headers["Retry-After"]) >= 1


def test_through_nginx_a_rotating_x_forwarded_for_is_one_client(deployment):
    """nginx replaces whatever X-Forwarded-For the client sent: ten addresses are still one."""
    fresh_window()
    through = Browser(deployment["nginx"])
    statuses = [through.request("GET", "/api/v1/cities", headers={"X-Forwarded-For": f"10.9.{i}.1"})[0]
                for i in range(12)]
    assert statuses == [200] * 10 + [429, 429]


def test_sign_in_failures_count_across_both_instances(deployment):
    fresh_window()
    a, b = Browser(deployment["a"], client="10.3.0.1"), Browser(deployment["b"], client="10.3.0.1")
    got = [(a if i % 2 else b).sign_in(f"guess{i}", "wrong password here") for i in range(10)]
    assert got == [200] * 10
    assert a.sign_in("guess-a", "wrong password here") == 429
    assert b.sign_in("guess-b", "wrong password here") == 429


def test_a_publish_through_one_is_served_by_the_other_within_a_second(deployment):
    a, b = Browser(deployment["a"], client="10.2.0.1"), Browser(deployment["b"], client="10.2.0.2")
    assert a.sign_in() == 302
    day = (dt.date.today() + dt.timedelta(days=500)).isoformat()
    assert b.score(day)[1]["scheme"]["id"] == "beijing-2020"
    status, headers, _ = a.request("POST", "/admin/en/beijing/drafts", {"csrf_token": a.token("/admin/en/beijing/")})
    assert status == 302, status
    draft = urllib.parse.urlsplit(headers["Location"]).path.rstrip("/")
    token = a.token(draft + "/publish")
    status, _, _ = a.request("POST", draft + "/publish", {"csrf_token": token, "effective_from": day, "label": "multi"})
    published = time.monotonic()
    assert status == 302
    polls = 0
    while True:
        polls += 1
        b.client = f"10.2.{polls // 200}.{polls % 200 + 2}"  # many readers: the API limit is not what is tested here
        status, body = b.score(day)
        assert status == 200
        if body["scheme"]["id"] == "beijing-multi":
            break
        assert time.monotonic() - published < 1.0, "the other instance still serves the old version"
        time.sleep(0.02)
    print(f"served by the other instance {time.monotonic() - published:.3f} s after the publish answered")


def test_a_logout_through_one_ends_the_session_in_the_other(deployment):
    a = Browser(deployment["a"])
    assert a.sign_in() == 302
    b = Browser(deployment["b"], a.cookies)  # the same browser's cookie, its next request on the other
    assert b.request("GET", "/admin/en/beijing/")[0] == 200
    copy = dict(a.cookies)
    status, _, _ = a.request("POST", "/admin/en/logout", {"csrf_token": a.token("/admin/en/beijing/")})
    assert status == 302
    assert Browser(deployment["b"], copy).request("GET", "/admin/en/beijing/")[0] == 302
    assert "1975-06-15" not in deployment["log"].read_text()  # and no answers in any log line
