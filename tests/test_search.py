"""Search never ends in nothing: Chinese names, pinyin, initials, English; nearest for the rest."""
import pytest

from calculator.core.search import distance, normalise, search


def ids(found):
    return [c.id for c in found.cities]


@pytest.mark.parametrize("q", ["拉萨", "拉萨市", "lasa", "LaSa", "Lhasa", "ｌａｓａ"])
def test_lhasa_by_any_name(policy, q):
    assert ids(search(policy.cities, q))[0] == "lasa"


def test_initials_find_lhasa_among_exact_initials(policy):
    found = ids(search(policy.cities, "ls"))
    assert "lasa" in found and all(policy.cities[c].search_keys[1] == "ls" for c in found)


def test_apostrophes_spaces_and_province(policy):
    assert ids(search(policy.cities, "Xi'an"))[0] == "xian" and ids(search(policy.cities, "xi an"))[0] == "xian"
    tibet = ids(search(policy.cities, "西藏"))
    assert len(tibet) == 7 and "lasa" in tibet
    assert ids(search(policy.cities, "suzhou"))[:2] == ["suzhou", "suzhou-anhui"]


def test_unknown_name_gives_nearest(policy):
    found = search(policy.cities, "lasaa")
    assert found.empty and found.nearest[0].id == "lasa"
    assert search(policy.cities, "拉撒").nearest[0].id == "lasa"
    assert search(policy.cities, "qqqqqqq").nearest  # never nothing


def test_one_letter_does_not_match_inside_names(policy):
    assert all(any(k.startswith("a") for k in (c.id, *c.search_keys)) for c in search(policy.cities, "a").cities)


def test_helpers():
    assert distance("lasa", "lhasa") == 1 and distance("", "ab") == 2
    assert normalise(" Xi’an-Shi ") == "xianshi"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_home_search_without_js(client, lang):
    html = client.get(f"/{lang}/?q=lasa").get_data(as_text=True)
    assert html.count("<li data-search=") == 1 and f'href="/{lang}/lasa/"' in html
    html = client.get(f"/{lang}/?q=ls").get_data(as_text=True)
    assert f'href="/{lang}/lasa/"' in html
    html = client.get(f"/{lang}/?q=lasaa").get_data(as_text=True)
    assert ("No city matches" if lang == "en" else "没有与") in html and f'href="/{lang}/lasa/"' in html
    assert "<li data-search=" not in html
    assert ("No city in this group" if lang == "en" else "本组没有") not in html
