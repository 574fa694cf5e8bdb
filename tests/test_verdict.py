"""The verdict: every state reached, in both languages, through the API (the page, embed and CLI
word the same object); three statuses for conditions; a projection that ages the person; and
scenarios judged by the round they move."""
import datetime as dt
import re

import pytest
from hypothesis import given, settings, strategies as st

from calculator.core.errors import InputError
from calculator.core.policy import default_policy
from calculator.core.facts import add_years
from calculator.core.projection import baseline_growth, grown, project
from calculator.core.scoring import score
from calculator.core.verdict import STATES, city_verdict
from calculator.wording.verdict_text import headline

AS_OF = "2026-12-02"
BASE = {"birth_date": "1991-06-01", "sex": "male", "social_insurance_months": 96, "residence_rented_days": 2190,
        "education": "bachelor", "degree": "bachelor", "holds_residence_permit": True}
RANK_6006 = {"birth_date": "1975-06-15", "sex": "male", "holds_residence_permit": True,
             "social_insurance_months": 174, "residence_owned_days": 4532, "education": "master",
             "degree": "master", "study_overlap_months": 36, "relocated_job_and_residence_years": 4,
             "income_tax_years_over_100k": 1}
CHENGDU_LOW = {"birth_date": "1980-01-01", "sex": "male", "social_insurance_months": 40, "education": "none",
               "degree": "none", "holds_residence_permit": True, "chengdu_eligible_area": True}

# state -> (city, facts, as_of, words that must be in the en headline, in the zh headline)
CASES = {
    "not_eligible": ("beijing", {**RANK_6006, "social_insurance_months": 80, "study_overlap_months": 0}, "2022-06-30",
                     "You cannot apply yet: 1 condition(s) not met.", "您暂不能申请：有1项条件未满足。"),
    "unanswered": ("shenzhen", BASE, AS_OF, "answer 1 more question(s)", "请再回答1个问题"),
    "below_threshold": ("chengdu", CHENGDU_LOW, AS_OF, "60.00 points, 40.00 short of the 100.00 needed",
                        "积分为60.00分，距申请所需的100.00分还差40.00分"),
    "meets_threshold": ("hangzhou", BASE, AS_OF, "You reach the minimum score", "您达到了最低分值"),
    "below_cutoff": ("beijing", RANK_6006, "2022-06-30", "11.91 points (10.2%) under the 2025 cutoff of 117.33",
                     "比2025年分数线117.33分低11.91分（10.2%）"),
    "at_or_above_cutoff": ("beijing", {**BASE, "social_insurance_months": 300, "residence_owned_days": 9000,
                                       "residence_rented_days": 0, "birth_date": "1980-01-01",
                                       "education": "doctorate", "degree": "doctorate"}, AS_OF,
                           "At or above the last cutoff: 156.66 points, against 117.33 in 2025.",
                           "达到或超过最近一次分数线：您的积分为156.66分，2025年分数线为117.33分。"),
    "no_published_line": ("shenzhen", {**BASE, "shenzhen_insured_at_application": True}, AS_OF,
                          "No cutoff has been published", "没有公布过分数线"),
}


def post(client, city, facts, as_of, lang, **extra):
    r = client.post("/api/v1/score", json={"city": city, "facts": facts, "as_of": as_of, "lang": lang, **extra})
    assert r.status_code == 200, r.get_json()
    return r.get_json()


def test_every_state_has_a_case():
    assert set(CASES) | {"no_points_needed"} == set(STATES)


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("state", list(CASES))
def test_each_state_in_both_languages(client, state, lang):
    city, facts, as_of, en, zh = CASES[state]
    d = post(client, city, facts, as_of, lang)
    v = d["verdict"]
    assert v["state"] == state
    assert (en if lang == "en" else zh) in v["headline"]
    if lang == "zh":
        assert not re.search(r"[A-Za-z]{3,}", v["headline"]), v["headline"]  # no English left in it
    # the verdict holds the figures it states
    if state in ("below_cutoff", "at_or_above_cutoff", "below_threshold", "meets_threshold"):
        assert v["line"]["points"] in v["headline"] and v["total"] in v["headline"]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_no_points_needed_for_cities_that_settle_by_conditions(app, lang):
    with app.test_request_context():
        text = headline(city_verdict("open"), 2, lang)
    assert city_verdict("open").state == "no_points_needed"
    assert text == ("No points are needed: this city settles by conditions or has no restriction." if lang == "en"
                    else "无需积分：该城市按条件落户或没有落户限制。")


def test_not_eligible_names_the_condition_and_when_time_alone_meets_it(client):
    city, facts, as_of, *_ = CASES["not_eligible"]
    failing = post(client, city, facts, as_of, "en")["verdict"]["failing"]
    assert [f["id"] for f in failing] == ["social_insurance_7_years"]
    assert failing[0]["met_by_time_on"] == "2022-10"  # 80 months on 30 June 2022: 84 in October
    assert "You need 4 more months" in failing[0]["what_would_meet_it"]


