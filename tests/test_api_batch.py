"""POST /api/v1/score/batch: the same facts, answers and per-row errors as /score, for up to 1,000
applicants, scored by the batch engine, and counted against the row budget row by row."""
import datetime as dt

import pytest

from calculator import create_app
from calculator.core.facts import add_years
from calculator.web.extensions import db

FACTS = {"birth_date": "1975-06-15", "sex": "male", "holds_residence_permit": True,
         "social_insurance_months": 174, "residence_owned_days": 4532, "education": "master",
         "degree": "master", "study_overlap_months": 36, "relocated_job_and_residence_years": 4,
         "income_tax_years_over_100k": 1}


def applicants(n):
    """Varied applicants of Beijing: ages, insurance, education, some not meeting prerequisites."""
    out = []
    for i in range(n):
        born = add_years(dt.date(1965, 1, 1), i % 35) + dt.timedelta(days=i % 300)
        out.append({**FACTS, "birth_date": born.isoformat(), "sex": "female" if i % 2 else "male",
                    "social_insurance_months": (i * 7) % 60, "residence_owned_days": (i * 53) % 2000,
                    "education": ["bachelor", "master", "doctorate", "associate"][i % 4],
                    "degree": ["bachelor", "master", "doctorate", "none"][i % 4], "study_overlap_months": 0,
                    "income_tax_years_over_100k": i % 4, "relocated_job_and_residence_years": i % 6})
    return out


def test_every_row_answers_as_score_does(client):
    rows = applicants(60) + [{**FACTS, "sex": "x"}, {}, {**FACTS, "housing_fund_months": "many"}]
    r = client.post("/api/v1/score/batch", json={"city": "beijing", "as_of": "2022-06-30", "lang": "en",
                                                 "applicants": rows})
    assert r.status_code == 200
    d = r.get_json()
    assert d["count"] == 63 and d["scored"] == 60 and d["scheme"]["id"] == "beijing-2020"
    for i, row in enumerate(rows):
        one = client.post("/api/v1/score", json={"city": "beijing", "as_of": "2022-06-30", "lang": "en", "facts": row})
        got = d["results"][i]
        assert got["index"] == i
        if one.status_code == 200:
            s = one.get_json()
            assert got["total"] == s["total"] and got["eligible"] == s["eligible"]
            assert got["items"] == {x["id"]: x["points"] for x in s["items"]}
            assert got["unmet_prerequisites"] == [p["id"] for p in s["unmet_prerequisites"]]
            assert got["unanswered_prerequisites"] == [p["id"] for p in s["unanswered_prerequisites"]]
        else:
            assert one.status_code == 400
            expected = [(e["field"].replace("facts.", f"applicants.{i}.", 1), e["code"], e["message"])
                        for e in one.get_json()["errors"]]
            assert [(e["field"], e["code"], e["message"]) for e in got["errors"]] == expected
            assert all(e["pointer"].startswith(f"/applicants/{i}/") for e in got["errors"])
    assert any(not x.get("eligible", True) for x in d["results"])  # the sample is not all eligible


def test_a_thousand_rows_fit_and_more_do_not(client):
    ok = client.post("/api/v1/score/batch", json={"city": "beijing", "as_of": "2022-06-30",
                                                  "applicants": applicants(1000)})
    assert ok.status_code == 200 and ok.get_json()["scored"] == 1000
    r = client.post("/api/v1/score/batch", json={"city": "beijing", "applicants": applicants(1001)})
    assert r.status_code == 400 and r.get_json()["errors"][0]["code"] == "bad_applicants"
    for bad in ([], "x", None):
        assert client.post("/api/v1/score/batch", json={"city": "beijing", "applicants": bad}).status_code == 400
    r = client.post("/api/v1/score/batch", json={"city": "atlantis", "applicants": [FACTS]})
    assert r.status_code == 400 and r.get_json()["errors"][0]["code"] == "unknown_city"
    r = client.post("/api/v1/score/batch", data=b'{"applicants": [' + b'{"a": 1},' * 200_000 + b'{}]}',
                    content_type="application/json")
    assert r.status_code == 413


def test_rows_count_against_the_row_budget(tmp_path):
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'r.db'}", "SECRET_KEY": "t",
                      "API_RATE_LIMIT": "1000/minute", "API_ROW_RATE_LIMIT": "1500/minute"})
    with app.app_context():
        db.create_all()
    c = app.test_client()
    body = {"city": "beijing", "as_of": "2022-06-30", "applicants": applicants(1000)}
    assert c.post("/api/v1/score/batch", json=body).status_code == 200
    r = c.post("/api/v1/score/batch", json=body)
    assert r.status_code == 429 and int(r.headers["Retry-After"]) >= 1


def test_the_batch_endpoint_is_in_the_document(client):
    d = client.get("/api/v1/openapi.json").get_json()
    op = d["paths"]["/api/v1/score/batch"]["post"]
    ref = op["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    schema = d["components"]["schemas"][ref.rsplit("/", 1)[1]]
    assert schema["properties"]["applicants"]["maxItems"] == 1000
    assert {"200", "400", "413", "429"} <= set(op["responses"])
