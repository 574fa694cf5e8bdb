"""The API's endpoints and its request plumbing (language, body, CORS, rate limit, errors)."""
from __future__ import annotations

import datetime as dt

from flask import current_app, jsonify, request

from ..core.errors import FieldError, InputError
from ..core.facts import parse_date
from ..web.i18n import LANGS, pick_lang
from ..storage.policy_store import current_policy as default_policy
from ..web.ratelimit import check_api_limit
from ..wording.serialize import city_dict, result_dict, scheme_detail, scheme_summary
from ..core.settle import compare as compare_all
from .compare import compare_dict
from . import bp
from .problems import invalid, problem


bp.before_request(check_api_limit)


@bp.before_request
def check_query_lang():
    """`?lang=` is documented as zh or en: anything else is a 400, not a silent fallback."""
    values = request.args.getlist("lang")
    if values and (len(values) > 1 or values[0] not in LANGS):
        return invalid(InputError([FieldError("lang", "bad_lang")]), pick_lang())
    return None


def request_lang(body=None) -> str:
    """The body's "lang", else as every page picks it (?lang=, Accept-Language, zh)."""
    lang = body.get("lang") if isinstance(body, dict) else None
    return lang if lang in LANGS else pick_lang()


def parse_as_of(value, field: str = "as_of") -> dt.date:
    if value is None:
        return dt.date.today()
    if not isinstance(value, str):
        raise InputError([FieldError(field, "bad_date")])
    try:
        return parse_date(value)
    except ValueError:
        raise InputError([FieldError(field, "bad_date")]) from None


def _common_errors(body: dict) -> list[FieldError]:
    """lang and as_of may be left out, but not given as null or another type (the document)."""
    errors = []
    if "lang" in body and body["lang"] not in LANGS:
        errors.append(FieldError("lang", "bad_lang"))
    if "as_of" in body and not isinstance(body["as_of"], str):
        errors.append(FieldError("as_of", "bad_date"))
    if "cities" in body and body["cities"] is None:
        errors.append(FieldError("cities", "bad_cities"))
    return errors


def _body() -> dict:
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise InputError([FieldError("body", "bad_json")])
    errors = _common_errors(body)
    if "facts" not in body:
        errors.append(FieldError("facts", "missing"))
    if "scheme" in body and not isinstance(body["scheme"], str):
        errors.append(FieldError("scheme", "unknown_scheme", {"scheme": str(body["scheme"])}))
    if "scenarios" in body and not isinstance(body["scenarios"], bool):
        errors.append(FieldError("scenarios", "not_boolean"))
    if errors:
        raise InputError(errors)
    return body


CORS = [("Access-Control-Allow-Origin", "*"), ("Access-Control-Allow-Methods", "GET, POST, OPTIONS"),
        ("Access-Control-Allow-Headers", "Content-Type, Accept-Language"),
        ("Access-Control-Expose-Headers", "Retry-After, Content-Language"), ("Access-Control-Max-Age", "86400")]


@bp.after_request
def cors(resp):
    """Open, credential-free CORS: any site may read the API from a browser."""
    resp.headers.extend(CORS)
    if "Cache-Control" not in resp.headers:
        resp.headers.add("Cache-Control", "no-store")
    return resp


@bp.route("/score", methods=["OPTIONS"])
@bp.route("/score/batch", methods=["OPTIONS"])
@bp.route("/compare", methods=["OPTIONS"])
@bp.route("/explain", methods=["OPTIONS"])
def preflight():
    return "", 204


def _evaluate(scenarios: bool | None):
    """Policy.assess on the request: the call a city's result page and /compare make too.
    Scenarios when asked for ("scenarios": true) or `scenarios`."""
    raw = request.get_json(silent=True)
    lang = request_lang(raw)
    body = _body()
    if not isinstance(body.get("city"), str):
        raise InputError([FieldError("city", "missing")])
    policy = default_policy()
    as_of = parse_as_of(body.get("as_of"))
    with_scenarios = body.get("scenarios") is True if scenarios is None else scenarios
    result, expl, decision = policy.assess(body["city"], body["facts"], as_of, body.get("scheme"), strict=True,
                                           with_scenarios=with_scenarios)
    return policy, lang, result, expl, decision, with_scenarios


def _answer(keys: tuple[str, ...] | None = None, scenarios: bool | None = None):
    """The request's facts scored and explained, as the whole result or only `keys` of it; or
    the problem with them."""
    try:
        policy, lang, result, expl, decision, with_scenarios = _evaluate(scenarios)
    except InputError as exc:
        return invalid(exc, request_lang(request.get_json(silent=True)))
    d = result_dict(result, expl, policy, lang, decision=decision, with_scenarios=with_scenarios)
    return jsonify(d if keys is None else {k: d[k] for k in keys})


@bp.post("/score")
def score():
    return _answer()


def _batch_body(body: dict):
    errors = _common_errors(body)
    if "scheme" in body and not isinstance(body["scheme"], str):
        errors.append(FieldError("scheme", "unknown_scheme", {"scheme": str(body["scheme"])}))
    if errors:
        raise InputError(errors)


