"""Where the API departed from its OpenAPI document (issue 18, found by Schemathesis), and where a
client could choose its own address or host: each answer as the document says."""
import pytest

from calculator import create_app
from calculator.web.extensions import db

FACTS = {"birth_date": "1975-06-15", "sex": "male", "holds_residence_permit": True,
         "social_insurance_months": 174, "residence_owned_days": 4532, "education": "master",
         "degree": "master", "study_overlap_months": 36, "relocated_job_and_residence_years": 4,
         "income_tax_years_over_100k": 1}
BODY = {"city": "beijing", "as_of": "2022-06-30", "facts": FACTS}


def fields(r):
    return [(e["field"], e["code"]) for e in r.get_json()["errors"]]


@pytest.mark.parametrize("path", ["/api/v1/cities", "/api/v1/cities/beijing", "/api/v1/schemes/beijing-2020"])
def test_an_undocumented_lang_is_a_400(client, path):
    r = client.get(path, query_string={"lang": "fr"})
    assert r.status_code == 400 and fields(r) == [("lang", "bad_lang")]
    assert r.mimetype == "application/problem+json"
    assert client.get(path, query_string={"lang": "en"}).status_code == 200


def test_an_undocumented_lang_on_a_post_is_a_400(client):
    assert client.post("/api/v1/score?lang=xx", json=BODY).status_code == 400
    assert client.post("/api/v1/score", json={**BODY, "lang": "fr"}).status_code == 400


def test_another_citys_fact_of_the_wrong_type_is_refused(client):
    r = client.post("/api/v1/score", json={**BODY, "facts": {**FACTS, "housing_fund_months": "many",
                                                             "shanghai_employee_social_insurance": "perhaps"}})
    assert r.status_code == 400
    assert set(fields(r)) == {("facts.housing_fund_months", "not_integer"),
                              ("facts.shanghai_employee_social_insurance", "not_boolean")}
    ok = client.post("/api/v1/score", json={**BODY, "facts": {**FACTS, "housing_fund_months": 12}})
    assert ok.status_code == 200  # of the right type, it is accepted (and not scored in Beijing)


@pytest.mark.parametrize("day", ["2022-W01-1", "20220630", "2022-06-30T00:00", "2022-6-30", "２０２２-06-30"])
def test_only_yyyy_mm_dd_is_a_date(client, day):
    r = client.post("/api/v1/score", json={**BODY, "as_of": day})
    assert r.status_code == 400 and fields(r) == [("as_of", "bad_date")]
    r = client.post("/api/v1/score", json={**BODY, "facts": {**FACTS, "birth_date": day}})
    assert r.status_code == 400 and fields(r)[0][0] == "facts.birth_date"


@pytest.mark.parametrize("method, path, allowed", [("PUT", "/api/v1/score", "POST"), ("DELETE", "/api/v1/cities", "GET"),
                                                    ("POST", "/api/v1/openapi.json", "GET")])
def test_405_says_which_methods_are_allowed(client, method, path, allowed):
    r = client.open(path, method=method, json=BODY)
    assert r.status_code == 405 and r.mimetype == "application/problem+json"
    assert allowed in r.headers["Allow"]


def test_the_document_states_the_cross_checks(client):
    d = client.get("/api/v1/openapi.json").get_json()
    text = d["components"]["schemas"]["Facts"]["description"]
    assert "exceeds_working_life" in text and "exceeds_lifetime" in text


# --- addresses and hosts -----------------------------------------------------------------------

def limited_app(tmp_path, **extra):
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'l.db'}",
                      "SECRET_KEY": "t", "API_RATE_LIMIT": "3/minute", **extra})
    with app.app_context():
        db.create_all()
    return app


def production(monkeypatch, tmp_path, **env):
    monkeypatch.setenv("CALCULATOR_SECRET_KEY", "s" * 40)
    monkeypatch.setenv("CALCULATOR_TRUSTED_HOSTS", '["jifen.example.gov.cn"]')
    monkeypatch.setenv("CALCULATOR_API_RATE_LIMIT", "3/minute")
    monkeypatch.setenv("CALCULATOR_SQLALCHEMY_DATABASE_URI", f"sqlite:///{tmp_path / 'p.db'}")
    for k, v in env.items():
        monkeypatch.setenv(f"CALCULATOR_{k}", v)
    app = create_app("production")
    with app.app_context():
        db.create_all()
    return app.test_client()


@pytest.mark.parametrize("config", ["testing", "production"])
def test_a_rotating_x_forwarded_for_does_not_bypass_the_limit(tmp_path, monkeypatch, config):
    """No proxy configured: X-Forwarded-For is the client's own say, and ignored (production
    trusted one hop of it by default, so any client could pick a new address each request)."""
    c = limited_app(tmp_path).test_client() if config == "testing" else production(monkeypatch, tmp_path)
    h = {"Host": "jifen.example.gov.cn"} if config == "production" else {}
    statuses = [c.get("/api/v1/cities", headers={**h, "X-Forwarded-For": f"10.0.0.{i}"}).status_code for i in range(5)]
    assert statuses == [200, 200, 200, 429, 429]


def test_behind_one_configured_proxy_the_proxys_last_address_counts(tmp_path):
    c = limited_app(tmp_path, PROXY_X_FOR=1).test_client()
    # nginx appends the client's address; what the client itself sent before it is not believed
    for i in range(3):
        assert c.get("/api/v1/cities", headers={"X-Forwarded-For": f"1.1.1.{i}, 10.0.0.9"}).status_code == 200
    assert c.get("/api/v1/cities", headers={"X-Forwarded-For": "10.0.0.9"}).status_code == 429
    assert c.get("/api/v1/cities", headers={"X-Forwarded-For": "10.0.0.10"}).status_code == 200


def test_the_default_configuration_answers_only_to_its_own_host_names(tmp_path):
    c = limited_app(tmp_path).test_client()
    assert c.get("/en/", headers={"Host": "evil.example"}).status_code == 400
    assert c.get("/en/", headers={"Host": "127.0.0.1:5000"}).status_code == 200


def test_an_unknown_host_is_refused_and_x_forwarded_host_never_reaches_a_page(tmp_path, monkeypatch):
    c = production(monkeypatch, tmp_path, PROXY_X_FOR="1", PROXY_X_PROTO="1", API_RATE_LIMIT="1000/minute")
    assert c.get("/en/", headers={"Host": "evil.example"}).status_code == 400
    r = c.get("/en/", headers={"Host": "jifen.example.gov.cn", "X-Forwarded-Host": "evil.example"})
    assert r.status_code == 200 and r.headers["Cache-Control"] == "public, max-age=300"
    assert "evil.example" not in r.get_data(as_text=True)
    r = c.get("/embed/en/", headers={"Host": "jifen.example.gov.cn", "X-Forwarded-Host": "evil.example"})
    assert "evil.example" not in r.get_data(as_text=True)
