"""JSON API v1: score, cities. Bad input answers 400 with field-level messages, never 500."""
from __future__ import annotations

import datetime as dt

from flask import Blueprint, jsonify, request

from ..core.errors import FieldError, InputError
from ..core.policy import default_policy
from ..serialize import city_dict, errors_dict, result_dict

bp = Blueprint("api", __name__, url_prefix="/api/v1")


def _lang(body: dict | None = None) -> str:
    lang = (body or {}).get("lang") if isinstance(body, dict) else None
    if lang in ("zh", "en"):
        return lang
    arg = request.args.get("lang")
    if arg in ("zh", "en"):
        return arg
    return request.accept_languages.best_match(("zh", "en")) or "zh"


def _bad(exc: InputError, lang: str):
    return jsonify(errors_dict(exc, lang)), 400


def parse_as_of(value, field: str = "as_of") -> dt.date:
    if value is None:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise InputError([FieldError(field, "bad_date")]) from None


@bp.post("/score")
def score():
    body = request.get_json(silent=True)
    lang = _lang(body)
    if not isinstance(body, dict):
        return _bad(InputError([FieldError("body", "bad_json")]), lang)
    try:
        errors = []
        if not isinstance(body.get("city"), str):
            errors.append(FieldError("city", "missing"))
        if "facts" not in body:
            errors.append(FieldError("facts", "missing"))
        if body.get("lang") not in (None, "zh", "en"):
            errors.append(FieldError("lang", "bad_lang"))
        if errors:
            raise InputError(errors)
        as_of = parse_as_of(body.get("as_of"))
        scheme_id = body.get("scheme")
        policy = default_policy()
        result, expl = policy.evaluate(body["city"], body["facts"], as_of,
                                       scheme_id if isinstance(scheme_id, str) else None)
    except InputError as exc:
        return _bad(exc, lang)
    return jsonify(result_dict(result, expl, policy, lang))


@bp.get("/cities")
def cities():
    lang = _lang()
    policy = default_policy()
    return jsonify({"cities": [city_dict(c, policy, lang) for c in policy.cities.values()]})


@bp.get("/cities/<city_id>")
def city(city_id: str):
    lang = _lang()
    policy = default_policy()
    if city_id not in policy.cities:
        return _bad(InputError([FieldError("city", "unknown_city", {"city": city_id})]), lang)[0], 404
    return jsonify(city_dict(policy.cities[city_id], policy, lang, detail=True))


@bp.get("/schemes/<scheme_id>")
def scheme(scheme_id: str):
    from ..serialize import scheme_detail
    lang = _lang()
    policy = default_policy()
    s = policy.schemes.get(scheme_id)
    if s is None:
        return _bad(InputError([FieldError("scheme", "unknown_scheme", {"scheme": scheme_id})]), lang)[0], 404
    return jsonify(scheme_detail(s, policy, lang))
