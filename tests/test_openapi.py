"""Schemathesis against our own OpenAPI document: no 500, every response conforms."""
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi import checks as oa_checks

from calculator import create_app
from calculator.extensions import db

app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": "t",
                  "API_RATE_LIMIT": "1000000/minute"})
with app.app_context():
    db.create_all()
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
CHECKS = [schemathesis.checks.not_a_server_error, oa_checks.status_code_conformance,
          oa_checks.content_type_conformance, oa_checks.response_schema_conformance]


@schema.parametrize()
@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_conforms(case):
    case.call_and_validate(checks=CHECKS)


def test_document_is_openapi_3_1(client):
    d = client.get("/api/v1/openapi.json").get_json()
    assert d["openapi"] == "3.1.0"
    assert set(d["components"]["schemas"]["Facts"]["properties"]) >= {"birth_date", "social_insurance_months"}
