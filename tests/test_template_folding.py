"""Templates compiled per catalogue with constant `_()` folded in (web/templating.py): each
language gets its own words, a template that rebinds `_` is left alone, and a `_()` with
parameters still runs at render time."""
from flask import render_template_string
from jinja2 import nodes

from calculator.web.templating import fold_constant_gettext


class Catalogue:
    def ugettext(self, message):
        return {"Total": "合计", "100%% sure": "百分之百%%"}.get(message, message)


def folded_source(app, source):
    env = app.jinja_env
    return env._generate(fold_constant_gettext(env.parse(source), Catalogue()), None, None)


def test_constant_calls_become_text_and_parameterised_ones_stay(app):
    code = folded_source(app, '<b>{{ _("Total") }}</b>{{ _("100%% sure") }}{{ _("Hi %(n)s", n=1) }}')
    assert "'<b>合计</b>百分之百%'" in code  # merged with the HTML around it, %% formatted as at render
    assert "'Hi %(n)s'" in code and "'Total'" not in code


def test_a_template_that_rebinds_underscore_is_not_folded(app):
    tree = app.jinja_env.parse('{% set _ = [].append(1) %}{{ _("Total") }}')
    assert fold_constant_gettext(tree, Catalogue()) is tree
    assert not list(tree.find_all(nodes.MarkSafeIfAutoescape))


def test_each_language_gets_its_own_compiled_page(client):
    zh, en = client.get("/zh/").get_data(as_text=True), client.get("/en/").get_data(as_text=True)
    assert "积分落户计算器" in zh and "Points settlement calculator" in en
    assert "Points settlement calculator</title>" not in zh
    assert client.get("/zh/").get_data(as_text=True) == zh


def test_a_template_from_a_string_is_translated_at_render_time(app):
    """Not loaded by name, so not cached per catalogue: nothing is folded into it."""
    with app.test_request_context("/?lang=en"):
        template = app.jinja_env.from_string('{{ _("Total") }}')
        assert template.render(_=lambda message: "looked up") == "looked up"
        assert render_template_string('{{ _("Total") }}') == "Total"