@bp.post("/score/batch")
def score_batch():
    """Up to 1,000 applicants of one city, scored by the batch engine (api/batch.py)."""
    from . import batch
    return batch.view(request_lang, parse_as_of, _batch_body)


@bp.before_request
def batch_body_size():
    """1,000 facts objects need more than the 256 KB every other request may send."""
    if request.endpoint == "api.score_batch":
        request.max_content_length = current_app.config.get("API_BATCH_MAX_CONTENT_LENGTH", 1024 * 1024)


@bp.post("/explain")
def explain():
    """Only the explanation and the sources used, for a developer who already shows the points."""
    return _answer(("city", "scheme", "as_of", "total", "verdict", "social_insurance_residence_share", "explanation",
                    "projection", "scenarios", "sources"), scenarios=True)


@bp.post("/compare")
def compare():
    """One set of facts in every city (or those named), closest first, as the where-can-I-settle
    page shows it: each city's verdict and distance, the questions still asked, the other cities
    by route (api/compare.py)."""
    raw = request.get_json(silent=True)
    lang = request_lang(raw)
    policy = default_policy()
    try:
        body = _body()
        as_of = parse_as_of(body.get("as_of"))
        cities = body.get("cities")
        if cities is not None and (not isinstance(cities, list) or len(cities) > 100
                                   or not all(isinstance(c, str) for c in cities)):
            raise InputError([FieldError("cities", "bad_cities")])
        unknown = [c for c in cities or () if c not in policy.cities]
        if unknown:
            raise InputError([FieldError(f"cities.{c}", "unknown_city", {"city": c}) for c in unknown])
        policy.vocab.check_given(body["facts"], strict=True)  # a wrong type is wrong in every city
    except InputError as exc:
        return invalid(exc, lang)
    return jsonify(compare_dict(compare_all(policy, body["facts"], as_of, cities, strict=True), policy, lang))


@bp.get("/cities")
def cities():
    """All 337 divisions: the same for everyone until a publish, so its JSON is made once per
    published set and language (0.7 ms each time otherwise, a quarter of the load test's API calls);
    it holds nobody's answers."""
    lang = request_lang()
    policy = default_policy()
    slot = current_app.extensions.get("api_cities")
    if slot is None or slot["policy"] is not policy:
        slot = current_app.extensions["api_cities"] = {"policy": policy, "bodies": {}}
    body = slot["bodies"].get(lang)
    if body is None:
        body = slot["bodies"][lang] = jsonify(
            {"cities": [city_dict(c, policy, lang) for c in policy.cities.values()]}).get_data()
    return current_app.response_class(body, mimetype="application/json")


@bp.get("/cities/<city_id>")
def city(city_id: str):
    lang = request_lang()
    policy = default_policy()
    if city_id not in policy.cities:
        return invalid(InputError([FieldError("city", "unknown_city", {"city": city_id})]), lang, 404)
    return jsonify(city_dict(policy.cities[city_id], policy, lang, detail=True))


@bp.get("/cities/<city_id>/schemes")
def city_schemes(city_id: str):
    lang = request_lang()
    policy = default_policy()
    if city_id not in policy.cities:
        return invalid(InputError([FieldError("city", "unknown_city", {"city": city_id})]), lang, 404)
    today = dt.date.today()
    in_force = policy.scheme_for(city_id, today)
    return jsonify({"city": city_id, "in_force": in_force.id if in_force else None,
                    "versions": [scheme_summary(s, lang) for s in policy.by_city.get(city_id, [])]})


@bp.get("/schemes/<scheme_id>")
def scheme(scheme_id: str):
    lang = request_lang()
    policy = default_policy()
    s = policy.schemes.get(scheme_id)
    if s is None:
        return invalid(InputError([FieldError("scheme", "unknown_scheme", {"scheme": scheme_id})]), lang, 404)
    return jsonify(scheme_detail(s, policy, lang))


@bp.get("/openapi.json")
def openapi():
    from .openapi import document
    return jsonify(document(default_policy()))


def register_errors(app):
    """problem+json for every error under /api/, whatever raised it."""
    from werkzeug.exceptions import HTTPException

    @app.errorhandler(HTTPException)
    def http_error(e):
        if request.path.startswith("/api/"):
            resp = problem(e.code or 500, request_lang(), detail=None)
            for name, value in e.get_headers():
                if name == "Allow":  # 405: which methods this URL takes (RFC 9110)
                    resp.headers["Allow"] = value
            if e.code == 429:
                resp.headers["Retry-After"] = str(getattr(e, "retry_after", None) or 60)
            return resp
        return e

    @app.errorhandler(Exception)
    def server_error(e):
        app.logger.exception("unhandled error on %s", request.path)
        if request.path.startswith("/api/"):
            return problem(500, request_lang())
        from werkzeug.exceptions import InternalServerError
        return InternalServerError()
