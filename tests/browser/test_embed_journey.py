"""The embed on a government portal, in a real Chromium: the host page on one site (127.0.0.1:A)
embeds the calculator served from another (localhost:B) with third-party cookies blocked; a
calculation completes inside the iframe, the iframe follows its content's height, no console
errors on either side."""
import threading
from pathlib import Path
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from calculator import create_app
from calculator.web.extensions import db
from tests.browser.conftest import serving
from axe_playwright_python.sync_playwright import Axe

from tests.browser.test_journeys import BEIJING
from tests.conftest import CHROMIUM_ARGS

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def sites():
    host = ThreadingHTTPServer(("127.0.0.1", 0), BaseHTTPRequestHandler)
    host_origin = f"http://127.0.0.1:{host.server_port}"
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": "t",
                      "EMBED_ALLOWED_ORIGINS": host_origin})
    with app.app_context():
        db.create_all()
    with serving(app) as calc:
        yield from _portal(host, host_origin, calc)


def _portal(host, host_origin, calc):
    """The host page that embeds the calculator, served from 127.0.0.1."""
    calc_origin = f"http://localhost:{calc.server_port}"  # another site: localhost vs 127.0.0.1
    _serve_portal(host, calc_origin)
    yield host_origin, calc_origin
    host.shutdown()


def _serve_portal(host, calc_origin):
    """/ and /en: the portal in English; /zh: in Chinese; /long: an English portal with a tall
    header and footer, as portals are (the frame starts below the fold on a phone)."""
    def page(lang, tall=False):
        filler = "".join(f"<p>Portal news item {i}</p>" for i in range(40)) if tall else ""
        return f"""<!doctype html><html lang="{lang}"><head><meta charset="utf-8"><title>Portal</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body><h1>City services portal</h1>{filler}<p id="before">Check whether you can settle:</p>
<script src="{calc_origin}/static/embed.js" data-city="beijing" data-lang="{lang}" data-color="#b22222"></script>
<p id="after">Footer of the portal</p>{filler}</body></html>""".encode()
    pages = {"/": page("en"), "/en": page("en"), "/zh": page("zh"), "/long": page("en", tall=True)}

    class Host(BaseHTTPRequestHandler):
        def do_GET(self):
            body = pages.get(self.path, pages["/"])
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *a):
            pass
    host.RequestHandlerClass = Host
    threading.Thread(target=host.serve_forever, daemon=True).start()


@pytest.fixture(scope="module")
def stranger(sites):
    """A portal on an origin the calculator does not allow (the default for every site)."""
    host = ThreadingHTTPServer(("127.0.0.1", 0), BaseHTTPRequestHandler)
    _serve_portal(host, sites[1])
    yield f"http://127.0.0.1:{host.server_port}"
    host.shutdown()


@pytest.fixture(scope="module")
def strict_browser(browser_type):
    """Chromium with third-party cookies blocked."""
    b = browser_type.launch(executable_path="/usr/bin/chromium", headless=True,
                            args=CHROMIUM_ARGS + ["--test-third-party-cookie-phaseout"])
    yield b
    b.close()


def test_calculation_completes_inside_the_iframe_on_another_site(sites, strict_browser):
    host_origin, calc_origin = sites
    ctx = strict_browser.new_context(viewport={"width": 1024, "height": 800})
    page = ctx.new_page()
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(host_origin + "/")
    iframe = page.locator("iframe[title='Points settlement calculator']")
    iframe.wait_for()
    assert iframe.get_attribute("loading") == "lazy"
    frame = page.frame_locator("iframe")
    frame.locator("form button[type=submit]").wait_for()

    def frame_height():
        return page.evaluate("document.querySelector('iframe').getBoundingClientRect().height")

    def content_height():
        return page.frames[1].evaluate("Math.ceil(document.documentElement.getBoundingClientRect().height)")
    page.wait_for_function("document.querySelector('iframe').style.height !== '720px'")
    assert abs(frame_height() - content_height()) <= 2

    for name, value in BEIJING.items():
        radio = frame.locator(f'input[type=radio][name="{name}"][value="{value}"]')
        if radio.count():
            radio.check()
        elif frame.locator(f'[name="{name}"]:not([type=hidden])').count():
            frame.locator(f'[name="{name}"]').fill(value)
    before = frame_height()
    frame.locator("form button[type=submit]").click()
    frame.locator("text=105.42").first.wait_for()
    assert page.frames[1].url.startswith(calc_origin + "/embed/en/beijing/result")
    page.wait_for_function(f"Math.abs(document.querySelector('iframe').getBoundingClientRect().height - {before}) > 5")
    assert abs(frame_height() - content_height()) <= 2, "the iframe follows its content"
    # the host page is intact, and nothing set a cookie on either side
    assert page.locator("#before").is_visible() and page.locator("#after").count() == 1
    assert ctx.cookies() == []
    assert page.frames[1].evaluate("document.cookie") == ""
    assert errors == [], errors
    ctx.close()


