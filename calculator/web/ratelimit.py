"""Rate limits: the API's per-client limits and the console's sign-in throttle, on shared counters.

Counters live in one store for the whole deployment when CALCULATOR_REDIS_URL is set (Redis,
through the `limits` library's storage: every increment is one atomic Lua call, so W workers on
N machines share one count). Without it they live in this process (`make run`, tests): a
lock-guarded dict, kept instead of `limits`' MemoryStorage because that one starts a timer thread
every 10 ms under load, which cost the scoring endpoint a third of its throughput.

Every check counts first and compares after (an atomic increment), so 20 concurrent requests
cannot all pass a check that each of them read before any of them counted.
"""
from __future__ import annotations

import math
import threading
import time
from functools import lru_cache

from flask import current_app, request
from werkzeug.exceptions import TooManyRequests

PERIODS = {"second": 1, "minute": 60, "hour": 3600, "day": 86400}


@lru_cache(maxsize=16)
def parse(limit: str) -> tuple[int, int]:
    """"120/minute" -> (120, 60)."""
    count, _, period = limit.replace(" per ", "/").partition("/")
    return int(count), PERIODS[period.strip().rstrip("s")]


class MemoryCounters:
    """Counters with an expiry, in this process. The same three calls as the Redis store."""

    def __init__(self):
        self.lock = threading.Lock()
        self.data: dict[str, list] = {}  # key -> [expires_at, count]

    def incr(self, key: str, expiry: int, amount: int = 1, now: float | None = None) -> int:
        now = time.time() if now is None else now
        with self.lock:
            slot = self.data.get(key)
            if slot is None or slot[0] <= now:
                slot = self.data[key] = [now + expiry, 0]
                if len(self.data) > 100_000:  # forget what has expired
                    self.data = {k: v for k, v in self.data.items() if v[0] > now}
                    self.data[key] = slot
            slot[1] += amount
            return slot[1]

    def get(self, key: str, now: float | None = None) -> int:
        now = time.time() if now is None else now
        slot = self.data.get(key)
        return slot[1] if slot is not None and slot[0] > now else 0

    def get_expiry(self, key: str) -> float:
        slot = self.data.get(key)
        return slot[0] if slot is not None else time.time()

    def clear(self, key: str):
        with self.lock:
            self.data.pop(key, None)


class RedisCounters:
    """The same calls on Redis, through `limits`' storage (atomic INCRBY + EXPIRE in Lua)."""

    def __init__(self, url: str):
        from limits.storage import storage_from_string
        self.storage = storage_from_string(url)

    def incr(self, key: str, expiry: int, amount: int = 1, now: float | None = None) -> int:
        return self.storage.incr(key, max(1, math.ceil(expiry)), amount)

    def get(self, key: str, now: float | None = None) -> int:
        return self.storage.get(key)

    def get_expiry(self, key: str) -> float:
        return self.storage.get_expiry(key)

    def clear(self, key: str):
        self.storage.clear(key)


def counters() -> MemoryCounters | RedisCounters:
    """This app's store: Redis when REDIS_URL is configured, else in this process."""
    store = current_app.extensions.get("rate_counters")
    if store is None:
        url = current_app.config.get("REDIS_URL")
        store = current_app.extensions["rate_counters"] = RedisCounters(url) if url else MemoryCounters()
    return store


def hit(key: str, limit: int, period: int, cost: int = 1, now: float | None = None,
        store=None) -> float | None:
    """Count `cost` in the current fixed window of `key`; None if within `limit`, else the
    seconds until the window resets (what was counted stays counted: over is over)."""
    now = time.time() if now is None else now
    store = counters() if store is None else store
    window = int(now // period)
    used = store.incr(f"{key}|{window}", period, cost, now=now)
    if used > limit:
        return (window + 1) * period - now
    return None


def too_many(wait: float):
    exc = TooManyRequests()
    exc.retry_after = max(1, math.ceil(wait))
    raise exc


def check_api_limit():
    """before_request for the API blueprint: requests per client and period."""
    if request.method == "OPTIONS":
        return None
    limit, period = parse(current_app.config["API_RATE_LIMIT"])
    wait = hit(f"api|{request.remote_addr}", limit, period)
    if wait is not None:
        too_many(wait)
    return None


def charge_rows(rows: int):
    """Applicants scored by one request, against the client's row budget (API_ROW_RATE_LIMIT):
    a batch of 1,000 costs 1,000 where /score costs one."""
    limit, period = parse(current_app.config["API_ROW_RATE_LIMIT"])
    wait = hit(f"rows|{request.remote_addr}", limit, period, cost=rows)
    if wait is not None:
        too_many(wait)
