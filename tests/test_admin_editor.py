"""The draft editor and the pages around it: numbers with errors next to their fields, cutoff rows,
adding and removing items, the YAML box, the effect panel and simulation preview, YAML export and
import, history diffs, rollback, discarding and the audit log."""
import datetime as dt
import io
import re

import pytest

from calculator.storage import versions as V
from calculator.web.extensions import db
from calculator.storage.models import AuditEntry
from test_admin import (PER_YEAR, Forms, app, audit_actions, drafts, editor, item, numbers_form, row,  # noqa: F401
                        seeded, sign_in)


@pytest.fixture
def bj(app, client, drafts):
    """Signed in as a Beijing official, on the Beijing draft: (client, editor url, draft id)."""
    sign_in(client, "bj")
    did = drafts["beijing"]
    return client, f"/admin/en/beijing/drafts/{did}", did


def save(client, url, form, action="save"):
    return client.post(url, data={**form, "action": action})


def text_of(html):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


# --- numbers -----------------------------------------------------------------------------------

def test_every_number_of_items_and_prerequisites_is_a_labelled_field(bj):
    client, url, _ = bj
    r, forms = editor(client, url)
    data = forms.by_id("numbers-form")["data"]
    html = r.get_data(as_text=True)
    for key in (PER_YEAR, "item:residence:rule.components[0].per_year", "item:residence:rule.components[1].per_year",
                "item:residence:rule.cap_round_up_places", "item:education:rule.rows[8].points", "item:education:rule.cap",
                "item:age:rule.brackets[0].max_age", "item:age:rule.brackets[0].points", "item:age:rule.otherwise",
                "item:age:rule.year_offset", "item:tax:rule.terms[0].points", "item:tax:rule.cap",
                "item:study_deduction:rule.per_year", "prereq:social_insurance_7_years:test.value",
                "cutoff:0:cutoff", "cutoff:5:admitted"):
        assert key in data, key
        assert "o:" + key in data, key
    assert data[PER_YEAR] == "3" and data["item:residence:rule.components[1].per_year"] == "0.5"
    assert data["item:education:rule.rows[8].points"] == "37"
    # labelled by what the number means; the lookup row says when it applies; the file's path
    # only inside the group's details
    assert '<label for="f-item-employment-rule-per_year">Points per year of social insurance</label>' in html
    assert "Stable legal employment" in html and "at least Bachelor" in html
    assert "<code>rule.per_year</code>" not in html
    paths = re.search(r'<details class="paths">.*?</details>', html, re.S).group(0)
    assert "<code>items[0].rule.per_year</code>" in paths
    numbers = html[html.index('id="numbers-form"'):html.index('id="cutoffs-h"')]
    visible = re.sub(r"<[^>]+>", " ", re.sub(r'<details class="paths">.*?</details>', "", numbers, flags=re.S))
    assert "rule." not in visible and "items[" not in visible   # what the official reads: words
    assert data["lock_version"] == "1"


def test_raising_the_social_insurance_weight_saves_and_the_main_share_rises(app, bj):
    client, url, did = bj
    before = re.search(r'id="draft-share" data-share="([\d.]+)"', client.get(url).get_data(as_text=True)).group(1)
    # the applicant pool's admitted under the 2020 rules: near the published 61.2% of the 2020 list
    assert abs(float(before) - 61.2) < 1.5, before
    form = numbers_form(client, url)
    form[PER_YEAR] = "4"
    r = save(client, url, form)
    assert r.status_code == 302 and r.headers["Location"] == url
    html = client.get(url).get_data(as_text=True)
    assert "Draft saved." in html
    after = re.search(r'id="draft-share" data-share="([\d.]+)"', html).group(1)
    published = re.search(r'id="published-share" data-share="([\d.]+)"', html).group(1)
    assert float(after) > float(before) and published == before
    saved = row(app, did)
    assert item(saved.doc, "employment")["rule"]["per_year"] == 4 and saved.lock_version == 2
    # the representation of numbers not touched is kept (no churn in the diff)
    assert item(saved.doc, "residence")["rule"]["components"][1]["per_year"] == "0.5"
    with app.app_context():
        diff = db.session.execute(db.select(AuditEntry).where(AuditEntry.action == "draft_saved")).scalar().diff
    changed = [l for l in diff.splitlines() if l[:1] in "+-" and not l.startswith(("+++", "---"))]
    assert [l.replace(" ", "") for l in changed] == ["-per_year:3", "+per_year:4"]


