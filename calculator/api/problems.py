"""Errors as application/problem+json (RFC 9457), with field paths, in the requested language."""
from __future__ import annotations

from flask import jsonify
from flask_babel import lazy_gettext as _l

from ..core.errors import InputError
from ..web.i18n import field_message, translator

TYPES = {
    400: ("invalid-input", _l("Some of the input is not valid.")),
    404: ("not-found", _l("There is nothing at this address.")),
    405: ("method-not-allowed", _l("This method is not allowed here.")),
    413: ("too-large", _l("The request body is too large.")),
    415: ("unsupported-media-type", _l("Send the request body as application/json.")),
    429: ("rate-limited", _l("Too many requests: wait and try again.")),
    500: ("server-error", _l("Something went wrong on our side.")),
}
PROBLEM_JSON = "application/problem+json"


def pointer(field: str) -> str:
    """JSON Pointer into the request body for a field path like facts.birth_date."""
    if field in ("body", "") or field.startswith(("row ", "column ")):
        return ""
    return "/" + field.replace(".", "/")


def problem(status: int, lang: str, errors=None, detail: str | None = None, **extra):
    slug, title = TYPES.get(status, TYPES[500])
    body = {"type": f"/api/v1/problems/{slug}", "title": translator(lang)(title), "status": status}
    if detail:
        body["detail"] = detail
    if errors is not None:
        body["errors"] = errors
    body.update(extra)
    resp = jsonify(body)
    resp.status_code = status
    resp.mimetype = PROBLEM_JSON
    resp.headers["Content-Language"] = lang
    return resp


def invalid(exc: InputError, lang: str, status: int = 400):
    errors = [{"field": e.field, "pointer": pointer(e.field), "code": e.code, "message": field_message(e, lang)}
              for e in exc.errors]
    return problem(status, lang, errors=errors, detail=" ".join(e["message"] for e in errors))
