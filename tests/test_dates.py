"""Dates as people type them (some WeChat builds have no date picker; without JavaScript the form
has text boxes): every accepted and refused form, and the form read without JavaScript."""
import datetime as dt
import re

import pytest

from calculator.core import periods
from calculator.core.dates import parse_day

QS = {"as_of": "2022-06-30", "sex": "male", "holds_residence_permit": "true", "social_insurance_months": "174",
      "residence_owned_days": "4532", "education": "master", "degree": "master", "study_overlap_months": "36",
      "relocated_job_and_residence_years": "4", "income_tax_years_over_100k": "1"}


@pytest.mark.parametrize("typed,day", [
    ("2019-03-15", dt.date(2019, 3, 15)), ("2019/03/15", dt.date(2019, 3, 15)), ("2019/3/15", dt.date(2019, 3, 15)),
    ("2019.3.15", dt.date(2019, 3, 15)), ("2019.3", dt.date(2019, 3, 1)), ("2019-3", dt.date(2019, 3, 1)),
    ("2019/03", dt.date(2019, 3, 1)), ("2019年3月", dt.date(2019, 3, 1)), ("2019年03月", dt.date(2019, 3, 1)),
    ("2019年3月15日", dt.date(2019, 3, 15)), (" 2019 年 3 月 ", dt.date(2019, 3, 1)),
    ("２０１９－０３－１５", dt.date(2019, 3, 15)), ("２０１９年３月", dt.date(2019, 3, 1)), ("２０１９．３", dt.date(2019, 3, 1)),
    ("2019。3", dt.date(2019, 3, 1)), ("2020-02-29", dt.date(2020, 2, 29))])
def test_accepted_forms_mean_the_day_people_mean(typed, day):
    assert parse_day(typed) == day


@pytest.mark.parametrize("typed", ["", "2019", "2019年", "2019-13", "2019-0", "2019-02-30", "2019-02-29",
                                   "19-3-1", "15/03/2019", "March 2019", "2019-3-15-1", "20190315", "soon",
                                   "٢٠١٩-٠٣-١٥", None])
def test_refused_forms(typed):
    assert parse_day(typed) is None


def test_a_month_alone_ends_on_its_last_day_for_the_end_of_a_period():
    assert parse_day("2019-2", month_end=True) == dt.date(2019, 2, 28)
    assert parse_day("2019-12-10", month_end=True) == dt.date(2019, 12, 10)


def test_periods_keep_their_parser():
    assert periods.parse_day is parse_day


def text(html):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_form_offers_text_boxes_for_dates_with_the_formats_explained(client):
    html = client.get("/zh/beijing/").get_data(as_text=True)
    assert re.search(r'<input class="date" type="text" id="f-birth_date" name="birth_date"', html)
    assert 'type="date"' not in html
    assert "1990年5月" in text(html)


@pytest.mark.parametrize("typed", ["1975-06-15", "1975.6", "1975年6月", "1975/6/15", "１９７５－０６－１５"])
def test_birth_date_typed_any_way_scores_like_the_iso_date(client, typed):
    iso = client.get("/en/beijing/result", query_string=dict(QS, birth_date="1975-06-01")).get_data(as_text=True)
    page = client.get("/en/beijing/result", query_string=dict(QS, birth_date=typed))
    assert page.status_code == 200
    total = re.search(r"(\d+\.\d\d) points", text(iso)).group(1)
    assert f"{total} points" in text(page.get_data(as_text=True))


def test_start_date_typed_as_a_month(client):
    qs = dict(QS, birth_date="1975-06-15", social_insurance_months="", social_insurance_months_since="2008年1月")
    month = text(client.get("/en/beijing/result", query_string=qs).get_data(as_text=True))
    iso = text(client.get("/en/beijing/result", query_string=dict(qs, social_insurance_months_since="2008-01-01"))
               .get_data(as_text=True))
    assert re.search(r"(\d+\.\d\d) points", month).group(1) == re.search(r"(\d+\.\d\d) points", iso).group(1)


@pytest.mark.parametrize("lang,message", [
    ("en", "Enter a real date as 1990-05-31, 1990/5/31, 1990.5 or 1990年5月"),
    ("zh", "请输入真实的日期，如 1990-05-31、1990/5/31、1990.5 或 1990年5月")])
def test_an_unreadable_date_is_refused_at_its_field_in_the_language(client, lang, message):
    page = client.get(f"/{lang}/beijing/result", query_string=dict(QS, birth_date="15/06/1975"))
    html = page.get_data(as_text=True)
    assert page.status_code == 400  # the form again, with the error: no 500
    assert 'href="#f-birth_date"' in html and message in text(html)
    assert 'value="15/06/1975"' in html  # what was typed is kept for correcting


def test_parsing_a_date_keeps_nothing_of_it():
    """The dates parsed are people's birth dates: no memo of them stays in the process."""
    from calculator.core import dates, facts
    for fn in (facts.parse_date, dates.parse_day):
        assert not hasattr(fn, "cache_info") and not hasattr(fn, "__wrapped__")
