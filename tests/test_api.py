"""API v1: the score contract, cities, and bad input answered with 400 and field messages."""
import pytest

RANK_6006 = {"birth_date": "1975-06-15", "sex": "male", "holds_residence_permit": True,
             "social_insurance_months": 174, "residence_owned_days": 4532, "education": "master",
             "degree": "master", "study_overlap_months": 36, "relocated_job_and_residence_years": 4,
             "income_tax_years_over_100k": 1}


def post(client, body, **kw):
    return client.post("/api/v1/score", json=body, **kw)


def test_score_returns_the_published_breakdown(client):
    r = post(client, {"city": "beijing", "as_of": "2022-06-30", "facts": RANK_6006, "lang": "en"})
    assert r.status_code == 200
    d = r.get_json()
    assert d["scheme"]["id"] == "beijing-2020" and d["scheme"]["effective_from"] == "2020-01-01"
    assert d["total"] == "105.42" and d["eligible"] is True and d["unmet_prerequisites"] == []
    items = {i["id"]: i for i in d["items"]}
    assert items["employment"]["points"] == "43.50" and items["employment"]["category"] == "social_insurance"
    assert items["study_deduction"]["points"] == "-10.50"
    assert items["employment"]["share"] == "0.4126"  # 43.5 / 105.42
    assert d["social_insurance_residence_share"] == {
        "categories": ["social_insurance", "residence"], "share": "0.5304", "percent": "53.0", "is_main_share": True}
    ex = d["explanation"]
    assert ex["dominant"]["id"] == "employment"
    # one more year: 12 months insurance (+3) and 365 owned days (+1) = 4.00
    assert ex["points_per_extra_year"] == "4.00"
    assert ex["latest_cutoff"]["cutoff"] == "117.33" and ex["latest_cutoff"]["round"] == 2025
    assert ex["gap_to_latest_cutoff"] == "11.91"
    assert "years_to_latest_cutoff" not in ex  # the constant-rate guess is gone: the projection ages the person
    v = d["verdict"]
    assert v["state"] == "below_cutoff" and v["gap"] == "11.91" and v["percent_below"] == "10.2"  # 11.91 / 117.33
    assert v["line"] == {"kind": "cutoff", "points": "117.33", "round": 2025}
    # age points fall from 20 at 47 to 0 at 52 while insurance and the owned home grow 4 a year:
    # the total stays at 105.42 until 52, then reaches 117.42 at 55, the first row over 117.33
    p = d["projection"]
    assert [r["total"] for r in p["rows"][:7]] == ["105.42"] * 6 + ["109.42"]
    assert p["reaches_latest_cutoff"] == {"as_of": "2030-06-30", "age": 55, "total": "117.42", "conditions_open": True}
    # the statutory retirement age under the 2024 NPCSC decision: born 1975-06, 62 years 8 months
    assert p["stop"]["reason"] == "retirement" and p["stop"]["date"] == "2038-02-15"
    assert any("53.0%" in s for s in ex["summary"])
    assert {s["reliability"] for s in d["sources"]} >= {"P", "D"}


def test_score_in_chinese_by_default(client):
    r = post(client, {"city": "beijing", "as_of": "2022-06-30", "facts": RANK_6006})
    d = r.get_json()
    assert d["items"][0]["name"] == "合法稳定就业"
    assert "社会保险和居住在您的积分中占53.0%" in d["explanation"]["summary"][0]


def test_unmet_prerequisite_says_what_would_meet_it(client):
    facts = dict(RANK_6006, social_insurance_months=80, study_overlap_months=0)
    d = post(client, {"city": "beijing", "as_of": "2022-06-30", "facts": facts, "lang": "en"}).get_json()
    assert d["eligible"] is False
    [unmet] = d["unmet_prerequisites"]
    assert unmet["id"] == "social_insurance_7_years"
    assert unmet["what_would_meet_it"] == "You need 4 more months: at least 84, you have 80."


def test_version_is_chosen_by_date(client):
    body = {"city": "beijing", "facts": RANK_6006, "lang": "en"}
    assert post(client, dict(body, as_of="2022-06-30")).get_json()["scheme"]["id"] == "beijing-2020"
    old = post(client, dict(body, as_of="2019-06-30")).get_json()
    assert old["scheme"]["id"] == "beijing-2016"


