"""Fixtures: a fresh app and database per test (Flask tutorial pattern), and Playwright on the
system Chromium (playwright install cannot download here)."""
import os

import pytest

from calculator import create_app
from calculator.core.policy import default_policy
from calculator.web.extensions import db

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture
def app(tmp_path):
    url = os.environ.get("CALCULATOR_TEST_DATABASE_URL") or f"sqlite:///{tmp_path / 'test.db'}"
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": url,
                      "WTF_CSRF_ENABLED": False, "SECRET_KEY": "test", "API_RATE_LIMIT": "100000/minute"})
    with app.app_context():
        db.create_all()
        yield app
        db.session.remove()
        db.drop_all()
        db.engine.dispose()  # each test's app has its own pool: close it, or PostgreSQL runs out of connections


@pytest.fixture
def beijing_official(app):
    """The shipped versions in the database, and an official who may edit Beijing's."""
    from calculator.storage.models import User, seed_schemes
    seed_schemes(default_policy())
    u = User(username="bj", role="official", city="beijing", active=True)
    u.set_password("x" * 12)
    db.session.add(u)
    db.session.commit()
    return u


@pytest.fixture
def limiter_clock(monkeypatch):
    """The limits count in fixed windows (e.g. 10 sign-ins a minute): a test making several slow
    requests (password hashing) holds the limiter's clock mid-window, or a window starting
    between two of them lets the later ones through and the test fails by the clock."""
    from types import SimpleNamespace
    from calculator.web import ratelimit
    monkeypatch.setattr(ratelimit, "time", SimpleNamespace(time=lambda: 1_800_000_030.0))


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture(scope="session")
def policy():
    return default_policy()


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": "/usr/bin/chromium", "args": CHROMIUM_ARGS}
