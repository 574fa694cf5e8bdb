"""Plain language in the console, as a Beijing official reading it in Chinese meets it: fields
named by what they mean, changes said as sentences, test cases in Chinese, shipped versions
credited to the software and dated by their effective date, and only Beijing's and the shared
facts offered for a new item."""
import re

from test_admin import (PER_YEAR, Forms, app, drafts, numbers_form, seeded, sign_in)  # noqa: F401


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_the_zh_editor_names_each_number_by_what_it_means(app, drafts):
    c = app.test_client()
    sign_in(c, "bj", lang="zh")
    html = c.get(f"/admin/zh/beijing/drafts/{drafts['beijing']}").get_data(as_text=True)
    assert '<label for="f-item-employment-rule-per_year">社会保险每年分值</label>' in html
    assert "在租赁住房或单位宿舍居住天数每年分值" in html     # the rented-home weight
    assert "本项目最高分值" in html  # (the age limit is now the statutory retirement rule: no number to edit)
    # the golden cases are named in Chinese, not "top of the 2022 list"
    assert "2022年名单第一名" in html and "top of the 2022 list" not in html


def test_the_publish_page_says_each_change_as_a_sentence(app, drafts):
    c = app.test_client()
    sign_in(c, "bj", lang="zh")
    url = f"/admin/zh/beijing/drafts/{drafts['beijing']}"
    form = numbers_form(c, url)
    form[PER_YEAR] = "1"
    form["item:residence:rule.components[1].per_year"] = "2"
    form["item:tax:rule.cap"] = "8"
    assert c.post(url, data={**form, "action": "save"}).status_code == 302
    html = c.get(url + "/publish").get_data(as_text=True)
    sentences = text_of(re.search(r'<ul class="sentences changes".*?</ul>', html, re.S).group(0))
    assert "合法稳定就业：每年3分 → 1分" in sentences
    assert "合法稳定住所（在租赁住房或单位宿舍居住天数）：每年0.5分 → 2分" in sentences
    assert "纳税，本项目最高分值：由6改为8" in sentences
    assert "per_year" not in sentences and "rule" not in sentences and "beijing-draft" not in sentences
    # the file's paths are still there for whoever wants them, folded away
    assert re.search(r'<details class="paths">.*rule › per_year.*</details>', html, re.S)
    en = c.get(url.replace("/zh/", "/en/") + "/publish").get_data(as_text=True)
    assert "Stable legal employment: 3 points a year → 1" in text_of(en)


def test_shipped_versions_are_credited_to_the_software_and_dated_by_their_effective_date(app, seeded):
    c = app.test_client()
    sign_in(c, "bj", lang="zh")
    history = text_of(c.get("/admin/zh/beijing/history").get_data(as_text=True))
    assert "beijing-2020 今日施行 2020-01-01 — 2020-01-01 随软件提供" in history
    assert "shipped" not in history
    city = text_of(c.get("/admin/zh/beijing/").get_data(as_text=True))
    assert "随软件提供" in city and "shipped" not in city
    version = text_of(c.get("/admin/en/beijing/versions/beijing-2016").get_data(as_text=True))
    assert "By shipped with the software" in version and "Published on 2016-08-11" in version


def test_the_new_item_fact_picker_offers_the_citys_own_and_the_shared_facts_only(app, drafts):
    c = app.test_client()
    sign_in(c, "bj")
    forms = Forms(c.get(f"/admin/en/beijing/drafts/{drafts['beijing']}").get_data(as_text=True))
    html = c.get(f"/admin/en/beijing/drafts/{drafts['beijing']}").get_data(as_text=True)
    picker = re.search(r'<select id="new_fact".*?</select>', html, re.S).group(0)
    values = re.findall(r'<option value="([^"]*)"', picker)
    assert "beijing_innovation_points" in values and "social_insurance_months" in values
    assert not [v for v in values if v.startswith(("shanghai_", "guangzhou_", "tianjin_"))], values
    assert forms.by_id("numbers-form")
    sign_in(c, "sh")
    html = c.get(f"/admin/en/shanghai/drafts/{drafts['shanghai']}").get_data(as_text=True)
    values = re.findall(r'<option value="([^"]*)"', re.search(r'<select id="new_fact".*?</select>', html, re.S).group(0))
    assert any(v.startswith("shanghai_") for v in values) and "beijing_innovation_points" not in values
