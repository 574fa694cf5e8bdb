"""The warm-up gunicorn runs before it forks: a worker's first pages, in either language, compile
nothing and read no file, and the warm-up leaves no trace a person or the API limit would see."""
import logging

import jinja2
import pytest

from calculator import gunicorn_conf
from calculator.populations import places
from calculator.web import warmup

RESULT = "/en/beijing/result?as_of=2022-06-30&birth_date=1980-01-01&sex=male&holds_residence_permit=true" \
         "&social_insurance_months=150&residence_owned_days=3000&education=master&degree=master"


@pytest.fixture
def warmed(app, beijing_official):
    places._totals.cache_clear()
    warmup.compile_templates(app)
    return warmup.serve_samples(app)


def test_every_sample_page_answers(warmed):
    """Both languages: the lists, the comparison, each city with a scheme (form and result page
    without answers) and one full result page."""
    assert warmed["failed"] == []
    assert warmed["pages"] >= 2 * (3 + 2 * 10)


def test_the_sample_result_page_is_a_full_one(app, beijing_official):
    """The sample reaches the parts a rush's pages need warm: verdict, projection, list place."""
    from calculator.storage.policy_store import current_policy
    path = next(p for p in warmup.sample_paths(current_policy()) if p.startswith("/en/beijing/result?"))
    page = app.test_client().get(path)
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert 'data-state="' in html                    # the verdict
    assert "In the 2022 list" in html                 # the place in the published list


def test_first_pages_after_warm_up_compile_no_template(warmed, app, monkeypatch):
    """Every page kind in both languages, served as a fresh worker's first requests: had any
    template been left to compile, the loader would be asked for its source and fail here."""
    def no_source(self, environment, template):
        raise AssertionError(f"{template} compiled after the warm-up")
    monkeypatch.setattr(jinja2.FileSystemLoader, "get_source", no_source)
    client = app.test_client()
    for path in (RESULT, RESULT.replace("/en/", "/zh/"), "/en/shenzhen/", "/zh/chengdu/", "/en/compare", "/zh/",
                 "/en/guangzhou/result"):
        assert client.get(path).status_code < 500, path


def test_first_result_page_reads_no_published_list(warmed, app, monkeypatch):
    def no_file(*a, **k):
        raise AssertionError("the 2022 list was read by a request")
    monkeypatch.setattr(places, "read_list", no_file)
    page = app.test_client().get(RESULT)
    assert page.status_code == 200
    assert "In the 2022 list" in page.get_data(as_text=True)


def test_warm_up_leaves_no_trace(app, beijing_official, caplog):
    """No request log line, no API limit counted, no page kept under the test client's address."""
    caplog.set_level(logging.INFO, logger="calculator.requests")
    warmup.serve_samples(app)
    assert [r for r in caplog.records if r.name == "calculator.requests"] == []
    assert not logging.getLogger("calculator.requests").disabled
    assert "page_cache" not in app.extensions and "fragment_cache" not in app.extensions
    counters = app.extensions.get("rate_counters")
    assert counters is None or not counters.data


class _Server:
    def __init__(self, app):
        self.app = type("A", (), {"wsgi": staticmethod(lambda: app)})()
        self.lines = []
        self.log = type("L", (), {"info": lambda _, *a: self.lines.append(("info", a[0] % a[1:])),
                                  "warning": lambda _, *a: self.lines.append(("warning", a[0] % a[1:]))})()


def test_gunicorn_warms_up_before_forking(app, beijing_official):
    server = _Server(app)
    gunicorn_conf.when_ready(server)
    assert server.lines and server.lines[0][0] == "info"
    assert "sample pages" in server.lines[0][1]


def test_a_failing_warm_up_never_stops_the_server(app, monkeypatch):
    def broken(_app):
        raise RuntimeError("database not initialised")
    monkeypatch.setattr(warmup, "serve_samples", broken)
    server = _Server(app)
    gunicorn_conf.when_ready(server)
    assert server.lines == [("warning", "warm-up skipped: RuntimeError")]


def test_warm_up_can_be_switched_off(app, monkeypatch):
    called = []
    monkeypatch.setattr(warmup, "serve_samples", lambda _app: called.append(1))
    monkeypatch.setenv("CALCULATOR_WARM_UP", "0")
    server = _Server(app)
    gunicorn_conf.when_ready(server)
    assert called == [] and server.lines == []


def test_warm_up_uses_a_host_the_site_serves(tmp_path, monkeypatch):
    """In production only the configured host names are served: samples sent for localhost
    would all be refused (400) and nothing warmed, yet the warm-up would look done."""
    from calculator import create_app
    from calculator.web.extensions import db
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'w.db'}",
                      "SECRET_KEY": "t", "TRUSTED_HOSTS": [".jifen.example.gov.cn"]})
    with app.app_context():
        db.create_all()
    assert warmup.sample_host(app) == "jifen.example.gov.cn"
    assert app.test_client().get("/en/").status_code == 400  # localhost is refused here
    done = warmup.serve_samples(app)
    assert done["failed"] == []


def test_a_refused_sample_is_reported(app, beijing_official, monkeypatch):
    monkeypatch.setattr(warmup, "sample_host", lambda _app: "elsewhere.example")
    app.config["TRUSTED_HOSTS"] = ["jifen.example.gov.cn"]
    done = warmup.serve_samples(app)
    assert done["failed"] and all("(400)" in f for f in done["failed"])