def test_decimals_are_kept_exact_and_caps_can_be_added_and_removed(app, bj):
    client, url, did = bj
    form = numbers_form(client, url)
    form[PER_YEAR] = "3.25"
    form["item:employment:rule.cap"] = "90"
    form["item:tax:rule.cap"] = ""
    form["prereq:social_insurance_7_years:test.value"] = "96"
    assert save(client, url, form).status_code == 302
    doc = row(app, did).doc
    assert item(doc, "employment")["rule"] == {"type": "accrual", "fact": "social_insurance_months",
                                               "per_year": "3.25", "cap": 90}
    assert "cap" not in item(doc, "tax")["rule"]
    assert next(p for p in doc["prerequisites"] if p["id"] == "social_insurance_7_years")["test"]["value"] == 96


def test_invalid_numbers_are_shown_next_to_their_fields_and_nothing_is_saved(app, bj):
    client, url, did = bj
    form = numbers_form(client, url)
    form[PER_YEAR] = "three"                              # the core: 'three' is not a number
    form["item:age:rule.brackets[1].max_age"] = "44"      # the core: must be above the previous bracket
    form["item:age:rule.brackets[2].max_age"] = "47.5"    # the form: a whole number
    form["cutoff:0:cutoff"] = "abc"
    r = save(client, url, form)
    assert r.status_code == 422
    html = r.get_data(as_text=True)
    assert "<title>Error:" in html and 'class="error-summary"' in html
    # each next to its field, with the summary linking to it
    for fid, message in (("f-item-employment-rule-per_year", "&#39;three&#39; is not a number"),
                         ("f-item-age-rule-brackets-1--max_age", "Must be a whole number above the previous bracket."),
                         ("f-item-age-rule-brackets-2--max_age", "Enter a whole number."),
                         ("f-cutoff-0-cutoff", "&#39;abc&#39; is not a number")):
        assert re.search(rf'id="{fid}-error">.*?{re.escape(message)}', html, re.S), fid
        assert f'href="#{fid}"' in html, fid
    # the summary names the item in the page's language
    assert "Item “Stable legal employment” (employment) › rule.per_year" in html or "Stable legal employment" in html
    # what was typed is still there, and nothing was saved
    again = Forms(html).by_id("numbers-form")["data"]
    assert again[PER_YEAR] == "three" and again["cutoff:0:cutoff"] == "abc"
    assert row(app, did).lock_version == 1
    assert audit_actions(app, "beijing") == ["draft_started"]


def test_cutoff_rows_can_be_edited_added_and_removed(app, bj):
    client, url, did = bj
    form = numbers_form(client, url)
    form["cutoff:5:cutoff"] = "117.50"
    form["cutoff:0:remove"] = "1"
    form.update({"cutoff:new:round": "2026", "cutoff:new:cutoff": "120.04", "cutoff:new:admitted": "6001",
                 "cutoff:new:reliability": "P"})
    assert save(client, url, form).status_code == 302
    cut = row(app, did).doc["cutoffs"]
    assert [c["round"] for c in cut] == [2021, 2022, 2023, 2024, 2025, 2026]
    assert cut[-2]["cutoff"] == "117.50" and cut[-2]["source"] == "lists"   # other keys kept
    assert cut[-1] == {"round": 2026, "cutoff": "120.04", "admitted": 6001, "reliability": "P"}
    # a new row without a cutoff is refused next to its field
    form = numbers_form(client, url)
    form.update({"cutoff:new:round": "2027"})
    r = save(client, url, form)
    assert r.status_code == 422 and 'id="f-cutoff-new-cutoff-error"' in r.get_data(as_text=True)


# --- items -------------------------------------------------------------------------------------

NEW = {"new_id": "housing_fund", "new_name_zh": "住房公积金", "new_name_en": "Housing fund",
       "new_category": "social_insurance", "new_rule": "accrual", "new_fact": "housing_fund_months",
       "new_points": "1", "new_cap": "10", "new_source": "measures2020", "new_reliability": "P"}


