"""One live server for the browser tests: the app on 127.0.0.1 at a random port, in a thread.

The request handler logs nothing (answers are in query strings, and nothing about an applicant
is logged)."""
import threading
from contextlib import contextmanager

import pytest
from werkzeug.serving import WSGIRequestHandler, make_server

from calculator import create_app
from calculator.web.extensions import db


class QuietHandler(WSGIRequestHandler):
    def log(self, *args, **kwargs):
        pass


@contextmanager
def serving(app):
    """`app` on 127.0.0.1 at a random port, in a thread, until the block ends."""
    server = make_server("127.0.0.1", 0, app, threaded=True, request_handler=QuietHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        thread.join(timeout=5)


@pytest.fixture(scope="session")
def live_server():
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": "test"})
    with app.app_context():
        db.create_all()   # empty: the pages and the API then use the shipped scheme files
    with serving(app) as server:
        yield f"http://127.0.0.1:{server.server_port}"
