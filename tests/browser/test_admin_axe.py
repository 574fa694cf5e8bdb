"""axe-core finds no violation on any console page, in Chinese and in English: sign-in, the
city's versions, the draft editor with its effect panel, the publish page with its guard, history
with a comparison, a version, the audit log, the simulation form and its results, the password
page and an error page."""
import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.browser.test_admin_journey import PASSWORD, USER, admin_server, watched  # noqa: F401

pytestmark = pytest.mark.browser


def no_violations(page, what):
    results = Axe().run(page)
    assert results.violations_count == 0, f"{what}:\n" + results.generate_report()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_console_page_has_no_axe_violation(admin_server, watched, lang):
    page, base = watched, admin_server
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{base}/admin/{lang}/login")
    no_violations(page, "sign-in")
    page.locator("#username").fill(USER)
    page.locator("#password").fill(PASSWORD)
    page.locator("form button[type=submit]").last.click()
    expect(page).to_have_url(f"{base}/admin/{lang}/beijing/")
    no_violations(page, "city")

    page.locator("form[action$='/drafts'] button[type=submit]").first.click()
    expect(page).to_have_url(re.compile(r"/drafts/beijing-draft-\d+$"))
    draft_url = page.url
    no_violations(page, "editor")
    # a non-compliant draft, so the publish page shows its guard
    page.locator("#f-item-employment-rule-per_year").fill("1")
    page.locator("#numbers-form button[value=save]").first.click()
    expect(page.locator(".flash")).to_be_visible()
    no_violations(page, "editor after a save")
    page.goto(draft_url + "/publish")
    expect(page.locator("#guard")).to_be_visible()
    no_violations(page, "publish with the guard")
    page.locator("#publish-button").click()     # refused: field errors shown
    expect(page.locator("#error-summary")).to_be_visible()
    no_violations(page, "publish refused")

    for name, path in (("history", f"/admin/{lang}/beijing/history?a=beijing-2016&b=beijing-2020"),
                       ("version", f"/admin/{lang}/beijing/versions/beijing-2020"),
                       ("rollback", f"/admin/{lang}/beijing/versions/beijing-2016/rollback"),
                       ("audit", f"/admin/{lang}/beijing/audit"),
                       ("password", f"/admin/{lang}/password"),
                       ("not found", f"/admin/{lang}/beijing/versions/nothing-here"),
                       ("simulation", f"/admin/{lang}/beijing/simulate")):
        page.goto(base + path)
        no_violations(page, name)
    page.locator("#run").click()
    expect(page.locator("#results")).to_be_visible(timeout=30000)
    no_violations(page, "simulation results")
    assert [p for p in page.problems if "status of 4" not in p] == []
