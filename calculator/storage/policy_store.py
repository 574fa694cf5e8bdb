"""The policy the web layer uses: shipped vocabulary and cities, scheme versions from the database.

Published versions never change, so each is compiled once per process (keyed by id and checksum).
The set of versions is re-read when a publish changes it: one small query per request tells.
"""
from __future__ import annotations

import json
import threading
import time

from flask import current_app, g
from sqlalchemy.exc import SQLAlchemyError

from ..core.policy import Policy, default_policy
from ..core.errors import SchemeError
from ..core.schemes import Scheme, load_scheme
from ..web.extensions import db
from .models import SchemeVersion

_compiled: dict[tuple[str, str], Scheme] = {}
_policies: dict[tuple, Policy] = {}
_lock = threading.Lock()
# How long a process trusts its view of which versions are published before asking the
# database again. A publish in this process refreshes at once (invalidate); other processes
# follow within this many seconds (POLICY_RECHECK_SECONDS; half a second, so another machine
# serves a publish within a second). Keeps the database off the scoring hot path.
RECHECK_SECONDS = 0.5


def _cache() -> dict:
    """Per application (so each test's fresh app starts fresh), per process."""
    return current_app.extensions.setdefault("policy_cache", {"at": -1e9, "policy": None})


def invalidate():
    """After a publish: this process re-reads the published set at its next use, including later
    in the same request or app context (g.policy goes too)."""
    _cache()["at"] = -1e9
    g.pop("policy", None)


def compiled(row: SchemeVersion, vocab) -> Scheme:
    key = (row.id, row.checksum)
    s = _compiled.get(key)
    if s is None:
        s = load_scheme(json.loads(row.document), vocab)
        with _lock:
            _compiled[key] = s
    return s


def current_policy() -> Policy:
    """Files' vocabulary and cities with the published versions in the database (or the shipped
    files when the database holds none yet)."""
    if "policy" in g:
        return g.policy
    now = time.monotonic()
    cache = _cache()
    if cache["policy"] is not None and now - cache["at"] < current_app.config.get("POLICY_RECHECK_SECONDS",
                                                                                RECHECK_SECONDS):
        g.policy = cache["policy"]
        return g.policy
    g.policy = cache["policy"] = _load_current()
    cache["at"] = now
    return g.policy


def _load_current() -> Policy:
    base = default_policy()
    rows = db.session.execute(
        db.select(SchemeVersion.id, SchemeVersion.checksum).where(SchemeVersion.status == "published")
        .order_by(SchemeVersion.id)).all()
    if not rows:
        return base
    key = tuple((r.id, r.checksum) for r in rows)
    pol = _policies.get(key)
    if pol is None:
        full = db.session.execute(db.select(SchemeVersion).where(SchemeVersion.status == "published")).scalars()
        schemes = []
        for r in full:
            try:
                schemes.append(compiled(r, base.vocab))
            except SchemeError as e:  # one bad stored version must not take every city down
                current_app.logger.error("scheme version %s does not load and is skipped: %s", r.id, e)
        pol = Policy(base.vocab, base.cities, schemes)
        with _lock:
            _policies.clear()
            _policies[key] = pol
    return pol


def policy_or_shipped() -> Policy:
    """The published versions, as the API scores with; the shipped scheme files if the database
    cannot be read (not set up yet, or down), so the public calculator keeps working."""
    try:
        return current_policy()
    except SQLAlchemyError:
        db.session.rollback()
        current_app.logger.warning("scheme versions unreadable: public pages use the shipped files")
        g.policy = default_policy()
        return g.policy