@pytest.mark.parametrize("body,field,code", [
    ({"city": "atlantis", "facts": RANK_6006}, "city", "unknown_city"),
    ({"city": "beijing", "facts": dict(RANK_6006, salary=5)}, "facts.salary", "unknown_fact"),
    ({"city": "beijing", "facts": {k: v for k, v in RANK_6006.items() if k != "birth_date"}}, "facts.birth_date", "required"),
    ({"city": "beijing", "facts": dict(RANK_6006, social_insurance_months="many")}, "facts.social_insurance_months", "not_integer"),
    ({"city": "beijing", "facts": dict(RANK_6006, social_insurance_months=-1)}, "facts.social_insurance_months", "out_of_range"),
    ({"city": "beijing", "facts": dict(RANK_6006, education="phd")}, "facts.education", "not_in_choices"),
    ({"city": "beijing", "facts": dict(RANK_6006, birth_date="1975-02-30")}, "facts.birth_date", "not_a_date"),
    ({"city": "beijing", "facts": dict(RANK_6006, birth_date="2010-01-01")}, "facts.birth_date", "age_out_of_range"),
    ({"city": "beijing", "facts": dict(RANK_6006, birth_date="2000-01-01")}, "facts.social_insurance_months", "exceeds_working_life"),
    ({"city": "beijing", "facts": dict(RANK_6006, study_overlap_months=200)}, "facts.study_overlap_months", "exceeds_fact"),
    ({"city": "beijing", "facts": [1, 2]}, "facts", "not_an_object"),
    ({"city": "beijing", "facts": RANK_6006, "as_of": "30/06/2022"}, "as_of", "bad_date"),
    ({"city": "beijing", "facts": RANK_6006, "as_of": "2010-01-01"}, "as_of", "no_scheme_in_force"),
    ({"facts": RANK_6006}, "city", "missing"),
])
def test_bad_input_is_a_400_with_a_message_in_each_language(client, body, field, code):
    body = dict({"as_of": "2022-06-30"}, **body)
    for lang in ("en", "zh"):
        r = post(client, dict(body, lang=lang))
        assert r.status_code == 400, r.get_json()
        errs = r.get_json()["errors"]
        match = [e for e in errs if e["field"] == field and e["code"] == code]
        assert match, errs
        msg = match[0]["message"]
        assert msg and "%(" not in msg
        if lang == "zh":
            assert any("\u4e00" <= ch <= "\u9fff" for ch in msg), msg


def test_non_json_body_is_400(client):
    r = client.post("/api/v1/score", data="not json", content_type="text/plain")
    assert r.status_code == 400 and r.get_json()["errors"][0]["code"] == "bad_json"


def test_cities_list_has_tiers(client):
    d = client.get("/api/v1/cities?lang=en").get_json()
    by_id = {c["id"]: c for c in d["cities"]}
    assert by_id["beijing"]["tier"] == "points" and by_id["beijing"]["name"] == "Beijing"
    assert by_id["kunming"]["route"] == "open"
    # the 35 cities of 3 million or more have a census tier; every other division is under 3 million
    big = [c for c in d["cities"] if c["census_class"] != "under_3m"]
    assert len(big) == 35 and all(c["tier"] in ("points", "relaxed") for c in big)
    assert all(c["tier"] == "unrestricted" for c in d["cities"] if c["census_class"] == "under_3m")


def test_city_detail_lists_schemes_and_facts(client):
    d = client.get("/api/v1/cities/beijing?lang=en").get_json()
    assert [s["id"] for s in d["schemes"]][:2] == ["beijing-2016", "beijing-2020"]
    facts = {f["id"]: f for f in d["facts"]}
    assert facts["social_insurance_months"]["type"] == "integer" and facts["social_insurance_months"]["unit"] == "month"
    assert {c["value"] for c in facts["education"]["choices"]} >= {"bachelor", "doctorate"}
    assert facts["birth_date"]["required"] is True


def test_unknown_city_detail_is_404(client):
    assert client.get("/api/v1/cities/atlantis").status_code == 404


def test_errors_are_problem_json_with_pointers(client):
    r = post(client, {"city": "beijing", "as_of": "2022-06-30", "facts": dict(RANK_6006, education="phd"), "lang": "en"})
    assert r.status_code == 400 and r.mimetype == "application/problem+json"
    d = r.get_json()
    assert d["status"] == 400 and d["type"] == "/api/v1/problems/invalid-input" and d["title"]
    assert d["errors"][0]["pointer"] == "/facts/education"
    assert r.headers["Content-Language"] == "en"


def test_unknown_api_path_is_problem_json_404(client):
    r = client.get("/api/v1/nothing-here?lang=zh")
    assert r.status_code == 404 and r.mimetype == "application/problem+json"
    assert any("\u4e00" <= ch <= "\u9fff" for ch in r.get_json()["title"])


def test_wrong_method_is_405_problem(client):
    r = client.get("/api/v1/score")
    assert r.status_code == 405 and r.mimetype == "application/problem+json"