def test_an_item_is_added_with_a_simple_rule_and_removed_with_its_button(app, bj):
    client, url, did = bj
    form = numbers_form(client, url)
    form[PER_YEAR] = "3.5"      # edits made before pressing Add are kept too
    assert save(client, url, {**form, **NEW}, "add").status_code == 302
    doc = row(app, did).doc
    new = item(doc, "housing_fund")
    assert new["rule"] == {"type": "accrual", "fact": "housing_fund_months", "per_year": 1, "cap": 10}
    assert new["name"] == {"zh": "住房公积金", "en": "Housing fund"} and new["source"] == {"ref": "measures2020"}
    assert item(doc, "employment")["rule"]["per_year"] == "3.5"
    html = client.get(url).get_data(as_text=True)
    assert 'name="item:housing_fund:rule.per_year"' in html
    assert re.search(r'Published: 11 items\. Draft: 12 items\.', html)

    form = numbers_form(client, url)
    r = save(client, url, form, "remove:housing_fund")
    assert r.status_code == 302
    assert [i["id"] for i in row(app, did).doc["items"]] == [i["id"] for i in row(app, "beijing-2020").doc["items"]]
    linear = {**NEW, "new_id": "volunteer", "new_rule": "linear", "new_fact": "honour", "new_points": "2", "new_cap": ""}
    assert save(client, url, {**numbers_form(client, url), **linear}, "add").status_code == 302
    assert item(row(app, did).doc, "volunteer")["rule"] == {"type": "linear", "terms": [{"fact": "honour", "points": 2}]}


def test_a_bad_new_item_is_refused_with_errors_next_to_its_fields(app, bj):
    client, url, did = bj
    bad = {**NEW, "new_id": "Bad Id", "new_name_en": ""}
    r = save(client, url, {**numbers_form(client, url), **bad}, "add")
    html = r.get_data(as_text=True)
    assert r.status_code == 422
    assert 'id="new_id-error"' in html and 'id="new_name_en-error"' in html and 'href="#new_id"' in html
    assert 'value="住房公积金"' in html        # what was typed stays
    # the core refuses accrual on a fact that is not a duration: shown next to the fact
    wrong = {**NEW, "new_fact": "honour"}
    r = save(client, url, {**numbers_form(client, url), **wrong}, "add")
    html = r.get_data(as_text=True)
    assert r.status_code == 422
    assert re.search(r'id="new_fact-error">.*?honour', html, re.S)
    # a taken id: the core's duplicate-id problem
    r = save(client, url, {**numbers_form(client, url), **NEW, "new_id": "employment"}, "add")
    assert r.status_code == 422 and "Duplicate item id" in r.get_data(as_text=True)
    assert row(app, did).lock_version == 1


# --- the YAML box ------------------------------------------------------------------------------

def test_the_yaml_box_saves_anything_and_puts_problems_next_to_it(app, bj):
    client, url, did = bj
    yform = editor(client, url)[1].by_id("yaml-form")["data"]
    text = yform["document"]
    assert text.startswith(("accrual_note:", "id:")) or "items:" in text
    r = client.post(url + "/yaml", data={**yform, "document": text.replace("per_year: 3", "per_year: 3.5")})
    assert r.status_code == 302
    assert item(row(app, did).doc, "employment")["rule"]["per_year"] == 3.5

    yform = editor(client, url)[1].by_id("yaml-form")["data"]
    broken = yform["document"].replace("category: social_insurance", "category: welfare", 1)
    r = client.post(url + "/yaml", data={**yform, "document": broken})
    html = r.get_data(as_text=True)
    assert r.status_code == 422
    assert re.search(r'id="document-error">.*?items\[0\]\.category.*?Must be one of: social_insurance', html, re.S)
    assert 'href="#document"' in html
    assert Forms(html).by_id("yaml-form")["data"]["document"].replace("\r\n", "\n").strip() == broken.strip()

    r = client.post(url + "/yaml", data={**yform, "document": "items: [\n  - id: x\n bad"})
    assert r.status_code == 422 and "The YAML could not be read: check line" in r.get_data(as_text=True)
    r = client.post(url + "/yaml", data={**yform, "document": "- just\n- a list\n"})
    assert r.status_code == 422 and "must be a scheme document" in r.get_data(as_text=True)
    r = client.post(url + "/yaml", data={**yform, "document": "rounding: [1]\n"})  # not a mapping where one is needed
    assert r.status_code == 422
    assert row(app, did).lock_version == 2


# --- effect panel and simulation ---------------------------------------------------------------

def test_the_panel_shows_the_population_sample_applicant_items_and_golden_totals(bj):
    client, url, _ = bj
    html = client.get(url).get_data(as_text=True)
    t = text_of(html)
    assert "the synthetic pool of 122,852 applicants of Beijing's 2020 round" in t
    assert "top 6,032 reproduce the published cutoff (97.13)" in t
    assert "Sample applicant: top of the 2022 list" in t
    assert "Published: 11 items. Draft: 11 items." in t
    assert "the 2022 cutoff 105.42 105.42 +0.00" in t


