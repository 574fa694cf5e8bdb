"""A Beijing official's real task, in Chinese, end to end in Chromium: lower the employment weight
(社会保险每年分值) from 3 to 1, read the effect (the main share falls below 50 %), try to publish
the non-compliant draft, be stopped by the guard, tick the confirmation and write a reason,
publish, and find the reason in the version's history. Desktop-width screenshots of the editor and
the publish page are saved under test-results/screenshots/ to look at."""
import datetime as dt
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.test_admin_journey import PASSWORD, USER, admin_server, watched  # noqa: F401

pytestmark = pytest.mark.browser
SHOTS = Path(__file__).resolve().parents[2] / "test-results" / "screenshots"   # git-ignored
REASON = "经市政府常务会议研究，2027年度起降低就业分值以鼓励居住稳定（试行一年）。"


def test_an_official_lowers_a_weight_is_stopped_by_the_guard_confirms_and_finds_it_in_history(admin_server,
                                                                                                watched):
    page, base = watched, admin_server
    page.set_viewport_size({"width": 1366, "height": 900})
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.goto(f"{base}/admin/zh/login")
    page.get_by_label("用户名").fill(USER)
    page.get_by_label("密码").fill(PASSWORD)
    page.locator("form button[type=submit]").last.click()
    expect(page).to_have_url(f"{base}/admin/zh/beijing/")

    # start a draft and find the weight by what it means, in Chinese
    page.locator("form[action$='/drafts'] button[type=submit]").first.click()
    expect(page).to_have_url(re.compile(r"/admin/zh/beijing/drafts/beijing-draft-\d+$"))
    weight = page.get_by_label("社会保险每年分值", exact=True)
    expect(weight).to_have_value("3")
    before = float(page.locator("#draft-share").get_attribute("data-share"))
    assert before > 50
    weight.fill("1")
    page.get_by_role("button", name="保存修改").first.click()
    expect(page.locator(".flash")).to_have_text("草案已保存。")

    # read the effect: the main share falls below half, and people enter and leave
    after = float(page.locator("#draft-share").get_attribute("data-share"))
    assert after < 50 < before
    expect(page.locator("#share-table .verdict.not").last).to_have_text("未占主要比例")
    expect(page.locator("#sim-changes")).to_contain_text(re.compile(r"新增[1-9][\d,]*人"))
    page.screenshot(path=str(SHOTS / "editor-zh-1366.png"), full_page=False)
    page.set_viewport_size({"width": 375, "height": 800})
    page.screenshot(path=str(SHOTS / "editor-zh-375.png"), full_page=False)
    page.set_viewport_size({"width": 1366, "height": 900})

    # try to publish: the guard says why and refuses without a confirmation and a reason
    page.get_by_role("link", name="发布…").click()
    expect(page.locator("#guard")).to_contain_text("社会保险和居住年限未占主要比例")
    expect(page.locator("#change-sentences")).to_contain_text("合法稳定就业：每年3分 → 1分")
    day = (dt.date.today() + dt.timedelta(days=120)).isoformat()
    page.get_by_label("生效日期").fill(day)
    page.get_by_label("版本标签").fill("2027-trial")
    page.screenshot(path=str(SHOTS / "publish-zh-1366.png"), full_page=True)
    page.get_by_role("button", name="发布", exact=True).click()
    expect(page).to_have_title(re.compile(r"^错误"))
    expect(page.locator("#error-summary")).to_contain_text("请勾选确认")

    # confirm with a reason: published
    page.get_by_label("我已阅读以上内容，仍决定发布这份草案").check()
    page.get_by_label("仍然发布的理由").fill(REASON)
    page.get_by_role("button", name="发布", exact=True).click()
    expect(page).to_have_url(f"{base}/admin/zh/beijing/")
    expect(page.locator(".flash")).to_contain_text("beijing-2027-trial")

    # find it in history, with the reason
    page.get_by_role("link", name="历史与差异").first.click()
    row = page.locator("tr", has_text="beijing-2027-trial")
    expect(row).to_contain_text("社会保险和居住年限未占主要比例")
    expect(row).to_contain_text(REASON)
    row.get_by_role("link", name="beijing-2027-trial").click()
    expect(page.locator("#guarded")).to_contain_text(REASON)
    expect(page.locator("#guarded")).to_contain_text(USER)
    # the simulation page: the applicant pool by default, its fit stated
    page.goto(f"{base}/admin/zh/beijing/simulate")
    page.locator("#pool-details summary").click()
    expect(page.locator("#pool-fit")).to_contain_text("97.13")
    page.screenshot(path=str(SHOTS / "simulate-zh-1366.png"), full_page=True)
    assert [p for p in page.problems if "status of 422" not in p] == []
