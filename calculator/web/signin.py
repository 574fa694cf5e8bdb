"""The console's sign-in throttle: per account and per address, with a progressive delay.

Per account (all addresses together): ADMIN_LOGIN_FREE_FAILURES attempts, then one attempt per
delay, doubling from 1 s to ADMIN_LOGIN_MAX_DELAY. No hard lock: whoever guesses, the official
waits at most ADMIN_LOGIN_MAX_DELAY seconds per try, and a guesser gets one try per that time.
Per address: ADMIN_LOGIN_ADDRESS_LIMIT failed sign-ins over any accounts (password spraying).
A browser that has signed in as that user before carries a signed device cookie and skips both,
with its own limit (ADMIN_LOGIN_DEVICE_LIMIT): someone guessing from the same office network
cannot keep that official out (OWASP's "device cookies").

Attempts are counted before the password is checked and given back on success, so concurrent
guesses are counted as they arrive. Counters are ratelimit.counters(): shared through Redis.
"""
from __future__ import annotations

import hashlib
import time

from flask import current_app, request
from itsdangerous import BadSignature, URLSafeTimedSerializer

from .ratelimit import counters, hit, parse, too_many

DEVICE_COOKIE = "calc_device"
DEVICE_DAYS = 180


def _cfg(name, default):
    return current_app.config.get(name, default)


def _account(kind: str, name: str) -> str:
    return f"{kind}|" + hashlib.sha256(name.casefold().strip().encode()).hexdigest()[:24]


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.secret_key, salt="console-device")


def known_device(username: str) -> str | None:
    """The device id if this browser signed in as `username` before (signed cookie), else None."""
    raw = request.cookies.get(DEVICE_COOKIE)
    if not raw:
        return None
    try:
        data = _serializer().loads(raw, max_age=DEVICE_DAYS * 86400)
    except BadSignature:
        return None
    if not isinstance(data, dict) or data.get("u") != username.casefold().strip():
        return None
    return str(data.get("d", ""))[:32] or None


def remember_device(resp, username: str, device: str | None = None):
    import secrets
    token = _serializer().dumps({"u": username.casefold().strip(), "d": device or secrets.token_hex(8)})
    resp.set_cookie(DEVICE_COOKIE, token, max_age=DEVICE_DAYS * 86400, path="/admin/", httponly=True,
                    samesite="Strict", secure=current_app.config.get("SESSION_COOKIE_SECURE", False))
    return resp


class Attempt:
    """One attempt at a secret (sign-in or current password), counted on creation (before the
    check). `succeeded()` gives the counts back; a failure leaves them."""

    def __init__(self, kind: str, account_name: str, device: str | None = None):
        self.store = counters()
        self.account = _account(kind, account_name)
        self.device = device
        self.undo: list[tuple[str, int]] = []
        now = time.time()
        if device:
            limit, period = parse(_cfg("ADMIN_LOGIN_DEVICE_LIMIT", "5/minute"))
            wait = hit(f"{self.account}|dev|{device}", limit, period, now=now, store=self.store)
            if wait is not None:
                too_many(wait)
            return
        limit, period = parse(_cfg("ADMIN_LOGIN_ADDRESS_LIMIT", "10/minute"))
        addr_key = f"signin-addr|{request.remote_addr}|{int(now // period)}"
        if self.store.incr(addr_key, period, 1, now=now) > limit:
            self.store.incr(addr_key, period, -1, now=now)
            too_many((int(now // period) + 1) * period - now)
        self.undo.append((addr_key, period))
        fails_key = f"{self.account}|fails"
        memory = int(_cfg("ADMIN_LOGIN_FAILURE_MEMORY", 3600))
        n = self.store.incr(fails_key, memory, 1, now=now)
        free = int(_cfg("ADMIN_LOGIN_FREE_FAILURES", 5))
        if n >= free:
            delay = min(2 ** (n - free), int(_cfg("ADMIN_LOGIN_MAX_DELAY", 60)))
            hold_key = f"{self.account}|hold"
            if self.store.incr(hold_key, delay, 1, now=now) > 1:  # someone took this slot
                self.store.incr(fails_key, memory, -1, now=now)
                self.store.incr(addr_key, period, -1, now=now)
                too_many(self.store.get_expiry(hold_key) - now)
        self.fails_key = fails_key

    def succeeded(self):
        for key, period in self.undo:
            self.store.incr(key, period, -1)
        if not self.device:
            self.store.clear(self.fails_key)
            self.store.clear(f"{self.account}|hold")
