"""At 375 px in a real Chromium: the result's QR code scans to its short link, the copy button
works (and the page without JavaScript still offers the link), the share tags carry no facts,
large-text mode survives a whole journey and passes axe, and the privacy and accessibility pages
pass axe too. Screenshots go to SHOTS for a person to look at."""
import io
import os
import re
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from PIL import Image
from playwright.sync_api import expect

from qr_reading import decode
from tests.browser.test_journeys import BEIJING, RESULT_QS, fill

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 740}
SHOTS = Path(os.environ.get("SCREENSHOT_DIR", "/tmp/calculator-shots"))
QS = RESULT_QS
FACTS = ("1975", "06-15", "174", "4532", "105.42")


def shot(page, name: str):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def axe_clean(page):
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport=PHONE, permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.set_default_timeout(10_000)
    yield page, errors
    context.close()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_qr_code_scans_to_the_short_link_and_the_copy_button_copies_it(phone, live_server, lang):
    page, errors = phone
    page.goto(f"{live_server}/{lang}/beijing/result?{QS}&honour=&residence_rented_days=")
    qr = page.locator(".qr img")
    qr.scroll_into_view_if_needed()
    expect(qr).to_be_visible()
    assert page.evaluate("document.querySelector('.qr img').naturalWidth") > 0
    link = page.locator("#share").input_value()
    assert "honour=" not in link and "residence_rented_days" not in link
    assert decode(Image.open(io.BytesIO(qr.screenshot()))) == link   # what a phone's camera reads
    page.get_by_role("button", name={"zh": "复制链接", "en": "Copy link"}[lang]).click()
    expect(page.locator(".copied")).to_have_text({"zh": "链接已复制。", "en": "Link copied."}[lang])
    assert page.evaluate("navigator.clipboard.readText()") == link
    for prop in ("og:title", "og:description", "og:image"):
        content = page.locator(f'meta[property="{prop}"]').get_attribute("content")
        assert content and not any(f in content for f in FACTS), (prop, content)
    assert page.locator('meta[property="og:image"]').get_attribute("content").startswith(live_server)
    axe_clean(page)
    shot(page, f"result-{lang}")
    assert errors == []


def test_without_javascript_the_link_is_there_to_select_and_no_button_shows(browser, live_server):
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server}/en/beijing/result?{QS}")
    expect(page.locator("#share")).to_be_visible()
    expect(page.locator("button[data-copy]")).to_be_hidden()
    expect(page.locator("#share-how")).to_contain_text("select all, then copy")
    expect(page.locator(".qr img")).to_be_visible()
    context.close()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_qr_code_prints_and_the_result_still_fits_one_page(phone, live_server, lang):
    page, _ = phone
    page.goto(f"{live_server}/{lang}/beijing/result?{QS}")
    page.emulate_media(media="print")
    expect(page.locator(".qr img")).to_be_visible()
    expect(page.locator("#share")).to_be_hidden()
    pdf = page.pdf(format="A4")
    assert len(re.findall(rb"/Type\s*/Page\b", pdf)) == 1


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_large_text_survives_a_journey_and_passes_axe(phone, live_server, lang):
    page, errors = phone
    page.goto(f"{live_server}/{lang}/")
    normal = page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
    page.locator(".size-toggle").click()
    expect(page.locator("html")).to_have_attribute("data-size", "large")  # the new page, not the old one
    page.wait_for_load_state()                                            # with its stylesheet applied
    assert "large=1" in page.url
    big = page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
    assert big >= 1.5 * normal
    axe_clean(page)
    page.locator('a.cname[href*="/beijing/"]').click()           # a link
    assert "large=1" in page.url
    axe_clean(page)
    fill(page, BEIJING)
    page.locator("form[data-live] button[type=submit]").click()  # a form
    page.wait_for_url(re.compile(r"/result\?"))
    assert "large=1" in page.url
    expect(page.locator("html")).to_have_attribute("data-size", "large")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    axe_clean(page)
    shot(page, f"result-large-{lang}")
    page.locator(f'a[href*="/compare?"]').first.click()
    assert "large=1" in page.url
    lefts = page.evaluate("[...document.querySelectorAll('ol.where > li')].map(e => e.getBoundingClientRect().left)")
    assert lefts and len(set(lefts)) == 1                          # one column
    axe_clean(page)
    page.goto(f"{live_server}/?large=1")                           # a redirect
    assert "large=1" in page.url
    page.locator(".size-toggle").click()
    assert "large=1" not in page.url
    expect(page.locator("html")).not_to_have_attribute("data-size", "large")
    assert errors == []


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("path", ["privacy", "accessibility"])
def test_privacy_and_accessibility_pages_pass_axe_on_a_phone(phone, live_server, lang, path):
    page, errors = phone
    page.goto(f"{live_server}/{lang}/{path}")
    expect(page.locator("h1")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    axe_clean(page)
    shot(page, f"{path}-{lang}")
    page.goto(f"{live_server}/{lang}/{path}?large=1")
    axe_clean(page)
    assert errors == []


def test_the_share_image_is_drawn(phone, live_server):
    page, _ = phone
    for lang in ("zh", "en"):
        r = page.request.get(f"{live_server}/{lang}/beijing/share/beijing-2020/below_cutoff.png")
        assert r.status == 200
        SHOTS.mkdir(parents=True, exist_ok=True)
        (SHOTS / f"share-image-{lang}.png").write_bytes(r.body())
        assert Image.open(io.BytesIO(r.body())).size == (1200, 630)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_deployments_marks_in_the_footer_pass_axe_on_a_phone(phone, lang):
    from calculator import create_app
    from calculator.web.extensions import db
    from tests.browser.conftest import serving
    from tests.test_site_pages import MARKS
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": "test", **MARKS})
    with app.app_context():
        db.create_all()
    page, errors = phone
    with serving(app) as server:
        page.goto(f"http://127.0.0.1:{server.server_port}/{lang}/beijing/result?{QS}")
        marks = page.locator("footer .marks")
        expect(marks).to_contain_text(MARKS["SITE_ICP"])
        expect(marks.get_by_role("link", name=MARKS["SITE_PUBLIC_SECURITY_RECORD"])).to_have_attribute(
            "href", "https://beian.mps.gov.cn/#/query/webSearch?code=11010502000001")
        axe_clean(page)
        marks.scroll_into_view_if_needed()
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.locator("footer.site").screenshot(path=str(SHOTS / f"footer-marks-{lang}.png"))
    assert errors == []


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_no_page_scrolls_sideways_on_a_phone_in_either_text_size(phone, live_server, lang):
    page, _ = phone
    for url in (f"/{lang}/", f"/{lang}/guangzhou/", f"/{lang}/beijing/result?{QS}", f"/{lang}/compare?{QS}",
                f"/{lang}/api/", f"/embed/{lang}/", f"/{lang}/privacy", f"/{lang}/accessibility"):
        for large in ("", "large=1"):
            full = url + (("&" if "?" in url else "?") + large if large else "")
            page.goto(live_server + full)
            assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], full
