"""The officials' console in a real Chromium: a Beijing official signs in, starts a draft, raises the
social-insurance (employment) weight, sees the main-share verdict rise, publishes with an effective
date, and the public calculator uses the new version from that date. CSRF is on, as in production;
the database is a SQLite file set up as `flask init-db` does (Alembic upgrade, then the shipped
schemes)."""
import datetime as dt
import re
from urllib.parse import urlencode

import pytest
from playwright.sync_api import expect

from calculator import create_app
from calculator.core.policy import default_policy
from calculator.web.extensions import db
from calculator.storage.models import User, seed_schemes
from tests.browser.conftest import serving

pytestmark = pytest.mark.browser

USER, PASSWORD = "bj-official", "a long enough passphrase"
FACTS = {"birth_date": "1975-06-15", "sex": "male", "holds_residence_permit": True,
         "social_insurance_months": 174, "residence_owned_days": 4532, "education": "master",
         "degree": "master", "study_overlap_months": 36, "relocated_job_and_residence_years": 4,
         "income_tax_years_over_100k": 1}


@pytest.fixture
def admin_server(tmp_path):
    """The app on 127.0.0.1 at a random port, in a thread, over a fresh SQLite file."""
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'console.db'}",
                      "SECRET_KEY": "browser-test", "WTF_CSRF_ENABLED": True})
    with app.app_context():
        from flask_migrate import upgrade
        upgrade()
        seed_schemes(default_policy())
        u = User(username=USER, role="official", city="beijing", active=True)
        u.set_password(PASSWORD)
        db.session.add(u)
        db.session.commit()
    with serving(app) as server:
        yield f"http://127.0.0.1:{server.server_port}"
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def watched(page):
    """The page, with every console error and uncaught exception collected."""
    problems = []
    page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    page.problems = problems
    return page


def share(page) -> float:
    return float(page.locator("#draft-share").get_attribute("data-share"))


def test_an_official_raises_the_social_insurance_weight_and_publishes_it(admin_server, watched):
    page = watched
    base = admin_server

    # signed out: the console sends us to sign in, then back
    page.goto(f"{base}/admin/en/beijing/")
    expect(page).to_have_url(re.compile(r"/admin/en/login\?next="))
    expect(page.locator("h1")).to_have_text("Sign in")
    page.get_by_label("Username").fill(USER)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(f"{base}/admin/en/beijing/")
    expect(page.get_by_text("In force today: beijing-2020")).to_be_visible()

    # start a draft from the version in force
    page.get_by_role("button", name="Start a draft from the version in force").click()
    expect(page).to_have_url(re.compile(r"/admin/en/beijing/drafts/beijing-draft-\d+$"))
    expect(page.locator(".flash")).to_contain_text("started from beijing-2020")
    before = share(page)
    assert before == pytest.approx(61.2, abs=1.5)   # the pool's admitted; 61.2% on the 2020 list
    expect(page.locator("#population-note")).to_contain_text("synthetic pool of 122,852 applicants")
    expect(page.locator("#item-count")).to_have_text("Published: 11 items. Draft: 11 items.")

    # raise the employment (social insurance) weight from 3 to 4 points a year, and save
    field = page.get_by_label("Points per year of social insurance", exact=True)
    expect(field).to_have_value("3")
    assert field.get_attribute("name") == "item:employment:rule.per_year"
    field.fill("4")
    page.get_by_role("button", name="Save changes").first.click()
    expect(page.locator(".flash")).to_have_text("Draft saved.")
    expect(page.locator("#f-item-employment-rule-per_year")).to_have_value("4")
    after = share(page)
    assert after > before                      # the verdict's percentage rises
    expect(page.locator("#share-table .verdict.ok").last).to_have_text("Main share")
    expect(page.locator("#sim-changes")).to_contain_text("enter")
    expect(page.locator("svg.hist rect.bar.draft")).to_have_count(20)

    # a mistake is shown next to its field, in the summary too, and nothing is lost
    assert page.problems == []
    page.locator("#f-item-tax-rule-terms-0--points").fill("two")
    page.get_by_role("button", name="Save changes").first.click()
    expect(page).to_have_title(re.compile(r"^Error: "))
    # the refused form answers 422, which Chromium notes in the console: that one is expected
    assert [p for p in page.problems if "status of 422" not in p] == []
    page.problems.clear()
    expect(page.locator("#error-summary")).to_contain_text("'two' is not a number")
    expect(page.locator("#f-item-tax-rule-terms-0--points-error")).to_contain_text("is not a number")
    page.locator("#error-summary a").first.click()
    expect(page.locator("#f-item-tax-rule-terms-0--points")).to_have_value("two")
    page.locator("#f-item-tax-rule-terms-0--points").fill("2")

    # publish with an effective date
    start = dt.date.today() + dt.timedelta(days=90)
    page.get_by_role("link", name="Publish…").click()
    expect(page.locator("h1")).to_contain_text("Publish draft")
    expect(page.locator("#change-sentences")).to_contain_text("Stable legal employment: 3 points a year → 4")
    page.get_by_label("In force from").fill(start.isoformat())
    page.get_by_label("Version label").fill("next")
    page.get_by_role("button", name="Publish").click()
    expect(page).to_have_url(f"{base}/admin/en/beijing/")
    expect(page.locator(".flash")).to_have_text(f"Published beijing-next, in force from {start.isoformat()}.")
    expect(page.locator("tr.state-scheduled")).to_contain_text("beijing-next")

    # the public calculator uses it from that date, and the earlier version before it
    def scored(day):
        r = page.request.post(f"{base}/api/v1/score",
                              data={"city": "beijing", "as_of": day.isoformat(), "facts": FACTS})
        assert r.ok, r.text()
        body = r.json()
        return body["scheme"]["id"], {i["id"]: i["points"] for i in body["items"]}["employment"]

    assert scored(start - dt.timedelta(days=1)) == ("beijing-2020", "43.50")
    assert scored(start) == ("beijing-next", "58.00")
    answers = {k: ("true" if v is True else str(v)) for k, v in FACTS.items()}
    r = page.request.get(f"{base}/en/beijing/result?" + urlencode({**answers, "as_of": start.isoformat()}))
    if r.ok:  # the public result page, where it exists
        assert "next" in r.text()

    # the audit log says who did what
    page.get_by_role("link", name="Audit log").click()
    expect(page.locator("table.audit")).to_contain_text("Published")
    expect(page.locator("table.audit")).to_contain_text(USER)

    # the console in Chinese, then sign out
    page.get_by_role("link", name="中文").click()
    expect(page.locator("html")).to_have_attribute("lang", "zh-CN")
    expect(page).to_have_url(f"{base}/admin/zh/beijing/audit")
    page.locator("header form button[type=submit]").click()
    expect(page).to_have_url(f"{base}/admin/zh/login")
    page.goto(f"{base}/admin/en/beijing/")
    expect(page).to_have_url(re.compile(r"/admin/en/login"))

    assert page.problems == []
