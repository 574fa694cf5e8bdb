"""Every number knows when it was last checked: each version's checked_on is loaded, answered by
the API, shown on the result page and in docs/schemes.md, and `flask schemes stale` lists what
is due. A version in force without it fails here."""
import datetime as dt

import pytest

from calculator.core.policy import default_policy
from calculator.core.report import markdown, stale
from calculator.core.schemes import load_scheme

TODAY = dt.date.today()


def in_force_on_some_day(s):
    return not s.historical or s.in_force_on(TODAY)


@pytest.mark.parametrize("sid", sorted(default_policy().schemes))
def test_every_version_in_force_says_when_it_was_checked(sid):
    s = default_policy().schemes[sid]
    if in_force_on_some_day(s):
        assert s.checked_on is not None, f"{sid} is in force but has no checked_on"
    if s.checked_on is not None:
        assert dt.date(2026, 1, 1) <= s.checked_on <= TODAY, f"{sid}: checked_on {s.checked_on} is not a past day"


def test_a_bad_checked_on_is_refused(policy):
    from calculator.core.errors import SchemeError
    from calculator.core.problems import Problem
    doc = dict(policy.schemes["beijing-2020"].document, checked_on="last spring")
    with pytest.raises(SchemeError) as e:
        load_scheme(doc, policy.vocab)
    assert ("checked_on", Problem("not_a_date")) in e.value.problems


def test_stale_lists_what_is_due_in_force_first(policy):
    day = dt.date(2026, 12, 2)
    due = stale(policy, day, 5)
    ids = [r["scheme"].id for r in due]
    assert "shanghai-2022" not in ids and "beijing-2020" in ids      # checked that day / 11 days before
    flags = [r["in_force"] for r in due]
    assert flags == sorted(flags, reverse=True)
    assert stale(policy, day, 365) == []
    assert {r["scheme"].id for r in stale(policy, day, 5, in_force_only=True)} <= \
        {s.id for s in policy.schemes.values() if s.in_force_on(day)}


def test_stale_command(runner):
    out = runner.invoke(args=["schemes", "stale", "--older-than", "5", "--as-of", "2026-12-02", "--in-force"])
    assert out.exit_code == 0, out.output
    assert "beijing-2020" in out.output and "checked 2026-11-21 (11 days ago)" in out.output
    assert "shanghai-2022" not in out.output and "beijing-2016" not in out.output
    bad = runner.invoke(args=["schemes", "stale", "--older-than", "-1"])
    assert bad.exit_code == 2


def test_the_api_answer_carries_it(client):
    r = client.post("/api/v1/score", json={"city": "shanghai", "as_of": "2026-06-30", "lang": "en", "facts": {
        "birth_date": "1990-03-01", "sex": "female", "holds_residence_permit": True, "social_insurance_months": 65,
        "shanghai_employee_social_insurance": True, "education": "bachelor", "degree": "bachelor"}})
    assert r.status_code == 200, r.get_json()
    assert r.get_json()["scheme"]["checked_on"] == "2026-12-02"
    assert r.get_json()["scheme"]["kind"] == "services"


@pytest.mark.parametrize("lang, words", [("en", "Checked against the sources on 2026-11-21."),
                                         ("zh", "本版本的分值于2026-11-21与来源核对。")])
def test_the_result_page_says_when(client, lang, words):
    q = ("birth_date=1975-06-15&sex=male&holds_residence_permit=true&social_insurance_months=174"
         "&residence_owned_days=4532&education=master&degree=master&as_of=2022-06-30")
    r = client.get(f"/{lang}/beijing/result?{q}")
    assert r.status_code == 200
    html = r.get_data(as_text=True)
    assert 'id="checked-on"' in html and words in html


def test_the_report_shows_the_dates(policy):
    text = markdown(policy, dt.date(2026, 12, 2))
    assert "| checked |" in text and "| shanghai-2022 | services | 2023-01-01 – 2027-12-31 | 2026-12-02 |" in text