def test_the_simulation_preview_takes_a_quota_and_draws_an_svg_histogram(app, bj):
    client, url, _ = bj
    form = numbers_form(client, url)
    form[PER_YEAR] = "4"
    save(client, url, form)
    r = client.get(url + "?quota=3000")
    html = r.get_data(as_text=True)
    assert 'name="quota"' in html and 'value="3000"' in html
    assert re.search(r'<svg viewBox="0 0 400 250" role="img"', html)  # 400 wide: labels of 12 px or more on a phone
    assert len(re.findall(r'<rect class="bar (pub|draft)"', html)) == 40
    assert len(re.findall(r'<line class="cut (pub|draft)"', html)) == 2
    assert "style=" not in html
    t = text_of(html)
    m = re.search(r"With the draft: (\d+) enter, (\d+) leave, (\d+) stay admitted", t)
    enter, leave, stay = map(int, m.groups())
    assert enter > 0 and leave > 0 and stay + leave >= 3000
    assert "By age band" in t and "By education" in t and "Master" in t
    # a bad quota says so and falls back to a valid one
    bad = client.get(url + "?quota=0").get_data(as_text=True)
    assert 'id="quota-error"' in bad


def test_other_cities_say_their_population_is_synthetic(app, client, drafts):
    sign_in(client, "sh")
    html = client.get(f"/admin/en/shanghai/drafts/{drafts['shanghai']}").get_data(as_text=True)
    assert "an illustrative synthetic pool of 20,000 applicants" in html and "not real applicants" in html
    assert "No applicant count of this city is published" in html
    assert 'id="draft-share"' in html and "Sample applicant:" in html


def test_the_editor_is_fast_on_the_6006_row_list(bj):
    import time
    client, url, _ = bj
    client.get(url)  # the list is read once per process
    t = time.perf_counter()
    assert client.get(url + "?quota=3000").status_code == 200
    assert time.perf_counter() - t < 2.0


# --- export, import ----------------------------------------------------------------------------

def test_export_then_import_round_trips_exactly(app, bj):
    client, url, did = bj
    r = client.get("/admin/en/beijing/versions/beijing-2020/export.yaml")
    assert r.status_code == 200 and r.mimetype == "application/yaml"
    assert r.headers["Content-Disposition"] == 'attachment; filename="beijing-2020.yaml"'
    text = r.get_data(as_text=True)
    assert V.from_yaml(text) == row(app, "beijing-2020").doc
    r = client.post("/admin/en/beijing/import", data={"file": (io.BytesIO(text.encode()), "beijing-2020.yaml")},
                    content_type="multipart/form-data")
    assert r.status_code == 302
    new_id = r.headers["Location"].rsplit("/", 1)[1]
    imported = row(app, new_id)
    assert imported.status == "draft" and imported.created_by == "bj"
    strip = lambda d: {k: v for k, v in d.items() if k != "id"}  # noqa: E731
    assert strip(imported.doc) == strip(row(app, "beijing-2020").doc)
    # exporting the imported draft gives the same file but for its id
    again = client.get(f"/admin/en/beijing/versions/{new_id}/export.yaml").get_data(as_text=True)
    assert again.replace(f"id: {new_id}", "id: beijing-2020") == text
    assert "draft_imported" in audit_actions(app, "beijing")


@pytest.mark.parametrize("content, message", [
    (b"items: [\n bad", "The YAML could not be read"),
    (b"- a\n- b\n", "must be a scheme document"),
    (b"\xff\xfe\x00", "not UTF-8"),
    ("id: x\ncity: shanghai\n".encode(), "This file is a scheme of shanghai"),
    (b"id: x\ncity: beijing\nversion: '1'\n", "Needs non-empty Chinese (zh) and English (en) texts"),
    (b"id: x\ncity: beijing\n2024-01-01: a\n", "a key that is not text, such as a date"),  # JSON cannot hold it
])
def test_a_bad_file_is_not_imported_and_says_why(app, bj, content, message):
    client, _, _ = bj
    r = client.post("/admin/en/beijing/import", data={"file": (io.BytesIO(content), "x.yaml")},
                    content_type="multipart/form-data")
    assert r.status_code == 422
    html = r.get_data(as_text=True)
    assert message in html and 'id="import-file-error"' in html and "<title>Error:" in html
    assert audit_actions(app, "beijing") == ["draft_started"]


