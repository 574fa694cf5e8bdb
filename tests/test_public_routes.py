"""Public pages: every page in both languages, the Beijing result with known answers, the GOV.UK
error pattern, start dates, the language switch, and the stateless rules (no cookie, no logging)."""
import datetime as dt
import re
from urllib.parse import urlencode

import pytest

from calculator.core.periods import calendar_months
from calculator.public.answers import read

AS_OF = "2022-06-30"
BEIJING = {"birth_date": "1975-06-15", "sex": "male", "holds_residence_permit": "true",
           "social_insurance_months": "174", "residence_owned_days": "4532", "education": "master",
           "degree": "master", "study_overlap_months": "36", "relocated_job_and_residence_years": "4",
           "income_tax_years_over_100k": "1"}
QS = urlencode({**BEIJING, "as_of": AS_OF})
HTML_LANG = {"zh": 'lang="zh-CN"', "en": 'lang="en"'}


def get(client, url, status=200):
    r = client.get(url)
    assert r.status_code == status, (url, r.status_code)
    assert "Set-Cookie" not in r.headers, url
    return r, r.get_data(as_text=True)


def title(html):
    return re.search(r"<title>(.*?)</title>", html, re.S).group(1)


PAGES = [("/{lang}/", {"zh": "我能在这座城市落户吗", "en": "Can I settle in this city"}),
         ("/{lang}/beijing/", {"zh": "计算我的积分", "en": "Calculate my points"}),
         ("/{lang}/beijing/result?" + QS, {"zh": "105.42", "en": "105.42"}),
         ("/{lang}/compare?" + QS, {"zh": "我能在哪里落户", "en": "Where can I settle"}),
         ("/{lang}/kunming/", {"zh": "昆明", "en": "Kunming"})]


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("url,key", PAGES)
def test_every_page_in_both_languages(client, lang, url, key):
    r, html = get(client, url.format(lang=lang))
    assert HTML_LANG[lang] in html.split(">", 2)[1]
    assert key[lang] in html
    assert r.headers["Content-Type"].startswith("text/html")
    # CSP: nothing inline (no style attribute or element, no inline script)
    assert "style=" not in html and "<style" not in html
    assert re.findall(r"<script(?![^>]*\bsrc=)", html) == []
    assert 'src="/static/js/live.js" defer' in html


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_beijing_result_with_known_answers(client, lang):
    _, html = get(client, f"/{lang}/beijing/result?{QS}")
    text = re.sub(r"<[^>]+>", " ", html)
    assert "105.42" in text
    assert "43.50" in text and "41.3%" in text and "-10.50" in text     # items, shares
    assert "53.0%" in text                                              # the main share
    assert "117.33" in text and "11.91" in text                         # latest cutoff, gap
    assert "4.00" in text                                               # per extra year
    assert text.count("<svg") == 0 and html.count('<svg class="bar"') == 11
    assert html.count('<svg class="chart"') == 2                        # projection and past cutoffs
    # the verdict comes first: before the item table, with its figures in words
    head = html.index('id="verdict"')
    assert head < html.index('class="items"')
    if lang == "en":
        assert "Below the last cutoff: 105.42 points, 11.91 points (10.2%) under the 2025 cutoff of 117.33." in text
        assert "first reaches the 2025 cutoff (117.33) in the round of 2030-06-30, aged 55" in text
        assert "ranked about 5,921 of the 6,006 admitted; 86 people were tied at the cutoff of 105.42" in text
        assert "Stable legal employment" in text and "unverified" in text
        assert "Resident identity card" in text and "Beijing social-insurance personal record" in text
        assert "Each item is rounded half up to 2 decimals" in text
        assert "not an official decision" in text
        assert "never a prediction" in text
    else:
        assert "低于最近一次分数线：您的积分为105.42分，比2025年分数线117.33分低11.91分（10.2%）。" in text
        assert "合法稳定就业" in text and "未核实" in text
        assert "居民身份证" in text and "不是官方决定" in text
    assert re.search(r'class="print-url"', html)


