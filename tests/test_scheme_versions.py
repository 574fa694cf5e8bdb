"""Which version a date selects, and what a services scheme tells its users."""
import datetime as dt

import pytest

from calculator.core.policy import default_policy

D = dt.date


@pytest.mark.parametrize("day, expected", [
    (D(2015, 7, 1), "shanghai-2015"), (D(2018, 6, 30), "shanghai-2015"), (D(2018, 7, 1), "shanghai-2017"),
    (D(2022, 12, 31), "shanghai-2017"), (D(2023, 1, 1), "shanghai-2022"), (D(2027, 12, 31), "shanghai-2022"),
    (D(2028, 1, 1), None)])
def test_shanghai_dates_select_one_version_each(day, expected):
    s = default_policy().scheme_for("shanghai", day)
    assert (s.id if s else None) == expected


@pytest.mark.parametrize("sid", ["shanghai-2017", "shanghai-2022"])
def test_shanghai_says_services_not_hukou_and_points_to_the_permit_route(sid):
    s = default_policy().schemes[sid]
    assert s.kind == "services" and s.threshold == 120
    assert "居转户" in s.notes["zh"] and "不能凭积分落户" in s.notes["zh"]
    assert "居转户" in s.notes["en"] and "does not give hukou" in s.notes["en"]


def test_the_2017_six_months_are_primary_and_unverified_for_2022():
    p = default_policy()
    six = {sid: next(x for x in p.schemes[sid].prerequisites if x.id == "employee_social_insurance_6_months")
           for sid in ("shanghai-2017", "shanghai-2022")}
    assert six["shanghai-2017"].reliability == "P" and six["shanghai-2022"].reliability == "U"
    # the 2017 table was not found: its values are unverified, the 2022 ones secondary
    assert {i.reliability for i in p.schemes["shanghai-2017"].items} == {"U"}
    assert {i.reliability for i in p.schemes["shanghai-2022"].items} == {"S"}


@pytest.mark.parametrize("day, expected", [(D(2016, 5, 16), None), (D(2016, 5, 17), "foshan-2016"),
                                           (D(2016, 12, 31), "foshan-2016"), (D(2017, 1, 1), None)])
def test_foshan_2016_is_selected_by_date_until_its_stated_end(day, expected):
    s = default_policy().scheme_for("foshan", day)
    assert (s.id if s else None) == expected


def test_foshan_registry_says_why_none_is_in_force_now():
    city = default_policy().cities["foshan"]
    assert city.scheme_gap and "2016" in city.scheme_gap["en"] and "not found" in city.scheme_gap["en"]


@pytest.mark.parametrize("city, document", [("tianjin", "津政发〔2021〕6号"), ("guangzhou", "穗府规〔2023〕1号")])
def test_a_version_that_may_be_superseded_says_so_and_by_what(city, document):
    s = default_policy().scheme_for(city, D(2026, 12, 2))
    assert document in s.notes["zh"] and document in s.notes["en"]
    assert "可能已被" in s.notes["zh"] and "may be superseded" in s.notes["en"]
