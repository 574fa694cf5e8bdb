"""The result page's answer-free parts are rendered once and reused, keyed by what they show and
never by anyone's answers; and the template environment's shortcuts give Jinja's own answers."""
import datetime as dt

from flask import render_template_string
from markupsafe import Markup

from calculator.web import clock

QS = ("as_of=2022-06-30&birth_date=1975-06-15&sex=male&holds_residence_permit=true&social_insurance_months=174"
      "&residence_owned_days=4532&education=master&degree=master&study_overlap_months=36"
      "&relocated_job_and_residence_years=4&income_tax_years_over_100k=1")
OTHER = QS.replace("social_insurance_months=174", "social_insurance_months=120")


def stored(app) -> dict:
    return app.extensions.get("fragment_cache", {}).get("parts", {})


def test_two_people_share_the_schemes_parts_and_keep_their_own_results(app, client):
    one = client.get(f"/en/beijing/result?{QS}").get_data(as_text=True)
    keys = set(stored(app))
    two = client.get(f"/en/beijing/result?{OTHER}").get_data(as_text=True)
    assert set(stored(app)) == keys  # the second page rendered no part again
    assert {k[0] for k in keys} >= {"scheme-about", "cutoff-table", "footer", "assets", "brand", "share-script"}
    assert "social_insurance_months=174" in one and "social_insurance_months=120" in two
    for key in keys:  # no part is keyed by, or holds, anything the person entered
        assert not any("174" in str(part) or "1975" in str(part) for part in key)
        assert "1975-06-15" not in stored(app)[key] and "social_insurance" not in stored(app)[key]
    def about(page: str) -> str:
        return page[page.index("<h2>How points are counted</h2>"):page.index('<div class="actions">')]
    assert about(one) == about(two)


def test_language_mode_and_site_make_their_own_parts(app, client):
    client.get(f"/en/beijing/result?{QS}")
    client.get(f"/zh/beijing/result?{QS}")
    large = client.get(f"/en/beijing/result?large=1&{QS}").get_data(as_text=True)
    other_host = client.get(f"/en/beijing/result?{QS}", base_url="http://127.0.0.1").get_data(as_text=True)
    roots = {k[-4:] for k in stored(app)}
    assert roots == {("http://localhost/", "en", False, False), ("http://localhost/", "zh", False, False),
                     ("http://localhost/", "en", True, False), ("http://127.0.0.1/", "en", False, False)}
    assert 'href="/en/privacy?large=1"' in large and 'href="/en/privacy"' in other_host


def test_an_embed_links_to_the_site_it_is_served_from(app, client):
    """Inside an embed the footer's links are absolute: each host gets its own, even when one app
    context (as in tests) spans both requests."""
    a = client.get(f"/embed/en/beijing/result?{QS}").get_data(as_text=True)
    b = client.get(f"/embed/en/beijing/result?{QS}", base_url="http://127.0.0.1").get_data(as_text=True)
    assert "http://localhost/en/privacy" in a and "127.0.0.1" not in a
    assert "http://127.0.0.1/en/privacy" in b and "http://localhost/en/privacy" not in b


def test_a_new_day_starts_afresh(app, client, monkeypatch):
    client.get(f"/en/beijing/result?{QS}")
    assert stored(app)
    monkeypatch.setattr(clock, "today", lambda: dt.date.today() + dt.timedelta(days=1))
    client.get("/en/privacy")
    assert {k[0] for k in stored(app)} == {"assets", "brand", "footer"}


def test_the_store_stops_growing_at_its_bound(app, client, monkeypatch):
    from calculator.public import fragments
    monkeypatch.setattr(fragments, "MAX_FRAGMENTS", 2)
    first = client.get(f"/en/beijing/result?{QS}").get_data(as_text=True)
    assert len(stored(app)) == 2
    assert client.get(f"/en/beijing/result?{QS}").get_data(as_text=True) == first


def test_dict_keys_read_as_jinja_reads_them(app):
    with app.test_request_context("/en/"):
        out = render_template_string("{{ d.name }}|{{ d.missing }}|{{ d.items is callable }}|{{ o.real }}",
                                     d={"name": "<b>", "items": "not the method"}, o=3)
    assert out == "&lt;b&gt;||True|3"


def test_markup_is_not_escaped_again_and_text_is(app):
    with app.test_request_context("/en/"):
        out = render_template_string("{{ m }} {{ s }} {{ n }}", m=Markup("<i>&amp;</i>"), s="<i>&", n=5)
    assert out == "<i>&amp;</i> &lt;i&gt;&amp; 5"