def test_other_sites_cannot_frame_the_calculator(sites, strict_browser):
    host_origin, calc_origin = sites
    ctx = strict_browser.new_context()
    page = ctx.new_page()
    # the full public site refuses framing even from the allowed host
    page.set_content(f'<iframe src="{calc_origin}/en/beijing/" title="x"></iframe>')
    page.wait_for_timeout(500)
    text = page.frames[1].evaluate("document.body ? document.body.innerText : ''")
    assert "Points settlement calculator" not in text
    ctx.close()


SHOTS = Path(__file__).resolve().parents[2] / "screenshots"


def _fill_frame(frame):
    for name, value in BEIJING.items():
        radio = frame.locator(f'input[type=radio][name="{name}"][value="{value}"]')
        if radio.count():
            radio.check()
        elif frame.locator(f'[name="{name}"]:not([type=hidden])').count():
            frame.locator(f'[name="{name}"]').fill(value)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_phone_sees_the_result_at_the_top_of_the_frame_not_the_portal_footer(sites, strict_browser, lang):
    """At 375 px, a submit at the bottom of the long form inside the frame: the portal scrolls to
    the frame's top, where the result begins (it stayed at scrollY 2376, on the footer)."""
    host_origin, calc_origin = sites
    ctx = strict_browser.new_context(viewport={"width": 375, "height": 740})
    page = ctx.new_page()
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(host_origin + ("/long" if lang == "en" else "/zh"))
    frame = page.frame_locator("iframe")
    frame.locator("form button[type=submit]").wait_for()
    page.wait_for_function("document.querySelector('iframe').style.height !== '720px'")
    _fill_frame(frame)
    frame.locator("form button[type=submit]").scroll_into_view_if_needed()
    assert page.evaluate("document.querySelector('iframe').getBoundingClientRect().top") < 0
    frame.locator("form button[type=submit]").click()
    frame.locator("text=105.42").first.wait_for()
    page.wait_for_function("Math.abs(document.querySelector('iframe').getBoundingClientRect().top) <= 2")
    assert page.evaluate("window.scrollY") > 0
    assert frame.locator("h1").first.is_visible()
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"embed-result-375-{lang}.png"))
    assert errors == [], errors
    ctx.close()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_link_inside_the_frame_stays_in_the_embed_or_opens_a_new_tab(sites, strict_browser, lang):
    host_origin, calc_origin = sites
    ctx = strict_browser.new_context(viewport={"width": 375, "height": 740})
    page = ctx.new_page()
    page.goto(host_origin + "/" + lang)
    frame = page.frame_locator("iframe")
    frame.locator("form button[type=submit]").wait_for()
    _fill_frame(frame)
    frame.locator("form button[type=submit]").click()
    frame.locator("text=105.42").first.wait_for()
    inner = page.frames[1]
    for url in (inner.url, None):
        if url is None:  # then the embed compare page, reached by its link
            frame.locator(f"a[href*='/embed/{lang}/compare?']").click()
            frame.locator("form.follow-up").wait_for()
            inner = page.frames[1]
            assert inner.url.startswith(f"{calc_origin}/embed/{lang}/compare?")
        links = inner.evaluate("[...document.querySelectorAll('a[href]')].map(a => "
                               "[a.href, a.getAttribute('href'), a.target, a.rel, a.textContent])")
        assert len(links) > 3
        for href, raw, target, rel, text in links:
            inside = raw.startswith("#") or href.startswith(calc_origin + "/embed/")
            assert inside or (target == "_blank" and "noopener" in rel), href
            if not inside:
                assert ("opens in a new tab" if lang == "en" else "在新标签页中打开") in text
    results = Axe().run(inner)
    assert results.violations_count == 0, results.generate_report()
    ctx.close()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_site_not_allowed_gets_a_link_to_the_full_calculator_not_a_grey_box(sites, stranger, strict_browser, lang):
    host_origin, calc_origin = sites
    ctx = strict_browser.new_context(viewport={"width": 375, "height": 740})
    page = ctx.new_page()
    page.goto(stranger + "/" + lang)
    link = page.locator(".points-calculator-fallback a")
    link.wait_for(timeout=15_000)
    assert page.locator("iframe").count() == 0
    assert link.get_attribute("href") == f"{calc_origin}/{lang}/beijing/"
    assert link.get_attribute("target") == "_blank" and link.get_attribute("rel") == "noopener"
    assert ("opens in a new tab" if lang == "en" else "在新标签页中打开") in link.inner_text()
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"embed-not-allowed-375-{lang}.png"))
    ctx.close()
