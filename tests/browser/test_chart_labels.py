"""Chart labels a phone can read: at 375 px every label of the result's charts and of the
console's histogram is drawn at 12 px or more (they were about 10 px and 7 px)."""
import re

import pytest
from playwright.sync_api import expect

from tests.browser.test_admin_journey import PASSWORD, USER, admin_server, watched  # noqa: F401
from tests.browser.test_share_large import QS, SHOTS

pytestmark = pytest.mark.browser
# the size a label is drawn at: its font size in the SVG's units times the SVG's scale on screen
FONT_PX = """sel => Math.min(...[...document.querySelectorAll(sel)].map(t => {
  const svg = t.ownerSVGElement;
  return parseFloat(getComputedStyle(t).fontSize) * svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
}))"""


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_result_chart_labels_are_12_px_or_more_on_a_phone(browser, live_server, lang):
    context = browser.new_context(viewport={"width": 375, "height": 740})
    page = context.new_page()
    page.goto(f"{live_server}/{lang}/beijing/result?{QS}")
    assert page.locator("svg.chart text").count() >= 4
    assert page.evaluate(FONT_PX, "svg.chart text") >= 12
    context.close()


def test_console_histogram_labels_are_12_px_or_more_on_a_phone(admin_server, watched):
    page, base = watched, admin_server
    page.set_viewport_size({"width": 375, "height": 740})
    page.goto(f"{base}/admin/en/login")
    page.locator("#username").fill(USER)
    page.locator("#password").fill(PASSWORD)
    page.locator("form button[type=submit]").last.click()
    expect(page).to_have_url(f"{base}/admin/en/beijing/")
    page.locator("form[action$='/drafts'] button[type=submit]").first.click()
    expect(page).to_have_url(re.compile(r"/drafts/beijing-draft-\d+$"))
    page.goto(page.url + "?quota=3000")
    expect(page.locator("svg.hist")).to_be_visible(timeout=30000)
    page.locator("svg.hist").scroll_into_view_if_needed()
    assert page.evaluate(FONT_PX, "svg.hist text.tick") >= 12
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.locator("figure.histogram").screenshot(path=str(SHOTS / "histogram-375.png"))

