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
from flask import Blueprint, jsonify
from sqlalchemy import text

from .extensions import db

bp = Blueprint("ops", __name__)
log = logging.getLogger("calculator.requests")


@bp.get("/healthz")
def health():
    """200 when the database answers and the policy data loads; 503 otherwise."""
    from ..core.policy import default_policy
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


def strip_query(text: str) -> str:
    """A log text without query strings: from each "?" to the request line's " HTTP/x", or to
    the end of the text (a malformed request line may hold spaces and quotes in its query)."""
    return QUERY.sub("", text) if "?" in text else text


QUERY = re.compile(r"\?.*?(?=\s+HTTP/\d|$)", re.S)


class JsonFormatter(logging.Formatter):
    """One JSON object per line, whatever the message holds (quotes, newlines, %), so a line
    is always well-formed; the process id is in every line, queries in none."""

    def format(self, record):
        line = {"ts": round(record.created, 3), "level": record.levelname, "logger": record.name,
                "pid": record.process, "msg": strip_query(record.getMessage())}
        line.update(getattr(record, "fields", {}))
        if record.exc_info:
            line["exc"] = strip_query(self.formatException(record.exc_info).splitlines()[-1])  # type and message only
        return orjson.dumps(line, default=str).decode()


class StripQueryStrings(logging.Filter):
    """Servers log request lines (werkzeug's development server; gunicorn's "Invalid request"
    and "Error handling request" lines): drop their query strings, which hold applicant answers."""

    def filter(self, record):
        if isinstance(record.args, tuple):
            record.args = tuple(strip_query(a) if isinstance(a, str) else a for a in record.args)
        if isinstance(record.msg, str):
            record.msg = strip_query(record.msg)
        return True


try:
    from gunicorn.glogging import Logger as _GunicornLogger
except ImportError:  # pragma: no cover - gunicorn is a dependency; the dev server needs none
    _GunicornLogger = object


class GunicornLogger(_GunicornLogger):
    """gunicorn's own lines (start, workers, WORKER TIMEOUT, invalid requests) as the app's JSON
    lines, without query strings (gunicorn_conf.logger_class)."""

    def setup(self, cfg):
        super().setup(cfg)
        for lg in (self.error_log, self.access_log):
            for h in lg.handlers:
                h.setFormatter(JsonFormatter())
            if not any(isinstance(f, StripQueryStrings) for f in lg.filters):
                lg.addFilter(StripQueryStrings())


def init_app(app):
    app.register_blueprint(bp)
    logging.getLogger("werkzeug").addFilter(StripQueryStrings())
    if app.config.get("JSON_LOGS", True) and not app.testing:
        # The JSON lines hold none of these: skip collecting them for every record (the logging
        # HOWTO's "Optimization" switches). A request log line then costs a third less. Process
        # ids stay on: every line carries one, and gunicorn's own formats need them.
        logging._srcfile = None
        logging.logThreads = logging.logMultiprocessing = False
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(JsonFormatter())
        for name in ("calculator.requests", app.logger.name):
            lg = logging.getLogger(name)
            lg.handlers[:] = [handler]
            lg.setLevel(logging.INFO)
            lg.propagate = False

    app.wsgi_app = RequestLog(app.wsgi_app)


class RequestLog:
    """WSGI middleware writing one line per request: method, path, status, time taken. The path
    is PATH_INFO, which never holds the query string; the body is never read here. Outside Flask's
    hooks it reads the WSGI environ directly (no request proxies), which made the line cost a
    third of what it did as before/after_request hooks."""

    def __init__(self, wsgi_app):
        self.wsgi_app = wsgi_app

    def __call__(self, environ, start_response):
        t0 = time.perf_counter()
        status = ""

        def record_status(s, headers, exc_info=None):
            nonlocal status
            status = s
            return start_response(s, headers, exc_info)
        body = self.wsgi_app(environ, record_status)
        path = environ.get("PATH_INFO", "")
        if path != "/healthz" and log.isEnabledFor(logging.INFO):
            log.info("request", extra={"fields": {
                "method": environ.get("REQUEST_METHOD"),
                "path": path.encode("latin-1", "replace").decode("utf-8", "replace"),  # WSGI's latin-1 -> the URL's UTF-8
                "status": int(status[:3]) if status[:3].isdigit() else None,
                "ms": round((time.perf_counter() - t0) * 1000, 2)}})
        return body
