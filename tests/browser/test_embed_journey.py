"""The embed on a government portal, in a real Chromium: the host page on one site (127.0.0.1:A)
embeds the calculator served from another (localhost:B) with third-party cookies blocked; a
calculation completes inside the iframe, the iframe follows its content's height, no console
errors on either side."""
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from calculator import create_app
from calculator.web.extensions import db
from tests.browser.conftest import serving
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
    page_html = f"""<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Portal</title></head>
<body><h1>City services portal</h1><p id="before">Check whether you can settle:</p>
<script src="{calc_origin}/static/embed.js" data-city="beijing" data-lang="en" data-color="#b22222"></script>
<p id="after">Footer of the portal</p></body></html>""".encode()

    class Host(BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(page_html)))
            self.end_headers()
            self.wfile.write(page_html)

        def log_message(self, *a):
            pass
    host.RequestHandlerClass = Host
    thread = threading.Thread(target=host.serve_forever, daemon=True)
    thread.start()
    yield host_origin, calc_origin
    host.shutdown()
    thread.join(timeout=5)


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
