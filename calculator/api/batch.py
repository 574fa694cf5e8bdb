"""POST /api/v1/score/batch: up to 1,000 applicants in one city per request, for developers who
score from their own systems (a portal's case management, a bureau's pre-check of a list).

Each row is validated exactly as /score validates `facts` (the same vocabulary, types and
cross-checks, the same error codes and messages, with the row in the field path), and the valid
rows are scored together by the batch engine (simulation/batch.py: NumPy, equal to the
per-applicant engine to the hundredth). Each scored applicant counts against the client's row
budget (API_ROW_RATE_LIMIT), so a batch costs what its rows would cost one by one.
"""
from __future__ import annotations

import threading

from flask import jsonify, request

from ..core.errors import FieldError, InputError
from ..core.scoring import UNANSWERED, UNMET, prerequisite_outcomes
from ..web.i18n import field_message
from ..storage.policy_store import current_policy
from ..web.ratelimit import charge_rows
from ..wording.serialize import scheme_summary
from ..simulation.batch import BatchScheme, Population
from .problems import invalid, pointer

MAX_ROWS = 1000
_compiled: dict[str, tuple] = {}  # scheme id -> (scheme, BatchScheme): compiled once per version
_lock = threading.Lock()


def batch_scheme(scheme, vocab) -> BatchScheme:
    hit = _compiled.get(scheme.id)
    if hit is not None and hit[0] is scheme:
        return hit[1]
    compiled = BatchScheme(scheme, vocab)
    with _lock:
        if len(_compiled) > 256:
            _compiled.clear()
        _compiled[scheme.id] = (scheme, compiled)
    return compiled


def units(value: int, places: int) -> str:
    """Integer units of 10^-places as the API's points string ("105.42")."""
    if places == 0:
        return f"{value}.00"
    sign = "-" if value < 0 else ""
    whole, frac = divmod(abs(int(value)), 10 ** places)
    text = f"{sign}{whole}.{frac:0{places}d}"
    return text if places >= 2 else text + "0" * (2 - places)


class Points(dict):
    """units() remembered: item points repeat across applicants (most items take a few values)."""

    def __init__(self, places: int):
        super().__init__()
        self.places = places

    def __missing__(self, value: int) -> str:
        text = self[value] = units(value, self.places)
        return text


def row_errors(exc: InputError, lang: str) -> list[dict]:
    return [{"field": e.field, "pointer": pointer(e.field), "code": e.code, "message": field_message(e, lang)}
            for e in exc.errors]


def score_batch(body: dict, lang: str, parse_as_of):
    """The whole answer for a validated request body (dict with city, applicants)."""
    policy = current_policy()
    errors = []
    city = body.get("city")
    if not isinstance(city, str):
        errors.append(FieldError("city", "missing"))
    rows = body.get("applicants")
    if not isinstance(rows, list) or not rows or len(rows) > MAX_ROWS:
        errors.append(FieldError("applicants", "bad_applicants", {"max": MAX_ROWS}))
    if errors:
        raise InputError(errors)
    as_of = parse_as_of(body.get("as_of"))
    scheme = policy.resolve(city, as_of, body.get("scheme"))
    charge_rows(len(rows))
    needed = scheme.facts
    valid, out = [], [None] * len(rows)
    for i, raw in enumerate(rows):
        try:
            facts, blank = policy.vocab.validate_answers(raw, as_of, needed=needed, prefix=f"applicants.{i}",
                                                         strict=True)
        except InputError as exc:
            out[i] = {"index": i, "errors": row_errors(exc, lang)}
        else:
            valid.append((i, facts, blank))
    if valid:
        facts_list = [f for _, f, _ in valid]
        pop = Population.from_facts(facts_list, policy.vocab, set(needed))
        items, total = batch_scheme(scheme, policy.vocab).score(pop, as_of)
        places = scheme.places
        ids = [it.id for it in scheme.items]
        threshold = None if scheme.threshold is None else round(scheme.threshold * 10 ** places)
        text = Points(places)
        items_t = items.T.tolist()
        totals = total.tolist()
        for k, (i, facts, blank) in enumerate(valid):
            # the three statuses of /score: a condition decided only by a blank answer is unanswered
            outcomes = prerequisite_outcomes(scheme, facts, as_of, blank)
            unmet = [o.prerequisite.id for o in outcomes if o.status == UNMET]
            unanswered = [o.prerequisite.id for o in outcomes if o.status == UNANSWERED]
            eligible = not unmet and not unanswered and (threshold is None or totals[k] >= threshold)
            out[i] = {"index": i, "total": text[totals[k]], "eligible": eligible,
                      "unmet_prerequisites": unmet, "unanswered_prerequisites": unanswered,
                      "items": dict(zip(ids, map(text.__getitem__, items_t[k])))}
    return {"city": city, "scheme": scheme_summary(scheme, lang), "as_of": as_of.isoformat(),
            "total_is_partial": scheme.partial, "count": len(rows), "scored": len(valid), "results": out}


def view(request_lang, parse_as_of, body_checks):
    raw = request.get_json(silent=True)
    lang = request_lang(raw)
    try:
        if not isinstance(raw, dict):
            raise InputError([FieldError("body", "bad_json")])
        body_checks(raw)
        return jsonify(score_batch(raw, lang, parse_as_of))
    except InputError as exc:
        return invalid(exc, lang)
