"""Embedding: frame-ancestors from the allow-list on embed pages only, the colour validated with a
contrast-safe fallback, no cookies, the snippet builder and its stable parameter names."""
import re

import pytest

from calculator import create_app
from calculator.embed import DEFAULT_COLOR, contrast_with_white, safe_color
from calculator.web.extensions import db
from config import BASE_DIR

HOST = "http://127.0.0.1:9000"
QS = ("as_of=2022-06-30&birth_date=1975-06-15&sex=male&holds_residence_permit=true&social_insurance_months=174"
      "&residence_owned_days=4532&education=master&degree=master&study_overlap_months=36"
      "&relocated_job_and_residence_years=4&income_tax_years_over_100k=1")


@pytest.fixture
def eclient(tmp_path):
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'e.db'}", "SECRET_KEY": "t",
                      "EMBED_ALLOWED_ORIGINS": f"{HOST} https://www.gov.example not-an-origin"})
    with app.app_context():
        db.create_all()
    return app.test_client()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_embed_pages_may_be_framed_by_allowed_origins_only(eclient, lang):
    for path in (f"/embed/{lang}/beijing/", f"/embed/{lang}/beijing/result?{QS}"):
        r = eclient.get(path + ("&" if "?" in path else "?") + f"parent={HOST}")
        assert r.status_code == 200
        csp = r.headers["Content-Security-Policy"]
        assert f"frame-ancestors {HOST} https://www.gov.example" in csp and "not-an-origin" not in csp
        assert "X-Frame-Options" not in r.headers and "Set-Cookie" not in r.headers
    for path in (f"/{lang}/", f"/{lang}/beijing/", "/api/v1/cities", f"/embed/{lang}/", "/healthz"):
        r = eclient.get(path)
        assert "frame-ancestors 'none'" in r.headers["Content-Security-Policy"], path


def test_without_an_allow_list_nothing_may_frame(client):
    r = client.get("/embed/en/beijing/")
    assert "frame-ancestors 'none'" in r.headers["Content-Security-Policy"]


def test_result_inside_the_embed_scores_the_same(eclient):
    r = eclient.get(f"/embed/en/beijing/result?{QS}&parent={HOST}")
    html = r.data.decode()
    assert "105.42" in html and f'data-parent="{HOST}"' in html
    assert 'href="/embed/en/beijing/?' in html  # change your answers stays in the frame


def test_parent_not_on_the_list_gets_no_height_messages(eclient):
    html = eclient.get("/embed/en/beijing/?parent=https://evil.example").data.decode()
    assert "data-parent" not in html


def test_form_keeps_colour_and_parent(eclient):
    html = eclient.get(f"/embed/zh/beijing/?parent={HOST}&color=%23B22222").data.decode()
    assert 'name="color" value="#b22222"' in html and f'name="parent" value="{HOST}"' in html
    assert 'href="/embed/theme.css?color=%23b22222"' in html
    assert 'action="/embed/zh/beijing/result"' in html


@pytest.mark.parametrize("given,used", [("#b22222", "#b22222"), ("#B22222", "#b22222"), ("#ffff00", DEFAULT_COLOR),
                                        ("red", DEFAULT_COLOR), ("#b2222", DEFAULT_COLOR), (None, DEFAULT_COLOR),
                                        ("#000000", "#000000"), ("javascript:alert(1)", DEFAULT_COLOR)])
def test_colour_is_validated_with_a_contrast_safe_fallback(given, used):
    assert safe_color(given) == used
    assert contrast_with_white(safe_color(given)) >= 4.5


def test_theme_css_uses_only_a_safe_colour(eclient):
    css = eclient.get("/embed/theme.css?color=%23b22222").data.decode()
    assert "#b22222" in css and "}" in css
    bad = eclient.get("/embed/theme.css?color=%7D%20body%7Bdisplay:none").data.decode()
    assert "display:none" not in bad and DEFAULT_COLOR in bad


def test_docs_page_builds_a_snippet(eclient):
    html = eclient.get("/embed/en/?city=shenzhen&frame_lang=zh&color=%23b22222").data.decode()
    assert 'data-city=&#34;shenzhen&#34;' in html and 'data-lang=&#34;zh&#34;' in html
    assert 'data-color=&#34;#b22222&#34;' in html
    assert "data-title" in html and "https://www.gov.example" in html
    html = eclient.get("/embed/zh/?color=%23ffff00").data.decode()
    assert "data-color=" not in html.split("<pre")[1].split("</pre>")[0]


def test_loader_keeps_its_documented_parameter_names():
    js = (BASE_DIR / "static" / "embed.js").read_text()
    for name in ("data-city", "data-lang", "data-color", "data-title"):
        assert f'getAttribute("{name}")' in js
    assert "event.origin !== base" in js and "event.source !== frame.contentWindow" in js
    assert 'setAttribute("loading", "lazy")' in js and "frame.title" in js
    assert re.search(r"catch \(err\)", js)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_api_docs_page_lists_endpoints_and_facts(client, lang):
    r = client.get(f"/{lang}/api/")
    html = r.data.decode()
    assert r.status_code == 200 and "Set-Cookie" not in r.headers
    for path in ("/api/v1/score", "/api/v1/compare", "/api/v1/explain", "/api/v1/cities/{city_id}"):
        assert f"<code>{path}</code>" in html
    assert "<code>social_insurance_months</code>" in html and "105.42" in html
