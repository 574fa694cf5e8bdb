"""Periods of insurance and residence: counted in calendar months (or days), breaks named,
overlaps refused at the field, and durations typed in years where a person thinks in years."""
import datetime as dt
import re
from urllib.parse import urlencode

import pytest

from calculator.core import periods as P
from calculator.public.answers import read

BASE = {"as_of": "2026-12-02", "birth_date": "1991-06-01", "sex": "male", "holds_residence_permit": "true",
        "education": "bachelor", "degree": "bachelor"}


def text(html):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.mark.parametrize("given,expected", [
    ("2019-03-15", dt.date(2019, 3, 15)), ("2019/03/15", dt.date(2019, 3, 15)), ("2019.3", dt.date(2019, 3, 1)),
    ("2019-3", dt.date(2019, 3, 1)), ("2019年3月", dt.date(2019, 3, 1)), ("2019年3月15日", dt.date(2019, 3, 15)),
    ("2019", None), ("2019-13", None), ("2019-02-30", None), ("soon", None)])
def test_dates_as_people_write_them(given, expected):
    assert P.parse_day(given) == expected


def test_january_to_february_is_two_months_not_one():
    assert P.calendar_months(dt.date(2019, 1, 1), dt.date(2019, 2, 28)) == 2
    answers = read({"social_insurance_months_since": "2019-01-01", "as_of": "2019-02-28"}, _vocab(), dt.date.today())
    assert answers.facts["social_insurance_months"] == 2


@pytest.mark.parametrize("typed,unit,value", [("6年", "day", 2190), ("6 years", "day", 2190), ("6", "day", 6),
                                              ("18个月", "day", 548), ("2年", "month", 24), ("730天", "month", 24),
                                              ("1.5年", "month", 18), ("lots", "day", None)])
def test_durations_in_the_unit_people_think_in(typed, unit, value):
    assert P.amount_in_unit(typed, unit) == value


def test_18_months_typed_as_days_still_counts_18_whole_months():
    days = P.amount_in_unit("18个月", "day")
    assert days * 12 // 365 == 18 and (days - 1) * 12 // 365 == 17


def test_six_years_renting_typed_in_years_scores_as_2190_days(client):
    qs = urlencode({**BASE, "social_insurance_months": "96", "residence_rented_days": "6年"})
    by_days = urlencode({**BASE, "social_insurance_months": "96", "residence_rented_days": "2190"})
    a, b = client.get(f"/en/beijing/result?{qs}"), client.get(f"/en/beijing/result?{by_days}")
    assert a.status_code == b.status_code == 200
    total = lambda r: re.search(r'class="total">.*?<strong>([\d.]+)</strong>', r.get_data(as_text=True), re.S).group(1)  # noqa: E731
    assert total(a) == total(b) == "62.00"


def _vocab():
    from calculator.core.policy import default_policy
    return default_policy().vocab


def test_several_insurance_periods_add_up_and_a_break_is_named(client):
    qs = urlencode({**BASE, "si1_from": "2015-01", "si1_to": "2019-02", "si2_from": "2019-06"})
    answers = read(dict(qs_pairs(qs)), _vocab(), dt.date.today())
    # January 2015 to February 2019: 50 months; June 2019 to December 2026: 91
    assert answers.facts["social_insurance_months"] == 141 and answers.facts["pension_insurance_months"] == 141
    for lang, words in (("en", "Social insurance break (断缴) from 2019-03 to 2019-05: 3 month(s) not paid."),
                        ("zh", "社会保险断缴：2019-03至2019-05，共3个月未缴。")):
        r = client.get(f"/{lang}/beijing/result?{qs}")
        assert r.status_code == 200 and words in text(r.get_data(as_text=True))


def qs_pairs(qs):
    from urllib.parse import parse_qsl
    return parse_qsl(qs)


def test_insurances_ticked_count_per_insurance_for_shenzhen(client):
    from werkzeug.datastructures import MultiDict
    args = MultiDict([*BASE.items(), ("si1_from", "2020-01"), ("si1_to", "2024-12"),
                      ("si1_kinds", "pension"), ("si1_kinds", "medical"), ("si2_from", "2025-01")])
    answers = read(args, _vocab(), dt.date.today())
    f = answers.facts
    assert f["pension_insurance_months"] == 60 + 24 and f["medical_insurance_months"] == 84
    assert f["unemployment_insurance_months"] == 24 and f["social_insurance_months"] == 84


def test_homes_owned_and_rented_as_periods(client):
    qs = urlencode({**BASE, "social_insurance_months": "96", "home1_from": "2016-01-01", "home1_to": "2020-12-31",
                    "home1_kind": "rented", "home2_from": "2021-01-01", "home2_kind": "owned"})
    answers = read(dict(qs_pairs(qs)), _vocab(), dt.date.today())
    assert answers.facts["residence_rented_days"] == 1827  # 2016-01-01 to 2020-12-31, both counted
    assert answers.facts["residence_owned_days"] == (dt.date(2026, 12, 2) - dt.date(2021, 1, 1)).days + 1
    assert answers.breaks["home"] == []
    r = client.get(f"/zh/beijing/result?{qs}")
    assert r.status_code == 200


@pytest.mark.parametrize("extra,target,words", [
    ({"si1_from": "2015-01", "si1_to": "2019-02", "si2_from": "2018-06"}, "f-si2_from", "overlaps period 1"),
    ({"si1_from": "2019-05", "si1_to": "2019-02"}, "f-si1_from", "the start is after the end"),
    ({"si1_from": "someday"}, "f-si1_from", "Period 1: enter a date"),
    ({"si1_from": "2015-01", "si1_to": "2030-01"}, "f-si1_to", "on or before the application date"),
    ({"si1_from": "2015-01", "social_insurance_months": "12"}, "f-social_insurance_months", "You entered periods"),
    ({"home1_from": "2016-01-01", "social_insurance_months": "96"}, "f-home1_kind", "choose owned or rented"),
])
def test_period_problems_are_errors_at_the_field_and_change_nothing(client, extra, target, words):
    qs = urlencode({**BASE, **extra})
    r = client.get(f"/en/beijing/result?{qs}")
    html = r.get_data(as_text=True)
    assert r.status_code == 400
    summary = html.split('class="error-summary"', 1)[1].split("</div>", 1)[0]
    assert f'href="#{target}"' in summary and words in text(summary)
    assert f'id="{target}"' in html  # the link's target is on the page (the period rows open)


def test_the_form_offers_period_rows_without_javascript_and_keeps_them(client):
    qs = urlencode({**BASE, "si1_from": "2015-01", "si1_kinds": "pension"})
    html = client.get(f"/en/shenzhen/?{qs}").get_data(as_text=True)
    assert html.count('class="period"') == 8  # 4 insurance and 4 home rows
    assert 'value="2015-01"' in html and re.search(r'name="si1_kinds" value="pension" checked', html)
    assert '<details class="periods" open>' in html
    # a city that asks neither keeps the periods as hidden answers (for comparing)
    assert read(dict(qs_pairs(qs)), _vocab(), dt.date.today()).values["si1_from"] == "2015-01"
