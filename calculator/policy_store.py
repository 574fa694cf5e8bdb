"""The policy the web layer uses: shipped vocabulary and cities, scheme versions from the database.

Published versions never change, so each is compiled once per process (keyed by id and checksum).
The set of versions is re-read when a publish changes it: one small query per request tells.
"""
from __future__ import annotations

import json
import threading

from flask import g

from .core.policy import Policy, default_policy
from .core.schemes import Scheme, load_scheme
from .extensions import db
from .models import SchemeVersion

_compiled: dict[tuple[str, str], Scheme] = {}
_policies: dict[tuple, Policy] = {}
_lock = threading.Lock()


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
    base = default_policy()
    rows = db.session.execute(
        db.select(SchemeVersion.id, SchemeVersion.checksum).where(SchemeVersion.status == "published")
        .order_by(SchemeVersion.id)).all()
    if not rows:
        g.policy = base
        return base
    key = tuple((r.id, r.checksum) for r in rows)
    pol = _policies.get(key)
    if pol is None:
        full = db.session.execute(db.select(SchemeVersion).where(SchemeVersion.status == "published")).scalars()
        pol = Policy(base.vocab, base.cities, [compiled(r, base.vocab) for r in full])
        with _lock:
            _policies.clear()
            _policies[key] = pol
    g.policy = pol
    return pol