def test_result_shows_unmet_prerequisite_and_what_meets_it(client):
    qs = urlencode({**BEIJING, "social_insurance_months": "80", "study_overlap_months": "0", "as_of": AS_OF})
    _, html = get(client, f"/en/beijing/result?{qs}")
    assert "You cannot apply yet: 1 condition(s) not met." in html
    assert "You need 4 more months: at least 84, you have 80." in html
    # four more months of insurance from 30 June 2022: met by time alone in October
    assert "Time alone meets it in 2022-10, if nothing else changes." in html


@pytest.mark.parametrize("lang,prefix", [("en", "Error: "), ("zh", "错误：")])
def test_bad_answers_re_render_the_form_with_the_error_summary(client, lang, prefix):
    qs = urlencode({**BEIJING, "sex": "x", "social_insurance_months": "lots", "birth_date": "", "as_of": AS_OF})
    _, html = get(client, f"/{lang}/beijing/result?{qs}", status=400)
    assert title(html).startswith(prefix)
    summary = html.split('class="error-summary"', 1)[1].split("</div>", 1)[0]
    for field in ("birth_date", "sex", "social_insurance_months"):
        assert f'href="#f-{field}"' in summary
        assert f'id="f-{field}-error"' in html               # message next to the field
        assert f'id="f-{field}"' in html                     # the link target exists
    assert ("Enter a whole number." if lang == "en" else "请输入整数。") in html
    assert ("Male, Female" if lang == "en" else "男, 女") in html  # choices by label, not code
    # the answers given are kept in the form
    assert 'value="lots"' in html and re.search(r'value="master"[^>]*checked', html)


def test_bad_application_date_and_unknown_version_are_errors_not_500(client):
    _, html = get(client, "/en/beijing/result?as_of=yesterday", status=400)
    assert 'href="#f-as_of"' in html
    _, html = get(client, f"/en/beijing/result?{QS}&scheme=beijing-1999", status=400)
    assert "Unknown scheme version" in html.split('id="f-as_of-error"', 1)[1][:200]
    _, html = get(client, f"/en/beijing/result?{urlencode({**BEIJING, 'as_of': '2010-01-01'})}", status=400)
    assert "No points scheme of this city is in force on 2010-01-01." in html


@pytest.mark.parametrize("query", [
    "", "as_of=", "birth_date=9999-99-99", "social_insurance_months=99999999999999999999",
    "social_insurance_months=-5", "social_insurance_months_since=2030-01-01", "residence_owned_days_since=x",
    "birth_date=2020-01-01&sex=male&education=none&social_insurance_months=1",
    "birth_date=1900-01-01&sex=male&education=none&social_insurance_months=1",
    "sex=male&sex=female", "as_of=0001-01-01", "as_of=9999-12-31&" + QS, "scheme=&education=%00",
    "from=singlemessage&isappinstalled=0&" + QS, "q=" + "x" * 5000, "holds_residence_permit=maybe",
])
def test_odd_query_strings_never_fail(client, query):
    for url in (f"/en/beijing/result?{query}", f"/zh/compare?{query}", f"/en/beijing/?{query}", f"/zh/?{query}"):
        assert client.get(url).status_code in (200, 400), url


def test_wechat_parameters_are_ignored(client):
    _, html = get(client, f"/en/beijing/result?{QS}&from=singlemessage&isappinstalled=0")
    assert "105.42" in html


