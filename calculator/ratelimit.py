"""A per-client, fixed-window rate limit for the API, answering 429 with Retry-After.

Also limits failed sign-ins to the officials' console. Written here rather than taken from
Flask-Limiter for the hot path: its in-memory storage starts a
timer thread every 10 ms under load, which cost the scoring endpoint a third of its throughput.
Counts are per process (as with any in-memory store): with W gunicorn workers a client can make
up to W times the limit; put a shared limiter in the proxy when that matters.
"""
from __future__ import annotations

import math
from functools import lru_cache
import threading
import time

from flask import current_app, request
from werkzeug.exceptions import TooManyRequests

PERIODS = {"second": 1, "minute": 60, "hour": 3600, "day": 86400}


@lru_cache(maxsize=16)
def parse(limit: str) -> tuple[int, int]:
    count, _, period = limit.partition("/")
    return int(count), PERIODS[period.strip().rstrip("s")]


class FixedWindow:
    def __init__(self):
        self.lock = threading.Lock()
        self.windows: dict[str, tuple[int, int]] = {}

    def hit(self, key: str, limit: int, period: int, now: float | None = None) -> float | None:
        """Count one request; None if allowed, else the seconds until the window resets."""
        now = time.time() if now is None else now
        window = int(now // period)
        with self.lock:
            start, count = self.windows.get(key, (window, 0))
            if start != window:
                start, count = window, 0
            if count >= limit:
                return (window + 1) * period - now
            self.windows[key] = (start, count + 1)
            if len(self.windows) > 100_000:  # forget clients of past windows
                self.windows = {k: v for k, v in self.windows.items() if v[0] == window}
        return None


    def exhausted(self, key: str, limit: int, period: int, now: float | None = None) -> float | None:
        """Seconds until the window resets if `key` has used its limit, else None (counts nothing)."""
        now = time.time() if now is None else now
        window = int(now // period)
        with self.lock:
            start, count = self.windows.get(key, (window, 0))
        if start == window and count >= limit:
            return (window + 1) * period - now
        return None


def windows() -> FixedWindow:
    return current_app.extensions.setdefault("rate_windows", FixedWindow())  # per app, per process


def too_many(wait: float):
    exc = TooManyRequests()
    exc.retry_after = max(1, math.ceil(wait))
    raise exc


def check_api_limit():
    """before_request for the API blueprint."""
    if request.method == "OPTIONS":
        return None
    limit, period = parse(current_app.config["API_RATE_LIMIT"])
    wait = windows().hit(f"api|{request.remote_addr}|{limit}/{period}", limit, period)
    if wait is not None:
        too_many(wait)
    return None
