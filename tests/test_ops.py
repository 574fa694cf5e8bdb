"""Operations: health, request logs without applicant data, security headers on every kind of
page, production cookies and HTTPS."""
import json
import logging

import pytest

from calculator import create_app
from calculator.web.ops import JsonFormatter, StripQueryStrings


def test_health_reports_database_and_schemes(client):
    r = client.get("/healthz")
    assert r.status_code == 200
    d = r.get_json()
    assert d["status"] == "ok" and d["database"] == "ok" and d["schemes"] >= 10


def test_health_is_503_when_the_database_is_gone(tmp_path):
    app = create_app({"TESTING": True, "SECRET_KEY": "t",
                      "SQLALCHEMY_DATABASE_URI": "postgresql+psycopg://nobody@127.0.0.1:1/none"})
    r = app.test_client().get("/healthz")
    assert r.status_code == 503 and r.get_json()["database"].startswith("error")


def test_request_log_has_path_without_query_or_body(app, client, caplog):
    logger = logging.getLogger("calculator.requests")
    logger.addHandler(caplog.handler)  # the JSON handler may have turned propagation off
    logger.setLevel(logging.INFO)
    try:
        client.get("/api/v1/cities?lang=en&secret=1975-06-15")
        client.post("/api/v1/score", json={"city": "beijing", "facts": {"birth_date": "1975-06-15"}})
    finally:
        logger.removeHandler(caplog.handler)
    text = " ".join(json.dumps(getattr(r, "fields", {})) + r.getMessage() for r in caplog.records)
    assert "/api/v1/cities" in text and "/api/v1/score" in text
    assert "1975-06-15" not in text and "secret" not in text and "lang=en" not in text
    line = json.loads(JsonFormatter().format(caplog.records[0]))
    assert set(line) >= {"ts", "level", "method", "path", "status", "ms"}


def test_request_log_gives_each_answer_its_status_and_a_readable_path(app, client, caplog):
    logger = logging.getLogger("calculator.requests")
    logger.addHandler(caplog.handler)
    logger.setLevel(logging.INFO)
    try:
        client.get("/zh/北京/?birth_date=1975-06-15")
        client.get("/healthz")
        client.post("/api/v1/score", data="not json", content_type="application/json")
    finally:
        logger.removeHandler(caplog.handler)
    lines = [r.fields for r in {id(r): r for r in caplog.records}.values()]  # caught by both handlers
    assert [(f["method"], f["path"], f["status"]) for f in lines] == [
        ("GET", "/zh/北京/", 404), ("POST", "/api/v1/score", 400)]  # /healthz is not logged
    assert all(isinstance(f["ms"], float) and f["ms"] >= 0 for f in lines)


def test_dev_server_request_lines_lose_their_query_string():
    rec = logging.LogRecord("werkzeug", logging.INFO, "", 0, '%s - - [%s] "%s" %s',
                            ("127.0.0.1", "x", "GET /en/beijing/result?birth_date=1975-06-15 HTTP/1.1", "200"), None)
    StripQueryStrings().filter(rec)
    assert "1975" not in rec.getMessage() and "/en/beijing/result HTTP/1.1" in rec.getMessage()


PAGES = ["/api/v1/cities", "/api/v1/openapi.json", "/healthz", "/zh/", "/en/", "/api/v1/nothing",
         "/static/css/site.css", "/zh/nowhere/"]


@pytest.mark.parametrize("path", PAGES)
def test_security_headers_on_every_kind_of_page(client, path):
    r = client.get(path)
    csp = r.headers["Content-Security-Policy"]
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "default-src 'self'" in csp and "object-src 'none'" in csp and "base-uri 'none'" in csp
    assert "frame-ancestors 'none'" in csp
    assert r.headers["X-Content-Type-Options"] == "nosniff"
    assert r.headers["Referrer-Policy"] == "no-referrer"
    assert "Strict-Transport-Security" not in r.headers  # plain HTTP: no HSTS
    assert "X-Frame-Ancestors" not in r.headers  # the embed pages' internal header never leaves


def test_hsts_behind_https_proxy(monkeypatch):
    monkeypatch.setenv("CALCULATOR_SECRET_KEY", "s" * 40)
    monkeypatch.setenv("CALCULATOR_TRUSTED_HOSTS", '["localhost"]')
    monkeypatch.setenv("CALCULATOR_PROXY_X_PROTO", "1")  # as deploy/serve-prod.sh configures its nginx
    app = create_app("production")
    app.config["SQLALCHEMY_DATABASE_URI"] = "sqlite://"
    r = app.test_client().get("/api/v1/cities", headers={"X-Forwarded-Proto": "https"})
    assert r.headers["Strict-Transport-Security"].startswith("max-age=31536000")


def test_production_session_cookie_flags(monkeypatch):
    monkeypatch.setenv("CALCULATOR_SECRET_KEY", "s" * 40)
    monkeypatch.setenv("CALCULATOR_TRUSTED_HOSTS", '["localhost"]')
    app = create_app("production")
    assert app.config["SESSION_COOKIE_SECURE"] and app.config["SESSION_COOKIE_HTTPONLY"]
    assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax"


def test_public_pages_and_api_have_no_session_at_all(app):
    """Stateless by construction: outside /admin the session is Flask's null session."""
    from flask import session
    from flask.sessions import NullSession
    for path in ("/zh/", "/api/v1/cities", "/embed/en/beijing/"):
        with app.test_request_context(path):
            app.preprocess_request()
            assert isinstance(session._get_current_object(), NullSession), path
    with app.test_request_context("/admin/en/login"):
        assert not isinstance(session._get_current_object(), NullSession)
