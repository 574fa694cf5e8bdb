"""The statutory retirement age: the 2024 NPCSC decision's month tables (办法 Art. 1, annexes 1-3),
the prerequisite that uses it, and the words a user reads about it."""
import datetime as dt

import pytest

from calculator.core.policy import default_policy
from calculator.core.retirement import add_months, retirement, retirement_age_months, retirement_date

D = dt.date


# (birth, sex, category, age "years:months", retirement month) from the annex tables' rows
TABLE = [
    # annex 1, men: unaffected before 1965-01; row 1 1965-01..04 -> 60y1m (2025-02..05); 63 from 1976-09
    (D(1964, 12, 1), "male", None, "60:0", (2024, 12)),
    (D(1965, 1, 1), "male", None, "60:1", (2025, 2)),
    (D(1965, 4, 1), "male", None, "60:1", (2025, 5)),
    (D(1965, 5, 1), "male", None, "60:2", (2025, 7)),
    (D(1976, 8, 1), "male", None, "62:11", (2039, 7)),
    (D(1976, 9, 1), "male", None, "63:0", (2039, 9)),
    (D(1995, 6, 1), "male", None, "63:0", (2058, 6)),
    # annex 2, women with original age 55: row 1 1970-01..04 -> 55y1m; 58 from 1981-09
    (D(1969, 12, 1), "female", "cadre", "55:0", (2024, 12)),
    (D(1970, 1, 1), "female", "cadre", "55:1", (2025, 2)),
    (D(1970, 5, 1), "female", "cadre", "55:2", (2025, 7)),
    (D(1981, 8, 1), "female", "cadre", "57:11", (2039, 7)),
    (D(1981, 9, 1), "female", "cadre", "58:0", (2039, 9)),
    # annex 3, women with original age 50: row 1 1975-01..02 -> 50y1m; 55 from 1984-11
    (D(1974, 12, 1), "female", "worker", "50:0", (2024, 12)),
    (D(1975, 1, 1), "female", "worker", "50:1", (2025, 2)),
    (D(1975, 2, 1), "female", "worker", "50:1", (2025, 3)),
    (D(1975, 3, 1), "female", "worker", "50:2", (2025, 5)),
    (D(1984, 10, 1), "female", "worker", "54:11", (2039, 9)),
    (D(1984, 11, 1), "female", "worker", "55:0", (2039, 11)),
]


@pytest.mark.parametrize("born, sex, category, age, month", TABLE)
def test_the_annex_tables(born, sex, category, age, month):
    years, months = map(int, age.split(":"))
    assert retirement_age_months(born, sex, category) == years * 12 + months
    r = retirement_date(born, sex, category)
    assert (r.year, r.month) == month and r.day == born.day


def test_a_woman_without_a_category_gets_the_earlier_age():
    born = D(1978, 6, 10)
    assert retirement_date(born, "female", None) == retirement_date(born, "female", "worker")
    assert retirement_date(born, "female", None) < retirement_date(born, "female", "cadre")
    # and a man's category is ignored
    assert retirement_date(born, "male", "worker") == retirement_date(born, "male", None)


def test_a_day_the_month_does_not_have_is_its_last_day():
    assert retirement_date(D(1975, 1, 31), "female", "worker") == D(2025, 2, 28)
    assert add_months(D(1980, 1, 31), 1) == D(1980, 2, 29)
    assert add_months(D(1980, 12, 15), 1) == D(1981, 1, 15)


def test_bad_sex_or_category_is_refused():
    with pytest.raises(ValueError):
        retirement(D(1980, 1, 1), "other", None)
    with pytest.raises(ValueError):
        retirement(D(1980, 1, 1), "female", "teacher")


BASE = {"holds_residence_permit": True, "social_insurance_months": 120, "education": "none"}


def _outcome(facts, day, city="beijing"):
    result, _ = default_policy().evaluate(city, {**BASE, **facts}, day)
    return next(o for o in result.prerequisites if o.prerequisite.id == "under_retirement_age")


def test_the_condition_names_the_retirement_month_and_reads_the_category_only_for_women():
    o = _outcome({"birth_date": "1966-03-20", "sex": "male"}, D(2026, 6, 1))
    assert o.met and o.detail["retirement_date"] == D(2026, 7, 20) and o.detail["retirement_age_months"] == 724
    assert o.detail["facts"] == ["birth_date", "sex"]
    o = _outcome({"birth_date": "1975-03-20", "sex": "female"}, D(2026, 6, 1))
    assert not o.met and o.detail["category"] == "worker" and "retirement_category" in o.detail["facts"]
    assert o.status == "unanswered" and o.unanswered_facts == ("retirement_category",)
    # answered "worker", the same woman is unmet; too old for either age, blank is unmet too
    answered = _outcome({"birth_date": "1975-03-20", "sex": "female", "retirement_category": "worker"}, D(2026, 6, 1))
    assert answered.status == "unmet"
    old = _outcome({"birth_date": "1960-03-20", "sex": "female"}, D(2026, 6, 1))
    assert old.status == "unmet" and "retirement_category" not in old.detail["facts"]
    # the same woman as a cadre (original age 55) is under it: an unanswered category decides
    assert _outcome({"birth_date": "1975-03-20", "sex": "female", "retirement_category": "cadre"}, D(2026, 6, 1)).met


def test_a_man_of_60_in_2025_is_no_longer_refused():
    """The third-party 60 refused him; the decision gives him 60 years and 3 months."""
    o = _outcome({"birth_date": "1965-10-01", "sex": "male"}, D(2025, 11, 15))
    assert o.met and o.detail["retirement_date"] == D(2026, 1, 1)


def test_wuhan_takes_every_woman_at_the_original_age_of_55():
    facts = {"birth_date": "1971-02-01", "sex": "female", "retirement_category": "worker"}
    o = _outcome(facts, D(2026, 5, 1), "wuhan")
    assert o.met and o.detail["category"] == "cadre" and o.detail["facts"] == ["birth_date", "sex"]
    assert o.detail["retirement_date"] == D(2026, 6, 1)  # 55 years 4 months


@pytest.mark.parametrize("lang, words", [("en", ["60 years 1 month", "2025-02-15", "February 2025"]),
                                         ("zh", ["60周岁1个月", "2025-02-15", "2025年2月"])])
def test_the_unmet_message_says_when_in_both_languages(app, lang, words):
    from calculator.web.i18n import retirement_note, unmet_message
    policy = default_policy()
    o = _outcome({"birth_date": "1965-01-15", "sex": "male"}, D(2025, 3, 1))
    with app.app_context():
        text = unmet_message(o, policy.vocab, lang)
        assert all(w in text for w in words), text
        met = _outcome({"birth_date": "1965-01-15", "sex": "male"}, D(2025, 1, 1))
        note = retirement_note(met, lang)
        assert all(w in note for w in words), note


def test_the_woman_worker_hint_appears_only_when_the_category_could_change_it(app):
    from calculator.web.i18n import unmet_message
    policy = default_policy()
    with app.app_context():
        w = _outcome({"birth_date": "1975-01-15", "sex": "female"}, D(2025, 3, 1))
        assert "55" in unmet_message(w, policy.vocab, "en").split("Waiting")[1]
        c = _outcome({"birth_date": "1970-01-15", "sex": "female", "retirement_category": "cadre"}, D(2025, 3, 1))
        assert "change that answer" not in unmet_message(c, policy.vocab, "en")