def test_import_without_a_file_asks_for_one(bj):
    client, _, _ = bj
    r = client.post("/admin/en/beijing/import", data={}, content_type="multipart/form-data")
    assert r.status_code == 422 and "Choose a .yaml file" in r.get_data(as_text=True)


# --- history, rollback, discard, audit ---------------------------------------------------------

def test_history_lists_every_version_and_diffs_any_two_readably(bj):
    client, _, did = bj
    html = client.get("/admin/en/beijing/history?a=beijing-2016&b=beijing-2020").get_data(as_text=True)
    for vid in ("beijing-2016", "beijing-2020", did):
        assert vid in html
    assert "From beijing-2016 to beijing-2020" in html
    t = text_of(html)
    assert re.search(r"Item “Stable legal employment” \(employment\) › rule › \S+", t) or "Stable legal employment" in t
    assert "cap_round_up_places" in html
    assert '<span class="dl add">' in html and '<span class="dl del">' in html
    r = client.get("/admin/en/beijing/history?a=beijing-2016&b=shanghai-2015")
    assert "Choose two versions of this city." in r.get_data(as_text=True)


def test_rollback_publishes_a_copy_of_an_older_version_with_a_new_date(app, bj):
    client, _, _ = bj
    day = dt.date.today() + dt.timedelta(days=60)
    page = client.get("/admin/en/beijing/versions/beijing-2016/rollback").get_data(as_text=True)
    assert "A rollback publishes a copy of beijing-2016" in page
    r = client.post("/admin/en/beijing/versions/beijing-2016/rollback",
                    data={"effective_from": day.isoformat(), "label": "2016-again"})
    assert r.status_code == 302
    pub = row(app, "beijing-2016-again")
    assert pub.status == "published" and pub.effective_from == day
    assert pub.doc["items"] == row(app, "beijing-2016").doc["items"]
    # a refused rollback leaves no stray draft
    with app.app_context():
        n = db.session.execute(db.select(db.func.count()).select_from(V.SchemeVersion)
                               .where(V.SchemeVersion.status == "draft")).scalar()
    r = client.post("/admin/en/beijing/versions/beijing-2016/rollback",
                    data={"effective_from": day.isoformat(), "label": "2016-twice"})
    assert r.status_code == 422 and "already starts on that date" in r.get_data(as_text=True)
    with app.app_context():
        assert db.session.execute(db.select(db.func.count()).select_from(V.SchemeVersion)
                                  .where(V.SchemeVersion.status == "draft")).scalar() == n


def test_a_draft_can_be_discarded_and_the_log_keeps_its_text(app, bj):
    client, _, did = bj
    r = client.post(f"/admin/en/beijing/drafts/{did}/discard")
    assert r.status_code == 302 and row(app, did) is None
    assert audit_actions(app, "beijing") == ["draft_started", "draft_discarded"]


def test_audit_log_shows_who_changed_what_and_when_for_that_city_only(app, client, drafts):
    sign_in(client, "bj")
    did = drafts["beijing"]
    url = f"/admin/en/beijing/drafts/{did}"
    form = numbers_form(client, url)
    form[PER_YEAR] = "4"
    save(client, url, form)
    html = client.get("/admin/en/beijing/audit").get_data(as_text=True)
    t = text_of(html)
    assert "Draft saved" in t and "Draft started" in t and " bj " in t
    assert re.search(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d", t)
    assert re.search(r'<span class="dl add">\+\s+per_year: 4</span>', html)
    assert drafts["shanghai"] not in html            # another city's entries are not listed
    client.post("/admin/en/logout")
    sign_in(client, "root")
    assert did in client.get("/admin/en/beijing/audit").get_data(as_text=True)


# --- language ----------------------------------------------------------------------------------

def test_pages_are_in_the_language_of_the_url_with_a_switch(bj):
    client, url, _ = bj
    zh = client.get(url.replace("/en/", "/zh/")).get_data(as_text=True)
    assert '<html lang="zh-CN">' in zh and f'href="{url}"' in zh and 'hreflang="en"' in zh
    en = client.get(url + "?quota=100").get_data(as_text=True)
    assert '<html lang="en">' in en and f'href="{url.replace("/en/", "/zh/")}?quota=100"' in en
    assert client.get("/admin/fr/beijing/").status_code == 404
