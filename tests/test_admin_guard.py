"""The publish guard: a draft that makes social insurance and residence less than the main share,
or that adds scoring items, is published only once the official ticks the confirmation and
writes a reason; both are in the audit log and on the version's history page."""
import datetime as dt

from flask_babel import force_locale, gettext
from markupsafe import escape

from calculator.admin.messages import VERSION_ERRORS
from test_admin import (PER_YEAR, Forms, app, drafts, item, numbers_form, row, seeded, sign_in,  # noqa: F401
                        audit_actions)
from calculator.web.extensions import db
from calculator.storage.models import AuditEntry

DAY = (dt.date.today() + dt.timedelta(days=200)).isoformat()


def save(client, url, changes: dict, action="save", extra=None):
    form = numbers_form(client, url)
    form.update(changes)
    r = client.post(url, data={**form, **(extra or {}), "action": action})
    assert r.status_code == 302, r.get_data(as_text=True)[:3000]


def zh(msgid) -> str:
    with force_locale("zh"):
        return str(escape(gettext(str(msgid))))


def test_a_draft_that_breaks_the_main_share_is_published_only_with_a_ticked_box_and_a_reason(app, drafts):
    c = app.test_client()
    sign_in(c, "bj", lang="zh")
    did = drafts["beijing"]
    url = f"/admin/zh/beijing/drafts/{did}"
    save(c, url, {PER_YEAR: "1"})
    page = c.get(url + "/publish").get_data(as_text=True)
    assert 'id="concern-main_share"' in page and 'id="concern-items_added"' not in page
    assert 'name="confirm"' in page and 'name="reason"' in page
    # without the box, or without a reason: refused, nothing published, message next to the field
    with app.test_request_context():
        for data, msg in (({}, "needs_confirmation"), ({"confirm": "y"}, "needs_reason"),
                          ({"confirm": "y", "reason": "   "}, "needs_reason"),
                          ({"reason": "council decision"}, "needs_confirmation")):
            r = c.post(url + "/publish", data={"effective_from": DAY, "label": "weak", **data})
            assert r.status_code == 422, data
            assert zh(VERSION_ERRORS[msg]) in r.get_data(as_text=True)
            assert row(app, did) is not None and row(app, "beijing-weak") is None
    reason = "市政府常务会议决定，2027年起调整就业分值"
    r = c.post(url + "/publish", data={"effective_from": DAY, "label": "weak", "confirm": "y", "reason": reason})
    assert r.status_code == 302
    with app.app_context():
        e = db.session.execute(db.select(AuditEntry).where(AuditEntry.action == "published")).scalar_one()
        assert e.target == "beijing-weak" and e.confirmed == "main_share" and e.reason == reason
    history = c.get("/admin/zh/beijing/history").get_data(as_text=True)
    assert reason in history
    version = c.get("/admin/zh/beijing/versions/beijing-weak").get_data(as_text=True)
    assert reason in version and 'id="guarded"' in version


def test_a_draft_that_adds_an_item_needs_the_confirmation_too(app, drafts):
    c = app.test_client()
    sign_in(c, "bj")
    did = drafts["beijing"]
    url = f"/admin/en/beijing/drafts/{did}"
    save(c, url, {}, action="add", extra={
        "new_id": "volunteering", "new_name_zh": "志愿服务", "new_name_en": "Volunteering", "new_category": "other",
        "new_rule": "linear", "new_fact": "income_tax_years_over_100k", "new_points": "1", "new_source": "measures2020",
        "new_reliability": "U"})
    page = c.get(url + "/publish").get_data(as_text=True)
    assert 'id="concern-items_added"' in page and "Volunteering" in page and "精简积分项目" in page
    r = c.post(url + "/publish", data={"effective_from": DAY, "label": "more"})
    assert r.status_code == 422 and row(app, "beijing-more") is None
    r = c.post(url + "/publish", data={"effective_from": DAY, "label": "more", "confirm": "y",
                                       "reason": "Trial for one round"})
    assert r.status_code == 302
    with app.app_context():
        e = db.session.execute(db.select(AuditEntry).where(AuditEntry.action == "published")).scalar_one()
        assert e.confirmed == "items_added" and e.reason == "Trial for one round"


def test_a_compliant_draft_publishes_without_the_confirmation_and_stores_no_reason(app, drafts):
    c = app.test_client()
    sign_in(c, "bj")
    url = f"/admin/en/beijing/drafts/{drafts['beijing']}"
    save(c, url, {PER_YEAR: "4"})
    page = c.get(url + "/publish").get_data(as_text=True)
    assert 'id="guard"' not in page and 'name="confirm"' not in page
    r = c.post(url + "/publish", data={"effective_from": DAY, "label": "fine", "reason": "ignored"})
    assert r.status_code == 302
    with app.app_context():
        e = db.session.execute(db.select(AuditEntry).where(AuditEntry.action == "published")).scalar_one()
        assert e.confirmed is None and e.reason is None