def test_start_dates_are_counted_to_the_application_date(client, policy):
    day = dt.date(2022, 6, 30)
    insured_since = dt.date(2008, 1, 1)  # January 2008 to June 2022: 174 calendar months
    owned_since = day - dt.timedelta(days=4532)
    assert calendar_months(insured_since, day) == 174
    answers = {**BEIJING, "social_insurance_months": "", "residence_owned_days": "",
               "social_insurance_months_since": insured_since.isoformat(),
               "residence_owned_days_since": owned_since.isoformat(), "as_of": AS_OF}
    parsed = read(answers, policy.vocab, dt.date.today())
    assert parsed.facts["social_insurance_months"] == 174 and parsed.facts["residence_owned_days"] == 4532
    _, html = get(client, f"/en/beijing/result?{urlencode(answers)}")
    assert "105.42" in html


def test_start_date_problems_are_field_errors(client):
    later = urlencode({**BEIJING, "social_insurance_months": "", "social_insurance_months_since": "2023-01-01",
                       "as_of": AS_OF})
    _, html = get(client, f"/en/beijing/result?{later}", status=400)
    assert 'href="#f-social_insurance_months_since"' in html
    assert "on or before the application date (2022-06-30)" in html
    both = urlencode({**BEIJING, "social_insurance_months_since": "2010-01-01", "as_of": AS_OF})
    _, html = get(client, f"/zh/beijing/result?{both}", status=400)
    assert "二者只填其一" in html


@pytest.mark.parametrize("url", ["/zh/beijing/result?" + QS, "/zh/compare?" + QS, "/zh/beijing/?" + QS, "/zh/?q=bei"])
def test_language_switch_keeps_the_query_string(client, url):
    _, html = get(client, url)
    path, qs = url.split("?")
    expected = "/en/" + path[4:] + "?" + qs
    assert f'href="{expected.replace("&", "&amp;")}" lang="en" hreflang="en"' in html


def test_change_your_answers_keeps_every_answer(client):
    _, html = get(client, f"/en/beijing/result?{QS}")
    assert f'href="/en/beijing/?{QS.replace("&", "&amp;")}"' in html
    assert f'href="/en/compare?{QS.replace("&", "&amp;")}"' in html
    _, form = get(client, f"/en/beijing/?{QS}")
    assert 'name="birth_date" value="1975-06-15"' in form
    assert re.search(r'value="male"[^>]*checked', form) and re.search(r'value="true"[^>]*checked', form)
    assert 'name="social_insurance_months" value="174"' in form
    assert 'name="as_of" value="2022-06-30"' in form


def test_answers_for_other_cities_travel_as_hidden_fields(client):
    _, form = get(client, f"/en/beijing/?{QS}&housing_fund_months=30")
    assert '<input type="hidden" name="housing_fund_months" value="30">' in form


def test_form_is_generated_from_the_scheme_facts(client, policy):
    _, html = get(client, "/en/beijing/")
    facts = policy.scheme_for("beijing", dt.date.today()).facts
    for f in facts:
        assert f'name="{f}"' in html, f
    # durations take a count or a start date; sections in order, personal first
    assert 'name="social_insurance_months_since"' in html and 'name="residence_owned_days_since"' in html
    order = [html.index(f'id="s-{s}"') for s in ("application", "personal", "social_insurance", "residence",
                                                  "education", "other")]
    assert order == sorted(order)
    assert "<legend>Sex</legend>" in html
    assert "Document: Resident identity card" in html and "As on your identity card." in html
    assert "Beijing Points-Based Settlement Measures (2020 revision)" in html and "version 2020" in html


def test_historical_version_has_a_banner(client):
    _, html = get(client, "/en/beijing/?scheme=beijing-2016")
    assert "This is a past version of the scheme" in html
    assert '<input type="hidden" name="scheme" value="beijing-2016">' in html


def test_partial_scheme_is_labelled(client, policy):
    partial = [s for s in policy.schemes.values() if s.partial]
    if not partial:
        pytest.skip("no partial scheme in the data")
    s = partial[0]
    _, html = get(client, f"/en/{s.city}/?scheme={s.id}")
    assert "totals are partial" in html


