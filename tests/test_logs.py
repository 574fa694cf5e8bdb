"""Log lines under gunicorn are always well-formed JSON with a process id, and never hold a query
string: not for a malformed request line, not with quotes or spaces in the query (issue 18)."""
import json
import logging
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

from calculator import create_app
from calculator.web.ops import StripQueryStrings, strip_query

ROOT = Path(__file__).resolve().parent.parent
SECRET = "birth_date=1975-06-15"


def test_gunicorns_own_format_still_works_after_the_app_starts(tmp_path):
    """ops.init_app switched process ids off, so every line of gunicorn's '[%(process)d]' format
    failed (WORKER TIMEOUT included)."""
    from gunicorn.glogging import Logger
    create_app({"TESTING": False, "JSON_LOGS": True, "SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": "t"})
    rec = logging.LogRecord("gunicorn.error", logging.CRITICAL, __file__, 1, "WORKER TIMEOUT (pid:%s)", (42,), None)
    line = logging.Formatter(Logger.error_fmt, Logger.datefmt).format(rec)
    assert f"[{os.getpid()}]" in line and "WORKER TIMEOUT (pid:42)" in line


def test_query_strings_go_whatever_they_hold():
    for text, kept in [('GET /zh/beijing/result?a="x y" HTTP/1.1', "GET /zh/beijing/result HTTP/1.1"),
                       (f"Invalid HTTP request line: 'GET /r?{SECRET} b c'", "Invalid HTTP request line: 'GET /r"),
                       (f"Error handling request GET /en/beijing/result?{SECRET}&x='1'", "Error handling request GET /en/beijing/result")]:
        assert strip_query(text) == kept
    rec = logging.LogRecord("werkzeug", logging.INFO, "", 0, '%s - - [%s] "%s" %s',
                            ("127.0.0.1", "x", f'GET /en/beijing/result?q="a&{SECRET} HTTP/1.1', "200"), None)
    StripQueryStrings().filter(rec)
    assert "1975" not in rec.getMessage()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_gunicorn_lines_are_json_without_queries_even_for_a_malformed_request_line(tmp_path):
    port = free_port()
    env = {**os.environ, "CALCULATOR_BIND": f"127.0.0.1:{port}", "CALCULATOR_WORKERS": "1",
           "CALCULATOR_SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'g.db'}", "PYTHONPATH": str(ROOT)}
    err = open(tmp_path / "err.log", "wb")
    proc = subprocess.Popen([str(Path(sys.executable).parent / "gunicorn"), "-c", "python:calculator.gunicorn_conf",
                             "wsgi:app"], cwd=ROOT, env=env, stdout=err, stderr=err)
    try:
        deadline = time.time() + 30
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1) as s:
                    s.sendall(f'GET /zh/beijing/result?{SECRET}&x="a b" c HTTP/1.1\r\nHost: localhost\r\n\r\n'.encode())
                    answer = s.recv(1000)
                break
            except OSError:
                assert time.time() < deadline, "gunicorn did not start"
                time.sleep(0.2)
        assert answer.startswith(b"HTTP/1.1 400")
        with socket.create_connection(("127.0.0.1", port), timeout=5) as s:
            s.sendall(f"GET /zh/beijing/result?{SECRET} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n".encode())
            while s.recv(65536):
                pass
        time.sleep(0.5)
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        err.close()
    lines = [x for x in (tmp_path / "err.log").read_text().splitlines() if x.strip()]
    parsed = [json.loads(x) for x in lines]  # every line well-formed
    assert any("Invalid request" in p["msg"] for p in parsed), lines
    assert any(p.get("path") == "/zh/beijing/result" for p in parsed), lines
    assert all(isinstance(p["pid"], int) for p in parsed)
    assert "1975" not in "\n".join(lines)
