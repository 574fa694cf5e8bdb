"""The registry of every prefecture-level division: ids, names, codes, tiers, the 35 sourced
cities unchanged, and what the API and the pages say for a sample of 30 of them."""
import hashlib
import json
import random
import re
from markupsafe import escape

import pytest
import yaml

from calculator.core.policy import DATA_DIR
from calculator.public import pagecache
from calculator.public.sourcetitles import titles

DIVISIONS = yaml.safe_load((DATA_DIR / "divisions.yaml").read_text("utf-8"))
DESCRIBED = yaml.safe_load((DATA_DIR / "cities.yaml").read_text("utf-8"))
# sha256 of cities.yaml's 35 entries (route_basis aside) as they were before the registry grew:
# their sourced data must not change by accident
SOURCED_35 = "26e68568de502d030ed86d0a03de80d039df6482e29765466bf630dd1db972c3"
SAMPLE = random.Random(14).sample([d["id"] for d in DIVISIONS["divisions"]], 30)


def test_337_divisions_with_unique_ids_names_provinces_and_codes(policy):
    divs = DIVISIONS["divisions"]
    assert len(divs) == 337 and len(policy.cities) == 337
    kinds = [d["kind"] for d in divs]
    # 2023 NBS list: 293 地级市, 7 地区, 30 自治州, 3 盟, and the 4 municipalities
    assert (kinds.count("地级市"), kinds.count("地区"), kinds.count("自治州"), kinds.count("盟"),
            kinds.count("直辖市")) == (293, 7, 30, 3, 4)
    assert len({d["id"] for d in divs}) == 337 and len({d["code"] for d in divs}) == 337
    provinces = {p["id"]: p for p in DIVISIONS["provinces"]}
    assert len(provinces) == 31
    for d in divs:
        assert re.fullmatch(r"[a-z]+(-[a-z]+)?", d["id"]), d["id"]
        assert re.fullmatch(r"\d{6}", d["code"]) and d["code"][:2] == provinces[d["province"]]["code"][:2], d
        assert d["zh"] and d["en"] and d["province"] in provinces
        c = policy.cities[d["id"]]
        assert c.name["zh"] and c.name["en"] and c.province["zh"] and c.province["en"] and c.code == d["code"]
    assert DIVISIONS["source"]["date"] == "2023-09-11"


def test_ids_are_toneless_pinyin_and_collisions_are_resolved_by_province(policy):
    for cid in ("lasa", "zhuhai", "xining", "yinchuan", "kunming", "xian"):
        assert cid in policy.cities
    assert policy.cities["lasa"].name == {"zh": "拉萨", "en": "Lhasa"}
    # 苏州 and 福州 (in cities.yaml) keep their ids; 宿州 and 抚州 take their province's
    assert policy.cities["suzhou"].name["zh"] == "苏州" and policy.cities["suzhou-anhui"].name["zh"] == "宿州"
    assert policy.cities["fuzhou"].name["zh"] == "福州" and policy.cities["fuzhou-jiangxi"].name["zh"] == "抚州"
    assert {policy.cities["taizhou-jiangsu"].name["zh"], policy.cities["taizhou-zhejiang"].name["zh"]} == {"泰州", "台州"}
    assert "taizhou" not in policy.cities


def test_the_35_sourced_cities_keep_their_data(policy):
    entries = [{k: v for k, v in d.items() if k != "route_basis"} for d in DESCRIBED]
    digest = hashlib.sha256(json.dumps(entries, ensure_ascii=False, sort_keys=True).encode()).hexdigest()
    assert digest == SOURCED_35
    assert list(policy.cities)[:35] == [d["id"] for d in DESCRIBED]
    assert str(policy.cities["beijing"].urban_population_10k) == "1775"


