"""Guangzhou's 47 questions step by step on a 375 px phone with JavaScript off: every step, check
your answers, a change link and back, the result; axe on a step and on the check page."""
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser.test_journeys import answers_for, fill

pytestmark = pytest.mark.browser
SHOTS = Path(__file__).resolve().parents[2] / "screenshots"


def axe_clean(browser, url):
    """axe needs script in the page: the same GET page (every answer is in its URL) with it on."""
    ctx = browser.new_context(viewport={"width": 375, "height": 740})
    page = ctx.new_page()
    page.goto(url)
    results = Axe().run(page)
    ctx.close()
    assert results.violations_count == 0, results.generate_report()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_guangzhou_step_by_step_without_javascript(browser, live_server, lang):
    ctx = browser.new_context(java_script_enabled=False, viewport={"width": 375, "height": 740})
    page = ctx.new_page()
    page.set_default_timeout(10_000)
    answers = dict(answers_for("guangzhou"), birth_date="1988年4月")  # typed as people do
    page.goto(f"{live_server}/{lang}/guangzhou/")
    progress = "步骤 {} / 7" if lang == "zh" else "Step {} / 7"
    SHOTS.mkdir(exist_ok=True)
    for n in range(1, 8):
        assert progress.format(n) in page.locator(".progress").inner_text()
        if n == 1:
            # a step's errors stay on it
            page.locator("form button[type=submit]").click()
            assert progress.format(1) in page.locator(".progress").inner_text()
            assert page.locator(".error-summary a").count() >= 2
            axe_clean(browser, page.url)
        fill(page, answers)
        if n == 2:
            page.screenshot(path=str(SHOTS / f"step-375-{lang}.png"), full_page=True)
            axe_clean(browser, page.url)
        page.locator("form button[type=submit]").click()
        assert page.locator(".error-summary").count() == 0, page.locator(".error-summary").inner_text()
    assert "step=check" in page.url
    page.screenshot(path=str(SHOTS / f"check-375-{lang}.png"), full_page=True)
    axe_clean(browser, page.url)
    # change a step's answer: back on that step at the question, answers kept, then on to check again
    page.locator("a[href*='#f-sex']").click()
    assert progress.format(1) in page.locator(".progress").inner_text()
    assert page.locator("#f-birth_date").input_value() == "1988年4月"
    for _ in range(7):
        page.locator("form button[type=submit]").click()
    assert "step=check" in page.url
    page.locator("form button[type=submit]").click()
    assert "/guangzhou/result?" in page.url
    assert page.locator("h1").inner_text().strip() in ("计算结果：广州", "Your result: Guangzhou")
    assert page.locator(".error-summary").count() == 0
    ctx.close()
