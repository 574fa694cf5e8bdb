"""Each request speaks its own language, even when one app context spans several requests (as
the tests' `app` fixture and the benchmarks hold one open)."""
import re


def title(client, path: str) -> str:
    return re.search(r"<title>(.*?)</title>", client.get(path).get_data(as_text=True)).group(1)


def test_a_page_in_english_after_one_in_chinese_is_all_english(client):
    assert title(client, "/zh/beijing/?x=1") == "北京 – 积分落户计算器"
    assert title(client, "/en/beijing/?x=1") == "Beijing – Points settlement calculator"
    assert title(client, "/zh/beijing/?x=1") == "北京 – 积分落户计算器"


def test_a_remembered_catalogue_is_flask_babels_for_the_pages_language(app):
    """templating._language_catalogue keeps Flask-Babel's catalogue per language; one whose
    locale is not the page's language (g.lang) is used for that request but never kept."""
    from flask import g
    from flask_babel import get_translations, refresh
    from calculator.web.templating import LANGUAGE_CATALOGUES, request_catalogue
    app.extensions.pop(LANGUAGE_CATALOGUES, None)
    for lang, total in (("zh", "总分"), ("en", "Total"), ("zh", "总分")):
        with app.test_request_context(f"/{lang}/"):
            refresh()  # what each request's start does (i18n._fresh_locale): the fixture's app context spans these
            app.preprocess_request()
            assert request_catalogue() is get_translations()
            assert request_catalogue().gettext("Total") == total
    assert set(app.extensions[LANGUAGE_CATALOGUES]) == {"zh", "en"}
    app.extensions.pop(LANGUAGE_CATALOGUES)
    with app.test_request_context("/zh/"):
        refresh()
        app.preprocess_request()
        get_translations()  # Flask-Babel's locale settles on Chinese first
        g.lang = "en"
        assert request_catalogue().gettext("Total") == "总分"  # what Flask-Babel gives, as before
    assert "en" not in app.extensions[LANGUAGE_CATALOGUES]