def test_cors_is_open_and_credential_free(client):
    r = client.options("/api/v1/score", headers={"Origin": "https://portal.example",
                                                 "Access-Control-Request-Method": "POST"})
    assert r.status_code == 204
    assert r.headers["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in r.headers
    assert client.get("/api/v1/cities").headers["Access-Control-Allow-Origin"] == "*"


def test_rate_limit_answers_429_with_retry_after(tmp_path, limiter_clock):
    from calculator import create_app
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'r.db'}",
                      "SECRET_KEY": "t", "API_RATE_LIMIT": "3/minute"})
    from calculator.web.extensions import db
    with app.app_context():
        db.create_all()
    c = app.test_client()
    codes = [c.get("/api/v1/cities", environ_base={"REMOTE_ADDR": "10.9.8.7"}).status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    r = c.get("/api/v1/cities?lang=en", environ_base={"REMOTE_ADDR": "10.9.8.7"})
    assert r.status_code == 429 and r.mimetype == "application/problem+json"
    assert int(r.headers["Retry-After"]) > 0
    # another client is not affected
    assert c.get("/api/v1/cities", environ_base={"REMOTE_ADDR": "10.9.8.8"}).status_code == 200


def test_compare_scores_one_set_of_facts_in_many_cities(client):
    r = client.post("/api/v1/compare", json={"as_of": "2022-06-30", "lang": "en", "facts": RANK_6006,
                                             "cities": ["beijing", "kunming"]})
    assert r.status_code == 200
    d = r.get_json()
    by = {x["city"]: x for x in d["results"]}
    assert by["beijing"]["total"] == "105.42"
    # a city without a scheme is placed by its route (no longer an error entry): Kunming opened settlement
    kunming = {c["id"]: c for c in d["other_cities"]}["kunming"]
    assert "kunming" not in by and kunming["group"] == "open" and kunming["verdict"]["state"] == "no_points_needed"
    assert "kunming" in {c["id"] for c in d["open_cities"]}


def test_compare_rejects_unknown_cities(client):
    r = client.post("/api/v1/compare", json={"facts": RANK_6006, "cities": ["atlantis"]})
    assert r.status_code == 400 and r.get_json()["errors"][0]["field"] == "cities.atlantis"


def test_explain_returns_explanation_and_sources(client):
    d = client.post("/api/v1/explain", json={"city": "beijing", "as_of": "2022-06-30", "facts": RANK_6006,
                                             "lang": "en"}).get_json()
    assert d["explanation"]["dominant"]["id"] == "employment" and d["sources"]
    assert "items" not in d


def test_fixed_window_counts_per_client_and_resets():
    from calculator.web.ratelimit import MemoryCounters, hit, parse
    w = MemoryCounters()
    assert parse("120/minute") == (120, 60) and parse("5/seconds") == (5, 1)
    assert [hit("a", 2, 60, now=600.0, store=w) for _ in range(3)][:2] == [None, None]
    assert hit("a", 2, 60, now=630.0, store=w) == 30.0  # still the same window: 30 s to wait
    assert hit("b", 2, 60, now=630.0, store=w) is None
    assert hit("a", 2, 60, now=660.0, store=w) is None  # next window
    assert hit("c", 10, 60, cost=11, now=600.0, store=w) == 60.0  # a batch counts its rows


def test_items_and_prerequisites_point_into_the_sources_list(client):
    d = post(client, {"city": "beijing", "as_of": "2022-06-30", "facts": RANK_6006, "lang": "en"}).get_json()
    docs = {s["id"]: s for s in d["sources"]}
    assert len(docs) == len(d["sources"])  # each document once
    for x in d["items"] + d["prerequisites"]:
        ref = x["source"]
        assert ref["source"] in docs
        if ref["article"]:
            assert ref["article"] in docs[ref["source"]]["articles"]
    assert docs["measures2016"]["number"] == "京政办发〔2016〕39号" and docs["calculators"]["unverified"] is True


def test_a_partial_total_is_called_a_lower_bound_only_when_it_is_one(client):
    facts = {"birth_date": "1988-04-12", "sex": "female", "holds_residence_permit": True,
             "social_insurance_months": 96, "education": "bachelor", "degree": "bachelor"}
    wuhan = post(client, {"city": "wuhan", "as_of": "2024-06-30", "facts": facts, "lang": "en"}).get_json()
    assert wuhan["total_is_partial"] is True and wuhan["partial_total_is_lower_bound"] is True
    # Tianjin's missing value is a deduction (false information): the real total may be lower
    tianjin = client.post("/api/v1/score", json={"city": "tianjin", "as_of": "2024-06-30", "facts": facts})
    assert tianjin.status_code == 200
    d = tianjin.get_json()
    assert d["total_is_partial"] is True and d["partial_total_is_lower_bound"] is False
    beijing = post(client, {"city": "beijing", "as_of": "2022-06-30", "facts": RANK_6006}).get_json()
    assert beijing["partial_total_is_lower_bound"] is None


def test_the_city_list_made_once_per_language_answers_each_in_its_own(client):
    """The list is kept per published set and language: asking in one language never hands the
    other one's names back, whichever is asked first."""
    for _ in range(2):
        en = client.get("/api/v1/cities?lang=en").get_json()["cities"]
        zh = client.get("/api/v1/cities", headers={"Accept-Language": "zh-CN"}).get_json()["cities"]
        assert next(c["name"] for c in en if c["id"] == "lasa") == "Lhasa"
        assert next(c["name"] for c in zh if c["id"] == "lasa") == "拉萨"
