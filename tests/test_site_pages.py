"""Large-text mode kept in the URL, the site marks of a deployment, the privacy notice and the
accessibility statement, sources official first, and chart labels a phone can read."""
import re
from html import unescape

import pytest

from calculator import create_app
from calculator.web.extensions import db
from test_share import BEIJING

PAGES = ["/zh/", "/en/beijing/", f"/zh/beijing/result?{BEIJING}", f"/en/compare?{BEIJING}", "/zh/kunming/",
         "/en/privacy", "/zh/accessibility", "/en/api/", "/embed/zh/beijing/", f"/embed/en/beijing/result?{BEIJING}"]
MARKS = {"SITE_ICP": "京ICP备12345678号", "SITE_PUBLIC_SECURITY_RECORD": "京公网安备11010502000001号",
         "SITE_IDENTIFIER": "bm01000001", "SITE_GOV_MARK": "https://bszs.conac.cn/sitename?method=show&id=1"}


def hrefs(html: str) -> list[str]:
    return [unescape(h) for h in re.findall(r'<a [^>]*href="([^"]+)"', html)]


def own_links(html: str) -> list[str]:
    """Links to the calculator's own pages (not #anchors, not other sites, not the language switch)."""
    return [h for h in hrefs(html) if h.startswith(("/zh/", "/en/", "/embed/"))]


# ---------------------------------------------------------------- large-text mode

@pytest.mark.parametrize("url", PAGES)
def test_large_text_mode_marks_the_page_and_every_own_link_keeps_it(client, url):
    sep = "&" if "?" in url else "?"
    r = client.get(f"{url}{sep}large=1")
    html = r.get_data(as_text=True)
    assert r.status_code == 200
    assert "Set-Cookie" not in r.headers   # the state is in the URL, never a cookie
    assert re.search(r'<html [^>]*data-size="large"', html)
    toggle = re.search(r'<a class="size-toggle" href="([^"]+)">', html).group(1)
    assert "large=1" not in unescape(toggle)   # the switch turns it off
    links = [h for h in own_links(html) if h != unescape(toggle)]
    assert links and all("large=1" in h for h in links), [h for h in links if "large=1" not in h]
    for h in links:
        assert h.count("?") <= 1, h


@pytest.mark.parametrize("url", PAGES)
def test_normal_pages_offer_the_switch_and_keep_nothing(client, url):
    html = client.get(url).get_data(as_text=True)
    assert "data-size" not in html
    toggle = unescape(re.search(r'<a class="size-toggle" href="([^"]+)">', html).group(1))
    assert "large=1" in toggle
    assert not any("large=1" in h for h in own_links(html) if h != toggle)
    if "?" in url:  # the answers stay when switching
        assert toggle.split("?", 1)[0] == url.split("?", 1)[0] and "birth_date=1975-06-15" in toggle


def test_the_forms_carry_large_text_to_the_next_page(client):
    for url in ("/zh/beijing/?large=1", f"/en/compare?{BEIJING}&large=1", "/zh/?large=1"):
        html = client.get(url).get_data(as_text=True)
        assert '<input type="hidden" name="large" value="1">' in html, url
    assert '<input type="hidden" name="large"' not in client.get("/zh/beijing/").get_data(as_text=True)


def test_redirects_keep_large_text(client):
    r = client.get("/?large=1", headers={"Accept-Language": "en"})
    assert r.status_code == 302 and r.headers["Location"].endswith("/en/?large=1")


def test_a_large_text_page_without_answers_is_still_shared_by_caches(client):
    assert client.get("/zh/beijing/?large=1").headers["Cache-Control"] == "public, max-age=300"
    assert client.get(f"/zh/beijing/result?{BEIJING}&large=1").headers["Cache-Control"] == "no-store"


def test_large_text_is_one_and_a_half_times_and_one_column_in_the_stylesheet(client):
    css = client.get("/static/css/site.css").get_data(as_text=True)
    assert "html[data-size=large]{font-size:150%}" in css
    assert re.search(r"html\[data-size=large\] ul\.cards[^{]*\{display:block\}", css)


# ---------------------------------------------------------------- site marks

def marked_client(tmp_path, **config):
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'm.db'}",
                      "SECRET_KEY": "t", **config})
    with app.app_context():
        db.create_all()
    return app.test_client()


@pytest.mark.parametrize("url", ["/zh/", f"/zh/beijing/result?{BEIJING}", "/en/privacy", "/embed/zh/beijing/",
                                 f"/embed/en/beijing/result?{BEIJING}"])