def test_tiers(policy):
    tiers = [c.tier for c in policy.cities.values()]
    assert (tiers.count("points"), tiers.count("relaxed"), tiers.count("unrestricted")) == (21, 14, 302)
    for c in policy.cities.values():
        if c.census_class == "under_3m":
            assert c.tier == "unrestricted" and c.urban_population_10k is None and c.route_basis == "tier"
            assert "35" in c.route_note["en"] and "2020 census" in c.route_note["en"]  # the basis, said
    tier_only = {c.id for c in policy.cities.values() if c.tier == "points" and c.route_basis == "tier"}
    assert tier_only == {"shenyang", "changsha", "harbin", "zhengzhou", "dalian"}
    local = {c.id: c.route for c in policy.cities.values() if c.route_basis == "local" and c.route in ("open", "conditions")}
    assert local == {"kunming": "open", "jinan": "open", "chongqing": "conditions", "xian": "conditions",
                     "qingdao": "conditions", "dongguan": "conditions"}


def test_every_source_title_has_both_languages(policy):
    for c in policy.cities.values():
        for s in [*c.route_sources, c.population_source, c.official_source or {}]:
            if s.get("title"):
                assert set(titles()[s["title"]]) == {"zh", "en"}, s["title"]


def test_the_page_cache_holds_every_city_in_both_languages(policy):
    assert pagecache.MAX_PAGES >= len(policy.cities) * 2 * 2 + 20  # site and embed


@pytest.mark.parametrize("cid", SAMPLE)
def test_api_for_sampled_cities(client, cid):
    div = next(d for d in DIVISIONS["divisions"] if d["id"] == cid)
    zh = client.get(f"/api/v1/cities/{cid}?lang=zh").get_json()
    en = client.get(f"/api/v1/cities/{cid}?lang=en").get_json()
    assert (zh["id"], zh["name"], en["name"], zh["code"]) == (cid, div["zh"], div["en"], div["code"])
    assert zh["province"] and en["province"] and re.fullmatch(r"https://www\.[a-z]+\.gov\.cn/", en["portal"])
    if en["census_class"] == "under_3m":
        assert en["tier"] == "unrestricted" and en["route"] == "open" and en["route_basis"] == "tier"
        assert en["urban_population_10k"] is None and div["en"] in en["route_note"]
    listed = {c["id"]: c for c in client.get("/api/v1/cities?lang=en").get_json()["cities"]}
    assert listed[cid]["tier"] == en["tier"]


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("cid", SAMPLE[:10])
def test_page_for_sampled_cities(client, cid, lang):
    d = client.get(f"/api/v1/cities/{cid}?lang={lang}").get_json()
    r = client.get(f"/{lang}/{cid}/")
    html = r.get_data(as_text=True)
    assert r.status_code == 200 and f"<h1>{escape(d['name'])}</h1>" in html and d["portal"] in html
    if d["urban_population_10k"] is None:
        assert ("未找到" if lang == "zh" else "not found") in html


def test_unknown_city_is_404_with_nearest(client):
    assert client.get("/api/v1/cities/atlantis").status_code == 404
    r = client.get("/en/lhasa/")
    assert r.status_code == 404 and 'href="/en/lasa/"' in r.get_data(as_text=True)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_home_is_clean_in_its_language(client, lang):
    """No city's note (and its Chinese quotation) repeated on the en home page; no English on zh."""
    html = client.get(f"/{lang}/").get_data(as_text=True)
    text = re.sub(r"<[^>]+>", " ", html[html.index("<main"):html.index("</main>")])
    if lang == "en":
        assert re.findall(r"[\u4e00-\u9fff]+", text) == ["拉萨"]  # the search example only
    else:
        assert not re.findall(r"[A-Za-z]{3,}(?: [A-Za-z]{3,})+", text)


@pytest.mark.parametrize("cid", ["kunming", "lasa", "nanning", "xian", "dalian"])
def test_zh_city_pages_show_sources_in_chinese(client, cid, policy):
    html = client.get(f"/zh/{cid}/").get_data(as_text=True)
    for s in policy.cities[cid].route_sources:
        assert escape(titles()[s["title"]]["zh"]) in html
