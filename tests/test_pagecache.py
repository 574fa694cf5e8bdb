"""Pages without answers are rendered once per published set and day; pages with answers never
are kept; and the template's fast gettext says exactly what Flask-Babel would."""
import datetime as dt

import pytest

from calculator.storage import versions as V
from calculator.web import clock

QS = ("as_of=2022-06-30&birth_date=1975-06-15&sex=male&holds_residence_permit=true&social_insurance_months=174"
      "&residence_owned_days=4532&education=master&degree=master&study_overlap_months=36"
      "&relocated_job_and_residence_years=4&income_tax_years_over_100k=1")


def kept(app) -> dict:
    return app.extensions.get("page_cache", {}).get("pages", {})


def test_a_city_form_is_rendered_once_and_served_identically(app, client):
    first = client.get("/en/beijing/")
    assert list(kept(app)) == ["http://localhost/en/beijing/"]
    second = client.get("/en/beijing/")
    assert second.status_code == 200 and second.data == first.data
    # the security headers are still added to every answer, not cached with the page
    assert "frame-ancestors 'none'" in second.headers["Content-Security-Policy"]


def test_shared_caches_may_keep_answer_free_pages_and_never_pages_with_answers(client):
    for path in ("/zh/", "/en/beijing/", "/en/compare", "/zh/api/", "/embed/zh/", "/embed/en/beijing/"):
        assert client.get(path).headers["Cache-Control"] == "public, max-age=300", path
    for path in (f"/en/beijing/result?{QS}", f"/en/beijing/?{QS}", f"/en/compare?{QS}",
                 f"/embed/en/beijing/result?{QS}"):
        assert client.get(path).headers["Cache-Control"] == "no-store", path


def test_pages_with_answers_or_a_search_are_never_kept(app, client):
    assert client.get(f"/en/beijing/result?{QS}").status_code == 200
    assert client.get(f"/zh/beijing/?{QS}").status_code == 200
    assert client.get("/en/?q=bei").status_code == 200
    assert client.get(f"/embed/en/beijing/result?{QS}").status_code == 200
    assert kept(app) == {}
    assert not any("4532" in page for page in kept(app).values())


def test_errors_are_not_kept(app, client):
    assert client.get("/en/atlantis/").status_code == 404
    assert kept(app) == {}


def test_a_publish_shows_at_once_on_a_kept_page(app, client, beijing_official):
    before = client.get("/zh/beijing/").get_data(as_text=True)
    assert "2099" not in before
    draft = V.start_draft("beijing", beijing_official)
    V.publish(draft.id, dt.date(2099, 1, 1), "2099", beijing_official)
    after = client.get("/zh/beijing/").get_data(as_text=True)
    assert 'scheme=beijing-2099' in after   # listed among the other versions


def test_a_new_day_renders_afresh(app, client, monkeypatch):
    client.get("/en/")
    assert len(kept(app)) == 1
    monkeypatch.setattr(clock, "today", lambda: dt.date.today() + dt.timedelta(days=1))
    client.get("/en/")
    assert app.extensions["page_cache"]["day"] == dt.date.today() + dt.timedelta(days=1)


def test_the_cache_stops_growing_at_its_bound(app, client, monkeypatch):
    from calculator.public import pagecache
    monkeypatch.setattr(pagecache, "MAX_PAGES", 2)
    app.config["TRUSTED_HOSTS"] = ["a.example", "b.example", "c.example"]  # a site with three names
    for host in ("a.example", "b.example", "c.example"):
        assert client.get("/en/", headers={"Host": host}).status_code == 200
    assert len(kept(app)) == 2
    page = client.get("/en/", headers={"Host": "c.example"}).get_data(as_text=True)
    assert "http://c.example/en/" in page  # rendered, with its own address, not another host's


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_template_gettext_matches_flask_babel(app, lang):
    """Every string the result page translates, through both paths: the same text."""
    from flask import render_template_string
    from flask_babel import gettext
    with app.test_request_context(f"/{lang}/"):
        from flask import g
        g.lang = lang
        samples = ["Points settlement calculator", "Your result: %(city)s", "There is a problem"]
        for s in samples:
            fast = render_template_string("{{ _(s, city='X') }}", s=s)
            assert fast == gettext(s, city="X")
        assert render_template_string('{{ _("50%% of %(n)s", n="<b>") }}') == "50% of &lt;b&gt;"
