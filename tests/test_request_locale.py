"""Each request speaks its own language, even when one app context spans several requests (as
the tests' `app` fixture and the benchmarks hold one open)."""
import re


def title(client, path: str) -> str:
    return re.search(r"<title>(.*?)</title>", client.get(path).get_data(as_text=True)).group(1)


def test_a_page_in_english_after_one_in_chinese_is_all_english(client):
    assert title(client, "/zh/beijing/?x=1") == "北京 – 积分落户计算器"
    assert title(client, "/en/beijing/?x=1") == "Beijing – Points settlement calculator"
    assert title(client, "/zh/beijing/?x=1") == "北京 – 积分落户计算器"