def test_configured_marks_show_on_public_and_embed_pages_with_their_links(tmp_path, url):
    html = marked_client(tmp_path, **MARKS).get(url).get_data(as_text=True)
    links = hrefs(html)
    assert "京ICP备12345678号" in html and "https://beian.miit.gov.cn/" in links
    assert "京公网安备11010502000001号" in html
    assert "https://beian.mps.gov.cn/#/query/webSearch?code=11010502000001" in links
    assert "bm01000001" in html
    assert MARKS["SITE_GOV_MARK"] in links


def test_marks_are_absent_by_default_and_a_gov_mark_must_be_a_web_address(client, tmp_path):
    html = client.get("/zh/").get_data(as_text=True)
    assert 'class="marks"' not in html and "beian" not in html
    html = marked_client(tmp_path, SITE_GOV_MARK="javascript:alert(1)").get("/zh/").get_data(as_text=True)
    assert "javascript:" not in html and 'class="marks"' not in html


def test_marks_are_read_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("CALCULATOR_SITE_ICP", "沪ICP备00000001号")
    assert "沪ICP备00000001号" in marked_client(tmp_path).get("/en/").get_data(as_text=True)


# ---------------------------------------------------------------- privacy and accessibility

PRIVACY = {"zh": ["个人信息保护法", "查询字符串", "刑事犯罪记录", "代理服务器"],
           "en": ["Personal Information Protection Law", "query string", "criminal record", "proxy"]}
ACCESSIBILITY = {"zh": ["WCAG 2.1", "GB/T 37668-2019", "axe-core", "尚未测试"],
                 "en": ["WCAG 2.1", "GB/T 37668-2019", "axe-core", "What is not tested"]}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_privacy_and_accessibility_pages_in_both_languages(client, lang):
    for path, words in (("privacy", PRIVACY), ("accessibility", ACCESSIBILITY)):
        r = client.get(f"/{lang}/{path}")
        assert r.status_code == 200
        html = r.get_data(as_text=True)
        for w in words[lang]:
            assert w in html, (path, w)


@pytest.mark.parametrize("url", PAGES)
def test_every_public_and_embed_page_links_to_both(client, url):
    html = client.get(url).get_data(as_text=True)
    lang = "zh" if url.startswith(("/zh/", "/embed/zh/")) else "en"
    for path in ("privacy", "accessibility"):
        link = re.search(rf'<a href="([^"]*/{lang}/{path})"([^>]*)>', html)
        assert link, (url, path)
        if url.startswith("/embed/"):   # out of the iframe, in a new tab, on the full site
            assert link.group(1).startswith("http://localhost/") and 'target="_blank"' in link.group(2)


# ---------------------------------------------------------------- sources and charts

def test_sources_list_official_ones_first_and_mark_the_others(client):
    html = client.get(f"/en/shenzhen/result?as_of=2022-06-30").get_data(as_text=True)
    items = re.findall(r"<li>.*?</li>", re.search(r'<ul class="sources">(.*?)</ul>', html, re.S).group(1), re.S)
    tags = [re.search(r'class="rel rel-(\w)"', li).group(1) for li in items]
    assert tags == sorted(tags, key="PDSTU".index)
    for li, tag in zip(items, tags):
        assert ("third-party source, not official" in li) == (tag not in "PD"), li


def test_chart_labels_are_at_least_12_units_in_a_320_wide_chart(client):
    html = client.get(f"/en/beijing/result?{BEIJING}").get_data(as_text=True)
    sizes = [int(s) for s in re.findall(r'<text[^>]* font-size="(\d+)"', html)]
    assert sizes and min(sizes) >= 12
    assert 'viewBox="0 0 320 150"' in html


def test_a_city_without_a_scheme_lists_its_official_sources_first_too(client, policy):
    city = next(c for c in policy.cities.values() if not policy.by_city.get(c.id)
                and len({s.get("reliability") for s in c.route_sources} & set("PD")) and
                len({s.get("reliability") for s in c.route_sources} - set("PD")))
    html = client.get(f"/en/{city.id}/").get_data(as_text=True)
    box = re.search(r'<details class="sources-box">.*?</details>', html, re.S).group(0)
    items = re.findall(r"<li>.*?</li>", box, re.S)
    marked = ["third-party source, not official" in li for li in items]
    assert marked == sorted(marked) and any(marked) and not all(marked)   # official ones, then the others
