"""Sharing a result: the short link reproduces the result, its QR code scans back to it, and the
share tags and share image say the city, scheme and verdict but nothing the person entered."""
import io
import re
from html import unescape
from urllib.parse import parse_qsl, urlsplit

import pytest
from PIL import Image

from calculator.public import share_image
from qr_reading import decode_svg

BEIJING = ("as_of=2022-06-30&birth_date=1975-06-15&sex=male&holds_residence_permit=true"
           "&social_insurance_months=174&residence_owned_days=4532&education=master&degree=master"
           "&study_overlap_months=36&relocated_job_and_residence_years=4&income_tax_years_over_100k=1")
# what a form sends: every input, most of them blank, and WeChat's own parameters
FROM_FORM = BEIJING + "&honour=&residence_rented_days=&si1_from=&si1_to=&home1_kind=&from=singlemessage"
FACTS = ("1975", "06-15", "174", "4532", "master", "105.42", "birth_date", "social_insurance")


def share_box(html: str) -> str:
    return unescape(re.search(r'<input id="share"[^>]* value="([^"]+)"', html).group(1))


def qr_src(html: str) -> str:
    return unescape(re.search(r'<figure class="qr"><img src="([^"]+)"', html).group(1))


def og(html: str) -> dict:
    return {k: unescape(v) for k, v in re.findall(r'<meta property="og:([a-z:_]+)" content="([^"]*)"', html)}


def verdict(html: str) -> str:
    return re.search(r'<h2 id="verdict".*?</h2>', html, re.S).group(0)


def total(html: str) -> str:
    return re.search(r'<p class="total">.*?<strong>([^<]+)</strong>', html, re.S).group(1)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_share_link_is_short_and_gives_the_same_result(client, lang):
    page = client.get(f"/{lang}/beijing/result?{FROM_FORM}&large=1").get_data(as_text=True)
    link = share_box(page)
    parts = urlsplit(link)
    assert parts.scheme == "http" and parts.netloc == "localhost"   # absolute: it works pasted anywhere
    assert parts.path == f"/{lang}/beijing/result"
    pairs = parse_qsl(parts.query, keep_blank_values=True)
    assert all(v for _, v in pairs)                                   # no empty parameters
    assert {k for k, _ in pairs} == {k for k, _ in parse_qsl(BEIJING)}  # answers only, no display flag
    assert len(link) < len(f"http://localhost/{lang}/beijing/result?{FROM_FORM}&large=1")
    again = client.get(link.removeprefix("http://localhost")).get_data(as_text=True)
    assert total(again) == total(page) == "105.42"
    assert verdict(again) == verdict(page)


def test_insurance_kinds_ticked_on_the_form_survive_the_short_link(client):
    qs = ("as_of=2022-06-30&birth_date=1975-06-15&sex=male&holds_residence_permit=true&education=master"
          "&degree=master&si1_from=2010-01-01&si1_to=2020-12-31&si1_kinds=pension&si1_kinds=medical&si2_from=")
    page = client.get(f"/en/beijing/result?{qs}").get_data(as_text=True)
    link = share_box(page)
    assert ("si1_kinds", "pension,medical") in parse_qsl(urlsplit(link).query)
    again = client.get(link.removeprefix("http://localhost")).get_data(as_text=True)
    assert total(again) == total(page)
    assert verdict(again) == verdict(page)


def test_the_qr_code_is_an_image_that_scans_to_the_share_link(client):
    page = client.get(f"/zh/beijing/result?{FROM_FORM}&large=1").get_data(as_text=True)
    src = qr_src(page)
    assert src.startswith("/zh/beijing/qr.svg?") and "=&" not in src and "large" not in src
    r = client.get(src)
    assert r.mimetype == "image/svg+xml" and r.headers["Cache-Control"] == "no-store"  # it holds the answers
    svg = r.get_data(as_text=True)
    assert 'class="segno"' in svg
    assert decode_svg(svg) == share_box(page)
    assert re.search(r'<figure class="qr"><img src="[^"]+" width="160" height="160" alt="[^"]+">', page)


def test_the_qr_route_encodes_only_a_link_to_a_result_here(client):
    svg = client.get("/en/beijing/qr.svg?as_of=2022-06-30&next=https://evil.example/&sex=male").get_data(as_text=True)
    assert decode_svg(svg) == "http://localhost/en/beijing/result?as_of=2022-06-30&sex=male"
    assert client.get("/en/nowhere/qr.svg?as_of=2022-06-30").status_code == 404


