"""Schemathesis against our own OpenAPI document with every check (schemathesis.toml): no 500,
every response as documented, schema-violating input refused, schema-valid input accepted (or
refused by the city's own rules, as the document says), 405s with Allow, and stateful sequences
through the document's links. CI runs every phase (examples, coverage, a bounded fuzzing run,
stateful); the full run is `st run --checks all` against a live server (README)."""
from pathlib import Path

import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.config import SchemathesisConfig

from calculator import create_app
from calculator.web.extensions import db

app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": "t",
                  "API_RATE_LIMIT": "1000000/minute", "API_ROW_RATE_LIMIT": "100000000/minute"})
with app.app_context():
    db.create_all()
CONFIG = SchemathesisConfig.from_path(str(Path(__file__).resolve().parent.parent / "schemathesis.toml"))
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app, config=CONFIG)


@schema.parametrize()
@settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_conforms(case):
    case.call_and_validate()  # every check the configuration enables: all of them


StatefulAPI = schema.as_state_machine()
TestStatefulAPI = StatefulAPI.TestCase
TestStatefulAPI.settings = settings(max_examples=10, stateful_step_count=4, deadline=None,
                                    suppress_health_check=list(HealthCheck))


def test_document_is_openapi_3_1(client):
    d = client.get("/api/v1/openapi.json").get_json()
    assert d["openapi"] == "3.1.0"
    assert set(d["components"]["schemas"]["Facts"]["properties"]) >= {"birth_date", "social_insurance_months"}
