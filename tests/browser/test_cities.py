"""Small and large cities in a real Chromium at 375 px, zh and en, with axe-core: Lhasa (under
3 million, the national rule), Kunming (its own open rule leads) and Nanning (relaxed tier, what
to check where); and the home page's search with and without JavaScript."""
import os
import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

SHOTS = os.environ.get("CALCULATOR_SCREENSHOTS")  # a folder: save each page's screenshot there
WORDS = {
    "lasa": {"zh": ["拉萨", "300万以下：取消落户限制", "不在2020年人口普查列出的35个", "西藏自治区人民政府", "未找到"],
             "en": ["Lhasa", "Under 3 million: no restriction", "not among the 35 cities", "Government of Xizang",
                    "not found"]},
    "kunming": {"zh": ["本市自行规定：全面放开落户", "国家分类（供参考）", "昆办通﹝2021﹞40号"],
                "en": ["The city's own rule: open settlement", "The national tier, for context", "昆办通﹝2021﹞40号"]},
    "nanning": {"zh": ["300万至500万：放宽落户条件", "需要确认什么，到哪里确认", "公安局户籍部门", "广西壮族自治区人民政府"],
                "en": ["3 to 5 million: relaxed conditions", "What to check, and where",
                       "household registration (户籍) office", "Government of Guangxi"]},
}


def phone(browser, js=True):
    return browser.new_context(viewport={"width": 375, "height": 740}, java_script_enabled=js)


def check_page(page, name):
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"{name}.png"), full_page=True)


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("city", list(WORDS))
def test_city_page_at_375(browser, live_server, city, lang):
    context = phone(browser)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    r = page.goto(f"{live_server}/{lang}/{city}/")
    assert r.status == 200
    main = page.locator("main")
    for w in WORDS[city][lang]:
        expect(main).to_contain_text(w)
    if city == "kunming":  # the local rule comes before the national tier, and no sentence says points apply
        text = main.inner_text()
        assert text.index(WORDS[city][lang][0]) < text.index(WORDS[city][lang][1])
        assert "settlement is by points" not in text
    check_page(page, f"{city}-{lang}")
    assert errors == []
    context.close()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_home_search_with_js_says_nearest(browser, live_server, lang):
    context = phone(browser)
    page = context.new_page()
    page.goto(f"{live_server}/{lang}/")
    check_page(page, f"home-{lang}")
    page.fill("#q", "拉萨")
    expect(page.locator("li[data-search]:visible")).to_have_count(1)
    expect(page.locator(f'li[data-search]:visible a[href="/{lang}/lasa/"]')).to_be_visible()
    page.fill("#q", "ls")
    expect(page.locator(f'li[data-search]:visible a[href="/{lang}/lasa/"]')).to_be_visible()
    page.fill("#q", "lasaa")
    expect(page.locator("li[data-search]:visible")).to_have_count(0)
    msg = page.locator("#nomatch")
    expect(msg).to_contain_text("No city matches “lasaa”." if lang == "en" else "没有与“lasaa”匹配的城市。")
    expect(msg.locator(f'a[href="/{lang}/lasa/"]')).to_be_visible()
    page.fill("#q", "")
    expect(msg).to_be_empty()
    context.close()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_home_search_without_js(browser, live_server, lang):
    context = phone(browser, js=False)
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto(f"{live_server}/{lang}/?q=lasaa")  # what the GET form sends
    expect(page.locator("#nomatch a[href$='/lasa/']")).to_be_visible()
    page.fill("#q", "ls")
    page.locator("form.search button").click()
    expect(page).to_have_url(re.compile(r"/\?q=ls$"))
    expect(page.locator(f'a[href="/{lang}/lasa/"]')).to_be_visible()
    if SHOTS:  # no axe here: it runs in the page's JavaScript (the JS page above is checked)
        page.screenshot(path=os.path.join(SHOTS, f"search-nojs-{lang}.png"), full_page=True)
    context.close()
