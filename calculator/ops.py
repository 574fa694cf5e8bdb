"""Operations: a health endpoint and structured request logs that never hold applicant facts.

Result pages and the API carry an applicant's answers (query string, JSON body): the log line has
the path without the query string, the status and the time taken, nothing else from the request.
"""
from __future__ import annotations

import logging
import re
import sys
import time

import orjson
from flask import Blueprint, g, jsonify, request
from sqlalchemy import text

from .extensions import db

bp = Blueprint("ops", __name__)
log = logging.getLogger("calculator.requests")


@bp.get("/healthz")
def health():
    """200 when the database answers and the policy data loads; 503 otherwise."""
    from .core.policy import default_policy
    checks = {}
    try:
        db.session.execute(text("SELECT 1"))
        checks["database"] = "ok"
    except Exception as e:  # reported, not raised: this page exists to say what is wrong
        checks["database"] = f"error: {type(e).__name__}"
    try:
        checks["schemes"] = len(default_policy().schemes)
    except Exception as e:
        checks["schemes"] = f"error: {type(e).__name__}"
    ok = checks["database"] == "ok" and isinstance(checks["schemes"], int)
    resp = jsonify({"status": "ok" if ok else "error", **checks})
    resp.status_code = 200 if ok else 503
    resp.headers["Cache-Control"] = "no-store"
    return resp


class JsonFormatter(logging.Formatter):
    def format(self, record):
        line = {"ts": round(record.created, 3), "level": record.levelname, "logger": record.name,
                "msg": record.getMessage()}
        line.update(getattr(record, "fields", {}))
        if record.exc_info:
            line["exc"] = self.formatException(record.exc_info).splitlines()[-1]  # type and message only
        return orjson.dumps(line, default=str).decode()


class StripQueryStrings(logging.Filter):
    """The development server logs request lines: drop their query strings (applicant answers)."""
    QUERY = re.compile(r"\?[^\s\"]*")

    def filter(self, record):
        if isinstance(record.args, tuple):
            record.args = tuple(self.QUERY.sub("", a) if isinstance(a, str) else a for a in record.args)
        if isinstance(record.msg, str):
            record.msg = self.QUERY.sub("", record.msg)
        return True


def init_app(app):
    app.register_blueprint(bp)
    logging.getLogger("werkzeug").addFilter(StripQueryStrings())
    if app.config.get("JSON_LOGS", True) and not app.testing:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(JsonFormatter())
        for name in ("calculator.requests", app.logger.name):
            lg = logging.getLogger(name)
            lg.handlers[:] = [handler]
            lg.setLevel(logging.INFO)
            lg.propagate = False

    @app.before_request
    def start_timer():
        g._t0 = time.perf_counter()

    @app.after_request
    def log_request(resp):
        t0 = g.pop("_t0", None)
        if t0 is not None and request.path != "/healthz":
            log.info("request", extra={"fields": {
                "method": request.method, "path": request.path,  # never the query string or body
                "status": resp.status_code, "ms": round((time.perf_counter() - t0) * 1000, 2)}})
        return resp