def test_an_age_limit_is_never_met_by_waiting(client):
    old = {**BASE, "birth_date": "1960-01-01", "shenzhen_insured_at_application": True,
           "pension_insurance_months": 96, "medical_insurance_months": 96}
    v = post(client, "shenzhen", old, AS_OF, "en")["verdict"]
    assert v["state"] == "not_eligible"
    age = next(f for f in v["failing"] if f["id"] == "age")
    assert age["met_by_time_on"] is None and age["when"] == "Time alone cannot meet it."


@pytest.mark.parametrize("city,fact", [("shenzhen", "shenzhen_insured_at_application"),
                                       ("guangzhou", "guangzhou_employed_or_business"),
                                       ("chengdu", "chengdu_eligible_area")])
def test_a_blank_city_question_is_unanswered_not_unmet(client, city, fact):
    d = post(client, city, BASE, AS_OF, "en")
    assert d["verdict"]["state"] == "unanswered"
    assert fact in [q["fact"] for q in d["verdict"]["questions"]]
    waiting = [p for p in d["prerequisites"] if fact in p["unanswered_facts"]]
    assert waiting and all(p["status"] == "unanswered" and p["what_would_meet_it"] is None for p in waiting)
    assert d["unmet_prerequisites"] == [] and d["total"]  # the total is still given
    # answered "no", the same condition is unmet
    d = post(client, city, {**BASE, fact: False}, AS_OF, "en")
    assert d["verdict"]["state"] == "not_eligible"
    assert any(p["status"] == "unmet" for p in d["prerequisites"])


def test_an_answered_part_of_all_of_decides_it_even_with_a_blank_part(client):
    # Shenzhen: no criminal record AND no banned organisation; a record answered yes is unmet
    d = post(client, "shenzhen", {**BASE, "shenzhen_insured_at_application": True, "criminal_record": True}, AS_OF, "en")
    p = next(p for p in d["prerequisites"] if p["id"] == "no_criminal_record")
    assert p["status"] == "unmet"


def test_projection_ages_the_person_and_stops_at_the_age_limit(client):
    d = post(client, "beijing", BASE, AS_OF, "en")
    p = d["projection"]
    totals = [r["total"] for r in p["rows"]]
    # 8 years of insurance and 6 renting, a bachelor's at 35: +3.5 a year until the age item
    # starts falling at 48 (20 -> 0 by 52), then growth again
    assert totals[:3] == ["62.00", "65.50", "69.00"] and totals[12] == "104.00" and totals[13] == "103.50"
    assert p["reaches_latest_cutoff"]["as_of"] == "2048-12-02" and p["reaches_latest_cutoff"]["age"] == 57
    # born 1991: the statutory retirement age is 63 (2024 NPCSC decision), not the old 60
    assert p["stop"] == {"reason": "retirement", "date": "2054-06-01", "condition": None}
    assert "2048-12-02" in p["summary"] and "not predictions" in p["summary"]


def test_scenarios_rank_by_the_round_they_move_and_put_awards_last(client):
    sc = post(client, "beijing", BASE, AS_OF, "en", scenarios=True)["scenarios"]
    kinds = [s["kind"] for s in sc]
    assert "own_home" in kinds and "upgrade" in kinds and "start_growing" in kinds
    awards = [s["award"] for s in sc]
    assert awards == sorted(awards)  # every award after every plain change
    plain = [s for s in sc if not s["award"]]
    assert [s["reaches_line_on"] for s in plain] == sorted(s["reaches_line_on"] for s in plain)
    own = next(s for s in sc if s["kind"] == "own_home")
    assert own["delta_now"] == "0.00" and own["years_sooner"] == 3 and own["reaches_line_on"] == "2045-12-02"


def test_shenzhen_owning_is_offered_not_only_the_bravery_award(client):
    sc = post(client, "shenzhen", {**BASE, "shenzhen_insured_at_application": True}, AS_OF, "en",
              scenarios=True)["scenarios"]
    assert sc[0]["kind"] == "own_home" and not sc[0]["award"]
    assert sc[0]["delta_in_five_years"] == "48.00"  # 60 months at 1 a month instead of 0.2
    assert sc[-1]["award"] and sc[-1]["facts"] == ["bravery_commendations"]


FACT_SETS = st.fixed_dictionaries({
    "birth_date": st.dates(dt.date(1962, 1, 1), dt.date(2004, 1, 1)).map(dt.date.isoformat),
    "sex": st.sampled_from(["male", "female"]),
    "social_insurance_months": st.integers(0, 240),
    "residence_owned_days": st.integers(0, 4000), "residence_rented_days": st.integers(0, 4000),
    "education": st.sampled_from(["none", "associate", "bachelor", "master", "doctorate"]),
    "holds_residence_permit": st.booleans(),
})