def test_the_result_page_is_not_kept_and_its_answers_not_logged(app, client, caplog):
    caplog.set_level("INFO")
    r = client.get(f"/en/beijing/result?{BEIJING}")
    assert r.headers["Cache-Control"] == "no-store"
    client.get(qr_src(r.get_data(as_text=True)))
    assert "1975-06-15" not in caplog.text


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_share_tags_name_city_scheme_and_verdict_and_no_facts(client, lang):
    page = client.get(f"/{lang}/beijing/result?{BEIJING}").get_data(as_text=True)
    tags = og(page)
    assert set(tags) >= {"title", "description", "image", "image:width", "image:height"}
    assert tags["title"] == {"zh": "北京 · 低于最近一次公布的分数线", "en": "Beijing · Below the last published cutoff"}[lang]
    assert "2020" in tags["description"]   # the scheme's version
    assert tags["image"] == f"http://localhost/{lang}/beijing/share/beijing-2020/below_cutoff.png"
    for v in tags.values():
        assert not any(f in v for f in FACTS if f not in ("2020",)), v
    assert "og:url" not in page   # the page's own address holds the answers
    assert '<meta name="format-detection" content="telephone=no">' in page


@pytest.mark.parametrize("url", ["/zh/", "/en/beijing/", "/zh/compare", "/en/privacy", "/embed/zh/beijing/"])
def test_no_page_turns_numbers_into_phone_links(client, url):
    assert '<meta name="format-detection" content="telephone=no">' in client.get(url).get_data(as_text=True)


def test_the_share_image_is_1200_by_630_and_the_same_for_everyone_with_that_verdict(client):
    image_url = og(client.get(f"/zh/beijing/result?{BEIJING}").get_data(as_text=True))["image"]
    other = BEIJING.replace("1975-06-15", "1980-01-20").replace("174", "150")
    assert og(client.get(f"/zh/beijing/result?{other}").get_data(as_text=True))["image"] == image_url
    path = urlsplit(image_url).path
    assert not any(f in path for f in FACTS)
    r = client.get(path)
    assert r.status_code == 200 and r.mimetype == "image/png"
    assert r.headers["Cache-Control"].startswith("public")
    img = Image.open(io.BytesIO(r.data))
    assert img.size == (1200, 630)
    assert client.get(path + "?birth_date=1975-06-15").data == r.data   # a query string changes nothing
    assert not any(chunk in r.data for chunk in (b"tEXt", b"iTXt", b"zTXt", b"eXIf"))  # no text or metadata
    for bad in ("/zh/beijing/share/beijing-2020/nonsense.png", "/zh/beijing/share/shenzhen-2022/below_cutoff.png",
                "/zh/nowhere/share/beijing-2020/below_cutoff.png"):
        assert client.get(bad).status_code == 404


def test_the_share_image_cache_is_keyed_by_what_the_path_says(client):
    share_image.cached.cache_clear()
    client.get("/zh/beijing/share/beijing-2020/below_cutoff.png")
    client.get("/zh/beijing/share/beijing-2020/below_cutoff.png?sex=female")
    info = share_image.cached.cache_info()
    assert (info.misses, info.hits) == (1, 1)


def test_without_a_cjk_font_the_share_image_is_drawn_in_english(client, monkeypatch):
    monkeypatch.setattr(share_image, "font_path", lambda: None)
    for cache in (share_image.font, share_image.cached, share_image._background):
        cache.cache_clear()
    try:
        r = client.get("/zh/beijing/share/beijing-2020/at_or_above_cutoff.png")
        assert r.status_code == 200
        assert Image.open(io.BytesIO(r.data)).size == (1200, 630)
    finally:
        for cache in (share_image.font, share_image.cached, share_image._background):
            cache.cache_clear()


def test_the_copy_button_needs_javascript_and_the_link_box_does_not(client):
    page = client.get(f"/en/beijing/result?{BEIJING}").get_data(as_text=True)
    assert re.search(r'<button type="button"[^>]*data-copy="share"[^>]* hidden>', page)
    assert 'src="/static/js/share.js"' in page
    assert "select all, then copy" in page
    assert "<script>" not in page and " style=" not in page   # strict CSP: nothing inline


def test_the_printed_address_is_the_short_link(client):
    page = client.get(f"/en/beijing/result?{FROM_FORM}").get_data(as_text=True)
    printed = unescape(re.search(r'<p class="print-url">[^<]*<span>([^<]+)</span>', page).group(1))
    assert printed == share_box(page) and "honour=" not in printed


def test_a_link_too_long_for_a_qr_code_is_refused_not_an_error(client):
    padded = BEIJING.replace("social_insurance_months=174", "social_insurance_months=" + "0" * 2500 + "174")
    assert client.get(f"/en/beijing/qr.svg?{padded}").status_code == 404
    assert client.get(f"/en/beijing/result?{padded}").status_code == 400   # such answers never score
