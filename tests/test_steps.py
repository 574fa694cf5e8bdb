"""Long forms a step at a time (Guangzhou: 47 questions): progress, a GET per step carrying the
answers in the URL, a step's errors on that step, check your answers with change links, then the
result; the one-page form on request, and still the default for short forms."""
import re
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.test_embed import HOST, eclient  # noqa: F401 (fixture)


def text(html):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def hidden(html):
    return dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', html))


@pytest.mark.parametrize("lang,progress", [("en", "Step 1 / 7"), ("zh", "步骤 1 / 7")])
def test_a_long_form_starts_at_step_one_of_seven(client, lang, progress):
    html = client.get(f"/{lang}/guangzhou/").get_data(as_text=True)
    assert progress in text(html)
    assert 'name="birth_date"' in html and 'name="as_of"' in html
    assert 'name="social_insurance_months"' not in html          # that is step 2
    assert re.search(r'<a href="/%s/guangzhou/\?form=one">' % lang, html)
    assert 'class="back"' not in html


def test_short_forms_stay_on_one_page_and_the_long_one_on_request(client):
    beijing = client.get("/en/beijing/").get_data(as_text=True)
    assert "Step 1 /" not in beijing and 'name="income_tax_years_over_100k"' in beijing
    one = client.get("/en/guangzhou/?form=one").get_data(as_text=True)
    assert "Step 1 /" not in one and 'name="birth_date"' in one and 'name="social_insurance_months"' in one


def test_a_steps_errors_are_shown_on_that_step(client):
    r = client.get("/en/guangzhou/?step=1&next=1&sex=male&birth_date=31/5/1990")
    html = r.get_data(as_text=True)
    assert r.status_code == 400 and "Step 1 / 7" in text(html)
    assert re.findall(r'<li><a href="#([^"]+)"', html) == ["f-birth_date"]  # not step 2's questions
    assert 'value="31/5/1990"' in html and re.search(r'value="male"[^>]* checked', html)


def test_a_valid_step_goes_on_to_the_next_with_its_answers_in_the_url(client):
    r = client.get("/en/guangzhou/?step=1&next=1&as_of=2026-12-01&birth_date=1990.5&sex=female&honour=")
    assert r.status_code == 303
    to = urlsplit(r.headers["Location"])
    assert to.path == "/en/guangzhou/"
    assert parse_qs(to.query) == {"as_of": ["2026-12-01"], "birth_date": ["1990.5"], "sex": ["female"], "step": ["2"]}
    html = client.get(r.headers["Location"]).get_data(as_text=True)
    assert "Step 2 / 7" in text(html) and 'name="social_insurance_months"' in html
    assert hidden(html)["birth_date"] == "1990.5" and hidden(html)["as_of"] == "2026-12-01"
    back = re.search(r'<a class="back" href="([^"]+)"', html).group(1).replace("&amp;", "&")
    assert parse_qs(urlsplit(back).query)["step"] == ["1"]


def test_the_last_step_leads_to_check_your_answers_with_change_links(client):
    r = client.get("/en/guangzhou/?step=7&next=1&birth_date=1990-05-01&sex=female")
    assert r.status_code == 303 and "step=check" in r.headers["Location"]
    html = client.get("/en/guangzhou/?step=check&birth_date=1990-05-01&sex=female&social_insurance_months=60"
                      ).get_data(as_text=True)
    assert "Check your answers" in text(html)
    assert "Female" in text(html) and "60 months" in text(html) and "Not answered" in text(html)
    change = re.search(r'<a href="([^"]+)">Change<span class="vh"> Date of birth', html).group(1)
    assert change.replace("&amp;", "&").endswith("#f-birth_date") and "step=1" in change
    form = re.search(r'<form method="get" action="/en/guangzhou/result">(.*?)</form>', html, re.S).group(1)
    assert hidden(form) == {"birth_date": "1990-05-01", "sex": "female", "social_insurance_months": "60"}


def test_a_result_sent_back_with_errors_opens_the_step_of_the_first_error(client):
    r = client.get("/en/guangzhou/result?birth_date=1990-05-01&sex=female")
    html = r.get_data(as_text=True)
    assert r.status_code == 400 and "Step 2 / 7" in text(html) and 'name="social_insurance_months"' in html


def test_steps_stay_inside_the_embed(eclient):  # noqa: F811
    r = eclient.get(f"/embed/en/guangzhou/?step=1&next=1&birth_date=1990-05-01&sex=female&parent={HOST}")
    assert r.status_code == 303 and r.headers["Location"].startswith("/embed/en/guangzhou/?")
    html = eclient.get(r.headers["Location"]).get_data(as_text=True)
    assert f'name="parent" value="{HOST}" data-control' in html and "Step 2 / 7" in text(html)