@settings(max_examples=40, deadline=None)
@given(facts=FACT_SETS, city=st.sampled_from(["beijing", "shenzhen", "guangzhou", "tianjin", "hangzhou", "wuhan",
                                                "nanjing", "chengdu"]))
def test_each_projection_row_equals_scoring_the_grown_facts_on_its_date(facts, city):
    policy = default_policy()
    try:
        result, _ = policy.evaluate(city, facts, dt.date(2026, 12, 2))
    except InputError:  # impossible combinations (more insurance than working life) are refused
        return
    p = project(result, policy.vocab)
    for row in p.rows:
        again = score(result.scheme, row.facts, row.as_of, result.unanswered_facts)
        assert again.total == row.total
        assert tuple(o.status for o in again.prerequisites) == row.statuses
    if p.reaches is not None:
        assert p.reaches.total >= p.line.points and p.reaches.open
        assert all(r.total < p.line.points or not r.open for r in p.rows[:p.rows.index(p.reaches)])


def test_scenarios_come_on_request_and_on_explain(client):
    assert "scenarios" not in post(client, "beijing", BASE, AS_OF, "en")  # a plain score stays fast
    asked = post(client, "beijing", BASE, AS_OF, "en", scenarios=True)["scenarios"]
    r = client.post("/api/v1/explain", json={"city": "beijing", "facts": BASE, "as_of": AS_OF, "lang": "en"})
    assert r.status_code == 200 and r.get_json()["scenarios"] == asked
    assert r.get_json()["verdict"]["state"] == "below_cutoff"


def test_the_projection_chart_never_writes_two_years_on_top_of_each_other():
    """A round reached next to the last one (2051 beside 2052) once printed '20521' on a phone."""
    from decimal import Decimal
    from types import SimpleNamespace
    from calculator.public.charts import projection_chart
    rows = [SimpleNamespace(as_of=dt.date(2026 + i, 12, 1), total=Decimal(50 + 3 * i)) for i in range(27)]
    svg = str(projection_chart(rows, Decimal("117.33"), 25, 2, "2025 cutoff 117.33"))
    years = re.findall(r'font-size="12">(\d{4})</text>', svg)
    assert "2051" in years and "2052" not in years and "2026" in years   # the reaching round wins
    assert svg.count('class="cut-dot"') == 3                             # every marked round keeps its dot
    far = str(projection_chart(rows, Decimal("117.33"), 12, 2, "2025 cutoff 117.33"))
    assert re.findall(r'font-size="12">(\d{4})</text>', far) == ["2026", "2038", "2052"]


SCORED_CITIES = sorted(c for c, versions in default_policy().by_city.items() if versions)


@settings(max_examples=60, deadline=None)
@given(facts=FACT_SETS, city=st.sampled_from(SCORED_CITIES),
       as_of=st.sampled_from([dt.date(2022, 6, 30), dt.date(2026, 12, 2)]),
       more=st.fixed_dictionaries({"income_tax_years_over_100k": st.integers(0, 5),
                                   "study_overlap_months": st.integers(0, 12)}))
def test_a_scenario_read_off_the_baseline_equals_projecting_it(facts, city, as_of, more, monkeypatch_shift):
    """Scenarios read off the baseline's rows (shifted, or with the items they touch evaluated
    again): the same answer as projecting each one again, for every scheme."""
    policy = default_policy()
    try:
        result, _ = policy.evaluate(city, {**facts, **more}, as_of)
    except InputError:
        return
    fast = policy.decide(result)
    with monkeypatch_shift():
        slow = policy.decide(result)
    assert fast.scenarios == slow.scenarios
    # and a changed fact's figures are those of scoring the changed facts, now and in five years
    scheme, later = result.scheme, add_years(as_of, 5)
    plan = baseline_growth(result.facts, scheme, policy.vocab, as_of)
    for s in fast.scenarios:
        if s.proposed:
            assert s.points_now == score(scheme, {**result.facts, **s.proposed}, as_of).total
        if s.proposed and s.delta_later is not None:
            assert s.delta_later == score(scheme, grown({**result.facts, **s.proposed}, plan, policy.vocab, later),
                                          later).total - score(scheme, grown(result.facts, plan, policy.vocab, later),
                                                               later).total


@pytest.fixture(scope="module")
def monkeypatch_shift():
    """A context that turns the shortcut off (every scenario projected in full)."""
    import contextlib

    from calculator.core import scenarios as sc

    @contextlib.contextmanager
    def off():
        keep = sc._reach_by_difference
        sc._reach_by_difference = lambda *a, **k: None
        try:
            yield
        finally:
            sc._reach_by_difference = keep
    return off