def test_city_without_a_scheme_explains_and_links_its_source(client, policy):
    _, html = get(client, "/en/kunming/")
    assert "<form method" not in html and "does not settle by points" in html
    assert "own rule: open settlement" in html
    src = policy.cities["kunming"].official_source
    if src and src.get("url"):
        assert src["url"] in html
    r = client.get(f"/en/kunming/result?{QS}")
    assert r.status_code == 302 and r.headers["Location"].endswith("/en/kunming/")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_home_groups_cities_by_tier_and_searches(client, lang, policy):
    _, html = get(client, f"/{lang}/")
    for tier in ("points", "relaxed", "unrestricted"):
        assert f'id="t-{tier}"' in html
    assert html.count("<li data-search=") == len(policy.cities)
    assert ("3 million" if lang == "en" else "300万") in html
    assert ("open settlement" if lang == "en" else "全面放开落户") in html       # Kunming's own rule
    assert ("settlement by conditions" if lang == "en" else "按条件落户") in html  # e.g. Xi'an
    _, found = get(client, f"/{lang}/?q=beij")
    assert found.count("<li data-search=") == 1 and 'href="/%s/beijing/"' % lang in found
    _, found = get(client, f"/{lang}/?q=%E6%98%86%E6%98%8E")  # 昆明
    assert 'href="/%s/kunming/"' % lang in found and found.count("<li data-search=") == 1


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_compare_scores_every_city_in_force(client, lang, policy):
    day = dt.date(2022, 6, 30)
    _, html = get(client, f"/{lang}/compare?{QS}")
    assert 'href="/%s/beijing/result?%s"' % (lang, QS.replace("&", "&amp;")) in html
    assert "105.42" in html
    for c in policy.cities:
        if policy.scheme_for(c, day):
            assert f'/{lang}/{c}/' in html, c
    assert f'href="/{lang}/kunming/"' in html                   # open cities named
    _, empty = get(client, f"/{lang}/compare")
    # no answers yet: one follow-up form asks what every city needs, nothing is "not met"
    assert ("Questions some cities still ask" if lang == "en" else "部分城市还需要的问题") in empty
    assert 'name="birth_date"' in empty and ("not met" if lang == "en" else "未满足") not in empty


def test_compare_with_a_bad_date_is_400(client):
    _, html = get(client, f"/en/compare?{urlencode({**BEIJING, 'as_of': 'nope'})}", status=400)
    assert title(html).startswith("Error: ")
    assert 'href="#f-as_of"' in html and 'id="f-as_of"' in html and 'id="f-as_of-error"' in html
    # the date form keeps every other answer
    assert '<input type="hidden" name="birth_date" value="1975-06-15">' in html


@pytest.mark.parametrize("url", ["/en/nowhere/", "/zh/nowhere/result", "/xx/"])
def test_unknown_pages_are_404_in_the_language(client, url):
    _, html = get(client, url, status=404)
    assert "Page not found" in html or "页面不存在" in html


def test_pages_set_no_cookie_even_with_a_session_cookie_sent(client):
    client.set_cookie("session", "junk")
    r = client.get(f"/en/beijing/result?{QS}")
    assert r.status_code == 200 and "Set-Cookie" not in r.headers


def test_pages_work_from_the_shipped_files_when_the_database_is_not_set_up(tmp_path):
    from calculator import create_app
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'empty.db'}",
                      "SECRET_KEY": "test"})
    client = app.test_client()
    for url in ("/en/", "/en/beijing/", f"/en/beijing/result?{QS}", f"/zh/compare?{QS}"):
        assert client.get(url).status_code == 200, url


def test_pages_with_answers_are_not_cached(client):
    assert client.get(f"/en/beijing/result?{QS}").headers["Cache-Control"] == "no-store"
    assert client.get(f"/en/compare?{QS}").headers["Cache-Control"] == "no-store"
    assert client.get(f"/en/beijing/?{QS}").headers["Cache-Control"] == "no-store"
    assert "no-store" not in client.get("/en/").headers.get("Cache-Control", "")
